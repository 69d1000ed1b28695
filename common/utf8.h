// Helpers for text held as UTF-8: validation and cutting, and the ASCII byte classes and case
// folding that HTML, HTTP, robots.txt, dates and queries are defined over. They live in one header
// rather than a utf8.h and an ascii.h because ASCII is UTF-8's one-byte subset and every caller
// holds UTF-8 text: the ASCII helpers never touch bytes >= 0x80, so they are safe on it.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gazette {

// ---- UTF-8 ----

// The byte offset of the first invalid UTF-8 sequence in `text` (truncated sequences, overlongs,
// surrogates and code points above U+10FFFF are invalid), or nullopt when all of it is valid.
// Skips ASCII runs eight bytes at a time: whole pages go through it.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// Appends `text` to `out` with each byte that starts no valid UTF-8 sequence replaced by U+FFFD.
void append_valid_utf8(std::string& out, std::string_view text);

// `text` cut to at most `max_bytes` bytes without splitting a UTF-8 sequence.
[[nodiscard]] std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes);

// Collapses runs of whitespace (is_c_space, and U+00A0 NO-BREAK SPACE) to one space and trims
// both ends: text as a reader sees it on one line.
[[nodiscard]] std::string collapse_whitespace(std::string_view text);

// Collapses runs of bytes for which `is_space` holds to one space and trims both ends, for text
// whose format defines its own whitespace (is_http_space, is_html_space, is_c_space below).
[[nodiscard]] std::string collapse_ascii_space(std::string_view text, bool (*is_space)(char));

// ---- ASCII letters and case ----

// A-Z and a-z.
[[nodiscard]] constexpr bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// `c` with A-Z lowered; every other byte unchanged.
[[nodiscard]] constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `text` with A-Z lowered; other bytes (including UTF-8 sequences) unchanged. For host names,
// codes and Gazette's own keywords, where only ASCII case matters.
[[nodiscard]] std::string ascii_lower(std::string_view text);

// Whether `a` and `b` are equal ignoring ASCII case.
[[nodiscard]] bool ascii_iequals(std::string_view a, std::string_view b);

// Whether `text` starts with `prefix`, ignoring ASCII case.
[[nodiscard]] bool ascii_istarts_with(std::string_view text, std::string_view prefix);

// The position of the first `lower_needle` (lower case) in `text` at or after `from`, ignoring
// ASCII case in `text`; npos when absent or when the needle is empty. Allocates nothing.
[[nodiscard]] std::size_t ascii_ifind(std::string_view text, std::string_view lower_needle,
                                      std::size_t from = 0);

// ---- ASCII whitespace ----
// Each standard defines its own set, and a call site keeps the one of the format it reads.

// HTTP whitespace (the Fetch standard): space, tab, CR, LF. Also what robots.txt lines, RFC 822
// dates and typed queries are split and trimmed on.
[[nodiscard]] constexpr bool is_http_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// ASCII whitespace as the HTML standard defines it: space, tab, LF, FF, CR (no vertical tab).
// For markup: between attributes, in attribute values such as rel tokens and URLs.
inline constexpr std::string_view kHtmlSpaces = " \t\n\r\f";
[[nodiscard]] constexpr bool is_html_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// C's isspace() in the "C" locale: the HTML set plus vertical tab. For text content, where a
// stray \v from a legacy page must not glue words together.
[[nodiscard]] constexpr bool is_c_space(char c) { return is_html_space(c) || c == '\v'; }

// `text` without leading and trailing HTTP whitespace (header values, lines).
[[nodiscard]] std::string_view trim_ascii_whitespace(std::string_view text);

// `text` without leading and trailing HTML whitespace (attribute values).
[[nodiscard]] std::string_view trim_html_space(std::string_view text);

}  // namespace gazette
