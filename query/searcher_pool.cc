#include "query/searcher_pool.h"

#include <sys/stat.h>

#include <algorithm>
#include <utility>

namespace gazette::query {
namespace {

// What identifies the index on disk: the path itself (a directory or a stub file) and, for a
// directory, its stub file XAPIANDB when there is one. Replacing either by a rename changes an
// inode; rewriting the stub changes its time or size. A commit changes none of them (Xapian
// writes inside the database directories), so a commit costs a reopen(), not an open.
struct IndexIdentity {
  struct FileId {
    dev_t dev = 0;
    ino_t ino = 0;
    std::int64_t mtime_ns = 0;
    off_t size = 0;
    friend bool operator==(const FileId&, const FileId&) = default;
  };
  FileId path;
  FileId stub;
  friend bool operator==(const IndexIdentity&, const IndexIdentity&) = default;
};

IndexIdentity::FileId file_id(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return {};
  return {st.st_dev, st.st_ino,
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
          S_ISDIR(st.st_mode) ? 0 : st.st_size};
}

IndexIdentity identity_of(const std::string& path) {
  IndexIdentity id;
  id.path = file_id(path);
  // A directory's own mtime changes whenever a file is created in it (Xapian's temporary
  // files), so only its inode counts.
  id.path.mtime_ns = 0;
  id.stub = file_id(path + "/XAPIANDB");
  return id;
}

}  // namespace

struct SearcherPool::Slot {
  Searcher searcher;
  IndexIdentity identity;
  std::chrono::steady_clock::time_point checked;
};

SearcherPool::SearcherPool(std::string index_path, const QueryConfig& config,
                           std::chrono::milliseconds refresh_interval, unsigned max_leases)
    : path_(std::move(index_path)),
      config_(config),
      refresh_interval_(refresh_interval),
      max_leases_(std::max(1u, max_leases)) {}

SearcherPool::~SearcherPool() = default;

Expected<std::unique_ptr<SearcherPool::Slot>> SearcherPool::open_slot() const {
  // The identity is read before opening: if the index is swapped in between, the next check
  // sees a difference and opens again (never the reverse, which would miss the swap).
  const IndexIdentity identity = identity_of(path_);
  auto searcher = Searcher::open(path_, config_);
  if (!searcher) return tl::unexpected(searcher.error());
  return std::make_unique<Slot>(
      Slot{std::move(*searcher), identity, std::chrono::steady_clock::now()});
}

Expected<SearcherPool::Lease> SearcherPool::acquire() {
  std::unique_ptr<Slot> slot;
  {
    std::unique_lock lock(mutex_);
    if (leased_ < max_leases_ && waiters_.empty()) {
      ++leased_;
    } else {
      Waiter waiter;
      waiters_.push_back(&waiter);
      waiter.handed_over.wait(lock, [&waiter] { return waiter.ready; });
      // The lease count was kept for us by release().
    }
    if (!idle_.empty()) {
      slot = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  const auto now = std::chrono::steady_clock::now();
  if (slot && now - slot->checked >= refresh_interval_) {
    slot->checked = now;
    if (identity_of(path_) == slot->identity) {
      slot->searcher.refresh();
    } else if (auto fresh = open_slot()) {
      slot = std::move(*fresh);
    }
    // A replaced index that cannot be opened yet (mid-swap): keep serving the old one.
  }
  if (!slot) {
    auto fresh = open_slot();
    if (!fresh) {
      release(nullptr);
      return tl::unexpected(fresh.error());
    }
    slot = std::move(*fresh);
  }
  return Lease(this, std::move(slot));
}

std::size_t SearcherPool::waiting() const {
  const std::lock_guard lock(mutex_);
  return waiters_.size();
}

void SearcherPool::release(std::unique_ptr<Slot> slot) {
  const std::lock_guard lock(mutex_);
  if (slot) idle_.push_back(std::move(slot));
  if (waiters_.empty()) {
    --leased_;
    return;
  }
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->ready = true;
  next->handed_over.notify_one();
}

SearcherPool::Lease::Lease(SearcherPool* pool, std::unique_ptr<Slot> slot)
    : pool_(pool), slot_(std::move(slot)) {}

SearcherPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), slot_(std::move(other.slot_)) {}

SearcherPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->release(std::move(slot_));
}

Searcher& SearcherPool::Lease::operator*() const { return slot_->searcher; }

void SearcherPool::Lease::discard() { slot_.reset(); }

}  // namespace gazette::query
