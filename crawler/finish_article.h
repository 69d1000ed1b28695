// The one step that turns an extracted article into the record the crawl (or replay) writes:
// what the crawl knew about the URL before the fetch goes in here and nowhere else.
//
// Why a step of the crawler and not more extract::ExtractOptions: extract_article() is a function
// of a page's bytes and URL, which is what the extraction tests and the extractor version
// describe. Feed and sitemap dates, when a link was first seen and the revisions written before
// are crawl state; applying them after extraction, in one function that the crawl and replay
// share, keeps the extractor's contract and still finishes every record in one place.
//
// Thread-safety: a pure function.
#pragma once

#include <optional>
#include <string>

#include "common/article.h"
#include "common/time.h"
#include "crawler/url_evidence.h"

namespace gazette::crawler {

// The article last written from the URL ("" / 0 when none was).
struct PreviousVersion {
  std::string content_hash;
  unsigned revision = 0;
};

// Finishes `article`, extracted from a page fetched at `fetched`:
//  - first_seen becomes the earliest of the page's and the evidence's;
//  - the evidence's publication date (and source) is used when the page gives none;
//  - with a `previous` version (the crawl; replay knows none and leaves revision and modified as
//    extracted): the revision is the next one, and a changed article without a modified date of
//    its own was modified when fetched.
// Returns false, leaving the revision alone, when the text equals the previous version's: there
// is nothing new to write.
[[nodiscard]] bool finish_article(Article& article, const UrlEvidence& evidence,
                                  const std::optional<PreviousVersion>& previous,
                                  const DateTime& fetched);

}  // namespace gazette::crawler
