// Recognising pages that are not articles: home pages, section fronts, tag and search pages,
// galleries without text. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::extract {

struct PageEvidence {
  std::string_view url;
  std::string_view og_type;                                 // "article", "website", ... or ""
  bool json_ld_article = false;                             // JSON-LD declares an Article type
  const std::vector<std::string>* json_ld_types = nullptr;  // every JSON-LD @type (may be null)
  // A heading matches the page's title (crawler/headline.h): the page presents one item under
  // its own headline, as articles do and home pages do not.
  bool has_headline = false;
  std::size_t page_chars = 0;       // visible text
  std::size_t page_link_chars = 0;  // of which in links
  std::size_t content_chars = 0;    // extracted article text
  std::size_t long_paragraphs = 0;  // extracted blocks of 150+ characters
};

struct PageKind {
  bool is_article = true;
  std::string reason;  // why not, e.g. "home page", "tag or search page", "little text"
};

[[nodiscard]] PageKind classify_page(const PageEvidence& evidence);

}  // namespace gazette::extract
