// One update cycle of a data directory: crawl what is due (new URLs, sources and articles whose
// revisit has come), then index what the crawl wrote (indexer/importer.h import_new_articles),
// under <data>/update.lock so that cycles started by a timer never overlap. This is the only
// place where the crawler meets the indexer, so it is a library of its own (gazette_update).
//
// Thread-safety: run one cycle per data directory (the lock enforces it across processes).
#pragma once

#include <optional>

#include "common/error.h"
#include "crawler/crawl.h"
#include "indexer/importer.h"

namespace gazette::update {

struct UpdateResult {
  crawler::CrawlSummary crawl;
  // The index step: its counts, or why it was refused because another writer (a rebuild) held
  // the index lock. The articles stay in articles/ and the next cycle indexes them.
  std::optional<indexer::ImportStats> index;
  std::optional<Error> index_refused;
};

// Runs one cycle with `options` (data_dir, [crawl], [index]). Fails at once, having done nothing,
// when another update (or a crawl) holds its lock: Error.kind == ErrorKind::kBusy tells that case
// apart. Otherwise fails when the crawl or the index cannot go on (what was written
// stays).
[[nodiscard]] Expected<UpdateResult> run_update(const crawler::CrawlOptions& options);

}  // namespace gazette::update
