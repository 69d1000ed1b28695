// Inputs found by the fuzz targets (fuzz/, see docs/operations.md "Fuzzing") that broke a
// property of common/: each is minimised, kept in fuzz/regressions/<target>/ and checked here
// against the property that failed.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "common/article.h"

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
  };
  for (const auto& c : cases) {
    Expected<Article> parsed = fail("", "not run");
    ASSERT_NO_THROW(parsed = parse_article(c.line)) << c.line;
    ASSERT_FALSE(parsed.has_value()) << c.line;
    EXPECT_NE(parsed.error().what.find(c.reason), std::string::npos) << parsed.error().what;
  }
}

}  // namespace
}  // namespace gazette
