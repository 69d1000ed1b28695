#include "crawler/page_analysis.h"

#include <fmt/format.h>

#include "common/gzip.h"
#include "common/url.h"
#include "common/utf8.h"
#include "crawler/discovery.h"
#include "crawler/header_fields.h"
#include "extract/extract.h"

namespace gazette::crawler {
namespace {

constexpr std::string_view kFirstSeen = "gazette-first-seen";
constexpr std::string_view kPublished = "gazette-published";
constexpr std::string_view kPublishedSource = "gazette-published-source";

// Feeds and sitemaps are parsed when the server says XML (or gzip), or the body looks like it.
bool may_be_discovery(std::string_view content_type, std::string_view body) {
  const std::string type = ascii_lower(content_type);
  if (type.find("xml") != std::string::npos || type.find("gzip") != std::string::npos) return true;
  if (is_gzip(body)) return true;
  std::size_t i = 0;
  while (i < body.size() && i < 64 &&
         (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t' ||
          static_cast<unsigned char>(body[i]) >= 0xef)) {
    ++i;  // whitespace and a UTF-8 BOM
  }
  return body.substr(i, 5) == "<?xml";
}

bool is_earlier(const std::optional<DateTime>& a, const std::optional<DateTime>& b) {
  return a && (!b || a->unix_seconds < b->unix_seconds);
}

}  // namespace

std::string evidence_to_warc_fields(const UrlEvidence& e) {
  std::string out;
  if (e.first_seen) out += fmt::format("{}: {}\r\n", kFirstSeen, format_iso8601(*e.first_seen));
  if (e.published) {
    out += fmt::format("{}: {}\r\n", kPublished, format_iso8601(*e.published));
    out += fmt::format("{}: {}\r\n", kPublishedSource, to_string(e.published_source));
  }
  return out;
}

UrlEvidence evidence_from_warc_fields(std::string_view fields) {
  const HeaderFields parsed = parse_header_fields(fields);
  UrlEvidence e;
  e.first_seen = parse_iso8601(find_header_field(parsed, kFirstSeen));
  e.published = parse_iso8601(find_header_field(parsed, kPublished));
  e.published_source = date_source_from_string(find_header_field(parsed, kPublishedSource))
                           .value_or(DateSource::kNone);
  if (!e.published) e.published_source = DateSource::kNone;
  return e;
}

PageAnalysis analyze_page(std::string_view url, std::string_view content_type,
                          std::string_view body, const DateTime& fetched,
                          const UrlEvidence& evidence) {
  PageAnalysis out;
  if (may_be_discovery(content_type, body)) {
    DiscoveryDocument doc = parse_discovery(body, url);
    if (doc.kind != DiscoveryKind::kNotDiscovery) {
      out.is_discovery = true;
      const bool is_feed = doc.kind == DiscoveryKind::kRss || doc.kind == DiscoveryKind::kRdf ||
                           doc.kind == DiscoveryKind::kAtom;
      for (auto& link : doc.links) {
        FoundLink found;
        found.url = std::move(link.url);
        found.from_html = false;
        found.evidence.first_seen = link.date;
        if (link.date && link.date_is_publication) {
          found.evidence.published = link.date;
          found.evidence.published_source = is_feed ? DateSource::kFeed : DateSource::kSitemap;
        }
        out.links.push_back(std::move(found));
      }
      for (auto& w : doc.warnings) out.warnings.push_back(fmt::format("{}: {}", url, w));
      return out;
    }
  }

  extract::ExtractOptions options;
  options.url = std::string(url);
  options.content_type = std::string(content_type);
  options.fetched = fetched;
  extract::ExtractResult result = extract::extract_article(body, options);
  for (auto& w : result.warnings) out.warnings.push_back(fmt::format("{}: {}", url, w));
  const std::string base = result.base_href.empty()
                               ? std::string(url)
                               : resolve_url(url, result.base_href).value_or(std::string(url));
  for (const auto& href : result.links) {
    if (auto resolved = resolve_url(base, href)) {
      FoundLink found;
      found.url = std::move(*resolved);
      out.links.push_back(std::move(found));
    }
  }
  for (const auto& href : result.feed_links) {
    if (auto resolved = resolve_url(base, href)) out.feed_links.push_back(std::move(*resolved));
  }
  Article& a = result.article;
  if (!a.canonical_url.empty()) {
    if (auto canonical = normalize_url(a.canonical_url); canonical && *canonical != url) {
      out.canonical_url = *canonical;
    }
  }
  if (!result.is_article) {
    out.not_article_reason = std::move(result.not_article_reason);
    return out;
  }
  // Feed and sitemap dates: the earliest evidence that the URL existed, and the published
  // date when the page itself gives none.
  if (is_earlier(evidence.first_seen, a.first_seen)) a.first_seen = evidence.first_seen;
  if (!a.published && evidence.published) {
    a.published = evidence.published;
    a.published_source = evidence.published_source;
  }
  out.article = std::move(a);
  return out;
}

}  // namespace gazette::crawler
