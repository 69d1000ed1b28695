#include "query/http_server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <thread>

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "common/utf8.h"
#include "query/feeds.h"
#include "query/html_page.h"
#include "query/http_metrics.h"
#include "query/render.h"
#include "query/searcher_pool.h"
#include "query/web_query.h"

namespace gazette::query {
namespace {

// No script at all; the stylesheet only from /style.css; forms only to ourselves; no framing.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kJson = "application/json";

// A kept-alive connection holds a worker thread: bound how long an idle one may keep it, and
// how long a client may take to send a request or read a response.
constexpr time_t kKeepAliveSeconds = 5;
constexpr std::size_t kKeepAliveRequests = 1000;
constexpr time_t kReadTimeoutSeconds = 10;
constexpr time_t kWriteTimeoutSeconds = 10;

// The routes, also the label values of the metrics (anything else is "other").
constexpr std::string_view kRoutes[] = {
    "/", "/api/search", "/search.atom", "/opensearch.xml", "/style.css", "/healthz", "/metrics"};

std::string_view route_label(const std::string& path) {
  for (const auto route : kRoutes) {
    if (path == route) return route;
  }
  return "other";
}

// httplib has no per-request slot for our data, and a request runs from pre-routing to the
// logger on one worker thread, so its start time is kept per thread. Unset (zero) for a request
// httplib refused before routing (malformed, too long): its time is not measured.
thread_local std::chrono::steady_clock::time_point request_start;

// The request target for the access log: bounded, and without control characters so a
// request cannot forge log lines.
std::string loggable(std::string_view text) {
  std::string out(truncate_utf8(text, 300));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  if (out.size() < text.size()) out += "...";
  return out;
}

std::string json_error(int status, std::string_view message) {
  const nlohmann::json body = {{"error", {{"status", status}, {"message", message}}}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Our own address for absolute links (Atom, OpenSearch): the Host header when it is a plain
// host[:port], else the listening address.
std::string base_url(const httplib::Request& req, const std::string& fallback) {
  const std::string host = req.get_header_value("Host");
  const bool plain =
      !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
               c == '[' || c == ']';
      });
  return "http://" + (plain ? host : fallback);
}

// The query text to show again in a form: only when it is valid UTF-8 and within bounds.
std::string_view showable_query(const httplib::Request& req, const QueryConfig& config) {
  const auto it = req.params.find("q");
  if (it == req.params.end()) return {};
  const std::string& q = it->second;
  if (q.size() > config.max_query_bytes || first_invalid_utf8(q)) return {};
  return q;
}

}  // namespace

Expected<std::pair<std::string, int>> parse_listen_address(std::string_view text) {
  std::string_view host, port;
  if (text.starts_with('[')) {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return fail(std::string(text), "expected [IPV6]:PORT");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) {
      return fail(std::string(text), "expected HOST:PORT (or [IPV6]:PORT)");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  int number = -1;
  const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (host.empty() || ec != std::errc() || ptr != port.data() + port.size() || number < 0 ||
      number > 65535) {
    return fail(std::string(text), "expected HOST:PORT with a port from 0 to 65535");
  }
  return std::pair<std::string, int>(std::string(host), number);
}

struct HttpServer::Impl {
  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        pool(options.index_path, options.query, options.refresh_interval,
             options.max_searches != 0 ? options.max_searches
                                       : 2 * std::max(1u, std::thread::hardware_concurrency())) {}

  void install_routes();
  void search_page(const httplib::Request& req, httplib::Response& res);
  void search_api(const httplib::Request& req, httplib::Response& res);
  void search_atom(const httplib::Request& req, httplib::Response& res);
  void healthz(httplib::Response& res);
  void metrics_page(httplib::Response& res);
  void log_request(const httplib::Request& req, const httplib::Response& res);

  // Runs a search on a borrowed searcher. On failure, the HTTP status (400 or 503) and message.
  struct Failure {
    int status;
    std::string message;
  };
  tl::expected<SearchResponse, Failure> search(const SearchRequest& request);

  ServerOptions options;
  SearcherPool pool;
  HttpMetrics metrics;
  httplib::Server server;
  std::thread listener;
  std::string listen_address;  // host:port as bound, for absolute links
  std::atomic<bool> listen_returned = false;
  bool started = false;
  bool stopped = false;
};

tl::expected<SearchResponse, HttpServer::Impl::Failure> HttpServer::Impl::search(
    const SearchRequest& request) {
  auto lease = pool.acquire();
  // The reason (with the index path) is for the operator: /healthz and the startup log.
  if (!lease) return tl::unexpected(Failure{503, "the index is unavailable; try again later"});
  auto response = (*lease)->search(request);
  if (response) return std::move(*response);
  if (response.error().kind == SearchError::Kind::kBadQuery) {
    return tl::unexpected(Failure{400, response.error().message});
  }
  lease->discard();  // its database handle is broken: the next request opens a fresh one
  spdlog::error("{}", response.error().message);
  return tl::unexpected(Failure{503, "the index is unavailable; try again later"});
}

void HttpServer::Impl::search_page(const httplib::Request& req, httplib::Response& res) {
  auto query = parse_web_query(req.params, options.query);
  if (!query) {
    res.status = 400;
    res.set_content(render_error_page(showable_query(req, options.query), query.error()), kHtml);
    return;
  }
  if (query->request.query.empty()) {
    res.set_content(render_home_page(), kHtml);
    return;
  }
  query->request.facets = true;
  const auto response = search(query->request);
  if (!response) {
    res.status = response.error().status;
    res.set_content(render_error_page(showable_query(req, options.query), response.error().message),
                    kHtml);
    return;
  }
  res.set_content(render_results_page(*query, *response), kHtml);
}

void HttpServer::Impl::search_api(const httplib::Request& req, httplib::Response& res) {
  auto query = parse_web_query(req.params, options.query);
  if (!query) {
    res.status = 400;
    res.set_content(json_error(400, query.error()), kJson);
    return;
  }
  const auto response = search(query->request);
  if (!response) {
    res.status = response.error().status;
    res.set_content(json_error(res.status, response.error().message), kJson);
    return;
  }
  res.set_content(render_json(query->request, *response), kJson);
}

void HttpServer::Impl::search_atom(const httplib::Request& req, httplib::Response& res) {
  auto query = parse_web_query(req.params, options.query);
  std::string error;
  if (!query) {
    res.status = 400;
    error = query.error();
  } else {
    // A feed lists what is new: newest first, whatever the default order.
    query->request.sort = SortOrder::kDate;
    query->sort_given = true;
    query->request.facets = false;
    const auto response = search(query->request);
    if (response) {
      res.set_content(render_atom_feed(*query, *response, base_url(req, listen_address),
                                       format_iso8601(DateTime{now_unix_seconds(), 0})),
                      "application/atom+xml; charset=utf-8");
      return;
    }
    res.status = response.error().status;
    error = response.error().message;
  }
  res.set_content(error + "\n", "text/plain; charset=utf-8");
}

void HttpServer::Impl::healthz(httplib::Response& res) {
  nlohmann::json body;
  if (auto lease = pool.acquire()) {
    const std::string last_update = (*lease)->last_update();
    body = {{"status", "ok"},
            {"index_open", true},
            {"documents", (*lease)->document_count()},
            {"last_update",
             last_update.empty() ? nlohmann::json(nullptr) : nlohmann::json(last_update)}};
  } else {
    res.status = 503;
    body = {{"status", "unavailable"}, {"index_open", false}, {"error", lease.error().to_string()}};
  }
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void HttpServer::Impl::metrics_page(httplib::Response& res) {
  std::int64_t documents = -1;
  if (auto lease = pool.acquire())
    documents = static_cast<std::int64_t>((*lease)->document_count());
  res.set_content(metrics.prometheus_text(documents), "text/plain; version=0.0.4; charset=utf-8");
}

void HttpServer::Impl::log_request(const httplib::Request& req, const httplib::Response& res) {
  const double seconds =
      request_start == std::chrono::steady_clock::time_point()
          ? 0.0
          : std::chrono::duration<double>(std::chrono::steady_clock::now() - request_start).count();
  request_start = {};
  const std::string_view route = route_label(req.path);
  metrics.record(route, res.status, seconds);
  spdlog::info("{} \"{} {}\" {} {} {:.2f}ms", req.remote_addr, loggable(req.method),
               loggable(req.target), res.status, res.body.size(), seconds * 1000);
}

void HttpServer::Impl::install_routes() {
  server.new_task_queue = [n = options.threads] { return new httplib::ThreadPool(n); };
  server.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"}});
  server.set_keep_alive_timeout(kKeepAliveSeconds);
  server.set_keep_alive_max_count(kKeepAliveRequests);
  server.set_read_timeout(kReadTimeoutSeconds);
  server.set_write_timeout(kWriteTimeoutSeconds);
  server.set_payload_max_length(std::size_t{64} *
                                1024);  // GET and HEAD carry no body; others get 405
  server.set_tcp_nodelay(true);

  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    request_start = std::chrono::steady_clock::now();
    if (req.method == "GET" || req.method == "HEAD")
      return httplib::Server::HandlerResponse::Unhandled;
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
    res.set_content(json_error(405, "only GET and HEAD are allowed"), kJson);
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) { log_request(req, res); });
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          spdlog::error("request failed: {}", e.what());
        } catch (...) {
          spdlog::error("request failed");
        }
        res.status = 500;
        res.set_content(json_error(500, "internal error"), kJson);
      });

  server.Get("/", [this](const auto& req, auto& res) { search_page(req, res); });
  server.Get("/api/search", [this](const auto& req, auto& res) { search_api(req, res); });
  server.Get("/search.atom", [this](const auto& req, auto& res) { search_atom(req, res); });
  server.Get("/opensearch.xml", [this](const auto& req, auto& res) {
    res.set_content(render_opensearch(base_url(req, listen_address)),
                    "application/opensearchdescription+xml; charset=utf-8");
  });
  server.Get("/style.css", [](const auto&, auto& res) {
    res.set_header("Cache-Control", "max-age=3600");
    res.set_content(std::string(stylesheet()), "text/css; charset=utf-8");
  });
  server.Get("/healthz", [this](const auto&, auto& res) { healthz(res); });
  server.Get("/metrics", [this](const auto&, auto& res) { metrics_page(res); });
  server.Get(".*", [](const auto& req, auto& res) {
    res.status = 404;
    if (req.path.starts_with("/api/")) {
      res.set_content(json_error(404, "no such endpoint"), kJson);
    } else {
      res.set_content(render_error_page("", "There is no page here."), kHtml);
    }
  });
}

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->install_routes();
}

