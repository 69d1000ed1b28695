// What the crawl knew about a URL before fetching it: the earliest evidence it existed (a feed
// or sitemap date, or when a link to it was first seen) and a publication date from a feed or
// sitemap. Archived with the page (a WARC metadata record) so replay sees it too.
//
// Thread-safety: plain data and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/article.h"
#include "common/time.h"

namespace gazette::crawler {

struct UrlRow;

struct UrlEvidence {
  std::optional<DateTime> first_seen;
  std::optional<DateTime> published;
  DateSource published_source = DateSource::kNone;
};

// The evidence the frontier holds for a claimed URL: its feed or sitemap dates, and first_seen
// moved back to when the URL entered the frontier when that is earlier.
[[nodiscard]] UrlEvidence evidence_of(const UrlRow& row);

// "gazette-first-seen: ...\r\n" lines (application/warc-fields) and back; unknown lines ignored.
[[nodiscard]] std::string evidence_to_warc_fields(const UrlEvidence& evidence);
[[nodiscard]] UrlEvidence evidence_from_warc_fields(std::string_view fields);

}  // namespace gazette::crawler
