#include "extract/page_chrome.h"

#include <string_view>

#include "common/utf8.h"

namespace gazette::extract {

namespace {

// Whether `text` contains `lower_needle`, ignoring ASCII case; no allocation (called for every
// ancestor of every candidate heading, date and byline).
bool contains_ci(std::string_view text, std::string_view lower_needle) {
  return ascii_ifind(text, lower_needle) != std::string_view::npos;
}

bool names_chrome(std::string_view value) {
  return !value.empty() && (contains_ci(value, "footer") || contains_ci(value, "comment") ||
                            contains_ci(value, "sidebar") || contains_ci(value, "related"));
}

}  // namespace

bool in_page_chrome(const Document& doc, std::int32_t id) {
  for (std::int32_t a = id; a >= 0; a = doc.node(a).parent) {
    const Tag t = doc.node(a).tag;
    if (t == Tag::kFooter || t == Tag::kNav || t == Tag::kAside) return true;
    if (names_chrome(doc.attr(a, "class")) || names_chrome(doc.attr(a, "id"))) return true;
  }
  return false;
}

}  // namespace gazette::extract
