// search_bench: Gazette's query latency through its own library (gazette::query::Searcher), with
// the same timing loop as baseline_search: the first results page (10 hits), snippets on,
// default sort, no facets, one Searcher kept open for the whole run.
//
// Usage: search_bench INDEX QUERIES.txt [PASSES [THREADS]]   (PASSES defaults to 5)
// Prints one line of percentiles (see bench/query_timer.h); failures are queries Searcher
// rejected. With THREADS, it measures throughput instead, the in-process ceiling for the HTTP
// frontend (bench/http.sh): THREADS threads, each with its own Searcher (as the server's
// workers have), run PASSES passes over the queries between them, and it prints
// "threads T searches N seconds S qps X cpu_ms_per_search C" (CPU time is less disturbed by
// other load on the machine than the rate).
// Exit status: 0 done; 1 bad usage or unreadable query file; 2 index unusable.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "bench/query_timer.h"
#include "common/config.h"
#include "query/searcher.h"

namespace {

constexpr unsigned kDefaultPasses = 5;

gazette::query::SearchRequest first_page(const std::string& q) {
  gazette::query::SearchRequest request;
  request.query = q;
  request.per_page = 10;
  request.snippets = true;
  request.facets = false;
  return request;
}

// Throughput: the threads take queries from one shared counter (so they finish together),
// each on its own Searcher, after one warm-up pass.
int run_throughput(const std::string& index, const std::vector<std::string>& queries,
                   unsigned passes, unsigned threads) {
  std::vector<gazette::query::Searcher> searchers;
  for (unsigned t = 0; t < threads; ++t) {
    auto searcher = gazette::query::Searcher::open(index, gazette::QueryConfig{});
    if (!searcher) {
      std::fprintf(stderr, "search_bench: %s\n", searcher.error().to_string().c_str());
      return 2;
    }
    searchers.push_back(std::move(*searcher));
  }
  for (const auto& q : queries) (void)searchers[0].search(first_page(q));
  const std::size_t total = queries.size() * passes;
  std::atomic<std::size_t> next = 0;
  const std::clock_t cpu_start = std::clock();  // CPU time of the whole process, all threads
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::size_t i; (i = next++) < total;) {
        (void)searchers[t].search(first_page(queries[i % queries.size()]));
      }
    });
  }
  for (auto& thread : pool) thread.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  fmt::print("threads {} searches {} seconds {:.3f} qps {:.1f} cpu_ms_per_search {:.3f}\n", threads,
             total, seconds, static_cast<double>(total) / seconds,
             cpu_ms / static_cast<double>(total));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const auto passes = gazette::bench::passes_argument(argc, argv, 3, kDefaultPasses);
  const auto threads = gazette::bench::passes_argument(argc, argv, 4, 0);
  if (argc < 3 || argc > 5 || !passes || !threads) {
    std::fprintf(stderr, "usage: search_bench INDEX QUERIES.txt [PASSES [THREADS]]\n");
    return 1;
  }
  const auto queries = gazette::bench::read_queries(argv[2]);
  if (!queries) {
    std::fprintf(stderr, "search_bench: cannot read %s\n", argv[2]);
    return 1;
  }
  if (*threads > 0) return run_throughput(argv[1], *queries, *passes, *threads);
  auto searcher = gazette::query::Searcher::open(argv[1], gazette::QueryConfig{});
  if (!searcher) {
    std::fprintf(stderr, "search_bench: %s\n", searcher.error().to_string().c_str());
    return 2;
  }

  std::size_t index_errors = 0;
  const auto run = [&](const std::string& q) {
    const auto response = searcher->search(first_page(q));
    if (!response &&
        response.error().kind == gazette::query::SearchError::Kind::kIndexUnavailable) {
      ++index_errors;
    }
    return response.has_value();
  };
  const auto timing = gazette::bench::time_queries(*queries, *passes, run);
  fmt::print("{}\n", gazette::bench::format_timing(timing));
  if (index_errors != 0) {
    std::fprintf(stderr, "search_bench: %zu searches failed reading the index\n", index_errors);
    return 2;
  }
  return 0;
}
