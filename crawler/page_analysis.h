// What the crawl makes of one fetched 200 response: the extracted article (when the page is one;
// crawler/finish_article.h completes it), the links found, and for feeds and sitemaps their
// entries with dates. The same function serves the crawl and `gazette-crawl replay`, so replaying
// an archive gives the articles the crawl wrote.
//
// Thread-safety: pure functions; call from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/time.h"
#include "crawler/url_evidence.h"

namespace gazette::crawler {

// A link found in the page, as written there: crawler/link_admission.h turns it into a frontier
// row (resolved against PageAnalysis::base, normalized, in scope).
struct FoundLink {
  std::string href;
  bool from_html = true;  // false: a feed item or sitemap entry
  UrlEvidence evidence;   // dates from the feed or sitemap
};

struct PageAnalysis {
  // Why the body could not be read (a gzip body that does not inflate within the cap): the
  // URL's error. Nothing else is set then: the bytes are never extractor input.
  std::string error;
  bool is_discovery = false;       // a feed or a sitemap
  std::optional<Article> article;  // set when the page is an article, as extracted
  std::string not_article_reason;
  std::string canonical_url;  // normalized <link rel=canonical>, "" when absent or the same
  std::string base;           // what the hrefs are resolved against: <base href>, else the page URL
  std::vector<FoundLink> links;
  std::vector<std::string> feed_links;  // <link rel=alternate> feed hrefs
  std::vector<std::string> warnings;
};

// Analyses a 200 response of `url` (normalized) with its Content-Type header. A body that is
// gzip (a sitemap.xml.gz, an application/gzip file) is inflated first, to at most
// `max_inflated` bytes; corrupt, truncated or over the cap, it sets `error` and nothing else.
// Feeds and sitemaps are recognised by content (crawler/discovery.h); everything else is
// treated as HTML.
[[nodiscard]] PageAnalysis analyze_page(std::string_view url, std::string_view content_type,
                                        std::string_view body, const DateTime& fetched,
                                        std::size_t max_inflated);

}  // namespace gazette::crawler
