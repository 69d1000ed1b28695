#include "extract/boilerplate_hints.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace gazette::extract {
namespace {

// Whole tokens (class/id split on punctuation and camelCase) that mark boilerplate.
constexpr std::array<std::string_view, 84> kStrongTokens = {
    "nav",         "navbar",        "navigation",  "menu",       "menubar",     "submenu",
    "footer",      "sidebar",       "share",       "sharing",    "shares",      "social",
    "socials",     "related",       "comment",     "comments",   "commentlist", "respond",
    "replies",     "cookie",        "cookies",     "consent",    "gdpr",        "newsletter",
    "promo",       "promotion",     "promotions",  "breadcrumb", "breadcrumbs", "crumbs",
    "bio",         "credit",        "credits",     "ad",         "ads",         "advert",
    "adverts",     "advertisement", "advertising", "adsense",    "sponsor",     "sponsored",
    "widget",      "widgets",       "popular",     "trending",   "recommended", "recommendations",
    "subscribe",   "subscription",  "signup",      "outbrain",   "taboola",     "disqus",
    "pagination",  "pager",         "toolbar",     "tagcloud",   "rss",         "skip",
    "login",       "modal",         "popup",       "shoutbox",   "skyscraper",  "facebook",
    "twitter",     "pinterest",     "linkedin",    "whatsapp",   "addthis",     "sharethis",
    "shareaholic", "search",        "copyright",   "disclaimer", "offscreen",   "sr",
    "jump",        "nocontent",     "print",       "email",      "tags",        "blogroll"};

// Substrings of a lower-cased class/id that mark boilerplate even inside compound names.
constexpr std::array<std::string_view, 36> kStrongSubstrings = {
    "comment",    "share",      "social",      "related",      "sidebar",     "footer",
    "breadcrumb", "newsletter", "cookie",      "consent",      "promo",       "sponsor",
    "advert",     "subscribe",  "popular",     "trending",     "recommend",   "outbrain",
    "taboola",    "disqus",     "masthead",    "pagination",   "navbar",      "navigation",
    "toolbar",    "tagcloud",   "sharing",     "authorbio",    "author-bio",  "authorbox",
    "author-box", "authorinfo", "author-info", "about-author", "aboutauthor", "about-the-author"};

// Tokens that only lower an element's score (they also name parts of article headers).
constexpr std::array<std::string_view, 17> kWeakTokens = {
    "header", "masthead", "meta",     "extra",     "supplemental", "rail",
    "aside",  "partner",  "partners", "affiliate", "tools",        "utility",
    "more",   "links",    "banner",   "topbar",    "profile"};

constexpr std::array<std::string_view, 22> kPositiveTokens = {
    "article",      "articlebody", "body",   "content",   "entry",  "hentry",     "main",
    "post",         "text",        "story",  "storybody", "blog",   "prose",      "postbody",
    "entrycontent", "permalink",   "single", "page",      "column", "instapaper", "h",
    "copy"};

constexpr std::array<std::string_view, 6> kPositiveSubstrings = {
    "article", "content", "entry", "story", "postbody", "post-body"};

// A set of short words, bucketed by length and first letter so that a lookup compares with at
// most a handful of candidates. Immutable once built.
class TokenSet {
 public:
  template <std::size_t N>
  explicit TokenSet(const std::array<std::string_view, N>& list) {
    for (std::string_view s : list) buckets_[bucket(s)].push_back(s);
  }

  [[nodiscard]] bool contains(std::string_view token) const {
    if (token.empty()) return false;
    for (std::string_view s : buckets_[bucket(token)]) {
      if (s == token) return true;
    }
    return false;
  }

 private:
  static std::size_t bucket(std::string_view s) {
    return (std::min<std::size_t>(s.size(), 15) << 5) | (static_cast<unsigned char>(s[0]) & 31U);
  }

  std::array<std::vector<std::string_view>, std::size_t{16} * 32> buckets_;
};

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A list of substrings grouped by first byte, for one pass over a string. Immutable once built.
class SubstringIndex {
 public:
  template <std::size_t N>
  explicit SubstringIndex(const std::array<std::string_view, N>& list) {
    for (std::string_view s : list) by_first_[static_cast<unsigned char>(s.front())].push_back(s);
  }

