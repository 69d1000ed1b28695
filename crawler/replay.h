// `gazette-crawl replay`: runs extraction again over archived responses (WARC files the crawl
// wrote, or any WARC with response records), so an improved extractor reaches old pages without
// fetching them again. Articles go to <data>/articles/ like the crawl's ("replay-*.jsonl").
//
// Only 200 responses are used; the evidence the crawl archived with a page (feed and sitemap
// dates, in the metadata record that follows it) is applied as the crawl applied it, so a replay
// of a crawl's archive writes the same articles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"

namespace gazette::crawler {

struct ReplaySummary {
  std::uint64_t records = 0;    // WARC records read
  std::uint64_t responses = 0;  // 200 responses analysed
  std::uint64_t articles = 0;   // article records written
  std::vector<Error> errors;    // unreadable files, truncated or corrupt data (file, offset)
};

// Replays the files in order. A bad file is reported in `errors` and the others go on; what was
// read from a file before its error is used. Fails only when the articles directory is not
// writable or another crawl holds the data directory.
[[nodiscard]] Expected<ReplaySummary> replay_warcs(const std::string& data_dir,
                                                   const std::vector<std::string>& files);

}  // namespace gazette::crawler
