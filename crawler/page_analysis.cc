#include "crawler/page_analysis.h"

#include <fmt/format.h>

#include "common/gzip.h"
#include "common/url.h"
#include "common/utf8.h"
#include "crawler/discovery.h"
#include "extract/extract.h"

namespace gazette::crawler {
namespace {

// Feeds and sitemaps are parsed when the server says XML (or gzip), or the (inflated) body looks
// like it.
bool may_be_discovery(std::string_view content_type, std::string_view body) {
  const std::string type = ascii_lower(content_type);
  if (type.find("xml") != std::string::npos || type.find("gzip") != std::string::npos) return true;
  std::size_t i = 0;
  while (i < body.size() && i < 64 &&
         (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t' ||
          static_cast<unsigned char>(body[i]) >= 0xef)) {
    ++i;  // whitespace and a UTF-8 BOM
  }
  return body.substr(i, 5) == "<?xml";
}

}  // namespace

PageAnalysis analyze_page(std::string_view url, std::string_view content_type,
                          std::string_view body, const DateTime& fetched,
                          std::size_t max_inflated) {
  PageAnalysis out;
  // Compressed bytes are never extractor input: a body that does not inflate is the URL's
  // error, not an article of mojibake.
  std::string inflated;
  if (is_gzip(body)) {
    auto unpacked = gunzip(body, max_inflated);
    if (!unpacked) {
      out.error = "gzip body: " + unpacked.error().what;
      return out;
    }
    inflated = std::move(*unpacked);
    body = inflated;
    if (is_gzip(body)) {
      out.error = "gzip body: compressed twice";
      return out;
    }
  }
  if (may_be_discovery(content_type, body)) {
    DiscoveryDocument doc = parse_discovery(body, url, max_inflated);
    if (doc.kind != DiscoveryKind::kNotDiscovery) {
      out.is_discovery = true;
      const bool is_feed = doc.kind == DiscoveryKind::kRss || doc.kind == DiscoveryKind::kRdf ||
                           doc.kind == DiscoveryKind::kAtom;
      for (auto& link : doc.links) {
        FoundLink found;
        found.href = std::move(link.url);
        found.from_html = false;
        found.evidence.first_seen = link.date;
        if (link.date && link.date_is_publication) {
          found.evidence.published = link.date;
          found.evidence.published_source = is_feed ? DateSource::kFeed : DateSource::kSitemap;
        }
        out.links.push_back(std::move(found));
      }
      out.base = std::string(url);
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
  out.base = result.base_href.empty()
                 ? std::string(url)
                 : resolve_url(url, result.base_href).value_or(std::string(url));
  for (auto& href : result.links) {
    FoundLink found;
    found.href = std::move(href);
    out.links.push_back(std::move(found));
  }
  out.feed_links = std::move(result.feed_links);
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
  out.article = std::move(a);
  return out;
}

}  // namespace gazette::crawler
