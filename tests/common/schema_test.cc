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
  EXPECT_EQ(back->title, d.title);
  EXPECT_EQ(back->site, d.site);
  EXPECT_EQ(back->published, d.published);
  EXPECT_EQ(back->language, d.language);
  EXPECT_FALSE(decode_doc_data("not json"));
}

TEST(DocData, ReadsOnlyItsOwnFieldsAndSkipsTheRest) {
  const auto d =
      decode_doc_data(R"({"extra":{"url":"nested","list":["x"]},"url":"https://a.example/","n":3,)"
                      R"("authors":["Ann",7,{"name":"no"},"Bo"],"title":null,"text":"T\u00e9xt"})");
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(d->url, "https://a.example/");  // not the nested one
  EXPECT_EQ(d->authors, (std::vector<std::string>{"Ann", "Bo"}));
  EXPECT_EQ(d->title, "");
  EXPECT_EQ(d->text, "T\xc3\xa9xt");
}

TEST(DocData, RejectsWhatIsNotOneObject) {
  EXPECT_FALSE(decode_doc_data(R"(["url","https://a.example/"])"));
  EXPECT_FALSE(decode_doc_data(R"("text")"));
  EXPECT_FALSE(decode_doc_data(R"({"url":"https://a.example/")"));  // cut short
  EXPECT_FALSE(decode_doc_data(""));
  EXPECT_FALSE(decode_doc_data(R"({"url":"a"} trailing)"));
}

}  // namespace
}  // namespace gazette::schema
