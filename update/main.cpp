// gazette-crawl: fetching and cleaning news pages. Each subcommand is one library call: crawl,
// add, replay (crawler/), extract (extract/), and update (crawl then index, under a lock; update/).
// Usage errors (unknown options, bad values such as a negative --max-pages, add with an argument
// that is not an http(s) URL, replay of a directory without WARC files) exit with 2.
// Exit status: 0 success; 1 an input could not be read (replay: some file was bad, the rest was
// used; update: some article lines were rejected by the indexer); 2 bad usage or configuration;
// 3 the crawl (or update's index step) could not go on (data directory, database, index);
// 75 (EX_TEMPFAIL) update only: refused because another update or crawl is running on the data
// directory (nothing done), or its index step was refused because a rebuild holds the index (the
// crawl ran; the next update indexes its articles). Timers treat 75 as "try again later".
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <curl/curl.h>
#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "common/startup.h"
#include "crawler/crawl.h"
#include "crawler/crawl_lock.h"
#include "crawler/crawl_report.h"
#include "crawler/replay.h"
#include "extract/extract.h"
#include "extract/extract_report.h"
#include "indexer/import_report.h"
#include "update/update.h"
#include "update/update_report.h"

namespace {

namespace crawler = gazette::crawler;

constexpr int kExitTempFail = 75;  // EX_TEMPFAIL (sysexits.h)

// Set by SIGINT/SIGTERM: the crawl stops starting fetches, finishes the running ones and exits.
std::atomic<bool> g_stop{false};

void on_stop_signal(int) { g_stop.store(true); }

crawler::CrawlOptions crawl_options(const gazette::Config& config, std::uint64_t max_pages) {
  if (config.crawl.seeds.empty()) {
    spdlog::info("no seeds in the configuration; crawling what the frontier holds");
  }
  crawler::CrawlOptions options;
  options.config = config;
  options.max_pages = max_pages;
  options.stop = &g_stop;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  return options;
}

int crawl(const gazette::Config& config, std::uint64_t max_pages) {
  const auto summary = crawler::run_crawl(crawl_options(config, max_pages));
  if (!summary) {
    spdlog::error("{}", summary.error().to_string());
    return 3;
  }
  fmt::print("{}{}", crawler::format_crawl_line(*summary), crawler::format_host_table(*summary));
  return 0;
}

int update(const gazette::Config& config) {
  const auto result = gazette::update::run_update(crawl_options(config, 0));
  if (!result) {
    spdlog::error("{}", result.error().to_string());
    if (result.error().kind == gazette::ErrorKind::kBusy) {
      spdlog::error("update refused: an update or crawl of {} is still running; nothing done",
                    config.data_dir);
      return kExitTempFail;
    }
    return 3;
  }
  fmt::print("{}", crawler::format_crawl_line(result->crawl));
  if (result->index_refused) {
    spdlog::warn("index step refused ({}); the next update indexes these articles",
                 result->index_refused->to_string());
  }
  fmt::print("{}", gazette::update::format_index_line(*result));
  if (result->index_refused) return kExitTempFail;
  return gazette::indexer::indexed_everything(*result->index) ? 0 : 1;
}

int add(const gazette::Config& config, const std::vector<std::string>& urls,
        const std::string& file) {
  if (urls.empty() && file.empty()) {
    spdlog::error("add: give URLs, or --file FILE (- for standard input)");
    return 2;
  }
  std::ifstream in;
  if (!file.empty() && file != "-") {
    in.open(file);
    if (!in) {
      spdlog::error("{}: cannot read", file);
      return 1;
    }
  }
  for (const auto& url : urls) {
    if (!crawler::seed_url(url)) {
      spdlog::error("{}: not an http(s) URL", url);
      return 2;
    }
  }
  std::istream* lines = file.empty() ? nullptr : file == "-" ? &std::cin : &in;
  // The arguments are good: what fails now is the data directory or its database.
  const auto queued = crawler::add_seeds(config, urls, lines, file);
  if (!queued) {
    spdlog::error("{}", queued.error().to_string());
    return 3;
  }
  fmt::print("{} seeds queued\n", *queued);
  return 0;
}

int replay(const gazette::Config& config, const std::vector<std::string>& args) {
  const auto files = crawler::warc_files(args);
  if (!files) {
    spdlog::error("{}", files.error().to_string());
    return 2;
  }
  crawler::ReplayOptions options;
  options.max_inflated = config.crawl.max_body_bytes;
  options.threads = config.crawl.extract_threads;
  const auto summary = crawler::replay_warcs(config.data_dir, *files, options);
  if (!summary) {
    spdlog::error("{}", summary.error().to_string());
    return 3;
  }
  fmt::print("{}", crawler::format_replay_report(*summary));
  return summary->errors.empty() ? 0 : 1;
}

struct ExtractArgs {
  std::string file;
  gazette::extract::ExtractOptions options;
  std::string fetched;
  bool json = false;
};

// Runs without a configuration or logger: it only reads the file and prints.
int extract(ExtractArgs args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "gazette-crawl: cannot read {}\n", args.file);
    return 1;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!args.fetched.empty()) {
    args.options.fetched = gazette::parse_iso8601(args.fetched);
    if (!args.options.fetched) {
      fmt::print(stderr, "gazette-crawl: --fetched: not an ISO 8601 date: {}\n", args.fetched);
      return 2;
    }
  }
  const auto result = gazette::extract::extract_article(bytes, args.options);
  for (const auto& w : result.warnings) fmt::print(stderr, "warning: {}\n", w);
  if (!args.json) {
    fmt::print("{}", gazette::extract::render_extract_text(result));
    return 0;
  }
  fmt::print("{}\n", gazette::to_json_line(result.article));
  if (!result.is_article) fmt::print(stderr, "not an article: {}\n", result.not_article_reason);
  return 0;
}

