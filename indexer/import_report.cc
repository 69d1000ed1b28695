#include "indexer/import_report.h"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace gazette::indexer {

namespace {

// Past this many, rejected (or cut) lines are only counted: a wrong input must not flood the log.
constexpr std::size_t kMaxRejectionsLogged = 100;

// Seconds as a divisor: an import faster than a millisecond counts as one.
double rate_seconds(const ImportStats& stats) { return std::max(stats.seconds, 1e-3); }

}  // namespace

bool indexed_everything(const ImportStats& stats) {
  return stats.rejected == 0 && stats.unreadable.empty();
}

void ImportProgress::attach(ImportOptions& options) {
  options.on_rejected = [this](const Error& e) {
    warn(rejected_, fmt::format("rejected {}", e.to_string()), "rejected lines");
  };
  options.on_cut = [this](const Error& e) {
    warn(cut_,
         fmt::format("{}: record cut to the indexer's limits and indexed: {}", e.where, e.what),
         "cut records");
  };
  options.on_progress = [this](const ImportStats& s) { progressed(s); };
}

void ImportProgress::warn(std::size_t& count, const std::string& message, std::string_view what) {
  if (count++ < kMaxRejectionsLogged) {
    line_.clear();
    spdlog::warn("{}", message);
  } else if (count == kMaxRejectionsLogged + 1) {
    spdlog::warn("more {} follow; only the count is reported from here on", what);
  }
}

void ImportProgress::progressed(const ImportStats& s) {
  if (!line_.due()) return;
  const auto done = s.added + s.replaced;
  line_.draw(fmt::format("indexed {} articles, {:.0f} articles/s, {} rejected", done,
                         static_cast<double>(done) / rate_seconds(s), s.rejected));
}

std::string format_import_summary(const ImportStats& stats, const std::string& index_path) {
  std::string older;
  if (stats.older > 0) {
    older = fmt::format("; {} records older than the indexed version of their article skipped",
                        stats.older);
  }
  return fmt::format(
      "summary: {} added, {} replaced, {} rejected, {} unreadable inputs in {:.2f} s "
      "({:.0f} articles/s, {:.2f} MB/s) into {}{}",
      stats.added, stats.replaced, stats.rejected, stats.unreadable.size(), stats.seconds,
      static_cast<double>(stats.added + stats.replaced) / rate_seconds(stats),
      static_cast<double>(stats.bytes) / 1e6 / rate_seconds(stats), index_path, older);
}

std::string format_rebuild_summary(const RebuildResult& result, const std::string& index_path,
                                   const std::string& articles_dir) {
  return fmt::format(
      "rebuilt {} from {}: {} articles in {:.2f} s; now serving {}, previous {} kept", index_path,
      articles_dir, result.stats.added, result.stats.seconds, result.generation,
      result.previous.empty() ? "(none)" : result.previous);
}

}  // namespace gazette::indexer
