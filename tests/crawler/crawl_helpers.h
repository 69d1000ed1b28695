// Shared by the crawl tests: a test configuration (short delays and timeouts, loopback only)
// and readers for what a crawl leaves in its data directory.
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/article.h"
#include "common/config.h"
#include "crawler/crawl.h"
#include "tests/support/temp_dir.h"

namespace gazette::testing {

inline Config crawl_test_config(const TempDir& dir, std::vector<std::string> seeds) {
  Config c;
  c.data_dir = dir.file("data");
  c.crawl.seeds = std::move(seeds);
  c.crawl.delay_seconds = 0;
  c.crawl.connect_timeout_seconds = 5;
  c.crawl.timeout_seconds = 10;
  c.crawl.retries = 2;
  c.crawl.retry_backoff_seconds = 0.05;
  c.crawl.extract_threads = 2;
  return c;
}

// `clock`: the revisit schedule's clock (ms since the epoch); the system clock when empty.
inline crawler::CrawlSummary crawl_once(const Config& c, std::uint64_t max_pages = 0,
                                        std::function<std::int64_t()> clock = {}) {
  crawler::CrawlOptions options;
  options.config = c;
  options.max_pages = max_pages;
  options.progress = false;
  options.schedule_clock = std::move(clock);
  auto summary = crawler::run_crawl(options);
  if (!summary) ADD_FAILURE() << summary.error().to_string();
  return summary ? *summary : crawler::CrawlSummary{};
}

// Every article line under <data>/articles, in file-name then line order. A line that does not
// parse fails the test, and so does a leftover part file.
inline std::vector<Article> read_articles(const std::string& data_dir,
                                          const std::string& prefix = "") {
  std::vector<std::string> files;
  const auto dir = std::filesystem::path(data_dir) / "articles";
  if (!std::filesystem::exists(dir)) return {};
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    EXPECT_FALSE(name.ends_with(".part")) << "part file left behind: " << name;
    if (name.ends_with(".jsonl") && name.rfind(prefix, 0) == 0) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Article> articles;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      auto a = parse_article(line);
      if (!a) {
        ADD_FAILURE() << f << ":" << number << ": " << a.error().to_string();
        continue;
      }
      articles.push_back(std::move(*a));
    }
  }
  return articles;
}

inline std::map<std::string, Article> by_url(const std::vector<Article>& articles) {
  std::map<std::string, Article> out;
  for (const auto& a : articles) out[a.url] = a;
  return out;
}

inline std::vector<std::string> warc_files(const std::string& data_dir) {
  std::vector<std::string> files;
  const auto dir = std::filesystem::path(data_dir) / "archive";
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace gazette::testing
