#include "indexer/import_lock.h"

namespace gazette::indexer {

std::string ImportLock::path_for(const std::string& index_path) {
  std::string path = index_path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path + ".lock";
}

Expected<FileLock> ImportLock::acquire(const std::string& index_path) {
  auto lock = FileLock::acquire(
      path_for(index_path),
      "the index is locked by another writer (is another gazette-index running?)");
  if (!lock && lock.error().kind == ErrorKind::kBusy) lock.error().where = index_path;
  return lock;
}

}  // namespace gazette::indexer
