// Escaping for what the HTTP frontend writes: HTML/XML text and attributes, and URL query
// strings. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette::query {

// `text` safe inside HTML or XML text and inside quoted attribute values: & < > " ' become
// entities. Bytes are otherwise kept (the callers' text is valid UTF-8).
[[nodiscard]] std::string escape_html(std::string_view text);

// `text` percent-encoded for a query-string key or value: every byte except A-Z a-z 0-9 - . _ ~
// becomes %XX (space too, so the result is the same in any context).
[[nodiscard]] std::string percent_encode(std::string_view text);

// "k1=v1&k2=v2" with keys and values percent-encoded, in the order given.
[[nodiscard]] std::string query_string(
    const std::vector<std::pair<std::string, std::string>>& params);

// Whether `url` may be used as a link target: an http or https URL (case-insensitive scheme),
// never javascript:, data: or anything a browser might run.
[[nodiscard]] bool is_web_url(std::string_view url);

}  // namespace gazette::query
