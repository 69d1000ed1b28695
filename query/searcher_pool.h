// Searchers for a multi-threaded server: each request borrows one (a Searcher is not
// thread-safe; each holds its own Xapian database handle) and gives it back when done, so there
// are never more handles than requests running at once.
//
// Freshness: a borrowed searcher is at most `refresh_interval` behind the index. A commit to the
// same database is picked up by Xapian's reopen(); an index replaced on disk (a rebuild swapped
// in, a rewritten shard stub) is opened anew (Searcher::refresh, query/index_reader.h).
// An index that cannot be opened is reported on each acquire (and retried), so the server can
// start before the first import.
//
// At most `max_leases` searchers are lent at once; acquire() waits for one to come back, first
// come first served. A search is CPU work: many more searches running than cores only adds
// switching and spreads the reads over more cold Xapian handles; with every thread searching at
// once, the slowest 1% of requests at 32 connections took twice as long or more
// (docs/ARCHITECTURE.md).
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/error.h"
#include "query/searcher.h"

namespace gazette::query {

class SearcherPool {
  struct Slot;

 public:
  SearcherPool(std::string index_path, const QueryConfig& config,
               std::chrono::milliseconds refresh_interval, unsigned max_leases);
  ~SearcherPool();
  SearcherPool(const SearcherPool&) = delete;
  SearcherPool& operator=(const SearcherPool&) = delete;

  // A borrowed searcher; returned to the pool when the lease is destroyed. Move-only.
  class Lease {
   public:
    Lease(Lease&&) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Searcher& operator*() const;
    Searcher* operator->() const { return &**this; }
    // The searcher failed reading the index: do not give it back, open a new one next time.
    void discard();

   private:
    friend class SearcherPool;
    Lease(SearcherPool* pool, std::unique_ptr<Slot> slot);
    SearcherPool* pool_;
    std::unique_ptr<Slot> slot_;
  };

  // A searcher no more than refresh_interval behind the index. Fails naming the path when there
  // is no usable index.
  [[nodiscard]] Expected<Lease> acquire();

  // Callers waiting for a lease now.
  [[nodiscard]] std::size_t waiting() const;

 private:
  // Gives a lease back; `slot` is null when it was discarded.
  void release(std::unique_ptr<Slot> slot);
  Expected<std::unique_ptr<Slot>> open_slot() const;

  const std::string path_;
  const QueryConfig config_;
  const std::chrono::milliseconds refresh_interval_;
  const unsigned max_leases_;
  mutable std::mutex mutex_;
  // A caller waiting for a lease; a returning lease is handed to the oldest one.
  struct Waiter {
    std::condition_variable handed_over;
    bool ready = false;
  };
  std::deque<Waiter*> waiters_;              // guarded by mutex_
  unsigned leased_ = 0;                      // guarded by mutex_
  std::vector<std::unique_ptr<Slot>> idle_;  // guarded by mutex_
};

}  // namespace gazette::query
