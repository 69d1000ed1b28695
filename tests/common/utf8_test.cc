#include "common/utf8.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace gazette {
namespace {

TEST(Utf8, FindsTheFirstInvalidSequence) {
  struct Row {
    std::string text;
    std::optional<std::size_t> expected;
  };
  const Row rows[] = {
      {"", std::nullopt},
      {"plain ascii text that is longer than one word", std::nullopt},
      {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", std::nullopt},
      {"abcdefgh\xFF", 8},
      {"\xC0\xAF", 0},                 // overlong '/'
      {"ab\xE0\x80\xAF", 2},           // overlong three-byte
      {"\xED\xA0\x80", 0},             // surrogate
      {"\xF4\x90\x80\x80", 0},         // above U+10FFFF
      {"12345678901234\xE2\x82", 14},  // cut off at the end
      {"\xC3\xA9\x80", 2},             // stray continuation byte
  };
  for (const Row& row : rows) EXPECT_EQ(first_invalid_utf8(row.text), row.expected) << row.text;
}

TEST(Utf8, TruncateNeverSplitsASequence) {
  EXPECT_EQ(truncate_utf8("caf\xC3\xA9", 4), "caf");
  EXPECT_EQ(truncate_utf8("caf\xC3\xA9", 5), "caf\xC3\xA9");
  EXPECT_EQ(truncate_utf8("abc", 10), "abc");
}

TEST(Utf8, TrimsAsciiWhitespace) {
  EXPECT_EQ(trim_ascii_whitespace(" \t text/html; charset=utf-8\r\n"), "text/html; charset=utf-8");
  EXPECT_EQ(trim_ascii_whitespace("\r\n"), "");
  EXPECT_EQ(trim_ascii_whitespace("a b"), "a b");
}

}  // namespace
}  // namespace gazette
