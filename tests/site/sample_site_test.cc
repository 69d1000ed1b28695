// The sample news site (samples/site) is what the demo crawls: every article must extract as
// an article with title and date and without boilerplate, the feed and sitemaps must list the
// articles, robots.txt must fence off the private pages, and links must reach every article.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "common/url.h"
#include "crawler/discovery.h"
#include "crawler/robots.h"
#include "extract/extract.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;

// The site is served from the root of some host; tests pretend it is this one.
constexpr const char* kBase = "http://courier.localhost:8080";
const char* const kSections[] = {"city", "politics", "business", "culture", "sport"};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Site path ("/city/x.html") of every article page on disk: section pages but the fronts.
std::set<std::string> article_paths() {
  std::set<std::string> paths;
  const fs::path root(GAZETTE_SAMPLE_SITE);
  for (const char* section : kSections) {
    for (const auto& entry : fs::recursive_directory_iterator(root / section)) {
      if (entry.path().extension() != ".html" || entry.path().filename() == "index.html") continue;
      paths.insert("/" + fs::relative(entry.path(), root).generic_string());
    }
  }
  return paths;
}

// The file behind a site path: "/city/" is "/city/index.html".
fs::path file_of(const std::string& path) {
  std::string relative = path.substr(1);
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  return fs::path(GAZETTE_SAMPLE_SITE) / relative;
}

std::set<std::string> paths_of(const crawler::DiscoveryDocument& doc) {
  std::set<std::string> paths;
  for (const auto& link : doc.links) {
    EXPECT_EQ(url_authority(link.url), url_authority(kBase)) << link.url;
    paths.insert(url_path_and_query(link.url));
  }
  return paths;
}

extract::ExtractResult extract(const std::string& path) {
  extract::ExtractOptions options;
  options.url = std::string(kBase) + path;
  options.content_type = "text/html; charset=utf-8";
  options.fetched = parse_iso8601("2025-11-21T12:00:00Z");
  return extract::extract_article(read_file(file_of(path)), options);
}

std::size_t word_count(const std::string& text) {
  std::istringstream in(text);
  return static_cast<std::size_t>(
      std::distance(std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()));
}

TEST(SampleSiteTest, HasFiftyArticlesOverFiveSections) {
  const auto paths = article_paths();
  EXPECT_GE(paths.size(), 50u);
  for (const char* section : kSections) {
    const auto in_section = std::count_if(paths.begin(), paths.end(), [&](const std::string& p) {
      return p.starts_with("/" + std::string(section) + "/");
    });
    EXPECT_GE(in_section, 5) << section;
  }
}

TEST(SampleSiteTest, EveryArticleExtractsCleanly) {
  std::map<std::string, int> languages;
  for (const std::string& path : article_paths()) {
    const auto result = extract(path);
    EXPECT_TRUE(result.is_article) << path << ": " << result.not_article_reason;
    EXPECT_FALSE(result.article.title.empty()) << path;
    EXPECT_EQ(result.article.title.find("Veldmouth Courier"), std::string::npos) << path;
    EXPECT_TRUE(result.article.published) << path;
    EXPECT_FALSE(result.article.authors.empty()) << path;
    EXPECT_EQ(result.article.text.find("Scroll to Top"), std::string::npos) << path;
    EXPECT_EQ(result.article.text.find("cookies"), std::string::npos) << path;
    EXPECT_EQ(result.article.text.find("Sign me up"), std::string::npos) << path;
    const std::size_t words = word_count(result.article.text);
    EXPECT_GE(words, 140u) << path;
    EXPECT_LE(words, 520u) << path;
    ++languages[result.article.language];
  }
  EXPECT_GE(languages["en"], 40);
  EXPECT_GE(languages["fr"], 3);
  EXPECT_GE(languages["de"], 3);
}

TEST(SampleSiteTest, FrontsAndPagesAreNotArticles) {
  for (const std::string path : {"/", "/city/", "/sport/", "/tag/harbour.html"}) {
    const auto result = extract(path);
    EXPECT_FALSE(result.is_article) << path;
  }
}

