// Rebuilding an index without downtime. The index path becomes a symbolic link to a generation
// directory beside it (`index` -> `index.gen-3`); a rebuild fills a fresh generation from the
// data directory's articles, checks it, and swaps the link in one rename(2), so readers see the
// old index or the new one, never a mix or nothing. Readers notice the swap on their next
// reopen (query/index_reader.h). The previous generation is kept for rollback; older ones are
// removed.
#pragma once

#include <string>

#include "common/error.h"
#include "indexer/importer.h"

namespace gazette::indexer {

struct RebuildResult {
  ImportStats stats;
  std::string generation;  // the directory now in use
  std::string previous;    // the one it replaced (kept), "" when there was none
};

// Builds a new generation of `options.index_path` from `articles_dir`/*.jsonl and swaps it in.
// Holds the index's import lock throughout, so updates wait (are refused) meanwhile. On any
// failure the index in use is untouched and the new generation is removed.
[[nodiscard]] Expected<RebuildResult> rebuild_index(const std::string& articles_dir,
                                                    const ImportOptions& options);

// Points the index back at the generation it replaced last (the two swap places).
[[nodiscard]] Expected<RebuildResult> roll_back_index(const std::string& index_path);

}  // namespace gazette::indexer
