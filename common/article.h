// The article record: the contract between the crawler, the indexer and anyone who brings their
// own archive. One JSON object per line (JSON Lines); see docs/ARCHITECTURE.md for the fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "common/time.h"

namespace gazette {

// Where a published date came from, in decreasing order of trust.
enum class DateSource { kNone, kJsonLd, kMeta, kTime, kUrl, kFeed, kSitemap };

[[nodiscard]] std::string_view to_string(DateSource source);
[[nodiscard]] std::optional<DateSource> date_source_from_string(std::string_view name);

struct Article {
  std::string url;            // required: where the page was fetched
  std::string canonical_url;  // <link rel=canonical> when known; the identity of the article
  std::string site;           // host name, e.g. "www.example.com"; derived from url when absent
  std::string title;          // required key; may be empty when text is not
  std::vector<std::string> authors;
  std::optional<DateTime> published;
  DateSource published_source = DateSource::kNone;
  std::optional<DateTime> modified;
  std::optional<DateTime> first_seen;  // earliest evidence of the URL (feed, sitemap, crawl)
  std::optional<DateTime> fetched;
  std::string language;  // ISO 639-1, e.g. "en"; empty when unknown
  std::string description;
  std::string section;
  std::vector<std::string> tags;
  std::string
      text;  // required key: paragraphs separated by blank lines; may be empty when title is not
  std::string content_hash;
  std::optional<std::uint64_t> simhash;  // near-duplicate fingerprint (16 hex digits in JSON)
  std::string extractor_version;
  // Which version of the page this is: 1 for the first one written, +1 for every change the
  // crawler saw on a revisit; 0 (omitted in JSON) when unknown (replay, other writers).
  unsigned revision = 0;

  // The URL that identifies the article: canonical_url when present, else url.
  [[nodiscard]] const std::string& identity_url() const {
    return canonical_url.empty() ? url : canonical_url;
  }
};

// The record's required keys are "url", "title" and "text": url is never empty, and title or text
// may be empty but not both (a wire brief has a headline and no body, or a body and no headline).
// The writer always writes all three keys, even empty, and the reader refuses a record without
// one of them: one rule on both sides, so whatever to_json_line writes, parse_article reads back.

// Parses one JSON Lines record. Fails (with a reason, no location) on invalid JSON, invalid UTF-8,
// a missing url/title/text key, an empty url, an empty title and text, a field of the wrong type
// or an unparseable date.
// Unknown fields are ignored so that newer writers can add fields. Thread-safe.
[[nodiscard]] Expected<Article> parse_article(std::string_view line);

// The same for a JSON value already parsed (its strings are valid UTF-8: nlohmann's parser
// checks that).
[[nodiscard]] Expected<Article> article_from_json(const nlohmann::json& value);

// One JSON object on one line (no trailing newline). The required keys are always written; optional
// fields that are empty are omitted.
[[nodiscard]] std::string to_json_line(const Article& article);

// The host part of an http(s) URL, lower-cased ("" when there is none).
[[nodiscard]] std::string host_of_url(std::string_view url);

}  // namespace gazette
