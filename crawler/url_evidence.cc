#include "crawler/url_evidence.h"

#include <fmt/format.h>

#include "crawler/frontier.h"

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
  UrlEvidence e;
  while (!fields.empty()) {
    const auto end = fields.find('\n');
    std::string_view line = fields.substr(0, end);
    fields = end == std::string_view::npos ? std::string_view() : fields.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 2);
    if (key == kFirstSeen) {
      e.first_seen = parse_iso8601(value);
    } else if (key == kPublished) {
      e.published = parse_iso8601(value);
    } else if (key == kPublishedSource) {
      e.published_source = date_source_from_string(value).value_or(DateSource::kNone);
    }
  }
  if (!e.published) e.published_source = DateSource::kNone;
  return e;
}

}  // namespace gazette::crawler
