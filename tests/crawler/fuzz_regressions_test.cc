// Inputs found by the fuzz targets (fuzz/, see docs/operations.md "Fuzzing") that broke a
// property of crawler/: minimised, kept in fuzz/regressions/<target>/ and checked here.
#include <filesystem>
#include <fstream>
#include <iterator>
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

// The inputs as the fuzzer saved them (first line the document's URL, then the body).
TEST(FuzzRegressions, SavedDiscoveryInputsGiveValidUtf8Warnings) {
  std::size_t inputs = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(GAZETTE_FUZZ_REGRESSIONS "/discovery")) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t newline = bytes.find('\n');
    ASSERT_NE(newline, std::string::npos) << entry.path();
    const auto doc = parse_discovery(std::string_view(bytes).substr(newline + 1),
                                     std::string_view(bytes).substr(0, newline));
    EXPECT_FALSE(doc.warnings.empty()) << entry.path();
    for (const auto& w : doc.warnings) EXPECT_FALSE(first_invalid_utf8(w)) << entry.path() << w;
    ++inputs;
  }
  EXPECT_GE(inputs, 3u);
}

}  // namespace
}  // namespace gazette::crawler
