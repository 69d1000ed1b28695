// The archive is refreshed while search stays up (issue 6, end to end): a search server runs on
// the index while a client thread searches without pause; meanwhile the sample site changes (a
// new article, an edited one), an update cycle (`gazette-crawl update`: crawl then index) runs,
// an overlapping update is refused, and a full rebuild is swapped in. Not one search may fail.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "query/http_server.h"
#include "tests/support/listening_process.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_process;
using testing::TempDir;

const std::string kCrawl = GAZETTE_CRAWL_BIN;
const std::string kIndex = GAZETTE_INDEX_BIN;
const std::string kSiteServer = GAZETTE_SITE_SERVER_BIN;
const std::string kSite = std::string(GAZETTE_SOURCE_DIR) + "/samples/site";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Puts `sentence` at the start of the article's first paragraph.
void add_to_story(std::string& page, const std::string& sentence) {
  const auto paragraph = page.find("<p>", page.find("<article"));
  ASSERT_NE(paragraph, std::string::npos);
  page.insert(paragraph + 3, sentence + " ");
}

// Searches the server over and over from its own thread, counting answers that are not 200.
class Searching {
 public:
  explicit Searching(int port)
      : thread_([this, port] {
          httplib::Client client("127.0.0.1", port);
          client.set_read_timeout(30, 0);
          while (!stop_) {
            const auto r = client.Get("/api/search?q=harbour&per_page=5");
            ++searches_;
            if (!r || r->status != 200) {
              ++failures_;
              last_failure_ = r ? fmt::format("{} {}", r->status, r->body) : "no response";
            }
          }
        }) {}
  ~Searching() { finish(); }

  void finish() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] int searches() const { return searches_; }
  [[nodiscard]] int failures() const { return failures_; }
  [[nodiscard]] const std::string& last_failure() const { return last_failure_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> searches_{0};
  std::atomic<int> failures_{0};
  std::string last_failure_;
  std::thread thread_;
};

json search(int port, const std::string& q) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30, 0);
  const auto r = client.Get(fmt::format("/api/search?q={}&per_page=20", q));
  if (!r || r->status != 200) return json{{"total", -1}};
  return json::parse(r->body);
}

TEST(Freshness, SearchesNeverFailWhileUpdatesAndARebuildRun) {
  spdlog::set_level(spdlog::level::warn);
  TempDir dir;
  const std::string site = dir.file("site");
  fs::copy(kSite, site, fs::copy_options::recursive);
  testing::ListeningProcess site_server({kSiteServer, "--root", site, "--listen", "127.0.0.1:0"});
  const std::string data = dir.file("data");
  const std::string config = dir.file("gazette.toml");
  // Everything is due at once: sources and articles are revisited on every cycle.
  write_file(config, fmt::format(R"(data_dir = "{}"
log_level = "warn"
[crawl]
seeds = ["{}/"]
delay_seconds = 0.0
source_interval_minutes = 0.0
source_interval_min_minutes = 0.0
article_revisit_hours = [0.0, 0.0, 0.0]
)",
                                 data, site_server.base_url()));

  const auto first = run_process({kCrawl, "update", "--config", config});
  ASSERT_EQ(first.exit_code, 0) << first.err;

  query::ServerOptions options;
  options.port = 0;
  options.threads = 8;
  options.index_path = data + "/index";
  options.refresh_interval = std::chrono::milliseconds(100);
  query::HttpServer server(options);
  const auto port = server.start();
  ASSERT_TRUE(port) << port.error().to_string();
  ASSERT_GT(search(*port, "harbour")["total"].get<int>(), 0);
  EXPECT_EQ(search(*port, "zeppelin")["total"], 0);

  Searching searching(*port);

  // The site changes: a new article linked from the home page, and an edited one.
  const std::string edited = "/politics/harbour-board-chair-resigns.html";
  std::string page = read_file(site + edited);
  add_to_story(page, "Correction: the quokka enclosure was never part of the deal.");
  write_file(site + edited, page);
  std::string fresh = read_file(site + "/culture/lantern-festival-preview.html");
  replace_all(fresh, "lantern-festival-preview", "zeppelin-lands");
  replace_all(fresh, "Lantern festival will light the harbour for four nights",
              "A zeppelin lands in the harbour square");
  add_to_story(fresh, "A zeppelin landed in the harbour square at dawn.");
  write_file(site + "/culture/zeppelin-lands.html", fresh);
  std::string home = read_file(site + "/index.html");
  home.insert(home.find("</body>"), R"(<a href="/culture/zeppelin-lands.html">Zeppelin</a>)");
  write_file(site + "/index.html", home);

  const auto cycle = run_process({kCrawl, "update", "--config", config});
  ASSERT_EQ(cycle.exit_code, 0) << cycle.err;
  // New and edited articles are searchable within a second or so, without a restart. (Each of
  // the server's searchers refreshes on its own, at most refresh_interval late.)
  json quokka;
  EXPECT_TRUE(testing::wait_until(
      [&] {
        quokka = search(*port, "quokka");
        return search(*port, "zeppelin")["total"] == 1 && quokka["total"] == 1;
      },
      std::chrono::seconds(20)))
      << cycle.out << cycle.err;
  // The edited article was replaced, not added again.
  ASSERT_EQ(quokka["total"], 1);
  EXPECT_NE(quokka["results"][0]["url"].get<std::string>().find(edited), std::string::npos);
  const json board = search(*port, "\"dredging contract\"");
  std::set<std::string> urls;
  for (const auto& hit : board["results"]) urls.insert(hit["url"].get<std::string>());
  EXPECT_EQ(urls.size(), board["results"].size());

  // An update while another holds the update lock is refused at once, with a clear message.
  {
    const int fd = ::open((data + "/update.lock").c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const auto overlapping = run_process({kCrawl, "update", "--config", config});
    ::close(fd);
    EXPECT_EQ(overlapping.exit_code, 75) << overlapping.err;
    EXPECT_NE(overlapping.err.find("running"), std::string::npos) << overlapping.err;
  }

  // A full rebuild is swapped in under the running server.
  const auto rebuild = run_process({kIndex, "--config", config, "rebuild"});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_TRUE(fs::is_symlink(data + "/index"));
  EXPECT_TRUE(testing::wait_until(
      [&] {
        return search(*port, "zeppelin")["total"] == 1 && search(*port, "quokka")["total"] == 1;
      },
      std::chrono::seconds(20)));

  searching.finish();
  EXPECT_GT(searching.searches(), 20);
  EXPECT_EQ(searching.failures(), 0) << searching.last_failure();
  server.stop();
}

}  // namespace
}  // namespace gazette
