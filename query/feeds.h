// The XML documents of the HTTP frontend: a search as an Atom feed (RFC 4287), so a saved search
// is a subscription, and the OpenSearch description that lets browsers add Gazette as a search
// engine. Everything is XML-escaped. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "query/search_types.h"
#include "query/web_query.h"

namespace gazette::query {

// `base_url` is the server's own address ("http://127.0.0.1:8080", no trailing slash), for the
// absolute links a feed needs. `now_iso` is the feed's time when no entry has a date.
[[nodiscard]] std::string render_atom_feed(const WebQuery& query, const SearchResponse& response,
                                           std::string_view base_url, std::string_view now_iso);

[[nodiscard]] std::string render_opensearch(std::string_view base_url);

}  // namespace gazette::query
