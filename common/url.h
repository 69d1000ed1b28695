// URL normalisation for the crawler: one canonical spelling per page, so the frontier can
// de-duplicate and the politeness and robots code can key on host and path. Parsing and
// reference resolution are libcurl's URL API (RFC 3986); this file only decides what canonical
// means. Pure functions; thread-safe (each call owns its own CURLU handle).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gazette {

// Absolute http(s) URL in canonical form, or nullopt (not http/https, unparseable, no host,
// user:password in the authority, control characters). Canonical: scheme and host lower-cased
// (international host names in punycode), default ports (:80 http, :443 https) dropped, dot
// segments resolved, empty path becomes "/", fragment dropped, percent-escapes with upper-case
// hex and unreserved characters (A-Z a-z 0-9 - . _ ~) decoded, bytes that must be escaped
// (space, non-ASCII) escaped, tracking parameters (utm_*, fbclid, gclid, ...) removed, the
// order of other parameters kept, an empty query ("?") dropped.
[[nodiscard]] std::optional<std::string> normalize_url(std::string_view url);

// Resolves `href` (absolute, scheme-relative, path-absolute or relative; surrounding whitespace
// and embedded tabs/newlines ignored, as browsers do) against the absolute URL `base` per RFC
// 3986 section 5, then normalize_url(). nullopt for javascript:, mailto:, tel:, data:, ftp: and
// every other non-http(s) scheme, an unusable base, and garbage.
[[nodiscard]] std::optional<std::string> resolve_url(std::string_view base, std::string_view href);

// "host" or "host:port" of a normalize_url() result: the key politeness is tracked by.
// "" when the argument is not a normalized URL.
[[nodiscard]] std::string url_authority(std::string_view normalized_url);

// "/path?query" of a normalize_url() result (what robots.txt rules match); "/" at least.
// "" when the argument is not a normalized URL.
[[nodiscard]] std::string url_path_and_query(std::string_view normalized_url);

// One spelling for each percent-escape: escapes of unreserved characters (A-Z a-z 0-9 - . _ ~)
// decoded, other escapes with upper-case hex, bytes that may not appear raw (controls, space,
// non-ASCII, "<>\^`{|}) escaped, and a '%' that starts no escape escaped itself. For paths,
// queries and robots.txt patterns ('*' and '$' are left alone).
[[nodiscard]] std::string normalize_percent_encoding(std::string_view text);

// Whether `name` is a query parameter that only tracks the visit (utm_source, fbclid, ...) and
// never selects content, so it can be dropped from URLs. ASCII case-insensitive.
[[nodiscard]] bool is_tracking_parameter(std::string_view name);

}  // namespace gazette
