// The query syntax (query/query_builder.h through query/searcher.h), run against a small real
// index: samples/archive.jsonl imported once per process into the scratch directory. Input: the
// query text. Properties: a search either answers or rejects the query as the user's mistake
// (never "index unavailable"); an answer has at most one page of hits, ranks in order, and only
// valid UTF-8 strings; an error message is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "common/utf8.h"
#include "fuzz/fuzz_support.h"
#include "indexer/importer.h"
#include "query/searcher.h"

namespace {

using gazette::fuzz::require;
using gazette::fuzz::require_utf8;

gazette::query::Searcher& searcher() {
  static gazette::query::Searcher instance = [] {
    gazette::indexer::ImportOptions options;
    options.index_path = gazette::fuzz::scratch_dir() + "/index";
    options.config.threads = 1;
    options.config.shards = 1;
    const auto stats = gazette::indexer::import_files(
        {std::string(GAZETTE_SOURCE_DIR) + "/samples/archive.jsonl"}, options);
    require(stats && stats->rejected == 0, "the sample archive imports");
    auto opened = gazette::query::Searcher::open(options.index_path, gazette::QueryConfig{});
    require(opened.has_value(), "the sample index opens");
    return std::move(*opened);
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  (void)searcher();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gazette::query::SearchRequest request;
  request.query.assign(reinterpret_cast<const char*>(data), size);
  request.per_page = 5;
  request.facets = (size % 2) == 1;  // both paths, decided by the input so runs reproduce
  const auto response = searcher().search(request);
  if (!response) {
    require(response.error().kind == gazette::query::SearchError::Kind::kBadQuery,
            "a query is never reported as an unusable index");
    require_utf8(response.error().message, "the error message");
    return 0;
  }
  require(response->hits.size() <= request.per_page, "at most one page of hits");
  unsigned rank = 0;
  for (const auto& hit : response->hits) {
    require(hit.rank > rank, "ranks increase");
    rank = hit.rank;
    for (const auto* s : {&hit.url, &hit.title, &hit.site, &hit.published, &hit.snippet_html}) {
      require_utf8(*s, "a hit field");
    }
  }
  require(response->total >= response->hits.size(), "the total counts the hits shown");
  require_utf8(response->suggestion, "the suggestion");
  for (const auto& facet : response->site_facets) require_utf8(facet.value, "a site facet");
  return 0;
}
