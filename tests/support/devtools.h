// Drives a headless Chromium through the DevTools protocol over --remote-debugging-pipe: JSON
// messages separated by NUL bytes on two pipes (the browser reads fd 3 and writes fd 4). No
// WebSocket and no port: nothing but the pipes between the test and its own browser.
// Not thread-safe.
#pragma once

#include <sys/types.h>

#include <string>

#include <nlohmann/json.hpp>

namespace gazette::testing {

class Chromium {
 public:
  // The browser binary, or "" when none is installed.
  static std::string find_binary();

  // Starts `binary` headless with a fresh profile in `profile_dir`; its output goes to
  // `log_path`. Throws std::runtime_error when it cannot be started.
  Chromium(const std::string& binary, const std::string& profile_dir, const std::string& log_path);
  ~Chromium();  // closes the browser and reaps it
  Chromium(const Chromium&) = delete;
  Chromium& operator=(const Chromium&) = delete;

  // Sends a command (to a page when `session` is not empty) and returns its "result". Throws
  // std::runtime_error on a protocol error or when no answer comes within the timeout.
  nlohmann::json call(const std::string& method,
                      const nlohmann::json& params = nlohmann::json::object(),
                      const std::string& session = "");

  // Waits for an event named `method` (from `session`), which may have arrived already since the
  // last call; throws on timeout.
  nlohmann::json wait_for_event(const std::string& method, const std::string& session = "");

  // Opens a new tab and attaches to it; returns the session id for page commands.
  std::string open_page();

  // Evaluates JavaScript in the page and returns its value (by value).
  nlohmann::json evaluate(const std::string& session, const std::string& expression);

 private:
  nlohmann::json read_message();

  pid_t pid_ = -1;
  int to_browser_ = -1;
  int from_browser_ = -1;
  int next_id_ = 1;
  std::string buffer_;
  std::vector<nlohmann::json> pending_events_;
};

// Decodes standard base64 (as DevTools sends screenshots); invalid characters are skipped.
std::string base64_decode(const std::string& text);

}  // namespace gazette::testing
