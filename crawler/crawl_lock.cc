#include "crawler/crawl_lock.h"

#include <filesystem>

namespace gazette::crawler {

Expected<FileLock> CrawlLock::acquire(const std::string& data_dir) {
  return FileLock::acquire((std::filesystem::path(data_dir) / "crawl.lock").string(),
                           "another crawl or replay is running on this data directory");
}

Expected<FileLock> CrawlLock::acquire_update(const std::string& data_dir) {
  return FileLock::acquire((std::filesystem::path(data_dir) / "update.lock").string(),
                           "another update is running on this data directory");
}

}  // namespace gazette::crawler
