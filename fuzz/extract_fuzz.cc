// HTML extraction (extract/extract.h). Input: a Content-Type line, a URL line, then the page.
// Properties: every output string is valid UTF-8, no string is longer than the page could make
// it, and the link list respects its cap.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"
#include "extract/extract.h"
#include "fuzz/fuzz_support.h"

namespace {

using gazette::fuzz::require;
using gazette::fuzz::require_utf8;

// Decoding may turn one input byte into U+FFFD or a 3-byte character (windows-1252 0x80 -> "€");
// nothing the extractor does should grow text beyond that.
void check_string(std::string_view s, std::size_t input_size, std::string_view what) {
  require_utf8(s, what);
  require(s.size() <= 3 * input_size + 64, "an output string is at most 3x the input");
}

void check_strings(const std::vector<std::string>& list, std::size_t input_size,
                   std::string_view what) {
  for (const auto& s : list) check_string(s, input_size, what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = gazette::fuzz::as_view(data, size);
  gazette::extract::ExtractOptions options;
  options.content_type = gazette::fuzz::take_line(rest);
  options.url = gazette::fuzz::take_line(rest);
  options.fetched = gazette::DateTime{1764000000, 0};  // fixed, so a run is reproducible
  options.max_links = 50;
  const auto result = gazette::extract::extract_article(rest, options);

  const auto& a = result.article;
  for (const std::string* s :
       {&a.url, &a.canonical_url, &a.site, &a.title, &a.language, &a.description, &a.section,
        &a.text, &a.content_hash, &a.extractor_version, &result.not_article_reason,
        &result.site_name, &result.title_source, &result.charset, &result.charset_source,
        &result.language_source, &result.text_source, &result.base_href}) {
    check_string(*s, size, "an article field");
  }
  check_strings(a.authors, size, "an author");
  check_strings(a.tags, size, "a tag");
  check_strings(result.warnings, size, "a warning");
  check_strings(result.links, size, "a link");
  check_strings(result.feed_links, size, "a feed link");
  require(result.links.size() <= options.max_links, "at most max_links links");
  require(result.is_article == result.not_article_reason.empty(),
          "a reason is given exactly when the page is not an article");
  return 0;
}
