// Where the importer sends built documents, in input order: one database with one writer, or a
// sharded index with one writer thread per shard.
// Not thread-safe: write() and finish() are called from one thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/error.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"

namespace gazette::indexer {

// What IndexWriter::upsert did with the documents of a sink (its shard writers count from their
// threads).
struct UpsertCounts {
  std::atomic<std::size_t> added{0};
  std::atomic<std::size_t> replaced{0};
  // Not written: their article is indexed from a later fetch.
  std::atomic<std::size_t> older{0};

  void count(IndexWriter::Upsert upsert) {
    ++(upsert == IndexWriter::Upsert::kAdded      ? added
       : upsert == IndexWriter::Upsert::kReplaced ? replaced
                                                  : older);
  }
};

class DocumentSink {
 public:
  virtual ~DocumentSink() = default;
  // Takes one chunk's documents, and the input position reached with them (stored with the
  // next commit; empty when positions are not tracked). Fails when the index cannot be written.
  [[nodiscard]] virtual Expected<void> write(std::vector<BuiltDocument>&& documents,
                                             const std::string& input_position) = 0;
  // Makes everything durable and visible at the index path.
  [[nodiscard]] virtual Expected<void> finish() = 0;

  [[nodiscard]] const UpsertCounts& counts() const { return counts_; }

 protected:
  UpsertCounts counts_;
};

// Upserts into the index at `path` (created when absent), committing every `batch_size`
// documents so that a crash loses at most one batch.
[[nodiscard]] Expected<std::unique_ptr<DocumentSink>> open_index_writer_sink(
    const std::string& path, std::size_t batch_size);

// Upserts into a sharded index: the directory `path` holding a Xapian stub file (XAPIANDB) that
// lists one local database per shard. Creates it with `new_shards` shards when absent. Each shard
// has its own writer thread; a document goes to shard_of(its id term), so every version of an
// article meets in one shard, in input order. All shards commit every `batch_size` documents.
[[nodiscard]] Expected<std::unique_ptr<DocumentSink>> open_sharded_sink(const std::string& path,
                                                                        unsigned new_shards,
                                                                        std::size_t batch_size);

// The shard (0..shards-1) that owns a document, from a stable hash of its id term.
[[nodiscard]] std::size_t shard_of(const std::string& id_term, std::size_t shards);

}  // namespace gazette::indexer