  // Whether `text` contains one of the substrings ("comment" does not count in "commentary").
  [[nodiscard]] bool found_in(std::string_view text) const {
    for (std::size_t at = 0; at < text.size(); ++at) {
      const auto& candidates = by_first_[static_cast<unsigned char>(text[at])];
      for (std::string_view s : candidates) {
        if (text.compare(at, s.size(), s) != 0) continue;
        if (s == "comment" && text.compare(at, 10, "commentary") == 0) continue;
        return true;
      }
    }
    return false;
  }

 private:
  std::array<std::vector<std::string_view>, 256> by_first_;
};

// At most this many tokens of one element's class and id are looked at.
constexpr std::size_t kMaxTokens = 48;

struct Tokens {
  std::string lowered;  // class and id, lower-cased, each followed by a space
  std::array<std::string_view, kMaxTokens> items;  // views into `lowered`
  std::size_t count = 0;
};

// Splits on non-alphanumerics and lower-to-upper camelCase steps; the pieces are lower-cased.
// `tokens.lowered` must have capacity for `value` plus one byte (views into it must not move).
void split_tokens(std::string_view value, Tokens& tokens) {
  const std::size_t base = tokens.lowered.size();
  for (char c : value) tokens.lowered += ascii_lower(c);
  tokens.lowered += ' ';
  const std::string_view lowered(tokens.lowered);
  std::size_t start = 0;
  bool open = false;
  auto push = [&](std::size_t end) {
    if (open && tokens.count < kMaxTokens) {
      tokens.items[tokens.count++] = lowered.substr(base + start, end - start);
    }
    open = false;
  };
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (!is_alnum(c)) {
      push(i);
      continue;
    }
    if (open && c >= 'A' && c <= 'Z' && i > 0 && value[i - 1] >= 'a' && value[i - 1] <= 'z') {
      push(i);
    }
    if (!open) {
      start = i;
      open = true;
    }
  }
  push(value.size());
}

// Class names that blog engines derive from a post's categories and tags
// ("category-social-media", "tag-twitter", "entry-category-promotions"): they describe the
// topic, not the page part, so their words are no evidence.
bool is_taxonomy_class(std::string_view word) {
  static constexpr std::array<std::string_view, 6> kPrefixes = {
      "category-", "tag-", "entry-category-", "entry-tag-", "taxonomy-", "term-"};
  for (std::string_view prefix : kPrefixes) {
    if (word.size() > prefix.size() && ascii_istarts_with(word, prefix)) {
      return true;
    }
  }
  return false;
}

// `class_attr` without its taxonomy class names; `class_attr` itself when it has none.
std::string_view without_taxonomy(std::string_view class_attr, std::string& storage) {
  if (class_attr.find('-') == std::string_view::npos) return class_attr;
  bool any = false;
  storage.clear();
  std::size_t start = 0;
  while (start < class_attr.size()) {
    std::size_t end = class_attr.find_first_of(" \t\n\r\f", start);
    if (end == std::string_view::npos) end = class_attr.size();
    const std::string_view word = class_attr.substr(start, end - start);
    if (is_taxonomy_class(word)) {
      any = true;
    } else if (!word.empty()) {
      storage.append(word);
      storage += ' ';
    }
    start = end + 1;
  }
  return any ? std::string_view(storage) : class_attr;
}

std::string normalize_line(std::string_view line, std::size_t* words) {
  std::string out;
  *words = 0;
  bool in_word = false;
  for (char c : line) {
    if (is_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
      if (!in_word && !out.empty()) out += ' ';
      if (!in_word) ++*words;
      in_word = true;
      out += ascii_lower(c);
    } else {
      in_word = false;
    }
  }
  return out;
}

}  // namespace

