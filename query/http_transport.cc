#include "query/http_transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/utf8.h"

namespace gazette::query {
namespace {

using Clock = std::chrono::steady_clock;

// Only GET and HEAD are served, and they carry no body: a larger one is not worth reading.
constexpr std::size_t kMaxBodyBytes = 64 * 1024;
// How often the head deadlines are checked: a trickling head is cut at most this late.
constexpr auto kReaperTick = std::chrono::milliseconds(200);

// The client has sent FIN or reset: a peek reads end-of-stream or fails. Data still unread
// (a pipelined request) counts as alive.
bool peer_closed(int fd) {
  char byte;
  const ssize_t n = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

std::string address_text(const sockaddr* addr) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr == nullptr) return text;
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, text, sizeof text);
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, text, sizeof text);
  }
  return text;
}

// The listening socket, owned until it is handed to the daemon.
class ListenSocket {
 public:
  ListenSocket() = default;
  explicit ListenSocket(int fd) : fd_(fd) {}
  ListenSocket(ListenSocket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  ListenSocket& operator=(ListenSocket&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~ListenSocket() {
    if (fd_ >= 0) close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

Expected<ListenSocket> listen_on(const std::string& host, int port, int& bound_port) {
  const std::string where = fmt::format("{}:{}", host, port);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  if (const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
      rc != 0) {
    return fail(where, fmt::format("cannot listen here: {}", gai_strerror(rc)));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, freeaddrinfo);
  ListenSocket sock(socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (sock.get() < 0) return fail(where, fmt::format("socket: {}", std::strerror(errno)));
  const int on = 1;
  setsockopt(sock.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (bind(sock.get(), found->ai_addr, found->ai_addrlen) != 0 || listen(sock.get(), 1024) != 0) {
    return fail(where, fmt::format("cannot listen here ({}; in use, or not an address of this "
                                   "machine)",
                                   std::strerror(errno)));
  }
  sockaddr_storage addr{};
  socklen_t length = sizeof addr;
  getsockname(sock.get(), reinterpret_cast<sockaddr*>(&addr), &length);
  bound_port = ntohs(addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                                                : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  return sock;
}

// One open connection, from the daemon's STARTED notice to its CLOSED one.
struct Connection {
  int fd = -1;
  Clock::time_point head_deadline;
  bool head_done = false;  // the current request's head has arrived
  std::string target;      // the current request's target as received
};

// One request from its complete head to its completion notice. Shared by the daemon (through
// its per-request pointer) and the worker handling it, so either may let go first.
struct Exchange {
  MHD_Connection* connection = nullptr;
  HttpRequest request;
  HttpResponse response;
  std::size_t body_bytes = 0;
  bool dispatched = false;
  bool answered = false;  // the worker is done: response is ready
};

}  // namespace

std::string HttpRequest::get_header_value(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (ascii_iequals(key, name)) return value;
  }
  return "";
}

void HttpResponse::set_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

void HttpResponse::set_content(std::string content, std::string content_type) {
  body = std::move(content);
  set_header("Content-Type", std::move(content_type));
}

struct HttpTransport::Impl {
  Impl(TransportOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}

  // libmicrohttpd's callbacks (on the event thread).
  static void on_connection(void* cls, MHD_Connection* c, void** socket_context,
                            MHD_ConnectionNotificationCode code);
  static void* on_uri(void* cls, const char* uri, MHD_Connection* c);
  static MHD_Result on_request(void* cls, MHD_Connection* c, const char* url, const char* method,
                               const char* version, const char* upload, std::size_t* upload_size,
                               void** request_context);
  static void on_completed(void* cls, MHD_Connection* c, void** request_context,
                           MHD_RequestTerminationCode code);

  static Connection* connection_of(MHD_Connection* c) {
    const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info == nullptr ? nullptr : static_cast<Connection*>(info->socket_context);
  }
  MHD_Result begin(MHD_Connection* c, const char* url, const char* method, void** context);
  MHD_Result answer(MHD_Connection* c, unsigned status, const HttpResponse& response);
  void dispatch(std::shared_ptr<Exchange> exchange);
  void work();
  void reap();

  TransportOptions options;
  Handler handler;
  std::string address;
  MHD_Daemon* daemon = nullptr;

  std::mutex mutex;  // guards everything below
  // One waiting worker is woken per request (waking them all costs more than the request).
  std::condition_variable work_ready;
  std::condition_variable changed;  // for stop() and the reaper
  std::set<Connection*> connections;
  std::deque<std::shared_ptr<Exchange>> queue;
  std::size_t suspended = 0;  // exchanges handed to the workers and not yet resumed
  std::size_t in_flight = 0;  // requests whose head arrived and that are not complete
  bool stopping = false;      // queued requests are answered 503 and workers exit when idle
  bool daemon_gone = false;   // the reaper exits

  std::vector<std::thread> workers;
  std::thread reaper;
  bool started = false;
  bool stopped = false;
};

void HttpTransport::Impl::on_connection(void* cls, MHD_Connection* c, void** socket_context,
                                        MHD_ConnectionNotificationCode code) {
  auto& self = *static_cast<Impl*>(cls);
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    auto connection = std::make_unique<Connection>();
    connection->fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD)->connect_fd;
    // A response goes out in more than one write: without this, Nagle's algorithm holds the
    // last one until the client acknowledges the first (a delayed ACK: milliseconds each).
    const int on = 1;
    setsockopt(connection->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    connection->head_deadline =
        Clock::now() + std::chrono::seconds(self.options.limits.head_timeout_seconds);
    *socket_context = connection.get();
    const std::lock_guard lock(self.mutex);
    self.connections.insert(connection.release());
  } else {
    // The daemon closes the socket after this notice: the reaper never sees a reused fd.
    auto* connection = static_cast<Connection*>(*socket_context);
    {
      const std::lock_guard lock(self.mutex);
      self.connections.erase(connection);
    }
    delete connection;
  }
}

void* HttpTransport::Impl::on_uri(void*, const char* uri, MHD_Connection* c) {
  if (auto* connection = connection_of(c)) connection->target = uri;
  return nullptr;
}

MHD_Result HttpTransport::Impl::answer(MHD_Connection* c, unsigned status,
                                       const HttpResponse& response) {
  MHD_Response* r = MHD_create_response_from_buffer(
      response.body.size(), const_cast<char*>(response.body.data()), MHD_RESPMEM_MUST_COPY);
  if (r == nullptr) return MHD_NO;
  for (const auto& [name, value] : options.default_headers) {
    MHD_add_response_header(r, name.c_str(), value.c_str());
  }
  for (const auto& [name, value] : response.headers) {
    MHD_add_response_header(r, name.c_str(), value.c_str());
  }
  const MHD_Result queued = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return queued;
}

// The head has arrived: the request is taken apart here, on the event thread, while
// libmicrohttpd's buffers are stable; the handler gets copies.
MHD_Result HttpTransport::Impl::begin(MHD_Connection* c, const char* url, const char* method,
                                      void** context) {
  auto exchange = std::make_shared<Exchange>();
  exchange->connection = c;
  *context = new std::shared_ptr<Exchange>(exchange);
  Connection* connection = connection_of(c);
  {
    const std::lock_guard lock(mutex);
    ++in_flight;
    if (connection != nullptr) connection->head_done = true;
  }
  HttpRequest& request = exchange->request;
  request.method = method;
  request.path = url;
  request.target = connection != nullptr ? connection->target : url;
  if (const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS)) {
    request.remote_addr = address_text(info->client_addr);
  }
  if (connection != nullptr) {
    request.client_gone = [fd = connection->fd] { return peer_closed(fd); };
  }
  const int header_count = MHD_get_connection_values(c, MHD_HEADER_KIND, nullptr, nullptr);
  if (header_count < 0 || static_cast<unsigned>(header_count) > options.limits.max_headers) {
    exchange->response.status = MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE;
    exchange->response.set_content("too many header fields\n", "text/plain; charset=utf-8");
    exchange->response.set_header("Connection", "close");  // as libmicrohttpd does for 431
    exchange->answered = true;
    return MHD_YES;
  }
  const auto copy = [](void* into, MHD_ValueKind, const char* key, std::size_t key_size,
                       const char* value, std::size_t value_size) -> MHD_Result {
    static_cast<std::vector<std::pair<std::string, std::string>>*>(into)->emplace_back(
        std::string(key, key_size), value == nullptr ? "" : std::string(value, value_size));
    return MHD_YES;
  };
  MHD_get_connection_values_n(c, MHD_HEADER_KIND, copy, &request.headers);
  std::vector<std::pair<std::string, std::string>> params;
  MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, copy, &params);
  for (auto& [key, value] : params) request.params.emplace(std::move(key), std::move(value));
  return MHD_YES;
}

MHD_Result HttpTransport::Impl::on_request(void* cls, MHD_Connection* c, const char* url,
                                           const char* method, const char*, const char*,
                                           std::size_t* upload_size, void** context) {
  auto& self = *static_cast<Impl*>(cls);
  if (*context == nullptr) return self.begin(c, url, method, context);
  const std::shared_ptr<Exchange> exchange = *static_cast<std::shared_ptr<Exchange>*>(*context);
  if (*upload_size != 0) {  // a body: read and dropped (no route takes one), up to a bound
    exchange->body_bytes += *upload_size;
    *upload_size = 0;
    return exchange->body_bytes <= kMaxBodyBytes ? MHD_YES : MHD_NO;
  }
  if (exchange->answered) {
    if (exchange->response.abandon) return MHD_NO;
    return self.answer(c, static_cast<unsigned>(exchange->response.status), exchange->response);
  }
  if (!exchange->dispatched) {
    exchange->dispatched = true;
    MHD_suspend_connection(c);
    self.dispatch(exchange);
  }
  return MHD_YES;
}

void HttpTransport::Impl::on_completed(void* cls, MHD_Connection* c, void** context,
                                       MHD_RequestTerminationCode) {
  auto& self = *static_cast<Impl*>(cls);
  auto* exchange = static_cast<std::shared_ptr<Exchange>*>(*context);
  if (exchange == nullptr) return;
  delete exchange;
  *context = nullptr;
  Connection* connection = connection_of(c);
  const std::lock_guard lock(self.mutex);
  --self.in_flight;
  if (connection != nullptr) {  // a kept-alive connection waits for its next head
    connection->head_done = false;
    connection->head_deadline =
        Clock::now() + std::chrono::seconds(self.options.limits.head_timeout_seconds);
  }
  if (self.in_flight == 0) self.changed.notify_all();  // what stop() waits for
}

void HttpTransport::Impl::dispatch(std::shared_ptr<Exchange> exchange) {
  const std::lock_guard lock(mutex);
  ++suspended;
  queue.push_back(std::move(exchange));
  work_ready.notify_one();
}

void HttpTransport::Impl::work() {
  std::unique_lock lock(mutex);
  while (true) {
    work_ready.wait(lock, [this] { return !queue.empty() || (stopping && suspended == 0); });
    if (queue.empty()) return;
    const std::shared_ptr<Exchange> exchange = std::move(queue.front());
    queue.pop_front();
    const bool refuse = stopping;
    lock.unlock();
    HttpResponse& response = exchange->response;
    if (exchange->request.client_gone()) {
      response.abandon = true;
    } else if (refuse) {
      response.status = 503;
      response.set_content("the server is shutting down\n", "text/plain; charset=utf-8");
    } else {
      handler(exchange->request, response);
    }
    exchange->answered = true;
    // stop() waits for every suspended exchange to be resumed before it stops the daemon.
    MHD_resume_connection(exchange->connection);
    lock.lock();
    --suspended;
    if (stopping) {
      changed.notify_all();
      work_ready.notify_all();
    }
  }
}

// Cuts connections whose head is overdue. shutdown() (not close()) makes the event thread see
// the end of the stream and close the connection itself.
void HttpTransport::Impl::reap() {
  std::unique_lock lock(mutex);
  while (!daemon_gone) {
    changed.wait_for(lock, kReaperTick);
    const auto now = Clock::now();
    for (Connection* connection : connections) {
      if (!connection->head_done && connection->head_deadline < now) {
        spdlog::debug("closing a connection whose request head is overdue");
        shutdown(connection->fd, SHUT_RDWR);
        connection->head_deadline = Clock::time_point::max();
      }
    }
  }
}

HttpTransport::HttpTransport(TransportOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpTransport::~HttpTransport() { stop(); }

Expected<int> HttpTransport::start() {
  Impl& s = *impl_;
  int port = 0;
  auto sock = listen_on(s.options.host, s.options.port, port);
  if (!sock) return tl::unexpected(sock.error());
  const bool ipv6 = s.options.host.find(':') != std::string::npos;
  s.address = ipv6 ? fmt::format("[{}]:{}", s.options.host, port)
                   : fmt::format("{}:{}", s.options.host, port);
  const HttpLimits& limits = s.options.limits;
  s.daemon = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME, 0,
      nullptr, nullptr, &Impl::on_request, &s, MHD_OPTION_LISTEN_SOCKET, sock->get(),
      MHD_OPTION_CONNECTION_LIMIT, limits.max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      limits.max_connections_per_client, MHD_OPTION_CONNECTION_TIMEOUT, limits.idle_timeout_seconds,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, std::size_t{limits.max_head_kib} * 1024,
      MHD_OPTION_NOTIFY_CONNECTION, &Impl::on_connection, &s, MHD_OPTION_NOTIFY_COMPLETED,
      &Impl::on_completed, &s, MHD_OPTION_URI_LOG_CALLBACK, &Impl::on_uri, &s, MHD_OPTION_END);
  if (s.daemon == nullptr) {
    return fail(fmt::format("{}:{}", s.options.host, port), "cannot start the HTTP daemon");
  }
  sock->release();  // the daemon owns it now
  for (unsigned i = 0; i < std::max(1u, s.options.threads); ++i) {
    s.workers.emplace_back([&s] { s.work(); });
  }
  s.reaper = std::thread([&s] { s.reap(); });
  s.started = true;
  return port;
}

const std::string& HttpTransport::address() const { return impl_->address; }

void HttpTransport::stop() {
  Impl& s = *impl_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  // No new connections from here on; the listening socket is ours again.
  if (const MHD_socket fd = MHD_quiesce_daemon(s.daemon); fd != MHD_INVALID_SOCKET) close(fd);
  std::unique_lock lock(s.mutex);
  const auto deadline = Clock::now() + std::chrono::seconds(s.options.limits.shutdown_seconds);
  s.changed.wait_until(lock, deadline, [&s] { return s.in_flight == 0; });
  // Stopping the daemon with a suspended connection is not allowed: queued requests are now
  // refused, and a search already running is waited for.
  s.stopping = true;
  s.work_ready.notify_all();
  s.changed.wait(lock, [&s] { return s.suspended == 0; });
  s.daemon_gone = true;
  s.changed.notify_all();
  lock.unlock();
  MHD_stop_daemon(s.daemon);
  for (auto& worker : s.workers) worker.join();
  s.reaper.join();
}

}  // namespace gazette::query
