// When a fetched URL is fetched again. Two kinds of pages are revisited:
//  - sources of links (seeds, feeds, sitemaps): on an interval that follows how often the source
//    publishes (a visit that finds new URLs halves it, one that finds none makes it 1.5 times
//    longer, within the configured bounds); a source that fails `source_max_failures` visits in a
//    row is retired;
//  - article pages: on a decaying schedule (by default 1 h, 6 h, 1 day and 7 days after the
//    previous visit), then never.
// Everything else (section pages, redirects, failures) is not revisited.
//
// Thread-safety: immutable after construction; pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/config.h"
#include "crawler/frontier.h"

namespace gazette::crawler {

class RevisitSchedule {
 public:
  explicit RevisitSchedule(const CrawlConfig& config);

  // The interval to wait after a successful visit of a source whose interval was `previous_ms`
  // (0: its first visit, which gets the default). `found_new`: the visit found URLs the frontier
  // did not know.
  [[nodiscard]] std::int64_t source_interval_ms(std::int64_t previous_ms, bool found_new) const;

  // Whether a source that has now failed `failures` visits in a row is retired.
  [[nodiscard]] bool source_retired(unsigned failures) const { return failures >= max_failures_; }

  // The delay before the next visit of an article page visited `visits` times so far (1 after
  // its first fetch); nullopt: never again.
  [[nodiscard]] std::optional<std::int64_t> article_delay_ms(unsigned visits) const;

  // The schedule of `row` after the visit recorded as `outcome` (not a retry) at `now_ms`:
  // a seed or a hub (a source) by the interval rules, `found_new` telling whether the visit
  // found URLs the frontier did not know; a page that gave an article (`article_page`) and still
  // answers by the article steps; anything else never again. A retired source has `failures`
  // set and no next visit.
  [[nodiscard]] UrlRevisit after_visit(const UrlRow& row, const UrlOutcome& outcome,
                                       bool article_page, bool found_new,
                                       std::int64_t now_ms) const;

 private:
  std::int64_t default_ms_, min_ms_, max_ms_;
  unsigned max_failures_;
  std::vector<std::int64_t> article_steps_ms_;
};

}  // namespace gazette::crawler
