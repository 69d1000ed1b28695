#include "crawler/header_fields.h"

#include <algorithm>

#include "common/utf8.h"

namespace gazette::crawler {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::optional<HeaderField> split_header_field(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return HeaderField{trim_ascii_whitespace(line.substr(0, colon)),
                     trim_ascii_whitespace(line.substr(colon + 1))};
}

HeaderFields parse_header_fields(std::string_view text) {
  HeaderFields fields;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (const auto field = split_header_field(line)) {
      fields.emplace_back(std::string(field->name), std::string(field->value));
    }
  }
  return fields;
}

bool header_name_is(std::string_view field_name, std::string_view name) {
  return std::equal(field_name.begin(), field_name.end(), name.begin(), name.end(),
                    [](char a, char b) { return lower(a) == lower(b); });
}

std::string_view find_header_field(const HeaderFields& fields, std::string_view name) {
  for (const auto& [field_name, value] : fields) {
    if (header_name_is(field_name, name)) return value;
  }
  return {};
}

}  // namespace gazette::crawler
