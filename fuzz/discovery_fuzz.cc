// Feeds and sitemaps (crawler/discovery.h). Input: the document URL line, then the body (gzip
// bodies are inflated by parse_discovery itself). Properties: every link is an http(s) URL in
// canonical form, titles and warnings are valid UTF-8, only a recognised document has links, and
// the number of links is bounded by the bytes that could hold them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/url.h"
#include "crawler/discovery.h"
#include "fuzz/fuzz_support.h"

using gazette::fuzz::require;
using gazette::fuzz::require_utf8;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = gazette::fuzz::as_view(data, size);
  const std::string_view url = gazette::fuzz::take_line(body);
  constexpr std::size_t kMaxInflated = std::size_t{1} << 20;
  const auto doc = gazette::crawler::parse_discovery(body, url, kMaxInflated);

  if (doc.kind == gazette::crawler::DiscoveryKind::kNotDiscovery) {
    require(doc.links.empty(), "a document that is not a feed or sitemap has no links");
  }
  // Every entry takes at least "<a>" plus a URL of a few bytes, in the body or once inflated.
  require(doc.links.size() <= std::max(body.size(), kMaxInflated) / 4, "links are bounded");
  for (const auto& link : doc.links) {
    require_utf8(link.url, "a link");
    require(link.url.starts_with("http://") || link.url.starts_with("https://"),
            "links are http(s)");
    const auto again = gazette::normalize_url(link.url);
    require(again && *again == link.url, "links are normalized");
    require_utf8(link.title, "a title");
    require(!link.date_is_publication || link.date.has_value(),
            "a publication date flag comes with a date");
  }
  for (const auto& warning : doc.warnings) require_utf8(warning, "a warning");
  require(!gazette::crawler::discovery_kind_name(doc.kind).empty(), "every kind has a name");
  return 0;
}
