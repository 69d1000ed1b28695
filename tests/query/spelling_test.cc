#include "query/spelling.h"

#include <gtest/gtest.h>

#include "tests/support/index_fixture.h"

namespace gazette::query {
namespace {

TEST(EditDistance, Table) {
  struct Case {
    const char* a;
    const char* b;
    std::size_t expected;  // with limit 2; 3 means "more than 2"
  } cases[] = {
      {"harbour", "harbour", 0},
      {"harbour", "harbuor", 1},
      {"harbour", "harbor", 1},
      {"harbour", "harbours", 1},
      {"harbour", "barbour", 1},
      {"harbour", "hrabuor", 2},
      {"harbour", "hbr", 3},
      {"", "ab", 2},
      {"abc", "", 3},
      {"ca", "ac", 1},
      {"kitten", "sitting", 3},
  };
  for (const auto& c : cases)
    EXPECT_EQ(edit_distance(c.a, c.b, 2), c.expected) << c.a << " " << c.b;
  // Words longer than the rows kept on the stack.
  const std::string long_word(200, 'q');
  EXPECT_EQ(edit_distance(long_word, long_word + "zz", 2), 2u);
  EXPECT_EQ(edit_distance(long_word + "ab", long_word + "ba", 2), 1u);
  EXPECT_EQ(edit_distance(long_word, "xyz" + long_word.substr(3), 2), 3u);  // over the limit
}

TEST(ClosestIndexedWord, PrefersFewerEditsThenMoreDocuments) {
  testing::TempDir dir;
  const auto index = testing::build_index(
      dir,
      {testing::make_article("https://a.example/1", "Harbour works", "harbour harbour",
                             "2020-01-01"),
       testing::make_article("https://a.example/2", "Harbour news", "the harbour again",
                             "2020-01-02"),
       testing::make_article("https://a.example/3", "Harbor", "harbor in american", "2020-01-03"),
       testing::make_article("https://a.example/4", "Elections", "parliament vote", "2020-01-04")});
  const Xapian::Database db(index);
  EXPECT_EQ(closest_indexed_word(db, "harbuor"), "harbour");  // one swap
  EXPECT_EQ(closest_indexed_word(db, "harbur"), "harbour");   // harbour (2 docs) over harbor (1)
  EXPECT_EQ(closest_indexed_word(db, "parlaiment"), "parliament");  // a swap: one edit
  EXPECT_EQ(closest_indexed_word(db, "elecshuns"), "");             // too far
  EXPECT_EQ(closest_indexed_word(db, "parlament"), "parliament");
  EXPECT_EQ(closest_indexed_word(db, "pralimant"), "");  // three edits
  // The remote way (the single edits in one query's statistics, a two-letter prefix scan) gives
  // the same answers, first-letter typos included...
  for (const char* word : {"harbuor", "harbur", "parlaiment", "elecshuns", "parlament", "pralimant",
                           "xarbour", "aprliament"}) {
    EXPECT_EQ(closest_indexed_word(db, word, true), closest_indexed_word(db, word)) << word;
  }
  EXPECT_EQ(closest_indexed_word(db, "xarbour", true), "harbour");
  // ...except for a word two edits away with one of them in its first two letters.
  EXPECT_EQ(closest_indexed_word(db, "hxrbur"), "harbour");
  EXPECT_EQ(closest_indexed_word(db, "hxrbur", true), "");
}

// A long word once cost a gigabyte: every single edit of it was built and looked up. No indexed
// word is longer than 64 bytes, so a word much longer than that costs nothing at all.
TEST(ClosestIndexedWord, AWordLongerThanAnyIndexedWordCostsNothing) {
  testing::TempDir dir;
  const auto index = testing::build_index(
      dir, {testing::make_article("https://a.example/1", "Harbour", "harbour", "2020-01-01")});
  const Xapian::Database db(index);
  SpellingBudget budget;
  const SpellingBudget full = budget;
  for (const std::size_t length : {std::size_t{100}, std::size_t{4000}}) {
    EXPECT_EQ(closest_indexed_word(db, std::string(length, 'h'), false, budget), "") << length;
    EXPECT_EQ(budget.lookups, full.lookups) << length;
    EXPECT_EQ(budget.scanned_terms, full.scanned_terms) << length;
  }
  // A normal misspelling still gets its suggestion, and pays for it.
  EXPECT_EQ(closest_indexed_word(db, "harbuor", false, budget), "harbour");
  EXPECT_LT(budget.lookups, full.lookups);
}

// The words of one query share one budget: once it is spent, the others get no suggestion.
TEST(ClosestIndexedWord, TheWordsOfAQueryShareOneBudget) {
  testing::TempDir dir;
  const auto index =
      testing::build_index(dir, {testing::make_article("https://a.example/1", "Harbour parliament",
                                                       "harbour parliament", "2020-01-01")});
  const Xapian::Database db(index);
  SpellingBudget budget{.lookups = 500, .scanned_terms = 0};
  EXPECT_EQ(closest_indexed_word(db, "harbuor", false, budget), "harbour");  // ~400 lookups
  EXPECT_LT(budget.lookups, 500u);
  EXPECT_EQ(closest_indexed_word(db, "parlaiment", false, budget), "");  // cannot afford it
  EXPECT_EQ(closest_indexed_word(db, "parlaiment"), "parliament");       // a budget of its own
}

}  // namespace
}  // namespace gazette::query