TEST(SampleSiteTest, FeedAndSitemapsListTheArticles) {
  const auto articles = article_paths();
  const fs::path root(GAZETTE_SAMPLE_SITE);

  const auto feed =
      crawler::parse_discovery(read_file(root / "feed.xml"), std::string(kBase) + "/feed.xml");
  EXPECT_EQ(feed.kind, crawler::DiscoveryKind::kRss);
  EXPECT_TRUE(feed.warnings.empty());
  EXPECT_EQ(feed.links.size(), 20u);
  for (const auto& link : feed.links) {
    EXPECT_TRUE(articles.contains(url_path_and_query(link.url))) << link.url;
    EXPECT_TRUE(link.date && link.date_is_publication) << link.url;
    EXPECT_FALSE(link.title.empty()) << link.url;
  }

  const auto sitemap = crawler::parse_discovery(read_file(root / "sitemap.xml"),
                                                std::string(kBase) + "/sitemap.xml");
  EXPECT_EQ(sitemap.kind, crawler::DiscoveryKind::kUrlset);
  EXPECT_TRUE(sitemap.warnings.empty());
  const auto listed = paths_of(sitemap);
  for (const std::string& path : articles) EXPECT_TRUE(listed.contains(path)) << path;
  for (const std::string& path : listed) EXPECT_TRUE(fs::exists(file_of(path))) << path;

  const auto news = crawler::parse_discovery(read_file(root / "news-sitemap.xml"),
                                             std::string(kBase) + "/news-sitemap.xml");
  EXPECT_EQ(news.kind, crawler::DiscoveryKind::kUrlset);
  EXPECT_GE(news.links.size(), 5u);
  for (const auto& link : news.links) {
    EXPECT_TRUE(articles.contains(url_path_and_query(link.url))) << link.url;
    EXPECT_TRUE(link.date && link.date_is_publication) << link.url;
  }
}

TEST(SampleSiteTest, RobotsFencesOffPrivatePages) {
  const auto robots = crawler::RobotsRules::parse(
      read_file(fs::path(GAZETTE_SAMPLE_SITE) / "robots.txt"), "gazette");
  EXPECT_FALSE(robots.allowed("/private/staff-rota.html"));
  EXPECT_FALSE(robots.allowed("/search/?q=ferry"));
  EXPECT_TRUE(robots.allowed("/"));
  for (const std::string& path : article_paths()) EXPECT_TRUE(robots.allowed(path)) << path;
  const std::vector<std::string> sitemaps = {"/sitemap.xml", "/news-sitemap.xml"};
  EXPECT_EQ(robots.sitemaps(), sitemaps);
  EXPECT_TRUE(fs::exists(fs::path(GAZETTE_SAMPLE_SITE) / "private" / "staff-rota.html"));
  // A crawler that ignores robots.txt would index this marker.
  EXPECT_NE(read_file(fs::path(GAZETTE_SAMPLE_SITE) / "private" / "staff-rota.html")
                .find("PRIVATE-DO-NOT-CRAWL"),
            std::string::npos);
}

TEST(SampleSiteTest, LinksFromTheHomePageReachEveryArticle) {
  const auto robots = crawler::RobotsRules::parse(
      read_file(fs::path(GAZETTE_SAMPLE_SITE) / "robots.txt"), "gazette");
  const std::regex href("href=\"([^\"]*)\"");
  std::set<std::string> seen = {"/"};
  std::vector<std::string> queue = {"/"};
  bool saw_private_link = false;
  while (!queue.empty()) {
    const std::string path = queue.back();
    queue.pop_back();
    ASSERT_TRUE(fs::exists(file_of(path))) << "broken link to " << path;
    const std::string html = read_file(file_of(path));
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href);
         it != std::sregex_iterator(); ++it) {
      const auto url = resolve_url(std::string(kBase) + path, (*it)[1].str());
      if (!url || url_authority(*url) != url_authority(kBase)) continue;
      const std::string target = url_path_and_query(*url);
      if (!target.ends_with(".html") && !target.ends_with("/")) continue;  // css, feed
      if (!robots.allowed(target)) {
        saw_private_link = true;
        continue;
      }
      if (seen.insert(target).second) queue.push_back(target);
    }
  }
  EXPECT_TRUE(saw_private_link);
  for (const std::string& path : article_paths()) EXPECT_TRUE(seen.contains(path)) << path;
}

}  // namespace
}  // namespace gazette
