// The read side of an index: one Xapian::Database over a single database, or over every shard a
// stub lists (common/shard_list.h): local directories and remote xapian-tcpsrv servers, the
// latter opened with our timeouts (Xapian's stub file has no place for them).
//
// A remote shard that cannot be reached, or does not answer within the timeout, is left out:
// searches go on over the other shards and say which are missing (partial results), and the
// shard is tried again every kShardRetrySeconds. A local shard that cannot be opened, or no
// shard left at all, is an error: the index is unavailable.
// Not thread-safe: one IndexReader per thread, like the Xapian::Database it holds.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/error.h"
#include "common/shard_list.h"

namespace gazette::query {

inline constexpr std::chrono::seconds kShardRetryInterval{10};
// Extra connections per remote shard for fetching a page's documents at once.
inline constexpr std::size_t kFetchConnections = 3;

class IndexReader {
 public:
  [[nodiscard]] static Expected<IndexReader> open(const std::string& index_path,
                                                  unsigned shard_timeout_ms);

  // The shards that answer, as one database.
  [[nodiscard]] const Xapian::Database& database() const { return db_; }
  // The data of documents of database(), by its docids, as get_document().get_data() gives it.
  // Xapian 1.4's remote backend spends a network round trip per document and does not pipeline
  // them, so documents on remote shards are fetched several at once, over a few extra
  // connections per shard on threads of their own; the others one by one. Throws what Xapian
  // throws.
  [[nodiscard]] std::vector<std::string> document_data(const std::vector<Xapian::docid>& docids);

  // Whether some shard is served over the network (xapian-tcpsrv).
  [[nodiscard]] bool has_remote_shards() const;
  // Labels ("host:port") of the shards left out of database(), in stub order.
  [[nodiscard]] std::vector<std::string> missing_shards() const;

  // Moves every shard to its latest revision and reconnects missing shards whose retry time has
  // come. An index path that now leads elsewhere (a rebuild swapped in a new generation) or a
  // rewritten shard list is opened afresh. Returns whether database() changed. Throws what
  // Xapian throws.
  bool reopen();
  // Reconnects missing shards whose retry time has come; cheap when there is none. Returns
  // whether database() changed.
  bool retry_missing();
  // After a Xapian::NetworkError from a search: leaves out the shard it names, or else every
  // remote shard that fails a keep-alive. Returns whether the search is worth running again:
  // a shard was left out and at least one is left.
  bool leave_out_failed(const Xapian::NetworkError& error);

 private:
  struct Shard {
    ShardLocation location;
    std::optional<Xapian::Database> db;  // nullopt: missing
    std::chrono::steady_clock::time_point retry_at;
    // Remote shards: extra connections for document_data(), opened when first needed; `stale`
    // ones must reopen() (move to the newest revision) before use.
    std::vector<std::optional<Xapian::Database>> fetchers;
    std::vector<char> stale;
  };

  IndexReader(std::string index_path, std::vector<Shard> shards, unsigned timeout_ms);
  void connect(Shard& shard) const;
  void leave_out(Shard& shard);
  void combine();

  std::string index_path_;
  std::string identity_;  // where index_path_ led when opened (see index_identity)
  std::vector<Shard> shards_;
  unsigned timeout_ms_;
  Xapian::Database db_;
};

}  // namespace gazette::query
