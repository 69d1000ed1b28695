// gazette-site-server over loopback: static files with their content types, and the synthetic
// sites the crawl benchmark uses (any *.localhost host, deterministic, fully linked).
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <httplib.h>

#include "common/url.h"
#include "crawler/discovery.h"
#include "crawler/robots.h"
#include "extract/extract.h"
#include "tests/support/listening_process.h"
#include "tests/support/process.h"

namespace gazette {
namespace {

using testing::ListeningProcess;

httplib::Result get(const ListeningProcess& server, const std::string& path,
                    const std::string& host = "") {
  httplib::Client client("127.0.0.1", server.port());
  client.set_connection_timeout(10);
  client.set_read_timeout(30);
  httplib::Headers headers;
  if (!host.empty()) headers.emplace("Host", host);
  return client.Get(path, headers);
}

TEST(SiteServerTest, ServesAStaticDirectory) {
  ListeningProcess server({GAZETTE_SITE_SERVER_BIN, "--root", GAZETTE_SAMPLE_SITE});
  EXPECT_EQ(server.base_url(), "http://127.0.0.1:" + std::to_string(server.port()));
  struct Row {
    const char* path;
    int status;
    const char* content_type;
  };
  const Row rows[] = {
      {"/", 200, "text/html; charset=utf-8"},
      {"/robots.txt", 200, "text/plain; charset=utf-8"},
      {"/feed.xml", 200, "application/xml"},
      {"/sitemap.xml", 200, "application/xml"},
      {"/no-such-page.html", 404, nullptr},
      {"/../CMakeLists.txt", 404, nullptr},
      {"/%2e%2e/%2e%2e/CMakeLists.txt", 404, nullptr},
  };
  for (const Row& row : rows) {
    const auto response = get(server, row.path);
    ASSERT_TRUE(response) << row.path;
    EXPECT_EQ(response->status == 400 ? 404 : response->status, row.status) << row.path;
    if (row.content_type != nullptr) {
      EXPECT_EQ(response->get_header_value("Content-Type"), row.content_type) << row.path;
      EXPECT_FALSE(response->body.empty()) << row.path;
    }
  }
}

TEST(SiteServerTest, RefusesNonLoopbackAddresses) {
  const auto result =
      testing::run_process({GAZETTE_SITE_SERVER_BIN, "--synthetic", "10", "--listen", "0.0.0.0:0"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("loopback"), std::string::npos) << result.err;
  const auto neither = testing::run_process({GAZETTE_SITE_SERVER_BIN});
  EXPECT_EQ(neither.exit_code, 2);
}

TEST(SiteServerTest, SyntheticSitesAreDeterministicPerHost) {
  ListeningProcess server({GAZETTE_SITE_SERVER_BIN, "--synthetic", "40"});
  const auto robots_body = get(server, "/robots.txt", "site1.localhost");
  ASSERT_TRUE(robots_body);
  const auto robots = crawler::RobotsRules::parse(robots_body->body, "gazette");
  EXPECT_FALSE(robots.allowed("/private/staff.html"));
  EXPECT_TRUE(robots.allowed("/"));
  ASSERT_EQ(robots.sitemaps().size(), 1u);
  EXPECT_EQ(robots.sitemaps()[0], "http://site1.localhost/sitemap.xml");

  const auto sitemap = get(server, "/sitemap.xml", "site1.localhost");
  ASSERT_TRUE(sitemap);
  const auto doc = crawler::parse_discovery(sitemap->body, "http://site1.localhost/sitemap.xml");
  EXPECT_EQ(doc.kind, crawler::DiscoveryKind::kUrlset);
  ASSERT_EQ(doc.links.size(), 40u);

  const std::string path = url_path_and_query(doc.links[7].url);
  const auto first = get(server, path, "site1.localhost");
  const auto again = get(server, path, "site1.localhost");
  const auto other_host = get(server, path, "site2.localhost");
  ASSERT_TRUE(first && again && other_host);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, again->body);
  EXPECT_NE(first->body, other_host->body);
  EXPECT_GT(first->body.size(), 4000u);
  EXPECT_LT(first->body.size(), 16000u);

  extract::ExtractOptions options;
  options.url = "http://site1.localhost" + path;
  options.detect_language = false;
  const auto extracted = extract::extract_article(first->body, options);
  EXPECT_TRUE(extracted.is_article) << extracted.not_article_reason;
  EXPECT_FALSE(extracted.article.title.empty());
  EXPECT_TRUE(extracted.article.published);
  EXPECT_EQ(extracted.article.text.find("Scroll to Top"), std::string::npos);

  const auto bad_host = get(server, "/", "evil\"host");
  ASSERT_TRUE(bad_host);
  EXPECT_EQ(bad_host->status, 400);
  const auto missing = get(server, "/world/2025/01/01/story-99999.html", "site1.localhost");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST(SiteServerTest, EverySyntheticArticleIsReachableFromTheHomePage) {
  constexpr std::size_t kArticles = 260;  // more than one front page per section
  ListeningProcess server({GAZETTE_SITE_SERVER_BIN, "--synthetic", std::to_string(kArticles)});
  const std::regex href("href=\"(/[^\"#]*)\"");
  std::set<std::string> seen = {"/"};
  std::vector<std::string> queue = {"/"};
  std::size_t articles = 0;
  while (!queue.empty()) {
    const std::string path = queue.back();
    queue.pop_back();
    const auto response = get(server, path, "site9.localhost");
    ASSERT_TRUE(response) << path;
    if (response->status != 200) continue;
    if (path.find("/story-") != std::string::npos) ++articles;
    for (auto it = std::sregex_iterator(response->body.begin(), response->body.end(), href);
         it != std::sregex_iterator(); ++it) {
      const std::string link = (*it)[1];
      if (link.starts_with("/private/") || link.starts_with("/search/")) continue;
      if (seen.insert(link).second) queue.push_back(link);
    }
  }
  EXPECT_EQ(articles, kArticles);
}

}  // namespace
}  // namespace gazette
