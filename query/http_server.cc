#include "query/http_server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <thread>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "common/utf8.h"
#include "query/feeds.h"
#include "query/html_page.h"
#include "query/http_metrics.h"
#include "query/http_transport.h"
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

// The routes, also the label values of the metrics (anything else is "other").
constexpr std::string_view kRoutes[] = {
    "/", "/api/search", "/search.atom", "/opensearch.xml", "/style.css", "/healthz", "/metrics"};

std::string_view route_label(const std::string& path) {
  for (const auto route : kRoutes) {
    if (path == route) return route;
  }
  return "other";
}

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
std::string base_url(const HttpRequest& req, const std::string& fallback) {
  const std::string host = req.get_header_value("Host");
  const bool plain =
      !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
               c == '[' || c == ']';
      });
  return "http://" + (plain ? host : fallback);
}

// The query text to show again in a form: only when it is valid UTF-8 and within bounds.
std::string_view showable_query(const HttpRequest& req, const QueryConfig& config) {
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
                                       : 2 * std::max(1u, std::thread::hardware_concurrency())),
        transport(transport_options(options),
                  [this](const HttpRequest& req, HttpResponse& res) { handle(req, res); }) {}

  static TransportOptions transport_options(const ServerOptions& options) {
    return {.host = options.host,
            .port = options.port,
            .threads = options.threads,
            .limits = options.limits,
            .default_headers = {{"Content-Security-Policy", kContentSecurityPolicy},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Referrer-Policy", "no-referrer"}}};
  }

  void handle(const HttpRequest& req, HttpResponse& res);
  void route(const HttpRequest& req, HttpResponse& res);
  void search_page(const HttpRequest& req, HttpResponse& res);
  void search_api(const HttpRequest& req, HttpResponse& res);
  void search_atom(const HttpRequest& req, HttpResponse& res);
  void healthz(HttpResponse& res);
  void metrics_page(HttpResponse& res);
  void log_request(const HttpRequest& req, const HttpResponse& res, double seconds);

  // Runs a search on a borrowed searcher. On failure, the HTTP status (400 or 503) and message;
  // status 0 when the client left while the search waited for its turn (nothing to answer).
  struct Failure {
    int status;
    std::string message;
  };
  tl::expected<SearchResponse, Failure> search(const HttpRequest& req,
                                               const SearchRequest& request);

  ServerOptions options;
  SearcherPool pool;
  HttpMetrics metrics;
  HttpTransport transport;
};

tl::expected<SearchResponse, HttpServer::Impl::Failure> HttpServer::Impl::search(
    const HttpRequest& req, const SearchRequest& request) {
  auto lease = pool.acquire();
  // The reason (with the index path) is for the operator: /healthz and the startup log.
  if (!lease) return tl::unexpected(Failure{503, "the index is unavailable; try again later"});
  // Searches wait for their turn: one whose client has gone since is not worth running.
  if (req.client_gone()) return tl::unexpected(Failure{0, "the client has gone"});
  auto response = (*lease)->search(request);
  if (response) return std::move(*response);
  if (response.error().kind == SearchError::Kind::kBadQuery) {
    return tl::unexpected(Failure{400, response.error().message});
  }
  lease->discard();  // its database handle is broken: the next request opens a fresh one
  spdlog::error("{}", response.error().message);
  return tl::unexpected(Failure{503, "the index is unavailable; try again later"});
}

void HttpServer::Impl::search_page(const HttpRequest& req, HttpResponse& res) {
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
  const auto response = search(req, query->request);
  if (!response) {
    res.status = response.error().status;
    res.set_content(render_error_page(showable_query(req, options.query), response.error().message),
                    kHtml);
    return;
  }
  res.set_content(render_results_page(*query, *response), kHtml);
}

void HttpServer::Impl::search_api(const HttpRequest& req, HttpResponse& res) {
  auto query = parse_web_query(req.params, options.query);
  if (!query) {
    res.status = 400;
    res.set_content(json_error(400, query.error()), kJson);
    return;
  }
  const auto response = search(req, query->request);
  if (!response) {
    res.status = response.error().status;
    res.set_content(json_error(res.status, response.error().message), kJson);
    return;
  }
  res.set_content(render_json(query->request, *response), kJson);
}

void HttpServer::Impl::search_atom(const HttpRequest& req, HttpResponse& res) {
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
    const auto response = search(req, query->request);
    if (response) {
      res.set_content(render_atom_feed(*query, *response, base_url(req, transport.address()),
                                       format_iso8601(DateTime{now_unix_seconds(), 0})),
                      "application/atom+xml; charset=utf-8");
      return;
    }
    res.status = response.error().status;
    error = response.error().message;
  }
  res.set_content(error + "\n", "text/plain; charset=utf-8");
}

void HttpServer::Impl::healthz(HttpResponse& res) {
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

void HttpServer::Impl::metrics_page(HttpResponse& res) {
  std::int64_t documents = -1;
  if (auto lease = pool.acquire())
    documents = static_cast<std::int64_t>((*lease)->document_count());
  res.set_content(metrics.prometheus_text(documents), "text/plain; version=0.0.4; charset=utf-8");
}

void HttpServer::Impl::log_request(const HttpRequest& req, const HttpResponse& res,
                                   double seconds) {
  const int status = res.abandon ? 499 : res.status;  // 499: nginx's "client closed request"
  metrics.record(route_label(req.path), status, seconds);
  spdlog::info("{} \"{} {}\" {} {} {:.2f}ms", req.remote_addr, loggable(req.method),
               loggable(req.target), status, res.body.size(), seconds * 1000);
}

void HttpServer::Impl::handle(const HttpRequest& req, HttpResponse& res) {
  const auto start = std::chrono::steady_clock::now();
  try {
    route(req, res);
    res.abandon = res.status == 0;  // a Failure with status 0: the client has gone
  } catch (const std::exception& e) {
    spdlog::error("request failed: {}", e.what());
    res = {};
    res.status = 500;
    res.set_content(json_error(500, "internal error"), kJson);
  }
  log_request(req, res,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

void HttpServer::Impl::route(const HttpRequest& req, HttpResponse& res) {
  if (req.method != "GET" && req.method != "HEAD") {
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
    res.set_content(json_error(405, "only GET and HEAD are allowed"), kJson);
  } else if (req.path == "/") {
    search_page(req, res);
  } else if (req.path == "/api/search") {
    search_api(req, res);
  } else if (req.path == "/search.atom") {
    search_atom(req, res);
  } else if (req.path == "/opensearch.xml") {
    res.set_content(render_opensearch(base_url(req, transport.address())),
                    "application/opensearchdescription+xml; charset=utf-8");
  } else if (req.path == "/style.css") {
    res.set_header("Cache-Control", "max-age=3600");
    res.set_content(std::string(stylesheet()), "text/css; charset=utf-8");
  } else if (req.path == "/healthz") {
    healthz(res);
  } else if (req.path == "/metrics") {
    metrics_page(res);
  } else {
    res.status = 404;
    if (req.path.starts_with("/api/")) {
      res.set_content(json_error(404, "no such endpoint"), kJson);
    } else {
      res.set_content(render_error_page("", "There is no page here."), kHtml);
    }
  }
}

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpServer::~HttpServer() { stop(); }

Expected<int> HttpServer::start() {
  Impl& s = *impl_;
  const auto port = s.transport.start();
  if (!port) return port;
  if (auto lease = s.pool.acquire(); !lease) {
    spdlog::warn("{} (searches answer 503 until it exists)", lease.error().to_string());
  }
  return port;
}

void HttpServer::stop() { impl_->transport.stop(); }

}  // namespace gazette::query
