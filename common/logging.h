// Logging setup and terminal progress. Logs go to stderr through spdlog; stdout carries results.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "common/error.h"

namespace gazette {

// Installs the default spdlog logger (stderr, one line per event) at `level` ("info", ...).
// Call once, from main. Fails for an unknown level name.
[[nodiscard]] Expected<void> setup_logging(std::string_view level);

// A single self-overwriting status line on a terminal, redrawn at most a few times a second.
// Does nothing when stderr is not a terminal (logs and CI output stay clean). Not thread-safe.
class ProgressLine {
 public:
  ProgressLine();
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Whether a draw now would be shown; cheap, so callers can skip formatting the text.
  [[nodiscard]] bool due() const;
  void draw(std::string_view text);
  // Erases the line (before a summary or a log line).
  void clear();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace gazette
