// One crawl (or replay) per data directory at a time: an exclusive lock on <data>/crawl.lock;
// and one update cycle (crawl, then index) at a time: <data>/update.lock. Both are FileLocks
// (common/file_lock.h): never stale, and refused with ErrorKind::kBusy while held elsewhere.
#pragma once

#include <string>

#include "common/error.h"
#include "common/file_lock.h"

namespace gazette::crawler {

struct CrawlLock {
  // Takes the crawl lock without waiting, creating the data directory when missing.
  [[nodiscard]] static Expected<FileLock> acquire(const std::string& data_dir);
  // The update cycle's lock, taken the same way.
  [[nodiscard]] static Expected<FileLock> acquire_update(const std::string& data_dir);
};

}  // namespace gazette::crawler
