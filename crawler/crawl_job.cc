#include "crawler/crawl_job.h"

#include <spdlog/spdlog.h>

#include "crawler/finish_article.h"
#include "crawler/link_admission.h"
#include "crawler/page_analysis.h"
#include "crawler/url_evidence.h"

namespace gazette::crawler {
namespace {

// The WARC-Truncated value (WARC 1.1, section 5.13) for a response the transfer error cut short,
// so replay sees that the crawl did not take the body as a page; "" for a whole response.
const char* warc_truncated(FetchError error) {
  switch (error) {
    case FetchError::kNone:
      return "";
    case FetchError::kTimeout:
      return "time";
    case FetchError::kTooLarge:
      return "length";
    case FetchError::kConnect:
    case FetchError::kNetwork:
      return "disconnect";
    case FetchError::kContentType:
    case FetchError::kBadResponse:
      break;
  }
  return "unspecified";
}

}  // namespace

void process_job(CrawlJob& job, WarcWriter& warc, ArticleSink& sink, const CrawlScope& scope,
                 std::size_t max_inflated) {
  FetchResult& f = job.fetch;
  const bool page_200 = is_page_response(f.url, f.http_status, f.error == FetchError::kNone);
  const UrlEvidence evidence = evidence_of(job.row);
  if (!f.request_head.empty()) {
    WarcExchange x;
    x.target_uri = f.url;
    x.date_unix_seconds = f.fetched_at_unix_ms / 1000;
    x.ip_address = f.ip;
    x.request_head = f.request_head;
    x.response_head = f.response_head;
    x.body = f.body;
    x.truncated = warc_truncated(f.error);
    if (page_200) x.metadata = evidence_to_warc_fields(evidence);
    if (auto ok = warc.write_exchange(x); !ok) {
      job.failure = ok.error().to_string();
      return;
    }
  }
  if (!page_200) return;
  const DateTime fetched{f.fetched_at_unix_ms / 1000, 0};
  PageAnalysis analysis = analyze_page(f.url, f.content_type, f.body, fetched, max_inflated);
  for (const auto& w : analysis.warnings) spdlog::debug("{}", w);
  PageWork& page = job.page;
  page.error = std::move(analysis.error);
  if (analysis.article) {
    Article& a = *analysis.article;
    const PreviousVersion previous{job.row.content_hash, job.row.revision};
    if (!finish_article(a, evidence, previous, fetched)) {
      page.article_unchanged = true;  // same text as the version written before: nothing to do
    } else {
      if (auto ok = sink.write(a); !ok) {
        job.failure = ok.error().to_string();
        return;
      }
      page.article_written = true;
      page.content_hash = a.content_hash;
      page.revision = a.revision;
    }
  }
  page.is_discovery = analysis.is_discovery;
  page.canonical_url = std::move(analysis.canonical_url);
  page.links = admit_links(analysis, job.row, scope);
  f.body.clear();
  f.body.shrink_to_fit();
}

}  // namespace gazette::crawler
