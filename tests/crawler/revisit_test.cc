// The revisit schedule end to end over loopback: sources (feeds) whose interval follows what
// they publish, dead sources retired, articles revisited on their decaying schedule with
// conditional GET, and a changed article written again and replacing its old version in the
// index. The schedule's clock is moved forward instead of waiting (CrawlOptions::schedule_clock).
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include "common/schema.h"
#include "crawler/frontier.h"
#include "tests/crawler/crawl_helpers.h"
#include "tests/crawler/test_server.h"
#include "update/update.h"

namespace gazette::testing {
namespace {

constexpr std::int64_t kMinute = 60000;
constexpr std::int64_t kHour = 60 * kMinute;

// The system clock plus a shift the test moves forward.
class ShiftedClock {
 public:
  void advance_to(std::int64_t shift_ms) { shift_ms_ = shift_ms; }
  std::function<std::int64_t()> function() {
    return [this] {
      const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      return now + shift_ms_.load();
    };
  }

 private:
  std::atomic<std::int64_t> shift_ms_{0};
};

std::string rss(const std::vector<std::string>& links) {
  std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>";
  for (const auto& l : links) xml += "<item><link>" + l + "</link></item>";
  return xml + "</channel></rss>";
}

crawler::UrlRevisit revisit_of(const Config& config, const std::string& url) {
  auto frontier = crawler::Frontier::open(config.data_dir + "/crawl.sqlite", false);
  if (!frontier) throw std::runtime_error(frontier.error().to_string());
  auto r = frontier->revisit_of(url);
  if (!r || !*r) throw std::runtime_error("not in the frontier: " + url);
  return **r;
}

// Collects warnings logged during its lifetime.
class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(256)) {
    spdlog::default_logger()->sinks().push_back(sink_);
  }
  ~LogCapture() { spdlog::default_logger()->sinks().pop_back(); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  [[nodiscard]] std::string text() const {
    std::string all;
    for (const auto& line : sink_->last_formatted()) all += line;
    return all;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

TEST(Revisit, SourcesAdaptToWhatTheyPublishAndDeadOnesRetire) {
  TestServer site;
  std::atomic<int> busy_visits{0};
  // A busy feed gains an item at every visit; a quiet one never changes; a dead one is gone.
  site.server().Get("/busy.xml", [&](const httplib::Request&, httplib::Response& res) {
    const int n = ++busy_visits;
    std::vector<std::string> links;
    for (int i = 0; i < n; ++i) links.push_back("/p/busy-" + std::to_string(i));
    res.set_content(rss(links), "application/rss+xml");
  });
  site.server().Get("/quiet.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(rss({"/p/quiet"}), "application/rss+xml");
  });
  site.server().Get("/dead.xml",
                    [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  site.server().Get(R"(/p/.*)", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(article_page("Story " + req.path), "text/html");
  });
  site.start();
  TempDir dir;
  Config config = crawl_test_config(
      dir, {site.url("/busy.xml"), site.url("/quiet.xml"), site.url("/dead.xml")});
  config.crawl.source_interval_minutes = 60;
  config.crawl.source_interval_min_minutes = 20;
  config.crawl.source_interval_max_minutes = 100;
  config.crawl.source_max_failures = 2;
  config.crawl.article_revisit_hours = {};
  ShiftedClock clock;
  LogCapture log;

  crawl_once(config, 0, clock.function());
  EXPECT_EQ(revisit_of(config, site.url("/busy.xml")).interval_ms, 60 * kMinute);  // the default
  EXPECT_EQ(revisit_of(config, site.url("/quiet.xml")).interval_ms, 60 * kMinute);
  EXPECT_EQ(revisit_of(config, site.url("/dead.xml")).failures, 1u);

  clock.advance_to(30 * kMinute);  // nothing is due yet
  EXPECT_EQ(crawl_once(config, 0, clock.function()).total.fetched, 0u);

  clock.advance_to(61 * kMinute);  // all three are due
  crawl_once(config, 0, clock.function());
  EXPECT_EQ(revisit_of(config, site.url("/busy.xml")).interval_ms, 30 * kMinute);   // news: sooner
  EXPECT_EQ(revisit_of(config, site.url("/quiet.xml")).interval_ms, 90 * kMinute);  // quiet: later
  const auto dead = revisit_of(config, site.url("/dead.xml"));
  EXPECT_EQ(dead.failures, 2u);
  EXPECT_FALSE(dead.next_visit_at_ms);  // retired
  EXPECT_NE(log.text().find(site.url("/dead.xml") + ": source retired after 2 failed visits"),
            std::string::npos)
      << log.text();

  clock.advance_to(92 * kMinute);  // only the busy feed is due (61 + 30)
  crawl_once(config, 0, clock.function());
  EXPECT_EQ(revisit_of(config, site.url("/busy.xml")).interval_ms, 20 * kMinute);  // the minimum

  clock.advance_to(152 * kMinute);  // the quiet feed is due (61 + 90), and the busy one
  crawl_once(config, 0, clock.function());
  EXPECT_EQ(revisit_of(config, site.url("/quiet.xml")).interval_ms, 100 * kMinute);  // the max

  clock.advance_to(1000 * kMinute);
  crawl_once(config, 0, clock.function());
  EXPECT_EQ(site.count("/busy.xml"), 5);
  EXPECT_EQ(site.count("/quiet.xml"), 4);
  EXPECT_EQ(site.count("/dead.xml"), 2);  // retired: never asked again
  EXPECT_EQ(site.count("/p/busy-3"), 1);  // every new item fetched once
  EXPECT_EQ(site.count("/p/quiet"), 1);
}

TEST(Revisit, ArticlesFollowTheDecayingScheduleAndChangesReplaceTheIndexedVersion) {
  TestServer site;
  std::mutex mutex;
  std::string story_title = "Harbour plan approved";
  std::string story_etag = "\"v1\"";
  site.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(front_page({"/story", "/same"}), "text/html");
  });
  site.server().Get("/story", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    if (req.get_header_value("If-None-Match") == story_etag) {
      res.status = 304;
      return;
    }
    res.set_header("ETag", story_etag);
    res.set_content(article_page(story_title), "text/html");
  });
  // No validators: every revisit is a 200, whose text has not changed.
  site.server().Get("/same", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(article_page("Ferry timetable unchanged"), "text/html");
  });
  site.start();
  TempDir dir;
  Config config = crawl_test_config(dir, {site.url("/")});
  config.crawl.article_revisit_hours = {1, 6};
  config.index.threads = 1;
  ShiftedClock clock;
  const auto update = [&](std::int64_t shift) {
    clock.advance_to(shift);
    crawler::CrawlOptions options;
    options.config = config;
    options.progress = false;
    options.schedule_clock = clock.function();
    auto result = update::run_update(options);
    if (!result) throw std::runtime_error(result.error().to_string());
    return *result;
  };

  const auto first = update(0);
  EXPECT_EQ(first.crawl.total.articles, 2u);
  ASSERT_TRUE(first.index);
  EXPECT_EQ(first.index->added, 2u);
  const auto versions = by_url(read_articles(config.data_dir));
  EXPECT_EQ(versions.at(site.url("/story")).revision, 1u);

  const auto early = update(30 * kMinute);
  EXPECT_EQ(early.crawl.revisits_due, 0u);
  EXPECT_EQ(early.crawl.total.fetched, 0u);

  // First revisit (1 h): the story answers 304 to its ETag, /same has the same text.
  const auto unchanged = update(61 * kMinute);
  EXPECT_EQ(unchanged.crawl.revisits_due, 3u);  // the seed and both articles
  EXPECT_EQ(unchanged.crawl.total.not_modified, 1u);
  EXPECT_EQ(unchanged.crawl.total.unchanged, 1u);
  EXPECT_EQ(unchanged.crawl.total.articles, 0u);
  EXPECT_EQ(read_articles(config.data_dir).size(), 2u);
  EXPECT_EQ(unchanged.index->added + unchanged.index->replaced, 0u);

  {
    std::lock_guard lock(mutex);
    story_title = "Harbour plan approved after a long debate";
    story_etag = "\"v2\"";
  }
  // Second revisit, 6 h after the first: the story changed.
  const auto changed = update(61 * kMinute + 6 * kHour + kMinute);
  EXPECT_EQ(changed.crawl.total.articles, 1u);
  EXPECT_EQ(changed.crawl.total.revised, 1u);
  const auto lines = read_articles(config.data_dir);
  ASSERT_EQ(lines.size(), 3u);
  const Article& revised = lines.back();
  EXPECT_EQ(revised.url, site.url("/story"));
  EXPECT_EQ(revised.title, "Harbour plan approved after a long debate");
  EXPECT_NE(revised.text.find("after a long debate paragraph"), std::string::npos);
  EXPECT_EQ(revised.revision, 2u);
  ASSERT_TRUE(revised.modified && revised.fetched);
  EXPECT_EQ(revised.modified->unix_seconds, revised.fetched->unix_seconds);
  ASSERT_TRUE(changed.index);
  EXPECT_EQ(changed.index->replaced, 1u);
  EXPECT_EQ(changed.index->added, 0u);

  Xapian::Database db(config.data_dir + "/index");
  EXPECT_EQ(db.get_doccount(), 2u);
  const std::string id = schema::id_term(site.url("/story"));
  EXPECT_EQ(db.get_termfreq(id), 1u);
  const auto doc = db.get_document(*db.postlist_begin(id));
  EXPECT_NE(doc.get_data().find("after a long debate"), std::string::npos);

  // Two steps in the list: after them, articles are not fetched again.
  const auto later = update(30 * 24 * kHour);
  EXPECT_EQ(site.count("/story"), 3);  // first fetch, 304, changed
  EXPECT_EQ(site.count("/same"), 3);
  EXPECT_EQ(later.crawl.total.fetched, 1u);  // only the seed
}

}  // namespace
}  // namespace gazette::testing
