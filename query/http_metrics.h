// Request counters and latency histograms of the HTTP frontend, written out in the Prometheus
// text format (version 0.0.4). Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace gazette::query {

class HttpMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (Prometheus adds +Inf).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                                      0.05,   0.1,   0.2,   0.5,   1.0,  5.0};

  // Counts one answered request. `route` must come from a small fixed set (the server's routes
  // and "other"), since every value becomes a time series.
  void record(std::string_view route, int status, double seconds);

  // The metrics page, with the index's document count (-1: the index is unavailable).
  [[nodiscard]] std::string prometheus_text(std::int64_t index_documents) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative; summed on output
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // guarded by mutex_
  std::map<std::string, Histogram> latency_;                       // guarded by mutex_
};

}  // namespace gazette::query
