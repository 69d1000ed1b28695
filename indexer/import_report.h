// What gazette-index tells people about an import: rejected lines and progress while it runs,
// a summary when it ends. Logs go through spdlog (stderr); the progress line is drawn on a
// terminal only (common/logging.h ProgressLine).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/logging.h"
#include "indexer/generations.h"
#include "indexer/importer.h"

namespace gazette::indexer {

// Whether every line was indexed and every input read to the end (exit status 0, else 1).
[[nodiscard]] bool indexed_everything(const ImportStats& stats);

// Tells people how an import goes: logs the first 100 rejected lines and the first 100 records
// cut to the record limits as warnings (then that only the count follows) and draws the rate on a
// terminal progress line. Not thread-safe, like the ImportOptions callbacks it serves.
class ImportProgress {
 public:
  // Sets `options.on_rejected` and `options.on_progress` to report here; this object must
  // outlive the import.
  void attach(ImportOptions& options);
  // Erases the progress line (before the summary is logged).
  void clear() { line_.clear(); }

 private:
  // Logs `message` while `count` (then incremented) is under the cap, then once that more `what`
  // follow.
  void warn(std::size_t& count, const std::string& message, std::string_view what);
  void progressed(const ImportStats& stats);

  ProgressLine line_;
  std::size_t rejected_ = 0;
  std::size_t cut_ = 0;
};

// "summary: A added, R replaced, J rejected, U unreadable inputs in S s (N articles/s, M MB/s)
// into INDEX"
[[nodiscard]] std::string format_import_summary(const ImportStats& stats,
                                                const std::string& index_path);

// "rebuilt INDEX from ARTICLES: N articles in S s; now serving GENERATION, previous P kept"
[[nodiscard]] std::string format_rebuild_summary(const RebuildResult& result,
                                                 const std::string& index_path,
                                                 const std::string& articles_dir);

}  // namespace gazette::indexer
