#include "crawler/scope.h"

#include <gtest/gtest.h>

namespace gazette::crawler {
namespace {

TEST(Scope, StripsSessionIds) {
  const struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"http://a.localhost/p?sid=123", "http://a.localhost/p"},
      {"http://a.localhost/p?id=7&PHPSESSID=abc&x=1", "http://a.localhost/p?id=7&x=1"},
      {"http://a.localhost/p;jsessionid=ABC?id=7", "http://a.localhost/p?id=7"},
      {"http://a.localhost/a;jsessionid=1/b", "http://a.localhost/a/b"},
      {"http://a.localhost/p?aspsessionidqq=1", "http://a.localhost/p"},
      {"http://a.localhost/p?side=1&sidebar=2", "http://a.localhost/p?side=1&sidebar=2"},
      {"http://a.localhost/p;v=2", "http://a.localhost/p;v=2"},
  };
  for (const auto& c : cases) EXPECT_EQ(strip_session_ids(c.in), c.out) << c.in;
}

TEST(Scope, RejectReasons) {
  CrawlConfig config;
  config.max_depth = 3;
  config.max_query_params = 2;
  config.max_url_bytes = 80;
  config.exclude = {"/tag/"};
  auto scope = CrawlScope::create(config);
  ASSERT_TRUE(scope);
  scope->add_seed_site("www.a.localhost");
  const struct {
    const char* url;
    unsigned depth;
    const char* reason;  // "" = followed
  } cases[] = {
      {"http://a.localhost/news/1", 0, ""},
      {"http://www.a.localhost/news/1", 2, ""},
      {"http://a.localhost/news/1", 3, "deeper than max_depth"},
      {"http://b.localhost/news/1", 0, "other site"},
      {"http://a.localhost/p?a=1&b=2", 0, ""},
      {"http://a.localhost/p?a=1&b=2&c=3", 0, "more than max_query_params query parameters"},
      {"http://a.localhost/x/y/x/y/x", 0, "repeated path segments"},
      {"http://a.localhost/tag/harbour", 0, "matches an exclude pattern"},
      {"http://a.localhost/a-very-long-path-that-goes-on-and-on-and-on-and-on-and-on-and-on", 0,
       "longer than max_url_bytes"},
  };
  for (const auto& c : cases) {
    const auto reason = scope->reject_reason(c.url, c.depth, true);
    EXPECT_EQ(reason.value_or(""), c.reason) << c.url;
  }
}

TEST(Scope, PathPrefixesIncludeAndSeedsScope) {
  CrawlConfig config;
  config.path_prefixes = {"/news/"};
  config.include = {R"(\d+$)"};
  auto scope = CrawlScope::create(config);
  ASSERT_TRUE(scope);
  scope->add_seed_site("a.localhost");
  EXPECT_FALSE(scope->reject_reason("http://a.localhost/news/12", 0, true));
  EXPECT_EQ(*scope->reject_reason("http://a.localhost/sport/12", 0, true), "outside path_prefixes");
  EXPECT_EQ(*scope->reject_reason("http://a.localhost/news/x", 0, true),
            "matches no include pattern");
  config.path_prefixes.clear();
  config.include.clear();
  config.scope = "seeds";
  auto seeds_only = CrawlScope::create(config);
  seeds_only->add_seed_site("a.localhost");
  EXPECT_TRUE(seeds_only->reject_reason("http://a.localhost/news/1", 0, true));
  EXPECT_FALSE(seeds_only->reject_reason("http://a.localhost/news/1", 0, false));  // feed entry
}

TEST(Scope, BadPatternIsNamed) {
  CrawlConfig config;
  config.exclude = {"(unclosed"};
  const auto scope = CrawlScope::create(config);
  ASSERT_FALSE(scope);
  EXPECT_EQ(scope.error().where, "crawl.exclude");
}

}  // namespace
}  // namespace gazette::crawler
