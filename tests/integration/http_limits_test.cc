// The HTTP frontend against hostile clients (docs/operations.md, "HTTP limits"): the real server
// on 127.0.0.1 port 0, driven through raw sockets that behave as attackers do.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "query/http_server.h"
#include "tests/support/index_fixture.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::seconds;

// A TCP connection to the server from a chosen loopback address; closed on destruction.
class Client {
 public:
  Client(int port, const char* from = "127.0.0.1") : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    inet_pton(AF_INET, from, &addr.sin_addr);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error(std::string("bind ") + from);
    }
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("connect");
    }
  }
  ~Client() { close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // False once the server has closed the connection (or reset it).
  bool send_text(const std::string& text) const {
    return send(fd_, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
  }

  // Reads until the server closes the connection or `timeout` passes.
  [[nodiscard]] std::string read_all(Clock::duration timeout) const {
    std::string out;
    const auto deadline = Clock::now() + timeout;
    char buf[4096];
    while (Clock::now() < deadline) {
      if (!readable(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())))
        break;
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

  // True when the server has closed the connection within `timeout` (nothing else was sent).
  [[nodiscard]] bool closed_within(Clock::duration timeout) const {
    if (!readable(std::chrono::duration_cast<std::chrono::milliseconds>(timeout))) return false;
    char byte;
    return recv(fd_, &byte, 1, MSG_DONTWAIT) <= 0;
  }

 private:
  [[nodiscard]] bool readable(std::chrono::milliseconds timeout) const {
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, static_cast<int>(timeout.count())) == 1;
  }

  int fd_;
};

const std::string kNormalRequest =
    "GET /api/search?q=bank HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

class HttpLimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    dir_ = new testing::TempDir;
    index_ = new std::string(testing::build_index(
        *dir_, {testing::make_article("https://news.example/1", "Central bank holds rates",
                                      "The central bank kept rates unchanged.", "2025-01-02")}));
  }
  static void TearDownTestSuite() {
    delete index_;
    delete dir_;
  }

  // A server with few workers (so that anything holding one would show) and `limits`.
  void start(const HttpLimits& limits) {
    query::ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.index_path = *index_;
    options.limits = limits;
    server_ = std::make_unique<query::HttpServer>(options);
    const auto port = server_->start();
    ASSERT_TRUE(port) << port.error().to_string();
    port_ = *port;
  }

  // A normal search on a fresh connection; its response ("" if none within 5 s).
  [[nodiscard]] std::string normal_request(const char* from = "127.0.0.1") const {
    const Client c(port_, from);
    if (!c.send_text(kNormalRequest)) return "";
    return c.read_all(seconds(5));
  }

  // `n` connections from 127.0.0.1, open and silent.
  [[nodiscard]] std::vector<std::unique_ptr<Client>> connect_many(int n) const {
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < n; ++i) clients.push_back(std::make_unique<Client>(port_));
    return clients;
  }

  static testing::TempDir* dir_;
  static std::string* index_;
  std::unique_ptr<query::HttpServer> server_;
  int port_ = 0;
};

testing::TempDir* HttpLimitsTest::dir_ = nullptr;
std::string* HttpLimitsTest::index_ = nullptr;

TEST_F(HttpLimitsTest, TooManyHeadersGet431AndTheServerGoesOn) {
  start({});
  const struct {
    int headers;
    bool must_answer;  // within the head size limit, so the count is what refuses it
  } cases[] = {{150, true}, {10000, false}};
  for (const auto& c : cases) {
    std::string request = "GET /api/search?q=bank HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < c.headers; ++i) request += "X-" + std::to_string(i) + ": v\r\n";
    request += "\r\n";
    const Client client(port_);
    client.send_text(request);  // may fail part-way: the server may stop reading
    const std::string response = client.read_all(seconds(5));
    if (c.must_answer || !response.empty()) {
      EXPECT_TRUE(response.starts_with("HTTP/1.1 431")) << c.headers << ": " << response;
    }
    EXPECT_TRUE(normal_request().starts_with("HTTP/1.1 200")) << c.headers;
  }
}

TEST_F(HttpLimitsTest, SilentConnectionsDoNotDelayANormalRequest) {
  HttpLimits limits;
  limits.max_connections_per_client = 200;
  start(limits);
  const auto silent = connect_many(100);
  // Half of them have begun a request and stopped.
  for (int i = 0; i < 50; ++i) silent[i]->send_text("GET / HTTP/1.1\r\nHost: x\r\n");
  EXPECT_TRUE(normal_request().starts_with("HTTP/1.1 200"));
  for (const auto& c : silent) EXPECT_FALSE(c->closed_within(std::chrono::milliseconds(0)));
}

TEST_F(HttpLimitsTest, ASlowHeaderTrickleIsCutAtTheHeadDeadline) {
  HttpLimits limits;
  limits.head_timeout_seconds = 1;
  limits.idle_timeout_seconds = 60;
  start(limits);
  const Client slow(port_);
  const std::string request = "GET / HTTP/1.1\r\n";
  const auto begin = Clock::now();
  bool cut = false;
  // One header line every 200 ms: each restarts an inactivity timer, not the head deadline.
  for (int i = 0; !cut && Clock::now() - begin < seconds(10); ++i) {
    cut = !slow.send_text(i == 0 ? request : "X-" + std::to_string(i) + ": v\r\n") ||
          slow.closed_within(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(cut) << "the trickle was still accepted after 10 s";
  EXPECT_TRUE(normal_request().starts_with("HTTP/1.1 200"));
}

TEST_F(HttpLimitsTest, ConnectionsPerClientAddressAreCapped) {
  HttpLimits limits;
  limits.max_connections_per_client = 3;
  start(limits);
  const auto held = connect_many(3);
  // The three are served: one of them asks and gets its answer on a kept-alive connection.
  ASSERT_TRUE(held[0]->send_text("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  const Client fourth(port_);
  EXPECT_TRUE(fourth.closed_within(seconds(5)));
  // Another address is not affected.
  EXPECT_TRUE(normal_request("127.0.0.2").starts_with("HTTP/1.1 200"));
}

TEST_F(HttpLimitsTest, ShutdownWithSlowClientsConnectedIsPrompt) {
  HttpLimits limits;
  limits.shutdown_seconds = 1;
  limits.max_connections_per_client = 200;
  start(limits);
  const auto clients = connect_many(60);
  for (std::size_t i = 0; i < clients.size(); i += 2) {
    clients[i]->send_text("GET /?q=bank HTTP/1.1\r\nHost: x\r\nX-1: ");
  }
  ASSERT_TRUE(normal_request().starts_with("HTTP/1.1 200"));
  const auto begin = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - begin, seconds(5));
  for (const auto& c : clients) EXPECT_TRUE(c->closed_within(seconds(1)));
}

}  // namespace
}  // namespace gazette
