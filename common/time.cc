#include "common/time.h"

#include <array>
#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "common/utf8.h"

namespace gazette {
namespace {

using namespace std::chrono;

// Reads exactly `width` ASCII digits at `pos`, advancing it.
std::optional<int> read_digits(std::string_view s, std::size_t& pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool accept(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Reads "HH:MM" or "HH:MM:SS" at `pos` (advancing it); seconds since midnight. A second of 60
// (a leap second) counts as the next minute.
std::optional<int> read_clock(std::string_view s, std::size_t& pos) {
  const auto hh = read_digits(s, pos, 2);
  if (!hh || *hh > 23 || !accept(s, pos, ':')) return std::nullopt;
  const auto mm = read_digits(s, pos, 2);
  if (!mm || *mm > 59) return std::nullopt;
  int ss = 0;
  if (accept(s, pos, ':')) {
    const auto sec = read_digits(s, pos, 2);
    if (!sec || *sec > 60) return std::nullopt;
    ss = *sec;
  }
  return *hh * 3600 + *mm * 60 + ss;
}

}  // namespace

std::optional<std::int64_t> unix_seconds_of(int y, unsigned m, unsigned d) {
  const year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd}.time_since_epoch() / seconds{1};
}

std::optional<DateTime> parse_iso8601(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::size_t pos = 0;
  const auto y = read_digits(s, pos, 4);
  if (!y || *y < 1000 || !accept(s, pos, '-')) return std::nullopt;
  const auto mo = read_digits(s, pos, 2);
  if (!mo || !accept(s, pos, '-')) return std::nullopt;
  const auto d = read_digits(s, pos, 2);
  if (!d) return std::nullopt;
  auto day_start = unix_seconds_of(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d));
  if (!day_start) return std::nullopt;
  if (pos == s.size()) return DateTime{*day_start, 0};

  if (!accept(s, pos, 'T') && !accept(s, pos, 't') && !accept(s, pos, ' ')) return std::nullopt;
  const std::size_t clock_start = pos;
  const auto clock = read_clock(s, pos);
  if (!clock) return std::nullopt;
  const bool has_seconds = pos - clock_start == 8;  // "HH:MM:SS"; a fraction may follow
  if (has_seconds && (accept(s, pos, '.') || accept(s, pos, ','))) {
    const std::size_t digits_start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == digits_start) return std::nullopt;
  }
  int offset = 0;
  if (pos < s.size()) {
    if (accept(s, pos, 'Z') || accept(s, pos, 'z')) {
      offset = 0;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      const auto oh = read_digits(s, pos, 2);
      if (!oh || *oh > 14) return std::nullopt;
      accept(s, pos, ':');
      const auto om = read_digits(s, pos, 2);
      if (!om || *om > 59) return std::nullopt;
      offset = sign * (*oh * 60 + *om);
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  const std::int64_t local = *day_start + *clock;
  return DateTime{local - std::int64_t{offset} * 60, offset};
}

unsigned english_month_number(std::string_view word) {
  if (word.size() < 3) return 0;
  const std::string w = ascii_lower(word);
  static constexpr std::array<std::string_view, 12> kNames = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (unsigned m = 0; m < 12; ++m) {
    if (kNames[m].starts_with(w)) return m + 1;
  }
  return w == "sept" ? 9 : 0;
}

namespace {

// The next run of non-space characters (a trailing ',' split off as its own word).
std::string_view next_word(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && is_http_space(s[pos])) ++pos;
  const std::size_t start = pos;
  if (pos < s.size() && s[pos] == ',') return s.substr(pos++, 1);
  while (pos < s.size() && !is_http_space(s[pos]) && s[pos] != ',') ++pos;
  return s.substr(start, pos - start);
}

std::optional<int> whole_number(std::string_view word, std::size_t min_digits,
                                std::size_t max_digits) {
  if (word.size() < min_digits || word.size() > max_digits) return std::nullopt;
  std::size_t pos = 0;
  return read_digits(word, pos, word.size());
}

// UTC offset in minutes of an RFC 822 zone; nullopt when it is none.
std::optional<int> zone_offset(std::string_view zone) {
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
    std::size_t pos = 1;
    const auto hh = read_digits(zone, pos, 2);
    const auto mm = read_digits(zone, pos, 2);
    if (!hh || !mm || *hh > 14 || *mm > 59) return std::nullopt;
    return (zone[0] == '-' ? -1 : 1) * (*hh * 60 + *mm);
  }
  const std::string z = ascii_lower(zone);
  if (z == "gmt" || z == "ut" || z == "utc" || z == "z") return 0;
  struct Named {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Named, 8> kUs = {{{"est", -5},
                                                {"edt", -4},
                                                {"cst", -6},
                                                {"cdt", -5},
                                                {"mst", -7},
                                                {"mdt", -6},
                                                {"pst", -8},
                                                {"pdt", -7}}};
  for (const Named& n : kUs) {
    if (z == n.name) return n.hours * 60;
  }
  // RFC 2822 4.3: military zones were defined wrongly in RFC 822; read them as -0000.
  if (z.size() == 1 && z[0] >= 'a' && z[0] <= 'z' && z[0] != 'j') return 0;
  return std::nullopt;
}

}  // namespace

std::optional<DateTime> parse_rfc822(std::string_view s) {
  std::size_t pos = 0;
  std::string_view word = next_word(s, pos);
  // Optional weekday: any word of letters, then an optional comma.
  if (!word.empty() && !(word[0] >= '0' && word[0] <= '9')) {
    for (char c : word) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return std::nullopt;
    }
    word = next_word(s, pos);
    if (word == ",") word = next_word(s, pos);
  }
  const auto day = whole_number(word, 1, 2);
  const unsigned month = english_month_number(next_word(s, pos));
  auto year = whole_number(next_word(s, pos), 2, 4);
  if (!day || month == 0 || !year || (*year >= 100 && *year < 1000)) return std::nullopt;
  if (*year < 100) *year += *year < 50 ? 2000 : 1900;
  const auto midnight = unix_seconds_of(*year, month, static_cast<unsigned>(*day));
  if (!midnight) return std::nullopt;

