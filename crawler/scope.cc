#include "crawler/scope.h"

#include <map>

#include <fmt/format.h>

#include "common/url.h"
#include "common/utf8.h"

namespace gazette::crawler {
namespace {

bool is_session_parameter(std::string_view name) {
  const std::string lower = ascii_lower(name);
  return lower == "jsessionid" || lower == "phpsessid" || lower == "sid" || lower == "sessionid" ||
         lower == "session_id" || lower == "sess" || lower == "cfid" || lower == "cftoken" ||
         lower.rfind("aspsessionid", 0) == 0;
}

// Splits "a=1&b=2" into parameter texts.
std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto at = text.find(sep);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return parts;
}

// Whether some path segment occurs three times or more (/a/b/a/b/a/b, /x/x/x): links that
// grow a relative path forever.
bool has_repeated_segments(std::string_view path) {
  std::map<std::string_view, int> seen;
  for (const auto segment : split(path, '/')) {
    if (segment.empty()) continue;
    if (++seen[segment] >= 3) return true;
  }
  return false;
}

}  // namespace

std::string site_of_authority(std::string_view authority) {
  std::string site = ascii_lower(authority);
  if (site.rfind("www.", 0) == 0) site.erase(0, 4);
  return site;
}

std::string strip_session_ids(std::string_view url) {
  std::string_view rest = url;
  std::string out;
  const auto query_at = rest.find('?');
  std::string_view path = rest.substr(0, query_at);
  // ";jsessionid=XYZ" path parameters (Java servlets) up to the next '/' or the end.
  std::string path_out;
  while (true) {
    const auto at = path.find(';');
    if (at == std::string_view::npos) {
      path_out += path;
      break;
    }
    path_out += path.substr(0, at);
    const auto next = path.find('/', at);
    const std::string_view param =
        path.substr(at + 1, next == std::string_view::npos ? next : next - at - 1);
    if (!is_session_parameter(param.substr(0, param.find('=')))) {
      path_out += ';';
      path_out += param;
    }
    if (next == std::string_view::npos) break;
    path = path.substr(next);
  }
  out = path_out;
  if (query_at == std::string_view::npos) return out;
  std::string query;
  for (const auto param : split(rest.substr(query_at + 1), '&')) {
    if (param.empty() || is_session_parameter(param.substr(0, param.find('=')))) continue;
    if (!query.empty()) query += '&';
    query += param;
  }
  if (!query.empty()) out += "?" + query;
  return out;
}

Expected<CrawlScope> CrawlScope::create(const CrawlConfig& config) {
  CrawlScope scope;
  scope.config_ = config;
  const auto compile = [](const std::vector<std::string>& patterns, std::string_view key,
                          std::vector<std::regex>& out) -> Expected<void> {
    for (const auto& p : patterns) {
      try {
        out.emplace_back(p, std::regex::ECMAScript | std::regex::optimize);
      } catch (const std::regex_error& e) {
        return fail(std::string(key),
                    fmt::format("bad regular expression \"{}\": {}", p, e.what()));
      }
    }
    return {};
  };
  if (auto ok = compile(config.include, "crawl.include", scope.include_); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = compile(config.exclude, "crawl.exclude", scope.exclude_); !ok) {
    return tl::unexpected(ok.error());
  }
  return scope;
}

void CrawlScope::add_seed_site(std::string_view authority) {
  seed_sites_.insert(site_of_authority(authority));
}

bool CrawlScope::is_seed_site(std::string_view authority) const {
  return seed_sites_.count(site_of_authority(authority)) > 0;
}

std::optional<std::string> CrawlScope::reject_reason(std::string_view url, unsigned depth,
                                                     bool from_html) const {
  if (from_html && config_.scope == "seeds") return "scope is seeds: links not followed";
  if (depth + 1 > config_.max_depth) return "deeper than max_depth";
  if (url.size() > config_.max_url_bytes) return "longer than max_url_bytes";
  if (!is_seed_site(url_authority(url))) return "other site";
  const std::string path_query = url_path_and_query(url);
  const auto query_at = path_query.find('?');
  const std::string_view path = std::string_view(path_query).substr(0, query_at);
  if (query_at != std::string::npos &&
      split(std::string_view(path_query).substr(query_at + 1), '&').size() >
          config_.max_query_params) {
    return "more than max_query_params query parameters";
  }
  if (has_repeated_segments(path)) return "repeated path segments";
  if (!config_.path_prefixes.empty()) {
    bool inside = false;
    for (const auto& prefix : config_.path_prefixes) inside = inside || path.rfind(prefix, 0) == 0;
    if (!inside) return "outside path_prefixes";
  }
  const std::string text(url);
  if (!include_.empty()) {
    bool matched = false;
    for (const auto& re : include_) matched = matched || std::regex_search(text, re);
    if (!matched) return "matches no include pattern";
  }
  for (const auto& re : exclude_) {
    if (std::regex_search(text, re)) return "matches an exclude pattern";
  }
  return std::nullopt;
}

}  // namespace gazette::crawler