Hint hint_from_attributes(std::string_view class_attr, std::string_view id_attr,
                          std::string_view role, std::string_view itemprop) {
  Hint hint;
  if (!role.empty()) {
    if (role == "navigation" || role == "banner" || role == "contentinfo" ||
        role == "complementary" || role == "search" || role == "menu" || role == "menubar" ||
        role == "dialog" || role == "alertdialog" || role == "toolbar") {
      hint.boilerplate = true;
      hint.weight -= 25;
    } else if (role == "main" || role == "article") {
      hint.weight += 25;
      hint.article = true;
    }
  }
  if (!itemprop.empty()) {
    if (itemprop.find("articleBody") != std::string_view::npos ||
        itemprop.find("reviewBody") != std::string_view::npos) {
      hint.weight += 50;
      hint.article = true;
    } else if (itemprop == "comment" || itemprop == "comments") {
      hint.boilerplate = true;
      hint.comments = true;
      hint.weight -= 25;
    }
  }
  if (class_attr.empty() && id_attr.empty()) return hint;
  static const TokenSet strong_tokens(kStrongTokens);
  static const TokenSet weak_tokens(kWeakTokens);
  static const TokenSet positive_tokens(kPositiveTokens);
  std::string class_storage;
  class_attr = without_taxonomy(class_attr, class_storage);
  Tokens split;
  split.lowered.reserve(class_attr.size() + id_attr.size() + 2);
  split_tokens(class_attr, split);
  split_tokens(id_attr, split);
  const std::string& lowered = split.lowered;
  const auto tokens = std::span(split.items).first(split.count);
  bool strong = false, weak = false, positive = false;
  for (std::string_view token : tokens) {
    // "widget" is judged below, as a substring.
    if (strong_tokens.contains(token) && token != "widget" && token != "widgets") strong = true;
    if (weak_tokens.contains(token)) weak = true;
    if (positive_tokens.contains(token)) positive = true;
  }
  for (std::string_view token : tokens) {
    if (token == "comment" || token == "comments" || token == "commentlist" || token == "respond" ||
        token == "replies" || token == "disqus") {
      hint.comments = true;
    }
  }
  if (lowered.find("comment") != std::string::npos &&
      lowered.find("commentary") == std::string::npos) {
    hint.comments = true;
  }
  static const SubstringIndex strong_substrings(kStrongSubstrings);
  static const SubstringIndex positive_substrings(kPositiveSubstrings);
  if (!strong) strong = strong_substrings.found_in(lowered);
  if (!positive) positive = positive_substrings.found_in(lowered);
  if (!strong && lowered.find("widget") != std::string::npos) {
    strong = true;
    hint.wrapper = true;
  }
  if (strong) {
    hint.boilerplate = true;
    hint.weight -= 25;
  } else if (weak) {
    hint.weight -= 25;
  }
  if (positive) {
    hint.weight += 25;
    hint.article = true;
  }
  return hint;
}

bool is_junk_line(std::string_view line) {
  std::size_t words = 0;
  const std::string norm = normalize_line(line, &words);
  if (words == 0) return !line.empty();
  // Blog engines' standard lines under a post (WordPress themes print them by default).
  static constexpr std::array<std::string_view, 5> kPostMeta = {
      "you can follow any responses to this entry", "this entry was posted on",
      "this entry was posted in", "both comments and pings are currently closed",
      "you can skip to the end and leave a response"};
  if (words <= 60) {
    for (std::string_view prefix : kPostMeta) {
      if (norm.compare(0, prefix.size(), prefix) == 0) return true;
    }
  }
  if (words > 12) return false;
  static constexpr std::array<std::string_view, 64> kExact = {"scroll to top",
                                                              "back to top",
                                                              "return to top",
                                                              "go to top",
                                                              "top of page",
                                                              "to top",
                                                              "top",
                                                              "back to top of page",
                                                              "jump to top",
                                                              "advertisement",
                                                              "advertisements",
                                                              "ad",
                                                              "sponsored",
                                                              "sponsored content",
                                                              "share",
                                                              "share this",
                                                              "share this article",
                                                              "share this story",
                                                              "share this post",
                                                              "share on facebook",
                                                              "share on twitter",
                                                              "tweet",
                                                              "print",
                                                              "email",
                                                              "print this article",
                                                              "email this article",
                                                              "print email",
                                                              "email print",
                                                              "read more",
                                                              "continue reading",
                                                              "related",
                                                              "related articles",
                                                              "related stories",
                                                              "related posts",
                                                              "related content",
                                                              "more stories",
                                                              "most popular",
                                                              "most read",
                                                              "comments",
                                                              "comment",
                                                              "leave a comment",
                                                              "leave a reply",
                                                              "post a comment",
                                                              "add a comment",
                                                              "view comments",
                                                              "show comments",
                                                              "subscribe",
                                                              "sign up",
                                                              "newsletter",
                                                              "click here",
                                                              "skip to content",
                                                              "skip to main content",
                                                              "skip to navigation",
                                                              "follow us",
                                                              "like this",
                                                              "loading",
                                                              "enlarge",
                                                              "enlarge this image",
                                                              "recommended",
                                                              "you may also like",
                                                              "trending",
                                                              "also read",
                                                              "see also"};
  if (std::find(kExact.begin(), kExact.end(), norm) != kExact.end()) return true;
  static constexpr std::array<std::string_view, 20> kPrefixes = {
      "share on ",      "share this ",        "follow us on ",       "sign up for ",
      "subscribe to ",  "related ",           "read more ",          "see also ",
      "advertisement ", "copyright ",         "all rights reserved", "photo credit",
      "most popular ",  "newsletter sign up", "image credit",        "credit ",
      "getty images",   "click here to ",     "scroll to top",       "back to top"};
  for (std::string_view prefix : kPrefixes) {
    if (norm.compare(0, prefix.size(), prefix) == 0) return true;
  }
  if (line.find("\xC2\xA9") != std::string_view::npos) return true;  // (c) copyright sign
  // Slide counters: "3 of 12", "Photo 3 of 12", "Image 2/5".
  if (words <= 4) {
    const std::size_t of = norm.find(" of ");
    if (of != std::string::npos && of > 0 && norm[of - 1] >= '0' && norm[of - 1] <= '9' &&
        of + 4 < norm.size() && norm[of + 4] >= '0' && norm[of + 4] <= '9') {
      return true;
    }
  }
  return false;
}

