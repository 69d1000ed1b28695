// A full disk, simulated without mounting anything: while it lives, this process may not make a
// file larger than `bytes` (RLIMIT_FSIZE), and a write past it fails with EFBIG instead of
// raising SIGXFSZ. A write across the limit is cut short, as on a disk that fills up mid-write.
#pragma once

#include <sys/resource.h>

#include <csignal>

namespace gazette::testing {

class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() { lift(); }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

  void lift() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = SIG_DFL;
};

}  // namespace gazette::testing
