// How far `gazette-index update` has read the data directory's articles/*.jsonl (the crawler's
// append-only output): a byte offset per file name, stored in the index metadata
// (schema::kInputPositionKey) by the same commits that store the documents read, so a crash
// loses no article and the next run starts where the last commit stopped.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace gazette::indexer {

// One input of an import: a file (or "-") read from byte `start`. `position_key` names it in
// InputPositions ("" when its position is not tracked).
struct Input {
  std::string path;
  std::size_t start = 0;
  std::string position_key;
};

class InputPositions {
 public:
  // The positions stored in the index at `index_path`; empty when there is no index yet. A
  // sharded index gives, per file, the smallest over its shards: shards commit separately, so
  // after a crash one may be a batch ahead, and reading again from the smallest loses nothing
  // (upserts never duplicate).
  [[nodiscard]] static Expected<InputPositions> read(const std::string& index_path);

  [[nodiscard]] static std::optional<InputPositions> decode(std::string_view json);
  [[nodiscard]] std::string encode() const;

  // The `*.jsonl` files of `articles_dir`, by name, that have bytes past their position, each
  // to be read from there. A file shorter than its position was replaced: it is read from the
  // start (with a warning). Files that are gone are forgotten.
  [[nodiscard]] Expected<std::vector<Input>> pending_inputs(const std::string& articles_dir);

  void set(const std::string& key, std::size_t offset) { offsets_[key] = offset; }
  [[nodiscard]] std::size_t get(const std::string& key) const;

 private:
  std::map<std::string, std::size_t> offsets_;
};

}  // namespace gazette::indexer
