#include "crawler/page_outcome.h"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gazette::crawler {
namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

// "url" for a queued row, "url (known)" for one recorded as done, "url (hop N)" for a redirect.
std::vector<std::string> describe(const std::vector<NewUrl>& urls) {
  std::vector<std::string> out;
  for (const auto& u : urls) {
    std::string s = u.url;
    if (u.status == UrlStatus::kDone) s += " (known)";
    if (u.redirect_hops > 0) s += " (hop " + std::to_string(u.redirect_hops) + ")";
    out.push_back(std::move(s));
  }
  return out;
}

TEST(PageOutcome, Table) {
  CrawlConfig config;
  config.retries = 2;
  config.retry_backoff_seconds = 1;
  config.max_redirects = 2;
  auto scope = CrawlScope::create(config);
  ASSERT_TRUE(scope);
  scope->add_seed_site("a.localhost");

  NewUrl link;
  link.url = "http://a.localhost/story";
  link.host = "a.localhost";
  link.depth = 1;

  struct Row {
    const char* name;
    // The response.
    FetchError error = FetchError::kNone;
    int status = 200;
    const char* location = "";
    std::optional<std::int64_t> retry_after = std::nullopt;
    // The frontier row.
    unsigned attempts = 0;
    unsigned redirect_hops = 0;
    const char* stored_hash = "";
    // What the worker made of a 200.
    bool discovery = false;
    const char* canonical = "";
    bool written = false;
    unsigned revision = 0;
    bool unchanged = false;
    const char* body_error = "";
    // Expected.
    UrlStatus want_status = UrlStatus::kDone;
    const char* want_error = "";
    std::int64_t want_retry_in = 0;  // next_attempt_at_ms - kNow when queued again
    std::vector<std::string> want_enqueue = {};
    HostCounts want_counts = {};
    bool want_article_page = false;
  };
  const Row rows[] = {
      {.name = "page", .want_enqueue = {"http://a.localhost/story"}, .want_counts = {.fetched = 1}},
      {.name = "page with a canonical URL on the site",
       .canonical = "http://a.localhost/c",
       .want_enqueue = {"http://a.localhost/story", "http://a.localhost/c (known)"},
       .want_counts = {.fetched = 1}},
      {.name = "canonical URL elsewhere",
       .canonical = "http://b.localhost/c",
       .want_enqueue = {"http://a.localhost/story"},
       .want_counts = {.fetched = 1}},
      {.name = "feed",
       .discovery = true,
       .want_enqueue = {"http://a.localhost/story"},
       .want_counts = {.fetched = 1}},
      {.name = "new article",
       .written = true,
       .revision = 1,
       .want_enqueue = {"http://a.localhost/story"},
       .want_counts = {.fetched = 1, .articles = 1},
       .want_article_page = true},
      {.name = "revised article",
       .stored_hash = "h1",
       .written = true,
       .revision = 2,
       .want_enqueue = {"http://a.localhost/story"},
       .want_counts = {.fetched = 1, .articles = 1, .revised = 1},
       .want_article_page = true},
      {.name = "unchanged article",
       .stored_hash = "h1",
       .unchanged = true,
       .want_enqueue = {"http://a.localhost/story"},
       .want_counts = {.fetched = 1, .unchanged = 1},
       .want_article_page = true},
      {.name = "304 of an article",
       .status = 304,
       .stored_hash = "h1",
       .want_counts = {.fetched = 1, .not_modified = 1},
       .want_article_page = true},
      {.name = "redirect on the site",
       .status = 301,
       .location = "/moved",
       .want_error = "redirect to http://a.localhost/moved",
       .want_enqueue = {"http://a.localhost/moved (hop 1)"},
       .want_counts = {.fetched = 1}},
      {.name = "redirect to another site",
       .status = 302,
       .location = "http://b.localhost/x",
       .want_error = "redirect to another site, not followed: http://b.localhost/x",
       .want_counts = {.fetched = 1}},
      {.name = "redirect without Location",
       .status = 307,
       .want_status = UrlStatus::kFailed,
       .want_error = "redirect without a usable Location: \"\"",
       .want_counts = {.fetched = 1, .errors = 1}},
      {.name = "redirect with a Location that is no http(s) URL",
       .status = 308,
       .location = "mailto:x@a.localhost",
       .want_status = UrlStatus::kFailed,
       .want_error = "redirect without a usable Location: \"mailto:x@a.localhost\"",
       .want_counts = {.fetched = 1, .errors = 1}},
      {.name = "too many redirects",
       .status = 303,
       .location = "/again",
       .redirect_hops = 2,
       .want_status = UrlStatus::kFailed,
       .want_error = "more than 2 redirects (last to http://a.localhost/again)",
       .want_counts = {.fetched = 1, .errors = 1}},
      {.name = "404",
       .status = 404,
       .want_status = UrlStatus::kFailed,
       .want_error = "HTTP 404",
       .want_counts = {.fetched = 1, .errors = 1}},
      {.name = "503, first try",
       .status = 503,
       .want_status = UrlStatus::kQueued,
       .want_error = "HTTP 503",
       .want_retry_in = 1000,
       .want_counts = {.fetched = 1, .retried = 1}},
      {.name = "503, second try: the backoff doubles",
       .status = 503,
       .attempts = 1,
       .want_status = UrlStatus::kQueued,
       .want_error = "HTTP 503",
       .want_retry_in = 2000,
       .want_counts = {.fetched = 1, .retried = 1}},
      {.name = "503, retries spent",
       .status = 503,
       .attempts = 2,
       .want_status = UrlStatus::kFailed,
       .want_error = "HTTP 503",
       .want_counts = {.fetched = 1, .errors = 1}},
      {.name = "429 with Retry-After",
       .status = 429,
       .retry_after = 30,
       .want_status = UrlStatus::kQueued,
       .want_error = "HTTP 429",
       .want_retry_in = 30000,
       .want_counts = {.fetched = 1, .retried = 1}},
      {.name = "Retry-After capped at a day",
       .status = 503,
       .retry_after = 1'000'000,
       .want_status = UrlStatus::kQueued,
       .want_error = "HTTP 503",
       .want_retry_in = 86'400'000,
       .want_counts = {.fetched = 1, .retried = 1}},
      {.name = "timeout",
       .error = FetchError::kTimeout,
       .status = 0,
       .want_status = UrlStatus::kQueued,
       .want_error = "timeout: slow",
       .want_retry_in = 1000,
       .want_counts = {.fetched = 1, .retried = 1}},
      {.name = "200 whose gzip body does not inflate",
       .body_error = "gzip body: truncated data",
       .want_status = UrlStatus::kFailed,
       .want_error = "gzip body: truncated data",
       .want_counts = {.fetched = 1, .errors = 1}},
      {.name = "too large: not retried",
       .error = FetchError::kTooLarge,
       .status = 200,
       .want_status = UrlStatus::kFailed,
       .want_error = "too large: slow",
       .want_counts = {.fetched = 1, .errors = 1}},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    FetchResult f;
    f.url = "http://a.localhost/page";
    f.error = r.error;
    f.error_text = r.error == FetchError::kNone ? "" : "slow";
    f.http_status = r.status;
    f.location = r.location;
    f.retry_after_seconds = r.retry_after;
    f.etag = "\"e1\"";
    f.fetched_at_unix_ms = kNow - 5;
    UrlRow row;
    row.id = 7;
    row.url = f.url;
    row.attempts = r.attempts;
    row.redirect_hops = r.redirect_hops;
    row.content_hash = r.stored_hash;
    PageWork work;
    work.is_discovery = r.discovery;
    work.canonical_url = r.canonical;
    work.links = {link};
    work.article_written = r.written;
    work.revision = r.revision;
    work.content_hash = r.written ? "h2" : "";
    work.article_unchanged = r.unchanged;
    work.error = r.body_error;

    const PageActions a = page_outcome(f, row, work, config, *scope, kNow);
    const UrlOutcome& o = a.record;
    EXPECT_EQ(o.id, 7);
    EXPECT_EQ(o.attempts, r.attempts + 1);
    EXPECT_EQ(o.http_status, r.status);
    EXPECT_EQ(o.fetched_at_ms, kNow - 5);
    EXPECT_EQ(o.status, r.want_status);
    EXPECT_EQ(o.error, r.want_error);
    EXPECT_EQ(o.next_attempt_at_ms, r.want_retry_in == 0 ? 0 : kNow + r.want_retry_in);
    EXPECT_EQ(o.hub, r.discovery);
    const bool ok_200 =
        r.error == FetchError::kNone && r.status == 200 && std::string(r.body_error).empty();
    EXPECT_EQ(o.etag, ok_200 ? "\"e1\"" : "");
    EXPECT_EQ(o.content_hash, r.written ? "h2" : "");
    EXPECT_EQ(o.revision, r.written ? r.revision : 0u);
    EXPECT_FALSE(o.revisit);  // the crawl asks the revisit schedule
    EXPECT_EQ(describe(a.enqueue), r.want_enqueue);
    EXPECT_EQ(a.counts, r.want_counts);
    EXPECT_EQ(a.article_page, r.want_article_page);
  }
}

