#include "extract/headline.h"

#include <algorithm>
#include <unordered_set>

#include "extract/page_chrome.h"

namespace gazette::extract {
namespace {

// Headings longer than this are paragraphs styled as headings, not headlines.
constexpr std::size_t kMaxHeadlineBytes = 400;

std::unordered_set<std::string> distinct(std::string_view text) {
  const std::vector<std::string> words = lower_words(text);
  return {words.begin(), words.end()};
}

// Whether the heading's text is one link to a site's front page ("/", "/blog/"): the site's
// name, shown as a heading on every page, not this page's headline.
bool is_home_link(const Document& doc, std::int32_t heading) {
  std::int32_t link = -1;
  for (std::int32_t id = heading + 1; id < doc.subtree_end(heading); ++id) {
    if (doc.node(id).tag != Tag::kA) continue;
    if (link >= 0) return false;
    link = id;
  }
  if (link < 0 || doc.text_content(link).size() * 2 < doc.text_content(heading).size())
    return false;
  // Long hrefs are not kept in the tree (crawler/html_prefilter.h); front-page ones are short.
  std::string_view href = doc.attr(link, "href");
  if (href.empty()) return false;
  const auto scheme = href.find("://");
  if (scheme != std::string_view::npos) {
    const auto path = href.find('/', scheme + 3);
    href = path == std::string_view::npos ? std::string_view("/") : href.substr(path);
  }
  if (href.find_first_of("?#") != std::string_view::npos) return false;
  std::size_t segments = 0;
  bool in_segment = false;
  for (char c : href) {
    if (c != '/' && !in_segment) ++segments;
    in_segment = c != '/';
  }
  return segments <= 1 && href.find('.') == std::string_view::npos;
}

}  // namespace

std::vector<std::string> lower_words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      current += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      current += static_cast<char>(c - 'A' + 'a');
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

double title_match(std::string_view heading, std::string_view title) {
  const auto a = distinct(heading);
  const auto b = distinct(title);
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (const auto& w : a) common += b.count(w);
  return static_cast<double>(common) / static_cast<double>(std::max(a.size(), b.size()));
}

Headline find_headline(const Document& doc, const std::vector<std::string_view>& titles) {
  Headline best;
  int best_level = 0;
  const auto n = static_cast<std::int32_t>(doc.size());
  for (std::int32_t id = 0; id < n; ++id) {
    const Tag tag = doc.node(id).tag;
    const int level = tag == Tag::kH1 ? 1 : tag == Tag::kH2 ? 2 : tag == Tag::kH3 ? 3 : 0;
    if (level == 0) continue;
    std::string text = doc.text_content(id);
    if (text.empty() || text.size() > kMaxHeadlineBytes || in_page_chrome(doc, id) ||
        is_home_link(doc, id)) {
      continue;
    }
    double match = 0;
    for (std::string_view title : titles) {
      if (!title.empty()) match = std::max(match, title_match(text, title));
    }
    if (match < kHeadlineMinMatch) continue;
    if (match > best.match + 1e-9 || (match > best.match - 1e-9 && level < best_level)) {
      best = Headline{id, std::move(text), match};
      best_level = level;
    }
  }
  return best;
}

}  // namespace gazette::extract
