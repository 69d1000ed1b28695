#include "query/html_page.h"

#include <algorithm>

#include <fmt/format.h>

#include "query/web_escape.h"

namespace gazette::query {
namespace {

// Light, readable on a phone (fluid width, large tap targets), respects the reader's dark
// preference; no web fonts or images.
constexpr std::string_view kStylesheet =
    R"css(:root { color-scheme: light dark; --accent: #1a56a8; --muted: #555; --mark: #fff3a3; }
@media (prefers-color-scheme: dark) { :root { --accent: #8ab4f8; --muted: #aaa; --mark: #5c4d00; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 0 1rem 2rem; font: 1rem/1.5 system-ui, sans-serif; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: 1rem 0; border-bottom: 1px solid #8884; }
.brand { font-weight: 700; font-size: 1.3rem; text-decoration: none; color: inherit; }
form { display: flex; flex-wrap: wrap; gap: .5rem; flex: 1 1 20rem; }
input, select, button { font: inherit; padding: .45rem .6rem; min-height: 2.5rem; }
input[type=search] { flex: 1 1 14rem; min-width: 0; }
.dates input { width: 8.5rem; }
button { cursor: pointer; }
.layout { display: flex; flex-wrap: wrap; gap: 0 2rem; }
.main { flex: 1 1 30rem; min-width: 0; }
.facets { flex: 0 1 14rem; font-size: .95rem; }
.facets ul { list-style: none; padding: 0; margin: 0 0 1rem; }
.facets li { padding: .15rem 0; }
.facets h2 { font-size: 1rem; margin: 1rem 0 .3rem; }
.summary, .meta, .filters { color: var(--muted); font-size: .95rem; }
.results { padding-left: 1.5rem; }
.result { margin: 0 0 1.3rem; }
.result h2 { font-size: 1.1rem; margin: 0; overflow-wrap: anywhere; }
.result p { margin: .2rem 0; overflow-wrap: anywhere; }
a { color: var(--accent); }
mark { background: var(--mark); color: inherit; }
.error { border-left: 4px solid #c0392b; padding: .5rem 1rem; }
.pages { display: flex; gap: 1rem; align-items: center; margin: 1.5rem 0; }
.pages a, .sort a, .filters a { padding: .3rem 0; }
.sort [aria-current] { font-weight: 700; text-decoration: none; color: inherit; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
)css";

std::string format_count(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "/?" + the query string of `query`: a link to another view of the same search.
std::string link_to(const WebQuery& query) { return "/?" + to_query_string(query); }

struct FormValues {
  std::string_view query;
  std::string_view sort;  // empty: the configured default
  std::string_view from;
  std::string_view to;
};

std::string search_form(const FormValues& v) {
  std::string sort_options;
  for (const std::string_view name : {"", "relevance", "date", "blend"}) {
    sort_options +=
        fmt::format(R"(<option value="{}"{}>{}</option>)", name, name == v.sort ? " selected" : "",
                    name.empty() ? "Default order" : fmt::format("By {}", name));
  }
  return fmt::format(
      R"(<form action="/" method="get" role="search">)"
      R"(<label class="visually-hidden" for="q">Search the archive</label>)"
      R"(<input type="search" id="q" name="q" value="{}" placeholder="Search the news archive">)"
      R"(<label class="visually-hidden" for="sort">Order</label>)"
      R"(<select id="sort" name="sort">{}</select>)"
      R"(<span class="dates"><label for="from">From</label> )"
      R"(<input id="from" name="from" value="{}" placeholder="YYYY-MM-DD" inputmode="numeric"> )"
      R"(<label for="to">to</label> )"
      R"(<input id="to" name="to" value="{}" placeholder="YYYY-MM-DD" inputmode="numeric"></span>)"
      R"(<button type="submit">Search</button></form>)",
      escape_html(v.query), sort_options, escape_html(v.from), escape_html(v.to));
}

std::string layout(std::string_view title, std::string_view head_extra, const FormValues& form,
                   std::string_view body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      R"(<meta name="viewport" content="width=device-width, initial-scale=1">)"
      "<title>{}</title>"
      R"(<link rel="stylesheet" href="/style.css">)"
      R"(<link rel="search" type="application/opensearchdescription+xml" title="Gazette" href="/opensearch.xml">)"
      "{}</head>\n<body><header><a class=\"brand\" href=\"/\">Gazette</a>{}</header>\n"
      "<main><h1 class=\"visually-hidden\">{}</h1>{}</main></body></html>\n",
      escape_html(title), head_extra, search_form(form), escape_html(title), body);
}

std::string render_hit(const Hit& hit) {
  std::string title = escape_html(hit.title.empty() ? hit.url : hit.title);
  // A URL from the index is data: only web URLs become links (never javascript: or data:).
  const std::string heading =
      is_web_url(hit.url) ? fmt::format(R"(<a href="{}">{}</a>)", escape_html(hit.url), title)
                          : title;
  std::string meta = fmt::format(R"(<span class="site">{}</span>)", escape_html(hit.site));
  if (!hit.published.empty()) {
    meta += fmt::format(R"( · <time datetime="{}">{}</time>)", escape_html(hit.published),
                        escape_html(hit.published.substr(0, 10)));
  }
  if (!hit.authors.empty()) {
    meta += " · " + escape_html(fmt::format("{}", fmt::join(hit.authors, ", ")));
  }
  // The snippet is already HTML: escaped text with <mark> around matches (Searcher's contract).
  return fmt::format(
      "<li class=\"result\"><h2>{}</h2><p class=\"meta\">{}</p><p class=\"snippet\">{}</p></li>\n",
      heading, meta, xml_safe(hit.snippet_html));
}

std::string render_sort_links(const WebQuery& query) {
  std::string out = R"(<p class="sort">Order: )";
  bool first = true;
  for (const SortOrder order : {SortOrder::kRelevance, SortOrder::kDate, SortOrder::kBlend}) {
    if (!first) out += " · ";
    first = false;
    WebQuery other = query;
    other.request.sort = order;
    other.sort_given = true;
    other.request.page = 1;
    out +=
        fmt::format(R"(<a href="{}"{}>{}</a>)", escape_html(link_to(other)),
                    order == query.request.sort ? R"( aria-current="true")" : "", to_string(order));
  }
  return out + "</p>\n";
}

// The active filters, each with a link that removes it.
std::string render_filters(const WebQuery& query) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < query.request.sites.size(); ++i) {
    WebQuery without = query;
    without.request.sites.erase(without.request.sites.begin() + static_cast<std::ptrdiff_t>(i));
    without.request.page = 1;
    items.push_back(
        fmt::format(R"(site {} <a href="{}" aria-label="Remove the site filter {}">✕</a>)",
                    escape_html(query.request.sites[i]), escape_html(link_to(without)),
                    escape_html(query.request.sites[i])));
  }
  if (!query.from_text.empty() || !query.to_text.empty()) {
    WebQuery without = query;
    without.from_text.clear();
    without.to_text.clear();
    without.request.page = 1;
    items.push_back(fmt::format(
        R"(dates {} to {} <a href="{}" aria-label="Remove the date filter">✕</a>)",
        escape_html(query.from_text.empty() ? "…" : query.from_text),
        escape_html(query.to_text.empty() ? "…" : query.to_text), escape_html(link_to(without))));
  }
  if (items.empty()) return {};
  return fmt::format("<p class=\"filters\">Filters: {}</p>\n", fmt::join(items, "; "));
}

std::string render_facets(const WebQuery& query, const SearchResponse& r) {
  if (r.site_facets.empty() && r.month_facets.empty()) return {};
  std::string out = R"(<aside class="facets" aria-label="Filters">)";
  if (!r.site_facets.empty()) {
    out += "<h2>Sites</h2><ul>";
    for (const auto& f : r.site_facets) {
      const auto& sites = query.request.sites;
      if (std::find(sites.begin(), sites.end(), f.value) != sites.end()) {
        out += fmt::format("<li><strong>{}</strong> ({})</li>", escape_html(f.value),
                           format_count(f.count));
        continue;
      }
      WebQuery narrowed = query;
      narrowed.request.sites.push_back(f.value);
      narrowed.request.page = 1;
      out += fmt::format(R"(<li><a href="{}">{}</a> ({})</li>)", escape_html(link_to(narrowed)),
                         escape_html(f.value), format_count(f.count));
    }
    out += "</ul>";
  }
  if (!r.month_facets.empty()) {
    out += "<h2>Months</h2><ul>";
    for (const auto& f : r.month_facets) {
      WebQuery narrowed = query;
      narrowed.from_text = f.value;
      narrowed.to_text = f.value;
      narrowed.request.page = 1;
      out += fmt::format(R"(<li><a href="{}">{}</a> ({})</li>)", escape_html(link_to(narrowed)),
                         escape_html(f.value), format_count(f.count));
    }
    out += "</ul>";
  }
  if (r.facets_sampled) out += R"(<p class="meta">Counts from the first matches.</p>)";
  return out + "</aside>\n";
}

std::string render_pages(const WebQuery& query, const SearchResponse& r) {
  const std::uint64_t shown_to = (r.page - 1) * std::uint64_t{r.per_page} + r.hits.size();
  const bool has_previous = r.page > 1;
  const bool has_next = shown_to < r.total && r.page < query.max_page;
  if (!has_previous && !has_next) return {};
  std::string out = R"(<nav class="pages" aria-label="Result pages">)";
  if (has_previous) {
    WebQuery previous = query;
    previous.request.page = r.page - 1;
    out += fmt::format(R"(<a href="{}" rel="prev">← Previous</a>)", escape_html(link_to(previous)));
  }
  const std::uint64_t pages = (r.total + r.per_page - 1) / r.per_page;
  out += r.total_exact ? fmt::format("<span>Page {} of {}</span>", r.page, pages)
                       : fmt::format("<span>Page {}</span>", r.page);
  if (has_next) {
    WebQuery next = query;
    next.request.page = r.page + 1;
    out += fmt::format(R"(<a href="{}" rel="next">Next →</a>)", escape_html(link_to(next)));
  }
  return out + "</nav>\n";
}

FormValues form_values(const WebQuery& query) {
  return {query.request.query, query.sort_given ? to_string(query.request.sort) : "",
          query.from_text, query.to_text};
}

}  // namespace

std::string render_home_page() {
  return layout("Gazette", "", FormValues{},
                R"(<p class="summary">Search the news archive: words, "phrases", )"
                R"(<code>site:</code>, <code>author:</code>, dates such as )"
                R"(<code>2024-01..2024-06</code>.</p>)");
}

std::string render_results_page(const WebQuery& query, const SearchResponse& r) {
  const SearchRequest& req = query.request;
  std::string body = R"(<div class="layout"><div class="main">)";
  if (!r.suggestion.empty()) {
    WebQuery corrected = query;
    corrected.request.query = r.suggestion;
    corrected.request.page = 1;
    body += fmt::format(R"(<p class="suggestion">Did you mean <a href="{}">{}</a>?</p>)",
                        escape_html(link_to(corrected)), escape_html(r.suggestion));
  }
  for (const auto& notice : r.notices) {
    body += fmt::format(R"(<p class="notice" role="status">{}</p>)", escape_html(notice));
  }
  body += render_filters(query);
  const std::uint64_t first = (r.page - 1) * std::uint64_t{r.per_page} + 1;
  if (r.hits.empty()) {
    if (r.total == 0) {
      const bool filtered =
          !req.sites.empty() || !query.from_text.empty() || !query.to_text.empty();
      body += fmt::format(
          R"(<p class="empty" role="status">No articles match <q>{}</q>. Try fewer or different )"
          R"(words{}.</p>)",
          escape_html(req.query), filtered ? ", or remove a filter" : "");
    } else {
      WebQuery first_page = query;
      first_page.request.page = 1;
      body += fmt::format(
          R"(<p class="empty" role="status">No results on page {}. <a href="{}">Go to the )"
          R"(first page</a>.</p>)",
          r.page, escape_html(link_to(first_page)));
    }
  } else {
    body += fmt::format(R"(<p class="summary" role="status">Results {}–{} of {}{} ({}){}</p>)",
                        first, first + r.hits.size() - 1, r.total_exact ? "" : "about ",
                        format_count(r.total), r.total_exact ? "exact" : "estimated",
                        r.match_all_words ? "" : "; ranked by how many of the words match");
    body += render_sort_links(query);
    body += fmt::format("<ol class=\"results\" start=\"{}\">\n", first);
    for (const auto& hit : r.hits) body += render_hit(hit);
    body += "</ol>\n";
    body += render_pages(query, r);
  }
  body += "</div>";
  body += render_facets(query, r);
  body += "</div>";
  WebQuery feed = query;
  feed.request.page = 1;
  const std::string head = fmt::format(
      R"(<link rel="alternate" type="application/atom+xml" title="Gazette: {}" href="/search.atom?{}">)",
      escape_html(req.query), escape_html(to_query_string(feed)));
  return layout(fmt::format("{} – Gazette", req.query), head, form_values(query), body);
}

std::string render_error_page(std::string_view query_text, std::string_view message) {
  return layout("Error – Gazette", "", FormValues{query_text, "", "", ""},
                fmt::format(R"(<p class="error" role="alert">{}</p>)", escape_html(message)));
}

std::string_view stylesheet() { return kStylesheet; }

}  // namespace gazette::query
