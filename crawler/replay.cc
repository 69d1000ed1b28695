#include "crawler/replay.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/time.h"
#include "crawler/archived_page.h"
#include "crawler/article_sink.h"
#include "crawler/crawl_lock.h"
#include "crawler/finish_article.h"
#include "crawler/page_analysis.h"
#include "crawler/page_outcome.h"
#include "crawler/revisits.h"
#include "crawler/warc_reader.h"
#include "crawler/worker_pool.h"

namespace gazette::crawler {
namespace {

// One capture to analyse (a response or resource record, or a revisit resolved to one), and
// what became of it.
struct ReplayJob {
  std::uint64_t seq = 0;
  std::size_t file = 0;  // index of the file that holds the record (the revisit's, for a revisit)
  WarcRecord record;
  UrlEvidence evidence;
  // Set by analyse():
  bool page = false;
  std::optional<Article> article;
  std::string skipped;  // why no article
  std::string warning;  // a line for the log, naming the URL
};

void analyse(ReplayJob& job, std::size_t max_inflated) {
  const WarcRecord record = std::move(job.record);
  auto page = archived_page(record, max_inflated);
  if (!page) {
    if (page.error().reason == "body does not decode") {
      job.warning = fmt::format("{}: {}", record.header("WARC-Target-URI"), page.error().detail);
    }
    job.skipped = page.error().reason;
    return;
  }
  job.page = true;
  PageAnalysis analysis =
      analyze_page(page->url, page->content_type, page->body, page->fetched, max_inflated);
  if (!analysis.error.empty()) {
    job.warning = fmt::format("{}: {}", page->url, analysis.error);
    job.skipped = "body does not decode";
    return;
  }
  if (!analysis.article) {
    job.skipped = analysis.is_discovery ? "feed or sitemap" : "not an article";
    return;
  }
  // The revisions the crawl wrote are not known here: the records carry none.
  if (!finish_article(*analysis.article, job.evidence, std::nullopt, page->fetched)) {
    job.skipped = "not an article";
    return;
  }
  job.article = std::move(analysis.article);
}

// Analyses jobs on worker threads and hands each back to `write` on the submitting thread, in
// the order they were submitted. At most `limit` jobs are in flight: submit() waits (writing what
// is done) while that many are.
class Pipeline {
 public:
  using Writer = std::function<Expected<void>(ReplayJob&)>;

  Pipeline(unsigned threads, std::size_t max_inflated, Writer write)
      : limit_(std::size_t{threads} * 4),
        write_(std::move(write)),
        pool_(
            threads, [max_inflated](ReplayJob& job) { analyse(job, max_inflated); },
            [this] {
              {
                std::lock_guard lock(mutex_);
                ++finished_;
              }
              finished_changed_.notify_one();
            }) {}

  Expected<void> submit(ReplayJob job) {
    job.seq = submitted_++;
    pool_.submit(std::move(job));
    return drain(limit_ - 1);
  }

  // Writes every job; after an error, waits for the rest without writing them.
  Expected<void> finish() { return drain(0); }

 private:
  // Writes the finished jobs that are next in order, until at most `in_flight` are left.
  Expected<void> drain(std::size_t in_flight) {
    while (true) {
      std::uint64_t seen = 0;
      {
        std::lock_guard lock(mutex_);
        seen = finished_;
      }
      for (auto& job : pool_.take_done()) done_.emplace(job.seq, std::move(job));
      while (!done_.empty() && done_.begin()->first == written_) {
        auto node = done_.extract(done_.begin());
        ++written_;
        if (status_) status_ = write_(node.mapped());
      }
      if (submitted_ - written_ <= in_flight) return status_;
      std::unique_lock lock(mutex_);
      finished_changed_.wait(lock, [&] { return finished_ > seen; });
    }
  }

