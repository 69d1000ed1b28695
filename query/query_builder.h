// Turns what a person types into a Xapian query, following docs/query-syntax.md:
// words, "phrases", AND/OR/NOT, +/-, title:, site:, author:, lang:, tag:, date ranges
// (2025-10-01..2025-11-30, after:, before:) and wildcards (econom*).
//
// Two rules decide how plain words combine:
//  - Capitals: AND, OR and NOT are operators only when written in capitals inside a query that
//    also has lower-case letters. A query typed entirely in capitals ("WHAT IS THE FED DOING")
//    is read as plain words, and lower-case and/or/not are always plain words.
//  - Length: up to ranking.max_all_words content words (not stop words, not filters) must match,
//    and the articles with only some of them follow all those with every word (never "no
//    results" while any word is in the archive); a longer query is a question or a pasted
//    passage, and documents matching any of its words are ranked by BM25 instead, so no
//    relevant article is lost to one missing word.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "common/config.h"
#include "query/ranking.h"
#include "query/search_types.h"
#include "query/stemmers.h"

namespace gazette::query {

struct BuiltQuery {
  Xapian::Query text;  // what is matched and ranked (MatchAll for a filters-only query)
  // For a query whose words must all match: the same words with any of them matching, for the
  // articles ranked after all those with every word. Empty when there is no such form.
  Xapian::Query relaxed;
  Xapian::Query filter;  // boolean restrictions (sites, dates); empty when there are none
  Xapian::Stem stemmer;  // the stemmer the words were parsed with (for snippets)
  bool match_all_words = true;
  std::vector<std::string> words;  // the plain query words, lower case, for "did you mean"
  // The wildcards' term prefixes ("econom", "Secon" for title:econ*), each searched as at most
  // config.max_wildcard_terms words, the most frequent.
  std::vector<std::string> wildcards;

  // `text` restricted by `filter`.
  [[nodiscard]] Xapian::Query with_filter(const Xapian::Query& ranked) const {
    return filter.empty() ? ranked : Xapian::Query(Xapian::Query::OP_FILTER, ranked, filter);
  }
};

// Builds the query, plus the request's own site and date filters. `db` is used to expand
// wildcards; the stemmer for the query's language comes from `stemmers`. Fails with a message
// for a person: empty or over-long query, invalid UTF-8, a malformed date or range, more
// wildcards, terms or filters than the config allows (naming the limit), or Xapian's own syntax
// errors. A wildcard matching more than config.max_wildcard_terms words searches the most
// frequent of them.
// Thread-compatible: uses only its arguments.
[[nodiscard]] tl::expected<BuiltQuery, SearchError> build_query(const SearchRequest& request,
                                                                const Xapian::Database& db,
                                                                const QueryConfig& config,
                                                                const Ranking& ranking,
                                                                Stemmers& stemmers);

}  // namespace gazette::query