bool is_comments_heading(std::string_view heading) {
  std::size_t words = 0;
  std::string norm = normalize_line(heading, &words);
  if (words == 0 || heading.size() > 300) return false;
  // "12 Comments", "One response": the count goes.
  static constexpr std::array<std::string_view, 4> kCounts = {"one ", "two ", "three ", "no "};
  std::size_t skip = 0;
  while (skip < norm.size() && norm[skip] >= '0' && norm[skip] <= '9') ++skip;
  if (skip > 0 && skip < norm.size() && norm[skip] == ' ') {
    norm.erase(0, skip + 1);
  } else {
    for (std::string_view count : kCounts) {
      if (norm.compare(0, count.size(), count) == 0) {
        norm.erase(0, count.size());
        break;
      }
    }
  }
  static constexpr std::array<std::string_view, 16> kExact = {
      "comment",         "comments",
      "response",        "responses",
      "reply",           "replies",
      "reader comments", "readers comments",
      "leave a comment", "leave a reply",
      "post a comment",  "add a comment",
      "discussion",      "join the discussion",
      "your comments",   "comments closed"};
  if (std::find(kExact.begin(), kExact.end(), norm) != kExact.end()) return true;
  // WordPress: "12 thoughts on “Title”", "5 responses to “Title”", "3 comments on Title".
  static constexpr std::array<std::string_view, 6> kPrefixes = {"thoughts on ",  "thought on ",
                                                                "responses to ", "response to ",
                                                                "comments on ",  "comments to "};
  for (std::string_view prefix : kPrefixes) {
    if (norm.compare(0, prefix.size(), prefix) == 0) return true;
  }
  return false;
}

bool is_author_bio(std::string_view paragraph, const std::vector<std::string>& authors) {
  if (paragraph.size() > 600) return false;
  static constexpr std::array<std::string_view, 10> kVerbs = {
      "is ",    "was ",    "has ",     "writes ", "covers ",
      "lives ", "joined ", "teaches ", "works ",  "reports "};
  auto verb_follows = [&](std::size_t at) {
    if (at >= paragraph.size() || paragraph[at] != ' ') return false;
    const std::string_view rest = paragraph.substr(at + 1);
    return std::any_of(kVerbs.begin(), kVerbs.end(),
                       [&](std::string_view v) { return rest.substr(0, v.size()) == v; });
  };
  for (const std::string& author : authors) {
    if (author.size() < 3) continue;
    if (paragraph.substr(0, author.size()) == author && verb_follows(author.size())) return true;
    // "Marie" as the author, "Marie LeBaron is the founder of ..." as the bio.
    const std::string_view first = std::string_view(author).substr(0, author.find(' '));
    if (first.size() < 3 || paragraph.substr(0, first.size()) != first) continue;
    std::size_t at = first.size();
    if (at + 1 < paragraph.size() && paragraph[at] == ' ' && paragraph[at + 1] >= 'A' &&
        paragraph[at + 1] <= 'Z') {
      at = paragraph.find(' ', at + 1);
      if (at != std::string_view::npos && verb_follows(at)) return true;
    }
  }
  return false;
}

}  // namespace gazette::extract
