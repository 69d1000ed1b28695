// robots.txt rules for one product token, as RFC 9309 defines them: user-agent groups, longest
// match between allow and disallow rules, '*' and '$' patterns. Parsing never fails: lines it
// cannot read are skipped. A RobotsRules is immutable after construction; const methods are
// thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::crawler {

class RobotsRules {
 public:
  // Files longer than this are read up to here (RFC 9309 2.5 asks for at least 500 KiB).
  static constexpr std::size_t kMaxBytes = std::size_t{500} << 10;

  // Parses a robots.txt body for `product_token` (e.g. "gazette"). The groups whose user-agent
  // names our product (case-insensitive; "Gazette/1.0" matches "gazette") apply, merged when
  // there are several; when none does, the "*" groups apply; when there are none of those
  // either, everything is allowed. A UTF-8 BOM, CRLF or CR line ends, comments, lines that are
  // not UTF-8 and lines that are not "key: value" are tolerated or skipped.
  [[nodiscard]] static RobotsRules parse(std::string_view body, std::string_view product_token);
  // Rules for a robots.txt answered with 4xx: everything allowed.
  [[nodiscard]] static RobotsRules allow_all();
  // Rules for a robots.txt answered with 5xx or unreachable: nothing allowed (but /robots.txt).
  [[nodiscard]] static RobotsRules disallow_all();

  // Whether a path with query ("/a/b?c=d", as url_path_and_query() gives it) may be fetched:
  // the longest matching pattern decides, allow wins a tie, no match means allowed.
  // "/robots.txt" is always allowed.
  [[nodiscard]] bool allowed(std::string_view path_and_query) const;

  // The Crawl-delay of the group that applies to us (first valid value), if any.
  [[nodiscard]] std::optional<std::chrono::milliseconds> crawl_delay() const {
    return crawl_delay_;
  }

  // Values of all Sitemap: lines, in any group or none, as written (trimmed).
  [[nodiscard]] const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Rule {
    std::string pattern;  // percent-encoding normalised; '*' any run, a final '$' the end
    bool allow = false;
  };

  std::vector<Rule> rules_;
  std::optional<std::chrono::milliseconds> crawl_delay_;
  std::vector<std::string> sitemaps_;
};

}  // namespace gazette::crawler
