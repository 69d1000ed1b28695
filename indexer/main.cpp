// gazette-index: imports article records (JSON Lines) into the Xapian index.
//   gazette-index [FILE...]   the files (or standard input)
//   gazette-index update      what the crawler appended to DATA_DIR/articles since the last update
//   gazette-index rebuild     a new index from all of DATA_DIR/articles, swapped in atomically
//   gazette-index rollback    back to the index generation the last rebuild replaced
// Exit status: 0 all records indexed; 1 some lines rejected or inputs unreadable (the rest was
// indexed); 2 bad usage or configuration; 3 the index could not be opened or written.
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "common/config.h"
#include "common/logging.h"
#include "indexer/generations.h"
#include "indexer/importer.h"

namespace {

constexpr std::size_t kMaxRejectionsLogged = 100;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Index news articles (JSON Lines) into Gazette's Xapian database."};
  std::optional<std::string> config_path, data_dir, index_path, log_level;
  std::optional<unsigned> batch_size, threads, shards;
  std::vector<std::string> inputs;
  app.add_option("--config", config_path, "Configuration file (TOML)");
  app.add_option("--data-dir", data_dir, "Data directory (the index goes to DATA_DIR/index)");
  app.add_option("--index", index_path, "Index directory (overrides DATA_DIR/index)");
  app.add_option("--batch-size", batch_size, "Articles per commit");
  app.add_option("--threads", threads, "Parsing threads (0: one per core; 1: no extra thread)");
  app.add_option("--shards", shards,
                 "Shards of a new index (0: one per thread; 1: a single database)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical, off");
  app.add_option("inputs", inputs, "JSON Lines files; - or none reads standard input");
  auto* update = app.add_subcommand(
      "update", "Index what was appended to DATA_DIR/articles/*.jsonl since the last update");
  auto* rebuild = app.add_subcommand(
      "rebuild", "Build a new index from DATA_DIR/articles/*.jsonl and swap it in atomically");
  auto* rollback =
      app.add_subcommand("rollback", "Go back to the index generation the last rebuild replaced");
  app.require_subcommand(0, 1);
  CLI11_PARSE(app, argc, argv);

  const auto config = gazette::configure(config_path, [&](gazette::Config& c) {
    if (data_dir) c.data_dir = *data_dir;
    if (log_level) c.log_level = *log_level;
    if (batch_size) c.index.batch_size = *batch_size;
    if (threads) c.index.threads = *threads;
    if (shards) c.index.shards = *shards;
  });
  if (!config) {
    std::fprintf(stderr, "gazette-index: %s\n", config.error().to_string().c_str());
    return 2;
  }
  if (auto ok = gazette::setup_logging(config->log_level); !ok) return 2;
  if (inputs.empty() && app.get_subcommands().empty()) {
    if (isatty(STDIN_FILENO) == 1) {
      spdlog::error("no input: give JSON Lines files, or pipe records to standard input");
      return 2;
    }
    inputs.emplace_back("-");
  }

  gazette::ProgressLine progress;
  gazette::indexer::ImportOptions options;
  options.index_path = index_path.value_or(config->data_dir + "/index");
  options.config = config->index;
  std::size_t logged = 0;
  options.on_rejected = [&](const gazette::Error& e) {
    if (logged++ < kMaxRejectionsLogged) {
      progress.clear();
      spdlog::warn("rejected {}", e.to_string());
    } else if (logged == kMaxRejectionsLogged + 1) {
      spdlog::warn("more rejected lines follow; only the count is reported from here on");
    }
  };
  options.on_progress = [&](const gazette::indexer::ImportStats& s) {
    if (!progress.due()) return;
    const auto done = s.added + s.replaced;
    progress.draw(fmt::format("indexed {} articles, {:.0f} articles/s, {} rejected", done,
                              static_cast<double>(done) / std::max(s.seconds, 1e-3), s.rejected));
  };

  if (!inputs.empty() && !app.get_subcommands().empty()) {
    spdlog::error("input files go with a plain import, not with a subcommand");
    return 2;
  }
  const std::string articles = config->data_dir + "/articles";
  if (*rollback) {
    const auto done = gazette::indexer::roll_back_index(options.index_path);
    if (!done) {
      spdlog::error("{}", done.error().to_string());
      return 3;
    }
    spdlog::info("rolled back: {} now serves {} (was {})", options.index_path, done->generation,
                 done->previous);
    return 0;
  }
  if (*rebuild) {
    const auto done = gazette::indexer::rebuild_index(articles, options);
    progress.clear();
    if (!done) {
      spdlog::error("rebuild failed, the index in use is unchanged: {}", done.error().to_string());
      return 3;
    }
    spdlog::info("rebuilt {} from {}: {} articles in {:.2f} s; now serving {}, previous {} kept",
                 options.index_path, articles, done->stats.added, done->stats.seconds,
                 done->generation, done->previous.empty() ? "(none)" : done->previous);
    return done->stats.rejected == 0 && done->stats.unreadable.empty() ? 0 : 1;
  }
  const auto stats = *update ? gazette::indexer::import_new_articles(articles, options)
                             : gazette::indexer::import_jsonl(inputs, options);
  progress.clear();
  if (!stats) {
    spdlog::error("{}", stats.error().to_string());
    return 3;
  }
  for (const auto& e : stats->unreadable) spdlog::error("unreadable input {}", e.to_string());
  const double secs = std::max(stats->seconds, 1e-3);
  spdlog::info(
      "summary: {} added, {} replaced, {} rejected, {} unreadable inputs in {:.2f} s "
      "({:.0f} articles/s, {:.2f} MB/s) into {}",
      stats->added, stats->replaced, stats->rejected, stats->unreadable.size(), stats->seconds,
      static_cast<double>(stats->added + stats->replaced) / secs,
      static_cast<double>(stats->bytes) / 1e6 / secs, options.index_path);
  return stats->rejected == 0 && stats->unreadable.empty() ? 0 : 1;
}
