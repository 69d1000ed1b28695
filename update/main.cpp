// gazette-crawl: fetching and cleaning news pages. Each subcommand is one function over the
// crawler library: crawl, add, replay, extract, and update (crawl then index, under a lock).
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
#include <optional>
#include <string>

#include <curl/curl.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "common/article.h"
#include "common/config.h"
#include "common/logging.h"
#include "common/time.h"
#include "crawler/crawl.h"
#include "crawler/crawl_lock.h"
#include "crawler/replay.h"
#include "extract/extract.h"
#include "update/update.h"

namespace {

constexpr int kExitTempFail = 75;  // EX_TEMPFAIL (sysexits.h)

// Set by SIGINT/SIGTERM: the crawl stops starting fetches, finishes the running ones and exits.
std::atomic<bool> g_stop{false};

void on_stop_signal(int) { g_stop.store(true); }

struct CommonArgs {
  std::optional<std::string> config_path, data_dir, log_level;
};

void add_common(CLI::App* cmd, CommonArgs& args) {
  cmd->add_option("--config", args.config_path, "Configuration file (TOML)");
  cmd->add_option("--data-dir", args.data_dir,
                  "Data directory (crawl.sqlite, archive/, articles/)");
  cmd->add_option("--log-level", args.log_level, "trace, debug, info, warn, error, critical, off");
}

std::optional<gazette::Config> load(const CommonArgs& args) {
  const auto config = gazette::configure(args.config_path, [&](gazette::Config& c) {
    if (args.data_dir) c.data_dir = *args.data_dir;
    if (args.log_level) c.log_level = *args.log_level;
  });
  if (!config) {
    std::fprintf(stderr, "gazette-crawl: %s\n", config.error().to_string().c_str());
    return std::nullopt;
  }
  if (auto ok = gazette::setup_logging(config->log_level); !ok) {
    std::fprintf(stderr, "gazette-crawl: %s\n", ok.error().to_string().c_str());
    return std::nullopt;
  }
  return *config;
}

void print_counts_row(const std::string& name, const gazette::crawler::HostCounts& c) {
  std::printf(
      "| %s | %llu | %llu | %llu | %llu | %llu | %llu |\n", name.c_str(),
      static_cast<unsigned long long>(c.fetched), static_cast<unsigned long long>(c.articles),
      static_cast<unsigned long long>(c.not_modified), static_cast<unsigned long long>(c.retried),
      static_cast<unsigned long long>(c.errors), static_cast<unsigned long long>(c.disallowed));
}

gazette::crawler::CrawlOptions crawl_options(const gazette::Config& config,
                                             std::uint64_t max_pages) {
  if (config.crawl.seeds.empty()) {
    spdlog::info("no seeds in the configuration; crawling what the frontier holds");
  }
  gazette::crawler::CrawlOptions options;
  options.config = config;
  options.max_pages = max_pages;
  options.stop = &g_stop;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  return options;
}

void print_crawl_line(const gazette::crawler::CrawlSummary& s) {
  std::printf(
      "crawl %s in %.1f s: %llu due, %llu fetched (%.1f pages/s), %llu articles (%llu revised), "
      "%llu unchanged, %llu not modified, %llu failed, %llu new URLs, %llu queued\n",
      s.finished ? "finished" : "stopped", s.seconds,
      static_cast<unsigned long long>(s.revisits_due),
      static_cast<unsigned long long>(s.total.fetched),
      s.seconds > 0 ? static_cast<double>(s.total.fetched) / s.seconds : 0.0,
      static_cast<unsigned long long>(s.total.articles),
      static_cast<unsigned long long>(s.total.revised),
      static_cast<unsigned long long>(s.total.unchanged),
      static_cast<unsigned long long>(s.total.not_modified),
      static_cast<unsigned long long>(s.total.errors),
      static_cast<unsigned long long>(s.urls_added),
      static_cast<unsigned long long>(s.queued_left));
}

int run_crawl_command(const CommonArgs& args, std::uint64_t max_pages) {
  const auto config = load(args);
  if (!config) return 2;
  const auto summary = gazette::crawler::run_crawl(crawl_options(*config, max_pages));
  if (!summary) {
    spdlog::error("{}", summary.error().to_string());
    return 3;
  }
  const auto& s = *summary;
  print_crawl_line(s);
  std::printf("\n");
  std::printf("| host | fetched | articles | not modified | retried | failed | disallowed |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& [name, counts] : s.hosts) print_counts_row(name, counts);
  print_counts_row("total", s.total);
  return 0;
}

int run_update_command(const CommonArgs& args) {
  const auto config = load(args);
  if (!config) return 2;
  const auto result = gazette::update::run_update(crawl_options(*config, 0));
  if (!result) {
    spdlog::error("{}", result.error().to_string());
    if (result.error().kind == gazette::ErrorKind::kBusy) {
      spdlog::error("update refused: an update or crawl of {} is still running; nothing done",
                    config->data_dir);
      return kExitTempFail;
    }
    return 3;
  }
  print_crawl_line(result->crawl);
  if (result->index_refused) {
    spdlog::warn("index step refused ({}); the next update indexes these articles",
                 result->index_refused->to_string());
    std::printf("index refused: another writer (a rebuild?) holds the index\n");
    return kExitTempFail;
  }
  const auto& i = *result->index;
  std::printf("index: %zu added, %zu replaced, %zu rejected, %zu unreadable inputs in %.2f s\n",
              i.added, i.replaced, i.rejected, i.unreadable.size(), i.seconds);
  return i.rejected == 0 && i.unreadable.empty() ? 0 : 1;
}

int run_add_command(const CommonArgs& args, const std::vector<std::string>& urls,
                    const std::string& file) {
  const auto config = load(args);
  if (!config) return 2;
  if (urls.empty() && file.empty()) {
    spdlog::error("add: give URLs, or --file FILE (- for standard input)");
    return 2;
  }
  std::ifstream in;
  std::istream* lines = nullptr;
  if (file == "-") {
    lines = &std::cin;
  } else if (!file.empty()) {
    in.open(file);
    if (!in) {
      spdlog::error("{}: cannot read", file);
      return 1;
    }
    lines = &in;
  }
  const auto queued = gazette::crawler::add_seeds(*config, urls, lines, file);
  if (!queued) {
    spdlog::error("{}", queued.error().to_string());
    return queued.error().where == config->data_dir ? 3 : 2;
  }
  std::printf("%zu seeds queued\n", *queued);
  return 0;
}

int run_replay_command(const CommonArgs& args, const std::vector<std::string>& files) {
  const auto config = load(args);
  if (!config) return 2;
  const auto summary = gazette::crawler::replay_warcs(config->data_dir, files);
  if (!summary) {
    spdlog::error("{}", summary.error().to_string());
    return 3;
  }
  std::printf("replay: %llu records, %llu responses, %llu articles, %zu bad files\n",
              static_cast<unsigned long long>(summary->records),
              static_cast<unsigned long long>(summary->responses),
              static_cast<unsigned long long>(summary->articles), summary->errors.size());
  return summary->errors.empty() ? 0 : 1;
}

struct ExtractArgs {
  std::string file;
  std::string url;
  std::string content_type;
  std::string fetched;
  bool json = false;
};

void print_human(const gazette::extract::ExtractResult& r) {
  const gazette::Article& a = r.article;
  std::string authors;
  for (const auto& name : a.authors) authors += (authors.empty() ? "" : "; ") + name;
  std::printf("title:       %s (%s)\n", a.title.c_str(), r.title_source.c_str());
  std::printf("url:         %s\n", a.url.c_str());
  std::printf("canonical:   %s\n", a.canonical_url.c_str());
  std::printf("site:        %s (%s)\n", a.site.c_str(), r.site_name.c_str());
  std::printf("authors:     %s\n", authors.c_str());
  std::printf("published:   %s (%s)\n",
              a.published ? gazette::format_iso8601(*a.published).c_str() : "",
              std::string(gazette::to_string(a.published_source)).c_str());
  std::printf("modified:    %s\n", a.modified ? gazette::format_iso8601(*a.modified).c_str() : "");
  std::printf("language:    %s (%s)\n", a.language.c_str(), r.language_source.c_str());
  std::printf("section:     %s\n", a.section.c_str());
  std::string tags;
  for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t;
  std::printf("tags:        %s\n", tags.c_str());
  std::printf("description: %s\n", a.description.c_str());
  std::printf("charset:     %s (%s)\n", r.charset.c_str(), r.charset_source.c_str());
  std::printf("article:     %s%s%s\n", r.is_article ? "yes" : "no", r.is_article ? "" : " - ",
              r.not_article_reason.c_str());
  std::printf("links:       %zu (base %s)\n", r.links.size(), r.base_href.c_str());
  for (const auto& feed : r.feed_links) std::printf("feed:        %s\n", feed.c_str());
  for (const auto& w : r.warnings) std::printf("warning:     %s\n", w.c_str());
  std::printf("text (%s):\n\n%s\n", r.text_source.c_str(), a.text.c_str());
}

int run_extract(const ExtractArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "gazette-crawl: cannot read %s\n", args.file.c_str());
    return 1;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gazette::extract::ExtractOptions options;
  options.url = args.url;
  options.content_type = args.content_type;
  if (!args.fetched.empty()) {
    options.fetched = gazette::parse_iso8601(args.fetched);
    if (!options.fetched) {
      std::fprintf(stderr, "gazette-crawl: --fetched: not an ISO 8601 date: %s\n",
                   args.fetched.c_str());
      return 2;
    }
  }
  const gazette::extract::ExtractResult result = gazette::extract::extract_article(bytes, options);
  for (const auto& w : result.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (args.json) {
    std::printf("%s\n", gazette::to_json_line(result.article).c_str());
    if (!result.is_article) {
      std::fprintf(stderr, "not an article: %s\n", result.not_article_reason.c_str());
    }
  } else {
    print_human(result);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Gazette crawler: fetch and clean news pages."};
  app.require_subcommand(1);

  ExtractArgs extract;
  CLI::App* extract_cmd =
      app.add_subcommand("extract", "Print what the cleaner makes of one saved HTML page");
  extract_cmd->add_option("file", extract.file, "The saved page (raw bytes)")->required();
  extract_cmd->add_option("--url", extract.url, "The URL the page came from");
  extract_cmd->add_option("--content-type", extract.content_type, "The HTTP Content-Type header");
  extract_cmd->add_option("--fetched", extract.fetched, "Fetch time (ISO 8601); default now");
  extract_cmd->add_flag("--json", extract.json, "Print the article record as one JSON line");

  CommonArgs common;
  std::uint64_t max_pages = 0;
  CLI::App* crawl_cmd = app.add_subcommand("crawl", "Crawl (or continue crawling) the seeds");
  add_common(crawl_cmd, common);
  crawl_cmd->add_option("--max-pages", max_pages, "Stop after this many page fetches (0: none)");

  std::vector<std::string> add_urls;
  CLI::App* add_cmd = app.add_subcommand("add", "Add seed URLs to the frontier");
  add_common(add_cmd, common);
  std::string add_file;
  add_cmd->add_option("urls", add_urls, "Home pages, feeds or sitemaps");
  add_cmd->add_option("--file", add_file, "Also add the URLs in FILE, one per line (- for stdin)");

  std::vector<std::string> replay_files;
  CLI::App* replay_cmd =
      app.add_subcommand("replay", "Extract articles again from archived pages (WARC)");
  add_common(replay_cmd, common);
  replay_cmd->add_option("files", replay_files, "WARC files (.warc.gz or .warc)")->required();

  CLI::App* update_cmd = app.add_subcommand(
      "update", "One update cycle: crawl what is due, then index it (exit 75: already running)");
  add_common(update_cmd, common);
  // Also before the subcommand, as the systemd unit and cron line write it:
  // gazette-crawl --config FILE update.
  add_common(&app, common);

  CLI11_PARSE(app, argc, argv);
  if (extract_cmd->parsed()) return run_extract(extract);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int status = 2;
  if (crawl_cmd->parsed()) status = run_crawl_command(common, max_pages);
  if (add_cmd->parsed()) status = run_add_command(common, add_urls, add_file);
  if (replay_cmd->parsed()) status = run_replay_command(common, replay_files);
  if (update_cmd->parsed()) status = run_update_command(common);
  curl_global_cleanup();
  return status;
}
