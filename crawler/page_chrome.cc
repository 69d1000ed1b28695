#include "crawler/page_chrome.h"

#include <string>

#include "common/utf8.h"

namespace gazette::crawler {

bool in_page_chrome(const Document& doc, std::int32_t id) {
  for (std::int32_t a = id; a >= 0; a = doc.node(a).parent) {
    const Tag t = doc.node(a).tag;
    if (t == Tag::kFooter || t == Tag::kNav || t == Tag::kAside) return true;
    for (const std::string& s :
         {ascii_lower(doc.attr(a, "class")), ascii_lower(doc.attr(a, "id"))}) {
      if (s.find("footer") != std::string::npos || s.find("comment") != std::string::npos ||
          s.find("sidebar") != std::string::npos || s.find("related") != std::string::npos) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace gazette::crawler
