#include "common/startup.h"

#include <cstdio>

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include "common/logging.h"

namespace gazette {

std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitUsage;  // --help is a "parse error" that exits 0
  }
}

std::optional<Config> start_program(std::string_view program, const StartupFlags& flags,
                                    const std::function<void(Config&)>& apply_flags) {
  auto config = configure(flags.config_path, [&](Config& c) {
    if (flags.data_dir) c.data_dir = *flags.data_dir;
    if (flags.log_level) c.log_level = *flags.log_level;
    if (apply_flags) apply_flags(c);
  });
  if (!config) {
    fmt::print(stderr, "{}: {}\n", program, config.error().to_string());
    return std::nullopt;
  }
  if (auto logging = setup_logging(config->log_level); !logging) {
    fmt::print(stderr, "{}: {}\n", program, logging.error().to_string());
    return std::nullopt;
  }
  return *std::move(config);
}

}  // namespace gazette
