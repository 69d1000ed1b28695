// The crawl loop is the imperative shell: it owns the frontier, the fetcher and the hosts' queue,
// and applies decisions made by pure functions elsewhere: what a response means
// (page_outcome.h), which links enter the frontier (link_admission.h), when a URL is visited
// again (revisit_schedule.h) and what robots.txt says (robots_policy.h). Workers archive, analyse
// and write articles (crawl_job.h).
#include "crawler/crawl.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/time.h"
#include "common/url.h"
#include "crawler/article_sink.h"
#include "crawler/crawl_job.h"
#include "crawler/crawl_lock.h"
#include "crawler/fetcher.h"
#include "crawler/frontier.h"
#include "crawler/host_queue.h"
#include "crawler/link_admission.h"
#include "crawler/page_outcome.h"
#include "crawler/revisit_schedule.h"
#include "crawler/robots_policy.h"
#include "crawler/scope.h"
#include "crawler/worker_pool.h"

namespace gazette::crawler {
namespace {

using Clock = std::chrono::system_clock;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
      .count();
}

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
        schedule_(c_),
        budget_(c_.max_pages_per_site),
        hosts_(static_cast<std::int64_t>(c_.delay_seconds * 1000)) {}

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

  Expected<void> prepare();
  Expected<void> schedule_fetches();
  Expected<bool> start_next_url(Host& h);
  void start_robots(Host& h);
  Expected<void> load_robots(Host& h);
  void on_fetched(FetchResult result);
  Expected<void> handle(CrawlJob& job);
  // Handles every job the workers have finished; the first error, if any, goes to `status`.
  void handle_done(Expected<void>& status);
  Expected<void> handle_robots(CrawlJob& job);
  Expected<void> handle_page(CrawlJob& job);
  Expected<std::size_t> enqueue(std::vector<NewUrl> urls);
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
  SiteBudget budget_;
  std::unique_ptr<WorkerPool<CrawlJob>> pool_;

  HostQueue hosts_;
  std::unordered_map<std::uint64_t, CrawlJob> in_flight_;  // by fetch token
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
    auto seed = seed_url(s);
    if (!seed) return fail("crawl.seeds", fmt::format("not an http(s) URL: {}", s));
    seeds.push_back(std::move(*seed));
  }
  if (auto added = frontier_.add(seeds); !added) return tl::unexpected(added.error());
  if (auto ok = commit(); !ok) return ok;

  auto seed_hosts = frontier_.seed_hosts();
  if (!seed_hosts) return tl::unexpected(seed_hosts.error());
  for (const auto& h : *seed_hosts) scope_.add_seed_site(h);
  auto counts = frontier_.url_count_by_host();
  if (!counts) return tl::unexpected(counts.error());
  for (const auto& [name, n] : *counts) budget_.set(name, n);
  auto queued_hosts = frontier_.hosts_with_queued();
  if (!queued_hosts) return tl::unexpected(queued_hosts.error());
  for (const auto& name : *queued_hosts) hosts_.schedule(hosts_.host(name), 0);
  auto status = frontier_.counts();
  if (!status) return tl::unexpected(status.error());
  queued_estimate_ = static_cast<std::int64_t>(status->queued);
  return {};
}

