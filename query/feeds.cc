#include "query/feeds.h"

#include <fmt/format.h>

#include "query/web_escape.h"

namespace gazette::query {

std::string render_atom_feed(const WebQuery& query, const SearchResponse& r,
                             std::string_view base_url, std::string_view now_iso) {
  const std::string qs = to_query_string(query);
  // Newest first, so the first entry's date is the feed's.
  std::string updated(now_iso);
  for (const auto& hit : r.hits) {
    if (!hit.published.empty()) {
      updated = hit.published;
      break;
    }
  }
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
      "<title>Gazette: {}</title>\n"
      "<id>{}</id>\n"
      "<updated>{}</updated>\n"
      "<author><name>Gazette</name></author>\n"
      "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n"
      "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
      escape_html(query.request.query), escape_html(fmt::format("{}/search.atom?{}", base_url, qs)),
      escape_html(updated), escape_html(fmt::format("{}/search.atom?{}", base_url, qs)),
      escape_html(fmt::format("{}/?{}", base_url, qs)));
  // Limits that changed the results (docs/operations.md, "Query limits").
  if (!r.notices.empty()) {
    out += fmt::format("<subtitle>{}</subtitle>\n",
                       escape_html(fmt::format("{}", fmt::join(r.notices, "; "))));
  }
  for (const auto& hit : r.hits) {
    out += "<entry>\n";
    out += fmt::format("<title>{}</title>\n", escape_html(hit.title.empty() ? hit.url : hit.title));
    if (is_web_url(hit.url)) out += fmt::format("<link href=\"{}\"/>\n", escape_html(hit.url));
    // The article URL is its identity in the index too (an upsert keeps it).
    out += fmt::format("<id>{}</id>\n", escape_html(hit.url));
    out += fmt::format("<updated>{}</updated>\n",
                       escape_html(hit.published.empty() ? updated : hit.published));
    if (!hit.published.empty()) {
      out += fmt::format("<published>{}</published>\n", escape_html(hit.published));
    }
    for (const auto& author : hit.authors) {
      out += fmt::format("<author><name>{}</name></author>\n", escape_html(author));
    }
    if (!hit.snippet_html.empty()) {
      out += fmt::format("<summary type=\"text\">{}</summary>\n",
                         escape_html(snippet_to_text(hit.snippet_html, "", "")));
    }
    out += "</entry>\n";
  }
  return out + "</feed>\n";
}

std::string render_opensearch(std::string_view base_url) {
  const std::string base = escape_html(base_url);
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
      "<ShortName>Gazette</ShortName>\n"
      "<Description>Search the Gazette news archive</Description>\n"
      "<InputEncoding>UTF-8</InputEncoding>\n"
      "<Url type=\"text/html\" method=\"get\" template=\"{0}/?q={{searchTerms}}\"/>\n"
      "<Url type=\"application/atom+xml\" template=\"{0}/search.atom?q={{searchTerms}}\"/>\n"
      "<Url type=\"application/json\" rel=\"results\" "
      "template=\"{0}/api/search?q={{searchTerms}}\"/>\n"
      "</OpenSearchDescription>\n",
      base);
}

}  // namespace gazette::query
