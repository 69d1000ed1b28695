#include "extract/page_kind.h"

#include <algorithm>
#include <array>

#include "common/utf8.h"

namespace gazette::extract {
namespace {

std::string lower_path(std::string_view url) {
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : url.find('/', start + 3);
  if (start == std::string_view::npos) return "/";
  return ascii_lower(url.substr(start));
}

bool has_any(const std::vector<std::string>* types, std::initializer_list<std::string_view> names) {
  if (types == nullptr) return false;
  for (const auto& t : *types) {
    if (std::find(names.begin(), names.end(), t) != names.end()) return true;
  }
  return false;
}

// Extracted text shorter than this (visible characters) is "little text" ...
constexpr std::size_t kLittleTextChars = 150;
// ... when the whole page also has less prose than this outside links.
constexpr std::size_t kLittleTextPageProse = 800;
// A page under its own headline with at least this much text is a short post (a photo or video
// with its caption), not a gallery without text.
constexpr std::size_t kCaptionChars = 40;
// A section front: more than this share of the page's text is in links, ...
constexpr double kSectionFrontLinkShare = 0.65;
// ... the extracted text is short, ...
constexpr std::size_t kSectionFrontMaxContent = 400;
// ... and the page holds little prose outside links.
constexpr std::size_t kSectionFrontPageProse = 1500;

}  // namespace

PageKind classify_page(const PageEvidence& e) {
  PageKind kind;
  const std::string path = lower_path(e.url);
  const bool strong_text = e.long_paragraphs >= 3 && e.content_chars >= 1200;
  const double link_share = e.page_chars == 0 ? 0.0
                                              : static_cast<double>(e.page_link_chars) /
                                                    static_cast<double>(e.page_chars);

  if (!e.url.empty()) {
    std::string_view p = path;
    const std::size_t q = p.find_first_of("?#");
    const std::string_view bare = p.substr(0, q);
    if ((bare == "/" || bare.empty() || bare == "/index.html" || bare == "/index.php" ||
         bare == "/index.htm" || bare == "/default.aspx") &&
        !e.json_ld_article) {
      kind = {false, "home page"};
      return kind;
    }
    static constexpr std::array<std::string_view, 10> kListingParts = {
        "/tag/",        "/tags/",  "/topic/",  "/topics/",  "/category/",
        "/categories/", "/search", "/author/", "/archive/", "/page/"};
    for (std::string_view part : kListingParts) {
      if (path.find(part) != std::string::npos && !strong_text && !e.json_ld_article) {
        kind = {false, "tag, category, author or search page"};
        return kind;
      }
    }
    if ((path.find("?s=") != std::string::npos || path.find("?q=") != std::string::npos ||
         path.find("&q=") != std::string::npos) &&
        !e.json_ld_article) {
      kind = {false, "search results"};
      return kind;
    }
  }
  if (!e.json_ld_article &&
      has_any(e.json_ld_types, {"CollectionPage", "SearchResultsPage", "ItemList", "ProfilePage",
                                "ImageGallery", "MediaGallery"})) {
    kind = {false, "collection page (JSON-LD)"};
    return kind;
  }
  // Without URL or schema evidence, a page is only flagged when it clearly has no article body:
  // a real article, however short, must not be skipped. So both rules also need the page as a
  // whole to hold little prose outside links, and an article declaration (og:type, JSON-LD, or
  // some text under a headline that matches the title) overrides the link rule.
  const std::size_t prose_chars =
      e.page_chars > e.page_link_chars ? e.page_chars - e.page_link_chars : 0;
  const bool captioned_item = e.has_headline && e.content_chars >= kCaptionChars;
  if (!captioned_item && e.content_chars < kLittleTextChars && e.long_paragraphs == 0 &&
      prose_chars < kLittleTextPageProse) {
    kind = {false, "little text (gallery, video or stub)"};
    return kind;
  }
  const bool declared_article = e.json_ld_article || e.og_type == "article" ||
                                (e.has_headline && e.content_chars >= kLittleTextChars);
  if (!declared_article && link_share > kSectionFrontLinkShare && e.long_paragraphs == 0 &&
      e.content_chars < kSectionFrontMaxContent && prose_chars < kSectionFrontPageProse) {
    kind = {false, "mostly links (section front)"};
    return kind;
  }
  return kind;
}

}  // namespace gazette::extract
