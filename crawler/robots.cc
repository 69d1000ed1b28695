#include "crawler/robots.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/url.h"
#include "common/utf8.h"

namespace gazette::crawler {
namespace {

// The longest Crawl-delay taken as written; a larger one is read as this (a day), so a typo
// cannot park a host for years.
constexpr double kMaxCrawlDelaySeconds = 86400;

// The product token at the start of a user-agent value: "Gazette/1.0 (+url)" -> "gazette".
std::string product_of(std::string_view value) {
  std::size_t end = 0;
  while (end < value.size() &&
         (is_ascii_alpha(value[end]) || value[end] == '-' || value[end] == '_')) {
    ++end;
  }
  return ascii_lower(value.substr(0, end));
}

std::optional<std::chrono::milliseconds> parse_crawl_delay(std::string_view value) {
  double seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc{} || end == value.data() || !std::isfinite(seconds) || seconds < 0)
    return std::nullopt;
  seconds = std::min(seconds, kMaxCrawlDelaySeconds);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000)));
}

// Whether `pattern` ('*' matches any run, a final '$' anchors the end) matches a prefix of
// `path` (the whole of it when anchored). Backtracks only to the last '*', which is enough for
// these patterns and keeps the work bounded by pattern length times path length.
bool pattern_matches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  std::size_t p = 0;
  std::size_t s = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
    } else if (pattern[p] == '*') {
      star = p++;
      resume = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || resume >= path.size()) return false;
    p = star + 1;
    s = ++resume;
  }
}

// The number of characters a pattern must consume: patterns longer than the path can't match.
std::size_t literal_length(std::string_view pattern) {
  return pattern.size() -
         static_cast<std::size_t>(std::count(pattern.begin(), pattern.end(), '*')) -
         (!pattern.empty() && pattern.back() == '$' ? 1 : 0);
}

// A robots.txt line split into lower-cased key and trimmed value; nullopt when it is no
// "key: value" line.
struct Line {
  std::string key;
  std::string_view value;
};

std::optional<Line> split_line(std::string_view line) {
  if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
    line = line.substr(0, hash);
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view key = trim_ascii_whitespace(line.substr(0, colon));
  if (key.empty()) return std::nullopt;
  return Line{ascii_lower(key), trim_ascii_whitespace(line.substr(colon + 1))};
}

}  // namespace

RobotsRules RobotsRules::allow_all() { return RobotsRules{}; }

RobotsRules RobotsRules::disallow_all() {
  RobotsRules rules;
  rules.rules_.push_back(Rule{"/", false});
  return rules;
}

RobotsRules RobotsRules::parse(std::string_view body, std::string_view product_token) {
  if (body.size() > kMaxBytes) body = body.substr(0, kMaxBytes);
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  const std::string product = ascii_lower(product_token);

  // Rules of the groups naming us and of the "*" groups; which set applies is known at the end.
  RobotsRules ours;
  RobotsRules star;
  bool named_us = false;
  bool named_star = false;
  // The group being read: which agents it names, and whether its rules have begun (a
  // user-agent line after a rule starts a new group).
  bool group_is_ours = false;
  bool group_is_star = false;
  bool in_group = false;
  bool rules_started = false;
  std::vector<std::string> sitemaps;

  while (!body.empty()) {
    const std::size_t end = body.find_first_of("\r\n");
    const std::string_view raw = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
    if (first_invalid_utf8(raw)) continue;
    const auto line = split_line(raw);
    if (!line) continue;

    if (line->key == "user-agent") {
      if (rules_started || !in_group) {
        group_is_ours = group_is_star = false;
        rules_started = false;
      }
      in_group = true;
      const std::string agent = line->value == "*" ? "*" : product_of(line->value);
      if (!product.empty() && agent == product) group_is_ours = named_us = true;
      if (agent == "*") group_is_star = named_star = true;
    } else if (line->key == "sitemap") {
      if (!line->value.empty()) sitemaps.emplace_back(line->value);
    } else if (line->key == "allow" || line->key == "disallow" || line->key == "crawl-delay") {
      if (!in_group) continue;  // rules before any user-agent line belong to no one
      rules_started = true;
      for (RobotsRules* target :
           {group_is_ours ? &ours : nullptr, group_is_star ? &star : nullptr}) {
        if (target == nullptr) continue;
        if (line->key == "crawl-delay") {
          if (!target->crawl_delay_) target->crawl_delay_ = parse_crawl_delay(line->value);
          continue;
        }
        if (line->value.empty()) continue;  // "Disallow:" with no path disallows nothing
        std::string pattern = normalize_percent_encoding(line->value);
        if (pattern.front() != '/' && pattern.front() != '*') pattern.insert(0, 1, '/');
        target->rules_.push_back(Rule{std::move(pattern), line->key == "allow"});
      }
    }
  }

  RobotsRules result = named_us ? std::move(ours) : named_star ? std::move(star) : RobotsRules{};
  result.sitemaps_ = std::move(sitemaps);
  return result;
}

bool RobotsRules::allowed(std::string_view path_and_query) const {
  if (path_and_query == "/robots.txt") return true;
  const std::string path = normalize_percent_encoding(path_and_query);
  std::size_t best_length = 0;
  bool best_allow = true;
  bool matched = false;
  for (const Rule& rule : rules_) {
    if (literal_length(rule.pattern) > path.size()) continue;
    if (matched && rule.pattern.size() < best_length) continue;
    if (!pattern_matches(rule.pattern, path)) continue;
    if (!matched || rule.pattern.size() > best_length ||
        (rule.pattern.size() == best_length && rule.allow)) {
      best_length = rule.pattern.size();
      best_allow = rule.allow;
      matched = true;
    }
  }
  return !matched || best_allow;
}

}  // namespace gazette::crawler
