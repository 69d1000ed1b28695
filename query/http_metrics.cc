#include "query/http_metrics.h"

#include <fmt/format.h>

namespace gazette::query {

void HttpMetrics::record(std::string_view route, int status, double seconds) {
  const std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
  Histogram& h = latency_[std::string(route)];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

std::string HttpMetrics::prometheus_text(std::int64_t index_documents) const {
  std::string out;
  const std::lock_guard lock(mutex_);
  out +=
      "# HELP gazette_http_requests_total HTTP requests answered, by route and status.\n"
      "# TYPE gazette_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += fmt::format("gazette_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first,
                       key.second, count);
  }
  out +=
      "# HELP gazette_http_request_duration_seconds Time to answer a request, by route.\n"
      "# TYPE gazette_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out +=
          fmt::format("gazette_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                      route, kBuckets[i], cumulative);
    }
    out +=
        fmt::format("gazette_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                    route, h.count);
    out +=
        fmt::format("gazette_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, h.sum);
    out += fmt::format("gazette_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                       h.count);
  }
  out +=
      "# HELP gazette_index_documents Documents in the index (-1: index unavailable).\n"
      "# TYPE gazette_index_documents gauge\n";
  out += fmt::format("gazette_index_documents {}\n", index_documents);
  return out;
}

}  // namespace gazette::query
