// The shard list of a sharded index: a Xapian stub file (XAPIANDB) in the index directory, one
// shard per line, in Xapian's own stub syntax so Xapian's tools open the directory too:
//   auto shard-0              a local database, relative to the index directory (or absolute)
//   remote 10.0.0.7:33333     a database served by xapian-tcpsrv on that host and port
// Blank lines and lines starting with '#' are ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace gazette {

inline constexpr std::string_view kStubFileName = "XAPIANDB";

struct ShardLocation {
  std::string path;  // local shard: its directory, resolved against the index directory
  std::string host;  // remote shard: xapian-tcpsrv's host ("" for a local shard)
  unsigned port = 0;

  [[nodiscard]] bool remote() const { return !host.empty(); }
  // For messages: the path, or "host:port".
  [[nodiscard]] std::string label() const;
};

// Whether `index_path` is a sharded index (a directory with a stub file).
[[nodiscard]] bool is_sharded_index(const std::string& index_path);

// The shards listed by the stub of the sharded index at `index_path`. Fails naming file:line for
// a line it cannot read, and when the stub lists no shard.
[[nodiscard]] Expected<std::vector<ShardLocation>> read_shard_list(const std::string& index_path);

// Writes the stub listing `shards` (local ones by the path given), replacing any previous one
// atomically (write to a temporary file, then rename).
[[nodiscard]] Expected<void> write_shard_list(const std::string& index_path,
                                              const std::vector<ShardLocation>& shards);

}  // namespace gazette
