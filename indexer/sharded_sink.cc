// DocumentSink over a sharded index: a directory holding a Xapian stub file (XAPIANDB) that lists
// one local database per shard, each filled by its own writer thread. One Xapian writer is bound
// to one core (most of its time is Xapian's own flush work); shards let an import use them all,
// and readers open the directory as one database.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "common/hash.h"
#include "common/shard_list.h"
#include "indexer/compaction.h"
#include "indexer/document_sink.h"
#include "indexer/index_writer.h"

namespace gazette::indexer {
namespace {

namespace fs = std::filesystem;

// Chunks waiting per shard writer; bounds memory when the writers fall behind the parsers.
constexpr std::size_t kMaxQueuedChunks = 4;

struct Work {
  std::vector<BuiltDocument> documents;
  std::string input_position;  // reached with these documents (every shard gets every position)
  bool commit = false;         // commit after these documents
};

// One shard: a writer thread fed through a small bounded queue.
class ShardLane {
 public:
  ShardLane(IndexWriter writer, UpsertCounts& counts)
      : writer_(std::move(writer)), counts_(counts), thread_([this] { run(); }) {}

  ~ShardLane() { close(); }

  void push(Work&& work) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [this] { return queue_.size() < kMaxQueuedChunks; });
    queue_.push_back(std::move(work));
    ready_.notify_one();
  }

  // Stops the thread after the queued work; then commits. Returns the first error seen.
  Expected<void> close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      ready_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
    if (error_) return tl::unexpected(*error_);
    if (!committed_) {
      committed_ = true;
      return writer_.commit(input_position_);
    }
    return {};
  }

  // After close(): when this shard took a bulk load, releases its database for compaction and
  // returns its path.
  Expected<std::optional<std::string>> release_if_bulk_loaded() {
    if (!writer_.bulk_loaded()) return std::nullopt;
    if (auto closed = writer_.close(); !closed) return tl::unexpected(closed.error());
    return writer_.path();
  }

  [[nodiscard]] bool failed() {
    std::lock_guard lock(mutex_);
    return error_.has_value();
  }

 private:
  void run() {
    for (;;) {
      Work work;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return closed_ || !queue_.empty(); });
        if (queue_.empty()) return;
        work = std::move(queue_.front());
        queue_.pop_front();
        space_.notify_one();
      }
      try {
        for (const auto& d : work.documents) {
          counts_.count(writer_.upsert(d.id_term, d.document));
        }
        input_position_ = std::move(work.input_position);
        if (work.commit) {
          if (auto ok = writer_.commit(input_position_); !ok) {
            stop(ok.error());
            return;
          }
        }
      } catch (const Xapian::Error& e) {
        stop(Error{writer_.path(), e.get_description()});
        return;
      } catch (const std::exception& e) {  // an exception ending this thread would abort
        stop(Error{writer_.path(), e.what()});
        return;
      }
    }
  }

  // Records the first error and drops the queued work; the importer sees it at its next write.
  void stop(Error error) {
    std::lock_guard lock(mutex_);
    error_ = std::move(error);
    queue_.clear();
    closed_ = true;
    space_.notify_all();
  }

  IndexWriter writer_;
  UpsertCounts& counts_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<Work> queue_;
  std::string input_position_;  // the latest received; written by the lane's thread only
  bool closed_ = false;
  bool committed_ = false;
  std::optional<Error> error_;
  std::thread thread_;  // last: starts after the members it uses exist
};

class ShardedSink : public DocumentSink {
 public:
  ShardedSink(std::string index_path, std::size_t batch_size)
      : index_path_(std::move(index_path)), batch_size_(batch_size) {}

  // Opens a writer on every shard, each on its own thread.
  Expected<void> open(const std::vector<std::string>& shard_paths) {
    for (const auto& path : shard_paths) {
      auto writer = IndexWriter::open(path);
      if (!writer) return tl::unexpected(writer.error());
      lanes_.push_back(std::make_unique<ShardLane>(std::move(*writer), counts_));
    }
    return {};
  }

  Expected<void> write(std::vector<BuiltDocument>&& documents,
                       const std::string& input_position) override {
    std::vector<Work> parts(lanes_.size());
    since_commit_ += documents.size();
    for (auto& d : documents) {
      parts[shard_of(d.id_term, lanes_.size())].documents.push_back(std::move(d));
    }
    const bool commit = since_commit_ >= batch_size_;
    if (commit) since_commit_ = 0;
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      if (lanes_[i]->failed()) return lanes_[i]->close();
      parts[i].commit = commit;
      parts[i].input_position = input_position;
      lanes_[i]->push(std::move(parts[i]));
    }
    return {};
  }

  Expected<void> finish() override {
    std::vector<std::string> bulk_loaded;
    for (auto& lane : lanes_) {
      if (auto ok = lane->close(); !ok) return ok;
      auto path = lane->release_if_bulk_loaded();
      if (!path) return tl::unexpected(path.error());
      if (*path) bulk_loaded.push_back(std::move(**path));
    }
    // Readers learn of the compacted shards from the rewritten stub (a replaced index).
    if (compact_databases(bulk_loaded) > 0) return republish_shard_list(index_path_);
    return {};
  }

 private:
  std::string index_path_;
  std::vector<std::unique_ptr<ShardLane>> lanes_;
  std::size_t batch_size_;
  std::size_t since_commit_ = 0;
};

// The shard directories of a sharded index. Only local databases can be written here; remote
// shards are written on their own machines.
Expected<std::vector<std::string>> local_shard_paths(const std::string& index_path) {
  auto shards = read_shard_list(index_path);
  if (!shards) return tl::unexpected(shards.error());
  std::vector<std::string> paths;
  for (const auto& shard : *shards) {
    if (shard.remote()) {
      return fail(index_path + "/" + std::string(kStubFileName),
                  "remote shard " + shard.label() + ": gazette-index writes only local shards");
    }
    paths.push_back(shard.path);
  }
  return paths;
}

}  // namespace

std::size_t shard_of(const std::string& id_term, std::size_t shards) {
  // A stable hash, so an article always meets its earlier versions in the same shard.
  const std::uint64_t h = fnv1a64(id_term);
  return static_cast<std::size_t>(h % shards);
}

Expected<std::unique_ptr<DocumentSink>> open_sharded_sink(const std::string& index_path,
                                                          unsigned new_shards,
                                                          std::size_t batch_size) {
  if (!is_sharded_index(index_path)) {
    // A new index: create the shards, then the stub in one rename, so the directory is a valid
    // (empty) index from then on, whatever happens next.
    std::error_code ec;
    fs::create_directories(index_path, ec);
    if (ec) return fail(index_path, ec.message());
    std::vector<ShardLocation> listing;
    for (unsigned i = 0; i < new_shards; ++i) {
      const std::string name = fmt::format("shard-{}", i);
      auto writer = IndexWriter::open(index_path + "/" + name);
      if (!writer) return tl::unexpected(writer.error());
      if (auto ok = writer->commit(); !ok) return tl::unexpected(ok.error());
      listing.push_back(ShardLocation{.path = name, .host = {}, .port = 0});
    }
    if (auto ok = write_shard_list(index_path, listing); !ok) return tl::unexpected(ok.error());
  }
  auto shards = local_shard_paths(index_path);
  if (!shards) return tl::unexpected(shards.error());
  auto sink = std::make_unique<ShardedSink>(index_path, batch_size);
  if (auto ok = sink->open(*shards); !ok) return tl::unexpected(ok.error());
  return sink;
}

}  // namespace gazette::indexer
