#include "bench/query_timer.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

namespace gazette::bench {
namespace {

// Nearest-rank percentile of sorted samples: the smallest sample with at least p% at or below it.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

std::optional<std::vector<std::string>> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::vector<std::string> queries;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) queries.push_back(line);
  }
  if (in.bad()) return std::nullopt;
  return queries;
}

Timing time_queries(const std::vector<std::string>& queries, unsigned passes,
                    const std::function<bool(const std::string&)>& run_one) {
  Timing timing;
  timing.queries = queries.size();
  timing.passes = passes;

  std::vector<const std::string*> good;
  good.reserve(queries.size());
  for (const auto& q : queries) {
    if (run_one(q)) {
      good.push_back(&q);
    } else {
      ++timing.failures;
    }
  }

  std::vector<double> samples_ms;
  samples_ms.reserve(good.size() * passes);
  for (unsigned pass = 0; pass < passes; ++pass) {
    for (const std::string* q : good) {
      const auto start = std::chrono::steady_clock::now();
      run_one(*q);
      const auto stop = std::chrono::steady_clock::now();
      samples_ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }
  }
  std::sort(samples_ms.begin(), samples_ms.end());
  timing.p50_ms = percentile(samples_ms, 50);
  timing.p95_ms = percentile(samples_ms, 95);
  timing.p99_ms = percentile(samples_ms, 99);
  return timing;
}

std::string format_timing(const Timing& t) {
  return fmt::format("queries {} passes {} failures {} p50 {:.3f} ms p95 {:.3f} ms p99 {:.3f} ms",
                     t.queries, t.passes, t.failures, t.p50_ms, t.p95_ms, t.p99_ms);
}

std::optional<unsigned> passes_argument(int argc, char** argv, int index, unsigned fallback) {
  if (index >= argc) return fallback;
  const char* text = argv[index];
  const char* end = text + std::strlen(text);
  unsigned value = 0;
  const auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end || value == 0) return std::nullopt;
  return value;
}

}  // namespace gazette::bench