  word = next_word(s, pos);
  if (word.empty()) return DateTime{*midnight, 0};
  std::size_t tpos = 0;
  const auto clock = read_clock(word, tpos);
  if (!clock || tpos != word.size()) return std::nullopt;

  int offset = 0;
  word = next_word(s, pos);
  if (!word.empty()) {
    const auto zone = zone_offset(word);
    if (!zone) return std::nullopt;
    offset = *zone;
  }
  if (!next_word(s, pos).empty()) return std::nullopt;
  const std::int64_t local = *midnight + *clock;
  return DateTime{local - std::int64_t{offset} * 60, offset};
}

std::string format_iso8601(const DateTime& when) {
  const std::int64_t local = when.unix_seconds + std::int64_t{when.utc_offset_minutes} * 60;
  const sys_seconds tp{seconds{local}};
  const auto days = floor<std::chrono::days>(tp);
  const year_month_day ymd{days};
  const hh_mm_ss hms{tp - days};
  std::string out =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  hms.hours().count(), hms.minutes().count(), hms.seconds().count());
  if (when.utc_offset_minutes == 0) return out + "Z";
  const int off = std::abs(when.utc_offset_minutes);
  return out +
         fmt::format("{}{:02}:{:02}", when.utc_offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
}

CivilDate civil_date_utc(std::int64_t unix_seconds) {
  const sys_seconds tp{seconds{unix_seconds}};
  const year_month_day ymd{floor<days>(tp)};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

std::int64_t now_unix_seconds() {
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::string compact_utc_stamp(std::int64_t unix_seconds) {
  const CivilDate d = civil_date_utc(unix_seconds);
  const std::int64_t secs = ((unix_seconds % 86400) + 86400) % 86400;
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", d.year, d.month, d.day, secs / 3600,
                     secs / 60 % 60, secs % 60);
}

}  // namespace gazette
