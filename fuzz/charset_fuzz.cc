// Charset detection and conversion (extract/charset.h). Input: a Content-Type line, then the
// bytes. Properties: the decoded text is valid UTF-8 and at most 3 bytes per input byte, a charset
// is always named, sanitize_utf8 gives valid UTF-8 and leaves valid UTF-8 alone, and the helpers
// that read labels return only what they were given or a canonical name.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/utf8.h"
#include "extract/charset.h"
#include "fuzz/fuzz_support.h"

using gazette::fuzz::require;
using gazette::fuzz::require_utf8;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes = gazette::fuzz::as_view(data, size);
  const std::string_view content_type = gazette::fuzz::take_line(bytes);

  const auto decoded = gazette::extract::decode_html(bytes, content_type);
  require_utf8(decoded.utf8, "decoded text");
  // UTF-16 and legacy charsets never need more than 3 UTF-8 bytes per input byte (+ a BOM's worth).
  require(decoded.utf8.size() <= 3 * bytes.size() + 3, "decoded text is at most 3x the bytes");
  require(!decoded.charset.empty(), "a charset is always named");
  require(decoded.charset == gazette::extract::canonical_charset(decoded.charset),
          "the charset used is a canonical name");

  std::size_t replaced = 0;
  const std::string clean = gazette::extract::sanitize_utf8(bytes, &replaced);
  require_utf8(clean, "sanitized text");
  const bool valid = !gazette::first_invalid_utf8(bytes).has_value();
  require(valid == (replaced == 0), "sanitize_utf8 replaces exactly when the input is invalid");
  if (valid) require(clean == bytes, "sanitize_utf8 leaves valid UTF-8 alone");
  std::size_t again = 0;
  require(gazette::extract::sanitize_utf8(clean, &again) == clean && again == 0,
          "sanitize_utf8 is idempotent");

  const std::string label = gazette::extract::charset_from_content_type(content_type);
  require(label.size() <= content_type.size(), "the charset parameter comes from the header");
  const std::string canonical = gazette::extract::canonical_charset(label);
  if (!canonical.empty()) {
    require(gazette::extract::canonical_charset(canonical) == canonical,
            "canonical_charset is idempotent");
  }
  const std::string meta = gazette::extract::prescan_meta_charset(bytes);
  require(meta.size() <= bytes.size(), "the meta charset comes from the bytes");
  return 0;
}
