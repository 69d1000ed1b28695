// What gazette-crawl prints on stdout after a crawl or a replay: one summary line, and for a
// crawl a Markdown table of counts per host.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "crawler/crawl.h"
#include "crawler/replay.h"

namespace gazette::crawler {

// "crawl finished in 1.2 s: 0 due, 14 fetched (11.7 pages/s), 9 articles (0 revised), ..." with
// a newline; "stopped" instead of "finished" when URLs are left queued.
[[nodiscard]] std::string format_crawl_line(const CrawlSummary& summary);

// A blank line, then a Markdown table: fetched, articles, not modified, retried, failed and
// disallowed for each host, then the total.
[[nodiscard]] std::string format_host_table(const CrawlSummary& summary);

// "replay: R records, P pages, A articles, E errors", then (when there were records) a table
// of the records by WARC-Type and one of what became of the response and resource records.
[[nodiscard]] std::string format_replay_report(const ReplaySummary& summary);

}  // namespace gazette::crawler
