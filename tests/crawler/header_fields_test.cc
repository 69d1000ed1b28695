#include "crawler/header_fields.h"

#include <gtest/gtest.h>

namespace gazette::crawler {
namespace {

TEST(HeaderFields, SplitsLinesAtTheFirstColonAndTrims) {
  struct Row {
    std::string_view line;
    bool is_field;
    std::string_view name;
    std::string_view value;
  };
  const Row rows[] = {
      {"Content-Type: text/html\r\n", true, "Content-Type", "text/html"},
      {"Location:http://a.example/x", true, "Location", "http://a.example/x"},
      {"  ETag :  \"v1\"  ", true, "ETag", "\"v1\""},
      {"X-Empty:", true, "X-Empty", ""},
      {"HTTP/1.1 200 OK\r\n", false, "", ""},
      {"\r\n", false, "", ""},
  };
  for (const auto& row : rows) {
    const auto field = split_header_field(row.line);
    ASSERT_EQ(field.has_value(), row.is_field) << row.line;
    if (!field) continue;
    EXPECT_EQ(field->name, row.name) << row.line;
    EXPECT_EQ(field->value, row.value) << row.line;
  }
}

TEST(HeaderFields, ParsesCrlfAndLfLinesAndFindsCaseInsensitively) {
  const HeaderFields fields =
      parse_header_fields("WARC-Type: response\r\ncontent-length: 12\nno colon\nWARC-Type: x");
  ASSERT_EQ(fields.size(), 3u);
  struct Row {
    std::string_view name;
    std::string_view value;
  };
  const Row rows[] = {
      {"WARC-Type", "response"},  // the first of two
      {"warc-type", "response"},
      {"Content-Length", "12"},
      {"Missing", ""},
  };
  for (const auto& row : rows) EXPECT_EQ(find_header_field(fields, row.name), row.value);
  EXPECT_TRUE(header_name_is("CONTENT-TYPE", "content-type"));
  EXPECT_FALSE(header_name_is("Content-Type", "Content-Typ"));
}

}  // namespace
}  // namespace gazette::crawler
