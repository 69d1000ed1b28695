// Stemmers that remember. Xapian's Snowball stemmers take about 240 ns a word, and a results
// page's snippets stem every word of its ten articles: a tenth of a search's time. The words of
// news text recur, so a lookup answers most of them; a search is about 8% faster
// (search_bench, 200,000 articles).
// Not thread-safe: one Stemmers per Searcher.
#pragma once

#include <map>
#include <string>

#include <xapian.h>

namespace gazette::query {

class Stemmers {
 public:
  // The stemmer for `language` (a name or code Xapian knows, such as "en" or "german"; "" means
  // English), or the English one for a language Xapian does not know. Copies share one memory
  // of the words seen, and keep it alive.
  [[nodiscard]] Xapian::Stem get(const std::string& language);

 private:
  // Keyed by the names Xapian accepts, so the number of entries is bounded whatever is asked.
  std::map<std::string, Xapian::Stem> by_language_;
};

}  // namespace gazette::query
