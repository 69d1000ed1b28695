#include "crawler/link_admission.h"

#include "common/hash.h"
#include "common/url.h"

namespace gazette::crawler {

LinkAdmission::LinkAdmission(const CrawlScope& scope, std::string base, unsigned page_depth)
    : scope_(scope), base_(std::move(base)), depth_(page_depth) {}

std::optional<NewUrl> LinkAdmission::admit(const FoundLink& link, std::string* why) {
  const auto refuse = [why](std::string reason) -> std::optional<NewUrl> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  const auto resolved = resolve_url(base_, link.href);
  if (!resolved) return refuse("not an http(s) URL");
  std::string url = strip_session_ids(*resolved);
  // Once per page, whatever the scope says: a link seen in the page is not considered again as
  // a feed link.
  if (!seen_.insert(fnv1a64(url)).second) return refuse("already on this page");
  if (auto reason = scope_.reject_reason(url, depth_, link.from_html)) return refuse(*reason);
  NewUrl row;
  row.host = url_authority(url);
  row.url = std::move(url);
  row.depth = depth_ + 1;
  row.first_seen = link.evidence.first_seen;
  row.published = link.evidence.published;
  row.published_source = link.evidence.published_source;
  return row;
}

std::vector<NewUrl> admit_links(const PageAnalysis& page, const UrlRow& row,
                                const CrawlScope& scope) {
  LinkAdmission admission(scope, page.base, row.depth);
  std::vector<NewUrl> rows;
  const auto consider = [&](const FoundLink& link) {
    if (auto admitted = admission.admit(link)) rows.push_back(std::move(*admitted));
  };
  for (const auto& link : page.links) consider(link);
  if (row.is_seed) {
    for (const auto& feed : page.feed_links) {
      FoundLink link;
      link.href = feed;
      link.from_html = false;  // a feed of a seed page is followed in every scope
      consider(link);
    }
  }
  return rows;
}

bool SiteBudget::admits(const NewUrl& url) const {
  if (url.status != UrlStatus::kQueued) return true;
  const auto it = held_.find(url.host);
  return (it == held_.end() ? 0 : it->second) < max_;
}

}  // namespace gazette::crawler
