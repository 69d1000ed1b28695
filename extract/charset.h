// Turning the bytes of a fetched page into valid UTF-8, whatever charset they came in.
// Thread-safe (each call opens its own ICU converter).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gazette::extract {

// Where the charset that was used came from.
enum class CharsetSource { kBom, kHttp, kMeta, kDetected, kDefault };
[[nodiscard]] std::string_view to_string(CharsetSource source);

struct DecodedHtml {
  std::string utf8;     // always valid UTF-8 (invalid input sequences become U+FFFD)
  std::string charset;  // the canonical name of the charset decoded from, e.g. "UTF-8"
  CharsetSource source = CharsetSource::kDefault;
  std::size_t replaced = 0;  // how many invalid sequences were replaced (UTF-8 input only)
};

// The charset parameter of an HTTP Content-Type value ("text/html; charset=ISO-8859-1" ->
// "ISO-8859-1"), unquoted; "" when there is none.
[[nodiscard]] std::string charset_from_content_type(std::string_view content_type);

// The charset declared by <meta charset> or <meta http-equiv="Content-Type" content="...">
// within the first `max_bytes` bytes, as the HTML prescan finds it; "" when none is declared.
[[nodiscard]] std::string prescan_meta_charset(std::string_view bytes,
                                               std::size_t max_bytes = 16384);

// The converter name for a charset label ("latin1" -> "windows-1252", "utf8" -> "UTF-8", as the
// WHATWG Encoding standard maps labels); "" when ICU knows no such charset.
[[nodiscard]] std::string canonical_charset(std::string_view label);

// Decodes `bytes` to UTF-8. The charset is chosen, in order: byte-order mark, the HTTP header's
// charset (`content_type`, may be empty), <meta> prescan, detection (valid UTF-8, else ICU's
// detector), else windows-1252. A declared charset that the bytes clearly contradict (declared
// UTF-8 but not a single valid multi-byte sequence; declared Latin-1 but valid multi-byte UTF-8)
// is overridden. Never fails.
[[nodiscard]] DecodedHtml decode_html(std::string_view bytes, std::string_view content_type);

// `text` with every invalid UTF-8 sequence replaced by U+FFFD; `replaced` (optional) receives
// the number of replacements.
[[nodiscard]] std::string sanitize_utf8(std::string_view text, std::size_t* replaced = nullptr);

}  // namespace gazette::extract