void add_startup_flags(CLI::App* cmd, gazette::StartupFlags& flags) {
  cmd->add_option("--config", flags.config_path, "Configuration file (TOML)");
  cmd->add_option("--data-dir", flags.data_dir,
                  "Data directory (crawl.sqlite, archive/, articles/)");
  cmd->add_option("--log-level", flags.log_level, "trace, debug, info, warn, error, critical, off");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Gazette crawler: fetch and clean news pages."};
  app.require_subcommand(1);

  ExtractArgs extract_args;
  CLI::App* extract_cmd =
      app.add_subcommand("extract", "Print what the cleaner makes of one saved HTML page");
  extract_cmd->add_option("file", extract_args.file, "The saved page (raw bytes)")->required();
  extract_cmd->add_option("--url", extract_args.options.url, "The URL the page came from");
  extract_cmd->add_option("--content-type", extract_args.options.content_type,
                          "The HTTP Content-Type header");
  extract_cmd->add_option("--fetched", extract_args.fetched, "Fetch time (ISO 8601); default now");
  extract_cmd->add_flag("--json", extract_args.json, "Print the article record as one JSON line");

  gazette::StartupFlags flags;
  std::uint64_t max_pages = 0;
  CLI::App* crawl_cmd = app.add_subcommand("crawl", "Crawl (or continue crawling) the seeds");
  add_startup_flags(crawl_cmd, flags);
  // CLI11 reads "-5" into a 64-bit unsigned as a huge number, that is, no limit: refuse it.
  crawl_cmd->add_option("--max-pages", max_pages, "Stop after this many page fetches (0: none)")
      ->check(CLI::Validator(
          [](const std::string& value) {
            return value.starts_with('-') ? std::string("must not be negative") : std::string();
          },
          "N>=0"));

  std::vector<std::string> add_urls;
  CLI::App* add_cmd = app.add_subcommand("add", "Add seed URLs to the frontier");
  add_startup_flags(add_cmd, flags);
  std::string add_file;
  add_cmd->add_option("urls", add_urls, "Home pages, feeds or sitemaps");
  add_cmd->add_option("--file", add_file, "Also add the URLs in FILE, one per line (- for stdin)");

  std::vector<std::string> replay_files;
  CLI::App* replay_cmd =
      app.add_subcommand("replay", "Extract articles again from archived pages (WARC)");
  add_startup_flags(replay_cmd, flags);
  replay_cmd
      ->add_option(
          "files", replay_files,
          "WARC files (.warc.gz or .warc), or directories of them (replayed in name order)")
      ->required();

  CLI::App* update_cmd = app.add_subcommand(
      "update", "One update cycle: crawl what is due, then index it (exit 75: already running)");
  add_startup_flags(update_cmd, flags);
  // Also before the subcommand, as the systemd unit and cron line write it:
  // gazette-crawl --config FILE update.
  add_startup_flags(&app, flags);

  if (const auto status = gazette::parse_command_line(app, argc, argv)) return *status;
  if (extract_cmd->parsed()) return extract(extract_args);
  const auto config = gazette::start_program("gazette-crawl", flags);
  if (!config) return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int status = 2;
  if (crawl_cmd->parsed()) status = crawl(*config, max_pages);
  if (add_cmd->parsed()) status = add(*config, add_urls, add_file);
  if (replay_cmd->parsed()) status = replay(*config, replay_files);
  if (update_cmd->parsed()) status = update(*config);
  curl_global_cleanup();
  return status;
}
