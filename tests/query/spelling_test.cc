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

}  // namespace
}  // namespace gazette::query
