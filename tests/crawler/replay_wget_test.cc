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

// The sample site served on loopback and crawled by Gazette; `list` holds the URLs of the
// articles the crawl made, for wget.
class ReplayWget : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/usr/bin/wget")) GTEST_SKIP() << "wget is not installed";
    ASSERT_TRUE(crawl_once(config).finished);
    crawled = articles_of(config.data_dir, "");
    ASSERT_GE(crawled.size(), 50u);
    std::ofstream out(list);
    for (const auto& [url, _] : crawled) out << url << "\n";
  }

  ListeningProcess server{
      {GAZETTE_SITE_SERVER_BIN, "--root", GAZETTE_SAMPLE_SITE, "--listen", "127.0.0.1:0"}};
  TempDir dir;
  const Config config = crawl_test_config(dir, {server.base_url() + "/"});
  std::map<std::string, std::pair<std::string, std::string>> crawled;
  const std::string list = dir.file("urls.txt");
};

TEST_F(ReplayWget, AWgetWarcOfTheSampleSiteGivesTheCrawlsArticles) {
  // wget fetches the pages the crawl made articles of, and what they link as page requisites.
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

// wget --warc-dedup writes a revisit record for every page whose payload the CDX of an earlier
// capture lists. Replayed together with that capture, each revisit becomes a capture of its page
// (the articles are the crawl's, every URL a second time, later); replayed alone, they are
// counted as revisits of captures not in the files, and nothing is made up.
TEST_F(ReplayWget, WgetRevisitRecordsResolveToTheEarlierCapture) {
  const auto wget = [&](const std::string& name, const std::string& cdx_option) {
    const auto run =
        run_process({"/usr/bin/wget", "--quiet", "--input-file=" + list, "--tries=1",
                     "--timeout=20", "--directory-prefix=" + dir.file(name),
                     "--warc-file=" + dir.file(name), "--no-warc-keep-log", cdx_option});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return dir.file(name + ".warc.gz");
  };
  const std::string first = wget("first", "--warc-cdx");
  const std::string second = wget("second", "--warc-dedup=" + dir.file("first.cdx"));

  TempDir alone;
  const auto only_second = crawler::replay_warcs(alone.file("data"), {second}, {.progress = false});
  ASSERT_TRUE(only_second) << only_second.error().to_string();
  EXPECT_EQ(only_second->record_types.at("revisit"), crawled.size());
  EXPECT_EQ(only_second->articles, 0u);
  EXPECT_EQ(only_second->skipped.at("revisit of a capture not in these files"), crawled.size());

  TempDir both;
  const auto replayed =
      crawler::replay_warcs(both.file("data"), {second, first}, {.progress = false});
  ASSERT_TRUE(replayed) << replayed.error().to_string();
  EXPECT_TRUE(replayed->errors.empty());
  EXPECT_EQ(replayed->revisits_resolved, crawled.size());
  EXPECT_EQ(replayed->articles, 2 * crawled.size());
  EXPECT_EQ(articles_of(both.file("data"), "replay"), crawled);
}

}  // namespace
}  // namespace gazette::testing
