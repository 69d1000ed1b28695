#include "indexer/import_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>

namespace gazette::indexer {
namespace {

constexpr std::string_view kHeld =
    "the index is locked by another writer (is another gazette-index running?)";

}  // namespace

Expected<ImportLock> ImportLock::acquire(const std::string& index_path) {
  std::string path = index_path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  const std::string lock_path = path + ".lock";
  std::error_code ec;
  const auto parent = std::filesystem::path(lock_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail(lock_path, std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return fail(index_path, std::string(kHeld));
  }
  return ImportLock(fd);
}

bool ImportLock::is_held_elsewhere(const Error& error) { return error.what == kHeld; }

ImportLock::~ImportLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
}

}  // namespace gazette::indexer
