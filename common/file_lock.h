// An exclusive lock held through a lock file: flock(2) on it, taken without waiting. The kernel
// releases the lock when the descriptor closes, so also when the process dies (kill -9
// included): a lock file left behind never blocks anyone. Locks one process against another
// (and two FileLocks of one process against each other). Move-only; released on destruction.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace gazette {

class FileLock {
 public:
  // Creates `path` (and its parent directories) when missing and takes the lock. When another
  // holder has it, fails at once with ErrorKind::kBusy, Error.where = `path` and
  // Error.what = `held_message`; fails with ErrorKind::kOther, naming the file or directory,
  // when the file cannot be created or opened.
  [[nodiscard]] static Expected<FileLock> acquire(const std::string& path,
                                                  std::string_view held_message);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace gazette
