#include "indexer/import_lock.h"

namespace gazette::indexer {

Expected<FileLock> ImportLock::acquire(const std::string& index_path) {
  std::string path = index_path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  auto lock = FileLock::acquire(
      path + ".lock", "the index is locked by another writer (is another gazette-index running?)");
  if (!lock && lock.error().kind == ErrorKind::kBusy) lock.error().where = index_path;
  return lock;
}

}  // namespace gazette::indexer
