#include "crawler/links.h"

#include <string_view>
#include <unordered_set>

#include "common/utf8.h"

namespace gazette::crawler {
namespace {

std::string_view trim_ascii(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\r\f";
  const auto begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

bool starts_with_ascii_ci(std::string_view text, std::string_view lower_prefix) {
  return text.size() >= lower_prefix.size() &&
         ascii_lower(text.substr(0, lower_prefix.size())) == lower_prefix;
}

bool is_followable(std::string_view href) {
  if (href.empty() || href.front() == '#' || href.size() > kMaxLinkBytes) return false;
  return !starts_with_ascii_ci(href, "javascript:") && !starts_with_ascii_ci(href, "mailto:") &&
         !starts_with_ascii_ci(href, "tel:");
}

// rel is a space-separated token list ("alternate nofollow").
bool has_rel_token(std::string_view rel, std::string_view lower_token) {
  const std::string lower = ascii_lower(rel);
  std::string_view rest = lower;
  while (!rest.empty()) {
    const auto begin = rest.find_first_not_of(" \t\n\r\f");
    if (begin == std::string_view::npos) break;
    rest.remove_prefix(begin);
    const auto end = rest.find_first_of(" \t\n\r\f");
    if (rest.substr(0, end) == lower_token) return true;
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end);
  }
  return false;
}

bool is_feed_type(std::string_view type) {
  const std::string lower = ascii_lower(trim_ascii(type.substr(0, type.find(';'))));
  return lower == "application/rss+xml" || lower == "application/atom+xml" ||
         lower == "application/feed+json";
}

}  // namespace

PageLinks collect_links(const Document& doc, std::size_t max_links) {
  PageLinks out;
  std::unordered_set<std::string_view> seen_links;
  std::unordered_set<std::string_view> seen_feeds;
  const auto count = static_cast<std::int32_t>(doc.size());
  for (std::int32_t id = 0; id < count; ++id) {
    const Tag tag = doc.node(id).tag;
    if (tag == Tag::kA) {
      if (out.links.size() >= max_links) continue;
      const std::string_view href = trim_ascii(doc.attr(id, "href"));
      // Views into the Document stay valid while it lives, so the set holds no copies.
      if (is_followable(href) && seen_links.insert(href).second) out.links.emplace_back(href);
    } else if (tag == Tag::kBase) {
      const std::string_view href = trim_ascii(doc.attr(id, "href"));
      if (out.base_href.empty() && !href.empty()) out.base_href = std::string(href);
    } else if (tag == Tag::kLink) {
      const std::string_view href = trim_ascii(doc.attr(id, "href"));
      if (href.empty() || href.size() > kMaxLinkBytes) continue;
      if (!has_rel_token(doc.attr(id, "rel"), "alternate")) continue;
      if (!is_feed_type(doc.attr(id, "type"))) continue;
      if (seen_feeds.insert(href).second) out.feed_links.emplace_back(href);
    }
  }
  return out;
}

}  // namespace gazette::crawler
