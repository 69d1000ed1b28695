#include "query/spelling.h"

#include <algorithm>
#include <array>
#include <span>
#include <vector>

namespace gazette::query {
namespace {

constexpr std::string_view kLetters = "abcdefghijklmnopqrstuvwxyz";

struct Candidate {
  std::string word;
  std::size_t distance = 3;
  Xapian::doccount freq = 0;

  void offer(const std::string& w, std::size_t d, Xapian::doccount f) {
    if (f == 0) return;
    if (d < distance || (d == distance && f > freq)) *this = Candidate{w, d, f};
  }
};

// At most how many strings single_edits makes for a word of `n` bytes.
std::size_t single_edit_count(std::size_t n) {
  return n + (n > 0 ? n - 1 : 0) + (2 * n + 1) * kLetters.size();
}

// Every string one edit away from `word`, with ASCII letters for inserts and replacements.
std::vector<std::string> single_edits(const std::string& word) {
  std::vector<std::string> out;
  const std::size_t n = word.size();
  out.reserve(single_edit_count(n));
  for (std::size_t i = 0; i < n; ++i) out.push_back(word.substr(0, i) + word.substr(i + 1));
  for (std::size_t i = 0; i + 1 < n; ++i) {
    std::string s = word;
    std::swap(s[i], s[i + 1]);
    out.push_back(std::move(s));
  }
  for (std::size_t i = 0; i <= n; ++i) {
    for (const char c : kLetters) {
      if (i < n && word[i] != c) {
        std::string s = word;
        s[i] = c;
        out.push_back(std::move(s));
      }
      out.push_back(word.substr(0, i) + c + word.substr(i));
    }
  }
  return out;
}

// The first `count` characters of `word` (UTF-8 sequences).
std::string leading_characters(const std::string& word, std::size_t count) {
  std::size_t len = 0;
  for (std::size_t seen = 0; seen < count && len < word.size(); ++seen) {
    ++len;
    while (len < word.size() && (static_cast<unsigned char>(word[len]) & 0xC0) == 0x80) ++len;
  }
  return word.substr(0, len);
}

// Offers every term of `terms` found in `db`, at `distance`. Locally one lookup each; over remote
// shards, where a lookup is a round trip per shard, all their frequencies come in one exchange per
// shard: the statistics of a query over all of them, which Xapian gathers before any matching
// (and no results are asked for).
void offer_known(const Xapian::Database& db, const std::vector<std::string>& terms,
                 std::size_t distance, bool remote, Candidate& best) {
  if (!remote) {
    for (const auto& term : terms) best.offer(term, distance, db.get_termfreq(term));
    return;
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  const Xapian::MSet statistics = enquire.get_mset(0, 0);
  for (const auto& term : terms) best.offer(term, distance, statistics.get_termfreq(term));
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows of the dynamic programme: two back for transpositions. Called for every word of
  // the vocabulary a suggestion scans, so rows for words of usual length live on the stack.
  constexpr std::size_t kStackRow = 80;
  std::array<std::size_t, 3 * kStackRow> stack_rows;  // NOLINT: each cell is written before read
  std::vector<std::size_t> heap_rows;
  std::span<std::size_t> rows(stack_rows);
  if (m + 1 > kStackRow) {
    heap_rows.resize(3 * (m + 1));
    rows = heap_rows;
  }
  std::span<std::size_t> prev2 = rows.subspan(0, m + 1), prev = rows.subspan(m + 1, m + 1),
                         cur = rows.subspan(2 * (m + 1), m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

std::string closest_indexed_word(const Xapian::Database& db, const std::string& word, bool remote) {
  SpellingBudget budget;
  return closest_indexed_word(db, word, remote, budget);
}

std::string closest_indexed_word(const Xapian::Database& db, const std::string& word, bool remote,
                                 SpellingBudget& budget) {
  if (word.size() > kMaxSpelledWordBytes) return {};
  Candidate best;
  if (const std::size_t count = single_edit_count(word.size()); count <= budget.lookups) {
    budget.lookups -= count;
    std::vector<std::string> edits = single_edits(word);
    std::erase(edits, word);
    offer_known(db, edits, 1, remote, best);
    if (!best.word.empty()) return best.word;
  }
  // Two edits: scan the words that share the first character (a typo there is rarer). A remote
  // shard sends every word with the prefix at once, so there the prefix is two characters.
  const std::string prefix = leading_characters(word, remote ? 2 : 1);
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    if (budget.scanned_terms == 0) break;
    --budget.scanned_terms;
    const std::string term = *it;
    const std::size_t d = edit_distance(word, term, 2);
    if (d >= 1 && d <= 2) best.offer(term, d, it.get_termfreq());
  }
  return best.word;
}

}  // namespace gazette::query
