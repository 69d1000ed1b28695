// DocumentSink that bulk-loads a new index with one writer thread per shard, then merges.
// One Xapian writer is bound to one core; a new index can use them all and pay one merge.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "indexer/document_sink.h"
#include "indexer/index_writer.h"

namespace gazette::indexer {
namespace {

namespace fs = std::filesystem;

// Chunks waiting per shard writer; bounds memory when the writers fall behind the parsers.
constexpr std::size_t kMaxQueuedChunks = 4;

using Work = std::vector<BuiltDocument>;

// One shard: a writer thread fed through a small bounded queue.
class ShardLane {
 public:
  ShardLane(IndexWriter writer, std::atomic<std::size_t>& added, std::atomic<std::size_t>& replaced)
      : writer_(std::move(writer)),
        added_(added),
        replaced_(replaced),
        thread_([this] { run(); }) {}

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
      return writer_.commit();
    }
    return {};
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
        for (const auto& d : work) {
          ++(writer_.upsert(d.id_term, d.document) == IndexWriter::Upsert::kAdded ? added_
                                                                                  : replaced_);
        }
      } catch (const Xapian::Error& e) {
        std::lock_guard lock(mutex_);
        error_ = Error{"shard writer", e.get_description()};
        queue_.clear();
        closed_ = true;
        space_.notify_all();
        return;
      }
    }
  }

  IndexWriter writer_;
  std::atomic<std::size_t>& added_;
  std::atomic<std::size_t>& replaced_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<Work> queue_;
  bool closed_ = false;
  bool committed_ = false;
  std::optional<Error> error_;
  std::thread thread_;  // last: starts after the members it uses exist
};

class ShardedBuildSink : public DocumentSink {
 public:
  ShardedBuildSink(std::string path, std::string building)
      : path_(std::move(path)), building_(std::move(building)) {}

  Expected<void> open_lanes(unsigned shards) {
    shard_count_ = shards;
    for (unsigned i = 0; i < shards; ++i) {
      auto writer = IndexWriter::open(shard_path(i));
      if (!writer) return tl::unexpected(writer.error());
      lanes_.push_back(std::make_unique<ShardLane>(std::move(*writer), added_, replaced_));
    }
    return {};
  }

  Expected<void> write(std::vector<BuiltDocument>&& documents) override {
    std::vector<Work> parts(lanes_.size());
    for (auto& d : documents) {
      parts[std::hash<std::string>{}(d.id_term) % lanes_.size()].push_back(std::move(d));
    }
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      if (lanes_[i]->failed()) return lanes_[i]->close();
      lanes_[i]->push(std::move(parts[i]));
    }
    return {};
  }

  Expected<void> finish() override {
    for (auto& lane : lanes_) {
      if (auto ok = lane->close(); !ok) return ok;
    }
    lanes_.clear();
    const std::string merged = building_ + "/merged";
    try {
      Xapian::Database all;
      for (unsigned i = 0; i < shard_count_; ++i) all.add_database(Xapian::Database(shard_path(i)));
      all.compact(merged);
    } catch (const Xapian::Error& e) {
      return fail(path_, "merging shards: " + e.get_description());
    }
    std::error_code ec;
    fs::rename(merged, path_, ec);  // atomic: the index appears whole or not at all
    if (ec) return fail(path_, "moving the built index into place: " + ec.message());
    fs::remove_all(building_, ec);
    return {};
  }

 private:
  [[nodiscard]] std::string shard_path(unsigned i) const {
    return building_ + "/shard-" + std::to_string(i);
  }

  std::string path_;
  std::string building_;
  unsigned shard_count_ = 0;
  std::vector<std::unique_ptr<ShardLane>> lanes_;
};

}  // namespace

Expected<std::unique_ptr<DocumentSink>> open_sharded_build_sink(const std::string& path,
                                                                unsigned shards) {
  std::error_code ec;
  if (fs::exists(path, ec)) return fail(path, "a bulk build needs a path with no index yet");
  const std::string building = path + ".building";
  // Left over from a build that was killed; the caller holds the import lock.
  fs::remove_all(building, ec);
  fs::create_directories(building, ec);
  if (ec) return fail(building, ec.message());
  auto sink = std::make_unique<ShardedBuildSink>(path, building);
  if (auto ok = sink->open_lanes(shards); !ok) return tl::unexpected(ok.error());
  return sink;
}

}  // namespace gazette::indexer
