#include "indexer/line_reader.h"

#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace gazette::indexer {
namespace {

TEST(LineReader, SplitsLinesSkipsOverlongOnesAndCountsBytes) {
  testing::TempDir dir;
  const auto path = dir.file("in.jsonl");
  const std::string big(3 << 20, 'x');  // longer than the limit and than the read buffer
  std::ofstream(path) << "one\r\n" << big << "\n\ntwo\nlast-without-newline";
  auto reader = LineReader::open(path, 1 << 20);
  ASSERT_TRUE(reader);
  std::string line;
  using S = LineReader::Status;
  EXPECT_EQ(reader->next(line), S::kLine);
  EXPECT_EQ(line, "one");
  EXPECT_EQ(reader->next(line), S::kTooLong);
  EXPECT_EQ(reader->line_number(), 2u);
  EXPECT_TRUE(line.empty());
  EXPECT_EQ(reader->next(line), S::kLine);
  EXPECT_EQ(line, "");
  EXPECT_EQ(reader->next(line), S::kLine);
  EXPECT_EQ(line, "two");
  EXPECT_EQ(reader->next(line), S::kLine);
  EXPECT_EQ(line, "last-without-newline");
  EXPECT_EQ(reader->line_number(), 5u);
  EXPECT_EQ(reader->next(line), S::kEnd);
  EXPECT_EQ(reader->bytes_read(), 5 + big.size() + 1 + 1 + 4 + 20);
}

TEST(LineReader, MissingFileIsAnErrorNamingIt) {
  const auto reader = LineReader::open("/nonexistent/x.jsonl", 100);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().where, "/nonexistent/x.jsonl");
}

}  // namespace
}  // namespace gazette::indexer
