#include "extract/extract_report.h"

#include <iterator>

#include <fmt/format.h>

namespace gazette::extract {

namespace {

std::string format_date(const std::optional<DateTime>& when) {
  return when ? format_iso8601(*when) : std::string();
}

}  // namespace

std::string render_extract_text(const ExtractResult& r) {
  const Article& a = r.article;
  std::string out;
  auto line = std::back_inserter(out);
  fmt::format_to(line, "title:       {} ({})\n", a.title, r.title_source);
  fmt::format_to(line, "url:         {}\n", a.url);
  fmt::format_to(line, "canonical:   {}\n", a.canonical_url);
  fmt::format_to(line, "site:        {} ({})\n", a.site, r.site_name);
  fmt::format_to(line, "authors:     {}\n", fmt::join(a.authors, "; "));
  fmt::format_to(line, "published:   {} ({})\n", format_date(a.published),
                 to_string(a.published_source));
  fmt::format_to(line, "modified:    {}\n", format_date(a.modified));
  fmt::format_to(line, "language:    {} ({})\n", a.language, r.language_source);
  fmt::format_to(line, "section:     {}\n", a.section);
  fmt::format_to(line, "tags:        {}\n", fmt::join(a.tags, ", "));
  fmt::format_to(line, "description: {}\n", a.description);
  fmt::format_to(line, "charset:     {} ({})\n", r.charset, r.charset_source);
  fmt::format_to(line, "article:     {}\n",
                 r.is_article ? "yes" : fmt::format("no - {}", r.not_article_reason));
  fmt::format_to(line, "links:       {} (base {})\n", r.links.size(), r.base_href);
  for (const auto& feed : r.feed_links) fmt::format_to(line, "feed:        {}\n", feed);
  for (const auto& w : r.warnings) fmt::format_to(line, "warning:     {}\n", w);
  fmt::format_to(line, "text ({}):\n\n{}\n", r.text_source, a.text);
  return out;
}

}  // namespace gazette::extract
