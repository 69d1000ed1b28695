// The Xapian index schema: the single source of truth for term prefixes, value slots, the unique id
// term and the document data format. The indexer writes it, the query side reads it. Term prefixes
// follow Omega's conventions (xapian omega/docs/termprefixes.rst) where one exists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace gazette::schema {

// Bump when the mapping from article to document changes incompatibly; stored in the metadata.
inline constexpr int kVersion = 2;  // 2: day slot

// Term prefixes. Free-text prefixes carry positions; the others are boolean filter terms.
inline constexpr std::string_view kIdPrefix = "Q";        // unique id: the article's identity URL
inline constexpr std::string_view kTitlePrefix = "S";     // free text: title words
inline constexpr std::string_view kSitePrefix = "H";      // boolean: host name, lower case
inline constexpr std::string_view kAuthorPrefix = "A";    // boolean: author name, normalised
inline constexpr std::string_view kLanguagePrefix = "L";  // boolean: ISO 639-1 code
inline constexpr std::string_view kTagPrefix = "K";       // boolean: section and tags, lower case
inline constexpr std::string_view kYearPrefix = "Y";      // boolean: publication year, "Y2025"
inline constexpr std::string_view kMonthPrefix = "M";     // boolean: publication month, "M202511"
inline constexpr std::string_view kDayPrefix = "D";       // boolean: publication day, "D20251124"

// Value slots.
inline constexpr unsigned kPublishedSlot = 0;  // sortable_serialise(unix seconds)
inline constexpr unsigned kFetchedSlot = 1;    // sortable_serialise(unix seconds)
inline constexpr unsigned kCollapseSlot = 2;   // near-duplicate key: 8 bytes of the simhash band
inline constexpr unsigned kSiteSlot = 3;       // host name, for site facets
inline constexpr unsigned kMonthSlot = 4;      // "YYYY-MM", for month facets
inline constexpr unsigned kDaySlot = 5;        // "YYYYMMDD" (UTC), for the recency boost

// Within-document frequency increments: title words count this much more than body words.
inline constexpr unsigned kTitleWeight = 3;
inline constexpr unsigned kBodyWeight = 1;
// Positions between title and body, so a phrase cannot start in one and end in the other.
inline constexpr unsigned kFieldGap = 100;

// Metadata keys kept in the database.
inline constexpr std::string_view kSchemaVersionKey = "gazette:schema";
inline constexpr std::string_view kLastUpdateKey = "gazette:last_update";  // ISO 8601
// How far `gazette-index update` has read the data directory's articles/*.jsonl, committed with
// the documents read: JSON {"file name": byte offset after the last line indexed, ...}.
inline constexpr std::string_view kInputPositionKey = "gazette:input_position";

// Xapian's hard limit on term length (glass: longer terms make the whole document fail to be
// written). Every term Gazette generates is at most kMaxIdTermBytes, well under it: the id term,
// boolean_term() and the author term are cut to it, and words from text are at most
// kMaxWordBytes before their prefix and stem prefix are added.
inline constexpr std::size_t kMaxTermBytes = 245;
inline constexpr std::size_t kMaxIdTermBytes = 240;
// Longest word the indexer turns into a term (Xapian TermGenerator's default, stated here so the
// bound above holds whatever Xapian's default becomes); longer "words" are skipped, not cut.
inline constexpr unsigned kMaxWordBytes = 64;

// "Q" + the identity URL; when that is too long, the URL's head plus a 128-bit hash of all of it,
// so two long URLs never share a term in practice.
[[nodiscard]] std::string id_term(std::string_view identity_url);

// Normalised author name for the author filter term: lower case, single spaces, cut at a UTF-8
// boundary so that kAuthorPrefix + key is at most kMaxIdTermBytes (the indexer and the query
// side both build the term from this, so a long name still matches itself).
[[nodiscard]] std::string author_key(std::string_view name);

// A boolean term, lower-cased and bounded in length: prefix + value.
[[nodiscard]] std::string boolean_term(std::string_view prefix, std::string_view value);

// What a search result shows, stored as the document data (JSON).
struct DocData {
  std::string url;
  std::string title;
  std::string site;
  std::string published;  // ISO 8601 as written in the record; empty when unknown
  std::vector<std::string> authors;
  std::string language;
  std::string text;  // the body, for snippets
};

[[nodiscard]] std::string encode_doc_data(const DocData& data);
[[nodiscard]] Expected<DocData> decode_doc_data(std::string_view bytes);

}  // namespace gazette::schema
