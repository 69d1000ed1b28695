#include "query/remote_fetchers.h"

#include <optional>
#include <system_error>
#include <thread>

namespace gazette::query {

struct RemoteFetchers::Worker {
  ShardLocation shard;
  std::optional<Xapian::Database> db;  // the connection: only the worker's thread touches it
  // Guarded by mutex_:
  std::vector<std::pair<std::size_t, Xapian::docid>> documents;  // the batch handed over
  bool has_batch = false;
  bool stale = false;
  std::thread thread;  // last: starts once the members above exist
};

RemoteFetchers::RemoteFetchers(unsigned timeout_ms) : timeout_ms_(timeout_ms) {}

RemoteFetchers::~RemoteFetchers() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& [key, worker] : workers_) worker->thread.join();
}

RemoteFetchers::Worker* RemoteFetchers::worker_for(const ShardLocation& shard,
                                                   std::size_t connection) {
  const auto key = std::make_pair(shard.label(), connection);
  if (const auto it = workers_.find(key); it != workers_.end()) return it->second.get();
  auto worker = std::make_unique<Worker>();
  worker->shard = shard;
  try {
    worker->thread = std::thread([this, w = worker.get()] { run(*w); });
  } catch (const std::system_error&) {
    return nullptr;  // no thread to be had: the batch stays undone, for the caller
  }
  return workers_.emplace(key, std::move(worker)).first->second.get();
}

void RemoteFetchers::start(std::vector<Batch> batches) {
  std::vector<std::pair<Worker*, Batch*>> handed;
  for (auto& batch : batches) {
    if (Worker* worker = worker_for(batch.shard, batch.connection)) {
      handed.emplace_back(worker, &batch);
    }
  }
  {
    const std::lock_guard lock(mutex_);
    for (auto& [worker, batch] : handed) {
      worker->documents = std::move(batch->documents);
      worker->has_batch = true;
      ++pending_;
    }
  }
  wake_.notify_all();
}

bool RemoteFetchers::next(std::size_t& index, std::string& data) {
  std::unique_lock lock(mutex_);
  arrived_.wait(lock, [this] { return !fetched_.empty() || pending_ == 0; });
  if (fetched_.empty()) return false;
  index = fetched_.front().first;
  data = std::move(fetched_.front().second);
  fetched_.pop_front();
  return true;
}

void RemoteFetchers::abandon() {
  std::unique_lock lock(mutex_);
  arrived_.wait(lock, [this] { return pending_ == 0; });
  fetched_.clear();
}

void RemoteFetchers::mark_stale() {
  const std::lock_guard lock(mutex_);
  for (auto& [key, worker] : workers_) worker->stale = true;
}

void RemoteFetchers::run(Worker& worker) {
  for (;;) {
    std::vector<std::pair<std::size_t, Xapian::docid>> documents;
    bool reopen = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || worker.has_batch; });
      if (!worker.has_batch) return;  // stopping
      documents = std::move(worker.documents);
      reopen = std::exchange(worker.stale, false);
    }
    try {
      if (!worker.db) {
        worker.db =
            Xapian::Remote::open(worker.shard.host, worker.shard.port, timeout_ms_, timeout_ms_);
      } else if (reopen) {
        worker.db->reopen();
      }
      for (const auto& [index, did] : documents) {
        std::string data = worker.db->get_document(did).get_data();
        {
          const std::lock_guard lock(mutex_);
          fetched_.emplace_back(index, std::move(data));
        }
        arrived_.notify_one();
      }
    } catch (const Xapian::Error&) {
      worker.db.reset();  // a new connection next time; the caller fetches what is missing
    } catch (const std::exception&) {
      worker.db.reset();
    }
    {
      const std::lock_guard lock(mutex_);
      worker.has_batch = false;
      --pending_;
    }
    arrived_.notify_one();
  }
}

}  // namespace gazette::query
