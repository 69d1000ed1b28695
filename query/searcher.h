// Runs searches against a Gazette index: ranking (BM25, date, or BM25 blended with recency),
// filters, near-duplicate collapsing, facets, snippets and "did you mean".
// Not thread-safe: one Searcher per thread (each holds its own Xapian::Database), as Xapian
// requires. The database is opened read-only.
#pragma once

#include <string>

#include <xapian.h>

#include "common/config.h"
#include "common/error.h"
#include "query/index_reader.h"
#include "query/query_builder.h"
#include "query/ranking.h"
#include "query/search_types.h"

namespace gazette::query {

class Searcher {
 public:
  // Opens the index read-only. Fails naming the path when there is no usable index there.
  // `ranking` is for the relevance benchmark; everything else uses the default.
  [[nodiscard]] static Expected<Searcher> open(const std::string& index_path,
                                               const QueryConfig& config,
                                               const Ranking& ranking = {});

  // Runs one search. A query a person can fix gives SearchError::kBadQuery; an index that cannot
  // be read gives kIndexUnavailable. A concurrent writer's commit is handled by reopening and
  // retrying, never reported.
  [[nodiscard]] tl::expected<SearchResponse, SearchError> search(const SearchRequest& request);

  // Moves to the latest committed revision; cheap when nothing changed. Returns whether the
  // index had changed.
  bool refresh();

  [[nodiscard]] std::uint64_t document_count() const { return reader_.database().get_doccount(); }
  // The index's last update time (ISO 8601), or empty when unknown.
  [[nodiscard]] std::string last_update() const;

 private:
  Searcher(std::string path, IndexReader reader, const QueryConfig& config, const Ranking& ranking);
  SearchResponse run(const SearchRequest& request, const BuiltQuery& built);
  std::string suggest(const std::string& query, const BuiltQuery& built,
                      const Xapian::MSet& mset) const;

  std::string path_;
  IndexReader reader_;
  QueryConfig config_;
  Ranking ranking_;
  Stemmers stemmers_;
};

}  // namespace gazette::query
