#include "crawler/robots_policy.h"

#include "common/url.h"

namespace gazette::crawler {

std::string product_token(std::string_view user_agent) {
  const auto end = user_agent.find_first_of("/ ");
  return std::string(user_agent.substr(0, end));
}

RobotsRules rules_for(const RobotsRecord& r, std::string_view token) {
  if (r.http_status >= 200 && r.http_status < 300) return RobotsRules::parse(r.body, token);
  if (r.http_status >= 300 && r.http_status < 500) return RobotsRules::allow_all();
  return RobotsRules::disallow_all();
}

RobotsAnswer robots_answer(const FetchResult& f, unsigned failures, const CrawlConfig& c,
                           std::int64_t now_ms) {
  RobotsAnswer answer;
  const bool unreachable = f.error != FetchError::kNone || f.http_status >= 500;
  if (unreachable && failures < c.retries) {
    answer.ask_again_in_ms = static_cast<std::int64_t>(c.retry_backoff_seconds * 1000.0)
                             << failures;
    return answer;
  }
  answer.record.http_status = f.error != FetchError::kNone ? 0 : f.http_status;
  answer.record.body = f.body.substr(0, RobotsRules::kMaxBytes);
  answer.record.expires_at_ms = now_ms + static_cast<std::int64_t>(c.robots_expiry_hours * 3600e3);
  return answer;
}

std::vector<NewUrl> robots_sitemaps(const RobotsRules& rules, std::string_view robots_url,
                                    const CrawlScope& scope) {
  std::vector<NewUrl> rows;
  for (const auto& s : rules.sitemaps()) {
    const auto url = resolve_url(robots_url, s);
    if (!url || !scope.is_seed_site(url_authority(*url))) continue;
    NewUrl u;
    u.url = *url;
    u.host = url_authority(*url);
    rows.push_back(std::move(u));
  }
  return rows;
}

}  // namespace gazette::crawler
