// What a crawl run did, in total and per host: the counts gazette-crawl prints and the progress
// line it draws.
//
// Thread-safety: plain data; owned by the crawl thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>

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

  HostCounts& operator+=(const HostCounts& other);
  bool operator==(const HostCounts&) const = default;
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

  // Adds `counts` to the host's and to the total.
  void add(const std::string& host, const HostCounts& counts);
};

// "fetched 10  articles 4  queued ~3  errors 0  12 pages/s": the progress line of a crawl that
// has run `seconds` with about `queued` URLs left.
[[nodiscard]] std::string progress_text(const CrawlSummary& summary, std::int64_t queued,
                                        double seconds);

}  // namespace gazette::crawler
