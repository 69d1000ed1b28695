// `gazette-crawl update` end to end: the real binary crawls a small site on loopback and indexes
// what it wrote; a second cycle with nothing due does (almost) nothing; a cycle that overlaps a
// running one is refused at once with exit status 75, and so is the index step while a rebuild
// holds the index lock (the crawl's articles wait for the next cycle).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>

#include <gtest/gtest.h>
#include <xapian.h>

#include "tests/crawler/crawl_helpers.h"
#include "tests/crawler/test_server.h"
#include "tests/support/process.h"

namespace gazette::testing {
namespace {

using namespace std::chrono_literals;

const std::string kCrawl = GAZETTE_CRAWL_BIN;

// A small site: a front page and three articles (plus whatever `extra` links).
void serve_site(TestServer& site, std::vector<std::string> extra = {}) {
  std::vector<std::string> links = {"/a/1", "/a/2", "/a/3"};
  links.insert(links.end(), extra.begin(), extra.end());
  site.server().Get("/", [links](const httplib::Request&, httplib::Response& res) {
    res.set_content(front_page(links), "text/html");
  });
  site.server().Get(R"(/a/\d+)", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(article_page("Council story " + req.path.substr(3)), "text/html");
  });
}

// The configuration file the timer would pass with --config.
std::string write_config(const TempDir& dir, const TestServer& site) {
  const std::string path = dir.file("gazette.toml");
  std::ofstream out(path);
  out << "data_dir = \"" << dir.file("data") << "\"\n"
      << "[index]\nthreads = 1\n"
      << "[crawl]\nseeds = [\"" << site.url("/") << "\"]\ndelay_seconds = 0.0\n"
      << "extract_threads = 2\nretries = 0\ntimeout_seconds = 30.0\n";
  return path;
}

ProcessResult update(const std::string& config) {
  return run_process({kCrawl, "--config", config, "update"});
}

Xapian::doccount indexed(const TempDir& dir) {
  return Xapian::Database(dir.file("data") + "/index").get_doccount();
}

// Holds an flock on a file, as another process (a rebuild, an update) would.
class HeldLock {
 public:
  explicit HeldLock(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT, 0644)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX | LOCK_NB) != 0) throw std::runtime_error("lock " + path);
  }
  ~HeldLock() { ::close(fd_); }
  HeldLock(const HeldLock&) = delete;
  HeldLock& operator=(const HeldLock&) = delete;

 private:
  int fd_;
};

TEST(UpdateCommand, CrawlsAndIndexesThenDoesNothingWhenNothingIsDue) {
  TestServer site;
  serve_site(site);
  site.start();
  TempDir dir;
  const auto config = write_config(dir, site);

  const auto first = update(config);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("crawl finished"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("3 articles"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("index: 3 added, 0 replaced, 0 rejected"), std::string::npos)
      << first.out;
  EXPECT_EQ(indexed(dir), 3u);
  const auto requests = site.requests().size();  // robots.txt, the front page, three articles
  EXPECT_EQ(requests, 5u);

  // Nothing is due: the front page in an hour, the articles in an hour; robots.txt is cached.
  const auto second = update(config);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("0 due, 0 fetched"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("index: 0 added, 0 replaced"), std::string::npos) << second.out;
  EXPECT_EQ(site.requests().size(), requests);
  EXPECT_EQ(indexed(dir), 3u);
}

TEST(UpdateCommand, AnOverlappingUpdateIsRefusedAtOnceWithStatus75) {
  TestServer site;
  serve_site(site, {"/slow"});
  std::atomic<bool> slow_entered{false};
  std::atomic<bool> release{false};
  site.server().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    slow_entered = true;
    wait_until([&] { return release.load(); }, 30s);
    res.set_content(article_page("A slow story"), "text/html");
  });
  site.start();
  TempDir dir;
  const auto config = write_config(dir, site);

  const pid_t running = start_process({kCrawl, "--config", config, "update"});
  ASSERT_TRUE(wait_until([&] { return slow_entered.load(); }));  // the first cycle is crawling
  const auto started = std::chrono::steady_clock::now();
  const auto refused = update(config);
  const auto took = std::chrono::steady_clock::now() - started;
  release = true;
  EXPECT_EQ(refused.exit_code, 75) << refused.err;
  EXPECT_NE(refused.err.find("update refused"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("another update is running"), std::string::npos) << refused.err;
  EXPECT_LT(took, 10s);  // at once: it did not wait for the lock

  int status = 0;
  ASSERT_EQ(::waitpid(running, &status, 0), running);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(indexed(dir), 4u);  // the first cycle was not disturbed
}

TEST(UpdateCommand, IndexLockedByARebuildGives75AfterTheCrawlAndTheNextUpdateCatchesUp) {
  TestServer site;
  serve_site(site);
  site.start();
  TempDir dir;
  const auto config = write_config(dir, site);
  std::filesystem::create_directories(dir.file("data"));
  {
    HeldLock rebuild(dir.file("data") + "/index.lock");
    const auto refused = update(config);
    EXPECT_EQ(refused.exit_code, 75) << refused.err;
    EXPECT_NE(refused.out.find("crawl finished"), std::string::npos) << refused.out;
    EXPECT_NE(refused.out.find("index refused"), std::string::npos) << refused.out;
    EXPECT_EQ(read_articles(dir.file("data")).size(), 3u);  // the crawl's work is kept
  }
  const auto next = update(config);
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.out.find("index: 3 added"), std::string::npos) << next.out;
  EXPECT_EQ(indexed(dir), 3u);
}

TEST(UpdateCommand, AFrontierInUseByACrawlIsAlsoAnOverlap) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("data"));
  HeldLock crawl(dir.file("data") + "/crawl.lock");
  const auto refused = run_process({kCrawl, "update", "--data-dir", dir.file("data")});
  EXPECT_EQ(refused.exit_code, 75) << refused.err;
  EXPECT_NE(refused.err.find("another crawl or replay is running"), std::string::npos)
      << refused.err;
}

}  // namespace
}  // namespace gazette::testing
