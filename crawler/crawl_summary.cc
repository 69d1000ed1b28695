#include "crawler/crawl_summary.h"

#include <algorithm>

#include <fmt/format.h>

namespace gazette::crawler {

HostCounts& HostCounts::operator+=(const HostCounts& o) {
  fetched += o.fetched;
  articles += o.articles;
  revised += o.revised;
  unchanged += o.unchanged;
  not_modified += o.not_modified;
  errors += o.errors;
  retried += o.retried;
  disallowed += o.disallowed;
  return *this;
}

void CrawlSummary::add(const std::string& host, const HostCounts& counts) {
  hosts[host] += counts;
  total += counts;
}

std::string progress_text(const CrawlSummary& s, std::int64_t queued, double seconds) {
  return fmt::format("fetched {}  articles {}  queued ~{}  errors {}  {:.0f} pages/s",
                     s.total.fetched, s.total.articles, std::max<std::int64_t>(queued, 0),
                     s.total.errors,
                     seconds > 0 ? static_cast<double>(s.total.fetched) / seconds : 0.0);
}

}  // namespace gazette::crawler
