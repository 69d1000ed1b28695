#include "tests/support/listening_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <stdexcept>

#include "tests/support/process.h"

namespace gazette::testing {
namespace {

constexpr std::string_view kAnnouncement = "listening on ";

void stop(pid_t pid) {
  kill(pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {  // up to 5 s for a clean exit
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace

ListeningProcess::ListeningProcess(const std::vector<std::string>& args,
                                   std::chrono::milliseconds timeout) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  auto argv = to_argv(args);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(out[1], 1);
    dup2(out[1], 2);  // errors end up in the exception text below
    close(out[0]);
    close(out[1]);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);

  // Read until the first line is complete, the program exits (EOF) or time runs out.
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<char, 4096> buffer;
  while (text.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd fd{out[0], POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
    const ssize_t n = read(out[0], buffer.data(), buffer.size());
    if (n <= 0) break;
    text.append(buffer.data(), static_cast<std::size_t>(n));
  }
  // Later output (logs) is drained until the program exits, so it never blocks on a full pipe
  // nor dies of SIGPIPE.
  drain_ = std::thread([fd = out[0]] {
    std::array<char, 4096> sink;
    while (read(fd, sink.data(), sink.size()) > 0) {
    }
    close(fd);
  });
  const std::size_t start = text.find(kAnnouncement);
  const std::size_t end = text.find('\n', start);
  if (start == std::string::npos || end == std::string::npos) {
    stop(pid_);
    drain_.join();
    throw std::runtime_error("server " + args.front() + " did not announce itself: " + text);
  }
  base_url_ = text.substr(start + kAnnouncement.size(), end - start - kAnnouncement.size());
  port_ = std::stoi(base_url_.substr(base_url_.rfind(':') + 1));
}

ListeningProcess::~ListeningProcess() {
  if (pid_ > 0) stop(pid_);
  if (drain_.joinable()) drain_.join();
}

}  // namespace gazette::testing
