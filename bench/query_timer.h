// The timing loop shared by the search benchmarks: read a query file, warm up, time each query
// over several passes, report latency percentiles. Depends on nothing but the standard library,
// so the baseline programs stay free of Gazette code. Not thread-safe (single-threaded by design).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gazette::bench {

// Reads one query per line, skipping blank lines. nullopt when the file cannot be read.
[[nodiscard]] std::optional<std::vector<std::string>> read_queries(const std::string& path);

struct Timing {
  std::size_t queries = 0;   // queries in the file
  std::size_t failures = 0;  // queries whose warm-up run failed; they are not timed
  unsigned passes = 0;       // timed passes over the successful queries
  double p50_ms = 0;
  double p95_ms = 0;
  double p99_ms = 0;
};

// Runs `run_one` once on every query (warm-up: the OS page cache and Xapian's caches fill, and
// failures are counted), then `passes` more times on the queries that succeeded, timing each call
// with steady_clock. `run_one` returns false when a query fails.
[[nodiscard]] Timing time_queries(const std::vector<std::string>& queries, unsigned passes,
                                  const std::function<bool(const std::string&)>& run_one);

// One line, the same for every program, for people and for bench/search.sh:
// "queries 1000 passes 5 failures 0 p50 0.812 ms p95 2.103 ms p99 3.004 ms".
[[nodiscard]] std::string format_timing(const Timing& timing);

// The passes to run: argv[index] when present (a positive integer), else `fallback`.
// nullopt when the argument is not a positive integer.
[[nodiscard]] std::optional<unsigned> passes_argument(int argc, char** argv, int index,
                                                      unsigned fallback);

}  // namespace gazette::bench
