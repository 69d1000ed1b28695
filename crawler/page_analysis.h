// What the crawl makes of one fetched 200 response: an article record (when the page is one),
// the links to consider, and for feeds and sitemaps their entries with dates. The same function
// serves the crawl and `gazette-crawl replay`, so replaying an archive gives the articles the
// crawl wrote.
//
// Thread-safety: pure functions; call from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/time.h"

namespace gazette::crawler {

// What the crawl knew about a URL before fetching it: the earliest evidence it existed (a feed
// or sitemap date, or when a link to it was first seen) and a publication date from a feed or
// sitemap. Archived with the page (a WARC metadata record) so replay sees it too.
struct UrlEvidence {
  std::optional<DateTime> first_seen;
  std::optional<DateTime> published;
  DateSource published_source = DateSource::kNone;
};

// "gazette-first-seen: ...\r\n" lines (application/warc-fields) and back; unknown lines ignored.
[[nodiscard]] std::string evidence_to_warc_fields(const UrlEvidence& evidence);
[[nodiscard]] UrlEvidence evidence_from_warc_fields(std::string_view fields);

// A URL found in the page, resolved and normalized.
struct FoundLink {
  std::string url;
  bool from_html = true;  // false: a feed item or sitemap entry
  UrlEvidence evidence;   // dates from the feed or sitemap
};

struct PageAnalysis {
  bool is_discovery = false;       // a feed or a sitemap
  std::optional<Article> article;  // set when the page is an article
  std::string not_article_reason;
  std::string canonical_url;  // normalized <link rel=canonical>, "" when absent or the same
  std::vector<FoundLink> links;
  std::vector<std::string> feed_links;  // <link rel=alternate> feeds, resolved and normalized
  std::vector<std::string> warnings;
};

// Analyses a 200 response of `url` (normalized) with its Content-Type header. Feeds and
// sitemaps are recognised by content (crawler/discovery.h); everything else is treated as HTML.
[[nodiscard]] PageAnalysis analyze_page(std::string_view url, std::string_view content_type,
                                        std::string_view body, const DateTime& fetched,
                                        const UrlEvidence& evidence);

}  // namespace gazette::crawler
