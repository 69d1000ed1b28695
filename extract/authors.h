// Author names as pages write them (bylines, <meta name=author>, JSON-LD), cleaned into a list of
// names. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette::extract {

// Cleans author names: drops "By", roles ("Staff Writer"), dates, "min read", e-mail addresses
// and URLs, splits "A and B" / "A, B", removes duplicates. Keeps at most 10 names.
[[nodiscard]] std::vector<std::string> clean_authors(const std::vector<std::string>& raw);

// Whether an author value is a link (a profile URL, "www.", a path) rather than a name.
[[nodiscard]] bool is_url_like(std::string_view s);

}  // namespace gazette::extract
