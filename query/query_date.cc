#include "query/query_date.h"

#include <type_traits>

#include "common/time.h"

namespace gazette::query {

std::optional<std::int64_t> parse_query_date(std::string_view text, bool end_of_period) {
  int y = 0;
  unsigned m = 0, d = 0;
  const auto digits = [&text](std::size_t pos, std::size_t n, auto& out) {
    if (pos + n > text.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + static_cast<std::remove_reference_t<decltype(out)>>(text[i] - '0');
    }
    return true;
  };
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  if (!digits(0, 4, y) || y < 1000) return std::nullopt;
  if (text.size() >= 7 && (text[4] != '-' || !digits(5, 2, m))) return std::nullopt;
  if (text.size() == 10 && (text[7] != '-' || !digits(8, 2, d))) return std::nullopt;
  if (text.size() == 4) {
    const auto start = unix_seconds_of(end_of_period ? y + 1 : y, 1, 1);
    return end_of_period ? *start - 1 : *start;
  }
  if (text.size() == 7) {
    if (m < 1 || m > 12) return std::nullopt;
    if (!end_of_period) return unix_seconds_of(y, m, 1);
    return *unix_seconds_of(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
  }
  const auto start = unix_seconds_of(y, m, d);
  if (!start) return std::nullopt;
  return end_of_period ? *start + 86399 : *start;
}

}  // namespace gazette::query
