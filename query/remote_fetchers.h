// Threads that fetch documents from remote shards, each over a connection of its own. Xapian
// 1.4's remote backend spends a network round trip per document and does not pipeline them, so
// a results page would wait for its round trips one after another; spread over a few
// connections per shard, they overlap, and the caller works on each document as it arrives.
// The threads live as long as this object: a search pays a wake-up per connection, not a
// thread start.
// Not thread-safe: one owner thread calls everything (an IndexReader's).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "common/shard_list.h"

namespace gazette::query {

class RemoteFetchers {
 public:
  explicit RemoteFetchers(unsigned timeout_ms);
  ~RemoteFetchers();
  RemoteFetchers(const RemoteFetchers&) = delete;
  RemoteFetchers& operator=(const RemoteFetchers&) = delete;

  // Documents for one connection: `connection` numbers the connections to one shard.
  struct Batch {
    ShardLocation shard;
    std::size_t connection = 0;
    std::vector<std::pair<std::size_t, Xapian::docid>> documents;  // (caller's index, shard docid)
  };

  // Starts fetching every batch, each on its connection's thread. A connection is opened when
  // first used; one that fails is dropped, and the rest of its batch left undone (a new one is
  // opened next time). The previous round must have been finished (next() returned false).
  void start(std::vector<Batch> batches);
  // Waits for the next document fetched: its index and data. False once every batch of the
  // round has finished and every fetched document was returned.
  bool next(std::size_t& index, std::string& data);
  // Ends the round early: waits for the batches still running and drops what they fetched.
  void abandon();

  // Every connection moves to the newest revision before its next fetch.
  void mark_stale();

 private:
  struct Worker;
  void run(Worker& worker);
  Worker* worker_for(const ShardLocation& shard, std::size_t connection);

  const unsigned timeout_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;     // a batch was handed out, or stopping
  std::condition_variable arrived_;  // a document was fetched, or a batch finished
  // Guarded by mutex_:
  std::size_t pending_ = 0;  // batches of this round still running
  std::deque<std::pair<std::size_t, std::string>> fetched_;
  bool stopping_ = false;
  // Only the owner thread changes the map; each worker reads its own entry.
  std::map<std::pair<std::string, std::size_t>, std::unique_ptr<Worker>> workers_;
};

}  // namespace gazette::query
