// "Did you mean": corrections drawn from the index's own vocabulary (the unprefixed words of
// titles and bodies), so the indexer keeps no separate spelling table; see docs/ARCHITECTURE.md.
// Thread-compatible: uses only the database it is given.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <xapian.h>

namespace gazette::query {

// The word of the index closest to `word` (lower case) within two edits (insert, delete, replace,
// swap of neighbours), preferring fewer edits, then more documents. Empty when there is none.
// Costs a few hundred term lookups, plus a scan of the words sharing the first letter when no
// single edit gives a known word; call it only for unknown or rare words. With `remote` (shards
// served over the network, where every lookup is a round trip per shard), the single edits are
// looked up in one exchange per shard, and the scan covers the words sharing the first two
// letters (a remote shard sends them all at once): the same answer, except for a word two edits
// away with one of them in its first two letters.
[[nodiscard]] std::string closest_indexed_word(const Xapian::Database& db, const std::string& word,
                                               bool remote = false);

// Optimal string alignment distance between `a` and `b` (bytes), or `limit + 1` when it is larger
// than `limit`.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

}  // namespace gazette::query
