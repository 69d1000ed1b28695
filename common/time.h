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

// The current time in unix seconds.
[[nodiscard]] std::int64_t now_unix_seconds();

}  // namespace gazette
