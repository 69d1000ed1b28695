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

// Upper bounds on the parameters besides q (whose bound is query.max_query_bytes).
inline constexpr std::size_t kMaxSites = 20;
inline constexpr std::size_t kMaxParamBytes = 256;  // site, from, to, sort, numbers

struct WebQuery {
  SearchRequest request;
  // The filters as given, for the form and for links (request.from/to are their unix times).
  std::string from_text;
  std::string to_text;
  bool sort_given = false;      // sort= was in the URL (links keep it; else the default applies)
  bool per_page_given = false;  // likewise for per_page=
};

// Reads and checks the parameters (facets=0 turns facet counting off; it is on by default). Empty
// values count as absent (an empty form field). Fails with a message for a person naming the
// parameter: a number that is not one or out of range (page 1..kMaxPage, per_page 1..kMaxPerPage),
// an unknown sort, a malformed date, a value that is too long or not UTF-8, too many sites. The
// query text itself is checked by the Searcher.
[[nodiscard]] tl::expected<WebQuery, std::string> parse_web_query(const QueryParams& params,
                                                                  const QueryConfig& config);

// The query string that asks for `query` again ("q=...&sort=...&site=...&page=2"), with
// defaults left out; every key and value percent-encoded.
[[nodiscard]] std::string to_query_string(const WebQuery& query);

}  // namespace gazette::query
