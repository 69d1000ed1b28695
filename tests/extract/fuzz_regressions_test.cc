// Inputs found by the fuzz targets (fuzz/, see docs/operations.md "Fuzzing") that broke a
// property of extract/: minimised, kept in fuzz/regressions/<target>/ and checked here.
#include <string>

#include <gtest/gtest.h>

#include "common/utf8.h"
#include "extract/charset.h"
#include "extract/extract.h"

namespace gazette::extract {
namespace {

// fuzz/regressions/charset/detected-windows-1254: ICU's detector named windows-1254, which
// decode_html reported as the charset, but canonical_charset("windows-1254") gave ICU's
// "ibm-1254_P100-1995": the charset used was not a canonical name.
TEST(FuzzRegressions, CanonicalCharsetNamesAreFixedPoints) {
  for (const char* label : {"windows-1254", "iso-8859-9", "windows-874", "tis-620", "windows-1252",
                            "shift_jis", "gbk", "euc-kr", "utf8"}) {
    const std::string canonical = canonical_charset(label);
    ASSERT_FALSE(canonical.empty()) << label;
    EXPECT_EQ(canonical_charset(canonical), canonical) << label;
  }
  EXPECT_EQ(canonical_charset("windows-1254"), "windows-1254");
}

// fuzz/regressions/charset/loose-label: ICU opens a label it matches loosely ("i]so-8859-1" is
// ISO-8859-1 to it) and named it "ISO-8859-1", which is not what the rules call that charset.
TEST(FuzzRegressions, LooselyMatchedLabelsGetTheCanonicalName) {
  EXPECT_EQ(canonical_charset("i]so-8859-1"), "windows-1252");
  EXPECT_EQ(canonical_charset(canonical_charset("i]so-8859-1")), "windows-1252");
  const auto decoded = decode_html(
      "<p>Gr\xfc\xdf"
      "e</p>",
      "text/html; charset=i]so-8859-1");
  EXPECT_EQ(decoded.charset, canonical_charset(decoded.charset));
}

// fuzz/regressions/extract/gumbo-overflowing-reference: gumbo 0.10.1 wrote invalid UTF-8 for a
// numeric character reference that overflows, and the description (and text) kept it. Every
// string gumbo gives is now repaired (U+FFFD) where it is not UTF-8.
TEST(FuzzRegressions, AnOverflowingCharacterReferenceGivesValidUtf8) {
  const std::string ref =
      "&#x0eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee7;";
  const std::string html = "<html><head><meta name=\"description\" content=\"A" + ref +
                           "s b\"><title>T" + ref + "</title></head><body><p>" +
                           std::string(400, 'w') + " A" + ref + "s in the text.</p></body></html>";
  ExtractOptions options;
  options.url = "https://a.test/x";
  const auto result = extract_article(html, options);
  for (const std::string* s :
       {&result.article.description, &result.article.title, &result.article.text}) {
    EXPECT_FALSE(first_invalid_utf8(*s)) << *s;
  }
  std::string repaired;
  append_valid_utf8(repaired, std::string("a\xe7") + "b\xed\xa0\x80" + "c\xf0\x9f\x98\x80");
  EXPECT_EQ(repaired, std::string("a\xEF\xBF\xBD") + "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" +
                          "c\xf0\x9f\x98\x80");
}

// fuzz/regressions/extract/invalid-utf8-url: the page URL was copied into the record as given,
// so a URL with stray bytes (from someone else's WARC file) made a record that is not UTF-8.
TEST(FuzzRegressions, RecordUrlIsValidUtf8) {
  ExtractOptions options;
  options.url = "https://news.example/seed\xff\xbe.html";
  const auto result = extract_article("<title>T</title><p>Some text.</p>", options);
  EXPECT_FALSE(first_invalid_utf8(result.article.url)) << result.article.url;
  EXPECT_EQ(result.article.site, "news.example");
}

}  // namespace
}  // namespace gazette::extract
