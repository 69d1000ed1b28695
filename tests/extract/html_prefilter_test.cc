#include "extract/html_prefilter.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace gazette::extract {
namespace {

TEST(HtmlPrefilterTest, RewritesMarkupTheExtractorDoesNotRead) {
  struct Row {
    const char* what;
    std::string html;
    std::string expected;
  };
  const Row rows[] = {
      {"comment", "a<!-- x <p>y</p> -->b", "ab"},
      {"unterminated comment", "a<!-- x", "a"},
      {"doctype kept", "<!DOCTYPE html><p>x</p>", "<!DOCTYPE html><p>x</p>"},
      {"script element", "<script src=\"x.js\">var a = '<p>';</script>z", "z"},
      {"unterminated script", "a<script>var a = '<p>b';", "a"},
      {"json-ld kept", "<script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>",
       "<script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>"},
      {"style element", "<STYLE>p { color: red }</STYLE >x", "x"},
      {"images, inputs and unread links",
       "<img src=a.png><input name=q><link rel=stylesheet href=s.css><link rel=\"Alternate\" "
       "type=\"application/rss+xml\" href=/f>x",
       "<link rel=\"Alternate\" type=\"application/rss+xml\" href=/f>x"},
      {"unknown attributes", "<div class=\"a\" data-x=\"1\" onclick='f()' id=b>x</div>",
       "<div class=\"a\" id=b>x</div>"},
      {"hiding style", "<div style=\"display: none\">x</div><p style=\"color:red\">y</p>",
       "<div hidden>x</div><p>y</p>"},
      {"href only on link, base and a",
       "<link rel=canonical href=\"/u\"><a href=\"/v\" rel=author>x</a><img href=\"/w\">"
       "<base href=\"/b/\">",
       "<link rel=canonical href=\"/u\"><a href=\"/v\" rel=author>x</a><base href=\"/b/\">"},
      {"quoted >", "<div title=\"a>b\" class=c>x</div>", "<div class=c>x</div>"},
      {"svg body", "<p>a<svg viewBox=\"0 0 1 1\"><text>icon</text></svg>b</p>",
       "<p>a<svg></svg>b</p>"},
      {"self-closed svg", "<svg/><p>kept</p>", "<svg/><p>kept</p>"},
      {"unclosed svg keeps the rest", "<svg><p>rest</p>", "<svg><p>rest</p>"},
      {"noscript and select", "<noscript><img src=x>Enable JS</noscript><select><option>A",
       "<noscript></noscript><select><option>A"},
      {"title text verbatim", "<title>A <b> &amp; B</title>", "<title>A <b> &amp; B</title>"},
      {"whitespace runs", "<p>a  \t b\n\n   c</p>", "<p>a b\nc</p>"},
      {"NUL bytes", std::string("<p>a\0b</p>", 10), "<p>a b</p>"},
      {"cut-off tag dropped", "text<div class=", "text"},
      {"bare <", "1 < 2 <3", "1 < 2 <3"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(prefilter_html(row.html, PrefilterOptions{}), row.expected) << row.what;
  }
}

TEST(HtmlPrefilterTest, DropsStartTagsBeyondTheDepthCap) {
  PrefilterOptions options;
  options.max_depth = 3;
  PrefilterStats stats;
  EXPECT_EQ(prefilter_html("<div><div><div><div><b>x</b></div></div></div></div>", options, &stats),
            "<div><div><div>x</b></div></div></div></div>");
  EXPECT_EQ(stats.dropped_deep_tags, 2u);

  // Elements closed implicitly (p, li, td, ...) and void elements do not count as nesting, and
  // closed elements leave the stack.
  std::string flat = "<div>";
  for (int i = 0; i < 50; ++i) flat += "<p>x<li>y<br><img src=z><span>s</span><td>t";
  const std::string out = prefilter_html(flat, options, &stats);
  EXPECT_EQ(stats.dropped_deep_tags, 0u);
  EXPECT_EQ(out.find("src"), std::string::npos);
}

TEST(HtmlPrefilterTest, FormattingLeftOpenInCellsDoesNotPileUp) {
  PrefilterOptions options;
  options.max_depth = 4;
  PrefilterStats stats;
  std::string html = "<table>";
  for (int i = 0; i < 100; ++i) html += "<tr><td><font>cell</td>";
  (void)prefilter_html(html, options, &stats);
  EXPECT_EQ(stats.dropped_deep_tags, 0u);
}

TEST(HtmlPrefilterTest, HandsOverAnchorHrefsInDocumentOrder) {
  PrefilterStats stats;
  const std::string out = prefilter_html(
      "<a href=\"/one\">1</a><noscript><a href=\"/hidden\">h</a></noscript><p><a "
      "HREF='/two?a=1&amp;b=2' class=x>2</a><a href=/three/is/a/long/path/of/more/than/forty/"
      "bytes>3</a><a name=top></a>",
      PrefilterOptions{}, &stats);
  EXPECT_EQ(stats.a_hrefs,
            (std::vector<std::string_view>{"/one", "/two?a=1&amp;b=2",
                                           "/three/is/a/long/path/of/more/than/forty/bytes"}));
  // Short values stay in the markup; long ones are not tokenized twice.
  EXPECT_NE(out.find("href=\"/one\""), std::string::npos) << out;
  EXPECT_EQ(out.find("/three"), std::string::npos) << out;
}

}  // namespace
}  // namespace gazette::extract
