// The main job on the bundled sample site: gazette-site-server serves samples/site on loopback,
// the crawl starts from the home page only and must find the articles through links, the feed
// and the sitemaps, keep out of the path robots.txt disallows, and write records the indexer
// accepts (read_articles parses every line with the indexer's parser).
#include <set>

#include <gtest/gtest.h>

#include "tests/crawler/crawl_helpers.h"
#include "tests/support/file_size_limit.h"
#include "tests/support/listening_process.h"

namespace gazette::testing {
namespace {

TEST(CrawlSampleSite, FindsTheArticlesAndKeepsOutOfPrivate) {
  ListeningProcess server(
      {GAZETTE_SITE_SERVER_BIN, "--root", GAZETTE_SAMPLE_SITE, "--listen", "127.0.0.1:0"});
  TempDir dir;
  const Config config = crawl_test_config(dir, {server.base_url() + "/"});
  const auto summary = crawl_once(config);
  EXPECT_TRUE(summary.finished);
  EXPECT_EQ(summary.total.errors, 0u);
  EXPECT_GE(summary.total.disallowed, 1u);  // the staff area is linked from every page
  const auto articles = read_articles(config.data_dir);
  std::set<std::string> urls, sections;
  for (const auto& a : articles) {
    urls.insert(a.url);
    EXPECT_EQ(a.url.find("/private/"), std::string::npos) << a.url;
    EXPECT_FALSE(a.title.empty()) << a.url;
    EXPECT_EQ(a.text.find("Scroll to Top"), std::string::npos) << a.url;
    sections.insert(
        a.url.substr(server.base_url().size(),
                     a.url.find('/', server.base_url().size() + 1) - server.base_url().size()));
  }
  EXPECT_EQ(urls.size(), articles.size());  // each article written once
  EXPECT_GE(articles.size(), 50u);          // the site has 52 articles
  EXPECT_GE(sections.size(), 3u);
}

// The disk fills at a different point of each crawl (a file may not grow past `room`: the WARC,
// an article file or crawl.sqlite is the first to fail). The crawl must end with an error, never
// hang (ctest's timeout fails a hang), and a crawl with room again must find every article. (A
// page whose line was written but whose row could not be marked done is fetched and written
// again: a second line for the same URL, which the indexer takes as a revision.)
TEST(CrawlSampleSite, AFullDiskEndsTheCrawlAndTheNextOneLosesNothing) {
  ListeningProcess server(
      {GAZETTE_SITE_SERVER_BIN, "--root", GAZETTE_SAMPLE_SITE, "--listen", "127.0.0.1:0"});
  for (rlim_t room = 8 * 1024; room <= 512 * 1024; room += room / 3) {
    TempDir dir;
    const Config config = crawl_test_config(dir, {server.base_url() + "/"});
    {
      FileSizeLimit full(room);
      crawler::CrawlOptions options;
      options.config = config;
      options.progress = false;
      const auto summary = crawler::run_crawl(options);
      if (summary) {
        EXPECT_TRUE(summary->finished) << room;
      }
    }
    const auto summary = crawl_once(config);
    EXPECT_TRUE(summary.finished) << room;
    const auto articles = read_articles(config.data_dir);
    std::set<std::string> urls;
    for (const auto& a : articles) urls.insert(a.url);
    EXPECT_GE(urls.size(), 50u) << room;
  }
}

}  // namespace
}  // namespace gazette::testing
