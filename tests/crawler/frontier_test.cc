#include "crawler/frontier.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace gazette::crawler {
namespace {

NewUrl url(const std::string& u, const std::string& host = "a.localhost") {
  NewUrl n;
  n.url = u;
  n.host = host;
  return n;
}

Frontier open_frontier(const testing::TempDir& dir, bool recover = true) {
  auto f = Frontier::open(dir.file("crawl.sqlite"), recover);
  if (!f) throw std::runtime_error(f.error().to_string());
  return std::move(*f);
}

TEST(Frontier, AddsOnceAndClaimsInDiscoveryOrder) {
  testing::TempDir dir;
  auto f = open_frontier(dir);
  auto added = f.add({url("http://a.localhost/1"), url("http://a.localhost/2"),
                      url("http://a.localhost/1"), url("http://b.localhost/1", "b.localhost")});
  ASSERT_TRUE(added);
  EXPECT_EQ(*added, (std::vector<bool>{true, true, false, true}));
  auto rows = f.claim("a.localhost", 10, 0);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].url, "http://a.localhost/1");
  EXPECT_EQ((*rows)[1].url, "http://a.localhost/2");
  // Claimed rows are in flight: not claimed again.
  EXPECT_TRUE(f.claim("a.localhost", 10, 0)->empty());
  const auto counts = f.counts();
  EXPECT_EQ(counts->in_flight, 2u);
  EXPECT_EQ(counts->queued, 1u);
}

TEST(Frontier, InFlightRowsAreQueuedAgainAfterACrash) {
  testing::TempDir dir;
  {
    auto f = open_frontier(dir);
    ASSERT_TRUE(f.add({url("http://a.localhost/1"), url("http://a.localhost/2")}));
    auto rows = f.claim("a.localhost", 10, 0);
    UrlOutcome done;
    done.id = (*rows)[0].id;
    done.status = UrlStatus::kDone;
    done.http_status = 200;
    done.etag = "\"x\"";
    ASSERT_TRUE(f.record(done));
  }                                           // the process "dies" with /2 in flight
  auto observer = open_frontier(dir, false);  // `add` while a crawl runs must not touch them
  EXPECT_EQ(observer.counts()->in_flight, 1u);
  auto f = open_frontier(dir);
  const auto counts = f.counts();
  EXPECT_EQ(counts->in_flight, 0u);
  EXPECT_EQ(counts->queued, 1u);
  EXPECT_EQ(counts->done, 1u);
  auto rows = f.claim("a.localhost", 10, 0);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].url, "http://a.localhost/2");
}

TEST(Frontier, RetriesWaitForTheirTime) {
  testing::TempDir dir;
  auto f = open_frontier(dir);
  ASSERT_TRUE(f.add({url("http://a.localhost/1")}));
  auto rows = f.claim("a.localhost", 1, 0);
  UrlOutcome retry;
  retry.id = (*rows)[0].id;
  retry.status = UrlStatus::kQueued;
  retry.attempts = 1;
  retry.next_attempt_at_ms = 5000;
  ASSERT_TRUE(f.record(retry));
  EXPECT_TRUE(f.claim("a.localhost", 1, 4999)->empty());
  EXPECT_EQ(**f.next_due("a.localhost"), 5000);
  auto later = f.claim("a.localhost", 1, 5000);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].attempts, 1u);
}

TEST(Frontier, EvidenceKeepsTheEarliestDateAndTheFirstPublication) {
  testing::TempDir dir;
  auto f = open_frontier(dir);
  NewUrl first = url("http://a.localhost/story");
  first.first_seen = DateTime{2000, 0};
  ASSERT_TRUE(f.add({first}));
  NewUrl from_feed = url("http://a.localhost/story");
  from_feed.first_seen = DateTime{1000, 60};
  from_feed.published = DateTime{1000, 60};
  from_feed.published_source = DateSource::kFeed;
  NewUrl later = url("http://a.localhost/story");
  later.first_seen = DateTime{3000, 0};
  later.published = DateTime{3000, 0};
  later.published_source = DateSource::kSitemap;
  ASSERT_TRUE(f.add({from_feed, later}));
  auto rows = f.claim("a.localhost", 1, 0);
  ASSERT_EQ(rows->size(), 1u);
  const UrlRow& r = (*rows)[0];
  EXPECT_EQ(r.first_seen, (DateTime{1000, 60}));
  EXPECT_EQ(r.published, (DateTime{1000, 60}));
  EXPECT_EQ(r.published_source, DateSource::kFeed);
}

TEST(Frontier, NewCrawlQueuesSeedsAndStalePages) {
  testing::TempDir dir;
  auto f = open_frontier(dir);
  NewUrl seed = url("http://a.localhost/");
  seed.is_seed = true;
  ASSERT_TRUE(f.add({seed, url("http://a.localhost/old"), url("http://a.localhost/new")}));
  auto rows = f.claim("a.localhost", 10, 0);
  for (const auto& r : *rows) {
    UrlOutcome o;
    o.id = r.id;
    o.fetched_at_ms = r.url.ends_with("old") ? 100 : 900;
    ASSERT_TRUE(f.record(o));
  }
  auto requeued = f.requeue_for_new_crawl(500);
  ASSERT_TRUE(requeued);
  EXPECT_EQ(*requeued, 2u);  // the seed and /old
  auto again = f.claim("a.localhost", 10, 0);
  ASSERT_EQ(again->size(), 2u);
  EXPECT_EQ((*again)[1].url, "http://a.localhost/old");
}

TEST(Frontier, RobotsCacheRoundTrips) {
  testing::TempDir dir;
  auto f = open_frontier(dir);
  EXPECT_FALSE(*f.robots("a.localhost"));
  ASSERT_TRUE(
      f.store_robots("a.localhost", RobotsRecord{200, "User-agent: *\nDisallow: /x\n", 42}));
  const auto r = f.robots("a.localhost");
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->http_status, 200);
  EXPECT_EQ((*r)->body, "User-agent: *\nDisallow: /x\n");
  EXPECT_EQ((*r)->expires_at_ms, 42);
}

TEST(Frontier, UnwritablePathIsNamed) {
  const auto f = Frontier::open("/nonexistent-dir/crawl.sqlite", true);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().where, "/nonexistent-dir/crawl.sqlite");
}

}  // namespace
}  // namespace gazette::crawler
