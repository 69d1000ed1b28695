// One crawl (or replay) per data directory at a time: an exclusive flock on <data>/crawl.lock.
// The kernel releases it when the process ends, kill -9 included, so a lock is never stale.
#pragma once

#include <memory>
#include <string>

#include "common/error.h"

namespace gazette::crawler {

class CrawlLock {
 public:
  // Takes the lock without waiting; fails naming the lock file when another process holds it.
  [[nodiscard]] static Expected<std::unique_ptr<CrawlLock>> acquire(const std::string& data_dir);
  ~CrawlLock();
  CrawlLock(const CrawlLock&) = delete;
  CrawlLock& operator=(const CrawlLock&) = delete;

 private:
  explicit CrawlLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace gazette::crawler
