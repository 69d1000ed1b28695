// One xapian-tcpsrv serving a database on a free loopback port, for tests of remote shards.
// Stopped (SIGCONT, then killed and reaped) when destroyed or by stop().
#pragma once

#include <signal.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "tests/support/process.h"

namespace gazette::testing {

struct ShardServer {
  pid_t pid = -1;
  int port = 0;

  ShardServer(const std::string& tcpsrv_binary, const std::string& database) {
    for (int attempt = 0; attempt < 5 && pid < 0; ++attempt) {
      port = unused_loopback_port();
      pid = start_process({tcpsrv_binary, "--interface", "127.0.0.1", "--port",
                           std::to_string(port), "--quiet", database});
      if (!wait_until([&] { return accepts_connections(port); }, std::chrono::seconds(20))) {
        kill_and_reap(pid);  // the port was taken meanwhile: try another
        pid = -1;
      }
    }
    if (pid < 0) throw std::runtime_error("xapian-tcpsrv did not start");
  }
  ShardServer(const ShardServer&) = delete;
  ShardServer& operator=(const ShardServer&) = delete;
  ~ShardServer() { stop(); }

  void stop() {
    if (pid < 0) return;
    kill(pid, SIGCONT);  // a stopped process must be able to die
    kill_and_reap(pid);
    pid = -1;
  }
  [[nodiscard]] std::string endpoint() const { return fmt::format("127.0.0.1:{}", port); }
};

}  // namespace gazette::testing
