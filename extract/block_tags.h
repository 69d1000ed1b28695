// The block-level elements: where one starts or ends, a line of text breaks.
//
// Two passes must agree on this list. The DOM (is_block_tag in extract/html_dom.h) puts a break
// at every such boundary when it turns a subtree into text. The prefilter
// (extract/html_prefilter.cc) runs before parsing and drops whitespace-only text next to these
// tags, because a break is there anyway. If the prefilter counted a tag the DOM does not, the
// words on either side would run together ("a</span> <meta> <span>b" read as "ab"); if the DOM
// counted one the prefilter does not, only some parsing time is lost. One list keeps them equal.
// Constant data; thread-safe.
#pragma once

#include <array>
#include <string_view>

#include "extract/html_dom.h"

namespace gazette::extract {

struct BlockTag {
  Tag tag;
  std::string_view name;  // lower case, as in markup
};

inline constexpr std::array<BlockTag, 50> kBlockTags = {{
    {Tag::kAddress, "address"},
    {Tag::kArticle, "article"},
    {Tag::kAside, "aside"},
    {Tag::kBlockquote, "blockquote"},
    {Tag::kBody, "body"},
    {Tag::kBr, "br"},
    {Tag::kCaption, "caption"},
    {Tag::kCenter, "center"},
    {Tag::kDd, "dd"},
    {Tag::kDetails, "details"},
    {Tag::kDialog, "dialog"},
    {Tag::kDir, "dir"},
    {Tag::kDiv, "div"},
    {Tag::kDl, "dl"},
    {Tag::kDt, "dt"},
    {Tag::kFieldset, "fieldset"},
    {Tag::kFigcaption, "figcaption"},
    {Tag::kFigure, "figure"},
    {Tag::kFooter, "footer"},
    {Tag::kForm, "form"},
    {Tag::kH1, "h1"},
    {Tag::kH2, "h2"},
    {Tag::kH3, "h3"},
    {Tag::kH4, "h4"},
    {Tag::kH5, "h5"},
    {Tag::kH6, "h6"},
    {Tag::kHead, "head"},
    {Tag::kHeader, "header"},
    {Tag::kHr, "hr"},
    {Tag::kHtml, "html"},
    {Tag::kLegend, "legend"},
    {Tag::kLi, "li"},
    {Tag::kMain, "main"},
    {Tag::kMenu, "menu"},
    {Tag::kNav, "nav"},
    {Tag::kOl, "ol"},
    {Tag::kOption, "option"},
    {Tag::kP, "p"},
    {Tag::kPre, "pre"},
    {Tag::kSection, "section"},
    {Tag::kSummary, "summary"},
    {Tag::kTable, "table"},
    {Tag::kTbody, "tbody"},
    {Tag::kTd, "td"},
    {Tag::kTfoot, "tfoot"},
    {Tag::kTh, "th"},
    {Tag::kThead, "thead"},
    {Tag::kTitle, "title"},
    {Tag::kTr, "tr"},
    {Tag::kUl, "ul"},
}};

// Whether `lower_name` (a tag name in lower case) names a block-level element.
[[nodiscard]] constexpr bool is_block_tag_name(std::string_view lower_name) {
  for (const BlockTag& block : kBlockTags) {
    if (block.name == lower_name) return true;
  }
  return false;
}

}  // namespace gazette::extract
