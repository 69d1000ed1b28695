// What a search asks and what it answers: shared by the command line, the HTTP frontend and
// benchmarks. Plain data and pure functions over it; thread-compatible. Free of Xapian, so the web
// layer (html_page, web_query, render, feeds) can read requests and answers without it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace gazette::query {

enum class SortOrder { kRelevance, kDate, kBlend };

// The names used in URLs, configuration and output: "relevance", "date", "blend".
[[nodiscard]] std::optional<SortOrder> sort_order_from_string(std::string_view name);
[[nodiscard]] std::string_view to_string(SortOrder order);

struct SearchRequest {
  std::string query;       // the user's text, in the syntax of docs/query-syntax.md
  unsigned page = 1;       // 1-based
  unsigned per_page = 10;  // results per page
  SortOrder sort = SortOrder::kRelevance;
  bool facets = false;             // count matches by site and month (costs time on broad queries)
  bool snippets = true;            // highlighted excerpts of the text
  std::vector<std::string> sites;  // extra site filters (OR-ed), as from a form
  std::optional<std::int64_t> from;  // published at or after (unix seconds)
  std::optional<std::int64_t> to;    // published at or before (unix seconds)
};

struct Hit {
  unsigned rank = 0;  // 1-based over the whole result list
  double score = 0;
  std::string url;
  std::string title;
  std::string site;
  std::string published;  // ISO 8601, empty when unknown
  std::vector<std::string> authors;
  // An excerpt, HTML-escaped, with matched words inside <mark>...</mark>.
  std::string snippet_html;
};

// Converts a highlighted snippet (Hit::snippet_html) to plain text with `open`/`close` around
// matches: for terminals and plain-text outputs.
[[nodiscard]] std::string snippet_to_text(std::string_view html, std::string_view open,
                                          std::string_view close);

struct FacetCount {
  std::string value;
  std::uint64_t count = 0;
};

struct SearchResponse {
  std::vector<Hit> hits;
  std::uint64_t total = 0;   // number of matches (after collapsing near-duplicates)
  bool total_exact = false;  // false: `total` is Xapian's estimate
  unsigned page = 1;
  unsigned per_page = 10;
  SortOrder sort = SortOrder::kRelevance;
  bool match_all_words = true;  // false: long queries rank documents matching any word
  // Some results have only some of a short query's words: fewer articles than the page reaches
  // have all of them (all_words_total), and the rest follow those (a notice says so).
  bool relaxed = false;
  std::uint64_t all_words_total = 0;
  std::vector<FacetCount> site_facets;   // most frequent first
  std::vector<FacetCount> month_facets;  // "YYYY-MM", newest first
  bool facets_sampled = false;           // counts cover only the first matches examined, not all
  std::string suggestion;                // "did you mean": the query with words corrected, or empty
  // Limits that changed the results, one sentence each for a person ("econom* matches more words
  // than the 64 searched"): without them the answer would differ. Empty for almost every search.
  std::vector<std::string> notices;
  // Shards that did not answer ("host:port"): when not empty, the results are partial.
  std::vector<std::string> missing_shards;
  double seconds = 0;
};

// Why a search failed: the query (a person can fix it) or the index (an operator must).
struct SearchError {
  enum class Kind { kBadQuery, kIndexUnavailable };
  Kind kind;
  std::string message;
};

}  // namespace gazette::query
