#include "crawler/html_prefilter.h"

#include <cstring>

namespace gazette::crawler {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(std::string_view s, std::size_t at, std::string_view prefix) {
  if (at + prefix.size() > s.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (lower(s[at + k]) != prefix[k]) return false;
  }
  return true;
}

std::size_t find_ci(std::string_view s, std::string_view needle, std::size_t from) {
  while (from < s.size()) {
    const void* hit = std::memchr(s.data() + from, '<', s.size() - from);
    if (hit == nullptr) return std::string_view::npos;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
    if (starts_with_ci(s, at, needle)) return at;
    from = at + 1;
  }
  return std::string_view::npos;
}

bool ends_tag_name(std::string_view s, std::size_t at) {
  if (at >= s.size()) return true;
  const char c = s[at];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '>' || c == '/';
}

}  // namespace

std::string strip_raw_text_bodies(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t pos = 0;
  while (pos < html.size()) {
    const void* hit = std::memchr(html.data() + pos, '<', html.size() - pos);
    if (hit == nullptr) {
      out.append(html.substr(pos));
      break;
    }
    const auto lt = static_cast<std::size_t>(static_cast<const char*>(hit) - html.data());
    out.append(html.substr(pos, lt - pos));
    if (html.compare(lt, 4, "<!--") == 0) {
      const std::size_t end = html.find("-->", lt + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::string_view raw_tag;
    if (starts_with_ci(html, lt, "<script") && ends_tag_name(html, lt + 7)) {
      raw_tag = "</script";
    } else if (starts_with_ci(html, lt, "<style") && ends_tag_name(html, lt + 6)) {
      raw_tag = "</style";
    }
    if (raw_tag.empty()) {
      out += '<';
      pos = lt + 1;
      continue;
    }
    const std::size_t open_end = html.find('>', lt);
    if (open_end == std::string_view::npos) {
      out.append(html.substr(lt));
      break;
    }
    const std::string_view open_tag = html.substr(lt, open_end + 1 - lt);
    const std::size_t close = find_ci(html, raw_tag, open_end + 1);
    const std::size_t body_end = close == std::string_view::npos ? html.size() : close;
    bool keep_body = false;
    if (raw_tag == "</script") {
      for (std::size_t k = 0; k + 7 <= open_tag.size(); ++k) {
        if (starts_with_ci(open_tag, k, "ld+json")) keep_body = true;
      }
    }
    out.append(open_tag);
    if (keep_body) out.append(html.substr(open_end + 1, body_end - open_end - 1));
    pos = body_end;
  }
  return out;
}

}  // namespace gazette::crawler
