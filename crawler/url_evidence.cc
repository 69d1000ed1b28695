#include "crawler/url_evidence.h"

#include <fmt/format.h>

#include "crawler/frontier.h"
#include "crawler/header_fields.h"

namespace gazette::crawler {
namespace {

constexpr std::string_view kFirstSeen = "gazette-first-seen";
constexpr std::string_view kPublished = "gazette-published";
constexpr std::string_view kPublishedSource = "gazette-published-source";

}  // namespace

UrlEvidence evidence_of(const UrlRow& row) {
  UrlEvidence e;
  e.first_seen = row.first_seen;
  const DateTime discovered{row.discovered_at_ms / 1000, 0};
  if (row.discovered_at_ms > 0 &&
      (!e.first_seen || discovered.unix_seconds < e.first_seen->unix_seconds)) {
    e.first_seen = discovered;
  }
  e.published = row.published;
  e.published_source = row.published_source;
  return e;
}

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

}  // namespace gazette::crawler
