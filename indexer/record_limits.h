// What one article record may cost the indexer. A record from the open web or from someone else's
// archive can be as large as the importer's line limit (64 MiB); one with millions of distinct
// words held the indexer for minutes and gigabytes. A real news article stays far below these
// caps (a long read is ~100 KB of text), so cutting a record to them loses nothing a reader would
// miss, and the record is still indexed. docs/operations.md lists them.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "common/article.h"

namespace gazette::indexer {

inline constexpr std::size_t kMaxIndexedTextBytes = std::size_t{1} << 20;  // body text
inline constexpr std::size_t kMaxTitleBytes = 4096;
// site, language, section, each author and each tag (their terms are shorter still: schema.h).
inline constexpr std::size_t kMaxFieldBytes = 1024;
inline constexpr std::size_t kMaxListEntries = 100;  // authors, tags

// Cuts `article`'s indexed fields to the caps above, each string at a UTF-8 boundary. Returns
// what was cut, for a warning ("text cut from 5000000 to 1048576 bytes; 300 tags cut to 100"),
// or "" when the record was within the caps.
[[nodiscard]] std::string limit_record(Article& article);

}  // namespace gazette::indexer
