#include "query/recency_boost.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/schema.h"
#include "common/time.h"

namespace gazette::query {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Days with a weight of their own: back to where the bonus falls under 1% of the maximum, at
// most ten years (the map travels with every blended query to remote shards). Older articles
// share the last day's weight.
constexpr double kNegligibleShare = 0.01;
constexpr std::int64_t kMaxMappedDays = 3660;

// A date in the future (clock skew, bad metadata) counts as today, never as a bigger bonus.
constexpr std::int64_t kFutureDays = 2;

std::string day_key(std::int64_t unix_seconds) {
  const CivilDate d = civil_date_utc(unix_seconds);
  return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day);
}

}  // namespace

Xapian::Query recency_boost(std::int64_t now_unix_seconds, double half_life_days,
                            double max_boost) {
  auto* source = new Xapian::ValueMapPostingSource(schema::kDaySlot);
  const auto mapped_days = std::min<std::int64_t>(
      kMaxMappedDays,
      static_cast<std::int64_t>(std::ceil(half_life_days * std::log2(1.0 / kNegligibleShare))));
  for (std::int64_t day = -kFutureDays; day <= mapped_days; ++day) {
    const double weight =
        max_boost *
        std::exp2(-static_cast<double>(std::max<std::int64_t>(day, 0)) / half_life_days);
    source->add_mapping(day_key(now_unix_seconds - day * kSecondsPerDay), weight);
  }
  source->set_default_weight(max_boost *
                             std::exp2(-static_cast<double>(mapped_days + 1) / half_life_days));
  // The query owns the source from here (reference counted).
  return Xapian::Query(source->release());
}

}  // namespace gazette::query
