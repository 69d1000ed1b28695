// A generated news site for crawl benchmarks and tests: any host name gets its own site of
// `articles` article pages with section fronts, robots.txt, a sitemap and a feed. Every page is
// a pure function of (host, path, articles), so runs are reproducible and serving needs no
// state. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gazette::fixture {

struct SiteResponse {
  int status = 404;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// The page at `path` ("/", "/robots.txt", "/sitemap.xml", "/feed.xml", "/world/",
// "/world/page/2/", "/world/2025/03/14/story-42.html", ...) of the site for `host` (the Host
// header: a lower-case name or IP literal with an optional port; anything else gives 400; the
// part before the first '.' or ':' names the site). Unknown paths give 404. /private/ pages exist
// (200) but robots.txt disallows them, so a crawler that fetches them can be caught.
[[nodiscard]] SiteResponse synthetic_page(std::string_view host, std::string_view path,
                                          std::size_t articles);

// The path of article `index` (0-based) on a synthetic site.
[[nodiscard]] std::string synthetic_article_path(std::size_t index);

}  // namespace gazette::fixture
