// Seeds: the URLs a crawl starts from, from the configuration or `gazette-crawl add`.
//
// Thread-safety: seed_url() is pure; add_seeds() opens its own frontier connection.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "common/error.h"
#include "crawler/frontier.h"

namespace gazette::crawler {

// The frontier row of a seed: `url` normalized; nullopt when it is not an http(s) URL.
[[nodiscard]] std::optional<NewUrl> seed_url(std::string_view url);

// Adds seed URLs to the frontier of `config.data_dir` (normalized; known URLs are queued
// again): `urls`, then one URL per line of `lines` when given (blank lines and "#" comments
// skipped; a line that is not an http(s) URL is logged with its number and skipped), inserted in
// transactions of 10,000 so millions need little memory. Returns how many were queued; fails
// naming an argument that is not an http(s) URL, or the database.
[[nodiscard]] Expected<std::size_t> add_seeds(const Config& config,
                                              const std::vector<std::string>& urls,
                                              std::istream* lines = nullptr,
                                              const std::string& lines_name = "-");

}  // namespace gazette::crawler
