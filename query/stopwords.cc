#include "query/stopwords.h"

#include <algorithm>
#include <array>

namespace gazette::query {
namespace {

// Function words of English: articles, pronouns, auxiliaries, prepositions, conjunctions and the
// question words people type when they paste a whole question. Sorted, for binary search.
// Not "us" nor "may": in news they are often the country and the month.
constexpr std::array<std::string_view, 126> kEnglish = {
    "a",      "about",   "above", "after",   "again", "all",   "also",  "am",      "an",
    "and",    "any",     "are",   "as",      "at",    "be",    "been",  "before",  "being",
    "below",  "between", "both",  "but",     "by",    "can",   "could", "did",     "do",
    "does",   "doing",   "down",  "during",  "each",  "few",   "for",   "from",    "further",
    "had",    "has",     "have",  "having",  "he",    "her",   "here",  "hers",    "him",
    "his",    "how",     "i",     "if",      "in",    "into",  "is",    "it",      "its",
    "itself", "just",    "me",    "might",   "more",  "most",  "must",  "my",      "no",
    "nor",    "not",     "now",   "of",      "off",   "on",    "once",  "only",    "or",
    "other",  "our",     "ours",  "out",     "over",  "own",   "same",  "shall",   "she",
    "should", "so",      "some",  "such",    "than",  "that",  "the",   "their",   "theirs",
    "them",   "then",    "there", "these",   "they",  "this",  "those", "through", "to",
    "too",    "under",   "until", "up",      "upon",  "very",  "was",   "we",      "were",
    "what",   "when",    "where", "whether", "which", "while", "who",   "whom",    "whose",
    "why",    "will",    "with",  "within",  "would", "you",   "your",  "yours",   "yourself",
};

}  // namespace

bool is_english_stopword(std::string_view word) {
  return std::binary_search(kEnglish.begin(), kEnglish.end(), word);
}

}  // namespace gazette::query
