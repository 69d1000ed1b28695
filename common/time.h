// Dates and times as article records carry them: ISO 8601 with a UTC offset. Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gazette {

// An instant plus the UTC offset it was written with, so a date round-trips as the site wrote it.
struct DateTime {
  std::int64_t unix_seconds = 0;  // seconds since 1970-01-01T00:00:00Z
  int utc_offset_minutes = 0;     // offset of the local time it was written in, e.g. +60 for CET

  friend bool operator==(const DateTime&, const DateTime&) = default;
};

// Parses ISO 8601 / RFC 3339 as found in news metadata: "2025-11-24", "2025-11-24T10:30",
// "2025-11-24T10:30:00Z", "2025-11-24 10:30:00.123+01:00", "+0100" offsets. No offset means UTC.
// Returns nullopt for anything else, including impossible dates (2025-02-30) and years outside
// 1000..9999.
[[nodiscard]] std::optional<DateTime> parse_iso8601(std::string_view text);

// Parses RFC 822 / RFC 1123 / RFC 2822 dates as RSS feeds and HTTP headers write them:
// "Tue, 24 Nov 2025 10:30:00 +0100", "24 Nov 2025 10:30 GMT", "Mon, 3 Mar 25 08:00:00 EST".
// The weekday is optional and not checked (feeds often get it wrong); seconds are optional;
// month names are English, full or abbreviated; two-digit years are 19xx from 50, else 20xx;
// zones are numeric offsets, UT/UTC/GMT/Z and the US zones (EST, EDT, CST, CDT, MST, MDT, PST,
// PDT); no zone, "-0000" and military letters mean UTC. A missing time means midnight. Returns
// nullopt for anything else, including impossible dates and times.
[[nodiscard]] std::optional<DateTime> parse_rfc822(std::string_view text);

// 1..12 for an English month name, full or abbreviated to 3+ letters ("Sep", "Sept",
// "september"), ASCII case-insensitive; 0 for anything else.
[[nodiscard]] unsigned english_month_number(std::string_view word);

// "2025-11-24T10:30:00+01:00" (or "...Z" for offset 0).
[[nodiscard]] std::string format_iso8601(const DateTime& when);

// Calendar fields of the instant in UTC, for year/month/day terms.
struct CivilDate {
  int year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};
[[nodiscard]] CivilDate civil_date_utc(std::int64_t unix_seconds);

// Unix seconds of 00:00:00 UTC on the given day; nullopt for an impossible date.
[[nodiscard]] std::optional<std::int64_t> unix_seconds_of(int year, unsigned month, unsigned day);

// "20251124T103000Z": the instant in UTC, compact, for file names that sort by time.
[[nodiscard]] std::string compact_utc_stamp(std::int64_t unix_seconds);

// The current time in unix seconds.
[[nodiscard]] std::int64_t now_unix_seconds();

}  // namespace gazette
