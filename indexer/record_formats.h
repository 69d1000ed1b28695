// Article records as other tools write them, read into Gazette's record (common/article.h):
// news-please's JSON, trafilatura's JSON and CSV with a header row. docs/formats.md lists every
// field mapping. The importer (indexer/importer.h) reads each input in its format; the rules of a
// record are Gazette's own (a URL, a title or a text), so a record another tool wrote is
// accepted or rejected for the same reasons, with the same file:line.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/error.h"

namespace gazette::indexer {

// Which tool wrote a JSON record. kAuto tells it by the fields only that tool writes
// (news-please: maintext, date_publish, source_domain, date_download; trafilatura: raw_text,
// fingerprint, hostname, source-hostname, excerpt), else Gazette's.
enum class JsonDialect { kAuto, kGazette, kNewsPlease, kTrafilatura };

// How one input is written.
enum class InputKind {
  kJsonLines,     // one JSON object per line (Gazette's articles, news-please, trafilatura)
  kJsonDocument,  // one JSON value: an object (news-please's one pretty-printed file per article)
                  // or an array of objects
  kCsv,           // RFC 4180, a header row naming the columns
};

// `--format`: "auto" (nullopt: told per input, see input_kind_of), "jsonl" (Gazette's, every
// record), "news-please", "trafilatura", "csv". Nullopt and false for another name.
struct FormatChoice {
  std::optional<InputKind> kind;  // nullopt: by the input
  JsonDialect dialect = JsonDialect::kAuto;
};
[[nodiscard]] std::optional<FormatChoice> format_choice_from_string(std::string_view name);
// The names format_choice_from_string knows, for --help.
[[nodiscard]] std::vector<std::string> format_choice_names();

// How an input is written, told by its name (".csv") and its first bytes: a first line that is
// only "{" (pretty-printed JSON) or opens an array is a JSON document; anything else JSON Lines.
[[nodiscard]] InputKind input_kind_of(std::string_view path, std::string_view first_bytes);

// One JSON record (a line, or an element of a document) in `dialect`.
[[nodiscard]] Expected<Article> parse_json_record(std::string_view text, JsonDialect dialect);

// The record field each CSV column is read into, from the header row: Gazette's field names, and
// the names other tools give them (maintext, body, content -> text; headline -> title; link,
// source -> url; date, date_publish -> published; author, byline -> authors; hostname, domain,
// source_domain -> site; lang -> language), case-insensitive. `renames` ("field=column") comes
// first. Columns read into nothing are "" (listed in `ignored`). Fails when no column is the url,
// or a rename names an unknown field.
struct CsvColumns {
  std::vector<std::string> fields;  // per column
  std::vector<std::string> names;   // per column, as the header writes it
  std::vector<std::string> ignored;
};
[[nodiscard]] Expected<CsvColumns> csv_columns(const std::vector<std::string>& header,
                                               const std::vector<std::string>& renames);

// Whether `name` is a field of Gazette's record ("url", "title", "authors", ...).
[[nodiscard]] bool is_record_field(std::string_view name);

// The fields of one CSV record (RFC 4180: commas, double quotes, "" for a quote, line breaks
// inside quotes). Fails on a quote that does not close, or text after a closing quote.
[[nodiscard]] Expected<std::vector<std::string>> split_csv_record(std::string_view record);

// Whether `text` (a CSV record's lines so far) ends inside a quoted field: the record goes on
// on the next line.
[[nodiscard]] bool csv_record_open(std::string_view text);

// A CSV record as an article: authors and tags are separated by ";".
[[nodiscard]] Expected<Article> parse_csv_record(std::string_view record,
                                                 const CsvColumns& columns);

}  // namespace gazette::indexer
