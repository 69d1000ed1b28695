// gazette-query: ranked search over a Gazette index from the command line.
// Exit status: 0 results found; 1 no results; 2 bad usage, configuration or query; 3 the index
// could not be opened or read.
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "common/config.h"
#include "common/logging.h"
#include "query/render.h"
#include "query/searcher.h"

int main(int argc, char** argv) {
  CLI::App app{"Search a Gazette news archive."};
  std::optional<std::string> config_path, data_dir, index_path, log_level, sort;
  std::optional<unsigned> per_page;
  unsigned page = 1;
  bool json = false;
  bool facets = false;
  std::vector<std::string> words;
  app.add_option("--config", config_path, "Configuration file (TOML)");
  app.add_option("--data-dir", data_dir, "Data directory (the index is DATA_DIR/index)");
  app.add_option("--index", index_path, "Index directory (overrides DATA_DIR/index)");
  app.add_option("--page", page, "Result page, from 1");
  app.add_option("--per-page", per_page, "Results per page");
  app.add_option("--sort", sort, "relevance, date or blend (relevance with recency)");
  app.add_flag("--json", json, "Print JSON for programs (with facets and suggestion)");
  app.add_flag("--facets", facets, "Count matches by site and month (always on with --json)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical, off");
  app.add_option("query", words, "The query (see docs/query-syntax.md)")->required();
  CLI11_PARSE(app, argc, argv);

  const auto config = gazette::configure(config_path, [&](gazette::Config& c) {
    if (data_dir) c.data_dir = *data_dir;
    if (log_level) c.log_level = *log_level;
    if (sort) c.query.sort = *sort;
    if (per_page) c.query.page_size = *per_page;
  });
  if (!config) {
    std::fprintf(stderr, "gazette-query: %s\n", config.error().to_string().c_str());
    return 2;
  }
  if (auto ok = gazette::setup_logging(config->log_level); !ok) return 2;

  auto searcher = gazette::query::Searcher::open(index_path.value_or(config->data_dir + "/index"),
                                                 config->query);
  if (!searcher) {
    spdlog::error("{}", searcher.error().to_string());
    return 3;
  }
  gazette::query::SearchRequest request;
  request.query = fmt::format("{}", fmt::join(words, " "));
  request.page = page;
  request.per_page = config->query.page_size;
  request.sort = *gazette::query::sort_order_from_string(config->query.sort);
  request.facets = json || facets;
  const auto response = searcher->search(request);
  if (!response) {
    spdlog::error("{}", response.error().message);
    return response.error().kind == gazette::query::SearchError::Kind::kBadQuery ? 2 : 3;
  }
  const std::string out =
      json ? gazette::query::render_json(request, *response) + "\n"
           : gazette::query::render_text(request, *response, isatty(STDOUT_FILENO) == 1);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return response->hits.empty() ? 1 : 0;
}
