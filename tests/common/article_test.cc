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

// Every field the writer knows, set; each row below empties one of them.
Article full_article() {
  Article a;
  a.url = "https://news.example/a?utm_source=x";
  a.canonical_url = "https://news.example/a";
  a.site = "news.example";
  a.title = "Tïtle";
  a.authors = {"Ann Lee", "Bo Chen"};
  a.published = DateTime{1763976600, 60};
  a.published_source = DateSource::kJsonLd;
  a.modified = DateTime{1764057600, 0};
  a.first_seen = DateTime{1763970000, -300};
  a.fetched = DateTime{1763980000, 0};
  a.language = "en";
  a.description = "d";
  a.section = "business";
  a.tags = {"a", "b"};
  a.text = "One.\n\nTwo.";
  a.content_hash = "c0ffee";
  a.simhash = 0x00ff00ff00ff00ffULL;
  a.extractor_version = "7";
  a.revision = 3;
  return a;
}

void expect_same_fields(const Article& got, const Article& want) {
  EXPECT_EQ(got.url, want.url);
  EXPECT_EQ(got.canonical_url, want.canonical_url);
  EXPECT_EQ(got.site, want.site);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.authors, want.authors);
  EXPECT_EQ(got.published, want.published);
  EXPECT_EQ(got.published_source, want.published_source);
  EXPECT_EQ(got.modified, want.modified);
  EXPECT_EQ(got.first_seen, want.first_seen);
  EXPECT_EQ(got.fetched, want.fetched);
  EXPECT_EQ(got.language, want.language);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.section, want.section);
  EXPECT_EQ(got.tags, want.tags);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.content_hash, want.content_hash);
  EXPECT_EQ(got.simhash, want.simhash);
  EXPECT_EQ(got.extractor_version, want.extractor_version);
  EXPECT_EQ(got.revision, want.revision);
}

// What the writer writes, the reader reads back, for every field full and empty. An empty title
// used to be left out by the writer and then refused by the reader: the page was lost.
TEST(ArticleRecord, EveryFieldRoundTripsFullAndEmpty) {
  struct Case {
    const char* field;
    void (*empty)(Article&);
  };
  const Case cases[] = {
      {"none", [](Article&) {}},
      {"canonical_url", [](Article& a) { a.canonical_url.clear(); }},
      {"site", [](Article& a) { a.site.clear(); }},
      {"title", [](Article& a) { a.title.clear(); }},
      {"authors", [](Article& a) { a.authors.clear(); }},
      {"published",
       [](Article& a) { a.published.reset(), a.published_source = DateSource::kNone; }},
      {"published_source", [](Article& a) { a.published_source = DateSource::kNone; }},
      {"modified", [](Article& a) { a.modified.reset(); }},
      {"first_seen", [](Article& a) { a.first_seen.reset(); }},
      {"fetched", [](Article& a) { a.fetched.reset(); }},
      {"language", [](Article& a) { a.language.clear(); }},
      {"description", [](Article& a) { a.description.clear(); }},
      {"section", [](Article& a) { a.section.clear(); }},
      {"tags", [](Article& a) { a.tags.clear(); }},
      {"text", [](Article& a) { a.text.clear(); }},
      {"content_hash", [](Article& a) { a.content_hash.clear(); }},
      {"simhash", [](Article& a) { a.simhash.reset(); }},
      {"extractor_version", [](Article& a) { a.extractor_version.clear(); }},
      {"revision", [](Article& a) { a.revision = 0; }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    Article want = full_article();
    c.empty(want);
    const std::string line = to_json_line(want);
    const auto got = parse_article(line);
    ASSERT_TRUE(got) << line << " gave: " << got.error().to_string();
    // The reader fills an absent site from the identity URL's host.
    if (want.site.empty()) want.site = "news.example";
    expect_same_fields(*got, want);
  }
}

TEST(ArticleRecord, RequiredKeysAreWrittenEvenWhenEmpty) {
  Article headline_only;
  headline_only.url = "https://news.example/a";
  headline_only.title = "Rates rise";
  Article body_only;
  body_only.url = "https://news.example/b";
  body_only.text = "Rates rose today.";
  for (const Article& a : {headline_only, body_only}) {
    const std::string line = to_json_line(a);
    EXPECT_NE(line.find(R"("title":)"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("text":)"), std::string::npos) << line;
    const auto got = parse_article(line);
    ASSERT_TRUE(got) << line << " gave: " << got.error().to_string();
    Article want = a;
    want.site = "news.example";  // filled from the URL's host
    expect_same_fields(*got, want);
  }
}

}  // namespace
}  // namespace gazette
