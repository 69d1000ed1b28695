// The start-up every program's main shares: parse the command line, load the configuration (file,
// GAZETTE_* environment, then the command line), validate it, and install the logger at its level.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/config.h"

namespace CLI {
class App;
}

namespace gazette {

// The exit status of every program for bad usage or configuration (the mains' and README's).
inline constexpr int kExitUsage = 2;

// Parses the command line into `app`. Returns nullopt to go on, or the status to exit with:
// 0 after --help (printed to standard output), kExitUsage after a usage error (CLI11's message
// on standard error), rather than CLI11's own codes (100-127), which no documentation names.
[[nodiscard]] std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv);

// The flags every program has; nullopt where the command line did not give them.
struct StartupFlags {
  std::optional<std::string> config_path;  // --config: the TOML file
  std::optional<std::string> data_dir;     // --data-dir: overrides data_dir
  std::optional<std::string> log_level;    // --log-level: overrides log_level
};

// Runs configure() with `flags` and then `apply_flags` (a program's own flags, which win over
// the file and the environment), then setup_logging() at the configured level. On failure it
// writes "<program>: <error>" to stderr (no logger exists yet) and returns nullopt; the caller
// exits with status 2. Call once, from main.
[[nodiscard]] std::optional<Config> start_program(
    std::string_view program, const StartupFlags& flags,
    const std::function<void(Config&)>& apply_flags = {});

}  // namespace gazette
