// The HTTP frontend's parameters (query/web_query.h). Input: a URL query string, split and
// percent-decoded by cpp-httplib as the server does. Properties: an accepted request is within
// its bounds (page, per_page, sites, from <= to, filters valid UTF-8), and the query string made
// for links (to_query_string) reads back as the same request; a rejection is a valid UTF-8 message.
#include <cstddef>
#include <cstdint>
#include <string>

#include <httplib.h>

#include "fuzz/fuzz_support.h"
#include "query/web_query.h"

namespace {

using gazette::fuzz::require;
using gazette::query::WebQuery;

// to_query_string leaves out facets (links never carry it), so compare everything else.
bool same_search(const WebQuery& a, const WebQuery& b) {
  const auto& x = a.request;
  const auto& y = b.request;
  return x.query == y.query && x.page == y.page && x.per_page == y.per_page && x.sort == y.sort &&
         x.sites == y.sites && x.from == y.from && x.to == y.to && a.from_text == b.from_text &&
         a.to_text == b.to_text && a.sort_given == b.sort_given &&
         a.per_page_given == b.per_page_given;
}

gazette::query::QueryParams params_of(const std::string& query_string) {
  httplib::Params params;
  httplib::detail::parse_query_text(query_string, params);
  return params;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const gazette::QueryConfig config;
  const auto parsed = gazette::query::parse_web_query(
      params_of(std::string(reinterpret_cast<const char*>(data), size)), config);
  if (!parsed) {
    gazette::fuzz::require_utf8(parsed.error(), "the error message");
    return 0;
  }
  const auto& r = parsed->request;
  require(r.page >= 1 && r.page <= config.max_page, "page is within bounds");
  require(r.per_page >= 1 && r.per_page <= config.max_per_page, "per_page is in bounds");
  require(r.sites.size() <= config.max_filters, "at most max_filters sites");
  for (const auto& site : r.sites) {
    require(!site.empty() && site.size() <= gazette::query::kMaxParamBytes, "a site is bounded");
    gazette::fuzz::require_utf8(site, "a site");
  }
  require(!r.from || !r.to || *r.from <= *r.to, "from <= to");

  const std::string link = gazette::query::to_query_string(*parsed);
  const auto back = gazette::query::parse_web_query(params_of(link), config);
  require(back.has_value(), "the query string of an accepted search is accepted");
  require(same_search(*parsed, *back), "to_query_string reads back as the same search");
  return 0;
}
