// A WARC written by another tool: Debian's wget archives the sample site, served on loopback, and
// replaying its WARC must give the articles Gazette's own crawl wrote from the same pages (wget
// writes WARC/1.0 with the target URIs in angle brackets, request records, and the stylesheet
// the pages link, which is no article).
#include <filesystem>
#include <fstream>
#include <map>
#include <utility>

#include <gtest/gtest.h>

#include "crawler/replay.h"
#include "tests/crawler/crawl_helpers.h"
#include "tests/support/listening_process.h"
#include "tests/support/process.h"

namespace gazette::testing {
namespace {

// url -> (title, text) of every article under <data>/articles with the name prefix.
std::map<std::string, std::pair<std::string, std::string>> articles_of(const std::string& data_dir,
                                                                       const std::string& prefix) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& a : read_articles(data_dir, prefix)) out[a.url] = {a.title, a.text};
  return out;
}

TEST(ReplayWget, AWgetWarcOfTheSampleSiteGivesTheCrawlsArticles) {
  if (!std::filesystem::exists("/usr/bin/wget")) GTEST_SKIP() << "wget is not installed";
  ListeningProcess server(
      {GAZETTE_SITE_SERVER_BIN, "--root", GAZETTE_SAMPLE_SITE, "--listen", "127.0.0.1:0"});
  TempDir dir;
  const Config config = crawl_test_config(dir, {server.base_url() + "/"});
  ASSERT_TRUE(crawl_once(config).finished);
  const auto crawled = articles_of(config.data_dir, "");
  ASSERT_GE(crawled.size(), 50u);

  // wget fetches the pages the crawl made articles of, and what they link as page requisites.
  const std::string list = dir.file("urls.txt");
  {
    std::ofstream out(list);
    for (const auto& [url, _] : crawled) out << url << "\n";
  }
  const auto wget =
      run_process({"/usr/bin/wget", "--quiet", "--input-file=" + list, "--page-requisites",
                   "--tries=1", "--timeout=20", "--directory-prefix=" + dir.file("mirror"),
                   "--warc-file=" + dir.file("wget"), "--no-warc-keep-log"});
  ASSERT_EQ(wget.exit_code, 0) << wget.err;
  const std::string warc = dir.file("wget.warc.gz");
  ASSERT_TRUE(std::filesystem::exists(warc));

  TempDir other;
  const auto replayed = crawler::replay_warcs(other.file("data"), {warc});
  ASSERT_TRUE(replayed) << replayed.error().to_string();
  EXPECT_TRUE(replayed->errors.empty());
  EXPECT_EQ(replayed->articles, crawled.size());
  EXPECT_EQ(articles_of(other.file("data"), "replay"), crawled);
  EXPECT_GE(replayed->record_types.at("request"), crawled.size());
  EXPECT_GE(replayed->record_types.at("warcinfo"), 1u);
  EXPECT_GE(replayed->skipped.at("not HTML"), 1u);  // site.css, fetched as a page requisite
}

}  // namespace
}  // namespace gazette::testing
