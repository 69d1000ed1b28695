#include "crawler/crawl_report.h"

#include <iterator>

#include <fmt/format.h>

namespace gazette::crawler {

namespace {

void append_row(std::string& out, const std::string& name, const HostCounts& c) {
  fmt::format_to(std::back_inserter(out), "| {} | {} | {} | {} | {} | {} | {} |\n", name, c.fetched,
                 c.articles, c.not_modified, c.retried, c.errors, c.disallowed);
}

}  // namespace

std::string format_crawl_line(const CrawlSummary& s) {
  const double pages_per_second =
      s.seconds > 0 ? static_cast<double>(s.total.fetched) / s.seconds : 0.0;
  return fmt::format(
      "crawl {} in {:.1f} s: {} due, {} fetched ({:.1f} pages/s), {} articles ({} revised), "
      "{} unchanged, {} not modified, {} failed, {} new URLs, {} queued\n",
      s.finished ? "finished" : "stopped", s.seconds, s.revisits_due, s.total.fetched,
      pages_per_second, s.total.articles, s.total.revised, s.total.unchanged, s.total.not_modified,
      s.total.errors, s.urls_added, s.queued_left);
}

std::string format_host_table(const CrawlSummary& s) {
  std::string out =
      "\n| host | fetched | articles | not modified | retried | failed | disallowed |\n"
      "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& [name, counts] : s.hosts) append_row(out, name, counts);
  append_row(out, "total", s.total);
  return out;
}

std::string format_replay_report(const ReplaySummary& s) {
  std::string out =
      fmt::format("replay: {} records, {} pages, {} articles, {} errors in {:.1f} s\n", s.records,
                  s.pages, s.articles, s.errors.size(), s.seconds);
  if (s.records == 0) return out;
  out += "\n| WARC record type | records |\n|---|---:|\n";
  for (const auto& [type, n] : s.record_types) out += fmt::format("| {} | {} |\n", type, n);
  out += "\n| response, resource and revisit records | records |\n|---|---:|\n";
  out += fmt::format("| article | {} |\n", s.articles);

  for (const auto& [reason, n] : s.skipped) out += fmt::format("| {} | {} |\n", reason, n);
  if (s.revisits_resolved > 0) {
    out += fmt::format(
        "\n{} revisit records resolved to the capture they refer to (counted above by what "
        "became of them)\n",
        s.revisits_resolved);
  }
  if (s.skipped_records > 0) {
    out += fmt::format(
        "\n{} damaged records skipped ({} bytes); the errors name each file and "
        "offset\n",
        s.skipped_records, s.skipped_bytes);
  }
  return out;
}

}  // namespace gazette::crawler
