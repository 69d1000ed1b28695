#include "extract/links.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "common/utf8.h"

namespace gazette::extract {
namespace {

bool is_followable(std::string_view href) {
  if (href.empty() || href.front() == '#' || href.size() > kMaxLinkBytes) return false;
  return !ascii_istarts_with(href, "javascript:") && !ascii_istarts_with(href, "mailto:") &&
         !ascii_istarts_with(href, "tel:");
}

// rel is a space-separated token list ("alternate nofollow").
bool has_rel_token(std::string_view rel, std::string_view lower_token) {
  const std::string lower = ascii_lower(rel);
  std::string_view rest = lower;
  while (!rest.empty()) {
    const auto begin = rest.find_first_not_of(kHtmlSpaces);
    if (begin == std::string_view::npos) break;
    rest.remove_prefix(begin);
    const auto end = rest.find_first_of(kHtmlSpaces);
    if (rest.substr(0, end) == lower_token) return true;
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end);
  }
  return false;
}

bool is_feed_type(std::string_view type) {
  const std::string lower = ascii_lower(trim_html_space(type.substr(0, type.find(';'))));
  return lower == "application/rss+xml" || lower == "application/atom+xml" ||
         lower == "application/feed+json";
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

}  // namespace

std::string decode_char_refs(std::string_view value) {
  if (value.find('&') == std::string_view::npos) return std::string(value);
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const std::size_t semi = c == '&' ? value.find(';', i + 1) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out += c;
      continue;
    }
    const std::string_view name = value.substr(i + 1, semi - i - 1);
    std::uint32_t code = 0;
    if (name.size() >= 2 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string_view digits = name.substr(hex ? 2 : 1);
      bool ok = !digits.empty();
      for (char d : digits) {
        const int v = d >= '0' && d <= '9'                            ? d - '0'
                      : hex && (d | 0x20) >= 'a' && (d | 0x20) <= 'f' ? (d | 0x20) - 'a' + 10
                                                                      : -1;
        if (v < 0 || code > 0x10FFFF) ok = false;
        if (ok) code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
      }
      // NUL, surrogates and out-of-range values become U+FFFD, as in HTML.
      if (ok && (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))) code = 0xFFFD;
      if (!ok) code = 0;
    } else if (name == "amp") {
      code = '&';
    } else if (name == "lt") {
      code = '<';
    } else if (name == "gt") {
      code = '>';
    } else if (name == "quot") {
      code = '"';
    } else if (name == "apos") {
      code = '\'';
    }
    if (code == 0) {
      out += c;
      continue;
    }
    append_utf8(out, code);
    i = semi;
  }
  return out;
}

std::vector<std::string> anchor_links(const std::vector<std::string_view>& a_hrefs,
                                      std::size_t max_links) {
  std::vector<std::string> links;
  // Reserved up front, so the strings never move and the set can hold views of them.
  links.reserve(std::min(a_hrefs.size(), max_links));
  std::unordered_set<std::string_view> seen;
  for (std::string_view raw : a_hrefs) {
    if (links.size() >= max_links) break;
    const std::string_view trimmed = trim_html_space(raw);
    if (trimmed.size() > kMaxLinkBytes || seen.count(trimmed) > 0) continue;
    std::string href = trimmed.find('&') == std::string_view::npos
                           ? std::string(trimmed)
                           : std::string(trim_html_space(decode_char_refs(trimmed)));
    if (!is_followable(href) || seen.count(href) > 0) continue;
    links.push_back(std::move(href));
    seen.insert(links.back());
  }
  return links;
}

PageLinks collect_links(const Document& doc, std::vector<std::string> anchors) {
  PageLinks out;
  out.links = std::move(anchors);
  std::unordered_set<std::string_view> seen_feeds;
  for (std::int32_t id : doc.find_all(Tag::kBase)) {
    const std::string_view href = trim_html_space(doc.attr(id, "href"));
    if (!href.empty()) {
      out.base_href = std::string(href);
      break;
    }
  }
  for (std::int32_t id : doc.find_all(Tag::kLink)) {
    const std::string_view href = trim_html_space(doc.attr(id, "href"));
    if (href.empty() || href.size() > kMaxLinkBytes) continue;
    if (!has_rel_token(doc.attr(id, "rel"), "alternate")) continue;
    if (!is_feed_type(doc.attr(id, "type"))) continue;
    if (seen_feeds.insert(href).second) out.feed_links.emplace_back(href);
  }
  return out;
}

}  // namespace gazette::extract
