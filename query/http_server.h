// gazette-query serve: the HTTP frontend. Routes (GET and HEAD only; anything else is 405):
//   /                 search page (HTML; ?q=&page=&per_page=&sort=&site=&from=&to=)
//   /api/search       the same search as JSON (docs/api.md); 400 bad query, 503 no index
//   /search.atom      the search as an Atom feed, newest first
//   /opensearch.xml   OpenSearch description, /style.css the page's stylesheet
//   /healthz          index open, document count, last update (JSON; 503 when unavailable)
//   /metrics          Prometheus text: requests by route and status, latency, index documents
// Every response carries Content-Security-Policy and X-Content-Type-Options: nosniff. Each
// request is logged (spdlog, one line). Worker threads borrow searchers from a SearcherPool,
// so the index is reopened when it changes, without a restart.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "common/config.h"
#include "common/error.h"

namespace gazette::query {

struct ServerOptions {
  // Address to listen on; port 0 picks a free port (start() returns it).
  std::string host = "127.0.0.1";
  int port = 8080;
  // Worker threads: requests handled at once (see ServeConfig).
  unsigned threads = 64;
  // What one client may cost (connections, deadlines, request head size, shutdown).
  HttpLimits limits;
  // The index to search (a Xapian database directory or stub), opened read-only.
  std::string index_path;
  QueryConfig query;
  // Searches running at once (others wait their turn); 0: two per core.
  unsigned max_searches = 0;
  // How stale a searcher may get before it checks for a newer index revision.
  std::chrono::milliseconds refresh_interval{200};
};

// Splits "HOST:PORT" or "[IPV6]:PORT". Fails naming the text when malformed or the port is not
// 0..65535.
[[nodiscard]] Expected<std::pair<std::string, int>> parse_listen_address(std::string_view text);

// Not copyable or movable; start() and stop() may be called from any thread, once each.
class HttpServer {
 public:
  explicit HttpServer(ServerOptions options);
  ~HttpServer();  // stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on background threads; returns the port. Fails naming the address
  // when it cannot be bound. A missing index is not an error: requests get 503 until it exists.
  [[nodiscard]] Expected<int> start();

  // Stops accepting connections, gives requests already received limits.shutdown_seconds to
  // finish, closes the rest, and joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::query
