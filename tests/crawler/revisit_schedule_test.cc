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

}  // namespace
}  // namespace gazette::crawler
