#include "indexer/generations.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include <spdlog/spdlog.h>
#include <xapian.h>

#include "indexer/import_lock.h"

namespace gazette::indexer {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kGenerationMark = ".gen-";

// Generation numbers present beside the index ("index.gen-7" -> 7).
std::vector<int> generation_numbers(const fs::path& index) {
  std::vector<int> numbers;
  const std::string prefix = index.filename().string() + std::string(kGenerationMark);
  std::error_code ec;
  for (fs::directory_iterator it(index.parent_path(), ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string digits = name.substr(prefix.size());
    if (!digits.empty() && digits.size() < 9 &&
        digits.find_first_not_of("0123456789") == std::string::npos) {
      numbers.push_back(std::stoi(digits));
    }
  }
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

fs::path generation_path(const fs::path& index, int number) {
  return index.parent_path() /
         (index.filename().string() + std::string(kGenerationMark) + std::to_string(number));
}

// Opens the new generation as a reader would and reads a document: a build that cannot be
// searched is never swapped in.
Expected<void> check_generation(const fs::path& generation, std::size_t expected) {
  try {
    Xapian::Database db(generation.string());
    if (db.get_doccount() != expected) {
      return fail(generation.string(),
                  fmt::format("holds {} articles, {} were written", db.get_doccount(), expected));
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    const Xapian::MSet top = enquire.get_mset(0, 1);
    if (expected > 0 && (top.empty() || top.begin().get_document().get_data().empty())) {
      return fail(generation.string(), "no document can be read back");
    }
    return {};
  } catch (const Xapian::Error& e) {
    return fail(generation.string(), "check failed: " + e.get_description());
  }
}

// Makes `index` a link to `target` (a sibling's name) in one step. A real directory at `index`
// (an index that was never rebuilt) is exchanged with the link atomically (renameat2) and then
// kept as `previous_name`. Returns the previous target's path ("" when there was none).
Expected<std::string> point_index_at(const fs::path& index, const fs::path& target,
                                     const fs::path& previous_name) {
  std::error_code ec;
  const fs::path swap = index.string() + ".swap";
  fs::remove(swap, ec);
  fs::create_directory_symlink(target.filename(), swap, ec);
  if (ec) return fail(swap.string(), ec.message());
  const auto status = fs::symlink_status(index, ec);
  if (fs::is_symlink(status)) {
    const fs::path previous = index.parent_path() / fs::read_symlink(index, ec);
    fs::rename(swap, index, ec);
    if (ec) return fail(index.string(), ec.message());
    return previous.string();
  }
  if (!fs::exists(status)) {
    fs::rename(swap, index, ec);
    if (ec) return fail(index.string(), ec.message());
    return std::string();
  }
  if (renameat2(AT_FDCWD, swap.c_str(), AT_FDCWD, index.c_str(), RENAME_EXCHANGE) != 0) {
    return fail(index.string(),
                std::string("cannot swap in the new generation: ") + std::strerror(errno));
  }
  fs::rename(swap, previous_name, ec);  // `swap` now names the old directory
  if (ec) return fail(swap.string(), ec.message());
  return previous_name.string();
}

// Removes a generation and the lock file its import left beside it.
std::error_code remove_generation(const fs::path& path) {
  std::error_code ec;
  std::error_code ignored;
  fs::remove_all(path, ec);
  fs::remove(ImportLock::path_for(path.string()), ignored);
  return ec;
}

// Removes generations older than the two newest in use (current and previous).
void remove_old_generations(const fs::path& index, const std::string& current,
                            const std::string& previous) {
  for (const int number : generation_numbers(index)) {
    const fs::path path = generation_path(index, number);
    if (path == fs::path(current) || path == fs::path(previous)) continue;
    if (const auto ec = remove_generation(path))
      spdlog::warn("{}: cannot remove an old generation: {}", path.string(), ec.message());
  }
}

}  // namespace

Expected<RebuildResult> rebuild_index(const std::string& articles_dir,
                                      const ImportOptions& options) {
  const fs::path index = fs::absolute(options.index_path);
  auto lock = ImportLock::acquire(index.string());
  if (!lock) return tl::unexpected(lock.error());

  const auto numbers = generation_numbers(index);
  const int number = numbers.empty() ? 1 : numbers.back() + 1;
  const fs::path generation = generation_path(index, number);
  (void)remove_generation(generation);  // a leftover of a rebuild that was killed

  ImportOptions build = options;
  build.index_path = generation.string();
  auto stats = import_new_articles(articles_dir, build);
  const auto discard = [&](const Error& e) -> Expected<RebuildResult> {
    (void)remove_generation(generation);
    return tl::unexpected(e);
  };
  if (!stats) return discard(stats.error());
  if (auto ok = check_generation(generation, stats->added); !ok) return discard(ok.error());

  auto previous = point_index_at(index, generation, generation_path(index, 0));
  if (!previous) return discard(previous.error());
  remove_old_generations(index, generation.string(), *previous);
  return RebuildResult{*stats, generation.string(), *previous};
}

Expected<RebuildResult> roll_back_index(const std::string& index_path) {
  const fs::path index = fs::absolute(index_path);
  auto lock = ImportLock::acquire(index.string());
  if (!lock) return tl::unexpected(lock.error());
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(index, ec))) {
    return fail(index.string(), "was never rebuilt: there is no previous generation");
  }
  const fs::path current = index.parent_path() / fs::read_symlink(index, ec);
  // The previous generation is the newest other one.
  auto numbers = generation_numbers(index);
  std::optional<fs::path> previous;
  for (auto it = numbers.rbegin(); it != numbers.rend() && !previous; ++it) {
    const fs::path candidate = generation_path(index, *it);
    if (candidate != current) previous = candidate;
  }
  if (!previous) return fail(index.string(), "there is no previous generation to go back to");
  auto replaced = point_index_at(index, *previous, {});
  if (!replaced) return tl::unexpected(replaced.error());
  return RebuildResult{ImportStats{}, previous->string(), *replaced};
}

}  // namespace gazette::indexer
