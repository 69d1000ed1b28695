// Stop words: words too common to help ranking, dropped from queries outside phrases.
#pragma once

#include <string_view>

namespace gazette::query {

// Whether `word` (lower case) is an English stop word.
[[nodiscard]] bool is_english_stopword(std::string_view word);

}  // namespace gazette::query
