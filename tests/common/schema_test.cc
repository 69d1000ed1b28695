#include "common/schema.h"

#include <gtest/gtest.h>

#include "common/utf8.h"

namespace gazette::schema {
namespace {

TEST(IdTerm, ShortUrlIsKeptWhole) {
  EXPECT_EQ(id_term("https://a.example/x"), "Qhttps://a.example/x");
}

TEST(IdTerm, LongUrlsAreHashedDistinctAndBounded) {
  const std::string base = "https://a.example/" + std::string(300, 'x');
  const std::string a = id_term(base + "1");
  const std::string b = id_term(base + "2");
  EXPECT_LE(a.size(), kMaxIdTermBytes);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, id_term(base + "1"));
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "é";
  EXPECT_FALSE(first_invalid_utf8(id_term("https://a.example/" + accents)));
}

TEST(Terms, NormalisedForFilters) {
  EXPECT_EQ(author_key("  Jane   DOE "), "jane doe");
  EXPECT_EQ(boolean_term(kSitePrefix, "WWW.Example.COM"), "Hwww.example.com");
}

TEST(DocData, RoundTrips) {
  DocData d{"https://a.example/x",
            "Title",
            "a.example",
            "2025-01-01T00:00:00Z",
            {"A", "B"},
            "en",
            "Body"};
  const auto back = decode_doc_data(encode_doc_data(d));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->url, d.url);
  EXPECT_EQ(back->authors, d.authors);
  EXPECT_EQ(back->text, d.text);
  EXPECT_FALSE(decode_doc_data("not json"));
}

}  // namespace
}  // namespace gazette::schema
