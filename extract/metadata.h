// Article metadata from a parsed page: title, authors, dates, language, canonical URL, site name,
// description, section and tags, each from the most trustworthy source present.
// Pure functions of their inputs; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/time.h"
#include "extract/html_dom.h"
#include "extract/jsonld.h"

namespace gazette::extract {

struct PageMetadata {
  std::string title;
  std::string title_source;  // "og" | "jsonld" | "heading" | "h1" | "title" | ""
  // The headline heading (crawler/headline.h) when one matches the titles; -1 otherwise. The
  // article starts near it.
  std::int32_t headline_element = -1;
  std::vector<std::string> authors;
  std::optional<DateTime> published;
  DateSource published_source = DateSource::kNone;
  std::optional<DateTime> modified;
  std::string language;       // ISO 639-1 from markup ("" when the markup says nothing)
  std::string canonical_url;  // absolute
  std::string site_name;      // og:site_name / publisher name
  std::string description;
  std::string section;
  std::vector<std::string> tags;
  std::string og_type;  // og:type as written ("article", "website", ...)
};

// Reads metadata. `page_url` resolves relative URLs and gives a URL date; `fetched_unix`
// (0: now) bounds dates from above. The title is og:title, else the JSON-LD headline, else the
// h1-h3 whose words match <title> (find_headline), else the h1 (unless it is only the site-name
// part of <title>), else <title> without the site name; an og:title found neither in <title> nor
// among the page's headings is a site-wide constant and is passed over. Dates that fail the sanity
// rules are skipped and the next source is tried, in the order JSON-LD, <meta>, <time>/bylines,
// URL.
[[nodiscard]] PageMetadata extract_metadata(const Document& doc, const JsonLdInfo& json_ld,
                                            std::string_view page_url, std::int64_t fetched_unix);

// Removes a trailing (or leading) " | Site Name" style part from a page title. `site_name` may
// be empty; then a last part of at most three words is removed when the rest is longer.
[[nodiscard]] std::string strip_site_from_title(std::string_view title, std::string_view site_name);

// The ISO 639-1 code of a language tag ("en-US" -> "en", "en_GB" -> "en"); "" when invalid.
[[nodiscard]] std::string language_code(std::string_view tag);

}  // namespace gazette::extract
