// kill -9 in the middle of a crawl (the real gazette-crawl binary), then a restart: the crawl
// continues where it stopped, pages whose results were committed are not fetched again, and the
// articles files hold no torn line.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/crawler/crawl_helpers.h"
#include "tests/crawler/test_server.h"
#include "tests/support/process.h"

namespace gazette::testing {
namespace {

using namespace std::chrono_literals;

TEST(CrawlResume, KillNineThenRestartContinuesWithoutRefetching) {
  constexpr int kPages = 60;
  TestServer site;
  std::vector<std::string> links;
  for (int i = 0; i < kPages; ++i) {
    links.push_back("/story/" + std::to_string(i));
    const std::string page = article_page("Resumable story number " + std::to_string(i));
    site.server().Get(links.back(), [page](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(15ms);  // slow enough to be killed mid-crawl
      res.set_content(page, "text/html");
    });
  }
  site.server().Get("/", [&links](const httplib::Request&, httplib::Response& res) {
    res.set_content(front_page(links), "text/html");
  });
  site.start();
  TempDir dir;
  const std::string config_path = dir.file("gazette.toml");
  std::ofstream(config_path) << "data_dir = \"" << dir.file("data") << "\"\n"
                             << "[crawl]\nseeds = [\"" << site.url("/") << "\"]\n"
                             << "delay_seconds = 0.0\nretry_backoff_seconds = 0.05\n";

  const pid_t pid = start_process({GAZETTE_CRAWL_BIN, "crawl", "--config", config_path});
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (site.requests().size() < kPages / 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  const std::size_t before_restart = site.requests().size();
  ASSERT_LT(before_restart, static_cast<std::size_t>(kPages)) << "the crawl ended before the kill";

  const auto second = run_process({GAZETTE_CRAWL_BIN, "crawl", "--config", config_path});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("crawl finished"), std::string::npos) << second.out;

  int fetched_twice = 0;
  for (const auto& l : links) {
    const int n = site.count(l);
    EXPECT_GE(n, 1) << l;
    EXPECT_LE(n, 2) << l;
    fetched_twice += n == 2 ? 1 : 0;
  }
  // Only pages whose results were not yet committed when the process died are asked again: the
  // one in flight and those between fetch and commit (a few at most on one host).
  EXPECT_LE(fetched_twice, 4);
  EXPECT_EQ(site.count("/"), 1);
  EXPECT_EQ(site.count("/robots.txt"), 1);  // cached in crawl.sqlite

  const auto articles = read_articles(dir.file("data"));  // fails on a torn or bad line
  std::set<std::string> urls;
  for (const auto& a : articles) urls.insert(a.url);
  EXPECT_EQ(urls.size(), static_cast<std::size_t>(kPages));
  EXPECT_LE(articles.size(), urls.size() + 4);  // a page written just before the kill, again
}

}  // namespace
}  // namespace gazette::testing
