// Feeds and sitemaps: where a crawl learns about article URLs and their publication dates.
// RSS 2.0, RSS 1.0 (RDF), Atom, sitemap urlsets (including Google News sitemaps) and sitemap
// indexes, recognised by their root element, never by URL or namespace, and parsed with
// pugixml. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace gazette::crawler {

enum class DiscoveryKind { kRss, kRdf, kAtom, kUrlset, kSitemapIndex, kNotDiscovery };

// "rss", "rdf", "atom", "urlset", "sitemapindex", "none": for logs.
[[nodiscard]] std::string_view discovery_kind_name(DiscoveryKind kind);

struct DiscoveredLink {
  std::string url;                   // resolved against the document URL, normalized
  std::optional<DateTime> date;      // pubDate / dc:date / published / updated, or sitemap
                                     // news:publication_date / lastmod
  bool date_is_publication = false;  // true for feed publication dates and news:publication_date
  std::string title;  // feed item title / news:title, whitespace collapsed; may be ""
};

struct DiscoveryDocument {
  DiscoveryKind kind = DiscoveryKind::kNotDiscovery;
  // Feed items, <url> entries of a urlset, <sitemap> entries of an index, in document order.
  // Entries without a usable http(s) link are skipped with a warning.
  std::vector<DiscoveredLink> links;
  std::vector<std::string> warnings;  // e.g. "item 7: no link", "not XML: ...", "gzip: ..."
};

// Parses a feed or sitemap fetched from `document_url` (the base for relative links). Bodies
// starting with the gzip magic are inflated first, to at most `max_inflated` bytes: beyond that
// (a gzip bomb) the result is kNotDiscovery with a warning. Never throws: invalid XML or another
// root element gives kNotDiscovery with a warning naming the problem.
[[nodiscard]] DiscoveryDocument parse_discovery(std::string_view body,
                                                std::string_view document_url,
                                                std::size_t max_inflated = std::size_t{50} << 20);

}  // namespace gazette::crawler
