#include "indexer/importer.h"

#include <chrono>
#include <deque>
#include <filesystem>
#include <future>
#include <optional>
#include <thread>

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "common/article.h"
#include "common/shard_list.h"
#include "common/utf8.h"
#include "indexer/document_builder.h"
#include "indexer/document_sink.h"
#include "indexer/import_lock.h"
#include "indexer/input_positions.h"
#include "indexer/line_reader.h"
#include "indexer/record_formats.h"
#include "indexer/record_limits.h"

namespace gazette::indexer {
namespace {

// Lines handed to one worker at a time: large enough to amortise the hand-off, small enough to
// keep both cores busy.
constexpr std::size_t kChunkLines = 256;

// One record's text: a line of JSON Lines, a CSV record (its lines), an element of a JSON
// document (re-serialised).
struct Line {
  std::size_t source;  // index into the input names
  std::size_t number;  // the line it starts on; in a JSON document, the record's number
  std::string text;
};

// How one input's records are read.
struct InputFormat {
  InputKind kind = InputKind::kJsonLines;
  JsonDialect dialect = JsonDialect::kAuto;
  CsvColumns csv;  // for kCsv
};

struct Chunk {
  std::vector<Line> lines;
  std::size_t source = 0;      // the input the lines come from
  std::size_t end_offset = 0;  // byte position in that input after the chunk's last line
  std::shared_ptr<const InputFormat> format;
};

struct BuiltChunk {
  std::vector<BuiltDocument> documents;
  std::vector<Error> rejected;  // the chunk's bad lines, in order
  std::vector<Error> cut;       // the chunk's records cut to record_limits.h, in order
  std::size_t source = 0;
  std::size_t end_offset = 0;
};

// Parses one line, cuts it to the record limits (saying what was cut in `cut`) and builds its
// document. Every failure one record can cause, an exception from a library included, is that
// record's rejection: one bad record must never stop an import, nor keep `update` from moving
// past it.
Expected<BuiltDocument> build_record(DocumentBuilder& builder, const std::string& line,
                                     const InputFormat& format, std::string& cut) {
  try {
    auto article = format.kind == InputKind::kCsv ? parse_csv_record(line, format.csv)
                                                  : parse_json_record(line, format.dialect);
    if (!article) return tl::unexpected(article.error());
    cut = limit_record(*article);
    return builder.build(*article);
  } catch (const Xapian::Error& e) {
    return fail("", e.get_description());
  } catch (const std::exception& e) {
    return fail("", e.what());
  }
}

BuiltChunk build_chunk(const Chunk& chunk, const std::vector<std::string>& names,
                       const IndexConfig& config) {
  DocumentBuilder builder(config);
  BuiltChunk out;
  out.source = chunk.source;
  out.end_offset = chunk.end_offset;
  out.documents.reserve(chunk.lines.size());
  for (const auto& line : chunk.lines) {
    std::string cut;
    auto built = build_record(builder, line.text, *chunk.format, cut);
    const auto where = [&] {
      return chunk.format->kind == InputKind::kJsonDocument
                 ? fmt::format("{}: record {}", names[line.source], line.number)
                 : fmt::format("{}:{}", names[line.source], line.number);
    };
    if (!cut.empty()) out.cut.push_back(Error{where(), cut});
    if (built) {
      out.documents.push_back(std::move(*built));
    } else {
      out.rejected.push_back(Error{where(), built.error().what});
    }
  }
  return out;
}

// The first bytes of the file at `path` ("" when it cannot be read: opening it again reports why).
std::string first_bytes(const std::string& path) {
  std::string out(4096, '\0');
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return {};
  out.resize(std::fread(out.data(), 1, out.size(), f));
  std::fclose(f);
  return out;
}

// Reads a CSV input's header row (its lines, when a quoted name spans them).
Expected<CsvColumns> read_csv_header(LineReader& reader, const std::vector<std::string>& renames) {
  std::string header;
  std::string line;
  bool open = false;
  while (true) {
    const auto status = reader.next(line);
    if (status == LineReader::Status::kTooLong) return fail("", "the header row is too long");
    if (status != LineReader::Status::kLine) {
      if (status == LineReader::Status::kError) return fail("", reader.error());
      return fail("", "no header row: a CSV input starts with the names of its columns");
    }
    if (header.empty() && line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!header.empty()) header += '\n';
    header += line;
    open = open != csv_record_open(line);
    if (!open) break;
  }
  // Spreadsheets write "UTF-8 CSV" with a byte order mark, which is no part of the first name.
  if (header.starts_with("\xEF\xBB\xBF")) header.erase(0, 3);
  auto names = split_csv_record(header);
  if (!names) return tl::unexpected(names.error());
  return csv_columns(*names, renames);
}

// The records of a JSON document: itself when it is an object, its elements when it is an array.
Expected<std::vector<std::string>> split_document(const std::string& document) {
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(document);
  } catch (const nlohmann::json::exception&) {
    auto why = parse_article(document);  // its message says where the JSON breaks
    return fail("", why ? "invalid JSON" : why.error().what);
  }
  std::vector<std::string> records;
  if (value.is_object()) {
    records.push_back(document);
  } else if (value.is_array()) {
    for (const auto& element : value) records.push_back(element.dump());
  } else {
    return fail("", "a JSON document must be an object or an array of objects");
  }
  return records;
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

// Reads the inputs in order and upserts their records into the (locked) index. With
// `positions`, every commit also stores how far each input was read (see InputPositions), and a
// last line without its newline is left for a later run: its writer may still be appending.
Expected<ImportStats> import_all(const std::vector<Input>& inputs, const ImportOptions& options,
                                 std::optional<InputPositions> positions) {
  const auto start = std::chrono::steady_clock::now();
  const unsigned workers = worker_count(options.config);
  auto shards = shard_count(options.index_path, options.config, workers);
  if (!shards) return tl::unexpected(shards.error());
  auto sink = *shards > 1
                  ? open_sharded_sink(options.index_path, *shards, options.config.batch_size)
                  : open_index_writer_sink(options.index_path, options.config.batch_size);
  if (!sink) return tl::unexpected(sink.error());

  // Names for messages: "-" reads as "<stdin>".
  std::vector<std::string> names;
  names.reserve(inputs.size());
  for (const auto& input : inputs) names.push_back(input.path == "-" ? "<stdin>" : input.path);
  ImportStats stats;
  const auto report = [&](const Error& e) {
    ++stats.rejected;
    if (options.on_rejected) options.on_rejected(e);
  };
  const auto update = [&] {
    stats.added = (*sink)->counts().added;
    stats.replaced = (*sink)->counts().replaced;
    stats.older = (*sink)->counts().older;
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  const auto write = [&](BuiltChunk&& built) -> Expected<void> {
    for (const auto& e : built.cut) {
      ++stats.cut;
      if (options.on_cut) options.on_cut(e);
    }
    for (const auto& e : built.rejected) report(e);
    std::string position;
    if (positions) {
      positions->set(inputs[built.source].position_key, built.end_offset);
      position = positions->encode();
    }
    if (auto ok = (*sink)->write(std::move(built.documents), position); !ok) {
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
    auto reader =
        LineReader::open(inputs[source].path, options.max_line_bytes, inputs[source].start);
    if (!reader) {
      stats.unreadable.push_back(reader.error());
      continue;
    }
    auto format = std::make_shared<InputFormat>();
    if (positions) {
      format->dialect = JsonDialect::kGazette;  // the crawler's articles
    } else {
      format->kind = options.format.kind.value_or(input_kind_of(
          inputs[source].path, inputs[source].path == "-" ? "" : first_bytes(inputs[source].path)));
      format->dialect = options.format.dialect;
    }
    if (format->kind == InputKind::kCsv) {
      auto columns = read_csv_header(*reader, options.csv_columns);
      if (!columns) {
        stats.unreadable.push_back(Error{names[source], columns.error().what});
        continue;
      }
      if (!columns->ignored.empty()) {
        spdlog::warn("{}: columns not read: {}", names[source], fmt::join(columns->ignored, ", "));
      }
      format->csv = std::move(*columns);
    }
    Chunk chunk{
        .lines = {}, .source = source, .end_offset = inputs[source].start, .format = format};
    const auto add = [&](Line&& line) -> Expected<void> {
      chunk.lines.push_back(std::move(line));
      if (chunk.lines.size() < kChunkLines) return {};
      const std::size_t end = chunk.end_offset;
      auto ok = submit(std::move(chunk));
      chunk = Chunk{.lines = {}, .source = source, .end_offset = end, .format = format};
      return ok;
    };
    std::string text;
    std::string record;  // a CSV record, or the whole JSON document, read so far
    std::size_t record_line = 0;
    bool record_open = false;  // a CSV record inside quotes at the end of its last line
    bool more = true;
    while (more) {
      const std::size_t before = reader->offset();
      const auto status = reader->next(text);
      if (status == LineReader::Status::kLine && positions && !reader->terminated()) {
        more = false;  // an incomplete last line: left for the next run
        chunk.end_offset = before;
      } else if (status == LineReader::Status::kLine) {
        chunk.end_offset = reader->offset();
        if (record.empty() && text.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (format->kind == InputKind::kJsonLines) {
          if (auto ok = add(Line{source, reader->line_number(), std::move(text)}); !ok) {
            return tl::unexpected(ok.error());
          }
          text = std::string();
          continue;
        }
        if (record.empty()) record_line = reader->line_number();
        if (record.size() + text.size() > options.max_line_bytes) {
          report(Error{fmt::format("{}:{}", reader->path(), record_line),
                       fmt::format("record longer than {} bytes", options.max_line_bytes)});
          record.clear();
          if (format->kind == InputKind::kJsonDocument) break;
          record_open = false;
          continue;
        }
        if (!record.empty()) record += '\n';
        record += text;
        if (format->kind == InputKind::kCsv) {
          record_open = record_open != csv_record_open(text);
          if (record_open) continue;
          if (auto ok = add(Line{source, record_line, std::move(record)}); !ok) {
            return tl::unexpected(ok.error());
          }
          record = std::string();
        }
      } else if (status == LineReader::Status::kTooLong) {
        chunk.end_offset = reader->offset();
        report(Error{fmt::format("{}:{}", reader->path(), reader->line_number()),
                     fmt::format("line longer than {} bytes", options.max_line_bytes)});
      } else {
        if (status == LineReader::Status::kError) {
          stats.unreadable.push_back(Error{reader->path(), reader->error()});
        }
        more = false;
      }
    }
    // A CSV record whose quote never closed (rejected with its reason), or the JSON document.
    if (!record.empty() && format->kind == InputKind::kCsv) {
      if (auto ok = add(Line{source, record_line, std::move(record)}); !ok) {
        return tl::unexpected(ok.error());
      }
    } else if (!record.empty()) {
      auto elements = split_document(record);
      if (!elements) report(Error{names[source], elements.error().what});
      for (std::size_t i = 0; elements && i < elements->size(); ++i) {
        if (auto ok = add(Line{source, i + 1, std::move((*elements)[i])}); !ok) {
          return tl::unexpected(ok.error());
        }
      }
    }
    // The last chunk of an input is written even when empty: it carries the position.
    if (auto ok = submit(std::move(chunk)); !ok) return tl::unexpected(ok.error());
    stats.bytes += reader->bytes_read();
  }
  while (!in_flight.empty()) {
    if (auto ok = drain_one(); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = (*sink)->finish(); !ok) return tl::unexpected(ok.error());
  update();
  return stats;
}

// Runs `import` under the index's import lock, turning Xapian and standard exceptions into
// errors naming the index.
template <typename Import>
Expected<ImportStats> locked(const ImportOptions& options, Import import) {
  try {
    auto lock = ImportLock::acquire(options.index_path);
    if (!lock) return tl::unexpected(lock.error());
    return import();
  } catch (const Xapian::Error& e) {
    return fail(options.index_path, e.get_description());
  } catch (const std::exception& e) {
    return fail(options.index_path, e.what());
  }
}

}  // namespace

std::vector<std::string> input_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (path == "-" || !std::filesystem::is_directory(path, ec)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = ascii_lower(it->path().filename().string());
      if (it->is_regular_file(ec) &&
          (name.ends_with(".jsonl") || name.ends_with(".json") || name.ends_with(".csv"))) {
        found.push_back(it->path().string());
      }
    }
    std::sort(found.begin(), found.end());
    // A directory that cannot be listed, or holds no records, is reported by opening it.
    if (ec || found.empty()) found = {path};
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

Expected<ImportStats> import_files(const std::vector<std::string>& inputs,
                                   const ImportOptions& options) {
  return locked(options, [&] {
    std::vector<Input> all;
    for (const auto& path : input_files(inputs)) {
      all.push_back(Input{.path = path, .start = 0, .position_key = {}});
    }
    return import_all(all, options, std::nullopt);
  });
}

Expected<ImportStats> import_new_articles(const std::string& articles_dir,
                                          const ImportOptions& options) {
  return locked(options, [&]() -> Expected<ImportStats> {
    auto positions = InputPositions::read(options.index_path);
    if (!positions) return tl::unexpected(positions.error());
    auto inputs = positions->pending_inputs(articles_dir);
    if (!inputs) return tl::unexpected(inputs.error());
    return import_all(*inputs, options, std::move(*positions));
  });
}

}  // namespace gazette::indexer
