// Article records (common/article.h) and other tools' records (indexer/record_formats.h).
// Input: one line, read as Gazette's record, as a JSON record of any tool (told by its fields),
// and as CSV (the input's first line the header, the rest one record). Properties: a record that
// parses, written with to_json_line and read back, is the same record; what is written is one
// line of valid UTF-8; writing is deterministic; rejection reasons are valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/article.h"
#include "fuzz/fuzz_support.h"
#include "indexer/record_formats.h"

namespace {

bool same_record(const gazette::Article& a, const gazette::Article& b) {
  return a.url == b.url && a.canonical_url == b.canonical_url && a.site == b.site &&
         a.title == b.title && a.authors == b.authors && a.published == b.published &&
         a.published_source == b.published_source && a.modified == b.modified &&
         a.first_seen == b.first_seen && a.fetched == b.fetched && a.language == b.language &&
         a.description == b.description && a.section == b.section && a.tags == b.tags &&
         a.text == b.text && a.content_hash == b.content_hash && a.simhash == b.simhash &&
         a.extractor_version == b.extractor_version && a.revision == b.revision;
}

// The properties of one parse: a rejection explains itself in UTF-8, a record round-trips.
void check(const gazette::Expected<gazette::Article>& record) {
  using gazette::fuzz::require;
  if (!record) {
    gazette::fuzz::require_utf8(record.error().what, "the rejection reason");
    return;
  }
  const std::string line = gazette::to_json_line(*record);
  gazette::fuzz::require_utf8(line, "the written line");
  require(line.find('\n') == std::string::npos, "a record is written on one line");
  const auto back = gazette::parse_article(line);
  require(back.has_value(), "what to_json_line writes, parse_article reads");
  require(same_record(*record, *back), "a record written and read back is the same record");
  require(gazette::to_json_line(*back) == line, "writing the same record gives the same line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace indexer = gazette::indexer;
  const std::string_view input = gazette::fuzz::as_view(data, size);
  check(gazette::parse_article(input));
  check(indexer::parse_json_record(input, indexer::JsonDialect::kAuto));
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const auto header = indexer::split_csv_record(input.substr(0, newline));
  if (!header) return 0;
  const auto columns = indexer::csv_columns(*header, {});
  if (columns) check(indexer::parse_csv_record(input.substr(newline + 1), *columns));
  return 0;
}
