// Inputs found by the fuzz targets (fuzz/, see docs/operations.md "Fuzzing") that broke a
// property of common/: each is minimised, kept in fuzz/regressions/<target>/ and checked here
// against the property that failed.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "common/article.h"
#include "common/url.h"
#include "common/utf8.h"

namespace gazette {
namespace {

// fuzz/regressions/jsonl: parse_article must reject, never throw (a throw ends a whole import).
TEST(FuzzRegressions, ParseArticleRejectsInsteadOfThrowing) {
  const struct {
    std::string_view line;
    std::string_view reason;
  } cases[] = {
      {"1e400", "number overflow"},  // number-overflow: nlohmann throws out_of_range.406
      {R"({"url":"https://a.test/","title":"t","text":"x","n":1e400})", "number overflow"},
      // utf8-cut-in-reason: nlohmann quotes the last byte read, the first half of "К".
      {"К80", "invalid literal"},
  };
  for (const auto& c : cases) {
    Expected<Article> parsed = fail("", "not run");
    ASSERT_NO_THROW(parsed = parse_article(c.line)) << c.line;
    ASSERT_FALSE(parsed.has_value()) << c.line;
    EXPECT_NE(parsed.error().what.find(c.reason), std::string::npos) << parsed.error().what;
    EXPECT_FALSE(first_invalid_utf8(parsed.error().what)) << parsed.error().what;
  }
}

// fuzz/regressions/jsonl/source-without-date: a published_source without a published date was
// kept when read but not written, so the record read back differed.
TEST(FuzzRegressions, ADateSourceWithoutADateIsNotKept) {
  const auto parsed = parse_article(
      R"({"url":"https://a.test/2","title":"t","text":"x","published_source":"jsonld"})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
  EXPECT_EQ(parsed->published_source, DateSource::kNone);
  const auto back = parse_article(to_json_line(*parsed));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->published_source, parsed->published_source);
}

// fuzz/regressions/url: normalize(normalize(u)) == normalize(u). curl decodes the host's escapes
// once, so "%%43" became "%C", which the next parse decoded again (or refused).
TEST(FuzzRegressions, NormalizedUrlIsAFixedPoint) {
  for (const std::string_view url :
       {"HTTP:/%%43A", "HTTP://%4%2%43A.EXAMPLE/%41%42%43", "http://a%2541.example/"}) {
    const auto once = normalize_url(url);
    if (!once) continue;
    EXPECT_EQ(normalize_url(*once), once) << url;
  }
  EXPECT_EQ(normalize_url("HTTP:/%%43A"), std::nullopt);
  EXPECT_EQ(normalize_url("http://%41.example/"), "http://a.example/");
}

}  // namespace
}  // namespace gazette
