// Where the importer sends built documents, in input order. Two kinds: IndexWriterSink upserts
// into an existing index through its one writer (incremental), ShardedBuildSink builds a new
// index with one writer per core and merges the shards at the end (bulk load).
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

namespace gazette::indexer {

class DocumentSink {
 public:
  virtual ~DocumentSink() = default;
  // Takes one chunk's documents. Fails when the index cannot be written.
  [[nodiscard]] virtual Expected<void> write(std::vector<BuiltDocument>&& documents) = 0;
  // Makes everything durable and visible at the index path.
  [[nodiscard]] virtual Expected<void> finish() = 0;

  [[nodiscard]] std::size_t added() const { return added_; }
  [[nodiscard]] std::size_t replaced() const { return replaced_; }

 protected:
  std::atomic<std::size_t> added_{0};
  std::atomic<std::size_t> replaced_{0};
};

// Upserts into the index at `path` (created when absent), committing every `batch_size`
// documents so that a crash loses at most one batch.
[[nodiscard]] Expected<std::unique_ptr<DocumentSink>> open_index_writer_sink(
    const std::string& path, std::size_t batch_size);

// Builds a new index at `path`, which must not exist: `shards` writer threads fill temporary
// shards in `path`.building (documents routed by a hash of their id term, so repeats of an
// article meet in one shard, in order), and finish() merges them with Xapian's compactor and
// renames the result into place. Nothing appears at `path` before finish() succeeds.
[[nodiscard]] Expected<std::unique_ptr<DocumentSink>> open_sharded_build_sink(
    const std::string& path, unsigned shards);

}  // namespace gazette::indexer
