#include "query/web_query.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "common/utf8.h"
#include "query/query_date.h"
#include "query/web_escape.h"

namespace gazette::query {
namespace {

// The first non-empty value of `key`, or empty.
std::string first_value(const QueryParams& params, const std::string& key) {
  const auto [begin, end] = params.equal_range(key);
  for (auto it = begin; it != end; ++it) {
    if (!it->second.empty()) return it->second;
  }
  return {};
}

tl::expected<unsigned, std::string> parse_bounded(const std::string& name, const std::string& text,
                                                  unsigned max) {
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < 1 || value > max) {
    return tl::unexpected(fmt::format("{} must be a whole number from 1 to {}", name, max));
  }
  return value;
}

std::string check_text(const std::string& name, const std::string& text) {
  if (text.size() > kMaxParamBytes) {
    return fmt::format("{} is too long (at most {} bytes)", name, kMaxParamBytes);
  }
  if (first_invalid_utf8(text)) return fmt::format("{} is not valid UTF-8", name);
  return {};
}

}  // namespace

tl::expected<WebQuery, std::string> parse_web_query(const QueryParams& params,
                                                    const QueryConfig& config) {
  WebQuery out;
  out.max_page = config.max_page;
  SearchRequest& r = out.request;
  r.query = first_value(params, "q");
  r.per_page = config.page_size;
  r.facets = true;
  r.sort = sort_order_from_string(config.sort).value_or(SortOrder::kRelevance);
  for (const char* name : {"page", "per_page", "sort", "from", "to", "facets"}) {
    if (auto err = check_text(name, first_value(params, name)); !err.empty()) {
      return tl::unexpected(err);
    }
  }
  if (const auto page = first_value(params, "page"); !page.empty()) {
    const auto n = parse_bounded("page", page, config.max_page);
    if (!n) return tl::unexpected(n.error());
    r.page = *n;
  }
  if (const auto per_page = first_value(params, "per_page"); !per_page.empty()) {
    const auto n = parse_bounded("per_page", per_page, config.max_per_page);
    if (!n) return tl::unexpected(n.error());
    r.per_page = *n;
    out.per_page_given = true;
  }
  if (const auto sort = first_value(params, "sort"); !sort.empty()) {
    const auto order = sort_order_from_string(sort);
    if (!order) return tl::unexpected(std::string("sort must be relevance, date or blend"));
    r.sort = *order;
    out.sort_given = true;
  }
  if (const auto facets = first_value(params, "facets"); !facets.empty()) {
    if (facets != "0" && facets != "1") return tl::unexpected(std::string("facets must be 0 or 1"));
    r.facets = facets == "1";
  }
  const auto [begin, end] = params.equal_range("site");
  for (auto it = begin; it != end; ++it) {
    if (it->second.empty()) continue;
    if (auto err = check_text("site", it->second); !err.empty()) return tl::unexpected(err);
    // Sites are OR-ed: a repeated one changes nothing, and cpp-httplib drops exact repeats from
    // a URL, so keeping it would make the request differ from its own link.
    std::string site = ascii_lower(it->second);
    if (std::find(r.sites.begin(), r.sites.end(), site) != r.sites.end()) continue;
    if (r.sites.size() == config.max_filters) {
      return tl::unexpected(
          fmt::format("at most {} filters (query.max_filters)", config.max_filters));
    }
    r.sites.push_back(std::move(site));
  }
  out.from_text = first_value(params, "from");
  out.to_text = first_value(params, "to");
  if (!out.from_text.empty()) {
    r.from = parse_query_date(out.from_text, false);
    if (!r.from)
      return tl::unexpected(std::string("from must be a date: YYYY, YYYY-MM or YYYY-MM-DD"));
  }
  if (!out.to_text.empty()) {
    r.to = parse_query_date(out.to_text, true);
    if (!r.to) return tl::unexpected(std::string("to must be a date: YYYY, YYYY-MM or YYYY-MM-DD"));
  }
  if (r.from && r.to && *r.from > *r.to) {
    return tl::unexpected(std::string("from must not be after to"));
  }
  return out;
}

std::string to_query_string(const WebQuery& query) {
  const SearchRequest& r = query.request;
  std::vector<std::pair<std::string, std::string>> params = {{"q", r.query}};
  if (query.sort_given) params.emplace_back("sort", std::string(to_string(r.sort)));
  for (const auto& site : r.sites) params.emplace_back("site", site);
  if (!query.from_text.empty()) params.emplace_back("from", query.from_text);
  if (!query.to_text.empty()) params.emplace_back("to", query.to_text);
  if (query.per_page_given) params.emplace_back("per_page", std::to_string(r.per_page));
  if (r.page > 1) params.emplace_back("page", std::to_string(r.page));
  return query_string(params);
}

}  // namespace gazette::query
