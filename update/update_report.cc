#include "update/update_report.h"

#include <fmt/format.h>

namespace gazette::update {

std::string format_index_line(const UpdateResult& result) {
  if (result.index_refused || !result.index) {
    return "index refused: another writer (a rebuild?) holds the index\n";
  }
  const indexer::ImportStats& i = *result.index;
  return fmt::format(
      "index: {} added, {} replaced, {} rejected, {} unreadable inputs in {:.2f} s\n", i.added,
      i.replaced, i.rejected, i.unreadable.size(), i.seconds);
}

}  // namespace gazette::update
