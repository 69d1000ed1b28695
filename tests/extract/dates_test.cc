#include "extract/dates.h"

#include <gtest/gtest.h>

namespace gazette::extract {
namespace {

std::string iso(const std::optional<DateTime>& d) { return d ? format_iso8601(*d) : "none"; }

TEST(DatesTest, ParsesWrittenDates) {
  struct Row {
    const char* text;
    const char* expected;
  };
  const Row rows[] = {
      {"2025-11-24T10:30:00+01:00", "2025-11-24T10:30:00+01:00"},
      {"2025-11-24", "2025-11-24T00:00:00Z"},
      {"2012-07-24T00:11:00-04:00 EDT", "2012-07-24T00:11:00-04:00"},
      {"Tue, 24 Jul 2012 00:11:00 GMT", "2012-07-24T00:11:00Z"},
      {"Tue, 24 Jul 2012 02:11:00 +0200", "2012-07-24T02:11:00+02:00"},
      {"July 24, 2012 12:11 AM", "2012-07-24T00:11:00Z"},
      {"Posted on January 31, 2011 by randfish", "2011-01-31T00:00:00Z"},
      {"Jul. 4, 2012, 3:05 pm", "2012-07-04T15:05:00Z"},
      {"24 July 2012", "2012-07-24T00:00:00Z"},
      {"2012/07/24", "2012-07-24T00:00:00Z"},
      {"1343088660", "2012-07-24T00:11:00Z"},
      {"1343088660000", "2012-07-24T00:11:00Z"},
      {"September 3rd, 2019", "2019-09-03T00:00:00Z"},
      {"no date here", "none"},
      {"February 30, 2012", "none"},
      {"\xC2\xA9 2012 Example Media", "none"},  // a copyright year is not a date
      {"", "none"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(iso(parse_date_text(row.text)), row.expected) << row.text;
  }
}

TEST(DatesTest, DatesInUrls) {
  struct Row {
    const char* url;
    const char* expected;
  };
  const Row rows[] = {
      {"https://example.com/2025/11/24/story-slug", "2025-11-24T00:00:00Z"},
      {"https://example.com/world/2025-11-24/story", "2025-11-24T00:00:00Z"},
      {"https://example.com/news/20251124/story.html", "2025-11-24T00:00:00Z"},
      {"https://example.com/2012/07/some-post/", "2012-07-01T00:00:00Z"},
      {"https://example.com/2012/13/40/nope", "none"},
      {"https://example.com/products/12345678", "none"},
      {"https://example.com/story?id=2025/11/24", "none"},
      {"https://2025.example.com/", "none"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(iso(date_from_url(row.url)), row.expected) << row.url;
  }
}

TEST(DatesTest, PlausibilityRules) {
  const std::int64_t fetched = *unix_seconds_of(2025, 11, 24) + 12 * 3600;
  EXPECT_TRUE(is_plausible_publication_date({*unix_seconds_of(2025, 11, 24), 0}, fetched));
  // Time zones: up to a day after the fetch is accepted.
  EXPECT_TRUE(is_plausible_publication_date({*unix_seconds_of(2025, 11, 25), 0}, fetched));
  EXPECT_FALSE(is_plausible_publication_date({*unix_seconds_of(2025, 11, 27), 0}, fetched));
  EXPECT_FALSE(is_plausible_publication_date({*unix_seconds_of(1970, 1, 1), 0}, fetched));
  EXPECT_FALSE(is_plausible_publication_date({*unix_seconds_of(1989, 12, 31), 0}, fetched));
}

}  // namespace
}  // namespace gazette::extract
