// search_bench: Gazette's query latency through its own library (gazette::query::Searcher), with
// the same timing loop as baseline_search: the first results page (10 hits), snippets on,
// default sort, no facets, one Searcher kept open for the whole run.
//
// Usage: search_bench INDEX QUERIES.txt [PASSES]   (PASSES defaults to 5)
// Prints one line of percentiles (see bench/query_timer.h); failures are queries Searcher
// rejected. Exit status: 0 done; 1 bad usage or unreadable query file; 2 index unusable.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "bench/query_timer.h"
#include "common/config.h"
#include "query/searcher.h"

namespace {

constexpr unsigned kDefaultPasses = 5;

}  // namespace

int main(int argc, char** argv) {
  const auto passes = gazette::bench::passes_argument(argc, argv, 3, kDefaultPasses);
  if (argc < 3 || argc > 4 || !passes) {
    std::fprintf(stderr, "usage: search_bench INDEX QUERIES.txt [PASSES]\n");
    return 1;
  }
  const auto queries = gazette::bench::read_queries(argv[2]);
  if (!queries) {
    std::fprintf(stderr, "search_bench: cannot read %s\n", argv[2]);
    return 1;
  }
  auto searcher = gazette::query::Searcher::open(argv[1], gazette::QueryConfig{});
  if (!searcher) {
    std::fprintf(stderr, "search_bench: %s\n", searcher.error().to_string().c_str());
    return 2;
  }

  gazette::query::SearchRequest request;
  request.per_page = 10;
  request.snippets = true;
  request.facets = false;
  std::size_t index_errors = 0;
  const auto run = [&](const std::string& q) {
    request.query = q;
    const auto response = searcher->search(request);
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
