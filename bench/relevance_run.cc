// relevance_run: one TREC run of a test collection through gazette::query::Searcher, for
// bench/relevance.py: every query of QUERIES.tsv (id TAB text), top 100, default sort, printed
// as "qid Q0 docid rank score gazette" (docid: the last path segment of the article's URL).
// NAME=VALUE arguments change a field of the ranking (query/ranking.h) for this run, so the
// benchmark can compare settings without rebuilding: k1, k2, k3, b, min_normlen, max_all_words,
// feedback_docs, feedback_terms, feedback_weight, feedback_min_share.
//
// Usage: relevance_run INDEX QUERIES.tsv [NAME=VALUE ...]
// Exit status: 0 done; 1 bad usage or unreadable query file; 2 index unusable.
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include <fmt/format.h>

#include "common/config.h"
#include "query/ranking.h"
#include "query/searcher.h"

namespace {

using gazette::query::Ranking;

// Sets one field of `ranking` from "name=value"; false when the name or value is not one.
bool set_field(Ranking& ranking, const std::string& setting) {
  const std::size_t eq = setting.find('=');
  if (eq == std::string::npos) return false;
  const std::string name = setting.substr(0, eq);
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(setting.substr(eq + 1), &used);
    if (used != setting.size() - eq - 1) return false;
  } catch (const std::exception&) {
    return false;
  }
  const std::map<std::string, double*> reals = {
      {"k1", &ranking.k1},
      {"k2", &ranking.k2},
      {"k3", &ranking.k3},
      {"b", &ranking.b},
      {"min_normlen", &ranking.min_normlen},
      {"feedback_weight", &ranking.feedback_weight},
      {"feedback_min_share", &ranking.feedback_min_share}};
  if (const auto it = reals.find(name); it != reals.end()) {
    *it->second = value;
    return true;
  }
  if (value < 0) return false;
  if (name == "max_all_words") {
    ranking.max_all_words = static_cast<std::size_t>(value);
  } else if (name == "feedback_docs") {
    ranking.feedback_docs = static_cast<unsigned>(value);
  } else if (name == "feedback_terms") {
    ranking.feedback_terms = static_cast<unsigned>(value);
  } else {
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: relevance_run INDEX QUERIES.tsv [NAME=VALUE ...]\n");
    return 1;
  }
  Ranking ranking;
  for (int i = 3; i < argc; ++i) {
    if (!set_field(ranking, argv[i])) {
      std::fprintf(stderr, "relevance_run: not a ranking setting: %s\n", argv[i]);
      return 1;
    }
  }
  std::ifstream queries(argv[2]);
  if (!queries) {
    std::fprintf(stderr, "relevance_run: cannot read %s\n", argv[2]);
    return 1;
  }
  auto searcher = gazette::query::Searcher::open(argv[1], gazette::QueryConfig{}, ranking);
  if (!searcher) {
    std::fprintf(stderr, "relevance_run: %s\n", searcher.error().to_string().c_str());
    return 2;
  }
  std::string line;
  std::string out;
  while (std::getline(queries, line)) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string qid = line.substr(0, tab);
    gazette::query::SearchRequest request;
    request.query = line.substr(tab + 1);
    request.per_page = 100;
    request.snippets = false;
    const auto response = searcher->search(request);
    if (!response) {
      std::fprintf(stderr, "relevance_run: query %s: %s\n", qid.c_str(),
                   response.error().message.c_str());
      continue;
    }
    for (const auto& hit : response->hits) {
      const std::string docid = hit.url.substr(hit.url.rfind('/') + 1);
      out += fmt::format("{} Q0 {} {} {:.6f} gazette\n", qid, docid, hit.rank, hit.score);
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
