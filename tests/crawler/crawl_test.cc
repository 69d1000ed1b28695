// The crawl end to end over loopback: a cpp-httplib server on 127.0.0.1 (port 0) plays the news
// site, run_crawl() crawls it into a temp data directory, and the tests read what it left:
// articles/*.jsonl, archive/*.warc.gz and the server's request log.
#include "crawler/crawl.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "crawler/replay.h"
#include "crawler/warc_reader.h"
#include "crawler/warc_writer.h"
#include "tests/crawler/crawl_helpers.h"
#include "tests/crawler/test_server.h"
#include "tests/support/gzip_compress.h"
#include "tests/support/process.h"

namespace gazette::testing {
namespace {

using namespace std::chrono_literals;

TEST(Crawl, FollowsLinksObeysRobotsAndWritesArticles) {
  TestServer site;
  serve(site, "/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain");
  serve(site, "/",
        front_page({"/news/a1", "/news/a2", "/private/secret", "/section",
                    "http://other.localhost:1/elsewhere", "mailto:x@example.com"}));
  serve(site, "/section", front_page({"/news/a3", "/news/a1#comments"}));
  serve(site, "/news/a1", article_page("Harbour plan approved", {"/news/a2"}));
  serve(site, "/news/a2", article_page("Ferry timetable changes"));
  serve(site, "/news/a3", article_page("School reopens after floods"));
  serve(site, "/private/secret", article_page("Must not be fetched"));
  site.start();
  TempDir dir;
  const Config config = crawl_test_config(dir, {site.url("/")});
  const auto summary = crawl_once(config);

  EXPECT_TRUE(summary.finished);
  const auto articles = by_url(read_articles(config.data_dir));
  ASSERT_EQ(articles.size(), 3u);
  EXPECT_EQ(articles.at(site.url("/news/a1")).title, "Harbour plan approved");
  EXPECT_TRUE(articles.count(site.url("/news/a3")));
  EXPECT_EQ(site.count("/private/secret"), 0);
  EXPECT_EQ(site.count("/robots.txt"), 1);
  for (const auto* path : {"/", "/section", "/news/a1", "/news/a2", "/news/a3"}) {
    EXPECT_EQ(site.count(path), 1) << path;
  }
  EXPECT_EQ(summary.total.disallowed, 1u);
  EXPECT_EQ(summary.hosts.at(site.authority()).articles, 3u);
  for (const auto& r : site.requests()) {
    EXPECT_EQ(r.headers.at("User-Agent").rfind("gazette/", 0), 0u) << r.headers.at("User-Agent");
  }
  const auto& a1 = articles.at(site.url("/news/a1"));
  ASSERT_TRUE(a1.first_seen && a1.fetched);
  EXPECT_LE(a1.first_seen->unix_seconds, a1.fetched->unix_seconds);

  // A second crawl right away finds nothing due (the seed is revisited after an interval, the
  // articles after an hour): nothing is fetched.
  const auto again = crawl_once(config);
  EXPECT_TRUE(again.finished);
  EXPECT_EQ(again.revisits_due, 0u);
  EXPECT_EQ(again.total.fetched, 0u);
  EXPECT_EQ(site.count("/"), 1);
  EXPECT_EQ(site.count("/news/a1"), 1);
}

TEST(Crawl, RobotsServerErrorIsAskedAgainThenDisallowsEverything) {
  TestServer site;
  site.server().Get("/robots.txt",
                    [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  serve(site, "/", front_page({"/a"}));
  site.start();
  TempDir dir;
  Config config = crawl_test_config(dir, {site.url("/")});
  config.crawl.retries = 1;
  const auto summary = crawl_once(config);
  EXPECT_TRUE(summary.finished);
  EXPECT_EQ(site.count("/robots.txt"), 2);  // once, then once more after the backoff
  EXPECT_EQ(site.count("/"), 0);            // 5xx: nothing may be fetched (RFC 9309 2.3.1.4)
  EXPECT_EQ(summary.total.disallowed, 1u);
}

TEST(Crawl, FeedAutodiscoveryOnSeedsAndCanonicalUrls) {
  TestServer site;
  // The home page names its feed only in <head>; the feed lists a page nothing links to.
  serve(site, "/",
        front_page({"/story?ref=home"},
                   "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\">"));
  serve(site, "/feed.xml",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
        "<item><link>/only-in-feed</link></item></channel></rss>",
        "application/rss+xml");
  serve(site, "/only-in-feed", article_page("Found through the feed"));
  // /story?ref=home says its canonical address is /story; a later link to /story is not
  // fetched again.
  serve(site, "/story",
        article_page("Canonical story", {"/related"},
                     "<link rel=\"canonical\" href=\"" + site.url("/story") + "\">"));
  serve(site, "/related", article_page("Related", {"/story"}));
  site.start();
  TempDir dir;
  const Config config = crawl_test_config(dir, {site.url("/")});
  crawl_once(config);
  const auto articles = by_url(read_articles(config.data_dir));
  EXPECT_TRUE(articles.count(site.url("/only-in-feed")));
  ASSERT_TRUE(articles.count(site.url("/story?ref=home")));
  EXPECT_EQ(articles.at(site.url("/story?ref=home")).canonical_url, site.url("/story"));
  EXPECT_EQ(site.count("/story?ref=home"), 1);
  EXPECT_EQ(site.count("/story"), 0);
  EXPECT_EQ(site.count("/related"), 1);
}

TEST(Crawl, CrawlDelayFromRobotsSpacesRequests) {
  TestServer site;
  serve(site, "/robots.txt", "User-agent: gazette\nCrawl-delay: 0.3\n", "text/plain");
  serve(site, "/", front_page({"/a", "/b", "/c"}));
  for (const auto* p : {"/a", "/b", "/c"}) serve(site, p, article_page(std::string("Story ") + p));
  site.start();
  TempDir dir;
  crawl_once(crawl_test_config(dir, {site.url("/")}));
  const auto requests = site.requests();
  ASSERT_EQ(requests.size(), 5u);  // robots.txt, home page, three articles
  for (std::size_t i = 2; i < requests.size(); ++i) {
    EXPECT_GE(requests[i].at - requests[i - 1].at, 290ms) << requests[i].target;
  }
}

TEST(Crawl, FeedsGiveDatesAndPublishedWhenThePageHasNone) {
  TestServer site;
  serve(site, "/rss.xml",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
        "<item><title>One</title><link>/p/rss-item</link>"
        "<pubDate>Mon, 03 Nov 2025 10:00:00 +0000</pubDate></item></channel></rss>",
        "application/rss+xml");
  serve(site, "/rdf.xml",
        "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
        "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        "<item rdf:about=\"" +
            site.url("/p/rdf-item") + "\"><title>Two</title><link>" + site.url("/p/rdf-item") +
            "</link><dc:date>2025-11-04T08:00:00Z</dc:date></item>"
            "</rdf:RDF>",
        "application/rdf+xml");
  serve(site, "/atom.xml",
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>"
        "<entry><title>Three</title><link href=\"/p/atom-item\"/>"
        "<published>2025-11-05T09:30:00+01:00</published></entry></feed>",
        "application/atom+xml");
  for (const auto* p : {"/p/rss-item", "/p/rdf-item", "/p/atom-item"}) {
    serve(site, p, article_page(std::string("Item ") + p));
  }
  site.start();
  TempDir dir;
  const Config config =
      crawl_test_config(dir, {site.url("/rss.xml"), site.url("/rdf.xml"), site.url("/atom.xml")});
  crawl_once(config);
  const auto articles = by_url(read_articles(config.data_dir));
  ASSERT_EQ(articles.size(), 3u);
  const auto& rss = articles.at(site.url("/p/rss-item"));
  ASSERT_TRUE(rss.published);
  EXPECT_EQ(format_iso8601(*rss.published), "2025-11-03T10:00:00Z");
  EXPECT_EQ(rss.published_source, DateSource::kFeed);
  ASSERT_TRUE(rss.first_seen);
  EXPECT_EQ(format_iso8601(*rss.first_seen), "2025-11-03T10:00:00Z");
  EXPECT_EQ(format_iso8601(*articles.at(site.url("/p/rdf-item")).published),
            "2025-11-04T08:00:00Z");
  EXPECT_EQ(format_iso8601(*articles.at(site.url("/p/atom-item")).published),
            "2025-11-05T09:30:00+01:00");
}

TEST(Crawl, SitemapIndexFromRobotsWithGzippedSitemap) {
  TestServer site;
  serve(site, "/robots.txt", "User-agent: *\nAllow: /\n\nSitemap: /sitemap_index.xml\n",
        "text/plain");
  serve(site, "/", front_page({}));
  serve(
      site, "/sitemap_index.xml",
      "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<sitemap><loc>" +
          site.url("/news-sitemap.xml.gz") + "</loc></sitemap></sitemapindex>",
      "application/xml");
  const std::string news_sitemap =
      "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
      "<url><loc>" +
      site.url("/s/one") +
      "</loc><news:news><news:publication_date>"
      "2025-10-01T12:00:00Z</news:publication_date><news:title>One</news:title></news:news></url>"
      "<url><loc>" +
      site.url("/s/two") + "</loc><lastmod>2025-10-02</lastmod></url></urlset>";
  serve(site, "/news-sitemap.xml.gz", gzip_compress(news_sitemap), "application/gzip");
  serve(site, "/s/one", article_page("Sitemap one"));
  serve(site, "/s/two", article_page("Sitemap two"));
  site.start();
  TempDir dir;
  const Config config = crawl_test_config(dir, {site.url("/")});
  crawl_once(config);
  const auto articles = by_url(read_articles(config.data_dir));
  ASSERT_EQ(articles.size(), 2u);
  const auto& one = articles.at(site.url("/s/one"));
  EXPECT_EQ(one.published_source, DateSource::kSitemap);
  EXPECT_EQ(format_iso8601(*one.published), "2025-10-01T12:00:00Z");
  // A lastmod is evidence the page existed, not a publication date.
  const auto& two = articles.at(site.url("/s/two"));
  EXPECT_FALSE(two.published);
  EXPECT_EQ(format_iso8601(*two.first_seen), "2025-10-02T00:00:00Z");
}

TEST(Crawl, RedirectChainsAreFollowedHopByHopAndLoopsEnd) {
  TestServer site;
  const auto redirect = [&site](const std::string& from, const std::string& to) {
    site.server().Get(
        from, [to](const httplib::Request&, httplib::Response& res) { res.set_redirect(to, 301); });
  };
  serve(site, "/", front_page({"/r1", "/loop1", "/c1"}));
  redirect("/r1", "/r2");
  redirect("/r2", "/r3");
  redirect("/r3", "/final");
  serve(site, "/final", article_page("Where the chain ends"));
  redirect("/loop1", "/loop2");
  redirect("/loop2", "/loop1");
  for (int i = 1; i <= 5; ++i) redirect("/c" + std::to_string(i), "/c" + std::to_string(i + 1));
  serve(site, "/c6", article_page("Too far away"));
  site.start();
  TempDir dir;
  Config config = crawl_test_config(dir, {site.url("/")});
  config.crawl.max_redirects = 3;
  const auto summary = crawl_once(config);
  EXPECT_TRUE(summary.finished);
  const auto articles = by_url(read_articles(config.data_dir));
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_TRUE(articles.count(site.url("/final")));
  for (const auto* p :
       {"/r1", "/r2", "/r3", "/final", "/loop1", "/loop2", "/c1", "/c2", "/c3", "/c4"}) {
    EXPECT_EQ(site.count(p), 1) << p;
  }
  EXPECT_EQ(site.count("/c5"), 0);  // /c1 -> c2 -> c3 -> c4 is three hops; the fourth is refused
  EXPECT_GE(summary.total.errors, 1u);
}

TEST(Crawl, HttpErrorsRetriesAndRetryAfter) {
  TestServer site;
  serve(site, "/", front_page({"/missing", "/broken", "/busy", "/busy-until"}));
  site.server().Get("/missing",
                    [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  site.server().Get("/broken",
                    [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  std::atomic<int> busy_calls{0};
  site.server().Get("/busy", [&busy_calls](const httplib::Request&, httplib::Response& res) {
    if (busy_calls++ == 0) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content(article_page("Patience pays"), "text/html");
  });
  // Retry-After in its other form, an HTTP date: two seconds from now (whole seconds, so the
  // crawler must wait at least one).
  std::atomic<int> until_calls{0};
  site.server().Get("/busy-until", [&until_calls](const httplib::Request&, httplib::Response& res) {
    if (until_calls++ == 0) {
      const std::time_t at = std::time(nullptr) + 2;
      std::tm tm{};
      gmtime_r(&at, &tm);
      char date[64];
      std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
      res.status = 503;
      res.set_header("Retry-After", date);
      return;
    }
    res.set_content(article_page("Patience pays again"), "text/html");
  });
  site.start();
  TempDir dir;
  Config config = crawl_test_config(dir, {site.url("/")});
  config.crawl.retries = 2;
  const auto summary = crawl_once(config);
  EXPECT_EQ(site.count("/missing"), 1);  // permanent: asked once
  EXPECT_EQ(site.count("/broken"), 3);   // transient: once plus two retries
  ASSERT_EQ(site.count("/busy"), 2);
  std::vector<std::chrono::steady_clock::time_point> busy;
  for (const auto& r : site.requests()) {
    if (r.target == "/busy") busy.push_back(r.at);
  }
  EXPECT_GE(busy[1] - busy[0], 900ms);  // Retry-After: 1
  ASSERT_EQ(site.count("/busy-until"), 2);
  std::vector<std::chrono::steady_clock::time_point> until;
  for (const auto& r : site.requests()) {
    if (r.target == "/busy-until") until.push_back(r.at);
  }
  EXPECT_GE(until[1] - until[0], 900ms);  // Retry-After: the date two seconds on
  const auto articles = by_url(read_articles(config.data_dir));
  EXPECT_EQ(articles.size(), 2u);
  EXPECT_TRUE(articles.count(site.url("/busy")));
  EXPECT_TRUE(articles.count(site.url("/busy-until")));
  EXPECT_EQ(summary.total.errors, 2u);
}

TEST(Crawl, HostileServersAreCutOffAndTheCrawlGoesOn) {
  TestServer site;
  serve(site, "/",
        front_page({"/stall", "/endless", "/declared", "/bomb", "/image", "/latin1", "/fine"}));
  site.server().Get("/stall", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(1500ms);
    res.set_content("late", "text/html");
  });
  site.server().Get("/endless", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [](std::size_t, httplib::DataSink& sink) {
      const std::string chunk(65536, 'x');
      return sink.write(chunk.data(), chunk.size());
    });
  });
  // Says its size up front (Content-Length, 2 MiB over a 1 MiB cap): refused before the body.
  serve(site, "/declared", std::string(2u << 20, 'x'), "text/html");
  const std::string bomb = gzip_compress(std::string(64u << 20, ' '), 9);
  site.server().Get("/bomb", [&bomb](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(bomb, "text/html");
  });
  serve(site, "/image", "\x89PNG\r\n\x1a\n", "image/png");
  std::string latin1 = article_page("Caf\xe9 reopens on the quay");
  serve(site, "/latin1", latin1, "text/html; charset=no-such-charset");
  serve(site, "/fine", article_page("Still crawling"));
  site.start();
  TempDir dir;
  Config config = crawl_test_config(dir, {site.url("/")});
  config.crawl.retries = 0;
  config.crawl.timeout_seconds = 0.5;
  config.crawl.max_body_bytes = 1u << 20;
  const auto start = std::chrono::steady_clock::now();
  const auto summary = crawl_once(config);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
  EXPECT_EQ(summary.total.errors, 5u);  // stall, endless, declared, bomb, image
  const auto articles = by_url(read_articles(config.data_dir));
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_TRUE(articles.count(site.url("/fine")));
  const auto& cafe = articles.at(site.url("/latin1"));
  EXPECT_NE(cafe.title.find("Caf"), std::string::npos);  // decoded to valid UTF-8 somehow
}

TEST(Crawl, SpiderTrapsDoNotEatTheBudget) {
  TestServer site;
  serve(site, "/",
        front_page({"/calendar?month=1", "/deep/", "/s?sid=111", "/s?sid=222",
                    "/q?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8"}));
  site.server().Get("/calendar", [](const httplib::Request& req, httplib::Response& res) {
    const int month = std::stoi(req.get_param_value("month"));
    res.set_content(front_page({"/calendar?month=" + std::to_string(month + 1)}), "text/html");
  });
  // A relative link that grows the path forever: /deep/a/, /deep/a/a/, ...
  site.server().Get(R"(/deep/.*)", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(front_page({"a/"}), "text/html");
  });
  site.server().Get("/s", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(front_page({}), "text/html");
  });
  site.server().Get("/q", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(front_page({}), "text/html");
  });
  site.start();
  TempDir dir;
  Config config = crawl_test_config(dir, {site.url("/")});
  config.crawl.max_depth = 1000;
  config.crawl.max_pages_per_site = 40;
  const auto summary = crawl_once(config);
  EXPECT_TRUE(summary.finished);
  EXPECT_LE(site.requests().size(), 42u);  // the budget, plus robots.txt
  EXPECT_EQ(site.count("/s"), 1);          // session ids stripped: one page
  EXPECT_EQ(site.count("/s?sid=111") + site.count("/s?sid=222"), 0);
  EXPECT_EQ(site.count("/q?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8"), 0);
  EXPECT_EQ(site.count("/deep/a/a/a/"), 0);  // a segment three times
  EXPECT_EQ(site.count("/deep/a/a/"), 1);
}

TEST(Crawl, RevisitUsesConditionalGetAnd304WritesNothing) {
  TestServer site;
  serve(site, "/", front_page({"/story"}));
  std::atomic<int> not_modified{0};
  site.server().Get("/story", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      ++not_modified;
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_content(article_page("Unchanged story"), "text/html");
  });
  site.start();
  TempDir dir;
  const Config config = crawl_test_config(dir, {site.url("/")});
  crawl_once(config);
  ASSERT_EQ(read_articles(config.data_dir).size(), 1u);
  const auto two_hours_later = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               (std::chrono::system_clock::now() + 2h).time_since_epoch())
        .count();
  };
  const auto second = crawl_once(config, 0, two_hours_later);  // the story's first revisit
  EXPECT_EQ(site.count("/story"), 2);
  EXPECT_EQ(not_modified.load(), 1);
  EXPECT_EQ(second.total.not_modified, 1u);
  EXPECT_EQ(second.total.articles, 0u);
  EXPECT_EQ(read_articles(config.data_dir).size(), 1u);
}

