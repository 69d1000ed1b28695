#include "extract/block_tags.h"

#include <string>

#include <gtest/gtest.h>

#include "extract/html_dom.h"
#include "extract/html_prefilter.h"

namespace gazette::extract {
namespace {

// Markup where the HTML parser keeps an element of that name (table parts need their table).
std::string page_with(std::string_view name) {
  const std::string tag(name);
  if (name == "caption") return "<table><caption>x</caption></table>";
  if (name == "tbody" || name == "thead" || name == "tfoot") {
    return "<table><" + tag + "><tr><td>x</td></tr></" + tag + "></table>";
  }
  if (name == "tr") return "<table><tr><td>x</td></tr></table>";
  if (name == "td" || name == "th") return "<table><tr><" + tag + ">x</" + tag + "></tr></table>";
  return "<" + tag + ">x</" + tag + ">";
}

// Each name in the shared list is the name of its Tag, so the DOM and the prefilter, which read
// the list through different keys, agree on every entry.
TEST(BlockTagsTest, EveryNameParsesToItsTag) {
  for (const BlockTag& block : kBlockTags) {
    SCOPED_TRACE(std::string(block.name));
    const Document doc = Document::parse(page_with(block.name));
    EXPECT_GE(doc.find_first(block.tag), 0);
    EXPECT_TRUE(is_block_tag(block.tag));
    EXPECT_TRUE(is_block_tag_name(block.name));
  }
  EXPECT_FALSE(is_block_tag(Tag::kSpan));
  EXPECT_FALSE(is_block_tag_name("span"));
  EXPECT_FALSE(is_block_tag(Tag::kMeta));
}

// The prefilter drops whitespace only where the DOM breaks the line anyway.
TEST(BlockTagsTest, PrefilterKeepsSpacesBetweenInlineElements) {
  EXPECT_EQ(prefilter_html("<p>a</p>\n  <div>b</div>", PrefilterOptions{}), "<p>a</p><div>b</div>");
  EXPECT_EQ(prefilter_html("<b>a</b> <i>b</i>", PrefilterOptions{}), "<b>a</b> <i>b</i>");
  // Microdata <meta> in running text breaks no line: "By Ann" must not become "ByAnn".
  const std::string html = "<p><b>By</b> <meta itemprop=\"x\" content=\"y\"> <b>Ann</b></p>";
  const Document doc = Document::parse(prefilter_html(html, PrefilterOptions{}));
  EXPECT_EQ(doc.text_content(doc.find_first(Tag::kP)), "By Ann");
}

}  // namespace
}  // namespace gazette::extract
