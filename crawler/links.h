// The links a crawler follows from a page, read from the page's parsed tree (no second parse):
// <a href> targets, the <base href> that relative ones resolve against, and feed links.
// Values are raw (as written in the markup, surrounding whitespace trimmed, not resolved): the
// crawler resolves and normalises them.
// Thread-safety: pure function of its inputs.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "crawler/html_dom.h"

namespace gazette::crawler {

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

// Collects the page's links; at most `max_links` entries in `links` (the first ones).
[[nodiscard]] PageLinks collect_links(const Document& doc, std::size_t max_links);

}  // namespace gazette::crawler
