#include "update/update.h"

#include <spdlog/spdlog.h>

#include "crawler/crawl_lock.h"

namespace gazette::update {

Expected<UpdateResult> run_update(const crawler::CrawlOptions& options) {
  const std::string& data_dir = options.config.data_dir;
  auto lock = crawler::CrawlLock::acquire_update(data_dir);
  if (!lock) return tl::unexpected(lock.error());

  UpdateResult result;
  auto crawl = crawler::run_crawl(options);
  if (!crawl) return tl::unexpected(crawl.error());
  result.crawl = std::move(*crawl);

  // Not named "import": clang-format takes a line starting with it for a C++20 module import.
  indexer::ImportOptions index_options;
  index_options.index_path = data_dir + "/index";
  index_options.config = options.config.index;
  index_options.on_rejected = [](const Error& e) { spdlog::warn("{}", e.to_string()); };
  index_options.on_cut = [](const Error& e) { spdlog::warn("record cut: {}", e.to_string()); };
  auto indexed = indexer::import_new_articles(data_dir + "/articles", index_options);
  if (!indexed) {
    if (indexed.error().kind != ErrorKind::kBusy) return tl::unexpected(indexed.error());
    result.index_refused = indexed.error();
    return result;
  }
  for (const auto& e : indexed->unreadable) spdlog::error("unreadable input {}", e.to_string());
  result.index = std::move(*indexed);
  return result;
}

}  // namespace gazette::update
