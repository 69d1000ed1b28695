// Inputs found by the fuzz targets (fuzz/, see docs/operations.md "Fuzzing") that broke a
// property of crawler/: minimised, kept in fuzz/regressions/<target>/ and checked here.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "common/utf8.h"
#include "crawler/discovery.h"

namespace gazette::crawler {
namespace {

// fuzz/regressions/discovery: warnings quoted the document's bytes as they were (an unusable
// link, an unreadable date, a root element's name), or cut them inside a UTF-8 sequence, so a
// warning could be invalid UTF-8. Every warning must be valid UTF-8.
TEST(FuzzRegressions, DiscoveryWarningsAreValidUtf8) {
  const struct {
    std::string_view body;
    std::string_view warning;
  } cases[] = {
      {"<urlset><url><loc>javascript:\xc3</loc></url></urlset>", "unusable link"},
      {"<urlset><url><loc>/a</loc><lastmod>x\xe2\x82</lastmod></url></urlset>", "unreadable date"},
      {"<\xc3\xa9\xff/>", "root element"},
  };
  for (const auto& c : cases) {
    const auto doc = parse_discovery(c.body, "https://a.example/sitemap.xml");
    ASSERT_FALSE(doc.warnings.empty()) << c.body;
    EXPECT_NE(doc.warnings.front().find(c.warning), std::string::npos) << doc.warnings.front();
    for (const auto& w : doc.warnings) EXPECT_FALSE(first_invalid_utf8(w)) << w;
  }
}

}  // namespace
}  // namespace gazette::crawler
