// UTF-8 helpers. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gazette {

// The byte offset of the first invalid UTF-8 sequence in `text` (truncated sequences, overlongs,
// surrogates and code points above U+10FFFF are invalid), or nullopt when all of it is valid.
// Skips ASCII runs eight bytes at a time: whole pages go through it.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// `text` with A-Z lowered; other bytes (including UTF-8 sequences) unchanged. For host names,
// codes and Gazette's own keywords, where only ASCII case matters.
[[nodiscard]] std::string ascii_lower(std::string_view text);

// `text` without leading and trailing spaces, tabs, CRs and LFs (header values, lines).
[[nodiscard]] std::string_view trim_ascii_whitespace(std::string_view text);

// `text` cut to at most `max_bytes` bytes without splitting a UTF-8 sequence.
[[nodiscard]] std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace gazette
