#include "common/gzip.h"

#include <gtest/gtest.h>

#include "tests/support/gzip_compress.h"

namespace gazette {
namespace {

using gazette::testing::gzip_compress;

TEST(GzipTest, RecognisesTheMagic) {
  EXPECT_TRUE(is_gzip(gzip_compress("hello")));
  EXPECT_FALSE(is_gzip("<?xml version=\"1.0\"?>"));
  EXPECT_FALSE(is_gzip("\x1f"));
  EXPECT_FALSE(is_gzip(""));
}

TEST(GzipTest, InflatesOneOrMoreMembers) {
  const std::string text = "<urlset><url><loc>https://a.example/</loc></url></urlset>";
  auto once = gunzip(gzip_compress(text), 1 << 20);
  ASSERT_TRUE(once) << once.error().to_string();
  EXPECT_EQ(*once, text);
  auto twice = gunzip(gzip_compress("first,") + gzip_compress("second"), 1 << 20);
  ASSERT_TRUE(twice) << twice.error().to_string();
  EXPECT_EQ(*twice, "first,second");
  auto empty = gunzip(gzip_compress(""), 1 << 20);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
}

TEST(GzipTest, StopsABombAtTheCap) {
  // 64 MiB of zeros compress to about 64 KiB; with a 1 MiB cap inflation stops early.
  const std::string bomb = gzip_compress(std::string(std::size_t{64} << 20, '\0'));
  ASSERT_LT(bomb.size(), std::size_t{1} << 20);
  auto result = gunzip(bomb, std::size_t{1} << 20);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().what.find("over the cap"), std::string::npos) << result.error().what;
  // Exactly at the cap is fine.
  auto exact = gunzip(gzip_compress(std::string(1000, 'x')), 1000);
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->size(), 1000u);
}

TEST(GzipTest, RejectsCorruptAndTruncatedData) {
  const std::string good = gzip_compress(std::string(5000, 'y') + "tail");
  auto truncated = gunzip(good.substr(0, good.size() / 2), 1 << 20);
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().what.find("truncated"), std::string::npos);
  std::string corrupt = good;
  corrupt[corrupt.size() / 2] ^= 0x55;
  corrupt[corrupt.size() - 3] ^= 0x55;  // the CRC, in case the flip above still inflates
  EXPECT_FALSE(gunzip(corrupt, 1 << 20));
  EXPECT_FALSE(gunzip("\x1f\x8bnot really gzip", 1 << 20));
}

TEST(GzipTest, CompressesOneMemberThatInflatesBack) {
  for (const std::string& input : {std::string(), std::string("a"), std::string(200000, 'z')}) {
    const auto member = gzip(input, 1);
    ASSERT_TRUE(member) << member.error().to_string();
    EXPECT_TRUE(is_gzip(*member));
    const auto back = gunzip(*member, input.size());
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(*back, input);
  }
}

}  // namespace
}  // namespace gazette
