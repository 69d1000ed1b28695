// One import at a time writes an index: an exclusive FileLock (common/file_lock.h) on INDEX.lock
// beside the index, never stale, and refused with ErrorKind::kBusy while another writer holds it
// (as opposed to an index that cannot be written).
#pragma once

#include <string>

#include "common/error.h"
#include "common/file_lock.h"

namespace gazette::indexer {

struct ImportLock {
  // Takes the lock without waiting; when it is held elsewhere, the error names the index.
  [[nodiscard]] static Expected<FileLock> acquire(const std::string& index_path);
  // The lock file of the index at `index_path` (it stays when the lock is released).
  [[nodiscard]] static std::string path_for(const std::string& index_path);
};

}  // namespace gazette::indexer
