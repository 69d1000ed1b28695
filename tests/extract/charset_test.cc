#include "extract/charset.h"

#include <string>

#include <gtest/gtest.h>

#include "common/utf8.h"

namespace gazette::extract {
namespace {

TEST(CharsetTest, ContentTypeParameter) {
  struct Row {
    const char* header;
    const char* charset;
  };
  const Row rows[] = {
      {"text/html; charset=ISO-8859-1", "ISO-8859-1"},
      {"text/html;charset=\"utf-8\"", "utf-8"},
      {"text/html; Charset = Shift_JIS ; foo=bar", "Shift_JIS"},
      {"text/html", ""},
      {"", ""},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(charset_from_content_type(row.header), row.charset) << row.header;
  }
}

TEST(CharsetTest, MetaPrescan) {
  struct Row {
    const char* html;
    const char* charset;
  };
  const Row rows[] = {
      {"<html><head><meta charset=\"iso-8859-1\"></head>", "iso-8859-1"},
      {"<META CHARSET=Shift_JIS>", "shift_jis"},
      {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">",
       "windows-1252"},
      {"<meta content='text/html; charset=koi8-r' http-equiv='content-type'>", "koi8-r"},
      {"<meta name=\"description\" content=\"charset=nothing\">", ""},
      {"<metadata charset=utf-8>", ""},
      {"<p>no meta at all</p>", ""},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(prescan_meta_charset(row.html), row.charset) << row.html;
  }
}

TEST(CharsetTest, CanonicalLabels) {
  EXPECT_EQ(canonical_charset("latin1"), "windows-1252");
  EXPECT_EQ(canonical_charset("ISO-8859-1"), "windows-1252");
  EXPECT_EQ(canonical_charset("utf8"), "UTF-8");
  EXPECT_EQ(canonical_charset("Shift_JIS"), "windows-31j");
  EXPECT_EQ(canonical_charset("no-such-charset-exists"), "");
}

TEST(CharsetTest, DecodesDeclaredCharsets) {
  struct Row {
    std::string bytes;
    std::string content_type;
    std::string expected_fragment;  // UTF-8
    CharsetSource source;
  };
  const Row rows[] = {
      // Latin-1 via <meta>: e-acute is 0xE9.
      {"<meta charset=\"iso-8859-1\"><p>caf\xE9</p>", "", "caf\xC3\xA9", CharsetSource::kMeta},
      // windows-1252 via http-equiv: 0x80 is the euro sign, 0x93/0x94 curly quotes.
      {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
       "<p>\x93"
       "5 \x80\x94</p>",
       "",
       "\xE2\x80\x9C"
       "5 \xE2\x82\xAC\xE2\x80\x9D",
       CharsetSource::kMeta},
      // Shift_JIS via <meta>: "日本" is 0x93 0xFA 0x96 0x7B.
      {"<meta charset=\"shift_jis\"><p>\x93\xFA\x96\x7B</p>", "", "\xE6\x97\xA5\xE6\x9C\xAC",
       CharsetSource::kMeta},
      // The HTTP header wins over <meta>.
      {"<meta charset=\"utf-8\"><p>caf\xE9</p>", "text/html; charset=latin1", "caf\xC3\xA9",
       CharsetSource::kHttp},
      // UTF-8 byte-order mark wins over everything and is removed.
      {"\xEF\xBB\xBF<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9</p>", "text/html; charset=latin1",
       "<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9", CharsetSource::kBom},
      // UTF-16LE byte-order mark.
      {std::string("\xFF\xFE<\0p\0>\0\xE9\0", 10), "", "<p>\xC3\xA9", CharsetSource::kBom},
      // Nothing declared, valid UTF-8.
      {"<p>na\xC3\xAFve</p>", "", "na\xC3\xAFve", CharsetSource::kDetected},
  };
  for (const Row& row : rows) {
    const DecodedHtml decoded = decode_html(row.bytes, row.content_type);
    EXPECT_NE(decoded.utf8.find(row.expected_fragment), std::string::npos)
        << decoded.utf8 << " from " << decoded.charset;
    EXPECT_EQ(decoded.source, row.source) << decoded.charset;
    EXPECT_FALSE(first_invalid_utf8(decoded.utf8).has_value());
  }
}

TEST(CharsetTest, DeclaredUtf8ThatIsNotIsRedetected) {
  // Declared UTF-8, but only Latin-1 bytes: no valid multi-byte sequence at all.
  const DecodedHtml decoded = decode_html("<meta charset=utf-8><p>r\xE9sum\xE9 na\xEFve</p>", "");
  EXPECT_NE(decoded.utf8.find("r\xC3\xA9sum\xC3\xA9"), std::string::npos) << decoded.utf8;
  EXPECT_FALSE(first_invalid_utf8(decoded.utf8).has_value());
}

TEST(CharsetTest, InvalidSequencesAreReplaced) {
  const std::string bad = "<p>ok \xC3\xA9 then \xFF\xFE bad and cut \xE2\x82</p>\xC3";
  std::size_t replaced = 0;
  const std::string clean = sanitize_utf8(bad, &replaced);
  EXPECT_FALSE(first_invalid_utf8(clean).has_value());
  EXPECT_GE(replaced, 3u);
  EXPECT_NE(clean.find("ok \xC3\xA9 then"), std::string::npos);
  const DecodedHtml decoded = decode_html(bad + "<p>\xC3\xA9</p>", "text/html; charset=utf-8");
  EXPECT_FALSE(first_invalid_utf8(decoded.utf8).has_value());
}

}  // namespace
}  // namespace gazette::extract
