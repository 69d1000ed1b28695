#include "query/index_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include <spdlog/spdlog.h>

namespace gazette::query {
namespace {

// What the index path leads to: the inode of what it names (through the link a rebuild swaps,
// or a directory renamed into place) and, for a sharded index, the identity of its shard list
// (inode, time, size: a rewritten or replaced stub). A commit changes none of them (Xapian writes
// inside the database directories), so a commit costs a reopen(), not an open.
std::string index_identity(const std::string& index_path) {
  struct stat st {};
  std::string identity;
  if (::stat(index_path.c_str(), &st) == 0) {
    identity = fmt::format("{}:{}", st.st_dev, st.st_ino);
  }
  const std::string stub = index_path + "/" + std::string(kStubFileName);
  if (::stat(stub.c_str(), &st) == 0) {
    identity += fmt::format(" {}:{}:{}.{}:{}", st.st_dev, st.st_ino, st.st_mtim.tv_sec,
                            st.st_mtim.tv_nsec, st.st_size);
  }
  return identity;
}

}  // namespace

Expected<IndexReader> IndexReader::open(const std::string& index_path, unsigned shard_timeout_ms) {
  std::vector<Shard> shards;
  const bool sharded = is_sharded_index(index_path);
  if (sharded) {
    auto list = read_shard_list(index_path);
    if (!list) return tl::unexpected(list.error());
    for (auto& location : *list) shards.push_back(Shard{std::move(location), std::nullopt, {}});
  } else {
    shards.push_back(
        Shard{ShardLocation{.path = index_path, .host = {}, .port = 0}, std::nullopt, {}});
  }
  try {
    IndexReader reader(index_path, std::move(shards), shard_timeout_ms);
    for (auto& shard : reader.shards_) {
      try {
        reader.connect(shard);
      } catch (const Xapian::Error& e) {
        if (!sharded) throw;
        // The index is here; one of its shards is not: say which, and why.
        return fail(shard.location.label(),
                    fmt::format("shard listed in {}/{} cannot be opened: {}", index_path,
                                kStubFileName, e.get_description()));
      }
    }
    if (std::none_of(reader.shards_.begin(), reader.shards_.end(),
                     [](const Shard& s) { return s.db.has_value(); })) {
      return fail(index_path, "no shard answers");
    }
    reader.combine();
    return reader;
  } catch (const Xapian::DatabaseNotFoundError&) {
    return fail(index_path, "no index here (run gazette-index first)");
  } catch (const Xapian::Error& e) {
    return fail(index_path, e.get_description());
  }
}

IndexReader::IndexReader(std::string index_path, std::vector<Shard> shards, unsigned timeout_ms)
    : index_path_(std::move(index_path)),
      identity_(index_identity(index_path_)),
      shards_(std::move(shards)),
      timeout_ms_(timeout_ms) {}

// Opens one shard. A local shard's errors propagate (its files are ours and must be there); a
// remote one that fails is marked missing until its retry time.
void IndexReader::connect(Shard& shard) const {
  if (!shard.location.remote()) {
    shard.db = Xapian::Database(shard.location.path);
    return;
  }
  try {
    shard.db =
        Xapian::Remote::open(shard.location.host, shard.location.port, timeout_ms_, timeout_ms_);
  } catch (const Xapian::NetworkError& e) {
    spdlog::warn("shard {} unavailable: {}", shard.location.label(), e.get_msg());
    shard.db.reset();
    shard.retry_at = std::chrono::steady_clock::now() + kShardRetryInterval;
  }
}

void IndexReader::leave_out(Shard& shard) {
  spdlog::warn("shard {} does not answer; searching without it", shard.location.label());
  shard.db.reset();
  fetchers_.reset();  // they are started again, to the shards that answer, when next needed
  shard.retry_at = std::chrono::steady_clock::now() + kShardRetryInterval;
}

void IndexReader::combine() {
  Xapian::Database combined;
  for (const auto& shard : shards_) {
    if (shard.db) combined.add_database(*shard.db);
  }
  db_ = combined;
}

bool IndexReader::has_remote_shards() const {
  return std::any_of(shards_.begin(), shards_.end(),
                     [](const Shard& s) { return s.location.remote(); });
}

std::vector<std::string> IndexReader::missing_shards() const {
  std::vector<std::string> labels;
  for (const auto& shard : shards_) {
    if (!shard.db) labels.push_back(shard.location.label());
  }
  return labels;
}

bool IndexReader::retry_missing() {
  const auto now = std::chrono::steady_clock::now();
  bool reconnected = false;
  for (auto& shard : shards_) {
    if (shard.db || now < shard.retry_at) continue;
    connect(shard);
    if (shard.db) {
      spdlog::info("shard {} is back", shard.location.label());
      reconnected = true;
    }
  }
  if (reconnected) combine();
  return reconnected;
}

void IndexReader::fetch_documents(
    const std::vector<Xapian::docid>& docids,
    const std::function<void(std::size_t, std::string&&)>& on_document) {
  // database() interleaves its shards' docids: did lives in shard (did - 1) % n as
  // (did - 1) / n + 1.
  std::vector<Shard*> active;
  for (auto& shard : shards_) {
    if (shard.db) active.push_back(&shard);
  }
  const auto n = static_cast<Xapian::docid>(active.size());
  // A remote shard's documents are dealt over its extra connections in turn.
  std::map<std::pair<Shard*, std::size_t>, RemoteFetchers::Batch> batches;
  std::map<Shard*, std::size_t> dealt;
  std::vector<char> handed(docids.size(), 0);
  for (std::size_t i = 0; i < docids.size() && docids.size() > 1; ++i) {
    Shard* shard = active[(docids[i] - 1) % n];
    if (!shard->location.remote()) continue;
    const std::size_t connection = dealt[shard]++ % kFetchConnections;
    auto& batch = batches[{shard, connection}];
    batch.shard = shard->location;
    batch.connection = connection;
    batch.documents.emplace_back(i, (docids[i] - 1) / n + 1);
    handed[i] = 1;
  }
  const auto read_here = [&](std::size_t i) {
    on_document(i, db_.get_document(docids[i]).get_data());
  };
  if (batches.empty()) {
    for (std::size_t i = 0; i < docids.size(); ++i) read_here(i);
    return;
  }
  if (!fetchers_) fetchers_ = std::make_unique<RemoteFetchers>(timeout_ms_);
  std::vector<RemoteFetchers::Batch> list;
  list.reserve(batches.size());
  for (auto& entry : batches) list.push_back(std::move(entry.second));
  fetchers_->start(std::move(list));
  std::vector<char> done(docids.size(), 0);
  try {
    for (std::size_t i = 0; i < docids.size(); ++i) {
      if (handed[i] == 0) read_here(i);
    }
    std::size_t index = 0;
    std::string data;
    while (fetchers_->next(index, data)) {
      done[index] = 1;
      on_document(index, std::move(data));
    }
  } catch (...) {
    fetchers_->abandon();  // its threads must not outlive what they were asked for
    throw;
  }
  // What a failed extra connection left undone, over the main one.
  for (std::size_t i = 0; i < docids.size(); ++i) {
    if (handed[i] != 0 && done[i] == 0) read_here(i);
  }
}

bool IndexReader::reopen() {
  if (index_identity(index_path_) != identity_) {
    auto fresh = open(index_path_, timeout_ms_);
    if (fresh) {
      spdlog::info("{}: the index was replaced; reading the new one", index_path_);
      *this = std::move(*fresh);
      return true;
    }
    spdlog::warn("{}: the index was replaced but cannot be opened yet: {}", index_path_,
                 fresh.error().to_string());
  }
  const bool reconnected = retry_missing();
  // The extra connections follow at their next use: never older than the main one.
  if (fetchers_) fetchers_->mark_stale();
  return db_.reopen() || reconnected;
}

bool IndexReader::leave_out_failed(const Xapian::NetworkError& error) {
  // Xapian names the connection in the error's context: "remote:tcp(host:port)".
  const std::string& context = error.get_context();
  bool left_out = false;
  for (auto& shard : shards_) {
    if (shard.db && shard.location.remote() &&
        context.find("(" + shard.location.label() + ")") != std::string::npos) {
      leave_out(shard);
      left_out = true;
    }
  }
  if (!left_out) {
    for (auto& shard : shards_) {
      if (!shard.db || !shard.location.remote()) continue;
      try {
        shard.db->keep_alive();
      } catch (const Xapian::NetworkError&) {
        leave_out(shard);
        left_out = true;
      }
    }
  }
  if (!left_out) return false;
  combine();
  return std::any_of(shards_.begin(), shards_.end(),
                     [](const Shard& s) { return s.db.has_value(); });
}

}  // namespace gazette::query
