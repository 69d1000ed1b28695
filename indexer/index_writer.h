// The single writer of a Xapian index: upserts documents by their unique id term and commits
// explicitly (never from a destructor, so errors are seen).
// Not thread-safe; one IndexWriter per database (Xapian's lock refuses a second process).
#pragma once

#include <string>

#include <xapian.h>

#include "common/error.h"

namespace gazette::indexer {

class IndexWriter {
 public:
  // Opens the index at `path`, creating it (and its parent directories) when absent. Fails with
  // a clear message when another process holds the write lock or the database is unusable.
  [[nodiscard]] static Expected<IndexWriter> open(const std::string& path);

  enum class Upsert { kAdded, kReplaced, kOlder };
  // Adds the document, or replaces the one that has the same id term, unless that one was
  // fetched later (schema::kFetchedSlot): the newest capture of an article wins whatever the
  // order records arrive in (WARC files replayed out of order, archives merged), as a recrawl's
  // does. A document without a fetch date, or with the same, replaces (input order decides).
  [[nodiscard]] Upsert upsert(const std::string& id_term, const Xapian::Document& document);

  // Makes everything so far durable and visible to readers, stamping the update time and, when
  // not empty, the input position (schema::kInputPositionKey) reached with these documents, in
  // the same atomic commit.
  [[nodiscard]] Expected<void> commit(const std::string& input_position = {});

  [[nodiscard]] Xapian::doccount document_count() const { return db_.get_doccount(); }

  // Whether this writer's documents make a bulk load worth compacting for (see compaction.h).
  [[nodiscard]] bool bulk_loaded() const;

  // Releases the database (and its write lock); the writer is unusable after. Call it after a
  // commit: Xapian's close() commits what is pending, so on a full disk it can fail too.
  [[nodiscard]] Expected<void> close();

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  IndexWriter(std::string path, Xapian::WritableDatabase db);

  std::string path_;
  Xapian::WritableDatabase db_;
  Xapian::doccount documents_at_open_;
  std::string table_sizes_;  // as seen at open or after the last commit (see table_sizes.h)
};

}  // namespace gazette::indexer
