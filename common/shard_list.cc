#include "common/shard_list.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gazette {
namespace fs = std::filesystem;

namespace {

std::string stub_path(const std::string& index_path) {
  return index_path + "/" + std::string(kStubFileName);
}

// "host:port" with a port in 1..65535; the host is everything before the last colon.
bool parse_endpoint(const std::string& text, ShardLocation& shard) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(first, last, port);
  if (ec != std::errc() || end != last || port == 0 || port > 65535) return false;
  shard.host = text.substr(0, colon);
  shard.port = port;
  return true;
}

}  // namespace

std::string ShardLocation::label() const {
  return remote() ? host + ":" + std::to_string(port) : path;
}

bool is_sharded_index(const std::string& index_path) {
  std::error_code ec;
  return fs::is_regular_file(stub_path(index_path), ec);
}

Expected<std::vector<ShardLocation>> read_shard_list(const std::string& index_path) {
  const std::string stub = stub_path(index_path);
  std::ifstream in(stub);
  if (!in) return fail(stub, "cannot read the shard list");
  std::vector<ShardLocation> shards;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    std::string backend, where, extra;
    if (!(words >> backend) || backend.starts_with("#")) continue;
    const bool parsed = static_cast<bool>(words >> where) && !(words >> extra);
    ShardLocation shard;
    if (parsed && (backend == "auto" || backend == "glass")) {
      shard.path = fs::path(where).is_absolute() ? where : index_path + "/" + where;
    } else if (!parsed || backend != "remote" || !parse_endpoint(where, shard)) {
      return fail(stub + ":" + std::to_string(number),
                  "\"" + line + "\": expected \"auto PATH\" or \"remote HOST:PORT\"");
    }
    shards.push_back(std::move(shard));
  }
  if (shards.empty()) return fail(stub, "lists no shards");
  return shards;
}

Expected<void> write_shard_list(const std::string& index_path,
                                const std::vector<ShardLocation>& shards) {
  std::string listing;
  for (const auto& shard : shards) {
    listing += shard.remote() ? "remote " + shard.label() + "\n" : "auto " + shard.path + "\n";
  }
  const std::string stub = stub_path(index_path);
  const std::string tmp = stub + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << listing;
    out.flush();
    if (!out) return fail(tmp, "cannot write the shard list");
  }
  std::error_code ec;
  fs::rename(tmp, stub, ec);
  if (ec) return fail(stub, ec.message());
  return {};
}

}  // namespace gazette
