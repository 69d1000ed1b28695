#include "crawler/robots_policy.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gazette::crawler {
namespace {

TEST(RobotsPolicy, ProductToken) {
  EXPECT_EQ(product_token("gazette/1.0 (+https://example.org)"), "gazette");
  EXPECT_EQ(product_token("gazette (+https://example.org)"), "gazette");
  EXPECT_EQ(product_token("gazette"), "gazette");
}

TEST(RobotsPolicy, Answers) {
  CrawlConfig config;
  config.retries = 2;
  config.retry_backoff_seconds = 1;
  config.robots_expiry_hours = 1;
  constexpr std::int64_t kNow = 1'000'000;
  const struct {
    const char* name;
    FetchError error;
    int status;
    unsigned failures;
    std::int64_t want_ask_again_in;  // -1: decided
    int want_stored_status;
    bool want_allowed;  // is /private allowed under the record's rules
  } rows[] = {
      {"200 with rules", FetchError::kNone, 200, 0, -1, 200, false},
      {"404: no robots.txt", FetchError::kNone, 404, 0, -1, 404, true},
      {"301: not followed", FetchError::kNone, 301, 0, -1, 301, true},
      {"503: ask again", FetchError::kNone, 503, 0, 1000, 0, false},
      {"503 again: wait longer", FetchError::kNone, 503, 1, 2000, 0, false},
      {"503 for good: nothing allowed", FetchError::kNone, 503, 2, -1, 503, false},
      {"unreachable: ask again", FetchError::kConnect, 0, 0, 1000, 0, false},
      {"unreachable for good", FetchError::kConnect, 0, 2, -1, 0, false},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    FetchResult f;
    f.error = r.error;
    f.http_status = r.status;
    f.body = "User-agent: *\nDisallow: /private\n";
    const RobotsAnswer answer = robots_answer(f, r.failures, config, kNow);
    EXPECT_EQ(answer.ask_again_in_ms.value_or(-1), r.want_ask_again_in);
    if (answer.ask_again_in_ms) continue;
    EXPECT_EQ(answer.record.http_status, r.want_stored_status);
    EXPECT_EQ(answer.record.expires_at_ms, kNow + 3'600'000);
    EXPECT_EQ(rules_for(answer.record, "gazette").allowed("/private"), r.want_allowed);
  }
}

TEST(RobotsPolicy, SitemapsOnTheSeedSites) {
  CrawlConfig config;
  auto scope = CrawlScope::create(config);
  ASSERT_TRUE(scope);
  scope->add_seed_site("a.localhost");
  const RobotsRules rules = RobotsRules::parse(
      "Sitemap: http://a.localhost/sitemap.xml\nSitemap: /news.xml\n"
      "Sitemap: http://b.localhost/sitemap.xml\nSitemap: ftp://a.localhost/x\n",
      "gazette");
  std::vector<std::string> urls;
  for (const auto& u : robots_sitemaps(rules, "http://a.localhost/robots.txt", *scope)) {
    EXPECT_EQ(u.host, "a.localhost");
    urls.push_back(u.url);
  }
  EXPECT_EQ(urls, (std::vector<std::string>{"http://a.localhost/sitemap.xml",
                                            "http://a.localhost/news.xml"}));
}

}  // namespace
}  // namespace gazette::crawler
