#include "common/startup.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

// Only failures: a successful start installs the process's logger, which happens once.
TEST(Startup, FailsBeforeAnyWorkOnABadConfiguration) {
  StartupFlags missing_file;
  missing_file.config_path = "/nonexistent/gazette.toml";
  StartupFlags bad_level;
  bad_level.log_level = "loud";
  const struct {
    const StartupFlags* flags;
    const char* why;
  } cases[] = {
      {&missing_file, "an explicit file that is missing"},
      {&bad_level, "a log level that is not one"},
  };
  for (const auto& c : cases) EXPECT_FALSE(start_program("test", *c.flags)) << c.why;
  EXPECT_FALSE(start_program("test", {}, [](Config& config) { config.query.sort = "random"; }))
      << "a program's own flag that fails validation";
}

}  // namespace
}  // namespace gazette
