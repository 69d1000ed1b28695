// The crawl: seeds -> frontier -> polite fetches -> WARC archive -> articles, and the links,
// feeds and sitemaps found on the way back into the frontier.
//
// Threads: one thread (the caller's) owns the frontier database and the curl multi handle: it
// schedules fetches (one connection and a minimum delay per host, robots.txt first), and turns
// results into frontier updates, committed each turn of its loop. `extract_threads` workers
// archive each response (WARC), parse robots.txt, feeds and sitemaps, extract articles and
// append them to articles/*.jsonl, so extraction runs on every core.
//
// Layout of the data directory: crawl.sqlite (frontier), archive/*.warc.gz, articles/*.jsonl,
// crawl.lock (one crawl or replay at a time).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/error.h"

namespace gazette::crawler {

struct HostCounts {
  std::uint64_t fetched = 0;    // responses and failed transfers (robots.txt excluded)
  std::uint64_t articles = 0;   // article records written (new revisions included)
  std::uint64_t revised = 0;    // of those, changed versions of articles written before
  std::uint64_t unchanged = 0;  // revisited articles whose text had not changed (nothing written)
  std::uint64_t not_modified = 0;  // 304 answers to conditional GETs
  std::uint64_t errors = 0;        // failed for good (after retries)
  std::uint64_t retried = 0;       // transient failures queued again
  std::uint64_t disallowed = 0;    // not fetched: robots.txt
};

struct CrawlSummary {
  HostCounts total;
  std::map<std::string, HostCounts> hosts;
  std::uint64_t robots_fetches = 0;
  std::uint64_t urls_added = 0;    // new URLs put into the frontier
  std::uint64_t revisits_due = 0;  // fetched URLs queued again at the start: their visit was due
  std::uint64_t queued_left = 0;
  double seconds = 0;
  bool finished = false;  // nothing is left queued (until the next visits fall due)
};

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

// Adds seed URLs to the frontier of `config.data_dir` (normalized; known URLs are queued
// again): `urls`, then one URL per line of `lines` when given (blank lines and "#" comments
// skipped; a line that is not an http(s) URL is logged with its number and skipped), inserted in
// transactions of 10,000 so millions need little memory. Returns how many were queued; fails
// naming an argument that is not an http(s) URL, or the database.
[[nodiscard]] Expected<std::size_t> add_seeds(const Config& config,
                                              const std::vector<std::string>& urls,
                                              std::istream* lines = nullptr,
                                              const std::string& lines_name = "-");

}  // namespace gazette::crawler
