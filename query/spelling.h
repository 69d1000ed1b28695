// "Did you mean": corrections drawn from the index's own vocabulary (the unprefixed words of
// titles and bodies), so the indexer keeps no separate spelling table; see docs/ARCHITECTURE.md.
// Thread-compatible: uses only the database it is given.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <xapian.h>

namespace gazette::query {

// The indexer's words are at most 64 bytes long (Xapian::TermGenerator's default
// max_word_length, which it keeps); a longer word two edits away from none of them gets no
// suggestion and costs nothing.
inline constexpr std::size_t kMaxSpelledWordBytes = 64 + 2;

// What "did you mean" may still spend on one query, shared by its words, so that a query of many
// unknown words costs no more than a few: each call takes what it uses, and does without what is
// no longer there (a word it cannot afford gets no suggestion).
struct SpellingBudget {
  std::size_t lookups = 10000;         // single edits generated and looked up (~53 per byte)
  std::size_t scanned_terms = 200000;  // vocabulary words read by the two-edit scan
};

// The word of the index closest to `word` (lower case) within two edits (insert, delete, replace,
// swap of neighbours), preferring fewer edits, then more documents. Empty when there is none.
// Costs a few hundred term lookups (about 53 per byte of the word), plus a scan of the words
// sharing the first letter when no single edit gives a known word; call it only for unknown or rare
// words. With `remote` (shards served over the network, where every lookup is a round trip per
// shard), the single edits are looked up in one exchange per shard, and the scan covers the words
// sharing the first two letters (a remote shard sends them all at once): the same answer, except
// for a word two edits away with one of them in its first two letters. Spends from `budget`; the
// three-argument form has a budget of its own.
[[nodiscard]] std::string closest_indexed_word(const Xapian::Database& db, const std::string& word,
                                               bool remote, SpellingBudget& budget);
[[nodiscard]] std::string closest_indexed_word(const Xapian::Database& db, const std::string& word,
                                               bool remote = false);

// Optimal string alignment distance between `a` and `b` (bytes), or `limit + 1` when it is larger
// than `limit`.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

}  // namespace gazette::query
