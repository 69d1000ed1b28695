// Renders a search response for people (text) or programs (JSON). Pure functions; thread-safe.
#pragma once

#include <string>

#include "query/search_types.h"

namespace gazette::query {

// Numbered results with title, URL, site, date and snippet, and a line with the number of
// matches (exact or estimated) and the page. `emphasis` wraps matched words: ANSI bold for a
// terminal, or markers such as "**" for plain output.
[[nodiscard]] std::string render_text(const SearchRequest& request, const SearchResponse& response,
                                      bool ansi_bold);

// One JSON object; the shape is documented in docs/query-syntax.md.
[[nodiscard]] std::string render_json(const SearchRequest& request, const SearchResponse& response);

}  // namespace gazette::query
