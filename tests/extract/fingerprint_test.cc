#include "extract/fingerprint.h"

#include <string>

#include <gtest/gtest.h>

namespace gazette::extract {
namespace {

const char* const kStory =
    "The harbour authority confirmed on Monday that the old grain terminal will be demolished "
    "next spring, ending a decade of arguments about what to do with the rusting structure. "
    "Engineers who inspected the terminal in August found that the concrete piles had corroded "
    "far faster than expected, and that repairs would cost more than a new building. Residents "
    "of the nearby streets said they were relieved but worried about the dust.";

TEST(FingerprintTest, ContentHashIgnoresCaseSpacingAndPunctuation) {
  struct Row {
    const char* a;
    const char* b;
    bool same;
  };
  const Row rows[] = {
      {"Council approves budget.", "council  approves\n\nbudget", true},
      {"Council approves budget", "Council approves the budget", false},
      {"Zoë's café", "zoë s café!", true},
      {"one two", "two one", false},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(content_hash(row.a) == content_hash(row.b), row.same) << row.a << " | " << row.b;
  }
  const std::string hash = content_hash(kStory);
  EXPECT_EQ(hash.size(), 16u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(content_hash(""), "");
  EXPECT_EQ(content_hash(" ,.;! "), "");
}

TEST(FingerprintTest, SimhashIsCloseForNearDuplicatesOnly) {
  EXPECT_FALSE(simhash("").has_value());
  EXPECT_FALSE(simhash("  -- ").has_value());
  ASSERT_TRUE(simhash("word").has_value());
  ASSERT_TRUE(simhash(kStory).has_value());
  EXPECT_EQ(simhash(kStory), simhash(std::string(kStory) + "  "));

  std::string edited = kStory;
  edited.replace(edited.find("Monday"), 6, "Tuesday");
  const int near = hamming_distance(*simhash(kStory), *simhash(edited));
  const int far = hamming_distance(
      *simhash(kStory),
      *simhash("A completely different report about the football season, the new coach and the "
               "long injury list that has kept half of the first team out since the summer."));
  EXPECT_LT(near, 12);
  EXPECT_GT(far, 16);
}

TEST(FingerprintTest, WordsAreNormalised) {
  std::string storage;
  const auto words = fingerprint_words("Hello, WORLD -- it's 2025!", storage);
  ASSERT_EQ(words.size(), 5u);
  EXPECT_EQ(words[0], "hello");
  EXPECT_EQ(words[1], "world");
  EXPECT_EQ(words[3], "s");
  EXPECT_EQ(words[4], "2025");
}

}  // namespace
}  // namespace gazette::extract
