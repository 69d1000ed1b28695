#include "crawler/robots.h"

#include <chrono>

#include <gtest/gtest.h>

namespace gazette::crawler {
namespace {

struct Case {
  const char* name;
  const char* robots;
  const char* path;
  bool allowed;
};

TEST(RobotsTest, DecidesLikeRfc9309) {
  const Case cases[] = {
      {"empty file", "", "/anything", true},
      {"disallow all for star", "User-agent: *\nDisallow: /\n", "/a", false},
      {"robots.txt always allowed", "User-agent: *\nDisallow: /\n", "/robots.txt", true},
      {"empty disallow allows", "User-agent: *\nDisallow:\n", "/a", true},
      {"prefix match", "User-agent: *\nDisallow: /private\n", "/private/x.html", false},
      {"prefix match covers longer names", "User-agent: *\nDisallow: /private\n", "/privateer",
       false},
      {"no match", "User-agent: *\nDisallow: /private/\n", "/public/x", true},
      {"query is part of the path", "User-agent: *\nDisallow: /search?q=\n", "/search?q=x", false},
      // Groups: our product beats '*'; other agents' groups do not apply.
      {"our group beats star", "User-agent: *\nDisallow: /\n\nUser-agent: gazette\nAllow: /\n",
       "/a", true},
      {"other agent ignored", "User-agent: otherbot\nDisallow: /\n", "/a", true},
      {"product match is case-insensitive", "User-agent: GAZETTE\nDisallow: /x\n", "/x", false},
      {"product with version", "User-agent: Gazette/1.2 (+https://x.example)\nDisallow: /x\n", "/x",
       false},
      {"longer product is another agent", "User-agent: gazettebot\nDisallow: /x\n", "/x", true},
      {"star used when not named",
       "User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /y\n", "/x", true},
      {"our group with star rules not merged",
       "User-agent: gazette\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", "/b", true},
      {"several agents share a group", "User-agent: otherbot\nUser-agent: gazette\nDisallow: /x\n",
       "/x", false},
      {"groups for us are merged",
       "User-agent: gazette\nDisallow: /a\n\nUser-agent: otherbot\nDisallow: /b\n\n"
       "User-agent: gazette\nDisallow: /c\n",
       "/c", false},
      {"merged groups keep the first", "User-agent: gazette\nDisallow: /a\nUser-agent: gazette\n",
       "/a", false},
      {"rules before any user-agent ignored", "Disallow: /x\nUser-agent: *\nDisallow: /y\n", "/x",
       true},
      {"user-agent after rules starts a group",
       "User-agent: gazette\nDisallow: /a\nUser-agent: otherbot\nDisallow: /b\n", "/b", true},
      // Longest match, allow wins ties.
      {"longer allow wins", "User-agent: *\nDisallow: /news/\nAllow: /news/public/\n",
       "/news/public/a", true},
      {"longer disallow wins", "User-agent: *\nAllow: /news/\nDisallow: /news/secret\n",
       "/news/secret/a", false},
      {"allow wins a tie", "User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", true},
      {"allow wins a tie, reversed", "User-agent: *\nAllow: /page\nDisallow: /page\n", "/page",
       true},
      // Wildcards.
      {"star in the middle", "User-agent: *\nDisallow: /*/print\n", "/2025/story/print", false},
      {"star matches empty", "User-agent: *\nDisallow: /a*b\n", "/ab", false},
      {"dollar anchors", "User-agent: *\nDisallow: /*.pdf$\n", "/files/report.pdf", false},
      {"dollar anchors, longer path", "User-agent: *\nDisallow: /*.pdf$\n", "/files/report.pdf?x",
       true},
      {"star then dollar", "User-agent: *\nDisallow: /x*$\n", "/xanything", false},
      {"exact root only", "User-agent: *\nDisallow: /$\n", "/", false},
      {"exact root only, other page", "User-agent: *\nDisallow: /$\n", "/a", true},
      {"backtracking star", "User-agent: *\nDisallow: /*ab*cd$\n", "/aab_abcxcd", false},
      {"backtracking star, no match", "User-agent: *\nDisallow: /*ab*cd$\n", "/aab_abcxce", true},
      {"session ids", "User-agent: *\nDisallow: /*?sessionid=\n", "/a/b?sessionid=42", false},
      {"allow narrower than star disallow", "User-agent: *\nDisallow: /*.php\nAllow: /index.php\n",
       "/index.php", true},
      // Percent-encoding compared normalised.
      {"escaped path vs raw rule", "User-agent: *\nDisallow: /caf\xC3\xA9/\n", "/caf%C3%A9/menu",
       false},
      {"raw path vs escaped rule", "User-agent: *\nDisallow: /caf%c3%a9/\n", "/caf\xC3\xA9/menu",
       false},
      {"unreserved escapes decoded", "User-agent: *\nDisallow: /%7Ejoe/\n", "/~joe/x", false},
      {"escaped slash stays distinct", "User-agent: *\nDisallow: /a/b\n", "/a%2Fb", true},
      // Syntax tolerance.
      {"BOM and CRLF", "\xEF\xBB\xBFUser-agent: *\r\nDisallow: /x\r\n", "/x/1", false},
      {"CR only", "User-agent: *\rDisallow: /x\r", "/x/1", false},
      {"comments", "# hello\nUser-agent: * # all\nDisallow: /x # not /y\n", "/y", true},
      {"comments, rule kept", "# hello\nUser-agent: * # all\nDisallow: /x # not /y\n", "/x", false},
      {"key case and spaces", "USER-AGENT :*\n  disallow  :   /x  \n", "/x", false},
      {"rule without slash", "User-agent: *\nDisallow: private/\n", "/private/a", false},
      {"garbage lines skipped",
       "<html><body>Not found</body></html>\nUser-agent *\nfoo bar\nUser-agent: *\nDisallow: /x\n",
       "/x", false},
      {"non-UTF-8 line skipped", "User-agent: *\nDisallow: /\xFF\xFE\nDisallow: /y\n", "/a", true},
      {"HTML served as robots.txt", "<!doctype html><html><p>Disallow: /</p></html>", "/a", true},
      {"unknown keys keep the group", "User-agent: *\nNoindex: /a\nDisallow: /b\n", "/b", false},
      {"sitemap keeps the group",
       "User-agent: *\nSitemap: https://s.example/sitemap.xml\nDisallow: /b\n", "/b", false},
  };
  for (const Case& c : cases) {
    const RobotsRules rules = RobotsRules::parse(c.robots, "gazette");
    EXPECT_EQ(rules.allowed(c.path), c.allowed) << c.name << ": " << c.path;
  }
}

TEST(RobotsTest, AllowAllAndDisallowAll) {
  EXPECT_TRUE(RobotsRules::allow_all().allowed("/any/thing?x=1"));
  EXPECT_FALSE(RobotsRules::disallow_all().allowed("/"));
  EXPECT_FALSE(RobotsRules::disallow_all().allowed("/any/thing"));
  EXPECT_TRUE(RobotsRules::disallow_all().allowed("/robots.txt"));
  EXPECT_FALSE(RobotsRules::allow_all().crawl_delay());
  EXPECT_TRUE(RobotsRules::allow_all().sitemaps().empty());
}

TEST(RobotsTest, CrawlDelayComesFromOurGroup) {
  using std::chrono::milliseconds;
  struct Row {
    const char* robots;
    std::optional<milliseconds> expected;
  };
  const Row rows[] = {
      {"User-agent: *\nCrawl-delay: 5\n", milliseconds(5000)},
      {"User-agent: *\nCrawl-delay: 0.5\n", milliseconds(500)},
      {"User-agent: *\nCrawl-delay: 2\nCrawl-delay: 9\n", milliseconds(2000)},
      {"User-agent: *\nCrawl-delay: soon\n", std::nullopt},
      {"User-agent: *\nCrawl-delay: -3\n", std::nullopt},
      {"User-agent: *\nCrawl-delay: 1e300\n", milliseconds(86400000)},
      {"User-agent: *\nCrawl-delay: 10\n\nUser-agent: gazette\nDisallow: /x\n", std::nullopt},
      {"User-agent: gazette\nCrawl-delay: 3\n\nUser-agent: *\nCrawl-delay: 10\n",
       milliseconds(3000)},
      {"User-agent: otherbot\nCrawl-delay: 3\n", std::nullopt},
      {"Crawl-delay: 3\n", std::nullopt},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(RobotsRules::parse(row.robots, "gazette").crawl_delay(), row.expected) << row.robots;
  }
}

TEST(RobotsTest, SitemapsFromAnyGroup) {
  const RobotsRules rules = RobotsRules::parse(
      "Sitemap: https://a.example/sitemap.xml\n"
      "User-agent: otherbot\nSitemap:   https://a.example/news.xml  \nDisallow: /\n"
      "sitemap: /relative.xml\nSitemap:\n",
      "gazette");
  const std::vector<std::string> expected = {"https://a.example/sitemap.xml",
                                             "https://a.example/news.xml", "/relative.xml"};
  EXPECT_EQ(rules.sitemaps(), expected);
}

TEST(RobotsTest, HugeFilesAreCutAtTheCap) {
  // A rule past the cap is not read; everything before it is.
  std::string body = "User-agent: *\nDisallow: /early\n";
  while (body.size() < RobotsRules::kMaxBytes + 1000) body += "Disallow: /filler/path/segment\n";
  body += "Disallow: /late\n";
  const RobotsRules rules = RobotsRules::parse(body, "gazette");
  EXPECT_FALSE(rules.allowed("/early"));
  EXPECT_FALSE(rules.allowed("/filler/path/segment/x"));
  EXPECT_TRUE(rules.allowed("/late"));
}

TEST(RobotsTest, HostilePatternsStayCheap) {
  // Many stars against a long path: bounded work, correct answer.
  std::string pattern = "/";
  for (int i = 0; i < 2000; ++i) pattern += "a*";
  pattern += "b$";
  const RobotsRules rules = RobotsRules::parse("User-agent: *\nDisallow: " + pattern, "gazette");
  EXPECT_TRUE(rules.allowed("/" + std::string(3000, 'a')));
  std::string binary;
  for (int c = 0; c < 256; ++c) binary += static_cast<char>(c);
  EXPECT_TRUE(RobotsRules::parse(binary + binary, "gazette").allowed("/x"));
}

}  // namespace
}  // namespace gazette::crawler
