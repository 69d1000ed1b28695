#include "extract/authors.h"

#include <algorithm>
#include <array>

#include "common/utf8.h"

namespace gazette::extract {
namespace {

bool is_role_word(std::string_view w) {
  static constexpr std::array<std::string_view, 30> kRoles = {
      "staff",    "reporter",      "reporters", "writer",       "writers",     "correspondent",
      "editor",   "editors",       "senior",    "contributing", "contributor", "special",
      "our",      "the",           "desk",      "team",         "news",        "bureau",
      "admin",    "administrator", "guest",     "columnist",    "chief",       "political",
      "business", "sports",        "report",    "web",          "online",      "and"};
  return std::find(kRoles.begin(), kRoles.end(), w) != kRoles.end();
}

std::string strip_prefixes(std::string s) {
  static constexpr std::array<std::string_view, 11> kPrefixes = {
      "written by ", "posted by ", "reported by ", "story by ", "words by ", "author: ",
      "by: ",        "by ",        "von ",         "par ",      "por "};
  bool changed = true;
  while (changed) {
    changed = false;
    const std::string l = ascii_lower(s);
    for (std::string_view p : kPrefixes) {
      if (l.rfind(p, 0) == 0) {
        s = collapse_whitespace(s.substr(p.size()));
        changed = true;
        break;
      }
    }
    if (ascii_lower(s) == "by") s.clear();
  }
  return s;
}

}  // namespace

bool is_url_like(std::string_view s) {
  return s.find("://") != std::string_view::npos || s.rfind("www.", 0) == 0 || s.rfind("/", 0) == 0;
}

std::vector<std::string> clean_authors(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  std::vector<std::string> seen;
  for (const std::string& entry : raw) {
    // Split on conjunctions and separators.
    std::vector<std::string> pieces;
    std::string current;
    const std::string text = collapse_whitespace(entry);
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      const std::string_view rest = std::string_view(text).substr(i);
      if (c == ',' || c == ';' || c == '|' || c == '\n' || c == '/' || c == '\xE2') {
        if (c == '\xE2' && rest.substr(0, 3) != "\xE2\x80\xA2") {  // bullet
          current += c;
          continue;
        }
        pieces.push_back(current);
        current.clear();
        if (c == '\xE2') i += 2;
        continue;
      }
      if (rest.rfind(" and ", 0) == 0 || rest.rfind(" AND ", 0) == 0) {
        pieces.push_back(current);
        current.clear();
        i += 4;
        continue;
      }
      if (rest.rfind(" & ", 0) == 0 || rest.rfind(" und ", 0) == 0) {
        pieces.push_back(current);
        current.clear();
        i += rest[1] == '&' ? 2 : 4;
        continue;
      }
      current += c;
    }
    pieces.push_back(current);
    for (std::string piece : pieces) {
      piece = strip_prefixes(collapse_whitespace(piece));
      // Cut at " on <date>", " - ", " | " remnants and "min read".
      for (std::string_view stop :
           {" on ", " - ", " \xE2\x80\x93 ", " updated", " posted", " published", " min read"}) {
        const std::size_t at = ascii_lower(piece).find(stop);
        if (at != std::string::npos) piece = collapse_whitespace(piece.substr(0, at));
      }
      if (piece.size() < 2 || piece.size() > 60) continue;
      if (piece.find('@') != std::string::npos || is_url_like(piece)) continue;
      if (std::any_of(piece.begin(), piece.end(), [](char c) { return c >= '0' && c <= '9'; }))
        continue;
      // Only role words ("Staff Writer")?
      std::size_t words = 0, role_words = 0;
      std::string word;
      const std::string lp = ascii_lower(piece) + " ";
      for (char c : lp) {
        if (c == ' ' || c == '.') {
          if (!word.empty()) {
            ++words;
            if (is_role_word(word)) ++role_words;
          }
          word.clear();
        } else {
          word += c;
        }
      }
      if (words == 0 || words > 5 || role_words == words) continue;
      const std::string key = ascii_lower(piece);
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      out.push_back(piece);
      if (out.size() >= 10) return out;
    }
  }
  return out;
}

}  // namespace gazette::extract
