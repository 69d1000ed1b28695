#include "query/searcher_pool.h"

#include <algorithm>
#include <utility>

namespace gazette::query {

struct SearcherPool::Slot {
  Searcher searcher;
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
  auto searcher = Searcher::open(path_, config_);
  if (!searcher) return tl::unexpected(searcher.error());
  return std::make_unique<Slot>(Slot{std::move(*searcher), std::chrono::steady_clock::now()});
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
    // A commit, a rebuilt index swapped in or a rewritten shard list (query/index_reader.h);
    // an index that cannot be opened yet keeps serving the old one.
    slot->searcher.refresh();
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