TEST(PageOutcome, PageResponsesAreWhole200sOtherThanRobotsTxt) {
  struct Row {
    const char* url;
    int status;
    bool complete;
    bool want;
  };
  const Row rows[] = {
      {"http://a.localhost/story", 200, true, true},
      {"http://a.localhost/story", 200, false, false},  // cut short (WARC-Truncated)
      {"http://a.localhost/story", 404, true, false},
      {"http://a.localhost/story", 304, true, false},
      {"http://a.localhost/robots.txt", 200, true, false},
      {"https://a.localhost:8443/robots.txt", 200, true, false},
      {"http://a.localhost/robots.txt?x=1", 200, true, true},
      {"http://a.localhost/news/robots.txt", 200, true, true},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(is_page_response(r.url, r.status, r.complete), r.want)
        << r.url << " " << r.status << " " << r.complete;
  }
}

TEST(PageOutcome, RedirectTargetInheritsTheRow) {
  CrawlConfig config;
  auto scope = CrawlScope::create(config);
  ASSERT_TRUE(scope);
  scope->add_seed_site("a.localhost");
  FetchResult f;
  f.url = "http://a.localhost/old";
  f.http_status = 301;
  f.location = "https://www.a.localhost/new";
  UrlRow row;
  row.depth = 2;
  row.is_seed = true;
  row.redirect_hops = 1;
  row.first_seen = DateTime{1000, 0};
  row.published = DateTime{2000, 0};
  row.published_source = DateSource::kSitemap;
  const PageActions a = page_outcome(f, row, {}, config, *scope, kNow);
  ASSERT_EQ(a.enqueue.size(), 1u);
  const NewUrl& u = a.enqueue[0];
  EXPECT_EQ(u.url, "https://www.a.localhost/new");
  EXPECT_EQ(u.host, "www.a.localhost");
  EXPECT_EQ(u.depth, 2u);
  EXPECT_TRUE(u.is_seed);
  EXPECT_EQ(u.redirect_hops, 2u);
  EXPECT_EQ(u.first_seen->unix_seconds, 1000);
  EXPECT_EQ(u.published->unix_seconds, 2000);
  EXPECT_EQ(u.published_source, DateSource::kSitemap);
  EXPECT_EQ(u.status, UrlStatus::kQueued);
}

}  // namespace
}  // namespace gazette::crawler
