// Escaping for what the query programs write: HTML/XML text and attributes, URL query strings,
// and text for a terminal. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette::query {

// `text` safe inside HTML or XML text and inside quoted attribute values: & < > " ' become
// entities, and the characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE and
// U+FFFF) become U+FFFD, so a document built from stored or typed text is always well-formed XML:
// one such character would make a feed reader reject the whole feed. Bytes are otherwise kept
// (the callers' text is valid UTF-8, where lone surrogates cannot occur).
[[nodiscard]] std::string escape_html(std::string_view text);

// `text` (already HTML, such as a highlighted snippet) with the characters XML 1.0 forbids
// replaced as escape_html does, and nothing else changed.
[[nodiscard]] std::string xml_safe(std::string_view text);

// `text` safe to print on a terminal: tab, CR and LF become spaces and every other control
// character (C0, DEL, C1) becomes U+FFFD, so stored text cannot start an escape sequence, move
// the cursor or forge lines of output.
[[nodiscard]] std::string terminal_text(std::string_view text);

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
