// A page as an archive holds it. From a WARC `response` record (the HTTP message, as Gazette
// stored it or as wget, Heritrix and Common Crawl store it: chunked, compressed) or a `resource`
// record (the document alone), the page's URL, Content-Type and decoded body, or why the record
// is no page: replay (crawler/replay.h) counts the reasons.
//
// A page is what the crawl would have analysed (crawler/page_outcome.h is_page_response(): a 200
// received whole that is not a robots.txt) and a document that is HTML, or a feed or sitemap
// (which the crawl reads for links, never as an article): told by the Content-Type, and by the
// body when the type is missing or generic (application/octet-stream, text/plain) or when a type
// that says HTML holds binary data or JSON.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "common/time.h"
#include "crawler/warc_reader.h"

namespace gazette::crawler {

struct ArchivedPage {
  std::string url;  // normalized
  std::string content_type;
  std::string body;  // without transfer and content codings
  DateTime fetched;  // WARC-Date
};

// Why a record is no page: `reason` is one of a few categories, for the replay table ("not
// HTML", "HTTP status not 200", ...); `detail` says more for a log line ("text/css", "404").
struct NotAPage {
  std::string reason;
  std::string detail;
};

// `record` is a response or resource record. Bodies decode to at most `max_inflated` bytes.
[[nodiscard]] tl::expected<ArchivedPage, NotAPage> archived_page(const WarcRecord& record,
                                                                 std::size_t max_inflated);

// Whether a document of `content_type` with `body` is one the crawl analyses: HTML (by type, or
// by its first bytes when the type is missing or generic) or XML (feeds and sitemaps) or gzip.
[[nodiscard]] bool is_page_content(std::string_view content_type, std::string_view body);

}  // namespace gazette::crawler
