// The archive path loses nothing and invents nothing: a loopback crawl of a site with responses
// the crawl does not take as pages (robots.txt, bodies cut short, gzip that does not inflate),
// then a replay of the crawl's own WARC into a fresh data directory, which must make exactly the
// crawl's articles.
#include "crawler/replay.h"

#include <sqlite3.h>

#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "crawler/warc_reader.h"
#include "tests/crawler/crawl_helpers.h"
#include "tests/crawler/test_server.h"
#include "tests/support/gzip_compress.h"

namespace gazette::testing {
namespace {

using namespace std::chrono_literals;

// Serves the first `part` bytes of `body` as one chunk; then `stall` (past the crawl's timeout)
// and the connection is closed without the last chunk, so the chunked encoding never ends.
void serve_cut_short(TestServer& site, const std::string& path, const std::string& body,
                     std::size_t part, std::chrono::milliseconds stall) {
  site.server().Get(path, [body, part, stall](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html; charset=utf-8",
                                     [body, part, stall](std::size_t, httplib::DataSink& sink) {
                                       sink.write(body.data(), part);
                                       std::this_thread::sleep_for(stall);
                                       return false;  // abort: no terminating chunk
                                     });
  });
}

// url -> text of every article under <data>/articles with the name prefix.
std::map<std::string, std::string> texts(const std::string& data_dir, const std::string& prefix) {
  std::map<std::string, std::string> out;
  for (const auto& a : read_articles(data_dir, prefix)) out[a.url] = a.text;
  return out;
}

struct Sqlite {
  void operator()(sqlite3* db) const noexcept { sqlite3_close(db); }
};

// The frontier's status (3: failed) and error of `url`.
std::pair<int, std::string> url_outcome(const Config& config, const std::string& url) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2((config.data_dir + "/crawl.sqlite").c_str(), &raw,
                                 SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, Sqlite> db(raw);
  if (rc != SQLITE_OK) return {-1, "cannot open crawl.sqlite"};
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db.get(), "SELECT status, coalesce(error, '') FROM urls WHERE url = ?1", -1,
                     &stmt, nullptr);
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> owned(stmt, sqlite3_finalize);
  sqlite3_bind_text(stmt, 1, url.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(stmt) != SQLITE_ROW) return {-1, "not in the frontier"};
  return {sqlite3_column_int(stmt, 0), reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1))};
}

TEST(Replay, MakesExactlyTheArticlesTheCrawlMade) {
  TestServer site;
  // A robots.txt that is an HTML page (a soft 404 with prose): the rules are empty, and it is
  // no article, whether fetched for the rules or through a link.
  serve(site, "/robots.txt", article_page("Robots are not news"));
  serve(site, "/",
        front_page({"/news/one", "/news/two", "/news/broken", "/news/stalled", "/robots.txt"}));
  serve(site, "/news/one", article_page("The harbour opens"));
  serve(site, "/news/two", article_page("The market closes"));
  const std::string broken = article_page("Broken chunked encoding");
  serve_cut_short(site, "/news/broken", broken, broken.size() * 9 / 10, 0ms);
  const std::string stalled = article_page("Stalled in the middle");
  serve_cut_short(site, "/news/stalled", stalled, stalled.size() * 9 / 10, 1500ms);
  site.start();
  TempDir dir;
  Config config = crawl_test_config(dir, {site.url("/")});
  config.crawl.retries = 1;  // each cut-short page is fetched (and archived) twice
  config.crawl.timeout_seconds = 0.5;
  // Uncompressed, so the part sent before the cut arrives (httplib would gzip it and hold it).
  config.crawl.accept_encoding = "identity";
  crawl_once(config);
  const auto crawled = texts(config.data_dir, "");
  EXPECT_EQ(crawled.size(), 2u);
  EXPECT_TRUE(crawled.count(site.url("/news/one")));
  EXPECT_TRUE(crawled.count(site.url("/news/two")));

  // The cut-short responses are archived with their partial bodies, marked WARC-Truncated.
  const auto files = warc_files(config.data_dir);
  std::map<std::string, int> truncated;
  for (const auto& file : files) {
    auto reader = crawler::WarcReader::open(file);
    ASSERT_TRUE(reader);
    while (true) {
      auto record = reader->next();
      ASSERT_TRUE(record) << record.error().to_string();
      if (!*record) break;
      const std::string reason = (*record)->header("WARC-Truncated");
      if (reason.empty()) continue;
      ++truncated[(*record)->header("WARC-Target-URI") + " " + reason];
      // The part that arrived is archived (and is what replay must not take for a page).
      const auto http = crawler::parse_http_response((*record)->block);
      ASSERT_TRUE(http);
      const std::string& page = reason == "time" ? stalled : broken;
      EXPECT_EQ(http->body, page.substr(0, page.size() * 9 / 10));
    }
  }
  EXPECT_EQ(truncated[site.url("/news/broken") + " disconnect"], 2);
  EXPECT_EQ(truncated[site.url("/news/stalled") + " time"], 2);
  EXPECT_EQ(truncated.size(), 2u);

  TempDir other;
  const auto replayed = crawler::replay_warcs(other.file("data"), files);
  ASSERT_TRUE(replayed) << replayed.error().to_string();
  EXPECT_TRUE(replayed->errors.empty());
  EXPECT_EQ(texts(other.file("data"), "replay"), crawled);
}

TEST(Replay, GzipThatDoesNotInflateIsAnErrorNotAnArticle) {
  TestServer site;
  // A modest bomb: 4 MiB of zeros (a few KiB compressed) against a cap of 1 MiB.
  const std::string bomb = gzip_compress(std::string(4u << 20, '\0'), 9);
  const std::string good = gzip_compress(article_page("Packed but fine"));
  serve(site, "/", front_page({"/x.xml.gz", "/download", "/cut.gz", "/fine.gz", "/news/plain"}));
  serve(site, "/x.xml.gz", bomb, "application/xml");
  serve(site, "/download", bomb, "application/gzip");
  serve(site, "/cut.gz", good.substr(0, good.size() / 2), "application/gzip");
  serve(site, "/fine.gz", good, "application/gzip");
  serve(site, "/news/plain", article_page("Not packed at all"));
  site.start();
  TempDir dir;
  Config config = crawl_test_config(dir, {site.url("/"), site.url("/x.xml.gz")});
  config.crawl.max_body_bytes = 1u << 20;
  crawl_once(config);

  const std::map<std::string, std::string> errors = {
      {"/x.xml.gz", "gzip body: inflated size over the cap of 1048576 bytes"},
      {"/download", "gzip body: inflated size over the cap of 1048576 bytes"},
      {"/cut.gz", "gzip body: truncated data"},
  };
  for (const auto& [path, error] : errors) {
    const auto [status, text] = url_outcome(config, site.url(path));
    EXPECT_EQ(status, 3) << path;  // failed
    EXPECT_EQ(text, error) << path;
  }
  const auto crawled = texts(config.data_dir, "");
  EXPECT_EQ(crawled.size(), 2u);
  EXPECT_TRUE(crawled.count(site.url("/fine.gz")));  // inflated, then extracted
  EXPECT_TRUE(crawled.count(site.url("/news/plain")));

  TempDir other;
  const auto replayed = crawler::replay_warcs(other.file("data"), warc_files(config.data_dir),
                                              {.max_inflated = 1u << 20});
  ASSERT_TRUE(replayed) << replayed.error().to_string();
  EXPECT_EQ(replayed->skipped.at("body does not decode"), 3u);
  EXPECT_EQ(texts(other.file("data"), "replay"), crawled);
}

}  // namespace
}  // namespace gazette::testing
