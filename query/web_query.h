// A search as the HTTP frontend receives it (?q=&page=&per_page=&sort=&site=&from=&to=), checked
// and turned into a SearchRequest; and back into a query string for links. Pure functions;
// thread-safe.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/config.h"
#include "query/search_types.h"

namespace gazette::query {

// URL query parameters, decoded; a key may repeat (site=a&site=b).
using QueryParams = std::multimap<std::string, std::string>;

// The bound on each parameter besides q (whose bound is query.max_query_bytes): site, from, to,
// sort, numbers.
inline constexpr std::size_t kMaxParamBytes = 256;

struct WebQuery {
  SearchRequest request;
  // The filters as given, for the form and for links (request.from/to are their unix times).
  std::string from_text;
  std::string to_text;
  bool sort_given = false;      // sort= was in the URL (links keep it; else the default applies)
  bool per_page_given = false;  // likewise for per_page=
  unsigned max_page = QueryConfig{}.max_page;  // the last page a link may ask for
};

// Reads and checks the parameters (facets=0 turns facet counting off; it is on by default). Empty
// values count as absent (an empty form field). Fails with a message for a person naming the
// parameter: a number that is not one or out of range (page 1..query.max_page, per_page
// 1..query.max_per_page), an unknown sort, a malformed date, a value that is too long or not
// UTF-8, more sites than query.max_filters. The query text itself is checked by the Searcher.
[[nodiscard]] tl::expected<WebQuery, std::string> parse_web_query(const QueryParams& params,
                                                                  const QueryConfig& config);

// The query string that asks for `query` again ("q=...&sort=...&site=...&page=2"), with
// defaults left out; every key and value percent-encoded.
[[nodiscard]] std::string to_query_string(const WebQuery& query);

}  // namespace gazette::query
