// A byte-level pass run before parsing, for speed and safety. The HTML5 parser spends its time
// per input byte, and most of a news page's bytes carry no article text: script and style
// bodies, comments, inline SVG, attributes nobody reads (data-*, srcset, onclick, inline styles),
// runs of indentation. This pass removes them while keeping every element tag, so the parser
// builds the same tree (minus dropped attributes and the bodies listed below).
//
// It also bounds the work the parser can be made to do: the parser's cost grows with the square
// of the nesting depth, so start tags nested deeper than `max_depth` are dropped (their text is
// kept), and megabytes of nested tags parse in linear time.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::extract {

struct PrefilterOptions {
  // Start tags of elements nested deeper than this (counting elements that need an end tag) are
  // removed. Real pages stay well under 100 levels.
  std::size_t max_depth = 256;
};

struct PrefilterStats {
  std::size_t dropped_deep_tags = 0;  // start tags removed by the depth cap
  // The href value of every <a> start tag that was kept, in document order, as written (views
  // into the input; character references not yet decoded, see crawler/links.h).
  std::vector<std::string_view> a_hrefs;
};

// What the pass does, in the order the tokenizer meets it:
// - comments are removed; doctypes and processing instructions are copied unchanged;
// - <script> (except JSON-LD scripts, kept whole) and <style> elements are removed with their
//   tags, and so are <img>, <input>, <source>, <track> and <link>s whose rel is neither canonical
//   nor alternate;
// - the bodies of <iframe>, <noembed>, <noframes>, <xmp>, <textarea>, <svg>, <math>, <noscript>
//   and <select> are removed (the tags stay); the body of <title> is copied unchanged (it is
//   text, not markup);
// - start tags keep only the attributes the extractor reads: class, id, role, itemprop, hidden,
//   aria-hidden, rel, lang, xml:lang, datetime, pubdate, name, property, content, http-equiv,
//   charset; `type` on <script> and <link>; `href` on <base> and <link>. `href` on <a> is
//   handed over in PrefilterStats::a_hrefs and kept only when short (40 bytes). An inline style
//   that hides the element (display:none, visibility:hidden) becomes the `hidden` attribute;
// - whitespace runs in text become one space (one newline when the run had one); NUL bytes
//   become spaces.
// A tag cut off by the end of the input is dropped, as the HTML tokenizer drops it.
// `stats` (optional) receives counts of what was changed and the <a href> values.
[[nodiscard]] std::string prefilter_html(std::string_view html, const PrefilterOptions& options,
                                         PrefilterStats* stats = nullptr);

}  // namespace gazette::extract
