// Which discovered URLs the crawl follows: the configured scope (same site as a seed, path
// prefixes, include/exclude patterns, maximum depth) and the spider-trap defences (overlong
// URLs, too many query parameters, path segments repeated over and over, session ids).
// The per-site page budget is the crawl loop's (it needs the frontier's counts).
//
// Thread-safety: a built CrawlScope is immutable; its const methods may be called from any
// number of threads.
#pragma once

#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "common/error.h"

namespace gazette::crawler {

// "www.example.com" -> "example.com" (and port kept): the unit "same site" compares.
[[nodiscard]] std::string site_of_authority(std::string_view authority);

// Removes session-id parameters (jsessionid, phpsessid, sid, ...) from the query and
// ";jsessionid=..." from the path of a normalized URL: the same page under a new id each
// visit is the classic trap that de-duplication cannot see.
[[nodiscard]] std::string strip_session_ids(std::string_view normalized_url);

class CrawlScope {
 public:
  // Compiles the include/exclude patterns; fails naming the key and the bad pattern.
  [[nodiscard]] static Expected<CrawlScope> create(const CrawlConfig& config);

  // Adds the site of a seed (its authority, "www." ignored).
  void add_seed_site(std::string_view authority);
  [[nodiscard]] bool is_seed_site(std::string_view authority) const;

  // Why a URL found on a page at `depth` (the link is at depth + 1) is not followed, or nullopt
  // when it is. `url` is normalized; `from_html` is false for feed and sitemap entries (the
  // "seeds" scope follows those only).
  [[nodiscard]] std::optional<std::string> reject_reason(std::string_view url, unsigned depth,
                                                         bool from_html) const;

 private:
  CrawlConfig config_;
  std::set<std::string, std::less<>> seed_sites_;
  std::vector<std::regex> include_;
  std::vector<std::regex> exclude_;
};

}  // namespace gazette::crawler
