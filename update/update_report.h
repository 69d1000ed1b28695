// What `gazette-crawl update` prints on stdout about its index step (after the crawl's line,
// crawler/crawl_report.h format_crawl_line).
// Thread-safety: pure function.
#pragma once

#include <string>

#include "update/update.h"

namespace gazette::update {

// "index: A added, R replaced, J rejected, U unreadable inputs in S s", or, when another writer
// held the index, "index refused: another writer (a rebuild?) holds the index"; with a newline.
[[nodiscard]] std::string format_index_line(const UpdateResult& result);

}  // namespace gazette::update
