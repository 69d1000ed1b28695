// Main-text extraction: which blocks of text on a page are the article, and which are
// boilerplate (navigation, share bars, comments, related links, footers, ...).
//
// The page is cut into text blocks at every block-element boundary. Blocks are scored onto their
// ancestors (length, commas, link density, class/id/role evidence), the best-scoring element is
// the article container, and its siblings join when they look like article text too. Inside the
// container, boilerplate subtrees, link lists and interface lines ("Scroll to Top") are dropped.
// An h1/h2 headline closely above the container brings the short lines under it (standfirst,
// byline, dateline) into the text too.
// Thread-safety: pure function of its inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "extract/html_dom.h"

namespace gazette::extract {

struct ContentOptions {
  // Text of the page's JSON-LD articleBody, when it has one: used as evidence for which container
  // is the article (and as the text when the page's markup yields nothing like it).
  std::string json_ld_body;
  // The headline element (crawler/headline.h), -1 when unknown: a container that starts right
  // at or under it is more likely the article than one elsewhere on the page.
  std::int32_t headline = -1;
};

struct TextBlockInfo {
  std::string text;           // whitespace collapsed; "\n" where the markup had <br>
  bool heading = false;       // h1..h6
  std::int32_t element = -1;  // the block element the text belongs to
};

struct ContentResult {
  std::vector<TextBlockInfo> blocks;  // the article's blocks, in document order
  std::int32_t container = -1;        // the chosen article container element (-1: none)
  bool used_json_ld_body = false;     // the text came from JSON-LD articleBody
  bool used_fallback = false;         // no container found: the text is the page's long blocks
  // Page statistics (for recognising pages that are not articles).
  std::size_t page_chars = 0;       // visible text, all blocks
  std::size_t page_link_chars = 0;  // of which inside links
  std::size_t content_chars = 0;    // text of the kept blocks
  std::size_t long_paragraphs = 0;  // kept blocks of 150+ characters with few links
};

[[nodiscard]] ContentResult extract_main_text(const Document& doc, const ContentOptions& options);

// The blocks joined as article text: paragraphs separated by a blank line.
[[nodiscard]] std::string join_blocks(const std::vector<TextBlockInfo>& blocks);

}  // namespace gazette::extract
