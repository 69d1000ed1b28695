// `gazette-crawl replay`: runs extraction again over archived responses (WARC files the crawl
// wrote, or any WARC with response records), so an improved extractor reaches old pages without
// fetching them again. Articles go to <data>/articles/ like the crawl's ("replay-*.jsonl").
//
// A response is a page by the crawl's own rule (crawler/page_outcome.h is_page_response()): a
// 200 received whole (no WARC-Truncated header: the crawl marks a body a timeout, a broken
// connection or the size cap cut short) that is not a robots.txt. A gzip body that does not
// inflate within the cap is no article (logged with its URL), as in the crawl. The evidence the
// crawl archived with a page (feed and sitemap dates, in the metadata record that follows it) is
// applied as the crawl applied it, so a replay of a crawl's archive writes the same articles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/error.h"

namespace gazette::crawler {

struct ReplaySummary {
  std::uint64_t records = 0;            // WARC records read
  std::uint64_t responses = 0;          // pages analysed
  std::uint64_t articles = 0;           // article records written
  std::uint64_t unreadable_bodies = 0;  // pages whose gzip body did not inflate
  std::uint64_t skipped_records = 0;    // records lost to damage (WarcSkipped, over all files)
  std::uint64_t skipped_bytes = 0;
  std::vector<Error> errors;  // unreadable files, damaged regions (file, offset)
};

// Replays the files in order. A file that cannot be opened is reported in `errors` and the
// others go on; in a damaged file each damaged region is reported and reading goes on after it
// (crawler/warc_reader.h). Gzip bodies inflate to at most `max_inflated` bytes (the crawl's
// crawl.max_body_bytes). Fails only when the articles directory is not writable or another crawl
// holds the data directory.
// The WARC files `args` name: a directory stands for the .warc and .warc.gz files in it, in name
// order (the crawler names them by time); anything else is kept as given (a directory that
// cannot be listed too, so that replay_warcs reports it as unreadable). Fails naming a
// directory that holds no WARC file.
[[nodiscard]] Expected<std::vector<std::string>> warc_files(const std::vector<std::string>& args);

[[nodiscard]] Expected<ReplaySummary> replay_warcs(
    const std::string& data_dir, const std::vector<std::string>& files,
    std::size_t max_inflated = CrawlConfig{}.max_body_bytes);

}  // namespace gazette::crawler
