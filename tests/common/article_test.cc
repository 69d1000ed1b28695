#include "common/article.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

TEST(ParseArticle, FullRecordRoundTrips) {
  const std::string line =
      R"({"url":"https://news.example/a?utm_source=x","canonical_url":"https://news.example/a",)"
      R"("site":"news.example","title":"Tïtle","authors":["Ann Lee","Bo Chen"],)"
      R"("published":"2025-11-24T10:30:00+01:00","published_source":"jsonld",)"
      R"("modified":"2025-11-25T08:00:00Z","language":"EN","description":"d","section":"business",)"
      R"("tags":["a","b"],"text":"One.\n\nTwo.","simhash":"00ff00ff00ff00ff","revision":3,"extra":1})";
  const auto a = parse_article(line);
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->identity_url(), "https://news.example/a");
  EXPECT_EQ(a->title, "Tïtle");
  EXPECT_EQ(a->authors, (std::vector<std::string>{"Ann Lee", "Bo Chen"}));
  EXPECT_EQ(a->published_source, DateSource::kJsonLd);
  EXPECT_EQ(a->language, "en");
  EXPECT_EQ(a->simhash, 0x00ff00ff00ff00ffULL);
  EXPECT_EQ(a->revision, 3u);
  const auto again = parse_article(to_json_line(*a));
  ASSERT_TRUE(again);
  EXPECT_EQ(to_json_line(*again), to_json_line(*a));
  EXPECT_EQ(format_iso8601(*again->published), "2025-11-24T10:30:00+01:00");
}

TEST(ParseArticle, RevisionZeroIsOmitted) {
  Article a;
  a.url = "https://news.example/a";
  a.title = "t";
  a.text = "x";
  EXPECT_EQ(to_json_line(a).find("revision"), std::string::npos);
  a.revision = 2;
  EXPECT_NE(to_json_line(a).find(R"("revision":2)"), std::string::npos);
  const auto parsed = parse_article(to_json_line(a));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->revision, 2u);
}

TEST(ParseArticle, SiteDefaultsToHost) {
  const auto a =
      parse_article(R"({"url":"HTTPS://User@WWW.Example.com:8080/x","title":"t","text":""})");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->site, "www.example.com");
}

struct BadCase {
  std::string line;
  std::string reason;  // a substring of the error message
};

TEST(ParseArticle, RejectsBadRecordsWithReason) {
  const BadCase cases[] = {
      {"{not json", "invalid JSON"},
      {"[1,2]", "JSON object"},
      {R"({"title":"t","text":"x"})", "missing required field \"url\""},
      {R"({"url":"u","text":"x"})", "missing required field \"title\""},
      {R"({"url":"u","title":"t"})", "missing required field \"text\""},
      {R"({"url":"","title":"t","text":"x"})", "\"url\" is empty"},
      {R"({"url":"u","title":"","text":""})", "both"},
      {R"({"url":"u","title":5,"text":"x"})", "\"title\" must be a string"},
      {R"({"url":"u","title":"t","text":"x","authors":[1]})", "list of strings"},
      {R"({"url":"u","title":"t","text":"x","published":"yesterday"})", "cannot parse date"},
      {R"({"url":"u","title":"t","text":"x","published_source":"rumour"})", "published_source"},
      {R"({"url":"u","title":"t","text":"x","simhash":"xyz"})", "simhash"},
      {R"({"url":"u","title":"t","text":"x","revision":-1})", "\"revision\" must be"},
      {R"({"url":"u","title":"t","text":"x","revision":"2"})", "\"revision\" must be"},
      {"{\"url\":\"u\",\"title\":\"\xff\",\"text\":\"x\"}", "invalid UTF-8 at byte 21"},
  };
  for (const auto& c : cases) {
    const auto a = parse_article(c.line);
    ASSERT_FALSE(a) << c.line;
    EXPECT_NE(a.error().what.find(c.reason), std::string::npos)
        << c.line << " gave: " << a.error().what;
  }
}

TEST(ParseArticle, AcceptsHeadlineOnlyAndBodyOnlyBriefs) {
  EXPECT_TRUE(parse_article(R"({"url":"u","title":"Rates rise","text":""})"));
  EXPECT_TRUE(parse_article(R"({"url":"u","title":"","text":"Rates rose today."})"));
}

}  // namespace
}  // namespace gazette
