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

}  // namespace gazette::testing