HttpServer::~HttpServer() { stop(); }

Expected<int> HttpServer::start() {
  Impl& s = *impl_;
  const std::string where = fmt::format("{}:{}", s.options.host, s.options.port);
  int port = s.options.port;
  if (port == 0) {
    port = s.server.bind_to_any_port(s.options.host);
    if (port < 0) return fail(where, "cannot listen here");
  } else if (!s.server.bind_to_port(s.options.host, port)) {
    return fail(where, "cannot listen here (in use, or not an address of this machine)");
  }
  const bool ipv6 = s.options.host.find(':') != std::string::npos;
  s.listen_address = ipv6 ? fmt::format("[{}]:{}", s.options.host, port)
                          : fmt::format("{}:{}", s.options.host, port);
  if (auto lease = s.pool.acquire(); !lease) {
    spdlog::warn("{} (searches answer 503 until it exists)", lease.error().to_string());
  }
  s.listener = std::thread([&s] {
    s.server.listen_after_bind();
    s.listen_returned = true;
  });
  // stop() only works once the accept loop runs: wait for it (microseconds).
  while (!s.server.is_running() && !s.listen_returned) std::this_thread::yield();
  s.started = true;
  return port;
}

void HttpServer::stop() {
  Impl& s = *impl_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  s.server.stop();
  s.listener.join();  // listen_after_bind returns once the worker threads have finished
}

}  // namespace gazette::query
