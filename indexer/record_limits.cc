#include "indexer/record_limits.h"

#include <vector>

#include <fmt/format.h>

#include "common/utf8.h"

namespace gazette::indexer {
namespace {

// Cuts `value` to `max_bytes`; tells what was cut into `cuts`.
void limit(std::string& value, std::size_t max_bytes, const char* name,
           std::vector<std::string>& cuts) {
  if (value.size() <= max_bytes) return;
  const std::size_t before = value.size();
  value.resize(truncate_utf8(value, max_bytes).size());
  cuts.push_back(fmt::format("{} cut from {} to {} bytes", name, before, value.size()));
}

void limit(std::vector<std::string>& list, const char* name, std::vector<std::string>& cuts) {
  if (list.size() > kMaxListEntries) {
    cuts.push_back(fmt::format("{} {} cut to {}", list.size(), name, kMaxListEntries));
    list.resize(kMaxListEntries);
  }
  std::size_t long_entries = 0;
  for (auto& entry : list) {
    if (entry.size() <= kMaxFieldBytes) continue;
    entry.resize(truncate_utf8(entry, kMaxFieldBytes).size());
    ++long_entries;
  }
  if (long_entries > 0) {
    cuts.push_back(fmt::format("{} {} cut to {} bytes", long_entries, name, kMaxFieldBytes));
  }
}

}  // namespace

std::string limit_record(Article& a) {
  std::vector<std::string> cuts;
  limit(a.text, kMaxIndexedTextBytes, "text", cuts);
  limit(a.title, kMaxTitleBytes, "title", cuts);
  limit(a.site, kMaxFieldBytes, "site", cuts);
  limit(a.language, kMaxFieldBytes, "language", cuts);
  limit(a.section, kMaxFieldBytes, "section", cuts);
  limit(a.authors, "authors", cuts);
  limit(a.tags, "tags", cuts);
  return fmt::format("{}", fmt::join(cuts, "; "));
}

}  // namespace gazette::indexer
