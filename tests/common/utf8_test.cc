#include "common/utf8.h"

#include <optional>
#include <string>
#include <string_view>

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

TEST(AsciiText, SpaceClassesFollowTheirStandards) {
  struct Row {
    char c;
    bool http, html, c_locale;
  };
  const Row rows[] = {
      {' ', true, true, true},       {'\t', true, true, true},    {'\n', true, true, true},
      {'\r', true, true, true},      {'\f', false, true, true},   {'\v', false, false, true},
      {'a', false, false, false},    {'\0', false, false, false}, {'\xA0', false, false, false},
      {'\xC2', false, false, false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(static_cast<int>(static_cast<unsigned char>(row.c)));
    EXPECT_EQ(is_http_space(row.c), row.http);
    EXPECT_EQ(is_html_space(row.c), row.html);
    EXPECT_EQ(is_c_space(row.c), row.c_locale);
    EXPECT_EQ(kHtmlSpaces.find(row.c) != std::string_view::npos && row.c != '\0', row.html);
  }
}

TEST(AsciiText, FoldsOnlyAsciiCase) {
  struct Row {
    std::string_view a, b;
    bool equal;
    bool a_starts_with_b;
  };
  const Row rows[] = {
      {"", "", true, true},
      {"Gazette", "gAZETTE", true, true},
      {"JavaScript:void(0)", "javascript:", false, true},
      {"java", "javascript:", false, false},
      {"\xC3\x89t\xC3\xA9", "\xC3\xA9t\xC3\xA9", false, false},  // only A-Z fold: not É/é
      {"a-Z[", "A-z[", true, true},
      {"@", "`", false, false},  // the bytes around A-Z and a-z do not fold
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.a) + " / " + std::string(row.b));
    EXPECT_EQ(ascii_iequals(row.a, row.b), row.equal);
    EXPECT_EQ(ascii_istarts_with(row.a, row.b), row.a_starts_with_b);
  }
  EXPECT_EQ(ascii_lower("MiXeD 123 \xC3\x89"), "mixed 123 \xC3\x89");
  EXPECT_EQ(ascii_lower('Q'), 'q');
  EXPECT_EQ(ascii_lower('['), '[');
  EXPECT_TRUE(is_ascii_alpha('z') && is_ascii_alpha('A') && !is_ascii_alpha('0'));
}

TEST(AsciiText, FindsIgnoringCase) {
  struct Row {
    std::string_view text, lower_needle;
    std::size_t from, expected;
  };
  constexpr auto npos = std::string_view::npos;
  const Row rows[] = {
      {"<META charset=x>", "<meta", 0, 0}, {"ab<Meta><meta", "<meta", 3, 8},
      {"Sidebar", "sidebar", 0, 0},        {"side", "sidebar", 0, npos},
      {"anything", "", 0, npos},           {"abc", "c", 5, npos},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(ascii_ifind(row.text, row.lower_needle, row.from), row.expected) << row.text;
  }
}

TEST(AsciiText, TrimsAndCollapsesEachStandardsSpace) {
  struct Row {
    std::string_view text;
    std::string_view http_trimmed, html_trimmed;
  };
  const Row rows[] = {
      {"", "", ""},
      {" \t\r\n", "", ""},
      {"\f x \f", "\f x \f", "x"},
      {"\v x\t", "\v x", "\v x"},
      {"a b", "a b", "a b"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(trim_ascii_whitespace(row.text), row.http_trimmed) << row.text;
    EXPECT_EQ(trim_html_space(row.text), row.html_trimmed) << row.text;
  }
  EXPECT_EQ(collapse_ascii_space("  a \r\n\t b\f c  ", is_http_space), "a b\f c");
  EXPECT_EQ(collapse_ascii_space("  a \f\v b ", is_c_space), "a b");
  EXPECT_EQ(collapse_ascii_space(" \n ", is_http_space), "");
  // collapse_whitespace: is_c_space and U+00A0 are spaces; other UTF-8 is kept.
  EXPECT_EQ(collapse_whitespace("\xC2\xA0 Caf\xC3\xA9\v\f\xC2\xA0 au\tlait \xC2\xA0"),
            "Caf\xC3\xA9 au lait");
  EXPECT_EQ(collapse_whitespace("\xC2\xA0\xC2\xA0"), "");
}

}  // namespace
}  // namespace gazette
