#include "common/startup.h"

#include <cstdio>

#include <fmt/core.h>

#include "common/logging.h"

namespace gazette {

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
