#include "crawler/link_admission.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/url.h"

namespace gazette::crawler {
namespace {

CrawlScope test_scope(const std::string& scope_kind = "site") {
  CrawlConfig config;
  config.scope = scope_kind;
  config.max_depth = 3;
  config.exclude = {"/tag/"};
  auto scope = CrawlScope::create(config);
  EXPECT_TRUE(scope);
  scope->add_seed_site("a.localhost");
  return std::move(*scope);
}

TEST(LinkAdmission, FromHrefToFrontierRow) {
  const CrawlScope scope = test_scope();
  const struct {
    const char* base;
    const char* href;
    unsigned depth;
    const char* want;  // the row's URL, or "!" and the reason it is refused
  } rows[] = {
      {"http://a.localhost/news/", "story-1", 0, "http://a.localhost/news/story-1"},
      {"http://a.localhost/news/", "/x/../story?utm_source=rss#top", 0, "http://a.localhost/story"},
      {"http://a.localhost/p", "//www.a.localhost/q", 1, "http://www.a.localhost/q"},
      {"http://a.localhost/p", " /spaced ", 0, "http://a.localhost/spaced"},
      {"http://a.localhost/p", "/s;jsessionid=AB12?id=3&sid=9", 0, "http://a.localhost/s?id=3"},
      {"http://a.localhost/p", "mailto:desk@a.localhost", 0, "!not an http(s) URL"},
      {"http://a.localhost/p", "javascript:void(0)", 0, "!not an http(s) URL"},
      {"http://a.localhost/p", "http://b.localhost/other", 0, "!other site"},
      {"http://a.localhost/p", "/tag/harbour", 0, "!matches an exclude pattern"},
      {"http://a.localhost/p", "/deep", 2, "http://a.localhost/deep"},
      {"http://a.localhost/p", "/deep", 3, "!deeper than max_depth"},
  };
  for (const auto& r : rows) {
    LinkAdmission admission(scope, r.base, r.depth);
    FoundLink link;
    link.href = r.href;
    std::string why;
    const auto row = admission.admit(link, &why);
    const std::string got = row ? row->url : "!" + why;
    EXPECT_EQ(got, r.want) << r.base << " + " << r.href;
    if (!row) continue;
    EXPECT_EQ(row->host, url_authority(row->url));
    EXPECT_EQ(row->depth, r.depth + 1);
    EXPECT_EQ(row->status, UrlStatus::kQueued);
    EXPECT_FALSE(row->is_seed);
  }
}

TEST(LinkAdmission, FeedEntriesKeepTheirDatesAndFollowTheSeedsScope) {
  const CrawlScope scope = test_scope("seeds");
  LinkAdmission admission(scope, "http://a.localhost/feed.xml", 0);
  FoundLink html;
  html.href = "/from-a-page";
  std::string why;
  EXPECT_FALSE(admission.admit(html, &why));
  EXPECT_EQ(why, "scope is seeds: links not followed");
  FoundLink entry;
  entry.href = "http://a.localhost/item";
  entry.from_html = false;
  entry.evidence.first_seen = DateTime{1000, 0};
  entry.evidence.published = DateTime{900, 0};
  entry.evidence.published_source = DateSource::kFeed;
  const auto row = admission.admit(entry);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->first_seen->unix_seconds, 1000);
  EXPECT_EQ(row->published->unix_seconds, 900);
  EXPECT_EQ(row->published_source, DateSource::kFeed);
}

TEST(LinkAdmission, OncePerPageEvenWhenTheFirstWasRefused) {
  const CrawlScope scope = test_scope("seeds");
  LinkAdmission admission(scope, "http://a.localhost/", 0);
  FoundLink as_html;
  as_html.href = "/feed?sid=1";
  FoundLink as_feed;
  as_feed.href = "/feed";
  as_feed.from_html = false;
  std::string why;
  EXPECT_FALSE(admission.admit(as_html, &why));  // refused by the scope ...
  EXPECT_FALSE(admission.admit(as_feed, &why));  // ... and not considered again
  EXPECT_EQ(why, "already on this page");
}

TEST(LinkAdmission, PageLinksAndASeedsFeeds) {
  const CrawlScope scope = test_scope();
  PageAnalysis page;
  page.base = "http://a.localhost/base/";
  for (const char* href : {"one", "two", "one", "http://b.localhost/x"}) {
    FoundLink link;
    link.href = href;
    page.links.push_back(link);
  }
  page.feed_links = {"/rss.xml", "two"};
  UrlRow row;
  row.depth = 1;
  const auto urls = [](const std::vector<NewUrl>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.url);
    return out;
  };
  EXPECT_EQ(
      urls(admit_links(page, row, scope)),
      (std::vector<std::string>{"http://a.localhost/base/one", "http://a.localhost/base/two"}));
  row.is_seed = true;  // a seed's feeds are followed too
  EXPECT_EQ(urls(admit_links(page, row, scope)),
            (std::vector<std::string>{"http://a.localhost/base/one", "http://a.localhost/base/two",
                                      "http://a.localhost/rss.xml"}));
}

TEST(SiteBudget, CountsWhatTheFrontierHolds) {
  SiteBudget budget(2);
  budget.set("a.localhost", 1);
  const auto url = [](const char* host, UrlStatus status) {
    NewUrl u;
    u.host = host;
    u.status = status;
    return u;
  };
  EXPECT_TRUE(budget.admits(url("a.localhost", UrlStatus::kQueued)));
  budget.inserted(url("a.localhost", UrlStatus::kQueued));
  EXPECT_FALSE(budget.admits(url("a.localhost", UrlStatus::kQueued)));  // full
  EXPECT_TRUE(budget.admits(url("a.localhost", UrlStatus::kDone)));     // known, not fetched
  EXPECT_TRUE(budget.admits(url("b.localhost", UrlStatus::kQueued)));   // unknown host
  EXPECT_FALSE(SiteBudget(0).admits(url("b.localhost", UrlStatus::kQueued)));
}

}  // namespace
}  // namespace gazette::crawler
