// The crawl frontier and per-URL state, kept in SQLite (crawl.sqlite in the data directory) so
// that a crawl of millions of URLs needs only a small window of them in memory, and so that a
// kill -9 at any moment loses nothing: every state change is a committed transaction.
//
// Durability: WAL journal with synchronous=NORMAL. A commit is a write() into the WAL file, which
// the kernel keeps when the process is killed (kill -9, a crash); only a power failure can lose
// the last commits, and even then the database stays consistent (WAL is atomic), so a restart
// re-fetches at most those pages. FULL would fsync every commit, which costs more than the fetch.
//
// Each URL that is revisited has a next visit time (crawler/revisit_schedule.h); a crawl run
// first queues the URLs that are due (requeue_due), then fetches until nothing is queued. What a
// killed run left queued is simply fetched by the next one (in-flight rows become queued again:
// they were being fetched when the process died).
//
// Schema changes are additive: opening a crawl.sqlite written by an older version adds the
// missing columns (ALTER TABLE ... ADD COLUMN), so an existing frontier keeps working.
//
// Thread-safety: one Frontier per thread (it owns one SQLite connection). Other processes may
// open the same file (`gazette-crawl add` during a crawl); SQLite serialises the writers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/error.h"
#include "common/time.h"

struct sqlite3;

namespace gazette::crawler {

enum class UrlStatus : int { kQueued = 0, kInFlight = 1, kDone = 2, kFailed = 3, kDisallowed = 4 };

// A URL to put into the frontier. `url` must already be normalized (crawler/url.h).
struct NewUrl {
  std::string url;
  std::string host;  // url_authority(url): the politeness key
  unsigned depth = 0;
  bool is_seed = false;
  unsigned redirect_hops = 0;  // > 0 for the target of a redirect
  // Evidence from a feed or sitemap: the URL existed at first_seen; `published` is a
  // publication date given by the feed or sitemap (used when the page gives none).
  std::optional<DateTime> first_seen;
  std::optional<DateTime> published;
  DateSource published_source = DateSource::kNone;
  // kDone puts a URL in the frontier as known without fetching it (a canonical URL whose page
  // was fetched under another address).
  UrlStatus status = UrlStatus::kQueued;
};

// A claimed URL with what the fetch needs to know about it.
struct UrlRow {
  std::int64_t id = 0;
  std::string url;
  std::string host;
  unsigned depth = 0;
  bool is_seed = false;
  unsigned redirect_hops = 0;
  unsigned attempts = 0;      // fetches tried before this one
  std::string etag;           // from the last 200, for If-None-Match
  std::string last_modified;  // from the last 200, for If-Modified-Since
  std::optional<DateTime> first_seen;
  std::optional<DateTime> published;
  DateSource published_source = DateSource::kNone;
  std::int64_t discovered_at_ms = 0;
  // The revisit schedule (see UrlRevisit) and the last article written from the page.
  std::int64_t visit_interval_ms = 0;
  unsigned visits = 0;
  unsigned failures = 0;
  std::string content_hash;  // "" when no article was written from this URL
  unsigned revision = 0;
};

// When a URL is fetched again and the state that schedule depends on.
struct UrlRevisit {
  std::optional<std::int64_t> next_visit_at_ms;  // nullopt: never again
  std::int64_t interval_ms = 0;                  // a source's current interval; 0 for other pages
  unsigned visits = 0;                           // an article page's fetches so far
  unsigned failures = 0;                         // a source's failed visits in a row
};

// What happened to a claimed URL.
struct UrlOutcome {
  std::int64_t id = 0;
  UrlStatus status = UrlStatus::kDone;  // kQueued means "try again at next_attempt_at_ms"
  unsigned attempts = 0;                // including this one
  std::int64_t next_attempt_at_ms = 0;
  int http_status = 0;  // 0 when no response arrived
  std::string error;    // "" on success
  std::string etag;     // kept when empty (a 304 repeats none)
  std::string last_modified;
  std::int64_t fetched_at_ms = 0;
  // A feed or sitemap: from now on a source, revisited like a seed.
  bool hub = false;
  // The new schedule; nullopt leaves the stored one (a retry, a robots.txt disallow).
  std::optional<UrlRevisit> revisit;
  // The article written from this fetch: its content hash and revision ("" / 0: none written,
  // the stored ones stay).
  std::string content_hash;
  unsigned revision = 0;
};

// A host's cached robots.txt.
struct RobotsRecord {
  int http_status = 0;  // 0: unreachable
  std::string body;
  std::int64_t expires_at_ms = 0;
};

struct FrontierCounts {
  std::uint64_t queued = 0, in_flight = 0, done = 0, failed = 0, disallowed = 0;
};

class Frontier {
 public:
  // Opens (creating when missing) the database at `path` in WAL mode. With `recover` (only the
  // crawl, holding crawl.lock, may) every in-flight row becomes queued again: the process that
  // was fetching it is gone. Fails naming the file.
  [[nodiscard]] static Expected<Frontier> open(const std::string& path, bool recover);

  Frontier(Frontier&&) noexcept;
  Frontier& operator=(Frontier&&) noexcept;
  ~Frontier();

  // Groups the following writes into one transaction (much faster than one per statement).
  [[nodiscard]] Expected<void> begin();
  [[nodiscard]] Expected<void> commit();

  // Inserts the unknown URLs; a known URL keeps its state but gains date evidence (the earliest
  // first_seen, the first publication date). Returns, per input, whether it was new.
  [[nodiscard]] Expected<std::vector<bool>> add(const std::vector<NewUrl>& urls);

  // Seeds from `gazette-crawl add`: inserted, or when known marked as seed and queued again
  // (unless in flight). Returns how many were queued.
  [[nodiscard]] Expected<std::size_t> add_seeds(const std::vector<NewUrl>& urls);

  // Marks up to `limit` queued URLs of `host` that are due at `now_ms` as in flight and returns
  // them in discovery order.
  [[nodiscard]] Expected<std::vector<UrlRow>> claim(std::string_view host, std::size_t limit,
                                                    std::int64_t now_ms);

  // The earliest time a queued URL of `host` is due; nullopt when it has none.
  [[nodiscard]] Expected<std::optional<std::int64_t>> next_due(std::string_view host);

  [[nodiscard]] Expected<void> record(const UrlOutcome& outcome);

  // Returns claimed URLs that were not fetched (a stopped crawl) to the queue.
  [[nodiscard]] Expected<void> release(const std::vector<std::int64_t>& ids);

  // Hosts of the seeds (and hubs): the sites a "site"-scoped crawl stays on.
  [[nodiscard]] Expected<std::vector<std::string>> seed_hosts();

  // Hosts that have queued URLs; URL count per host (the per-site budget survives restarts).
  [[nodiscard]] Expected<std::vector<std::string>> hosts_with_queued();
  [[nodiscard]] Expected<std::map<std::string, std::uint64_t>> url_count_by_host();

  // Queues again (with fresh attempts) every fetched URL whose next visit is due at `now_ms`.
  // Returns how many.
  [[nodiscard]] Expected<std::size_t> requeue_due(std::int64_t now_ms);

  // The stored schedule of `url` (nullopt when unknown), for reports and tests.
  [[nodiscard]] Expected<std::optional<UrlRevisit>> revisit_of(std::string_view url);

  [[nodiscard]] Expected<std::optional<RobotsRecord>> robots(std::string_view host);
  [[nodiscard]] Expected<void> store_robots(std::string_view host, const RobotsRecord& record);

  [[nodiscard]] Expected<FrontierCounts> counts();

 private:
  struct Impl;
  explicit Frontier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::crawler
