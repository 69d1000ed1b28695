// Gazette's configuration: one struct, each field documented with its default. Loaded as
// command line > GAZETTE_* environment > config file > defaults, and validated before any work.
// The command line is applied by each program's main (it owns its flags); this module does the
// rest.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace gazette {

struct IndexConfig {
  // Articles per Xapian commit. Larger batches index faster; a crash loses at most one batch
  // (it is re-done by running the same import again).
  unsigned batch_size = 10000;
  // Threads that parse records and build documents; 0 means one per core, 1 does everything on
  // one thread. A new index gets this many shards, each with its own writer thread (1: a single
  // database); an existing index keeps its layout.
  unsigned threads = 0;
  // Maximum bytes of body text stored in the document data for snippets (the full text is
  // still indexed).
  unsigned stored_text_bytes = 16384;
};

struct QueryConfig {
  // Results per page.
  unsigned page_size = 10;
  // Default order: "relevance", "date" (newest first) or "blend" (relevance with a recency boost).
  std::string sort = "relevance";
  // For sort = "blend": a result loses half its recency boost every this many days.
  double recency_half_life_days = 30.0;
  // For sort = "blend": how much recency counts; 0 is pure relevance, 1 makes a brand-new
  // article's boost as large as a strong text match.
  double recency_weight = 0.5;
  // Stemming language for query words when the query has no lang: filter (ISO 639-1).
  std::string language = "en";
  // Snippet length in characters.
  unsigned snippet_chars = 240;
  // Queries longer than this many bytes are rejected (bounds work per query).
  unsigned max_query_bytes = 4096;
};

struct ServeConfig {
  // Address the HTTP frontend (gazette-query serve) listens on, "HOST:PORT" ("[::1]:8080" for
  // IPv6). Loopback by default: serving other machines is a deliberate choice.
  std::string listen = "127.0.0.1:8080";
  // Worker threads, each serving one connection at a time (a kept-alive connection holds its
  // thread until it goes idle), so this bounds the connections served at once; more wait in
  // the queue. Searches themselves run at most two per core whatever this is.
  unsigned threads = 64;
};

struct Config {
  // Directory holding everything Gazette writes: index/, articles/, archive/, crawl.sqlite.
  std::string data_dir = "gazette-data";
  // spdlog level: trace, debug, info, warn, error, critical, off.
  std::string log_level = "info";
  IndexConfig index;
  QueryConfig query;
  ServeConfig serve;
};

// Looks up an environment variable; injectable for tests. Returns nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
[[nodiscard]] EnvLookup process_environment();

// Loads the configuration: defaults, then the TOML file, then GAZETTE_* variables (for key
// "index.batch_size" the variable is GAZETTE_INDEX_BATCH_SIZE). The file is `explicit_path` when
// given, else $GAZETTE_CONFIG, else config/gazette.toml when it exists. Fails naming the file and
// key (or variable) for a missing explicit file, a TOML syntax error, an unknown key, a value of
// the wrong type or out of range.
[[nodiscard]] Expected<Config> load_config(const std::optional<std::string>& explicit_path,
                                           const EnvLookup& env);

// Checks ranges and choices after command-line overrides; names the offending key.
[[nodiscard]] Expected<void> validate(const Config& config);

// What every program's main does first: load_config, then `apply_flags` (the command line, which
// wins over everything), then validate. Fails naming the bad key, file:line or variable.
[[nodiscard]] Expected<Config> configure(const std::optional<std::string>& explicit_path,
                                         const std::function<void(Config&)>& apply_flags);

// Every settable key, e.g. "query.sort", for documentation and tests.
[[nodiscard]] std::vector<std::string> config_keys();

}  // namespace gazette
