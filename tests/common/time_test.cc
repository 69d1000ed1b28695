#include "common/time.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

struct ParseCase {
  const char* text;
  bool ok;
  std::int64_t unix_seconds;
  int offset;
};

TEST(ParseIso8601, Table) {
  const ParseCase cases[] = {
      {"1970-01-01", true, 0, 0},
      {"2025-11-24", true, 1763942400, 0},
      {"2025-11-24T10:30", true, 1763980200, 0},
      {"2025-11-24T10:30:00Z", true, 1763980200, 0},
      {"2025-11-24t10:30:00z", true, 1763980200, 0},
      {"2025-11-24 10:30:00.123+01:00", true, 1763976600, 60},
      {"2025-11-24T10:30:00+0100", true, 1763976600, 60},
      {"2025-11-24T10:30:00-05:30", true, 1764000000, -330},
      {"  2025-11-24T10:30:00Z  ", true, 1763980200, 0},
      {"1987-02-26T15:01:01Z", true, 541350061, 0},
      {"2024-02-29", true, 1709164800, 0},
      {"2025-02-29", false, 0, 0},
      {"2025-13-01", false, 0, 0},
      {"2025-11-24T24:00", false, 0, 0},
      {"2025-11-24T10:30:00+15:00", false, 0, 0},
      {"2025-11-24T10:30:00 junk", false, 0, 0},
      {"24/11/2025", false, 0, 0},
      {"Mon, 24 Nov 2025 10:30:00 GMT", false, 0, 0},
      {"0999-01-01", false, 0, 0},
      {"", false, 0, 0},
      {"2025-11-24T", false, 0, 0},
      {"2025-11-24T10:30:00.", false, 0, 0},
      {"2025-11-24T10:30.5Z", false, 0, 0},
      {"2025-11-24T10:30:00,5Z", true, 1763980200, 0},
  };
  for (const auto& c : cases) {
    const auto parsed = parse_iso8601(c.text);
    EXPECT_EQ(parsed.has_value(), c.ok) << c.text;
    if (parsed && c.ok) {
      EXPECT_EQ(parsed->unix_seconds, c.unix_seconds) << c.text;
      EXPECT_EQ(parsed->utc_offset_minutes, c.offset) << c.text;
    }
  }
}

TEST(FormatIso8601, RoundTripsWithOffset) {
  const char* texts[] = {"2025-11-24T10:30:00Z", "2025-11-24T10:30:00+01:00",
                         "1999-12-31T23:59:59-05:30", "2024-02-29T00:00:00+14:00"};
  for (const char* text : texts) {
    const auto parsed = parse_iso8601(text);
    ASSERT_TRUE(parsed) << text;
    EXPECT_EQ(format_iso8601(*parsed), text);
  }
}

TEST(CivilDate, UtcFields) {
  const auto d = civil_date_utc(1763980200);
  EXPECT_EQ(d.year, 2025);
  EXPECT_EQ(d.month, 11u);
  EXPECT_EQ(d.day, 24u);
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

std::string rfc822_as_iso(std::string_view text) {
  const auto parsed = parse_rfc822(text);
  return parsed ? format_iso8601(*parsed) : "none";
}

TEST(ParseRfc822, Table) {
  struct Row {
    const char* text;
    const char* expected;
  };
  const Row rows[] = {
      {"Tue, 24 Nov 2025 10:30:00 +0100", "2025-11-24T10:30:00+01:00"},
      {"Tue, 24 Nov 2025 10:30:00 GMT", "2025-11-24T10:30:00Z"},
      {"24 Nov 2025 10:30 UT", "2025-11-24T10:30:00Z"},
      {"Mon, 3 Mar 2025 08:00:00 EST", "2025-03-03T08:00:00-05:00"},
      {"Mon, 3 Mar 2025 08:00:00 pdt", "2025-03-03T08:00:00-07:00"},
      {"Mon,3 Mar 25 08:00:00 -0330", "2025-03-03T08:00:00-03:30"},
      {"Sun, 06 Nov 94 08:49:37 GMT", "1994-11-06T08:49:37Z"},
      {"Wed, 24 Nov 2025 10:30:00 +0000", "2025-11-24T10:30:00Z"},  // wrong weekday: ignored
      {"24 November 2025 10:30:00 +0200", "2025-11-24T10:30:00+02:00"},
      {"24 Sept 2025 10:30:00 Z", "2025-09-24T10:30:00Z"},
      {"Tue, 24 Nov 2025 10:30:00", "2025-11-24T10:30:00Z"},
      {"Tue, 24 Nov 2025", "2025-11-24T00:00:00Z"},
      {"  Tue, 24 Nov 2025 23:59:60 A \n", "2025-11-25T00:00:00Z"},
      {"Tue, 24 Nov 2025 24:00:00 GMT", "none"},
      {"Tue, 31 Nov 2025 10:30:00 GMT", "none"},
      {"Tue, 24 Foo 2025 10:30:00 GMT", "none"},
      {"Tue, 24 Nov 2025 10:30:00 XYZ", "none"},
      {"Tue, 24 Nov 2025 10:30:00 +2500", "none"},
      {"Tue, 24 Nov 2025 10:30:00 GMT trailing", "none"},
      {"Tue, 24 Nov 123 10:30:00 GMT", "none"},
      {"2025-11-24T10:30:00Z", "none"},
      {"", "none"},
      {"Tuesday", "none"},
      {"Tue, ", "none"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(rfc822_as_iso(row.text), row.expected) << row.text;
  }
}

TEST(EnglishMonthNumber, NamesAndAbbreviations) {
  EXPECT_EQ(english_month_number("Jan"), 1u);
  EXPECT_EQ(english_month_number("SEPT"), 9u);
  EXPECT_EQ(english_month_number("september"), 9u);
  EXPECT_EQ(english_month_number("Dec"), 12u);
  EXPECT_EQ(english_month_number("Ma"), 0u);
  EXPECT_EQ(english_month_number("Mayo"), 0u);
  EXPECT_EQ(english_month_number(""), 0u);
}

TEST(Time, CompactUtcStamp) {
  EXPECT_EQ(compact_utc_stamp(0), "19700101T000000Z");
  EXPECT_EQ(compact_utc_stamp(1763980200), "20251124T103000Z");
}

}  // namespace
}  // namespace gazette