Expected<void> Crawl::load_robots(Host& h) {
  auto stored = frontier_.robots(h.name);
  if (!stored) return tl::unexpected(stored.error());
  if (*stored && (*stored)->expires_at_ms > now_ms()) {
    h.robots = rules_for(**stored, token_);
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
  CrawlJob job;
  job.is_robots = true;
  job.host = h.name;
  FetchRequest request;
  request.token = next_token_++;
  request.url = scheme + "://" + h.name + "/robots.txt";
  request.any_content_type = true;
  if (auto ok = fetcher_->start(request); !ok) {
    spdlog::warn("{}", ok.error().to_string());
    h.robots = RobotsRules::allow_all();
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
        hosts_.schedule(h, **due);
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
      summary_.add(h.name, HostCounts{.disallowed = 1});
      continue;
    }
    FetchRequest request;
    request.token = next_token_++;
    request.url = row.url;
    request.etag = row.etag;
    request.last_modified = row.last_modified;
    CrawlJob job;
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
  while (!stopping_ && fetcher_->active() < c_.concurrency && outstanding_ < max_outstanding) {
    Host* next = hosts_.pop_due(now_ms());
    if (next == nullptr) break;
    Host& h = *next;
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
  CrawlJob job = std::move(it->second);
  in_flight_.erase(it);
  Host& h = hosts_.host(job.host);
  h.busy = false;
  std::int64_t wait = h.delay_ms;
  if ((result.http_status == 429 || result.http_status == 503) && result.retry_after_seconds) {
    wait = std::max<std::int64_t>(wait,
                                  std::min<std::int64_t>(*result.retry_after_seconds, 3600) * 1000);
  }
  h.next_allowed_ms = now_ms() + wait;
  hosts_.schedule(h, h.next_allowed_ms);
  job.fetch = std::move(result);
  ++outstanding_;
  pool_->submit(std::move(job));
}

// Inserts the URLs the per-site budget lets in; returns how many were new and queued.
Expected<std::size_t> Crawl::enqueue(std::vector<NewUrl> urls) {
  std::vector<NewUrl> admitted;
  admitted.reserve(urls.size());
  for (auto& u : urls) {
    if (budget_.admits(u)) admitted.push_back(std::move(u));
  }
  urls = {};
  if (admitted.empty()) return 0;
  if (auto ok = in_transaction(); !ok) return tl::unexpected(ok.error());
  auto inserted = frontier_.add(admitted);
  if (!inserted) return tl::unexpected(inserted.error());
  std::size_t queued = 0;
  for (std::size_t i = 0; i < admitted.size(); ++i) {
    if (!(*inserted)[i]) continue;
    budget_.inserted(admitted[i]);
    if (admitted[i].status != UrlStatus::kQueued) continue;
    ++summary_.urls_added;
    ++queued;
    ++queued_estimate_;
    Host& h = hosts_.host(admitted[i].host);
    h.db_may_have_more = true;
    if (!h.busy) hosts_.schedule(h, now_ms());
  }
  return queued;
}

Expected<void> Crawl::handle_robots(CrawlJob& job) {
  Host& h = hosts_.host(job.host);
  h.robots_fetching = false;
  const FetchResult& f = job.fetch;
  RobotsAnswer answer = robots_answer(f, h.robots_failures, c_, now_ms());
  if (answer.ask_again_in_ms) {
    ++h.robots_failures;
    spdlog::warn(
        "{}/robots.txt: {}; asking again in {} ms", h.name,
        f.error != FetchError::kNone ? f.error_text : fmt::format("HTTP {}", f.http_status),
        *answer.ask_again_in_ms);
    h.next_allowed_ms = now_ms() + *answer.ask_again_in_ms;
    hosts_.schedule(h, h.next_allowed_ms);
    return {};
  }
  h.robots_failures = 0;
  h.robots = rules_for(answer.record, token_);
  h.robots_known = true;
  h.robots_expires_ms = answer.record.expires_at_ms;
  h.delay_ms = static_cast<std::int64_t>(c_.delay_seconds * 1000);
  if (const auto delay = h.robots->crawl_delay()) {
    h.delay_ms = std::max<std::int64_t>(h.delay_ms, delay->count());
    h.next_allowed_ms = now_ms() + h.delay_ms;
  }
  hosts_.schedule(h, h.next_allowed_ms);
  if (auto ok = in_transaction(); !ok) return ok;
  if (auto ok = frontier_.store_robots(h.name, answer.record); !ok) return ok;
  auto added = enqueue(robots_sitemaps(*h.robots, f.url, scope_));
  if (!added) return tl::unexpected(added.error());
  return {};
}

// Applies the page's outcome (crawler/page_outcome.h): counts, a retry's place in the host's
// schedule, the new URLs, then the row with its next visit.
Expected<void> Crawl::handle_page(CrawlJob& job) {
  const std::int64_t now = now_ms();
  PageActions actions = page_outcome(job.fetch, job.row, std::move(job.page), c_, scope_, now);
  UrlOutcome& o = actions.record;
  const std::string& url = job.fetch.url;
  summary_.add(job.host, actions.counts);
  if (o.status == UrlStatus::kQueued) {
    ++queued_estimate_;
    Host& h = hosts_.host(job.host);
    h.db_may_have_more = true;
    hosts_.schedule(h, o.next_attempt_at_ms);
    spdlog::debug("{}: {}; again in {} ms", url, o.error, o.next_attempt_at_ms - now);
  }
  if (o.status == UrlStatus::kFailed) spdlog::info("{}: {}", url, o.error);
  if (auto ok = in_transaction(); !ok) return ok;
  auto found = enqueue(std::move(actions.enqueue));
  if (!found) return tl::unexpected(found.error());
  if (o.status != UrlStatus::kQueued) {
    o.revisit = schedule_.after_visit(job.row, o, actions.article_page, *found > 0, schedule_now());
    if (o.revisit->failures > 0 && !o.revisit->next_visit_at_ms) {
      spdlog::warn("{}: source retired after {} failed visits in a row (last: {})", job.row.url,
                   o.revisit->failures, o.error);
    }
  }
  return frontier_.record(o);
}

Expected<void> Crawl::handle(CrawlJob& job) {
  --outstanding_;
  if (!job.failure.empty()) return fail("crawl", job.failure);
  return job.is_robots ? handle_robots(job) : handle_page(job);
}

void Crawl::handle_done(Expected<void>& status) {
  // Every job taken is handled, also after an error: one left unhandled would keep
  // `outstanding_` above zero, and the drain below would wait for it for ever.
  for (auto& job : pool_->take_done()) {
    auto handled = handle(job);
    if (status && !handled) status = handled;
  }
}

void Crawl::draw_progress(bool force) {
  if (!options_.progress || (!force && !progress_.due())) return;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  progress_.draw(progress_text(summary_, queued_estimate_, seconds));
}

Expected<CrawlSummary> Crawl::run() {
  if (auto ok = prepare(); !ok) return tl::unexpected(ok.error());
  threads_ = c_.extract_threads;
  if (threads_ == 0) threads_ = std::max(1u, std::thread::hardware_concurrency());
  Fetcher* fetcher = fetcher_.get();
  pool_ = std::make_unique<WorkerPool<CrawlJob>>(
      threads_,
      [this](CrawlJob& job) { process_job(job, *warc_, *sink_, scope_, c_.max_body_bytes); },
      [fetcher] { fetcher->wakeup(); });

  Expected<void> status;
  while (status) {
    handle_done(status);
    if (!status) break;
    if (options_.stop != nullptr && options_.stop->load()) stopping_ = true;
    status = schedule_fetches();
    if (!status) break;
    status = commit();
    if (!status) break;
    if (fetcher_->active() == 0 && outstanding_ == 0) {
      if (stopping_) break;
      if (hosts_.empty()) {
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
          Host& h = hosts_.host(name);
          h.db_may_have_more = true;
          hosts_.schedule(h, now_ms());
        }
        continue;
      }
    }
    std::int64_t wait = 200;
    if (!hosts_.empty() && !stopping_ && fetcher_->active() < c_.concurrency) {
      wait = std::clamp<std::int64_t>(hosts_.next_at() - now_ms(), 0, 200);
    }
    for (auto& result : fetcher_->poll(std::chrono::milliseconds(wait)))
      on_fetched(std::move(result));
    draw_progress(false);
  }
  // Drain: workers finish what they hold, so nothing fetched is lost.
  while (outstanding_ > 0 && pool_) {
    handle_done(status);
    if (outstanding_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pool_.reset();
  if (status) {
    // Claimed but not fetched (a stopped crawl) goes back to the queue.
    std::vector<std::int64_t> unfetched;
    for (auto& [name, h] : hosts_.hosts()) {
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

}  // namespace gazette::crawler
