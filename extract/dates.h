// Dates as news pages write them, and the sanity rules a publication date must pass.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/time.h"

namespace gazette::extract {

// Parses a date written in metadata or a byline: ISO 8601 / RFC 3339 (also with a space or a
// "+0100" offset), RFC 1123 ("Tue, 24 Jul 2012 00:11:00 GMT"), "July 24, 2012 12:11 AM",
// "24 July 2012", "Jul. 24, 2012", "2012/07/24", "2012-07-24 10:30", unix seconds or
// milliseconds (10 or 13 digits). Text around the date is allowed ("Posted on July 24, 2012 by").
// A date without a time is midnight UTC. Returns nullopt when no date is found.
[[nodiscard]] std::optional<DateTime> parse_date_text(std::string_view text);

// A date in a URL path: /2025/11/24/, /2025-11-24/, /20251124/, or /2025/11/ (first of the
// month). Returns nullopt when there is none or it is impossible.
[[nodiscard]] std::optional<DateTime> date_from_url(std::string_view url);

// Whether `date` may be a publication date of a page fetched at `fetched_unix` (0: unknown,
// then now): not before 1990, not more than one day after the fetch.
[[nodiscard]] bool is_plausible_publication_date(const DateTime& date, std::int64_t fetched_unix);

}  // namespace gazette::extract
