// Imports article records (Gazette's JSON Lines, and other tools' JSON and CSV: see
// indexer/record_formats.h) into a Xapian index. Records are parsed and turned into
// documents on worker threads while the calling thread writes them, in input order: of the
// records of one article, the one fetched last wins, and among those fetched at the same time
// (or with no fetch date) the later line (indexer/index_writer.h). A bad line is reported
// (file:line and reason) and skipped, whatever is wrong with it; a record larger than
// record_limits.h's caps is cut to them, reported and indexed.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/error.h"
#include "indexer/record_formats.h"

namespace gazette::indexer {

struct ImportStats {
  std::size_t added = 0;
  std::size_t replaced = 0;
  std::size_t older = 0;     // records not indexed: their article is indexed from a later fetch
  std::size_t rejected = 0;  // lines that were not valid records (each reported)
  std::size_t cut = 0;       // records indexed cut to record_limits.h's caps (each reported)
  std::size_t bytes = 0;     // input bytes read
  double seconds = 0;
  std::vector<Error> unreadable;  // inputs that could not be opened or read to the end
};

struct ImportOptions {
  std::string index_path;  // the Xapian database directory (created when absent)
  IndexConfig config;
  // Longest accepted line (or CSV record, or JSON document); longer ones are rejected without
  // being held in memory.
  std::size_t max_line_bytes = 64u << 20;
  // How the inputs are written (indexer/record_formats.h): by default told per input.
  FormatChoice format;
  // CSV columns read into record fields other than by their names: "field=column".
  std::vector<std::string> csv_columns;
  // Called for every rejected line with "file:line" and the reason.
  std::function<void(const Error&)> on_rejected;
  // Called for every record cut to record_limits.h's caps (and still indexed) with "file:line"
  // and what was cut.
  std::function<void(const Error&)> on_cut;
  // Called now and then (after each chunk) with the running totals, for progress display.
  std::function<void(const ImportStats&)> on_progress;
};

// The files `paths` name: a directory stands for the .jsonl, .json and .csv files under it, in
// name order (a news-please dump is a tree of .json files); "-" and files as given.
[[nodiscard]] std::vector<std::string> input_files(const std::vector<std::string>& paths);

// Reads every input ("-" is standard input; directories as input_files() says) in its format
// (ImportOptions::format; by default told per input, see indexer/record_formats.h) and upserts
// its records. A bad record is rejected with file:line (file: record N in a JSON document). An
// input that cannot be read (or a CSV file without a usable header) is listed in
// ImportStats::unreadable and the others are still imported. Fails only when the index cannot be
// opened or written; what was committed before stays.
[[nodiscard]] Expected<ImportStats> import_files(const std::vector<std::string>& inputs,
                                                 const ImportOptions& options);

// Upserts what was appended to `articles_dir`/*.jsonl since the last call (positions kept in the
// index, see input_positions.h). A last line still without its newline waits for the next call.
[[nodiscard]] Expected<ImportStats> import_new_articles(const std::string& articles_dir,
                                                        const ImportOptions& options);

}  // namespace gazette::indexer
