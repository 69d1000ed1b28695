// One crawl (or replay) per data directory at a time: an exclusive flock on <data>/crawl.lock;
// and one update cycle (crawl, then index) at a time: <data>/update.lock. The kernel releases a
// lock when the process ends, kill -9 included, so a lock is never stale.
#pragma once

#include <memory>
#include <string>

#include "common/error.h"

namespace gazette::crawler {

class CrawlLock {
 public:
  // Takes the lock without waiting; fails naming the lock file when another process holds it.
  [[nodiscard]] static Expected<std::unique_ptr<CrawlLock>> acquire(const std::string& data_dir);
  // The update cycle's lock, taken the same way.
  [[nodiscard]] static Expected<std::unique_ptr<CrawlLock>> acquire_update(
      const std::string& data_dir);
  // Whether `error` (from either acquire) means another process holds the lock.
  [[nodiscard]] static bool is_held_elsewhere(const Error& error);
  ~CrawlLock();
  CrawlLock(const CrawlLock&) = delete;
  CrawlLock& operator=(const CrawlLock&) = delete;

 private:
  explicit CrawlLock(int fd) : fd_(fd) {}
  static Expected<std::unique_ptr<CrawlLock>> acquire_file(const std::string& data_dir,
                                                           const char* name, const char* holder);
  int fd_;
};

}  // namespace gazette::crawler
