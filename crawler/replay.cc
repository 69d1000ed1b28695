#include "crawler/replay.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include <spdlog/spdlog.h>

#include "common/time.h"
#include "common/url.h"
#include "crawler/article_sink.h"
#include "crawler/crawl_lock.h"
#include "crawler/finish_article.h"
#include "crawler/page_analysis.h"
#include "crawler/page_outcome.h"
#include "crawler/warc_reader.h"

namespace gazette::crawler {
namespace {

// A response waiting for the metadata record that may follow it.
struct PendingResponse {
  std::string id;
  WarcRecord record;
  UrlEvidence evidence;
};

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
                                     std::size_t max_inflated) {
  auto lock = CrawlLock::acquire(data_dir);
  if (!lock) return tl::unexpected(lock.error());
  ArticleSinkOptions so;
  so.directory = (std::filesystem::path(data_dir) / "articles").string();
  so.prefix = "replay";
  auto sink = ArticleSink::open(so);
  if (!sink) return tl::unexpected(sink.error());
  ReplaySummary summary;

  const auto process = [&](PendingResponse& p) -> Expected<void> {
    const auto http = parse_http_response(p.record.block);
    const auto url = normalize_url(p.record.header("WARC-Target-URI"));
    if (!http || !url ||
        !is_page_response(*url, http->status, p.record.header("WARC-Truncated").empty())) {
      return {};
    }
    ++summary.responses;
    const DateTime fetched =
        parse_iso8601(p.record.header("WARC-Date")).value_or(DateTime{now_unix_seconds(), 0});
    PageAnalysis analysis =
        analyze_page(*url, http->header("Content-Type"), http->body, fetched, max_inflated);
    if (!analysis.error.empty()) {
      spdlog::warn("{}: {}", *url, analysis.error);
      ++summary.unreadable_bodies;
      return {};
    }
    if (!analysis.article) return {};
    // The revisions the crawl wrote are not known here: the records carry none.
    if (!finish_article(*analysis.article, p.evidence, std::nullopt, fetched)) return {};
    if (auto ok = (*sink)->write(*analysis.article); !ok) return ok;
    ++summary.articles;
    return {};
  };

  for (const auto& file : files) {
    auto reader = WarcReader::open(file);
    if (!reader) {
      spdlog::error("{}", reader.error().to_string());
      summary.errors.push_back(reader.error());
      continue;
    }
    std::optional<PendingResponse> pending;
    while (true) {
      auto next = reader->next();
      if (!next) {  // a damaged region: the reader goes on after it
        spdlog::error("{}", next.error().to_string());
        summary.errors.push_back(next.error());
        continue;
      }
      if (!*next) break;
      ++summary.records;
      WarcRecord& record = **next;
      const std::string type = record.type();
      if (type == "metadata" && pending && record.header("WARC-Concurrent-To") == pending->id) {
        pending->evidence = evidence_from_warc_fields(record.block);
        continue;
      }
      if (type != "response") continue;
      if (pending) {
        if (auto ok = process(*pending); !ok) return tl::unexpected(ok.error());
      }
      pending = PendingResponse{record.header("WARC-Record-ID"), std::move(record), {}};
    }
    if (pending) {
      if (auto ok = process(*pending); !ok) return tl::unexpected(ok.error());
    }
    summary.skipped_records += reader->skipped().records;
    summary.skipped_bytes += reader->skipped().bytes;
  }
  if (auto ok = (*sink)->close(); !ok) return tl::unexpected(ok.error());
  return summary;
}

}  // namespace gazette::crawler
