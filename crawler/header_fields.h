// "Name: value" header fields, as HTTP response heads, WARC record headers and
// application/warc-fields blocks (WARC metadata records) write them: a name, a colon, a value,
// one field per line. Names are case-insensitive. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette::crawler {

// Fields in the order they were written.
using HeaderFields = std::vector<std::pair<std::string, std::string>>;

struct HeaderField {
  std::string_view name;
  std::string_view value;
};

// `line` split at its first ':', name and value without surrounding ASCII whitespace (a CRLF
// line end included); nullopt for a line without ':' (a status line, the empty line that ends
// a head).
[[nodiscard]] std::optional<HeaderField> split_header_field(std::string_view line);

// Every field of `text`, whose lines end with LF or CRLF; lines without ':' are skipped.
[[nodiscard]] HeaderFields parse_header_fields(std::string_view text);

// Whether `field_name` is `name`, ignoring ASCII case.
[[nodiscard]] bool header_name_is(std::string_view field_name, std::string_view name);

// The value of the first field named `name` (ASCII case-insensitive); "" when there is none.
[[nodiscard]] std::string_view find_header_field(const HeaderFields& fields, std::string_view name);

}  // namespace gazette::crawler
