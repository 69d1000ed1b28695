// How the crawl uses robots.txt (RFC 9309) beyond parsing it: which rules an answer gives, when
// an unreachable robots.txt is asked again before deciding, and the sitemaps it names.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "crawler/fetcher.h"
#include "crawler/frontier.h"
#include "crawler/robots.h"
#include "crawler/scope.h"

namespace gazette::crawler {

// "gazette" of "gazette/1.0 (+https://...)": what robots.txt user-agent lines are matched with.
[[nodiscard]] std::string product_token(std::string_view user_agent);

// The rules of a stored or fetched record: its body for a 2xx; everything allowed for a 3xx (not
// followed) or 4xx, which is no usable robots.txt; nothing for a 5xx or no answer (2.3.1.3).
[[nodiscard]] RobotsRules rules_for(const RobotsRecord& record, std::string_view token);

// What a robots.txt answer means after `failures` unreachable answers in a row (no response, or
// 5xx): while fewer than `crawl.retries`, ask again after an exponential backoff before deciding
// (2.3.1.4); else the record to store, expiring after `crawl.robots_expiry_hours`.
struct RobotsAnswer {
  std::optional<std::int64_t> ask_again_in_ms;
  RobotsRecord record;  // when not asked again
};
[[nodiscard]] RobotsAnswer robots_answer(const FetchResult& fetch, unsigned failures,
                                         const CrawlConfig& config, std::int64_t now_ms);

// The Sitemap: lines of `rules` (robots.txt fetched from `robots_url`) on the seed sites, as
// frontier rows. Relative values are resolved, though the RFC wants them absolute.
[[nodiscard]] std::vector<NewUrl> robots_sitemaps(const RobotsRules& rules,
                                                  std::string_view robots_url,
                                                  const CrawlScope& scope);

}  // namespace gazette::crawler
