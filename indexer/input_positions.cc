#include "indexer/input_positions.h"

#include <algorithm>
#include <filesystem>

#include <spdlog/spdlog.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "common/schema.h"
#include "common/shard_list.h"

namespace gazette::indexer {
namespace fs = std::filesystem;

namespace {

// The databases whose metadata hold positions: every local shard, or the one database.
Expected<std::vector<std::string>> databases_of(const std::string& index_path) {
  if (!is_sharded_index(index_path)) return std::vector<std::string>{index_path};
  auto shards = read_shard_list(index_path);
  if (!shards) return tl::unexpected(shards.error());
  std::vector<std::string> paths;
  for (const auto& shard : *shards) {
    if (shard.remote())
      return fail(index_path, "remote shard " + shard.label() + ": not writable here");
    paths.push_back(shard.path);
  }
  return paths;
}

}  // namespace

std::optional<InputPositions> InputPositions::decode(std::string_view json) {
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;
  InputPositions positions;
  for (const auto& [key, value] : parsed.items()) {
    if (!value.is_number_unsigned()) return std::nullopt;
    positions.offsets_[key] = value.get<std::size_t>();
  }
  return positions;
}

std::string InputPositions::encode() const { return nlohmann::json(offsets_).dump(); }

std::size_t InputPositions::get(const std::string& key) const {
  const auto it = offsets_.find(key);
  return it == offsets_.end() ? 0 : it->second;
}

Expected<InputPositions> InputPositions::read(const std::string& index_path) {
  std::error_code ec;
  if (!fs::exists(index_path, ec)) return InputPositions{};
  auto databases = databases_of(index_path);
  if (!databases) return tl::unexpected(databases.error());
  std::optional<InputPositions> smallest;
  for (const auto& path : *databases) {
    const std::string stored =
        Xapian::Database(path).get_metadata(std::string(schema::kInputPositionKey));
    auto positions =
        stored.empty() ? std::optional<InputPositions>(InputPositions{}) : decode(stored);
    if (!positions) return fail(path, "unreadable input position in the index metadata");
    if (!smallest) {
      smallest = std::move(positions);
      continue;
    }
    // A file only some shards know was not read by the others: start it again.
    for (auto it = smallest->offsets_.begin(); it != smallest->offsets_.end();) {
      const auto other = positions->offsets_.find(it->first);
      if (other == positions->offsets_.end()) {
        it = smallest->offsets_.erase(it);
      } else {
        it->second = std::min(it->second, other->second);
        ++it;
      }
    }
  }
  return smallest.value_or(InputPositions{});
}

Expected<std::vector<Input>> InputPositions::pending_inputs(const std::string& articles_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(articles_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".jsonl") {
      names.push_back(it->path().filename().string());
    }
  }
  if (ec && ec != std::errc::no_such_file_or_directory) return fail(articles_dir, ec.message());
  std::sort(names.begin(), names.end());

  std::map<std::string, std::size_t> kept;
  std::vector<Input> inputs;
  for (const auto& name : names) {
    const std::string path = articles_dir + "/" + name;
    const auto size = fs::file_size(path, ec);
    if (ec) return fail(path, ec.message());
    std::size_t start = get(name);
    if (start > size) {
      spdlog::warn("{}: shorter than the {} bytes already indexed; reading it again from the start",
                   path, start);
      start = 0;
    }
    kept[name] = start;
    if (start < size) inputs.push_back(Input{.path = path, .start = start, .position_key = name});
  }
  offsets_ = std::move(kept);
  return inputs;
}

}  // namespace gazette::indexer
