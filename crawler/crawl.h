// The crawl: seeds -> frontier -> polite fetches -> WARC archive -> articles, and the links,
// feeds and sitemaps found on the way back into the frontier.
//
// Threads: one thread (the caller's) owns the frontier database and the curl multi handle: it
// schedules fetches (one connection and a minimum delay per host, robots.txt first), and turns
// results into frontier updates, committed each turn of its loop. `extract_threads` workers
// archive each response (WARC), parse feeds and sitemaps, extract articles and append them to
// articles/*.jsonl, and resolve and scope the links found, so that work runs on every core.
//
// Layout of the data directory: crawl.sqlite (frontier), archive/*.warc.gz, articles/*.jsonl,
// crawl.lock (one crawl or replay at a time).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/error.h"
#include "crawler/crawl_summary.h"
#include "crawler/seeds.h"  // add_seeds(), which gazette-crawl add calls

namespace gazette::crawler {

struct CrawlOptions {
  Config config;                // data_dir and [crawl]
  std::uint64_t max_pages = 0;  // stop after starting this many page fetches; 0: no limit
  // Set (e.g. by a signal handler) to stop: running fetches finish, the rest stays queued.
  const std::atomic<bool>* stop = nullptr;
  bool progress = true;  // a progress line on a terminal
  // The clock of the revisit schedule, in ms since the epoch (what is due, when next visits
  // fall); the system clock when empty. Tests move it forward instead of waiting.
  std::function<std::int64_t()> schedule_clock;
};

// Runs a crawl: first queues the URLs whose revisit is due (crawler/revisit_schedule.h), then
// fetches until nothing is queued (what an interrupted run left queued is fetched too). Failures of
// single URLs are recorded in the frontier and counted; an error is returned only when the crawl
// cannot go on (data directory, database, archive or articles not writable, crawl.lock held by
// another process).
[[nodiscard]] Expected<CrawlSummary> run_crawl(const CrawlOptions& options);

}  // namespace gazette::crawler
