#include "indexer/importer.h"

#include <chrono>
#include <deque>
#include <filesystem>
#include <future>
#include <thread>

#include "common/article.h"
#include "common/shard_list.h"
#include "indexer/document_builder.h"
#include "indexer/document_sink.h"
#include "indexer/import_lock.h"
#include "indexer/line_reader.h"

namespace gazette::indexer {
namespace {

// Lines handed to one worker at a time: large enough to amortise the hand-off, small enough to
// keep both cores busy.
constexpr std::size_t kChunkLines = 256;

struct Line {
  std::size_t source;  // index into the input names
  std::size_t number;
  std::string text;
};

using Chunk = std::vector<Line>;

struct BuiltChunk {
  std::vector<BuiltDocument> documents;
  std::vector<Error> rejected;  // the chunk's bad lines, in order
};

BuiltChunk build_chunk(const Chunk& chunk, const std::vector<std::string>& names,
                       const IndexConfig& config) {
  DocumentBuilder builder(config);
  BuiltChunk out;
  out.documents.reserve(chunk.size());
  for (const auto& line : chunk) {
    auto article = parse_article(line.text);
    if (!article) {
      out.rejected.push_back(
          Error{fmt::format("{}:{}", names[line.source], line.number), article.error().what});
      continue;
    }
    out.documents.push_back(builder.build(*article));
  }
  return out;
}

unsigned worker_count(const IndexConfig& config) {
  if (config.threads != 0) return config.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

// How many shards the import writes: an existing index keeps its layout (asking for another
// count is an error: it would need a rebuild); a new one gets `shards` from the config, by
// default one per worker, since one Xapian writer is bound to one core. One shard is a single
// database.
Expected<unsigned> shard_count(const std::string& index_path, const IndexConfig& config,
                               unsigned workers) {
  std::error_code ec;
  if (!std::filesystem::exists(index_path, ec)) return config.shards != 0 ? config.shards : workers;
  unsigned existing = 1;
  if (is_sharded_index(index_path)) {
    auto list = read_shard_list(index_path);
    if (!list) return tl::unexpected(list.error());
    existing = static_cast<unsigned>(list->size());
  }
  if (config.shards != 0 && config.shards != existing) {
    return fail(index_path, fmt::format("the index has {} shard(s), not {}: rebuild it into a new "
                                        "directory to change the shard count",
                                        existing, config.shards));
  }
  return existing;
}

Expected<ImportStats> import_all(const std::vector<std::string>& inputs,
                                 const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto lock = ImportLock::acquire(options.index_path);
  if (!lock) return tl::unexpected(lock.error());
  const unsigned workers = worker_count(options.config);
  auto shards = shard_count(options.index_path, options.config, workers);
  if (!shards) return tl::unexpected(shards.error());
  auto sink = *shards > 1
                  ? open_sharded_sink(options.index_path, *shards, options.config.batch_size)
                  : open_index_writer_sink(options.index_path, options.config.batch_size);
  if (!sink) return tl::unexpected(sink.error());

  // Names for messages: "-" reads as "<stdin>".
  std::vector<std::string> names(inputs);
  for (auto& name : names) {
    if (name == "-") name = "<stdin>";
  }
  ImportStats stats;
  const auto report = [&](const Error& e) {
    ++stats.rejected;
    if (options.on_rejected) options.on_rejected(e);
  };
  const auto update = [&] {
    stats.added = (*sink)->added();
    stats.replaced = (*sink)->replaced();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  const auto write = [&](BuiltChunk&& built) -> Expected<void> {
    for (const auto& e : built.rejected) report(e);
    if (auto ok = (*sink)->write(std::move(built.documents)); !ok) {
      return ok;
    }
    if (options.on_progress) {
      update();
      options.on_progress(stats);
    }
    return {};
  };

  // Chunks being built, oldest first; the writer always takes the oldest so input order holds.
  std::deque<std::future<BuiltChunk>> in_flight;
  const auto drain_one = [&]() -> Expected<void> {
    auto built = in_flight.front().get();
    in_flight.pop_front();
    return write(std::move(built));
  };

  // Builds a chunk on a worker (or inline with one thread), writing the oldest when all are busy.
  const auto submit = [&](Chunk&& chunk) -> Expected<void> {
    if (workers <= 1) return write(build_chunk(chunk, names, options.config));
    if (in_flight.size() >= workers) {
      if (auto ok = drain_one(); !ok) return ok;
    }
    in_flight.push_back(std::async(std::launch::async, build_chunk, std::move(chunk),
                                   std::cref(names), std::cref(options.config)));
    return {};
  };

  for (std::size_t source = 0; source < inputs.size(); ++source) {
    auto reader = LineReader::open(inputs[source], options.max_line_bytes);
    if (!reader) {
      stats.unreadable.push_back(reader.error());
      continue;
    }
    Chunk chunk;
    std::string text;
    bool more = true;
    while (more) {
      const auto status = reader->next(text);
      if (status == LineReader::Status::kLine) {
        if (text.find_first_not_of(" \t") == std::string::npos) continue;  // blank line
        chunk.push_back(Line{source, reader->line_number(), std::move(text)});
        text = std::string();
      } else if (status == LineReader::Status::kTooLong) {
        report(Error{fmt::format("{}:{}", reader->path(), reader->line_number()),
                     fmt::format("line longer than {} bytes", options.max_line_bytes)});
      } else {
        if (status == LineReader::Status::kError) {
          stats.unreadable.push_back(Error{reader->path(), reader->error()});
        }
        more = false;
      }
      if (chunk.size() == kChunkLines || (!more && !chunk.empty())) {
        if (auto ok = submit(std::move(chunk)); !ok) return tl::unexpected(ok.error());
        chunk = Chunk{};
      }
    }
    stats.bytes += reader->bytes_read();
  }
  while (!in_flight.empty()) {
    if (auto ok = drain_one(); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = (*sink)->finish(); !ok) return tl::unexpected(ok.error());
  update();
  return stats;
}

}  // namespace

Expected<ImportStats> import_jsonl(const std::vector<std::string>& inputs,
                                   const ImportOptions& options) {
  try {
    return import_all(inputs, options);
  } catch (const Xapian::Error& e) {
    return fail(options.index_path, e.get_description());
  } catch (const std::exception& e) {
    return fail(options.index_path, e.what());
  }
}

}  // namespace gazette::indexer
