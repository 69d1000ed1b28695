#include "query/recency_boost.h"

#include <algorithm>
#include <cmath>

#include "common/schema.h"

namespace gazette::query {

RecencyBoost::RecencyBoost(double now_seconds, double half_life_seconds, double max_boost)
    : Xapian::ValuePostingSource(schema::kPublishedSlot),
      now_(now_seconds),
      half_life_(half_life_seconds),
      max_boost_(max_boost) {}

double RecencyBoost::get_weight() const {
  const double published = Xapian::sortable_unserialise(get_value());
  // A date in the future (clock skew, bad metadata) counts as now, never as a bigger boost.
  const double age = std::max(0.0, now_ - published);
  return max_boost_ * std::exp2(-age / half_life_);
}

void RecencyBoost::init(const Xapian::Database& database) {
  Xapian::ValuePostingSource::init(database);
  set_maxweight(max_boost_);
}

RecencyBoost* RecencyBoost::clone() const { return new RecencyBoost(now_, half_life_, max_boost_); }

}  // namespace gazette::query
