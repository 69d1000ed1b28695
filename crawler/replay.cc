#include "crawler/replay.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include <spdlog/spdlog.h>

#include "common/time.h"
#include "common/url.h"
#include "crawler/archived_page.h"
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

  std::uint64_t file_pages = 0;
  const auto skip = [&](const std::string& reason) { ++summary.skipped[reason]; };
  const auto process = [&](PendingResponse& p) -> Expected<void> {
    auto page = archived_page(p.record, max_inflated);
    if (!page) {
      if (page.error().reason == "body does not decode") {
        spdlog::warn("{}: {}", p.record.header("WARC-Target-URI"), page.error().detail);
      }
      skip(page.error().reason);
      return {};
    }
    ++summary.pages;
    ++file_pages;
    PageAnalysis analysis =
        analyze_page(page->url, page->content_type, page->body, page->fetched, max_inflated);
    if (!analysis.error.empty()) {
      spdlog::warn("{}: {}", page->url, analysis.error);
      skip("body does not decode");
      return {};
    }
    if (!analysis.article) {
      skip(analysis.is_discovery ? "feed or sitemap" : "not an article");
      return {};
    }
    // The revisions the crawl wrote are not known here: the records carry none.
    if (!finish_article(*analysis.article, p.evidence, std::nullopt, page->fetched)) {
      skip("not an article");
      return {};
    }
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
    std::uint64_t file_records = 0;
    file_pages = 0;
    while (true) {
      auto next = reader->next();
      if (!next) {  // a damaged region: the reader goes on after it
        spdlog::error("{}", next.error().to_string());
        summary.errors.push_back(next.error());
        continue;
      }
      if (!*next) break;
      ++summary.records;
      ++file_records;
      WarcRecord& record = **next;
      const std::string type = record.type();
      ++summary.record_types[type.empty() ? "(no WARC-Type)" : type];
      if (type == "metadata" && pending && record.header("WARC-Concurrent-To") == pending->id) {
        pending->evidence = evidence_from_warc_fields(record.block);
        continue;
      }
      if (type != "response" && type != "resource") continue;
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
    if (file_records > 0 && file_pages == 0) {
      spdlog::warn(
          "{}: {} records and no page (no response or resource record of an HTML "
          "document answered 200)",
          file, file_records);
    }
  }
  if (auto ok = (*sink)->close(); !ok) return tl::unexpected(ok.error());
  return summary;
}

}  // namespace gazette::crawler
