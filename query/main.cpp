// gazette-query: ranked search over a Gazette index from the command line, or
// `gazette-query serve`: the same search over HTTP (query/http_server.h).
// Exit status: 0 results found (serve: stopped by SIGTERM or SIGINT); 1 no results; 2 bad usage,
// configuration or query; 3 the index could not be opened or read (serve: cannot listen).
#include <pthread.h>
#include <unistd.h>

#include <csignal>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "common/startup.h"
#include "query/http_server.h"
#include "query/render.h"
#include "query/searcher.h"

namespace {

// Serves until SIGTERM or SIGINT, then lets requests in flight finish. The signals are blocked
// in every thread (the server's threads inherit the mask) and taken here by sigwait, so no
// handler runs in the middle of a request.
int serve(gazette::query::ServerOptions options) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up is an error value, not a signal

  const std::string host = options.host.find(':') == std::string::npos
                               ? options.host
                               : "[" + options.host + "]";  // an IPv6 address in a URL
  gazette::query::HttpServer server(std::move(options));
  const auto port = server.start();
  if (!port) {
    spdlog::error("{}", port.error().to_string());
    return 3;
  }
  spdlog::info("listening on port {}: http://{}:{}/", *port, host, *port);
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("{}: finishing requests in flight", strsignal(received));
  server.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Search a Gazette news archive."};
  gazette::StartupFlags flags;
  std::optional<std::string> index_path, sort;
  std::optional<unsigned> per_page;
  unsigned page = 1;
  bool json = false;
  bool facets = false;
  std::vector<std::string> words;
  app.add_option("--config", flags.config_path, "Configuration file (TOML)");
  app.add_option("--data-dir", flags.data_dir, "Data directory (the index is DATA_DIR/index)");
  app.add_option("--index", index_path, "Index directory (overrides DATA_DIR/index)");
  app.add_option("--page", page, "Result page, from 1");
  app.add_option("--per-page", per_page, "Results per page");
  app.add_option("--sort", sort, "relevance, date or blend (relevance with recency)");
  app.add_flag("--json", json, "Print JSON for programs (with facets and suggestion)");
  app.add_flag("--facets", facets, "Count matches by site and month (always on with --json)");
  app.add_option("--log-level", flags.log_level, "trace, debug, info, warn, error, critical, off");
  app.add_option("query", words, "The query (see docs/query-syntax.md)");
  std::optional<std::string> listen;
  std::optional<unsigned> threads;
  auto* serve_command = app.add_subcommand(
      "serve", "Serve the search over HTTP (search page, JSON API, Atom feeds; docs/api.md)");
  serve_command->add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve_command->add_option("--threads", threads, "Worker threads (connections served at once)");
  if (const auto status = gazette::parse_command_line(app, argc, argv)) return *status;
  if (!serve_command->parsed() && words.empty()) {
    fmt::print(stderr, "gazette-query: a query is required (or: gazette-query serve)\n");
    return 2;
  }

  const auto config = gazette::start_program("gazette-query", flags, [&](gazette::Config& c) {
    if (sort) c.query.sort = *sort;
    if (per_page && serve_command->parsed()) c.query.page_size = *per_page;  // the default there
    if (listen) c.serve.listen = *listen;
    if (threads) c.serve.threads = *threads;
  });
  if (!config) return 2;

  const std::string index = index_path.value_or(config->data_dir + "/index");
  if (serve_command->parsed()) {
    const auto address = gazette::query::parse_listen_address(config->serve.listen);
    if (!address) {
      spdlog::error("serve.listen: {}", address.error().to_string());
      return 2;
    }
    gazette::query::ServerOptions options;
    options.host = address->first;
    options.port = address->second;
    options.threads = config->serve.threads;
    options.limits = config->serve.limits;
    options.index_path = index;
    options.query = config->query;
    return serve(std::move(options));
  }
  auto searcher = gazette::query::Searcher::open(index, config->query);
  if (!searcher) {
    spdlog::error("{}", searcher.error().to_string());
    return 3;
  }
  gazette::query::SearchRequest request;
  request.query = fmt::format("{}", fmt::join(words, " "));
  request.page = page;
  request.per_page = per_page.value_or(config->query.page_size);
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
  fmt::print("{}", out);
  return response->hits.empty() ? 1 : 0;
}
