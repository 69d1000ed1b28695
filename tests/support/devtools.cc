#include "tests/support/devtools.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "tests/support/process.h"

namespace gazette::testing {
namespace {

// Generous: a loaded 2-core machine starting a browser.
constexpr int kTimeoutMs = 90000;

}  // namespace

std::string Chromium::find_binary() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (access(path, X_OK) == 0) return path;
  }
  return {};
}

Chromium::Chromium(const std::string& binary, const std::string& profile_dir,
                   const std::string& log_path) {
  signal(SIGPIPE, SIG_IGN);
  int to[2], from[2];
  if (pipe(to) != 0 || pipe(from) != 0) throw std::runtime_error("pipe failed");
  const std::vector<std::string> args = {binary,
                                         "--headless",
                                         "--no-sandbox",
                                         "--disable-gpu",
                                         "--disable-dev-shm-usage",
                                         "--no-first-run",
                                         "--no-default-browser-check",
                                         "--disable-extensions",
                                         "--disable-background-networking",
                                         "--disable-sync",
                                         "--remote-debugging-pipe",
                                         "--window-size=412,915",  // a phone's viewport
                                         "--user-data-dir=" + profile_dir,
                                         "about:blank"};
  auto argv = to_argv(args);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int devnull = open("/dev/null", O_RDONLY);
    // fds 3 and 4 are the protocol's; move our pipe ends there without clobbering each other.
    const int in = dup(to[0]);
    const int out = dup(from[1]);
    dup2(devnull, 0);
    dup2(log, 1);
    dup2(log, 2);
    dup2(in, 3);
    dup2(out, 4);
    for (int fd = 5; fd < 1024; ++fd) close(fd);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(to[0]);
  close(from[1]);
  to_browser_ = to[1];
  from_browser_ = from[0];
}

Chromium::~Chromium() {
  if (pid_ > 0) {
    try {
      call("Browser.close");
    } catch (const std::exception&) {
      kill(pid_, SIGKILL);
    }
    close(to_browser_);
    close(from_browser_);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

nlohmann::json Chromium::read_message() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
  std::array<char, 65536> buf;
  while (true) {
    const auto end = buffer_.find('\0');
    if (end != std::string::npos) {
      auto message = nlohmann::json::parse(buffer_.substr(0, end));
      buffer_.erase(0, end + 1);
      return message;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    pollfd p{from_browser_, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) {
      throw std::runtime_error("no message from the browser in time");
    }
    const ssize_t n = read(from_browser_, buf.data(), buf.size());
    if (n <= 0) throw std::runtime_error("the browser closed its pipe");
    buffer_.append(buf.data(), static_cast<std::size_t>(n));
  }
}

nlohmann::json Chromium::call(const std::string& method, const nlohmann::json& params,
                              const std::string& session) {
  const int id = next_id_++;
  nlohmann::json message = {{"id", id}, {"method", method}, {"params", params}};
  if (!session.empty()) message["sessionId"] = session;
  std::string text = message.dump();
  text += '\0';
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = write(to_browser_, text.data() + done, text.size() - done);
    if (n <= 0) throw std::runtime_error("cannot write to the browser");
    done += static_cast<std::size_t>(n);
  }
  while (true) {
    auto reply = read_message();
    if (!reply.contains("id")) {
      pending_events_.push_back(std::move(reply));
      continue;
    }
    if (reply["id"] != id) continue;
    if (reply.contains("error")) {
      throw std::runtime_error(method + ": " + reply["error"].dump());
    }
    return reply["result"];
  }
}

nlohmann::json Chromium::wait_for_event(const std::string& method, const std::string& session) {
  const auto matches = [&](const nlohmann::json& m) {
    return m.value("method", "") == method &&
           (session.empty() || m.value("sessionId", "") == session);
  };
  for (auto it = pending_events_.begin(); it != pending_events_.end(); ++it) {
    if (matches(*it)) {
      auto event = std::move(*it);
      pending_events_.erase(it);
      return event;
    }
  }
  while (true) {
    auto message = read_message();
    if (matches(message)) return message;
    if (!message.contains("id")) pending_events_.push_back(std::move(message));
  }
}

std::string Chromium::open_page() {
  const auto target = call("Target.createTarget", {{"url", "about:blank"}});
  const auto attached =
      call("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}});
  const std::string session = attached["sessionId"];
  call("Page.enable", nlohmann::json::object(), session);
  return session;
}

nlohmann::json Chromium::evaluate(const std::string& session, const std::string& expression) {
  const auto result =
      call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}}, session);
  if (result.contains("exceptionDetails")) {
    throw std::runtime_error("script failed: " + result["exceptionDetails"].dump());
  }
  return result["result"].value("value", nlohmann::json());
}

std::string base64_decode(const std::string& text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+') v = 62;
    if (c == '/') v = 63;
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace gazette::testing
