// Language identification of plain text (libcld2). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gazette::extract {

// The ISO 639-1 code of the text's language ("en"), or "" when the text is too short or the
// detector is not confident. `utf8` must be valid UTF-8.
[[nodiscard]] std::string detect_language(std::string_view utf8);

}  // namespace gazette::extract
