#include "crawler/crawl_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>

namespace gazette::crawler {

namespace {

constexpr std::string_view kHeldSuffix = " is running on this data directory";

}  // namespace

Expected<std::unique_ptr<CrawlLock>> CrawlLock::acquire(const std::string& data_dir) {
  return acquire_file(data_dir, "crawl.lock", "another crawl or replay");
}

Expected<std::unique_ptr<CrawlLock>> CrawlLock::acquire_update(const std::string& data_dir) {
  return acquire_file(data_dir, "update.lock", "another update");
}

bool CrawlLock::is_held_elsewhere(const Error& error) { return error.what.ends_with(kHeldSuffix); }

Expected<std::unique_ptr<CrawlLock>> CrawlLock::acquire_file(const std::string& data_dir,
                                                             const char* name, const char* holder) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return fail(data_dir, ec.message());
  const std::string path = (std::filesystem::path(data_dir) / name).string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail(path, std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return fail(path, std::string(holder) + std::string(kHeldSuffix));
  }
  return std::unique_ptr<CrawlLock>(new CrawlLock(fd));
}

CrawlLock::~CrawlLock() { ::close(fd_); }

}  // namespace gazette::crawler
