// The shard list, a Xapian stub file (common/shard_list.h). Input: the stub's bytes, written as
// XAPIANDB in a scratch index directory. Properties: an error names the stub file (with the line
// when one is at fault); a list that reads is not empty, every shard is either a path or a
// host with a port in 1..65535, and writing it and reading it back gives the same shards.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "common/shard_list.h"
#include "fuzz/fuzz_support.h"

using gazette::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string dir = gazette::fuzz::scratch_dir() + "/index";
  const std::string copy = gazette::fuzz::scratch_dir() + "/copy";
  static const bool made =
      std::filesystem::create_directories(dir) && std::filesystem::create_directories(copy);
  require(made, "the scratch index directories exist");
  const std::string stub = dir + "/" + std::string(gazette::kStubFileName);
  gazette::fuzz::write_file(stub, gazette::fuzz::as_view(data, size));

  const auto shards = gazette::read_shard_list(dir);
  if (!shards) {
    require(shards.error().where.starts_with(stub), "an error names the stub file");
    return 0;
  }
  require(!shards->empty(), "a stub that reads lists a shard");
  for (const auto& shard : *shards) {
    require(shard.remote() ? shard.path.empty() && shard.port >= 1 && shard.port <= 65535
                           : !shard.path.empty() && shard.port == 0,
            "a shard is a path or a host:port");
  }
  require(gazette::write_shard_list(copy, *shards).has_value(), "the list can be written");
  const auto back = gazette::read_shard_list(copy);
  require(back.has_value() && back->size() == shards->size(), "a written list reads back");
  for (std::size_t i = 0; i < shards->size(); ++i) {
    const auto& a = (*shards)[i];
    const auto& b = (*back)[i];
    require(a.path == b.path && a.host == b.host && a.port == b.port,
            "a written list reads back as the same shards");
  }
  return 0;
}
