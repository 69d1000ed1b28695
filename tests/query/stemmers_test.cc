#include "query/stemmers.h"

#include <string>

#include <gtest/gtest.h>

namespace gazette::query {
namespace {

// Words that exercise the table: real stems, then far more distinct words than it has slots, so
// words take each other's places, then the first ones again.
std::vector<std::string> words_to_stem() {
  std::vector<std::string> words = {"running", "ran", "shares", "shared",   "generously",
                                    "news",    "",    "y",      "économies"};
  for (int i = 0; i < 40000; ++i) words.push_back("word" + std::to_string(i) + "ing");
  const std::vector<std::string> first(words.begin(), words.begin() + 9);
  words.insert(words.end(), first.begin(), first.end());
  return words;
}

TEST(Stemmers, GiveWhatXapiansStemmerGivesForEveryWord) {
  Stemmers stemmers;
  const Xapian::Stem remembering = stemmers.get("en");
  const Xapian::Stem plain("english");
  for (const auto& word : words_to_stem()) {
    ASSERT_EQ(remembering(word), plain(word)) << word;
  }
  EXPECT_EQ(remembering("shares"), "share");
}

TEST(Stemmers, OtherLanguagesAndUnknownOnes) {
  Stemmers stemmers;
  EXPECT_EQ(stemmers.get("german")("häuser"), Xapian::Stem("german")("häuser"));
  EXPECT_EQ(stemmers.get("none")("shares"), "shares");
  // A language Xapian does not know stems as English; so does no language at all.
  EXPECT_EQ(stemmers.get("klingon")("shares"), "share");
  EXPECT_EQ(stemmers.get("")("shares"), "share");
  EXPECT_NE(stemmers.get("en").get_description().find("remembering"), std::string::npos);
}

TEST(Stemmers, CopiesOutliveNothingTheyNeed) {
  Xapian::Stem kept;
  {
    Stemmers stemmers;
    kept = stemmers.get("en");
  }
  EXPECT_EQ(kept("shares"), "share");  // the stemmer is reference-counted by Xapian
}

}  // namespace
}  // namespace gazette::query
