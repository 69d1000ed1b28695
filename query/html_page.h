// The HTML pages of the HTTP frontend: the search form, results (title link, site, date,
// highlighted snippet), the number of matches, "did you mean", facet filters, sort and page
// links, and clear empty and error states. Server-rendered, no JavaScript, no external assets
// (the one stylesheet is served by the frontend itself). Everything from the request or the
// index is escaped. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "query/search_types.h"
#include "query/web_query.h"

namespace gazette::query {

// The page with only the search form (no query yet).
[[nodiscard]] std::string render_home_page();

// The results of `query`.
[[nodiscard]] std::string render_results_page(const WebQuery& query,
                                              const SearchResponse& response);

// A page explaining what went wrong (a bad query, a parameter, an unavailable index), with the
// form holding `query_text` so it can be corrected.
[[nodiscard]] std::string render_error_page(std::string_view query_text, std::string_view message);

// The stylesheet served at /style.css.
[[nodiscard]] std::string_view stylesheet();

}  // namespace gazette::query
