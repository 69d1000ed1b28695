// The dates of the query language (docs/query-syntax.md: ranges, after:, before:) and of the web
// form's from/to fields. A pure function, free of Xapian so the web layer can use it; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gazette::query {

// A date for range filters: "2025", "2025-11" or "2025-11-24". With `end_of_period` the last
// second of that year, month or day, else the first. nullopt when malformed or impossible.
[[nodiscard]] std::optional<std::int64_t> parse_query_date(std::string_view text,
                                                           bool end_of_period);

}  // namespace gazette::query
