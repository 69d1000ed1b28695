// An exclusive lock that lets one import at a time write an index: a flock(2) on INDEX.lock
// beside the index. The kernel drops it when the process dies, even by kill -9, so a crashed
// import never blocks the next one. Move-only; released on destruction.
#pragma once

#include <string>

#include "common/error.h"

namespace gazette::indexer {

class ImportLock {
 public:
  // Fails at once, naming the index, when another process holds the lock.
  [[nodiscard]] static Expected<ImportLock> acquire(const std::string& index_path);
  // Whether `error` (from acquire, or an import or rebuild that called it) means another
  // process holds the lock, as opposed to an index that cannot be written.
  [[nodiscard]] static bool is_held_elsewhere(const Error& error);

  ImportLock(ImportLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ImportLock& operator=(ImportLock&&) = delete;
  ImportLock(const ImportLock&) = delete;
  ImportLock& operator=(const ImportLock&) = delete;
  ~ImportLock();

 private:
  explicit ImportLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace gazette::indexer
