#include "query/render.h"

#include <nlohmann/json.hpp>

#include "query/web_escape.h"

namespace gazette::query {

std::string render_text(const SearchRequest& request, const SearchResponse& r, bool ansi_bold) {
  // Every text from the index or the user passes through terminal_text: stored text must not
  // reach the terminal as escape sequences.
  const auto safe = [](std::string_view text) { return terminal_text(text); };
  std::string out;
  const std::string_view open = ansi_bold ? "\033[1m" : "**";
  const std::string_view close = ansi_bold ? "\033[0m" : "**";
  if (!r.missing_shards.empty()) {
    out += fmt::format("Partial results: shard(s) {} did not answer.\n\n",
                       fmt::join(r.missing_shards, ", "));
  }
  for (const auto& notice : r.notices) out += fmt::format("Note: {}\n\n", safe(notice));
  if (!r.suggestion.empty()) out += fmt::format("Did you mean: {}\n\n", safe(r.suggestion));
  const std::uint64_t first = (r.page - 1) * std::uint64_t{r.per_page} + 1;
  if (r.hits.empty()) {
    out += r.total == 0 ? fmt::format("No results for {}.\n", safe(request.query))
                        : fmt::format("No results on page {} ({} {} matches).\n", r.page,
                                      r.total_exact ? "exactly" : "about", r.total);
    return out;
  }
  out +=
      fmt::format("Results {}-{} of {}{} ({}, {}){}\n\n", first, first + r.hits.size() - 1,
                  r.total_exact ? "" : "about ", r.total, r.total_exact ? "exact" : "estimated",
                  to_string(r.sort), r.match_all_words ? "" : ", ranked by how many words match");
  for (const auto& hit : r.hits) {
    out += fmt::format("{:>3}. {}\n", hit.rank, safe(hit.title));
    out += fmt::format("     {}\n", safe(hit.url));
    std::string meta = hit.site;
    if (!hit.published.empty()) meta += " · " + hit.published.substr(0, 10);
    if (!hit.authors.empty()) meta += fmt::format(" · {}", fmt::join(hit.authors, ", "));
    out += fmt::format("     {}\n", safe(meta));
    if (!hit.snippet_html.empty()) {
      // Cleaned before the emphasis is added: the emphasis may be an escape sequence itself.
      out += fmt::format("     {}\n", snippet_to_text(safe(hit.snippet_html), open, close));
    }
    out += '\n';
  }
  const auto facet_line = [&](std::string_view label, const std::vector<FacetCount>& counts) {
    if (counts.empty()) return;
    out += fmt::format("{}:", label);
    for (const auto& c : counts) out += fmt::format(" {} ({})", safe(c.value), c.count);
    out += '\n';
  };
  facet_line(r.facets_sampled ? "By site (first matches)" : "By site", r.site_facets);
  facet_line(r.facets_sampled ? "By month (first matches)" : "By month", r.month_facets);
  return out;
}

std::string render_json(const SearchRequest& request, const SearchResponse& r) {
  using nlohmann::json;
  json results = json::array();
  for (const auto& hit : r.hits) {
    results.push_back({{"rank", hit.rank},
                       {"score", hit.score},
                       {"url", hit.url},
                       {"title", hit.title},
                       {"site", hit.site},
                       {"published", hit.published.empty() ? json(nullptr) : json(hit.published)},
                       {"authors", hit.authors},
                       {"snippet", snippet_to_text(hit.snippet_html, "", "")},
                       {"snippet_html", hit.snippet_html}});
  }
  const auto facets = [](const std::vector<FacetCount>& counts) {
    json out = json::array();
    for (const auto& c : counts) out.push_back({{"value", c.value}, {"count", c.count}});
    return out;
  };
  json out = {
      {"query", request.query},
      {"total", r.total},
      {"total_exact", r.total_exact},
      {"page", r.page},
      {"per_page", r.per_page},
      {"sort", std::string(to_string(r.sort))},
      {"match", r.relaxed           ? "some"
                : r.match_all_words ? "all"
                                    : "any"},
      {"all_words_total", r.relaxed ? json(r.all_words_total) : json(nullptr)},
      {"results", std::move(results)},
      {"facets", {{"site", facets(r.site_facets)}, {"month", facets(r.month_facets)}}},
      {"facets_sampled", r.facets_sampled},
      {"suggestion", r.suggestion.empty() ? json(nullptr) : json(r.suggestion)},
      {"notices", r.notices},
      {"partial", !r.missing_shards.empty()},
      {"missing_shards", r.missing_shards},
      {"seconds", r.seconds},
  };
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace gazette::query
