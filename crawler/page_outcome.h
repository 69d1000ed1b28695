// The crawl's outcome policy for a fetched page, as a pure function: from the response, the URL's
// row in the frontier and what the worker made of the page, to what the crawl thread then does
// (crawler/crawl.cc applies it): the row to record, the URLs to put into the frontier, the counts.
//
//  - a transfer error or a 408/429/5xx answer is retried (queued again after an exponential
//    backoff, or the server's Retry-After) up to `crawl.retries` times, then fails;
//  - a 200 is done: its links, and its canonical URL as already known, go to the frontier;
//    one whose body could not be read (a gzip body that does not inflate) fails;
//  - a 304 is done (the stored version is current);
//  - a redirect within the seed sites queues its target (at most `crawl.max_redirects` hops);
//    one to another site is done with a note, one without a usable Location fails;
//  - any other status fails.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "crawler/crawl_summary.h"
#include "crawler/fetcher.h"
#include "crawler/frontier.h"
#include "crawler/scope.h"

namespace gazette::crawler {

// Whether a fetched response is a page to analyse, decided here for the crawl (crawl_job.h)
// and for replay (from the WARC record) alike: a 200 answer received whole (no transfer error;
// in a WARC, no WARC-Truncated header) for a URL that is not a robots.txt (the host's rules,
// never a page, whether fetched for the rules or through a link). `url` is normalized.
[[nodiscard]] bool is_page_response(std::string_view url, int http_status, bool complete);

// What the worker made of a 200 response.
struct PageWork {
  std::string error;               // the body could not be read (PageAnalysis::error)
  bool is_discovery = false;       // a feed or a sitemap: from now on a source
  std::string canonical_url;       // normalized <link rel=canonical> when it differs, else ""
  std::vector<NewUrl> links;       // admitted links (crawler/link_admission.h)
  bool article_written = false;    // an article record was written from the page
  bool article_unchanged = false;  // extracted text equal to the version written before
  std::string content_hash;        // of the article written
  unsigned revision = 0;           // of the article written
};

struct PageActions {
  // The row's new state. `revisit` is left empty: it depends on whether the new URLs were new
  // to the frontier, so the crawl asks RevisitSchedule::after_visit() once they are inserted,
  // unless the row is queued again (a retry keeps its schedule).
  UrlOutcome record;
  std::vector<NewUrl> enqueue;  // links, the canonical URL, a redirect target; in that order
  HostCounts counts;            // for the host's and the run's counts
  bool article_page = false;    // an article was written from the URL (now or before)
};

// `now_ms` is when a retry's wait starts.
[[nodiscard]] PageActions page_outcome(const FetchResult& fetch, const UrlRow& row, PageWork work,
                                       const CrawlConfig& config, const CrawlScope& scope,
                                       std::int64_t now_ms);

}  // namespace gazette::crawler
