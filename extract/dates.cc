#include "extract/dates.h"

#include <array>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace gazette::extract {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr int kMinYear = 1990;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Token {
  enum Kind { kNumber, kWord, kPunct } kind;
  std::string_view text;
  std::size_t pos;
};

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (is_digit(c)) {
      const std::size_t start = i;
      while (i < s.size() && is_digit(s[i])) ++i;
      tokens.push_back({Token::kNumber, s.substr(start, i - start), start});
    } else if (is_ascii_alpha(c)) {
      const std::size_t start = i;
      while (i < s.size() && is_ascii_alpha(s[i])) ++i;
      tokens.push_back({Token::kWord, s.substr(start, i - start), start});
    } else {
      if (c == ':' || c == '/' || c == '-' || c == '.' || c == ',' || c == '+') {
        tokens.push_back({Token::kPunct, s.substr(i, 1), i});
      }
      ++i;
    }
    if (tokens.size() > 400) break;
  }
  return tokens;
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

std::optional<DateTime> make_date(int year, unsigned month, unsigned day, int hour = 0,
                                  int minute = 0, int second = 0, int offset_minutes = 0) {
  if (year < 1000 || year > 9999 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const auto midnight = unix_seconds_of(year, month, day);
  if (!midnight) return std::nullopt;
  DateTime result;
  result.unix_seconds = *midnight + std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second -
                        std::int64_t{offset_minutes} * 60;
  result.utc_offset_minutes = offset_minutes;
  return result;
}

// Reads "HH:MM[:SS] [AM|PM]" starting at token `i`; returns hour/minute or nothing.
bool read_time(const std::vector<Token>& t, std::size_t i, int* hour, int* minute, int* second) {
  if (i + 2 >= t.size() || t[i].kind != Token::kNumber || t[i].text.size() > 2) return false;
  if (t[i + 1].text != ":" || t[i + 2].kind != Token::kNumber || t[i + 2].text.size() != 2)
    return false;
  *hour = to_int(t[i].text);
  *minute = to_int(t[i + 2].text);
  *second = 0;
  std::size_t next = i + 3;
  if (next + 1 < t.size() && t[next].text == ":" && t[next + 1].kind == Token::kNumber) {
    *second = to_int(t[next + 1].text);
    next += 2;
  }
  if (next < t.size() && t[next].kind == Token::kWord) {
    const std::string w = ascii_lower(t[next].text);
    if ((w == "pm" || w == "p") && *hour < 12) *hour += 12;
    if ((w == "am" || w == "a") && *hour == 12) *hour = 0;
  }
  return *hour < 24 && *minute < 60;
}

std::optional<DateTime> parse_tokens(const std::vector<Token>& t) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    int hour = 0, minute = 0, second = 0;
    // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
    if (t[i].kind == Token::kNumber && t[i].text.size() == 4 && i + 4 < t.size() &&
        (t[i + 1].text == "-" || t[i + 1].text == "/" || t[i + 1].text == ".") &&
        t[i + 2].kind == Token::kNumber && t[i + 3].text == t[i + 1].text &&
        t[i + 4].kind == Token::kNumber && t[i + 2].text.size() <= 2 && t[i + 4].text.size() <= 2) {
      const int y = to_int(t[i].text);
      const auto m = static_cast<unsigned>(to_int(t[i + 2].text));
      const auto d = static_cast<unsigned>(to_int(t[i + 4].text));
      if (!read_time(t, i + 5, &hour, &minute, &second)) hour = minute = second = 0;
      if (auto date = make_date(y, m, d, hour, minute, second)) return date;
    }
    // Month D, YYYY  /  Month D YYYY
    if (t[i].kind == Token::kWord) {
      const unsigned m = english_month_number(t[i].text);
      if (m != 0) {
        std::size_t j = i + 1;
        if (j < t.size() && t[j].text == ".") ++j;
        if (j < t.size() && t[j].kind == Token::kNumber && t[j].text.size() <= 2) {
          const auto d = static_cast<unsigned>(to_int(t[j].text));
          std::size_t k = j + 1;
          if (k < t.size() && t[k].kind == Token::kWord &&
              (t[k].text == "st" || t[k].text == "nd" || t[k].text == "rd" || t[k].text == "th")) {
            ++k;
          }
          if (k < t.size() && t[k].text == ",") ++k;
          if (k < t.size() && t[k].kind == Token::kNumber && t[k].text.size() == 4) {
            std::size_t after = k + 1;
            while (
                after < t.size() &&
                (t[after].text == "," || t[after].text == "-" || t[after].kind == Token::kWord) &&
                after < k + 3 && !(t[after].kind == Token::kNumber)) {
              ++after;
            }
            if (!read_time(t, after, &hour, &minute, &second)) hour = minute = second = 0;
            if (auto date = make_date(to_int(t[k].text), m, d, hour, minute, second)) return date;
          }
        }
        // Month YYYY is too vague for a date; ignore.
      }
    }
    // D Month YYYY (also RFC 1123: "Tue, 24 Jul 2012 00:11:00 GMT")
    if (t[i].kind == Token::kNumber && t[i].text.size() <= 2 && i + 2 < t.size()) {
      std::size_t j = i + 1;
      if (t[j].text == "." || t[j].text == "-") ++j;
      if (j < t.size() && t[j].kind == Token::kWord) {
        const unsigned m = english_month_number(t[j].text);
        std::size_t k = j + 1;
        if (k < t.size() && (t[k].text == "." || t[k].text == "-" || t[k].text == ",")) ++k;
        if (m != 0 && k < t.size() && t[k].kind == Token::kNumber && t[k].text.size() == 4) {
          int offset = 0;
          if (read_time(t, k + 1, &hour, &minute, &second)) {
            // An explicit numeric offset ("+0100") after the time.
            for (std::size_t o = k + 4; o < t.size() && o < k + 9; ++o) {
              if ((t[o].text == "+" || t[o].text == "-") && o + 1 < t.size() &&
                  t[o + 1].kind == Token::kNumber && t[o + 1].text.size() == 4 &&
                  t[o].pos + 1 == t[o + 1].pos) {
                const int v = to_int(t[o + 1].text);
                offset = (v / 100) * 60 + v % 100;
                if (t[o].text == "-") offset = -offset;
                break;
              }
            }
          } else {
            hour = minute = second = 0;
          }
          if (auto date = make_date(to_int(t[k].text), m, static_cast<unsigned>(to_int(t[i].text)),
                                    hour, minute, second, offset)) {
            return date;
          }
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<DateTime> parse_date_text(std::string_view text) {
  // Trim.
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t'))
    text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (text.size() <= 40) {
    if (auto iso = parse_iso8601(text)) return iso;
  }
  bool all_digits = !text.empty();
  for (char c : text) all_digits = all_digits && is_digit(c);
  if (all_digits && (text.size() == 10 || text.size() == 13)) {
    std::int64_t v = 0;
    for (char c : text) v = v * 10 + (c - '0');
    if (text.size() == 13) v /= 1000;
    return DateTime{v, 0};
  }
  if (all_digits && text.size() == 8) {
    const int y = to_int(text.substr(0, 4));
    return make_date(y, static_cast<unsigned>(to_int(text.substr(4, 2))),
                     static_cast<unsigned>(to_int(text.substr(6, 2))));
  }
  // An ISO date embedded in a longer string ("2012-07-24T00:11:00-04:00 EDT").
  for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
    if (is_digit(text[i]) && (i == 0 || !is_digit(text[i - 1])) && i + 4 < text.size() &&
        text[i + 4] == '-') {
      std::size_t end = i;
      while (end < text.size() && end < i + 32 && text[end] != ' ' && text[end] != ',') ++end;
      if (auto iso = parse_iso8601(text.substr(i, end - i))) return iso;
      break;
    }
  }
  return parse_tokens(tokenize(text.substr(0, 400)));
}

std::optional<DateTime> date_from_url(std::string_view url) {
  // Only the path: skip scheme and host.
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : url.find('/', start + 3);
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view path = url.substr(start);
  const std::size_t query = path.find_first_of("?#");
  if (query != std::string_view::npos) path = path.substr(0, query);
  for (std::size_t i = 0; i + 5 <= path.size(); ++i) {
    if (path[i] != '/' || !is_digit(path[i + 1])) continue;
    std::size_t j = i + 1;
    while (j < path.size() && is_digit(path[j])) ++j;
    const std::string_view first = path.substr(i + 1, j - i - 1);
    if (first.size() == 8 && (j == path.size() || !is_ascii_alpha(path[j]))) {
      const int y = to_int(first.substr(0, 4));
      if (y >= kMinYear && y <= 2100) {
        if (auto d = make_date(y, static_cast<unsigned>(to_int(first.substr(4, 2))),
                               static_cast<unsigned>(to_int(first.substr(6, 2)))))
          return d;
      }
      continue;
    }
    if (first.size() != 4 || j >= path.size() ||
        (path[j] != '/' && path[j] != '-' && path[j] != '_'))
      continue;
    const int y = to_int(first);
    if (y < kMinYear || y > 2100) continue;
    const char sep = path[j];
    std::size_t k = j + 1;
    std::size_t m_end = k;
    while (m_end < path.size() && is_digit(path[m_end])) ++m_end;
    if (m_end - k < 1 || m_end - k > 2) continue;
    const auto m = static_cast<unsigned>(to_int(path.substr(k, m_end - k)));
    if (m < 1 || m > 12) continue;
    unsigned d = 0;
    if (m_end < path.size() && path[m_end] == sep) {
      std::size_t d_end = m_end + 1;
      while (d_end < path.size() && is_digit(path[d_end])) ++d_end;
      if (d_end - m_end - 1 >= 1 && d_end - m_end - 1 <= 2 &&
          (d_end == path.size() || !is_digit(path[d_end]))) {
        d = static_cast<unsigned>(to_int(path.substr(m_end + 1, d_end - m_end - 1)));
      }
    }
    if (d == 0) {
      // Year and month only: accept only as /YYYY/MM/ followed by more path.
      if (sep != '/' || m_end >= path.size() || path[m_end] != '/') continue;
      d = 1;
    }
    if (auto date = make_date(y, m, d)) return date;
  }
  return std::nullopt;
}

bool is_plausible_publication_date(const DateTime& date, std::int64_t fetched_unix) {
  const std::int64_t reference = fetched_unix > 0 ? fetched_unix : now_unix_seconds();
  const auto min = unix_seconds_of(kMinYear, 1, 1);
  if (min && date.unix_seconds < *min) return false;
  return date.unix_seconds <= reference + kDay;
}

}  // namespace gazette::extract
