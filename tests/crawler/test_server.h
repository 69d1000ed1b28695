// An in-process HTTP server on 127.0.0.1 (port chosen by the kernel, bound at construction so
// url() works at once) for crawler tests, which records every request it answers. Handlers are
// registered on server() before start().
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

namespace gazette::testing {

struct SeenRequest {
  std::string target;  // path with query
  std::map<std::string, std::string> headers;
  std::chrono::steady_clock::time_point at;
};

class TestServer {
 public:
  TestServer() {
    server_.set_tcp_nodelay(true);  // no Nagle stall between a response's header and body writes
    // Recorded before the handler runs: httplib's logger runs after the response is sent, so a
    // client could finish before its last request was counted.
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      SeenRequest seen;
      seen.target = req.target;
      for (const auto& [k, v] : req.headers) seen.headers[k] = v;
      seen.at = std::chrono::steady_clock::now();
      std::lock_guard lock(mutex_);
      requests_.push_back(std::move(seen));
      return httplib::Server::HandlerResponse::Unhandled;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind 127.0.0.1");
  }
  ~TestServer() { stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  httplib::Server& server() { return server_; }

  // Serves on a thread (connections made before are answered then).
  void start() {
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }

  [[nodiscard]] std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] std::string url(const std::string& target) const { return base() + target; }
  [[nodiscard]] std::string authority() const { return "127.0.0.1:" + std::to_string(port_); }

  [[nodiscard]] std::vector<SeenRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  [[nodiscard]] int count(const std::string& target) const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& r : requests_) n += r.target == target ? 1 : 0;
    return n;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<SeenRequest> requests_;
};

// Answers GET `path` with `body` as `type`.
inline void serve(TestServer& site, const std::string& path, const std::string& body,
                  const std::string& type = "text/html; charset=utf-8") {
  site.server().Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, type);
  });
}

// An article page the extractor accepts: og:type article, a headline, four long paragraphs,
// and the given links.
inline std::string article_page(const std::string& title,
                                const std::vector<std::string>& links = {},
                                const std::string& extra_head = "") {
  std::string html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     title + "</title><meta property=\"og:type\" content=\"article\">" +
                     extra_head + "</head><body><nav><a href=\"/\">Home</a></nav><article><h1>" +
                     title + "</h1>";
  for (int i = 0; i < 4; ++i) {
    html += "<p>" + title + " paragraph " + std::to_string(i) +
            ": the council met on Tuesday evening to discuss the harbour project, which has "
            "divided residents for years. Supporters say it will bring jobs and visitors; "
            "opponents worry about traffic, noise and the cost to the town budget.</p>";
  }
  html += "</article><ul>";
  for (const auto& l : links) html += "<li><a href=\"" + l + "\">" + l + "</a></li>";
  html += "</ul><footer>Scroll to Top</footer></body></html>";
  return html;
}

// A front page: a list of links and no prose.
inline std::string front_page(const std::vector<std::string>& links,
                              const std::string& extra_head = "") {
  std::string html = "<!doctype html><html><head><title>Front</title>" + extra_head +
                     "</head><body><h1>News</h1><ul>";
  for (const auto& l : links) html += "<li><a href=\"" + l + "\">" + l + "</a></li>";
  return html + "</ul></body></html>";
}

}  // namespace gazette::testing
