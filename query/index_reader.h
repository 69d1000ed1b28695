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
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/error.h"
#include "common/shard_list.h"
#include "query/remote_fetchers.h"

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
  // Calls on_document(i, data) once for each docids[i] (documents of database()) with its data,
  // as get_document().get_data() gives it, in the order they arrive. Documents on a remote shard
  // are fetched several at once over kFetchConnections extra connections to it
  // (query/remote_fetchers.h), and handed over while the others are still on their way; the
  // rest are read one by one. Throws what Xapian throws (and what on_document throws), after the
  // fetching has stopped.
  void fetch_documents(const std::vector<Xapian::docid>& docids,
                       const std::function<void(std::size_t, std::string&&)>& on_document);

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
  // The extra connections to remote shards, started when first needed.
  std::unique_ptr<RemoteFetchers> fetchers_;
};

}  // namespace gazette::query
