// Random mutations of real-looking pages (fixed seed, so failures reproduce): the extractor must
// never crash and must always return valid UTF-8.
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "common/utf8.h"
#include "extract/extract.h"

namespace gazette::extract {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(GAZETTE_HTML_FIXTURES) + "/" + name, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void expect_valid(const ExtractResult& r, const std::string& context) {
  const Article& a = r.article;
  for (const std::string* field :
       {&a.text, &a.title, &a.description, &a.section, &a.language, &a.canonical_url, &a.site}) {
    EXPECT_FALSE(first_invalid_utf8(*field).has_value()) << context;
  }
  for (const auto& list : {&a.authors, &a.tags, &r.links, &r.feed_links}) {
    for (const auto& s : *list) EXPECT_FALSE(first_invalid_utf8(s).has_value()) << context;
  }
  EXPECT_FALSE(first_invalid_utf8(r.base_href).has_value()) << context;
}

std::string mutate(const std::string& page, std::mt19937& rng) {
  static const char* const kSoup[] = {"<table>",
                                      "</div>",
                                      "<b><i>",
                                      "</p></p>",
                                      "<!--",
                                      "<script>",
                                      "</script>",
                                      "<style>",
                                      "&#x0;",
                                      "&#xD800;",
                                      "<p",
                                      "\"",
                                      "<svg><foreignObject><p>",
                                      "<select>",
                                      "<template>",
                                      "]]>",
                                      "<![CDATA[",
                                      "&amp",
                                      "<a href='",
                                      "<frameset>",
                                      "<plaintext>",
                                      "<textarea>"};
  std::string out = page;
  std::uniform_int_distribution<int> kind(0, 4);
  const int rounds = 1 + static_cast<int>(rng() % 8);
  for (int round = 0; round < rounds && !out.empty(); ++round) {
    std::uniform_int_distribution<std::size_t> pos(0, out.size() - 1);
    switch (kind(rng)) {
      case 0:  // truncation
        out.resize(pos(rng));
        break;
      case 1:  // byte flips, including NUL and invalid UTF-8 lead bytes
        for (int k = 0; k < 16 && !out.empty(); ++k) {
          out[pos(rng)] = static_cast<char>(rng() % 256);
        }
        break;
      case 2:  // tag soup
        for (int k = 0; k < 8; ++k) {
          out.insert(pos(rng), kSoup[rng() % (sizeof(kSoup) / sizeof(kSoup[0]))]);
        }
        break;
      case 3: {  // a slice moved elsewhere
        const std::size_t from = pos(rng);
        const std::string slice = out.substr(from, rng() % 400);
        out.insert(pos(rng), slice);
        break;
      }
      default:  // deep nesting spliced in
        out.insert(pos(rng), std::string(2000 * 5, ' ').replace(0, 0, "") + "<div><span>");
        break;
    }
    if (out.empty()) break;
  }
  return out;
}

TEST(RobustnessTest, RandomMutationsNeverCrashAndYieldValidUtf8) {
  std::vector<std::string> pages = {read_fixture("seed_news_page.html")};
  ASSERT_FALSE(pages[0].empty());
  pages.push_back(
      "<html><head><meta charset=windows-1252><title>Caf\xE9 | Site</title></head><body><div "
      "class=post><p>Caf\xE9 owners in the old town \x93"
      "celebrated\x94"
      " the end of the road "
      "works on Friday, after eighteen months of dust and noise in the narrow streets.</p></div>"
      "</body></html>");
  std::mt19937 rng(20251124);
  for (const std::string& page : pages) {
    for (int i = 0; i < 150; ++i) {
      const std::string mutated = mutate(page, rng);
      ExtractOptions options;
      options.url = "https://example.com/2025/11/24/story";
      const ExtractResult r = extract_article(mutated, options);
      expect_valid(r, "mutation " + std::to_string(i));
    }
  }
}

TEST(RobustnessTest, DeepNesting) {
  for (const char* open : {"<div>", "<b>", "<table><tr><td>", "<span>", "<li>", "<blockquote>"}) {
    std::string html = "<html><body>";
    for (int i = 0; i < 10000; ++i) html += open;
    html +=
        "The text at the bottom of a very deep tree, long enough to be a paragraph of the "
        "story that has to come out.";
    const ExtractResult r = extract_article(html, ExtractOptions{});
    expect_valid(r, open);
    EXPECT_NE(r.article.text.find("The text at the bottom"), std::string::npos) << open;
  }
}

// Parsing time grows with the square of nesting depth; tags beyond the depth cap are ignored, so
// megabytes of nested tags take linear time (this test would run for minutes otherwise).
TEST(RobustnessTest, MegabytesOfNestedTagsAreCappedWithAWarning) {
  for (const char* open : {"<div>", "<b><i>", "<section><span>"}) {
    std::string html = "<html><body>";
    while (html.size() < (std::size_t{3} << 20)) html += open;
    html += "The text at the bottom of a very deep tree, long enough to be a paragraph.";
    const ExtractResult r = extract_article(html, ExtractOptions{});
    expect_valid(r, open);
    bool warned = false;
    for (const std::string& w : r.warnings)
      warned |= w.find("nested too deep") != std::string::npos;
    EXPECT_TRUE(warned) << open;
    EXPECT_NE(r.article.text.find("The text at the bottom"), std::string::npos) << open;
  }
}

TEST(RobustnessTest, NulBytesAndInvalidSequences) {
  std::string html =
      "<html><body><p>Before\0the NUL byte there is text, and after it too, "
      "enough to be kept.\xFF\xFE\xC3</p></body></html>";
  html.insert(20, std::string(3, '\0'));
  const ExtractResult r = extract_article(html, ExtractOptions{});
  expect_valid(r, "nul");
  EXPECT_EQ(r.article.text.find('\0'), std::string::npos);
  EXPECT_FALSE(r.warnings.empty());
}

TEST(RobustnessTest, HugePagesAreTruncatedWithAWarning) {
  std::string html = "<html><body><div class=story>";
  const std::string paragraph =
      "<p>A long paragraph repeated many times to make a page of several megabytes, the kind of "
      "page a broken server or a giant live blog produces.</p>";
  while (html.size() < (std::size_t{3} << 20)) html += paragraph;
  ExtractOptions options;
  options.max_bytes = std::size_t{1} << 20;
  const ExtractResult r = extract_article(html, options);
  expect_valid(r, "huge");
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].find("truncated"), std::string::npos);
  EXPECT_FALSE(r.article.text.empty());
}

TEST(RobustnessTest, EmptyAndTinyInputs) {
  for (const std::string& html :
       {std::string(), std::string("<"), std::string("\xEF\xBB\xBF"), std::string("\xFF\xFE"),
        std::string(1, '\0'), std::string("<html><body></body></html>")}) {
    const ExtractResult r = extract_article(html, ExtractOptions{});
    expect_valid(r, "tiny");
    EXPECT_TRUE(r.article.text.empty());
  }
}

}  // namespace
}  // namespace gazette::extract
