#include "query/spelling.h"

#include <algorithm>
#include <vector>

namespace gazette::query {
namespace {

// Bounds the vocabulary scan for words that no single edit repairs.
constexpr std::size_t kMaxScannedTerms = 200000;

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

// Every string one edit away from `word`, with ASCII letters for inserts and replacements.
std::vector<std::string> single_edits(const std::string& word) {
  std::vector<std::string> out;
  const std::size_t n = word.size();
  out.reserve(n * 54 + 26);
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

// The first character of `word` (one UTF-8 sequence).
std::string first_character(const std::string& word) {
  std::size_t len = 1;
  while (len < word.size() && (static_cast<unsigned char>(word[len]) & 0xC0) == 0x80) ++len;
  return word.substr(0, len);
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows of the dynamic programme: two back for transpositions.
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
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
  Candidate best;
  if (!remote) {
    for (const auto& edit : single_edits(word)) {
      if (edit != word) best.offer(edit, 1, db.get_termfreq(edit));
    }
    if (!best.word.empty()) return best.word;
  }
  // Two edits: scan the words that share the first character (a typo there is rarer).
  std::size_t scanned = 0;
  const std::string first = first_character(word);
  for (auto it = db.allterms_begin(first); it != db.allterms_end(first); ++it) {
    if (++scanned > kMaxScannedTerms) break;
    const std::string term = *it;
    const std::size_t d = edit_distance(word, term, 2);
    if (d >= 1 && d <= 2) best.offer(term, d, it.get_termfreq());
  }
  return best.word;
}

}  // namespace gazette::query
