// baseline_search: the latency of a minimal Xapian 1.4 searcher, for comparison with Gazette's.
// Per query: QueryParser (English stemmer, STEM_SOME, default AND, FLAG_DEFAULT|FLAG_PHRASE),
// top 10, and for each hit Xapian's cheap snippet (flags 0: no background model, not exhaustive)
// of the stored text. On a Gazette index the document data is JSON: its "text" field is parsed
// out first, so the snippet costs the same work as Gazette's.
//
// Usage: baseline_search DBPATH QUERIES.txt [PASSES]   (PASSES defaults to 5)
// Prints one line of percentiles (see bench/query_timer.h). Exit status: 0 done; 1 bad usage or
// unreadable query file; 2 Xapian or other runtime error.
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "bench/query_timer.h"

namespace {

constexpr unsigned kDefaultPasses = 5;
constexpr Xapian::doccount kPageSize = 10;
constexpr std::size_t kSnippetChars = 240;

// The text to snippet: the data itself (baseline index) or its "text" field (Gazette's JSON).
std::string snippet_source(std::string data) {
  if (data.empty() || data.front() != '{') return data;
  const auto json = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return data;
  const auto it = json.find("text");
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class Searcher {
 public:
  explicit Searcher(const std::string& path) : db_(path), stemmer_("english") {
    parser_.set_database(db_);
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);
  }

  // One results page with snippets. False for a query the parser rejects.
  bool run(const std::string& text) {
    Xapian::Query query;
    try {
      query = parser_.parse_query(
          text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE);
    } catch (const Xapian::QueryParserError&) {
      return false;
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, kPageSize);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string source = snippet_source(it.get_document().get_data());
      snippet_bytes_ += mset.snippet(source, kSnippetChars, stemmer_, 0).size();
    }
    return true;
  }

  // Total snippet bytes produced: printed so the snippet work is visibly used.
  [[nodiscard]] std::size_t snippet_bytes() const { return snippet_bytes_; }

 private:
  Xapian::Database db_;
  Xapian::Stem stemmer_;
  Xapian::QueryParser parser_;
  std::size_t snippet_bytes_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const auto passes = gazette::bench::passes_argument(argc, argv, 3, kDefaultPasses);
  if (argc < 3 || argc > 4 || !passes) {
    std::fprintf(stderr, "usage: baseline_search DBPATH QUERIES.txt [PASSES]\n");
    return 1;
  }
  const auto queries = gazette::bench::read_queries(argv[2]);
  if (!queries) {
    std::fprintf(stderr, "baseline_search: cannot read %s\n", argv[2]);
    return 1;
  }
  try {
    Searcher searcher(argv[1]);
    const auto timing = gazette::bench::time_queries(
        *queries, *passes, [&searcher](const std::string& q) { return searcher.run(q); });
    fmt::print("{}\n", gazette::bench::format_timing(timing));
    std::fprintf(stderr, "baseline_search: %zu snippet bytes\n", searcher.snippet_bytes());
    return 0;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "baseline_search: %s: %s\n", argv[1], e.get_description().c_str());
    return 2;
  } catch (const std::exception& e) {  // out of memory, an output error from fmt
    std::fprintf(stderr, "%s: %s\n", "baseline_search", e.what());
    return 2;
  }
}
