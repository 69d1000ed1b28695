// A server program started for a test: waits for its "listening on http://HOST:PORT" line on
// stdout (the convention of gazette-site-server and Gazette's own servers) and stops it (SIGTERM,
// then SIGKILL) when destroyed.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace gazette::testing {

class ListeningProcess {
 public:
  // Starts argv[0] with the arguments and waits up to `timeout` for the listening line. Throws
  // std::runtime_error (with what the program wrote) when it exits or stays silent.
  explicit ListeningProcess(const std::vector<std::string>& argv,
                            std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~ListeningProcess();
  ListeningProcess(const ListeningProcess&) = delete;
  ListeningProcess& operator=(const ListeningProcess&) = delete;

  // "http://127.0.0.1:PORT", as the program announced it.
  [[nodiscard]] const std::string& base_url() const { return base_url_; }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string base_url_;
  int port_ = 0;
  std::thread drain_;  // reads the program's output after the announcement
};

}  // namespace gazette::testing
