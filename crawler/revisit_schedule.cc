#include "crawler/revisit_schedule.h"

#include <algorithm>
#include <cmath>

namespace gazette::crawler {
namespace {

std::int64_t minutes_to_ms(double minutes) { return std::llround(minutes * 60e3); }

}  // namespace

RevisitSchedule::RevisitSchedule(const CrawlConfig& c)
    : default_ms_(minutes_to_ms(c.source_interval_minutes)),
      min_ms_(minutes_to_ms(c.source_interval_min_minutes)),
      max_ms_(minutes_to_ms(c.source_interval_max_minutes)),
      max_failures_(std::max(1u, c.source_max_failures)) {
  for (const double hours : c.article_revisit_hours) {
    article_steps_ms_.push_back(minutes_to_ms(hours * 60.0));
  }
}

std::int64_t RevisitSchedule::source_interval_ms(std::int64_t previous_ms, bool found_new) const {
  if (previous_ms <= 0) return std::clamp(default_ms_, min_ms_, max_ms_);
  // Halving when something was new and growing by half when not settles near the source's own
  // publishing rate, and reacts to a burst of news within a visit or two.
  const auto next = found_new ? previous_ms / 2 : previous_ms + previous_ms / 2;
  return std::clamp(next, min_ms_, max_ms_);
}

std::optional<std::int64_t> RevisitSchedule::article_delay_ms(unsigned visits) const {
  if (visits == 0 || visits > article_steps_ms_.size()) return std::nullopt;
  return article_steps_ms_[visits - 1];
}

UrlRevisit RevisitSchedule::after_visit(const UrlRow& row, const UrlOutcome& o, bool article_page,
                                        bool found_new, std::int64_t now_ms) const {
  UrlRevisit r;
  if (row.is_seed || o.hub) {
    if (o.status == UrlStatus::kFailed) {
      r.failures = row.failures + 1;
      if (source_retired(r.failures)) return r;
      r.interval_ms =
          row.visit_interval_ms > 0 ? row.visit_interval_ms : source_interval_ms(0, false);
    } else {
      r.interval_ms = source_interval_ms(row.visit_interval_ms, found_new);
    }
    r.next_visit_at_ms = now_ms + r.interval_ms;
    return r;
  }
  if (article_page && o.status == UrlStatus::kDone) {
    r.visits = row.visits + 1;
    if (const auto delay = article_delay_ms(r.visits)) r.next_visit_at_ms = now_ms + *delay;
  }
  return r;
}

}  // namespace gazette::crawler
