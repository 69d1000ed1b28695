// Cleaning one fetched news page: from raw bytes to an article record (common/article.h) with
// main text and metadata, plus flags saying whether the page is an article at all.
//
// Never fails and never throws for any input bytes: broken markup, NUL bytes, invalid sequences,
// deep nesting and huge pages yield a (possibly empty) result with warnings.
// Thread-safety: extract_article() is reentrant; call it from any number of threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/time.h"

namespace gazette::extract {

// The version written to Article::extractor_version; bump when the output changes materially.
inline constexpr std::string_view kExtractorVersion = "gazette-extract/1";

struct ExtractOptions {
  // The URL the page was fetched from: resolves relative links, gives the site (host) and a
  // date from the path. May be empty (then no site, no URL date, no page-kind URL rules).
  std::string url;
  // The HTTP Content-Type header value ("text/html; charset=ISO-8859-1"); may be empty.
  std::string content_type;
  // When the page was fetched. Dates later than this (plus one day) are not publication dates.
  // nullopt: now.
  std::optional<DateTime> fetched;
  // Pages longer than this are cut (at a UTF-8 boundary) before parsing, with a warning.
  std::size_t max_bytes = std::size_t{8} << 20;
  // At most this many <a href> values in ExtractResult::links (the first ones in the page).
  std::size_t max_links = 5000;
  // Whether to run language detection (libcld2) when the markup declares no language.
  bool detect_language = true;
};

struct ExtractResult {
  Article article;         // url, canonical_url, site, title, authors, dates, language, text, ...
  bool is_article = true;  // false for home pages, section fronts, tag/search pages, ...
  std::string not_article_reason;     // why is_article is false ("" when it is true)
  std::string site_name;              // the site's display name (og:site_name), "" when unknown
  std::string title_source;           // "og"|"jsonld"|"heading"|"h1"|"title"|"first-heading"|""
  std::string charset;                // the charset the bytes were decoded from
  std::string charset_source;         // "bom" | "http" | "meta" | "detected" | "default"
  std::string language_source;        // "markup" | "detected" | ""
  std::string text_source;            // "dom" | "json-ld" | "fallback" | ""
  std::vector<std::string> warnings;  // e.g. "page truncated from 12000000 to 8388608 bytes"
  // For the crawler, filled for every page (articles or not); raw values, unresolved (resolve
  // against base_href when set, else the page URL). See crawler/links.h for what is skipped.
  std::vector<std::string> links;       // <a href> values, document order, no duplicates
  std::string base_href;                // <base href>, "" when absent
  std::vector<std::string> feed_links;  // <link rel=alternate> RSS, Atom and JSON Feed hrefs
};

// Extracts the article record from the raw bytes of an HTML page.
[[nodiscard]] ExtractResult extract_article(std::string_view html, const ExtractOptions& options);

}  // namespace gazette::extract
