#include "indexer/table_sizes.h"

#include <filesystem>
#include <sstream>

namespace gazette::indexer {
namespace {

namespace fs = std::filesystem;

// "UUID name size name size ...", one word each: names are Xapian's table file names.
constexpr std::string_view kTableSizesKey = "gazette:table_sizes";

}  // namespace

std::string table_sizes(const std::string& path, const Xapian::Database& db) {
  std::string out = db.get_uuid();
  std::error_code ec;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".glass") continue;
    std::error_code size_error;
    const auto size = it->file_size(size_error);
    if (!size_error) out += " " + it->path().filename().string() + " " + std::to_string(size);
  }
  return out;
}

void store_table_sizes(Xapian::WritableDatabase& db, const std::string& record) {
  db.set_metadata(std::string(kTableSizesKey), record);
}

Expected<void> check_table_sizes(const std::string& path, const Xapian::Database& db) {
  std::istringstream recorded(db.get_metadata(std::string(kTableSizesKey)));
  std::string uuid;
  if (!(recorded >> uuid) || uuid != db.get_uuid()) return {};
  std::string name;
  std::uintmax_t size = 0;
  while (recorded >> name >> size) {
    std::error_code ec;
    const auto now = fs::file_size(fs::path(path) / name, ec);
    if (ec || now < size) {
      return fail((fs::path(path) / name).string(),
                  fmt::format("the index is damaged: this table file holds {} bytes, {} were "
                              "committed (it was cut short or removed); run `gazette-index "
                              "rebuild` to recreate the index from articles/",
                              ec ? 0 : now, size));
    }
  }
  return {};
}

}  // namespace gazette::indexer
