#include "crawler/revisit_schedule.h"

#include <gtest/gtest.h>

namespace gazette::crawler {
namespace {

constexpr std::int64_t kMinute = 60000;

CrawlConfig schedule_config() {
  CrawlConfig c;
  c.source_interval_minutes = 60;
  c.source_interval_min_minutes = 10;
  c.source_interval_max_minutes = 1440;
  c.source_max_failures = 3;
  c.article_revisit_hours = {1, 6, 24, 168};
  return c;
}

TEST(RevisitSchedule, SourceIntervalFollowsWhatVisitsFind) {
  const RevisitSchedule schedule(schedule_config());
  struct Row {
    std::int64_t previous;
    bool found_new;
    std::int64_t expected;
  };
  const Row rows[] = {
      {0, true, 60 * kMinute},                  // first visit: the default
      {0, false, 60 * kMinute},                 //
      {60 * kMinute, true, 30 * kMinute},       // news: sooner
      {60 * kMinute, false, 90 * kMinute},      // quiet: later
      {15 * kMinute, true, 10 * kMinute},       // never below the minimum
      {1200 * kMinute, false, 1440 * kMinute},  // never above the maximum
      {1440 * kMinute, false, 1440 * kMinute},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(schedule.source_interval_ms(r.previous, r.found_new), r.expected)
        << r.previous << " " << r.found_new;
  }
  CrawlConfig narrow = schedule_config();
  narrow.source_interval_minutes = 5000;  // a default outside the bounds is brought inside
  EXPECT_EQ(RevisitSchedule(narrow).source_interval_ms(0, false), 1440 * kMinute);
}

TEST(RevisitSchedule, SourcesRetireAfterFailuresInARow) {
  const RevisitSchedule schedule(schedule_config());
  EXPECT_FALSE(schedule.source_retired(1));
  EXPECT_FALSE(schedule.source_retired(2));
  EXPECT_TRUE(schedule.source_retired(3));
}

TEST(RevisitSchedule, ArticlesDecayThenStop) {
  const RevisitSchedule schedule(schedule_config());
  EXPECT_EQ(schedule.article_delay_ms(1), 60 * kMinute);
  EXPECT_EQ(schedule.article_delay_ms(2), 6 * 60 * kMinute);
  EXPECT_EQ(schedule.article_delay_ms(3), 24 * 60 * kMinute);
  EXPECT_EQ(schedule.article_delay_ms(4), 168 * 60 * kMinute);
  EXPECT_FALSE(schedule.article_delay_ms(5));
  EXPECT_FALSE(schedule.article_delay_ms(0));
  CrawlConfig none = schedule_config();
  none.article_revisit_hours.clear();  // articles are never fetched again
  EXPECT_FALSE(RevisitSchedule(none).article_delay_ms(1));
}

TEST(RevisitSchedule, AfterAVisit) {
  const RevisitSchedule schedule(schedule_config());
  constexpr std::int64_t kNow = 1'000'000;
  struct Row {
    const char* name;
    bool seed = false;
    bool hub = false;
    UrlStatus status = UrlStatus::kDone;
    bool article_page = false;
    bool found_new = false;
    std::int64_t interval = 0;  // the row's interval so far
    unsigned visits = 0;
    unsigned failures = 0;
    // Expected: next visit after kNow (-1: never), interval, visits, failures.
    std::int64_t want_next_in = -1;
    std::int64_t want_interval = 0;
    unsigned want_visits = 0;
    unsigned want_failures = 0;
  };
  const Row rows[] = {
      {.name = "seed, first visit",
       .seed = true,
       .want_next_in = 60 * kMinute,
       .want_interval = 60 * kMinute},
      {.name = "feed that found news",
       .hub = true,
       .found_new = true,
       .interval = 60 * kMinute,
       .want_next_in = 30 * kMinute,
       .want_interval = 30 * kMinute},
      {.name = "seed failing keeps its interval",
       .seed = true,
       .status = UrlStatus::kFailed,
       .interval = 20 * kMinute,
       .failures = 1,
       .want_next_in = 20 * kMinute,
       .want_interval = 20 * kMinute,
       .want_failures = 2},
      {.name = "seed failing for the third time in a row is retired",
       .seed = true,
       .status = UrlStatus::kFailed,
       .interval = 20 * kMinute,
       .failures = 2,
       .want_failures = 3},
      {.name = "article, first visit",
       .article_page = true,
       .want_next_in = 60 * kMinute,
       .want_visits = 1},
      {.name = "article after its last step", .article_page = true, .visits = 4, .want_visits = 5},
      {.name = "article that fails: never again",
       .status = UrlStatus::kFailed,
       .article_page = true},
      {.name = "section page: never again"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    UrlRow row;
    row.is_seed = r.seed;
    row.visit_interval_ms = r.interval;
    row.visits = r.visits;
    row.failures = r.failures;
    UrlOutcome outcome;
    outcome.status = r.status;
    outcome.hub = r.hub;
    const UrlRevisit got = schedule.after_visit(row, outcome, r.article_page, r.found_new, kNow);
    EXPECT_EQ(got.next_visit_at_ms.value_or(-1), r.want_next_in < 0 ? -1 : kNow + r.want_next_in);
    EXPECT_EQ(got.interval_ms, r.want_interval);
    EXPECT_EQ(got.visits, r.want_visits);
    EXPECT_EQ(got.failures, r.want_failures);
  }
}

}  // namespace
}  // namespace gazette::crawler
