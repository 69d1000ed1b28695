// A fetched response on its way from the crawl thread to a worker and back, and the worker's
// part of the crawl: archive the exchange, and for a 200 page analyse it, finish and write its
// article, and admit its links.
//
// Thread-safety: a job belongs to one thread at a time; process_job() may run on many threads at
// once (the WARC writer and the article sink take concurrent writes; the scope is immutable).
#pragma once

#include <cstddef>
#include <string>

#include "crawler/article_sink.h"
#include "crawler/fetcher.h"
#include "crawler/frontier.h"
#include "crawler/page_outcome.h"
#include "crawler/scope.h"
#include "crawler/warc_writer.h"

namespace gazette::crawler {

struct CrawlJob {
  FetchResult fetch;
  UrlRow row;  // empty for robots.txt
  bool is_robots = false;
  std::string host;
  PageWork page;        // filled by process_job() for a page
  std::string failure;  // archive or articles could not be written: the crawl stops
};

// Archives the exchange (a response cut short by a transfer error marked WARC-Truncated; for a
// page, is_page_response(), with the URL's evidence as a metadata record); for a page then
// analyses it (a gzip body inflated to at most `max_inflated` bytes), finishes its article
// (crawler/finish_article.h) and writes it unless the text is unchanged, and admits its links
// (crawler/link_admission.h), all into `job.page`. The body is freed afterwards. Sets
// `job.failure` when the archive or the articles cannot be written.
void process_job(CrawlJob& job, WarcWriter& warc, ArticleSink& sink, const CrawlScope& scope,
                 std::size_t max_inflated);

}  // namespace gazette::crawler
