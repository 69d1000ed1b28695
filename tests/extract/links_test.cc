#include "extract/links.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "extract/extract.h"
#include "extract/html_prefilter.h"

namespace gazette::extract {
namespace {

using Strings = std::vector<std::string>;

TEST(LinksTest, CollectsRawHrefsInOrderWithoutDuplicatesOrNonPages) {
  struct Row {
    const char* name;
    std::string html;
    Strings links;
  };
  const Row rows[] = {
      {"document order, raw (unresolved)",
       "<a href=\"/b\">b</a><p><a href=\"https://x.example/a?q=1&amp;r=2\">a</a></p>"
       "<a href=\"../c\">c</a>",
       {"/b", "https://x.example/a?q=1&r=2", "../c"}},
      {"duplicates once",
       "<a href=\"/a\">1</a><a href=\"/b\">2</a><a href=\"/a\">3</a>",
       {"/a", "/b"}},
      {"surrounding whitespace trimmed", "<a href=\"  /a\n\">1</a><a href=\"/a\">2</a>", {"/a"}},
      {"skipped kinds",
       "<a href=\"\">e</a><a href=\"#top\">t</a><a href=\"JavaScript:void(0)\">j</a>"
       "<a href=\"mailto:x@y.example\">m</a><a href=\"tel:+100\">p</a><a>no href</a>"
       "<a href=\"/page#part\">kept</a>",
       {"/page#part"}},
      {"links anywhere: nav, footer, head of a non-article",
       "<nav><a href=\"/news\">News</a></nav><footer><a href=\"/about\">About</a></footer>",
       {"/news", "/about"}},
      {"too long",
       "<a href=\"/" + std::string(kMaxLinkBytes, 'x') + "\">x</a><a href=\"/ok\">o</a>",
       {"/ok"}},
  };
  for (const Row& row : rows) {
    PrefilterStats stats;
    const Document doc = Document::parse(prefilter_html(row.html, PrefilterOptions{}, &stats));
    EXPECT_EQ(collect_links(doc, anchor_links(stats.a_hrefs, 100)).links, row.links) << row.name;
  }
}

TEST(LinksTest, CapsTheNumberOfLinks) {
  std::vector<std::string> hrefs;
  for (int i = 0; i < 50; ++i) hrefs.push_back("/p" + std::to_string(i));
  const std::vector<std::string_view> views(hrefs.begin(), hrefs.end());
  const std::vector<std::string> links = anchor_links(views, 10);
  ASSERT_EQ(links.size(), 10u);
  EXPECT_EQ(links.front(), "/p0");
  EXPECT_EQ(links.back(), "/p9");
}

TEST(LinksTest, DecodesCharacterReferencesAsAParserDoes) {
  EXPECT_EQ(decode_char_refs("/a?x=1&amp;y=2&#38;z=3&#x26;w"), "/a?x=1&y=2&z=3&w");
  EXPECT_EQ(decode_char_refs("&lt;&gt;&quot;&apos;&#233;&#x1F600;"),
            "<>\"'\xC3\xA9\xF0\x9F\x98\x80");
  // Without a semicolon, unknown, or not a number: kept as written.
  EXPECT_EQ(decode_char_refs("?a=1&copy=2&amp&nbsp;&#xZZ;&;"), "?a=1&copy=2&amp&nbsp;&#xZZ;&;");
  EXPECT_EQ(decode_char_refs("&#0;&#xD800;&#1114112;"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(LinksTest, BaseHrefIsTheFirstOneWithAValue) {
  const Document doc = Document::parse(
      "<head><base target=\"_blank\"><base href=\" https://cdn.example/news/ \">"
      "<base href=\"/other/\"></head><body><a href=\"x\">x</a></body>");
  EXPECT_EQ(collect_links(doc, {}).base_href, "https://cdn.example/news/");
  EXPECT_EQ(collect_links(Document::parse("<a href=x>x</a>"), {}).base_href, "");
}

TEST(LinksTest, FeedLinksAreAlternateRssAtomAndJsonFeed) {
  const Document doc = Document::parse(
      "<head>"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.rss\">"
      "<link rel=\"Alternate\" type=\"Application/Atom+XML; charset=utf-8\" href=\"/atom\">"
      "<link rel=\"alternate\" type=\"application/feed+json\" href=\"/feed.json\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.rss\">"
      "<link rel=\"alternate\" type=\"application/json\" href=\"/wp-json/post/1\">"
      "<link rel=\"alternate\" hreflang=\"de\" href=\"/de/\">"
      "<link rel=\"stylesheet\" type=\"application/rss+xml\" href=\"/odd\">"
      "<link rel=\"home alternate\" type=\"application/rss+xml\" href=\"/home.rss\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\">"
      "</head><body><a href=\"/feed.rss\">feed</a></body>");
  const PageLinks links = collect_links(doc, {});
  EXPECT_EQ(links.feed_links, (Strings{"/feed.rss", "/atom", "/feed.json", "/home.rss"}));
}

TEST(LinksTest, ExtractFillsLinksForArticlesAndNonArticlesAlike) {
  // Through the whole pipeline, so the prefilter keeps what the links need.
  std::string front =
      "<html><head><base href=\"https://news.example/\">"
      "<link rel=alternate type=application/rss+xml href=\"rss.xml\"></head><body><ul>";
  for (int i = 0; i < 30; ++i) {
    front += "<li><a href=\"story-" + std::to_string(i) + "\">Story number " + std::to_string(i) +
             " headline</a></li>";
  }
  front += "</ul><a href=\"javascript:go()\">go</a></body></html>";
  ExtractOptions options;
  options.url = "https://news.example/";
  const ExtractResult result = extract_article(front, options);
  EXPECT_FALSE(result.is_article);
  ASSERT_EQ(result.links.size(), 30u);
  EXPECT_EQ(result.links[0], "story-0");
  EXPECT_EQ(result.links[29], "story-29");
  EXPECT_EQ(result.base_href, "https://news.example/");
  EXPECT_EQ(result.feed_links, Strings{"rss.xml"});

  options.max_links = 5;
  EXPECT_EQ(extract_article(front, options).links.size(), 5u);
}

}  // namespace
}  // namespace gazette::extract
