// Runs a program (no shell) with optional standard input and captures its output and status.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace gazette::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// execv's argument array for `args` (pointers into it, then a null): valid while `args` is.
std::vector<char*> to_argv(const std::vector<std::string>& args);

// Runs argv[0] with the arguments, feeding `input` to its standard input; waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = "");

// Starts argv[0] in the background with standard output and error discarded; returns its pid.
pid_t start_process(const std::vector<std::string>& argv);

// Kills a started process with SIGKILL and waits for it.
void kill_and_reap(pid_t pid);

// Polls `ready` every few milliseconds until it is true or `timeout` passes; returns whether it
// became true. Generous timeouts: "should happen" must not fail on a loaded machine.
template <typename Predicate>
bool wait_until(Predicate ready, std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close), for
// servers that cannot be told to pick their own.
int unused_loopback_port();

// Whether something accepts TCP connections on 127.0.0.1:port.
bool accepts_connections(int port);
// A background process whose standard error the caller reads (standard output is discarded).
struct WatchedProcess {
  pid_t pid = -1;
  int stderr_fd = -1;  // read end of its standard error; the caller closes it
};
WatchedProcess start_process_watching_stderr(const std::vector<std::string>& argv);

// Reads `fd` until a line containing `needle` arrives; returns that line, or "" at end of file
// or after `timeout_ms`. Everything read is appended to `seen`.
std::string wait_for_line(int fd, const std::string& needle, int timeout_ms, std::string& seen);

}  // namespace gazette::testing
