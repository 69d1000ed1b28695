#include "crawler/crawl.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/hash.h"
#include "common/logging.h"
#include "common/time.h"
#include "common/url.h"
#include "crawler/article_sink.h"
#include "crawler/crawl_lock.h"
#include "crawler/fetcher.h"
#include "crawler/frontier.h"
#include "crawler/page_analysis.h"
#include "crawler/revisit_schedule.h"
#include "crawler/robots.h"
#include "crawler/scope.h"
#include "crawler/warc_writer.h"

namespace gazette::crawler {
namespace {

using Clock = std::chrono::system_clock;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
      .count();
}

std::string product_token(std::string_view user_agent) {
  const auto end = user_agent.find_first_of("/ ");
  return std::string(user_agent.substr(0, end));
}

RobotsRules rules_for(const RobotsRecord& r, std::string_view token) {
  if (r.http_status >= 200 && r.http_status < 300) return RobotsRules::parse(r.body, token);
  // 3xx (not followed), 4xx: no usable robots.txt, everything allowed (RFC 9309 2.3.1.3).
  if (r.http_status >= 300 && r.http_status < 500) return RobotsRules::allow_all();
  return RobotsRules::disallow_all();
}

bool is_transient_status(int status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// A fetched response on its way to a worker and back.
struct Job {
  FetchResult fetch;
  UrlRow row;  // empty for robots.txt
  bool is_robots = false;
  std::string host;
  // Filled by the worker:
  std::optional<PageAnalysis> analysis;
  bool article_written = false;
  bool article_unchanged = false;  // extracted text equal to the version written before
  std::string content_hash;        // of the article written
  unsigned revision = 0;           // of the article written
  std::vector<FoundLink> links;    // in scope (the per-site budget is checked later)
  std::string failure;             // archive or articles could not be written: the crawl stops
};

struct Host {
  std::string name;
  std::deque<UrlRow> window;  // claimed (in flight in the database), not yet fetched
  bool db_may_have_more = true;
  bool busy = false;
  std::int64_t next_allowed_ms = 0;
  std::int64_t heap_time = -1;  // time of its live entry in the ready heap, -1: none
  bool robots_known = false;
  bool robots_fetching = false;
  unsigned robots_failures = 0;
  std::unique_ptr<RobotsRules> robots;
  std::int64_t robots_expires_ms = 0;
  std::int64_t delay_ms = 0;
  std::uint64_t admitted = 0;  // URLs of this host in the frontier (the per-site budget)
};

// The worker side: a queue of jobs, threads that process them, and finished jobs handed back.
class WorkerPool {
 public:
  WorkerPool(unsigned threads, std::function<void(Job&)> work, std::function<void()> on_done)
      : work_(std::move(work)), on_done_(std::move(on_done)) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { loop(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void submit(Job job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }
  std::vector<Job> take_done() {
    std::lock_guard lock(mutex_);
    std::vector<Job> out;
    out.swap(done_);
    return out;
  }

 private:
  void loop() {
    while (true) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      work_(job);
      {
        std::lock_guard lock(mutex_);
        done_.push_back(std::move(job));
      }
      on_done_();
    }
  }

  std::function<void(Job&)> work_;
  std::function<void()> on_done_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  std::vector<Job> done_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

class Crawl {
 public:
  Crawl(const CrawlOptions& options, Frontier frontier, CrawlScope scope,
        std::unique_ptr<Fetcher> fetcher, std::unique_ptr<WarcWriter> warc,
        std::unique_ptr<ArticleSink> sink)
      : options_(options),
        c_(options.config.crawl),
        token_(product_token(c_.user_agent)),
        frontier_(std::move(frontier)),
        scope_(std::move(scope)),
        fetcher_(std::move(fetcher)),
        warc_(std::move(warc)),
        sink_(std::move(sink)),
        schedule_(c_) {}

  Expected<CrawlSummary> run();

 private:
  // Database writes of one loop turn go into one transaction.
  Expected<void> in_transaction() {
    if (in_tx_) return {};
    in_tx_ = true;
    return frontier_.begin();
  }
  Expected<void> commit() {
    if (!in_tx_) return {};
    in_tx_ = false;
    return frontier_.commit();
  }

  Host& host(const std::string& name) {
    auto [it, inserted] = hosts_.try_emplace(name);
    if (inserted) {
      it->second.name = name;
      it->second.delay_ms = static_cast<std::int64_t>(c_.delay_seconds * 1000);
    }
    return it->second;
  }
  void schedule(Host& h, std::int64_t at) {
    at = std::max(at, h.next_allowed_ms);
    if (h.heap_time >= 0 && h.heap_time <= at) return;
    h.heap_time = at;
    ready_.emplace(at, h.name);
  }

  Expected<void> prepare();
  Expected<void> schedule_fetches();
  Expected<bool> start_next_url(Host& h);
  void start_robots(Host& h);
  Expected<void> load_robots(Host& h);
  void on_fetched(FetchResult result);
  void work(Job& job);
  Expected<void> handle(Job& job);
  Expected<void> handle_robots(Job& job);
  Expected<void> handle_page(Job& job);
  Expected<std::size_t> add_links(std::vector<NewUrl> urls);
  UrlRevisit next_revisit(const Job& job, const UrlOutcome& outcome, bool found_new) const;
  std::int64_t schedule_now() const {
    return options_.schedule_clock ? options_.schedule_clock() : now_ms();
  }
  void draw_progress(bool force);

  const CrawlOptions& options_;
  const CrawlConfig& c_;
  std::string token_;
  Frontier frontier_;
  CrawlScope scope_;
  std::unique_ptr<Fetcher> fetcher_;
  std::unique_ptr<WarcWriter> warc_;
  std::unique_ptr<ArticleSink> sink_;
  RevisitSchedule schedule_;
  std::unique_ptr<WorkerPool> pool_;

  std::unordered_map<std::string, Host> hosts_;
  std::priority_queue<std::pair<std::int64_t, std::string>,
                      std::vector<std::pair<std::int64_t, std::string>>, std::greater<>>
      ready_;
  std::unordered_map<std::uint64_t, Job> in_flight_;  // by fetch token
  std::uint64_t next_token_ = 1;
  std::size_t outstanding_ = 0;  // jobs given to workers, not yet handled
  unsigned threads_ = 1;         // worker threads
  std::uint64_t pages_started_ = 0;
  bool in_tx_ = false;
  bool stopping_ = false;
  std::int64_t queued_estimate_ = 0;
  CrawlSummary summary_;
  ProgressLine progress_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

Expected<void> Crawl::prepare() {
  if (auto ok = in_transaction(); !ok) return ok;
  auto due = frontier_.requeue_due(schedule_now());
  if (!due) return tl::unexpected(due.error());
  summary_.revisits_due = *due;
  spdlog::info("{} sources and articles due for a revisit", *due);
  std::vector<NewUrl> seeds;
  for (const auto& s : c_.seeds) {
    const auto url = normalize_url(s);
    if (!url) return fail("crawl.seeds", fmt::format("not an http(s) URL: {}", s));
    NewUrl u;
    u.url = *url;
    u.host = url_authority(*url);
    u.is_seed = true;
    seeds.push_back(std::move(u));
  }
  if (auto added = frontier_.add(seeds); !added) return tl::unexpected(added.error());
  if (auto ok = commit(); !ok) return ok;

  auto seed_hosts = frontier_.seed_hosts();
  if (!seed_hosts) return tl::unexpected(seed_hosts.error());
  for (const auto& h : *seed_hosts) scope_.add_seed_site(h);
  auto counts = frontier_.url_count_by_host();
  if (!counts) return tl::unexpected(counts.error());
  for (const auto& [name, n] : *counts) host(name).admitted = n;
  auto queued_hosts = frontier_.hosts_with_queued();
  if (!queued_hosts) return tl::unexpected(queued_hosts.error());
  for (const auto& name : *queued_hosts) schedule(host(name), 0);
  auto status = frontier_.counts();
  if (!status) return tl::unexpected(status.error());
  queued_estimate_ = static_cast<std::int64_t>(status->queued);
  return {};
}

Expected<void> Crawl::load_robots(Host& h) {
  auto stored = frontier_.robots(h.name);
  if (!stored) return tl::unexpected(stored.error());
  if (*stored && (*stored)->expires_at_ms > now_ms()) {
    h.robots = std::make_unique<RobotsRules>(rules_for(**stored, token_));
    h.robots_expires_ms = (*stored)->expires_at_ms;
    h.robots_known = true;
    if (const auto delay = h.robots->crawl_delay()) {
      h.delay_ms = std::max<std::int64_t>(h.delay_ms, delay->count());
    }
  }
  return {};
}

void Crawl::start_robots(Host& h) {
  // robots.txt is asked with the scheme of the URL about to be fetched (the window is not empty).
  std::string scheme = "http";
  if (!h.window.empty()) scheme = h.window.front().url.substr(0, h.window.front().url.find(':'));
  Job job;
  job.is_robots = true;
  job.host = h.name;
  FetchRequest request;
  request.token = next_token_++;
  request.url = scheme + "://" + h.name + "/robots.txt";
  request.any_content_type = true;
  if (auto ok = fetcher_->start(request); !ok) {
    spdlog::warn("{}", ok.error().to_string());
    h.robots = std::make_unique<RobotsRules>(RobotsRules::allow_all());
    h.robots_known = true;
    h.robots_expires_ms = now_ms() + static_cast<std::int64_t>(c_.robots_expiry_hours * 3600e3);
    return;
  }
  h.busy = true;
  h.robots_fetching = true;
  in_flight_.emplace(request.token, std::move(job));
  ++summary_.robots_fetches;
}

// Starts the host's next allowed URL. Returns false when the host has nothing to fetch now.
Expected<bool> Crawl::start_next_url(Host& h) {
  while (true) {
    if (h.window.empty() && h.db_may_have_more) {
      if (auto ok = in_transaction(); !ok) return tl::unexpected(ok.error());
      auto rows = frontier_.claim(h.name, 16, now_ms());
      if (!rows) return tl::unexpected(rows.error());
      if (rows->empty()) h.db_may_have_more = false;
      for (auto& r : *rows) h.window.push_back(std::move(r));
    }
    if (h.window.empty()) {
      auto due = frontier_.next_due(h.name);
      if (!due) return tl::unexpected(due.error());
      if (*due) {
        h.db_may_have_more = true;
        schedule(h, **due);
      }
      return false;
    }
    if (!h.robots_known) {
      if (h.robots_fetching) return false;  // its answer is being parsed; rescheduled then
      start_robots(h);
      return true;
    }
    UrlRow row = std::move(h.window.front());
    h.window.pop_front();
    --queued_estimate_;
    if (!h.robots->allowed(url_path_and_query(row.url))) {
      if (auto ok = in_transaction(); !ok) return tl::unexpected(ok.error());
      UrlOutcome o;
      o.id = row.id;
      o.status = UrlStatus::kDisallowed;
      o.attempts = row.attempts;
      o.error = "robots.txt";
      if (auto ok = frontier_.record(o); !ok) return tl::unexpected(ok.error());
      ++summary_.hosts[h.name].disallowed;
      ++summary_.total.disallowed;
      continue;
    }
    FetchRequest request;
    request.token = next_token_++;
    request.url = row.url;
    request.etag = row.etag;
    request.last_modified = row.last_modified;
    Job job;
    job.host = h.name;
    job.row = std::move(row);
    if (auto ok = fetcher_->start(request); !ok) {
      // curl refused the URL itself: record it and go on with the next one.
      UrlOutcome o;
      o.id = job.row.id;
      o.status = UrlStatus::kFailed;
      o.attempts = job.row.attempts + 1;
      o.error = ok.error().what;
      if (auto tx = in_transaction(); !tx) return tl::unexpected(tx.error());
      if (auto rec = frontier_.record(o); !rec) return tl::unexpected(rec.error());
      continue;
    }
    h.busy = true;
    in_flight_.emplace(request.token, std::move(job));
    ++pages_started_;
    return true;
  }
}

Expected<void> Crawl::schedule_fetches() {
  // Responses waiting for a worker hold their bodies (a sitemap can list 50,000 URLs): starting
  // fetches only while few are waiting bounds memory and loses nothing, since the workers are
  // then the bottleneck anyway.
  const std::size_t max_outstanding = 2 * threads_ + 8;
  while (!stopping_ && !ready_.empty() && fetcher_->active() < c_.concurrency &&
         outstanding_ < max_outstanding) {
    const auto [at, name] = ready_.top();
    if (at > now_ms()) break;
    ready_.pop();
    Host& h = host(name);
    if (h.heap_time != at) continue;  // a stale entry: the host was rescheduled
    h.heap_time = -1;
    if (h.busy) continue;  // rescheduled when its fetch ends
    if (h.robots_known && h.robots_expires_ms <= now_ms() && !h.robots_fetching) {
      h.robots_known = false;
    }
    if (!h.robots_known && !h.robots_fetching) {
      if (auto ok = load_robots(h); !ok) return ok;
    }
    auto started = start_next_url(h);
    if (!started) return tl::unexpected(started.error());
    if (options_.max_pages > 0 && pages_started_ >= options_.max_pages) stopping_ = true;
  }
  return {};
}

void Crawl::on_fetched(FetchResult result) {
  auto it = in_flight_.find(result.token);
  if (it == in_flight_.end()) return;
  Job job = std::move(it->second);
  in_flight_.erase(it);
  Host& h = host(job.host);
  h.busy = false;
  std::int64_t wait = h.delay_ms;
  if ((result.http_status == 429 || result.http_status == 503) && result.retry_after_seconds) {
    wait = std::max<std::int64_t>(wait,
                                  std::min<std::int64_t>(*result.retry_after_seconds, 3600) * 1000);
  }
  h.next_allowed_ms = now_ms() + wait;
  schedule(h, h.next_allowed_ms);
  job.fetch = std::move(result);
  ++outstanding_;
  pool_->submit(std::move(job));
}

// Runs on a worker thread: archive, then parse or extract.
void Crawl::work(Job& job) {
  FetchResult& f = job.fetch;
  const bool page_200 = !job.is_robots && f.error == FetchError::kNone && f.http_status == 200;
  UrlEvidence evidence;
  if (!job.is_robots) {
    evidence.first_seen = job.row.first_seen;
    const DateTime discovered{job.row.discovered_at_ms / 1000, 0};
    if (job.row.discovered_at_ms > 0 &&
        (!evidence.first_seen || discovered.unix_seconds < evidence.first_seen->unix_seconds)) {
      evidence.first_seen = discovered;
    }
    evidence.published = job.row.published;
    evidence.published_source = job.row.published_source;
  }
  if (!f.request_head.empty()) {
    WarcExchange x;
    x.target_uri = f.url;
    x.date_unix_seconds = f.fetched_at_unix_ms / 1000;
    x.ip_address = f.ip;
    x.request_head = f.request_head;
    x.response_head = f.response_head;
    x.body = f.body;
    if (page_200) x.metadata = evidence_to_warc_fields(evidence);
    if (auto ok = warc_->write_exchange(x); !ok) {
      job.failure = ok.error().to_string();
      return;
    }
  }
  if (!page_200) return;
  const DateTime fetched{f.fetched_at_unix_ms / 1000, 0};
  PageAnalysis analysis = analyze_page(f.url, f.content_type, f.body, fetched, evidence);
  for (const auto& w : analysis.warnings) spdlog::debug("{}", w);
  if (analysis.article) {
    Article& a = *analysis.article;
    if (!job.row.content_hash.empty() && a.content_hash == job.row.content_hash) {
      job.article_unchanged = true;  // same text as the version written before: nothing to do
    } else {
      a.revision = job.row.revision + 1;
      if (a.revision > 1 && !a.modified) a.modified = fetched;
      if (auto ok = sink_->write(a); !ok) {
        job.failure = ok.error().to_string();
        return;
      }
      job.article_written = true;
      job.content_hash = a.content_hash;
      job.revision = a.revision;
    }
  }
  std::unordered_set<std::uint64_t> seen;  // hashes: a sitemap's URLs are not copied again
  const auto consider = [&](FoundLink link) {
    link.url = strip_session_ids(link.url);
    if (!seen.insert(fnv1a64(link.url)).second) return;
    if (scope_.reject_reason(link.url, job.row.depth, link.from_html)) return;
    job.links.push_back(std::move(link));
  };
  for (auto& link : analysis.links) consider(std::move(link));
  if (job.row.is_seed) {
    for (auto& feed : analysis.feed_links) {
      FoundLink link;
      link.url = std::move(feed);
      link.from_html = false;  // a feed of a seed page is followed in every scope
      consider(std::move(link));
    }
  }
  analysis.links.clear();
  analysis.article.reset();
  job.analysis = std::move(analysis);
  f.body.clear();
  f.body.shrink_to_fit();
}

// Returns how many URLs were new to the frontier and queued.
Expected<std::size_t> Crawl::add_links(std::vector<NewUrl> urls) {
  std::vector<NewUrl> admitted;
  admitted.reserve(urls.size());
  for (auto& u : urls) {
    if (u.status == UrlStatus::kQueued && host(u.host).admitted >= c_.max_pages_per_site) continue;
    admitted.push_back(std::move(u));
  }
  urls = {};
  if (admitted.empty()) return 0;
  if (auto ok = in_transaction(); !ok) return tl::unexpected(ok.error());
  auto inserted = frontier_.add(admitted);
  if (!inserted) return tl::unexpected(inserted.error());
  std::size_t queued = 0;
  for (std::size_t i = 0; i < admitted.size(); ++i) {
    if (!(*inserted)[i]) continue;
    Host& h = host(admitted[i].host);
    ++h.admitted;
    if (admitted[i].status != UrlStatus::kQueued) continue;
    ++summary_.urls_added;
    ++queued;
    ++queued_estimate_;
    h.db_may_have_more = true;
    if (!h.busy) schedule(h, now_ms());
  }
  return queued;
}

Expected<void> Crawl::handle_robots(Job& job) {
  Host& h = host(job.host);
  h.robots_fetching = false;
  const FetchResult& f = job.fetch;
  const bool unreachable = f.error != FetchError::kNone || f.http_status >= 500;
  RobotsRecord record;
  record.http_status = f.error != FetchError::kNone ? 0 : f.http_status;
  record.body = f.body.substr(0, RobotsRules::kMaxBytes);
  if (unreachable && h.robots_failures < c_.retries) {
    // Unreachable for now: wait and ask again before deciding (RFC 9309 2.3.1.4).
    const auto backoff = static_cast<std::int64_t>(c_.retry_backoff_seconds * 1000.0)
                         << h.robots_failures;
    ++h.robots_failures;
    spdlog::warn(
        "{}/robots.txt: {}; asking again in {} ms", h.name,
        f.error != FetchError::kNone ? f.error_text : fmt::format("HTTP {}", f.http_status),
        backoff);
    h.next_allowed_ms = now_ms() + backoff;
    schedule(h, h.next_allowed_ms);
    return {};
  }
  h.robots_failures = 0;
  record.expires_at_ms = now_ms() + static_cast<std::int64_t>(c_.robots_expiry_hours * 3600e3);
  h.robots = std::make_unique<RobotsRules>(rules_for(record, token_));
  h.robots_known = true;
  h.robots_expires_ms = record.expires_at_ms;
  h.delay_ms = static_cast<std::int64_t>(c_.delay_seconds * 1000);
  if (const auto delay = h.robots->crawl_delay()) {
    h.delay_ms = std::max<std::int64_t>(h.delay_ms, delay->count());
    h.next_allowed_ms = now_ms() + h.delay_ms;
  }
  schedule(h, h.next_allowed_ms);
  if (auto ok = in_transaction(); !ok) return ok;
  if (auto ok = frontier_.store_robots(h.name, record); !ok) return ok;
  std::vector<NewUrl> sitemaps;
  for (const auto& s : h.robots->sitemaps()) {
    const auto url = resolve_url(f.url, s);  // should be absolute; relative ones are forgiven
    if (!url || !scope_.is_seed_site(url_authority(*url))) continue;
    NewUrl u;
    u.url = *url;
    u.host = url_authority(*url);
    sitemaps.push_back(std::move(u));
  }
  auto added = add_links(std::move(sitemaps));
  if (!added) return tl::unexpected(added.error());
  return {};
}

Expected<void> Crawl::handle_page(Job& job) {
  const FetchResult& f = job.fetch;
  const UrlRow& row = job.row;
  HostCounts& hc = summary_.hosts[job.host];
  UrlOutcome o;
  o.id = row.id;
  o.attempts = row.attempts + 1;
  o.http_status = f.http_status;
  o.fetched_at_ms = f.fetched_at_unix_ms;
  o.status = UrlStatus::kDone;
  bool transient = false;
  std::vector<NewUrl> new_urls;
  ++hc.fetched;
  ++summary_.total.fetched;
  if (f.error != FetchError::kNone) {
    o.error = fmt::format("{}: {}", to_string(f.error), f.error_text);
    transient = f.error == FetchError::kTimeout || f.error == FetchError::kConnect ||
                f.error == FetchError::kNetwork;
    if (!transient) o.status = UrlStatus::kFailed;
  } else if (f.http_status == 200) {
    o.etag = f.etag;
    o.last_modified = f.last_modified;
    if (job.analysis) {
      o.hub = job.analysis->is_discovery;
      for (auto& link : job.links) {
        NewUrl u;
        u.url = std::move(link.url);
        u.host = url_authority(u.url);
        u.depth = row.depth + 1;
        u.first_seen = link.evidence.first_seen;
        u.published = link.evidence.published;
        u.published_source = link.evidence.published_source;
        new_urls.push_back(std::move(u));
      }
      const std::string& canonical = job.analysis->canonical_url;
      if (!canonical.empty() && scope_.is_seed_site(url_authority(canonical))) {
        // Known under its canonical address, so a link to that address is not fetched again.
        NewUrl u;
        u.url = canonical;
        u.host = url_authority(canonical);
        u.depth = row.depth;
        u.status = UrlStatus::kDone;
        new_urls.push_back(std::move(u));
      }
    }
    if (job.article_written) {
      ++hc.articles;
      ++summary_.total.articles;
      o.content_hash = job.content_hash;
      o.revision = job.revision;
      if (job.revision > 1) {
        ++hc.revised;
        ++summary_.total.revised;
      }
    }
    if (job.article_unchanged) {
      ++hc.unchanged;
      ++summary_.total.unchanged;
    }
  } else if (f.http_status == 304) {
    ++hc.not_modified;
    ++summary_.total.not_modified;
  } else if (is_redirect(f.http_status)) {
    const auto target = f.location.empty() ? std::nullopt : resolve_url(f.url, f.location);
    if (!target) {
      o.status = UrlStatus::kFailed;
      o.error = fmt::format("redirect without a usable Location: \"{}\"", f.location);
    } else if (row.redirect_hops + 1 > c_.max_redirects) {
      o.status = UrlStatus::kFailed;
      o.error = fmt::format("more than {} redirects (last to {})", c_.max_redirects, *target);
    } else if (!scope_.is_seed_site(url_authority(*target))) {
      o.error = fmt::format("redirect to another site, not followed: {}", *target);
    } else {
      o.error = "redirect to " + *target;  // a note, not a failure: the row is done
      NewUrl u;
      u.url = *target;
      u.host = url_authority(*target);
      u.depth = row.depth;
      u.is_seed = row.is_seed;
      u.redirect_hops = row.redirect_hops + 1;
      u.first_seen = row.first_seen;
      u.published = row.published;
      u.published_source = row.published_source;
      new_urls.push_back(std::move(u));
    }
  } else {
    o.error = fmt::format("HTTP {}", f.http_status);
    transient = is_transient_status(f.http_status);
    if (!transient) o.status = UrlStatus::kFailed;
  }
  if (transient) {
    if (row.attempts + 1 <= c_.retries) {
      o.status = UrlStatus::kQueued;
      std::int64_t wait = static_cast<std::int64_t>(c_.retry_backoff_seconds * 1000.0)
                          << std::min(row.attempts, 20u);
      if (f.retry_after_seconds)
        wait = std::min<std::int64_t>(*f.retry_after_seconds, 86400) * 1000;
      o.next_attempt_at_ms = now_ms() + wait;
      ++hc.retried;
      ++summary_.total.retried;
      ++queued_estimate_;
      Host& h = host(job.host);
      h.db_may_have_more = true;
      schedule(h, o.next_attempt_at_ms);
      spdlog::debug("{}: {}; again in {} ms", f.url, o.error, wait);
    } else {
      o.status = UrlStatus::kFailed;
    }
  }
  if (o.status == UrlStatus::kFailed) {
    ++hc.errors;
    ++summary_.total.errors;
    spdlog::info("{}: {}", f.url, o.error);
  }
  if (auto ok = in_transaction(); !ok) return ok;
  auto found = add_links(std::move(new_urls));
  if (!found) return tl::unexpected(found.error());
  if (o.status != UrlStatus::kQueued) o.revisit = next_revisit(job, o, *found > 0);
  return frontier_.record(o);
}

UrlRevisit Crawl::next_revisit(const Job& job, const UrlOutcome& o, bool found_new) const {
  const UrlRow& row = job.row;
  const std::int64_t now = schedule_now();
  UrlRevisit r;
  if (row.is_seed || o.hub) {
    if (o.status == UrlStatus::kFailed) {
      r.failures = row.failures + 1;
      if (schedule_.source_retired(r.failures)) {
        spdlog::warn("{}: source retired after {} failed visits in a row (last: {})", row.url,
                     r.failures, o.error);
        return r;
      }
      r.interval_ms = row.visit_interval_ms > 0 ? row.visit_interval_ms
                                                : schedule_.source_interval_ms(0, false);
    } else {
      r.interval_ms = schedule_.source_interval_ms(row.visit_interval_ms, found_new);
    }
    r.next_visit_at_ms = now + r.interval_ms;
    return r;
  }
  // An article page (written now or on an earlier visit) that still answers.
  const bool article = job.article_written || job.article_unchanged || !row.content_hash.empty();
  if (article && o.status == UrlStatus::kDone) {
    r.visits = row.visits + 1;
    if (const auto delay = schedule_.article_delay_ms(r.visits)) r.next_visit_at_ms = now + *delay;
  }
  return r;
}

Expected<void> Crawl::handle(Job& job) {
  --outstanding_;
  if (!job.failure.empty()) return fail("crawl", job.failure);
  return job.is_robots ? handle_robots(job) : handle_page(job);
}

void Crawl::draw_progress(bool force) {
  if (!options_.progress || (!force && !progress_.due())) return;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  progress_.draw(fmt::format(
      "fetched {}  articles {}  queued ~{}  errors {}  {:.0f} pages/s", summary_.total.fetched,
      summary_.total.articles, std::max<std::int64_t>(queued_estimate_, 0), summary_.total.errors,
      seconds > 0 ? static_cast<double>(summary_.total.fetched) / seconds : 0.0));
}

Expected<CrawlSummary> Crawl::run() {
  if (auto ok = prepare(); !ok) return tl::unexpected(ok.error());
  threads_ = c_.extract_threads;
  if (threads_ == 0) threads_ = std::max(1u, std::thread::hardware_concurrency());
  Fetcher* fetcher = fetcher_.get();
  pool_ = std::make_unique<WorkerPool>(
      threads_, [this](Job& job) { work(job); }, [fetcher] { fetcher->wakeup(); });

  Expected<void> status;
  while (status) {
    for (auto& job : pool_->take_done()) {
      status = handle(job);
      if (!status) break;
    }
    if (!status) break;
    if (options_.stop != nullptr && options_.stop->load()) stopping_ = true;
    status = schedule_fetches();
    if (!status) break;
    status = commit();
    if (!status) break;
    if (fetcher_->active() == 0 && outstanding_ == 0) {
      if (stopping_) break;
      if (ready_.empty()) {
        // Nothing scheduled: the frontier may still hold URLs another process added.
        auto hosts = frontier_.hosts_with_queued();
        if (!hosts) {
          status = tl::unexpected(hosts.error());
          break;
        }
        if (hosts->empty()) {
          summary_.finished = true;
          break;
        }
        for (const auto& name : *hosts) {
          Host& h = host(name);
          h.db_may_have_more = true;
          schedule(h, now_ms());
        }
        continue;
      }
    }
    std::int64_t wait = 200;
    if (!ready_.empty() && !stopping_ && fetcher_->active() < c_.concurrency) {
      wait = std::clamp<std::int64_t>(ready_.top().first - now_ms(), 0, 200);
    }
    for (auto& result : fetcher_->poll(std::chrono::milliseconds(wait)))
      on_fetched(std::move(result));
    draw_progress(false);
  }
  // Drain: workers finish what they hold, so nothing fetched is lost.
  while (outstanding_ > 0 && pool_) {
    for (auto& job : pool_->take_done()) {
      auto handled = handle(job);
      if (status && !handled) status = handled;
    }
    if (outstanding_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pool_.reset();
  if (status) {
    // Claimed but not fetched (a stopped crawl) goes back to the queue.
    std::vector<std::int64_t> unfetched;
    for (auto& [name, h] : hosts_) {
      for (const auto& r : h.window) unfetched.push_back(r.id);
    }
    if (auto ok = in_transaction(); !ok) status = ok;
    if (status && !unfetched.empty()) status = frontier_.release(unfetched);
    if (status) status = commit();
  }
  progress_.clear();
  if (!status) return tl::unexpected(status.error());
  if (auto ok = sink_->close(); !ok) return tl::unexpected(ok.error());
  auto counts = frontier_.counts();
  if (counts) summary_.queued_left = counts->queued;
  summary_.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return summary_;
}

}  // namespace

Expected<CrawlSummary> run_crawl(const CrawlOptions& options) {
  const CrawlConfig& c = options.config.crawl;
  const std::filesystem::path data(options.config.data_dir);
  auto lock = CrawlLock::acquire(data.string());
  if (!lock) return tl::unexpected(lock.error());
  auto scope = CrawlScope::create(c);
  if (!scope) return tl::unexpected(scope.error());
  auto frontier = Frontier::open((data / "crawl.sqlite").string(), true);
  if (!frontier) return tl::unexpected(frontier.error());
  FetchOptions fo;
  fo.user_agent = c.user_agent;
  fo.connect_timeout =
      std::chrono::milliseconds(static_cast<long>(c.connect_timeout_seconds * 1000));
  fo.timeout = std::chrono::milliseconds(static_cast<long>(c.timeout_seconds * 1000));
  fo.low_speed_bytes = c.low_speed_bytes;
  fo.low_speed_seconds = c.low_speed_seconds;
  fo.max_body_bytes = c.max_body_bytes;
  fo.accept_encoding = c.accept_encoding;
  fo.content_types = c.content_types;
  fo.max_connections = c.concurrency;
  auto fetcher = Fetcher::create(fo);
  if (!fetcher) return tl::unexpected(fetcher.error());
  WarcWriterOptions wo;
  wo.directory = (data / "archive").string();
  wo.max_file_bytes = std::uint64_t{c.warc_max_mib} << 20;
  wo.user_agent = c.user_agent;
  auto warc = WarcWriter::open(wo);
  if (!warc) return tl::unexpected(warc.error());
  ArticleSinkOptions so;
  so.directory = (data / "articles").string();
  auto sink = ArticleSink::open(so);
  if (!sink) return tl::unexpected(sink.error());
  Crawl crawl(options, std::move(*frontier), std::move(*scope), std::move(*fetcher),
              std::move(*warc), std::move(*sink));
  return crawl.run();
}

Expected<std::size_t> add_seeds(const Config& config, const std::vector<std::string>& urls,
                                std::istream* lines, const std::string& lines_name) {
  constexpr std::size_t kBatch = 10000;
  const auto seed = [](const std::string& url) {
    NewUrl u;
    u.url = url;
    u.host = url_authority(url);
    u.is_seed = true;
    return u;
  };
  std::vector<NewUrl> batch;
  for (const auto& s : urls) {
    const auto url = normalize_url(s);
    if (!url) return fail(s, "not an http(s) URL");
    batch.push_back(seed(*url));
  }
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return fail(config.data_dir, ec.message());
  auto frontier =
      Frontier::open((std::filesystem::path(config.data_dir) / "crawl.sqlite").string(), false);
  if (!frontier) return tl::unexpected(frontier.error());
  std::size_t queued = 0;
  const auto flush = [&]() -> Expected<void> {
    if (batch.empty()) return {};
    if (auto ok = frontier->begin(); !ok) return ok;
    auto n = frontier->add_seeds(batch);
    if (!n) return tl::unexpected(n.error());
    queued += *n;
    batch.clear();
    return frontier->commit();
  };
  if (auto ok = flush(); !ok) return tl::unexpected(ok.error());
  if (lines != nullptr) {
    std::string line;
    std::size_t number = 0;
    while (std::getline(*lines, line)) {
      ++number;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty() || line.front() == '#') continue;
      const auto url = normalize_url(line);
      if (!url) {
        spdlog::warn("{}:{}: not an http(s) URL, skipped", lines_name, number);
        continue;
      }
      batch.push_back(seed(*url));
      if (batch.size() >= kBatch) {
        if (auto ok = flush(); !ok) return tl::unexpected(ok.error());
      }
    }
    if (auto ok = flush(); !ok) return tl::unexpected(ok.error());
  }
  return queued;
}

}  // namespace gazette::crawler
