// URL normalisation and resolution (common/url.h). Input: a base URL line, then a reference
// (also normalised on its own). Properties: every result is http(s), valid UTF-8 without spaces
// or controls, with an ASCII path and query (hosts keep their UTF-8 spelling), a fixed point of
// normalize_url (normalize(normalize(u)) == normalize(u)); its authority and path can be taken
// apart; normalize_percent_encoding is idempotent.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/url.h"
#include "fuzz/fuzz_support.h"

namespace {

using gazette::fuzz::require;

void check_normalized(const std::optional<std::string>& url) {
  if (!url) return;
  gazette::fuzz::require_utf8(*url, "a normalized URL");
  for (const char c : *url) {
    require(static_cast<unsigned char>(c) > 0x20 && c != 0x7f, "no spaces or controls in a URL");
  }
  require(url->starts_with("http://") || url->starts_with("https://"), "only http(s)");
  const auto again = gazette::normalize_url(*url);
  require(again.has_value(), "a normalized URL normalizes");
  require(*again == *url, "normalize(normalize(u)) == normalize(u)");
  require(!gazette::url_authority(*url).empty(), "a normalized URL has an authority");
  // Host names keep their UTF-8 spelling; everything after them is escaped to ASCII.
  const std::string path = gazette::url_path_and_query(*url);
  require(path.starts_with('/'), "its path starts with /");
  for (const char c : path) {
    require(static_cast<unsigned char>(c) < 0x7f, "the path and query are ASCII");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view href = gazette::fuzz::as_view(data, size);
  const std::string_view base = gazette::fuzz::take_line(href);
  check_normalized(gazette::normalize_url(base));
  check_normalized(gazette::normalize_url(href));
  check_normalized(gazette::resolve_url(base, href));

  const std::string escaped = gazette::normalize_percent_encoding(href);
  require(gazette::normalize_percent_encoding(escaped) == escaped,
          "normalize_percent_encoding is idempotent");
  return 0;
}
