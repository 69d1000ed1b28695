#include "crawler/crawl_report.h"

#include <gtest/gtest.h>

namespace gazette::crawler {
namespace {

HostCounts counts(std::uint64_t fetched, std::uint64_t articles, std::uint64_t not_modified,
                  std::uint64_t retried, std::uint64_t errors, std::uint64_t disallowed) {
  HostCounts c;
  c.fetched = fetched;
  c.articles = articles;
  c.not_modified = not_modified;
  c.retried = retried;
  c.errors = errors;
  c.disallowed = disallowed;
  return c;
}

TEST(CrawlReport, SummaryLine) {
  CrawlSummary stopped;
  stopped.total = counts(30, 9, 5, 0, 1, 0);
  stopped.total.revised = 2;
  stopped.total.unchanged = 4;
  stopped.revisits_due = 7;
  stopped.urls_added = 40;
  stopped.queued_left = 12;
  stopped.seconds = 2.0;
  CrawlSummary finished;
  finished.finished = true;
  const struct {
    const CrawlSummary* summary;
    const char* line;
  } cases[] = {
      {&stopped,
       "crawl stopped in 2.0 s: 7 due, 30 fetched (15.0 pages/s), 9 articles (2 revised), "
       "4 unchanged, 5 not modified, 1 failed, 40 new URLs, 12 queued\n"},
      {&finished,  // no time elapsed: no division by zero
       "crawl finished in 0.0 s: 0 due, 0 fetched (0.0 pages/s), 0 articles (0 revised), "
       "0 unchanged, 0 not modified, 0 failed, 0 new URLs, 0 queued\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(format_crawl_line(*c.summary), c.line);
}

TEST(CrawlReport, HostTableListsHostsInOrderThenTotal) {
  CrawlSummary s;
  s.hosts["b.localhost"] = counts(3, 1, 0, 2, 1, 0);
  s.hosts["a.localhost"] = counts(5, 4, 1, 0, 0, 6);
  s.total = counts(8, 5, 1, 2, 1, 6);
  EXPECT_EQ(format_host_table(s),
            "\n"
            "| host | fetched | articles | not modified | retried | failed | disallowed |\n"
            "|---|---:|---:|---:|---:|---:|---:|\n"
            "| a.localhost | 5 | 4 | 1 | 0 | 0 | 6 |\n"
            "| b.localhost | 3 | 1 | 0 | 2 | 1 | 0 |\n"
            "| total | 8 | 5 | 1 | 2 | 1 | 6 |\n");
}

TEST(CrawlReport, ReplayReport) {
  ReplaySummary s;
  s.records = 277;
  s.record_types = {{"request", 92}, {"response", 92}, {"warcinfo", 1}, {"metadata", 92}};
  s.pages = 60;
  s.articles = 54;
  s.skipped = {{"not HTML", 30}, {"not an article", 6}, {"robots.txt", 2}};
  s.revisits_resolved = 3;
  s.seconds = 2.25;
  s.errors.push_back(Error{});
  EXPECT_EQ(format_replay_report(s),
            "replay: 277 records, 60 pages, 54 articles, 1 errors in 2.2 s\n"
            "\n| WARC record type | records |\n|---|---:|\n"
            "| metadata | 92 |\n| request | 92 |\n| response | 92 |\n| warcinfo | 1 |\n"
            "\n| response, resource and revisit records | records |\n|---|---:|\n"
            "| article | 54 |\n| not HTML | 30 |\n| not an article | 6 |\n| robots.txt | 2 |\n"
            "\n3 revisit records resolved to the capture they refer to (counted above by what "
            "became of them)\n");
  EXPECT_EQ(format_replay_report(ReplaySummary{}),
            "replay: 0 records, 0 pages, 0 articles, 0 errors in 0.0 s\n");
}

}  // namespace
}  // namespace gazette::crawler