  const std::size_t limit_;
  Writer write_;
  std::uint64_t submitted_ = 0;
  std::uint64_t written_ = 0;
  std::map<std::uint64_t, ReplayJob> done_;  // finished, waiting for an earlier job
  Expected<void> status_;
  std::mutex mutex_;
  std::condition_variable finished_changed_;
  std::uint64_t finished_ = 0;  // guarded by mutex_
  WorkerPool<ReplayJob> pool_;  // last: its workers use the members above until it is joined
};

// Reads every record of `file`: `capture` is called for each response and resource record with
// the evidence of the metadata record that follows it (the crawl archives feed and sitemap
// dates so), `other` for every record (captures included, first). Damage is passed to `damage`
// and reading goes on (a file that cannot be opened too).
void read_file(const std::string& file,
               const std::function<Expected<void>(WarcRecord&, const UrlEvidence&)>& capture,
               const std::function<void(const WarcRecord&)>& other,
               const std::function<void(const Error&)>& damage, Expected<void>& status,
               WarcSkipped* skipped) {
  auto reader = WarcReader::open(file);
  if (!reader) {
    damage(reader.error());
    return;
  }
  struct Pending {
    std::string id;
    WarcRecord record;
    UrlEvidence evidence;
  };
  std::optional<Pending> pending;
  const auto flush = [&] {
    if (pending && status) status = capture(pending->record, pending->evidence);
    pending.reset();
  };
  while (status) {
    auto next = reader->next();
    if (!next) {  // a damaged region: the reader goes on after it
      damage(next.error());
      continue;
    }
    if (!*next) break;
    WarcRecord& record = **next;
    other(record);
    const std::string type = record.type();
    if (type == "metadata" && pending && record.header("WARC-Concurrent-To") == pending->id) {
      pending->evidence = evidence_from_warc_fields(record.block);
      continue;
    }
    if (type != "response" && type != "resource") continue;
    flush();
    pending = Pending{record.header("WARC-Record-ID"), std::move(record), {}};
  }
  flush();
  if (skipped != nullptr) *skipped = reader->skipped();
}

}  // namespace

Expected<std::vector<std::string>> warc_files(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  for (const auto& arg : args) {
    std::error_code ec;
    std::vector<std::string> found;
    if (std::filesystem::is_directory(arg, ec)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".warc") || name.ends_with(".warc.gz")) found.push_back(entry.path());
      }
      if (!ec && found.empty()) return fail(arg, "no .warc or .warc.gz file in this directory");
    }
    if (found.empty()) {
      files.push_back(arg);
      continue;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

Expected<ReplaySummary> replay_warcs(const std::string& data_dir,
                                     const std::vector<std::string>& files,
                                     const ReplayOptions& options) {
  auto lock = CrawlLock::acquire(data_dir);
  if (!lock) return tl::unexpected(lock.error());
  ArticleSinkOptions so;
  so.directory = (std::filesystem::path(data_dir) / "articles").string();
  so.prefix = "replay";
  auto sink = ArticleSink::open(so);
  if (!sink) return tl::unexpected(sink.error());

  const auto started = std::chrono::steady_clock::now();
  ReplaySummary summary;
  std::vector<std::uint64_t> file_records(files.size()), file_pages(files.size());
  ProgressLine progress;
  const auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  const auto draw_progress = [&] {
    if (!options.progress || !progress.due()) return;
    progress.draw(fmt::format("replay: {} records, {} pages, {} articles ({:.0f} pages/s)",
                              summary.records, summary.pages, summary.articles,
                              static_cast<double>(summary.pages) / std::max(seconds(), 1e-3)));
  };

  const unsigned threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  Pipeline pipeline(threads, options.max_inflated, [&](ReplayJob& job) -> Expected<void> {
    if (!job.warning.empty()) {
      progress.clear();
      spdlog::warn("{}", job.warning);
    }
    if (job.page) {
      ++summary.pages;
      ++file_pages[job.file];
    }
    draw_progress();
    if (!job.article) {
      ++summary.skipped[job.skipped];
      return {};
    }
    if (auto ok = (*sink)->write(*job.article); !ok) return ok;
    ++summary.articles;
    return {};
  });

  Revisits revisits;
  std::size_t file_index = 0;
  Expected<void> status;
  // The captures of revisits that `record` is the original of.
  const auto submit_revisits = [&](const WarcRecord& record) -> Expected<void> {
    for (auto& capture : revisits.resolve(record)) {
      ++summary.revisits_resolved;
      ReplayJob job;
      job.file = capture.source;
      job.record = std::move(capture.record);
      if (auto ok = pipeline.submit(std::move(job)); !ok) return ok;
    }
    return {};
  };
  const auto capture = [&](WarcRecord& record, const UrlEvidence& evidence) -> Expected<void> {
    if (auto ok = submit_revisits(record); !ok) return ok;
    ReplayJob job;
    job.file = file_index;
    job.record = std::move(record);
    job.evidence = evidence;
    return pipeline.submit(std::move(job));
  };
  const auto count = [&](const WarcRecord& record) {
    ++summary.records;
    ++file_records[file_index];
    const std::string type = record.type();
    ++summary.record_types[type.empty() ? "(no WARC-Type)" : type];
    if (type == "revisit") revisits.add(record, file_index);
  };
  const auto report = [&](const Error& error) {
    progress.clear();
    spdlog::error("{}", error.to_string());
    summary.errors.push_back(error);
  };
  for (file_index = 0; file_index < files.size() && status; ++file_index) {
    WarcSkipped skipped;
    read_file(files[file_index], capture, count, report, status, &skipped);
    summary.skipped_records += skipped.records;
    summary.skipped_bytes += skipped.bytes;
  }
  // Revisits met after their original: the files are read again for the originals still wanted
  // (only their captures are analysed; records and damage were counted the first time).
  if (status && revisits.waiting()) {
    const auto originals = [&](WarcRecord& record, const UrlEvidence&) {
      return submit_revisits(record);
    };
    for (file_index = 0; file_index < files.size() && status && revisits.waiting(); ++file_index) {
      read_file(
          files[file_index], originals, [](const WarcRecord&) {}, [](const Error&) {}, status,
          nullptr);
    }
  }
  if (auto ok = pipeline.finish(); status && !ok) status = ok;
  if (!status) return tl::unexpected(status.error());
  if (revisits.waiting()) {
    summary.skipped["revisit of a capture not in these files"] += revisits.waiting_count();
  }
  progress.clear();
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (file_records[i] > 0 && file_pages[i] == 0) {
      spdlog::warn(
          "{}: {} records and no page (no response, resource or resolved revisit record of an "
          "HTML document answered 200)",
          files[i], file_records[i]);
    }
  }
  if (auto ok = (*sink)->close(); !ok) return tl::unexpected(ok.error());
  summary.seconds = seconds();
  return summary;
}

}  // namespace gazette::crawler
