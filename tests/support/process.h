// Runs a program (no shell) with optional standard input and captures its output and status.
#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace gazette::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] with the arguments, feeding `input` to its standard input; waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = "");

// Starts argv[0] in the background with standard output and error discarded; returns its pid.
pid_t start_process(const std::vector<std::string>& argv);

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
