// How text matches are ranked: BM25's parameters, which words must match, and pseudo-relevance
// feedback. One default for every archive, chosen with bench/relevance.py over seven test
// collections (leave-one-collection-out; bench/README.md, "Ranking quality"). It is a struct, not
// constants, so that the relevance benchmark can search the space without rebuilding; the
// programs always use the defaults.
#pragma once

#include <cstddef>

namespace gazette::query {

struct Ranking {
  // BM25 (Xapian's BM25Weight: k1, k2, k3, b, min_normlen).
  double k1 = 1.6;
  double k2 = 0.0;
  double k3 = 1.0;
  double b = 0.6;
  double min_normlen = 0.5;

  // Queries of up to this many content words (not stop words, not filters) rank the articles
  // with all of them first, then those with some; longer ones match any word.
  std::size_t max_all_words = 4;

  // Pseudo-relevance feedback for queries that match any word: the best terms of the top
  // documents (those scoring at least feedback_min_share of the best), added at a lower weight:
  // feedback_weight x (query terms / feedback terms), at most feedback_weight each, so that the
  // feedback weighs about as much as the query whatever its length (a fixed weight per term
  // drowned short queries and hurt NPL, CACM and LISA).
  unsigned feedback_docs = 5;
  unsigned feedback_terms = 25;
  double feedback_weight = 0.5;
  double feedback_min_share = 0.5;
};

}  // namespace gazette::query
