// `gazette-crawl replay`: runs extraction again over archived responses (WARC files the crawl
// wrote, or those of other tools: wget, Heritrix, Common Crawl), so an improved extractor
// reaches old pages without fetching them again, and other people's captures become an
// archive. Articles go to <data>/articles/ like the crawl's ("replay-*.jsonl").
//
// Which response and resource records are pages, and their decoded bodies: crawler/
// archived_page.h (the crawl's own rule, is_page_response(), plus HTML told by type or content).
// A body that does not decode within the cap is no article (logged with its URL), as in the
// crawl. Every other record is counted by WARC-Type, every page that made no article by reason. The
// evidence the crawl archived with a page (feed and sitemap dates, in the metadata record that
// follows it) is applied as the crawl applied it, so a replay of a crawl's archive writes the same
// articles. Revisit records become the capture they refer to when it is among the files
// (crawler/revisits.h); several captures of a URL are several records, and the index keeps the
// newest (indexer/index_writer.h), whatever the order of the files.
//
// Pages are analysed on worker threads while this thread reads and decompresses the files; a
// bounded number of records is in flight, so memory does not grow with the files, and articles
// are written in the order of their records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/error.h"

namespace gazette::crawler {

struct ReplayOptions {
  // Gzip and compressed bodies inflate to at most this (the crawl's crawl.max_body_bytes).
  std::size_t max_inflated = CrawlConfig{}.max_body_bytes;
  // Threads analysing pages; 0: one per core (crawl.extract_threads).
  unsigned threads = 0;
  bool progress = true;  // a progress line on a terminal (common/logging.h)
};

struct ReplaySummary {
  std::uint64_t records = 0;                          // WARC records read
  std::map<std::string, std::uint64_t> record_types;  // by WARC-Type
  std::uint64_t pages = 0;                            // pages analysed
  std::uint64_t articles = 0;                         // article records written
  std::uint64_t revisits_resolved = 0;           // revisit records whose original was in the files
  std::map<std::string, std::uint64_t> skipped;  // response, resource and revisit records that
                                                 // made no article, by reason
  double seconds = 0;
  std::uint64_t skipped_records = 0;  // records lost to damage (WarcSkipped, over all files)
  std::uint64_t skipped_bytes = 0;
  std::vector<Error> errors;  // unreadable files, damaged regions (file, offset)
};

// Replays the files in order. A file that cannot be opened is reported in `errors` and the
// others go on; in a damaged file each damaged region is reported and reading goes on after it
// (crawler/warc_reader.h). Fails only when the articles directory is not writable or another
// crawl holds the data directory.
// The WARC files `args` name: a directory stands for the .warc and .warc.gz files in it, in name
// order (the crawler names them by time); anything else is kept as given (a directory that
// cannot be listed too, so that replay_warcs reports it as unreadable). Fails naming a
// directory that holds no WARC file.
[[nodiscard]] Expected<std::vector<std::string>> warc_files(const std::vector<std::string>& args);

[[nodiscard]] Expected<ReplaySummary> replay_warcs(const std::string& data_dir,
                                                   const std::vector<std::string>& files,
                                                   const ReplayOptions& options = {});

}  // namespace gazette::crawler
