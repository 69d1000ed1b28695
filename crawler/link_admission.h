// The road from a link written in a page to a row of the frontier, in one place:
//
//   href --resolve against the page's base, normalize--> URL --strip session ids--> URL
//        --once per page--> --scope (crawler/scope.h)--> NewUrl (depth + 1, feed/sitemap dates)
//        --per-site budget--> frontier
//
// LinkAdmission::admit() takes every step but the last, on the worker thread that analysed the
// page, so resolving thousands of links per page runs on every core. The per-site budget counts
// what the frontier holds, which only the crawl thread knows; SiteBudget is that last step, at
// the moment the rows are inserted (it also bounds redirect targets and robots.txt sitemaps).
//
// Thread-safety: a LinkAdmission belongs to one page on one thread (the scope it reads is
// immutable); a SiteBudget belongs to the crawl thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "crawler/frontier.h"
#include "crawler/page_analysis.h"
#include "crawler/scope.h"

namespace gazette::crawler {

class LinkAdmission {
 public:
  // For the links of a page at `page_depth` whose hrefs resolve against `base`.
  LinkAdmission(const CrawlScope& scope, std::string base, unsigned page_depth);

  // The frontier row for `link` (queued, at page_depth + 1, with the link's dates), or nullopt
  // with the reason in `*why` (when given): not an http(s) URL, already admitted or refused on
  // this page, or out of scope.
  [[nodiscard]] std::optional<NewUrl> admit(const FoundLink& link, std::string* why = nullptr);

 private:
  const CrawlScope& scope_;
  std::string base_;
  unsigned depth_;
  std::unordered_set<std::uint64_t> seen_;  // hashes: a sitemap's URLs are not copied again
};

// The rows for a page's links: its <a href>s, feed and sitemap entries, and for a seed page its
// <link rel=alternate> feeds (followed in every scope, like feed entries).
[[nodiscard]] std::vector<NewUrl> admit_links(const PageAnalysis& page, const UrlRow& row,
                                              const CrawlScope& scope);

// At most `max_pages_per_site` URLs of a host in the frontier; URLs recorded as already known
// (not queued) are always let in.
class SiteBudget {
 public:
  explicit SiteBudget(std::uint64_t max_pages_per_site) : max_(max_pages_per_site) {}

  // `n` URLs of `host` are in the frontier already (from the frontier at the start).
  void set(const std::string& host, std::uint64_t n) { held_[host] = n; }
  // Whether `url` may be inserted.
  [[nodiscard]] bool admits(const NewUrl& url) const;
  // `url` was inserted (it was new to the frontier).
  void inserted(const NewUrl& url) { ++held_[url.host]; }

 private:
  std::uint64_t max_;
  std::unordered_map<std::string, std::uint64_t> held_;
};

}  // namespace gazette::crawler
