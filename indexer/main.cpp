// gazette-index: imports article records into the Xapian index.
//   gazette-index [FILE|DIR...]   the files (or standard input): Gazette's JSON Lines,
//                                 news-please and trafilatura JSON, CSV (docs/formats.md)
//   gazette-index update      what the crawler appended to DATA_DIR/articles since the last update
//   gazette-index rebuild     a new index from all of DATA_DIR/articles, swapped in atomically
//   gazette-index rollback    back to the index generation the last rebuild replaced
// Exit status: 0 all records indexed; 1 some lines rejected or inputs unreadable (the rest was
// indexed); 2 bad usage or configuration; 3 the index could not be opened or written.
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "common/startup.h"
#include "indexer/generations.h"
#include "indexer/import_report.h"
#include "indexer/importer.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Index news articles (JSON Lines, news-please and trafilatura JSON, CSV) into Gazette's "
      "Xapian database."};
  gazette::StartupFlags flags;
  std::optional<std::string> index_path;
  std::optional<unsigned> batch_size, threads, shards;
  std::vector<std::string> inputs;
  app.add_option("--config", flags.config_path, "Configuration file (TOML)");
  app.add_option("--data-dir", flags.data_dir, "Data directory (the index goes to DATA_DIR/index)");
  app.add_option("--index", index_path, "Index directory (overrides DATA_DIR/index)");
  app.add_option("--batch-size", batch_size, "Articles per commit");
  app.add_option("--threads", threads, "Parsing threads (0: one per core; 1: no extra thread)");
  app.add_option("--shards", shards,
                 "Shards of a new index (0: one per thread; 1: a single database)");
  app.add_option("--log-level", flags.log_level, "trace, debug, info, warn, error, critical, off");
  std::string format_name = "auto";
  std::vector<std::string> csv_columns;
  app.add_option("--format", format_name,
                 "How the inputs are written: auto (told per file), jsonl (Gazette's), "
                 "news-please, trafilatura, csv")
      ->check(CLI::IsMember(gazette::indexer::format_choice_names()));
  app.add_option("--csv-column", csv_columns,
                 "Read a CSV column into a record field: FIELD=COLUMN (repeatable)")
      ->allow_extra_args(false)  // one value each time, so the inputs can follow
      ->check(CLI::Validator(
          [](const std::string& value) {
            const auto eq = value.find('=');
            return eq != std::string::npos && gazette::indexer::is_record_field(value.substr(0, eq))
                       ? std::string()
                       : "not FIELD=COLUMN with FIELD one of the record's fields (docs/formats.md)";
          },
          "FIELD=COLUMN"));
  app.add_option("inputs", inputs,
                 "Files or directories of records (JSON Lines, JSON, CSV); - or none reads "
                 "standard input");
  auto* update = app.add_subcommand(
      "update", "Index what was appended to DATA_DIR/articles/*.jsonl since the last update");
  auto* rebuild = app.add_subcommand(
      "rebuild", "Build a new index from DATA_DIR/articles/*.jsonl and swap it in atomically");
  auto* rollback =
      app.add_subcommand("rollback", "Go back to the index generation the last rebuild replaced");
  app.require_subcommand(0, 1);
  if (const auto status = gazette::parse_command_line(app, argc, argv)) return *status;

  const auto config = gazette::start_program("gazette-index", flags, [&](gazette::Config& c) {
    if (batch_size) c.index.batch_size = *batch_size;
    if (threads) c.index.threads = *threads;
    if (shards) c.index.shards = *shards;
  });
  if (!config) return 2;
  const bool plain_import = app.get_subcommands().empty();
  if (inputs.empty() && plain_import) {
    if (isatty(STDIN_FILENO) == 1) {
      spdlog::error("no input: give JSON Lines files, or pipe records to standard input");
      return 2;
    }
    inputs.emplace_back("-");
  }
  if (!inputs.empty() && !plain_import) {
    spdlog::error("input files go with a plain import, not with a subcommand");
    return 2;
  }

  gazette::indexer::ImportProgress progress;
  gazette::indexer::ImportOptions options;
  options.index_path = index_path.value_or(config->data_dir + "/index");
  options.config = config->index;
  options.format = *gazette::indexer::format_choice_from_string(format_name);
  options.csv_columns = csv_columns;
  progress.attach(options);
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
    spdlog::info("{}", format_rebuild_summary(*done, options.index_path, articles));
    return gazette::indexer::indexed_everything(done->stats) ? 0 : 1;
  }
  const auto stats = *update ? gazette::indexer::import_new_articles(articles, options)
                             : gazette::indexer::import_files(inputs, options);
  progress.clear();
  if (!stats) {
    spdlog::error("{}", stats.error().to_string());
    return 3;
  }
  for (const auto& e : stats->unreadable) spdlog::error("unreadable input {}", e.to_string());
  spdlog::info("{}", format_import_summary(*stats, options.index_path));
  return gazette::indexer::indexed_everything(*stats) ? 0 : 1;
}