TEST(Crawl, MaxPagesStopsAndTheNextRunContinues) {
  TestServer site;
  std::vector<std::string> links;
  for (int i = 0; i < 12; ++i) {
    links.push_back("/n/" + std::to_string(i));
    serve(site, links.back(), article_page("Numbered story " + std::to_string(i)));
  }
  serve(site, "/", front_page(links));
  site.start();
  TempDir dir;
  const Config config = crawl_test_config(dir, {site.url("/")});
  const auto first = crawl_once(config, 5);
  EXPECT_FALSE(first.finished);
  EXPECT_EQ(first.total.fetched, 5u);
  const auto second = crawl_once(config);
  EXPECT_TRUE(second.finished);
  EXPECT_EQ(first.total.articles + second.total.articles, 12u) << second.total.fetched;
  EXPECT_EQ(read_articles(config.data_dir).size(), 12u);
  for (const auto& l : links) EXPECT_EQ(site.count(l), 1) << l;
  EXPECT_EQ(site.count("/"), 1);  // the unfinished crawl was continued, not restarted
}

TEST(Crawl, ArchiveIsValidWarcAndReplayGivesTheSameArticles) {
  TestServer site;
  serve(site, "/feed.xml",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
        "<item><link>/w/1</link><pubDate>Tue, 04 Nov 2025 07:00:00 +0000</pubDate></item>"
        "<item><link>/w/2</link></item><item><link>/w/gone</link></item></channel></rss>",
        "application/rss+xml");
  serve(site, "/w/1", article_page("Archived one"));
  serve(site, "/w/2", article_page("Archived two"));
  site.server().Get("/w/gone",
                    [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  site.start();
  TempDir dir;
  const Config config = crawl_test_config(dir, {site.url("/feed.xml")});
  crawl_once(config);
  const auto crawled = read_articles(config.data_dir);
  ASSERT_EQ(crawled.size(), 2u);

  const auto files = warc_files(config.data_dir);
  ASSERT_EQ(files.size(), 1u);
  auto reader = crawler::WarcReader::open(files[0]);
  ASSERT_TRUE(reader);
  std::map<std::string, int> types;
  std::vector<int> statuses;
  while (true) {
    auto record = reader->next();
    ASSERT_TRUE(record) << record.error().to_string();
    if (!*record) break;
    const auto& r = **record;
    EXPECT_EQ(r.version, "WARC/1.1");
    ++types[r.type()];
    EXPECT_FALSE(r.header("WARC-Record-ID").empty());
    EXPECT_FALSE(r.header("WARC-Date").empty());
    EXPECT_EQ(r.header("WARC-Block-Digest"), crawler::warc_sha1_digest(r.block));
    if (r.type() == "response") {
      const auto http = crawler::parse_http_response(r.block);
      ASSERT_TRUE(http);
      statuses.push_back(http->status);
      EXPECT_EQ(r.header("WARC-Payload-Digest"), crawler::warc_sha1_digest(http->body));
      EXPECT_EQ(r.header("WARC-Target-URI").rfind(site.base(), 0), 0u);
    }
  }
  EXPECT_EQ(types["warcinfo"], 1);
  // robots.txt (404), the feed, two articles, /w/gone (404), "/" (404, linked from articles)
  EXPECT_EQ(types["response"], 6);
  EXPECT_EQ(types["request"], 6);
  EXPECT_EQ(types["metadata"], 3);  // the 200 pages (feed included)
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 404), 3);

  // Standard tools: gzip sees a valid multi-member file. (python3-warcio is not in Debian 12,
  // `apt-cache policy python3-warcio` finds no candidate, so our reader stands in for it.)
  const auto gzip = run_process({"/bin/gzip", "-t", files[0]});
  EXPECT_EQ(gzip.exit_code, 0) << gzip.err;

  TempDir other;
  const auto replayed = crawler::replay_warcs(other.file("data"), files);
  ASSERT_TRUE(replayed) << replayed.error().to_string();
  EXPECT_EQ(replayed->articles, 2u);
  EXPECT_TRUE(replayed->errors.empty());
  auto a = read_articles(config.data_dir);
  auto b = read_articles(other.file("data"), "replay");
  for (auto& crawled_article : a) crawled_article.revision = 0;  // only the crawl can count them
  const auto key = [](const Article& x, const Article& y) { return x.url < y.url; };
  std::sort(a.begin(), a.end(), key);
  std::sort(b.begin(), b.end(), key);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(to_json_line(a[i]), to_json_line(b[i]));

  // Bad inputs are named and skipped; the good file still counts.
  const std::string truncated = other.file("truncated.warc.gz");
  std::filesystem::copy_file(files[0], truncated);
  std::filesystem::resize_file(truncated, std::filesystem::file_size(files[0]) / 2);
  TempDir third;
  const auto mixed = crawler::replay_warcs(third.file("data"),
                                           {other.file("missing.warc.gz"), truncated, files[0]});
  ASSERT_TRUE(mixed);
  ASSERT_EQ(mixed->errors.size(), 2u);
  EXPECT_NE(mixed->errors[0].to_string().find("missing.warc.gz"), std::string::npos);
  EXPECT_NE(mixed->errors[1].to_string().find("truncated.warc.gz"), std::string::npos);
  EXPECT_GE(mixed->articles, 2u);  // the good file's two, plus what the truncated one held
}

}  // namespace
}  // namespace gazette::testing
