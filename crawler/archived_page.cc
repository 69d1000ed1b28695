#include "crawler/archived_page.h"

#include <array>

#include "common/url.h"
#include "common/utf8.h"
#include "crawler/http_payload.h"
#include "crawler/page_outcome.h"

namespace gazette::crawler {
namespace {

std::string media_type_of(std::string_view content_type) {
  return ascii_lower(trim_ascii_whitespace(content_type.substr(0, content_type.find(';'))));
}

// The body's first bytes after a byte order mark and white space, lower-cased.
std::string opening_of(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  std::size_t start = 0;
  while (start < body.size() && is_html_space(body[start])) ++start;
  return ascii_lower(body.substr(start, 64));
}

bool opens_as_html(std::string_view body) {
  const std::string opening = opening_of(body);
  for (const std::string_view tag : {"<!doctype html", "<html", "<head", "<body", "<!--"}) {
    if (opening.starts_with(tag)) return true;
  }
  return false;
}

// Data that is no HTML document whatever its type says: NUL bytes (images, archives) or JSON.
bool clearly_not_html(std::string_view body) {
  if (body.substr(0, 512).find('\0') != std::string_view::npos) return true;
  const std::string opening = opening_of(body);
  return opening.starts_with('{') || opening.starts_with('[');
}

// A WARC-Target-URI as written: WARC 1.0's grammar shows it in angle brackets, and wget writes
// it so.
std::string_view target_uri(std::string_view value) {
  value = trim_ascii_whitespace(value);
  if (value.size() >= 2 && value.front() == '<' && value.back() == '>') {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

}  // namespace

bool is_page_content(std::string_view content_type, std::string_view body) {
  const std::string type = media_type_of(content_type);
  if (type == "text/html" || type == "application/xhtml+xml") return !clearly_not_html(body);
  if (type.ends_with("/xml") || type.ends_with("+xml") || type == "application/gzip" ||
      type == "application/x-gzip") {
    return true;
  }
  if (type.empty() || type == "application/octet-stream" || type == "text/plain" ||
      type == "binary/octet-stream" || type == "application/unknown") {
    return opens_as_html(body);
  }
  return false;
}

tl::expected<ArchivedPage, NotAPage> archived_page(const WarcRecord& record,
                                                   std::size_t max_inflated) {
  ArchivedPage page;
  const std::string raw_url(target_uri(record.header("WARC-Target-URI")));
  const auto url = normalize_url(raw_url);
  if (!url) return tl::unexpected(NotAPage{"no usable target URI", raw_url});
  page.url = *url;
  page.fetched =
      parse_iso8601(record.header("WARC-Date")).value_or(DateTime{now_unix_seconds(), 0});
  const bool complete = record.header("WARC-Truncated").empty();

  if (record.type() == "resource") {
    if (!complete) return tl::unexpected(NotAPage{"truncated", record.header("WARC-Truncated")});
    if (!is_page_response(page.url, 200, true)) return tl::unexpected(NotAPage{"robots.txt", ""});
    page.content_type = record.header("Content-Type");
    if (record.block.size() > max_inflated) {
      return tl::unexpected(NotAPage{"body does not decode", "over the size cap"});
    }
    page.body = record.block;
  } else {
    const auto http = parse_http_response(record.block);
    if (!http) return tl::unexpected(NotAPage{"not an HTTP response", ""});
    if (!complete) return tl::unexpected(NotAPage{"truncated", record.header("WARC-Truncated")});
    if (http->status != 200) {
      return tl::unexpected(NotAPage{"HTTP status not 200", std::to_string(http->status)});
    }
    if (!is_page_response(page.url, http->status, true)) {
      return tl::unexpected(NotAPage{"robots.txt", ""});
    }
    page.content_type = http->header("Content-Type");
    auto body = decode_http_body(*http, max_inflated);
    if (!body) return tl::unexpected(NotAPage{"body does not decode", body.error().to_string()});
    page.body = std::move(*body);
  }
  if (!is_page_content(page.content_type, page.body)) {
    const std::string type = media_type_of(page.content_type);
    return tl::unexpected(NotAPage{"not HTML", type.empty() ? "no Content-Type" : type});
  }
  return page;
}

}  // namespace gazette::crawler
