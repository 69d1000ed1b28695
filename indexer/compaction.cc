#include "indexer/compaction.h"

#include <fcntl.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <future>

#include <spdlog/spdlog.h>

#include <xapian.h>

#include "common/shard_list.h"
#include "indexer/table_sizes.h"

namespace gazette::indexer {
namespace fs = std::filesystem;

namespace {

// Where the compacted copy is written: beside the database, so the exchange is one rename on
// one file system. Resolved through links, so a generation link (`index` -> `index.gen-3`)
// stays a link and its generation directory is what gets replaced.
fs::path leftover_path(const fs::path& database) { return database.string() + ".compacting"; }

// Bytes in the files of a directory tree (0 for what cannot be read).
std::uintmax_t disk_bytes(const fs::path& directory) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(directory, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code size_error;
    if (it->is_regular_file(size_error)) total += it->file_size(size_error);
  }
  return total;
}

}  // namespace

bool worth_compacting(std::size_t before, std::size_t after) {
  return after > 0 && after >= 2 * before;
}

void discard_leftover(const std::string& path) {
  std::error_code ec;
  const fs::path database = fs::weakly_canonical(path, ec);
  if (ec) return;
  fs::remove_all(leftover_path(database), ec);
}

Expected<void> compact_database(const std::string& path) {
  std::error_code ec;
  const fs::path database = fs::canonical(path, ec);
  if (ec) return fail(path, ec.message());
  const fs::path copy = leftover_path(database);
  fs::remove_all(copy, ec);
  try {
    Xapian::Database source(database.string());
    // Document ids stay as they are: a compacted copy is the same index, not a merge.
    source.compact(copy.string(), Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
    Xapian::WritableDatabase compacted(copy.string(), Xapian::DB_OPEN);
    if (compacted.get_doccount() != source.get_doccount()) {
      fs::remove_all(copy, ec);
      return fail(path, "the compacted copy does not hold every document; kept the original");
    }
    // A compacted copy is a new database: it starts its own record of table sizes, so that a
    // file of it cut short is found from the first import on (see table_sizes.h).
    store_table_sizes(compacted, table_sizes(copy.string(), compacted));
    compacted.commit();
  } catch (const Xapian::Error& e) {
    fs::remove_all(copy, ec);
    return fail(path, "compaction failed: " + e.get_description());
  }
  if (renameat2(AT_FDCWD, copy.c_str(), AT_FDCWD, database.c_str(), RENAME_EXCHANGE) != 0) {
    const std::string reason = std::strerror(errno);
    fs::remove_all(copy, ec);
    return fail(path, "cannot swap in the compacted copy: " + reason);
  }
  fs::remove_all(copy, ec);  // now the original
  return {};
}

std::size_t compact_databases(const std::vector<std::string>& paths) {
  if (paths.empty()) return 0;
  const auto start = std::chrono::steady_clock::now();
  std::uintmax_t before = 0;
  for (const auto& path : paths) before += disk_bytes(path);
  std::vector<std::future<Expected<void>>> running;
  running.reserve(paths.size());
  for (const auto& path : paths) {
    running.push_back(std::async(std::launch::async, [&path] { return compact_database(path); }));
  }
  std::size_t compacted = 0;
  for (auto& result : running) {
    if (auto ok = result.get(); ok) {
      ++compacted;
    } else {
      spdlog::warn("{} (the index works as it is; searches are a little slower)",
                   ok.error().to_string());
    }
  }
  std::uintmax_t after = 0;
  for (const auto& path : paths) after += disk_bytes(path);
  spdlog::info("compacted {} of {} database(s) in {:.1f} s: {:.1f} MB -> {:.1f} MB", compacted,
               paths.size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
               static_cast<double>(before) / 1e6, static_cast<double>(after) / 1e6);
  return compacted;
}

Expected<void> republish_shard_list(const std::string& index_path) {
  const fs::path stub = fs::path(index_path) / kStubFileName;
  const fs::path fresh = stub.string() + ".republish";
  std::error_code ec;
  fs::copy_file(stub, fresh, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(fresh, stub, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(fresh, ec);
    return fail(stub.string(), "cannot rewrite the shard list: " + reason);
  }
  return {};
}

}  // namespace gazette::indexer
