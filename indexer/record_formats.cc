#include "indexer/record_formats.h"

#include <array>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "common/utf8.h"

namespace gazette::indexer {
namespace {

using nlohmann::json;

// Another tool's field and the Gazette field it becomes.
struct Mapping {
  const char* from;
  const char* to;
};

constexpr std::array kNewsPlease{
    Mapping{"url", "url"},
    Mapping{"title", "title"},
    Mapping{"maintext", "text"},
    Mapping{"description", "description"},
    Mapping{"authors", "authors"},
    Mapping{"date_publish", "published"},
    Mapping{"date_modify", "modified"},
    Mapping{"date_download", "fetched"},
    Mapping{"language", "language"},
    Mapping{"source_domain", "site"},
};

// trafilatura's JSON: the URL is "source" in 1.x and "url" later; lists are ";"-separated strings.
constexpr std::array kTrafilatura{
    Mapping{"url", "url"},
    Mapping{"source", "url"},
    Mapping{"title", "title"},
    Mapping{"text", "text"},
    Mapping{"raw_text", "text"},
    Mapping{"date", "published"},
    Mapping{"author", "authors"},
    Mapping{"hostname", "site"},
    Mapping{"language", "language"},
    Mapping{"excerpt", "description"},
    Mapping{"description", "description"},
    Mapping{"categories", "section"},
    Mapping{"tags", "tags"},
};

// CSV column names and the field they are read into (Gazette's names map to themselves).
constexpr std::array kCsvAliases{
    Mapping{"maintext", "text"},
    Mapping{"body", "text"},
    Mapping{"content", "text"},
    Mapping{"headline", "title"},
    Mapping{"link", "url"},
    Mapping{"source", "url"},
    Mapping{"date", "published"},
    Mapping{"date_publish", "published"},
    Mapping{"publish_date", "published"},
    Mapping{"date_modify", "modified"},
    Mapping{"author", "authors"},
    Mapping{"byline", "authors"},
    Mapping{"hostname", "site"},
    Mapping{"domain", "site"},
    Mapping{"source_domain", "site"},
    Mapping{"lang", "language"},
};

constexpr std::array<const char*, 17> kFields{"url",
                                              "canonical_url",
                                              "site",
                                              "title",
                                              "authors",
                                              "published",
                                              "modified",
                                              "first_seen",
                                              "fetched",
                                              "language",
                                              "description",
                                              "section",
                                              "tags",
                                              "text",
                                              "content_hash",
                                              "extractor_version",
                                              "published_source"};

bool is_list_field(std::string_view field) { return field == "authors" || field == "tags"; }
bool is_date_field(std::string_view field) {
  return field == "published" || field == "modified" || field == "fetched" || field == "first_seen";
}

// "a; b;;c " -> ["a", "b", "c"]
json split_list(std::string_view text) {
  json out = json::array();
  while (!text.empty()) {
    const auto end = text.find(';');
    const std::string_view item = trim_ascii_whitespace(text.substr(0, end));
    if (!item.empty()) out.push_back(std::string(item));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

// Sets Gazette's `field` of `record` from another tool's value: strings as they are (lists split
// at ";", a date checked so that the error names the tool's field), lists of strings for list
// fields, the first item of a list for a single field. Null and "" leave the field unset.
std::string put(json& record, std::string_view field, std::string_view from, const json& given) {
  if (given.is_null() || record.contains(field)) return {};
  if (given.is_array() && is_list_field(field)) {
    record[std::string(field)] = given;  // Gazette's reader checks the items
    return {};
  }
  if (given.is_array() && given.empty()) return {};
  // One level only: a list nested in a list is no value of any tool's (and must not recurse).
  const json& value = given.is_array() ? given.front() : given;
  if (!value.is_string()) return fmt::format("field \"{}\" must be a string", from);
  const std::string& text = value.get_ref<const std::string&>();
  if (trim_ascii_whitespace(text).empty()) return {};
  if (is_list_field(field)) {
    record[std::string(field)] = split_list(text);
  } else if (field == "section") {
    const json items = split_list(text);
    if (!items.empty()) record["section"] = items.front();
  } else if (is_date_field(field)) {
    const auto date = parse_iso8601(trim_ascii_whitespace(text));
    if (!date) return fmt::format("field \"{}\": cannot parse date \"{}\"", from, text);
    record[std::string(field)] = format_iso8601(*date);
  } else {
    record[std::string(field)] = text;
  }
  return {};
}

// A Gazette record from another tool's, through the mapping; then Gazette's own rules.
template <std::size_t N>
Expected<Article> mapped(const json& obj, const std::array<Mapping, N>& mappings) {
  if (!obj.is_object()) return fail("", "a record must be a JSON object");
  json record = json::object();
  for (const auto& [from, to] : mappings) {
    const auto it = obj.find(from);
    if (it == obj.end()) continue;
    if (auto err = put(record, to, from, *it); !err.empty()) return fail("", err);
  }
  if (!record.contains("url")) return fail("", "the record has no URL");
  for (const char* key : {"title", "text"}) {
    if (!record.contains(key)) record[key] = "";
  }
  return article_from_json(record);
}

JsonDialect dialect_of(const json& obj) {
  for (const char* key : {"maintext", "date_publish", "source_domain", "date_download"}) {
    if (obj.contains(key)) return JsonDialect::kNewsPlease;
  }
  for (const char* key : {"raw_text", "fingerprint", "hostname", "source-hostname", "excerpt"}) {
    if (obj.contains(key)) return JsonDialect::kTrafilatura;
  }
  return JsonDialect::kGazette;
}

}  // namespace

std::optional<FormatChoice> format_choice_from_string(std::string_view name) {
  if (name == "auto") return FormatChoice{};
  if (name == "jsonl") return FormatChoice{InputKind::kJsonLines, JsonDialect::kGazette};
  if (name == "news-please") return FormatChoice{std::nullopt, JsonDialect::kNewsPlease};
  if (name == "trafilatura") return FormatChoice{std::nullopt, JsonDialect::kTrafilatura};
  if (name == "csv") return FormatChoice{InputKind::kCsv, JsonDialect::kAuto};
  return std::nullopt;
}

std::vector<std::string> format_choice_names() {
  return {"auto", "jsonl", "news-please", "trafilatura", "csv"};
}

InputKind input_kind_of(std::string_view path, std::string_view first_bytes) {
  if (ascii_lower(path).ends_with(".csv")) return InputKind::kCsv;
  if (first_bytes.starts_with("\xEF\xBB\xBF")) first_bytes.remove_prefix(3);
  const std::string_view first_line =
      trim_ascii_whitespace(first_bytes.substr(0, first_bytes.find('\n')));
  // Pretty-printed JSON opens an object on a line of its own; JSON Lines never does.
  return first_line == "{" || first_line.starts_with('[') ? InputKind::kJsonDocument
                                                          : InputKind::kJsonLines;
}

Expected<Article> parse_json_record(std::string_view text, JsonDialect dialect) {
  if (dialect == JsonDialect::kGazette) return parse_article(text);
  json obj;
  try {
    obj = json::parse(text);
  } catch (const json::exception&) {
    return parse_article(text);  // its message says where the JSON breaks
  }
  if (dialect == JsonDialect::kAuto && obj.is_object()) dialect = dialect_of(obj);
  switch (dialect) {
    case JsonDialect::kNewsPlease:
      return mapped(obj, kNewsPlease);
    case JsonDialect::kTrafilatura:
      return mapped(obj, kTrafilatura);
    default:
      return article_from_json(obj);
  }
}

bool is_record_field(std::string_view name) {
  for (const char* f : kFields) {
    if (name == f) return true;
  }
  return false;
}

Expected<CsvColumns> csv_columns(const std::vector<std::string>& header,
                                 const std::vector<std::string>& renames) {
  CsvColumns out;
  for (const auto& rename : renames) {
    const auto eq = rename.find('=');
    if (eq == std::string::npos || !is_record_field(rename.substr(0, eq))) {
      return fail(rename, "a column mapping is FIELD=COLUMN with one of Gazette's record fields");
    }
  }
  bool has_url = false;
  for (const auto& raw : header) {
    const std::string column = ascii_lower(trim_ascii_whitespace(raw));
    std::string field;
    for (const auto& rename : renames) {
      const auto eq = rename.find('=');
      if (ascii_lower(rename.substr(eq + 1)) == column) field = rename.substr(0, eq);
    }
    if (field.empty() && is_record_field(column)) field = column;
    for (const auto& [from, to] : kCsvAliases) {
      if (field.empty() && column == from) field = to;
    }
    // Two columns for one field: the first wins, the other is ignored.
    for (const auto& f : out.fields) {
      if (!field.empty() && f == field) field.clear();
    }
    if (field == "url") has_url = true;
    if (field.empty()) out.ignored.push_back(raw);
    out.fields.push_back(field);
    out.names.push_back(raw);
  }
  if (!has_url) {
    return fail("",
                "no column holds the URL (name one url, link or source, or map one with "
                "--csv-column url=NAME)");
  }
  return out;
}

Expected<std::vector<std::string>> split_csv_record(std::string_view record) {
  std::vector<std::string> fields(1);
  std::size_t i = 0;
  bool at_start = true;  // of a field
  while (i < record.size()) {
    const char c = record[i];
    if (at_start && c == '"') {
      ++i;
      while (true) {
        if (i >= record.size()) return fail("", "a quoted field does not end");
        if (record[i] == '"') {
          if (i + 1 < record.size() && record[i + 1] == '"') {
            fields.back() += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        fields.back() += record[i++];
      }
      if (i < record.size() && record[i] != ',' && record[i] != '\r') {
        return fail("", fmt::format("text after a closing quote in field {}", fields.size()));
      }
      at_start = false;
      continue;
    }
    if (c == ',') {
      fields.emplace_back();
      at_start = true;
    } else if (c != '\r' || i + 1 != record.size()) {
      fields.back() += c;
      at_start = false;
    }
    ++i;
  }
  return fields;
}

bool csv_record_open(std::string_view text) {
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;  // "" inside quotes toggles twice
  }
  return quoted;
}

Expected<Article> parse_csv_record(std::string_view record, const CsvColumns& columns) {
  if (const auto bad = first_invalid_utf8(record)) {
    return fail("", fmt::format("invalid UTF-8 at byte {}", *bad + 1));
  }
  auto values = split_csv_record(record);
  if (!values) return tl::unexpected(values.error());
  if (values->size() != columns.fields.size()) {
    return fail("", fmt::format("{} fields where the header has {}", values->size(),
                                columns.fields.size()));
  }
  json obj = json::object();
  for (std::size_t i = 0; i < values->size(); ++i) {
    const std::string& field = columns.fields[i];
    if (field.empty()) continue;
    if (auto err = put(obj, field, columns.names[i], (*values)[i]); !err.empty()) {
      return fail("", err);
    }
  }
  if (!obj.contains("url")) return fail("", "the url column is empty");
  for (const char* key : {"title", "text"}) {
    if (!obj.contains(key)) obj[key] = "";
  }
  return article_from_json(obj);
}

}  // namespace gazette::indexer
