// The HTTP/1.1 transport under the search frontend: connections, request heads, limits and
// shutdown, on libmicrohttpd. One event thread (epoll) reads every connection; a request whose
// head is complete is handed to a pool of worker threads, so a connection that is idle, slow or
// silent costs a socket and a little memory, never a thread. Handlers see only HttpRequest and
// HttpResponse; routing and rendering live in http_server.cc.
//
// What a hostile client meets (HttpLimits, the [serve] section of the configuration):
//   - connections beyond max_connections, or beyond max_connections_per_client from one
//     address, are closed as soon as they are accepted;
//   - a request head (request line and headers) must arrive within head_timeout_seconds of the
//     connection opening or the previous response ending, however slowly its bytes trickle in;
//     otherwise the connection is closed;
//   - a kept-alive connection idle for idle_timeout_seconds is closed;
//   - a head larger than max_head_kib, or with more than max_headers fields, is answered 431
//     (too long a request line: 414) without reaching a handler; a body (only other methods
//     have one) of more than 64 KiB closes the connection;
//   - a request whose client has hung up while it waited for a worker is dropped unanswered.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/error.h"

namespace gazette::query {

struct HttpRequest {
  std::string method;
  std::string path;    // decoded, without the query string
  std::string target;  // as received (path and query string), for the access log
  std::multimap<std::string, std::string> params;  // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;
  std::string remote_addr;
  // True once the client has closed its end (or reset the connection): its answer would be
  // lost, so expensive work may be skipped. Cheap (one non-blocking peek); thread-safe.
  std::function<bool()> client_gone = [] { return false; };

  // The first header of that name (ASCII case-insensitive), or "".
  [[nodiscard]] std::string get_header_value(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Drop the connection without an answer (the client is gone).
  bool abandon = false;

  void set_header(std::string name, std::string value);
  void set_content(std::string content, std::string content_type);
};

struct TransportOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  unsigned threads = 64;  // worker threads: requests handled at once
  HttpLimits limits;
  // Added to every response, including the transport's own refusals.
  std::vector<std::pair<std::string, std::string>> default_headers;
};

// Not copyable or movable. The handler runs on the worker threads, several at once; it must
// not throw. start() and stop() may be called from any thread, once each.
class HttpTransport {
 public:
  using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;

  HttpTransport(TransportOptions options, Handler handler);
  ~HttpTransport();  // stop()s
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Binds and starts serving; returns the port (the one picked when options.port is 0). Fails
  // naming the address when it cannot listen there.
  [[nodiscard]] Expected<int> start();

  // "HOST:PORT" as bound ("[IPV6]:PORT"), for absolute links; set before the first request.
  [[nodiscard]] const std::string& address() const;

  // Stops accepting at once; requests whose head has arrived get up to
  // limits.shutdown_seconds to be answered and sent (a search already running is always let
  // finish: searches are bounded by their own time limit), then every connection is closed
  // and the threads joined. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::query
