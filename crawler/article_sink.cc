#include "crawler/article_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/time.h"

namespace gazette::crawler {
namespace {

constexpr std::string_view kPartSuffix = ".part";

std::string errno_text() { return std::strerror(errno); }

}  // namespace

Expected<std::string> recover_part_file(const std::string& part_path) {
  const int fd = ::open(part_path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return fail(part_path, errno_text());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return fail(part_path, errno_text());
  }
  // Scan backwards for the last newline; everything after it is a torn line.
  off_t keep = st.st_size;
  char chunk[4096];
  while (keep > 0) {
    const off_t start = keep > static_cast<off_t>(sizeof chunk) ? keep - sizeof chunk : 0;
    const auto n = ::pread(fd, chunk, static_cast<std::size_t>(keep - start), start);
    if (n < 0) {
      ::close(fd);
      return fail(part_path, errno_text());
    }
    off_t i = n;
    while (i > 0 && chunk[i - 1] != '\n') --i;
    if (i > 0) {
      keep = start + i;
      break;
    }
    keep = start;
  }
  if (keep != st.st_size) {
    spdlog::warn("{}: dropped a torn last line ({} bytes)", part_path, st.st_size - keep);
    if (::ftruncate(fd, keep) != 0) {
      ::close(fd);
      return fail(part_path, errno_text());
    }
  }
  ::close(fd);
  std::string final_path = part_path.substr(0, part_path.size() - kPartSuffix.size());
  if (keep == 0) {
    std::error_code ec;
    std::filesystem::remove(part_path, ec);
    return std::string();
  }
  if (::rename(part_path.c_str(), final_path.c_str()) != 0) return fail(part_path, errno_text());
  return final_path;
}

struct ArticleSink::Impl {
  ArticleSinkOptions options;
  mutable std::mutex mutex;
  int fd = -1;
  std::string part_path;
  std::uint64_t file_bytes = 0;
  std::uint64_t written = 0;
  unsigned serial = 0;
  std::vector<std::string> published;

  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  // Opens a new part file under a name no file (part or published) has yet: two runs in the
  // same second must not publish onto each other.
  Expected<void> open_part() {
    const std::string stamp = compact_utc_stamp(now_unix_seconds());
    while (true) {
      const std::string final_path =
          (std::filesystem::path(options.directory) /
           fmt::format("{}-{}-{}-{}.jsonl", options.prefix, stamp, ::getpid(), serial++))
              .string();
      std::error_code ec;
      if (std::filesystem::exists(final_path, ec)) continue;
      part_path = final_path + std::string(kPartSuffix);
      fd = ::open(part_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
      if (fd >= 0) break;
      if (errno != EEXIST) return fail(part_path, errno_text());
    }
    file_bytes = 0;
    return {};
  }

  // Cuts the part file back to its complete lines (file_bytes): a write that failed half way,
  // on a full disk, leaves part of a line behind. Caller holds the mutex.
  Expected<void> cut_torn_tail() const {
    if (::ftruncate(fd, static_cast<off_t>(file_bytes)) != 0) return fail(part_path, errno_text());
    return {};
  }

  // Publishes the part file, cut to its complete lines. When even the cut fails, the part file
  // stays unpublished: the next open recovers it (recover_part_file). Caller holds the mutex.
  Expected<void> publish() {
    if (fd < 0) return {};
    const auto cut = cut_torn_tail();
    ::close(fd);
    fd = -1;
    if (!cut) return cut;
    if (file_bytes == 0) {
      std::error_code ec;
      std::filesystem::remove(part_path, ec);
      return {};
    }
    const std::string final_path = part_path.substr(0, part_path.size() - kPartSuffix.size());
    if (::rename(part_path.c_str(), final_path.c_str()) != 0) return fail(part_path, errno_text());
    published.push_back(final_path);
    return {};
  }
};

ArticleSink::ArticleSink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ArticleSink::~ArticleSink() {
  if (auto ok = close(); !ok) spdlog::error("{}", ok.error().to_string());
}

Expected<std::unique_ptr<ArticleSink>> ArticleSink::open(ArticleSinkOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.directory, ec);
  if (ec) return fail(options.directory, ec.message());
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  for (const auto& entry : std::filesystem::directory_iterator(impl->options.directory, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > kPartSuffix.size() + 6 && name.ends_with(".jsonl.part")) {
      auto recovered = recover_part_file(entry.path().string());
      if (!recovered) return tl::unexpected(recovered.error());
      if (!recovered->empty()) impl->published.push_back(*recovered);
    }
  }
  if (ec) return fail(impl->options.directory, ec.message());
  return std::unique_ptr<ArticleSink>(new ArticleSink(std::move(impl)));
}

Expected<void> ArticleSink::write(const Article& article) {
  std::string line = to_json_line(article);
  line += '\n';
  std::lock_guard lock(impl_->mutex);
  if (impl_->fd < 0) {
    if (auto ok = impl_->open_part(); !ok) return ok;
  }
  // One write() per line: a kill leaves either the whole line or a torn tail that recovery cuts.
  const ssize_t n = ::write(impl_->fd, line.data(), line.size());
  if (n != static_cast<ssize_t>(line.size())) {
    auto error = fail(impl_->part_path, n < 0 ? errno_text() : "short write (disk full?)");
    // Later lines must not follow a torn one, should space come back.
    if (n > 0) (void)impl_->cut_torn_tail();
    return error;
  }
  impl_->file_bytes += line.size();
  ++impl_->written;
  if (impl_->file_bytes >= impl_->options.rotate_bytes) return impl_->publish();
  return {};
}

Expected<void> ArticleSink::close() {
  std::lock_guard lock(impl_->mutex);
  return impl_->publish();
}

std::uint64_t ArticleSink::written() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->written;
}

std::vector<std::string> ArticleSink::published() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->published;
}

}  // namespace gazette::crawler
