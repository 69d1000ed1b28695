// The links a crawler follows from a page: <a href> targets, the <base href> that relative ones
// resolve against, and feed links. All come from the one pass over the page (no second parse):
// <base> and <link> from the parsed tree, <a href> values from the prefilter pass that feeds the
// parser (crawler/html_prefilter.h), which hands them over instead of making the parser tokenize
// them (they are a third of a news page's markup). Values are raw: as written in the markup,
// with character references decoded (&amp; -> &) and surrounding whitespace trimmed, not
// resolved; the crawler resolves and normalises them.
// Thread-safety: pure function of its inputs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "extract/html_dom.h"

namespace gazette::extract {

struct PageLinks {
  // href of every <a href>, in document order, each value once. Skipped: empty values,
  // fragment-only values ("#top"), javascript:, mailto: and tel: (no page behind them), values
  // longer than kMaxLinkBytes (no crawler fetches them).
  std::vector<std::string> links;
  // href of the first <base href>, "" when there is none.
  std::string base_href;
  // href of <link rel="alternate"> with type application/rss+xml, application/atom+xml or
  // application/feed+json, in document order, each value once.
  std::vector<std::string> feed_links;
};

inline constexpr std::size_t kMaxLinkBytes = 4096;

// The followable <a href> values among `a_hrefs` (as written, PrefilterStats::a_hrefs), decoded,
// trimmed, each once, at most `max_links` (the first ones).
[[nodiscard]] std::vector<std::string> anchor_links(const std::vector<std::string_view>& a_hrefs,
                                                    std::size_t max_links);

// The page's links: `anchors` (from anchor_links) plus <base href> and feed links read from `doc`.
[[nodiscard]] PageLinks collect_links(const Document& doc, std::vector<std::string> anchors);

// `value` (an attribute value as written) with its character references decoded, as an HTML
// parser decodes them in attribute values: numeric ones (&#38; &#x26;) and the named ones that
// occur in URLs (&amp; &lt; &gt; &quot; &apos;), each with its semicolon. Anything else is kept.
[[nodiscard]] std::string decode_char_refs(std::string_view value);

}  // namespace gazette::extract
