#include "crawler/crawl_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace gazette::crawler {

Expected<std::unique_ptr<CrawlLock>> CrawlLock::acquire(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return fail(data_dir, ec.message());
  const std::string path = (std::filesystem::path(data_dir) / "crawl.lock").string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail(path, std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return fail(path, "another crawl or replay is running on this data directory");
  }
  return std::unique_ptr<CrawlLock>(new CrawlLock(fd));
}

CrawlLock::~CrawlLock() { ::close(fd_); }

}  // namespace gazette::crawler
