// The TOML configuration (common/config.h). Input: a gazette.toml, written to a scratch file and
// loaded with no GAZETTE_* variables. Properties: an error names the file (or file:line); a
// configuration that loads passes every per-key range check of validate(), which may only still
// refuse a rule across two keys; loading the same file twice gives the same answer.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "common/config.h"
#include "fuzz/fuzz_support.h"

using gazette::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = gazette::fuzz::scratch_dir() + "/gazette.toml";
  gazette::fuzz::write_file(path, gazette::fuzz::as_view(data, size));
  const gazette::EnvLookup no_env = [](const std::string&) { return std::optional<std::string>(); };

  const auto config = gazette::load_config(path, no_env);
  const auto again = gazette::load_config(path, no_env);
  require(config.has_value() == again.has_value(), "loading twice gives the same answer");
  if (!config) {
    require(config.error().where.starts_with(path), "an error names the file");
    require(config.error().to_string() == again.error().to_string(), "the same error twice");
    return 0;
  }
  require(config->data_dir == again->data_dir && config->crawl.seeds == again->crawl.seeds &&
              config->query.sort == again->query.sort,
          "loading twice gives the same configuration");
  if (const auto valid = gazette::validate(*config); !valid) {
    require(valid.error().where == "crawl.source_interval_min_minutes" ||
                valid.error().where == "query.page_size",
            "every key that loads is within its range");
  }
  return 0;
}
