// Finds a database whose table files were cut short (a truncated copy, a file system that lost
// the end of a file) before a writer adds to it. Xapian notices missing blocks only when it reads
// them, so an import that never reads the lost part would succeed and leave the damage in place.
//
// Glass never shrinks a table file, so the sizes seen after a commit are a lower bound for every
// later state of that database. A writer takes them when it opens the database and after each
// commit, and stores them with its next commit (in the same atomic commit: a record lags one
// commit behind, and is never larger than the files it describes). Opening for writing checks
// the files against the last record. A compacted copy is a new database (a new UUID): the record
// it copied from the original does not apply to it, and compaction stores the copy's own.
#pragma once

#include <string>

#include <xapian.h>

#include "common/error.h"

namespace gazette::indexer {

// The current sizes of the table files of the database `db` opened at `path`, as a record.
[[nodiscard]] std::string table_sizes(const std::string& path, const Xapian::Database& db);

// Sets `record` (from table_sizes) as metadata of `db`, to be committed with it.
void store_table_sizes(Xapian::WritableDatabase& db, const std::string& record);

// Fails, naming the first table file smaller than recorded, when the database at `path` was cut
// short since its last commit by a Gazette writer.
[[nodiscard]] Expected<void> check_table_sizes(const std::string& path, const Xapian::Database& db);

}  // namespace gazette::indexer
