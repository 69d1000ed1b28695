// gazette-index and gazette-query as a person or a script meets them: usage errors exit 2 (never
// CLI11's own codes), --help exits 0, a bad record is one rejected line (file:line) whatever is
// wrong with it, a huge record is cut and still indexed, and a missing shard is named.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using testing::run_process;
using testing::TempDir;

const std::string kIndex = GAZETTE_INDEX_BIN;
const std::string kQuery = GAZETTE_QUERY_BIN;
const std::string kSample = std::string(GAZETTE_SOURCE_DIR) + "/samples/archive.jsonl";

TEST(Usage, UsageErrorsExitWithStatusTwoAndHelpWithZero) {
  TempDir dir;
  const std::string index = dir.file("index");
  const std::vector<std::vector<std::string>> cases = {
      {kIndex, "--no-such-flag", kSample},
      {kIndex, "--index", index, "--batch-size", "ten", kSample},
      {kIndex, "--index", index, "--threads", "-1", kSample},
      {kIndex, "--index", index, "rebuild", "rollback"},
      {kIndex, "--index", index, "--format", "xml", kSample},
      {kIndex, "--index", index, "--csv-column", "headline", kSample},
      {kIndex, "--index", index, "--csv-column", "body=text", kSample},
      {kQuery, "--no-such-flag", "x"},
      {kQuery, "--index", index, "--page", "first", "x"},
      {kQuery, "serve", "--threads", "-3"},
  };
  for (const auto& argv : cases) {
    const auto r = run_process(argv);
    EXPECT_EQ(r.exit_code, 2) << fmt::format("{}", fmt::join(argv, " ")) << "\n" << r.err;
    EXPECT_FALSE(r.err.empty()) << fmt::format("{}", fmt::join(argv, " "));
  }
  EXPECT_FALSE(std::filesystem::exists(index)) << "a usage error did work";
  for (const std::string& program : {kIndex, kQuery}) {
    const auto r = run_process({program, "--help"});
    EXPECT_EQ(r.exit_code, 0) << program << r.err;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << program << r.out;
  }
}

const std::string kOutOfRange = R"({"url":"https://a.test/2","title":"t","text":"x","n":1e400})";
std::string long_author_line() {
  return fmt::format(R"({{"url":"https://a.test/3","title":"t","text":"x","authors":["{}"]}})",
                     std::string(300, 'x'));
}
std::string good_line(int i) {
  return fmt::format(R"({{"url":"https://good.test/{}","title":"Good","text":"harbour"}})", i);
}

// Another tool's records from the command line: a CSV file whose URL column needs a mapping is an
// unreadable input (exit 1, named) until --csv-column maps it.
TEST(Usage, OtherToolsRecordsFromTheCommandLine) {
  TempDir dir;
  const std::string csv = dir.file("export.csv");
  std::ofstream(csv) << "address,headline,story\nhttps://a.test/1,Harbour,\"Tides, and ships\"\n";
  const auto unmapped = run_process({kIndex, "--index", dir.file("index"), csv});
  EXPECT_EQ(unmapped.exit_code, 1) << unmapped.err;
  EXPECT_NE(unmapped.err.find(csv), std::string::npos) << unmapped.err;
  EXPECT_NE(unmapped.err.find("URL"), std::string::npos) << unmapped.err;
  const auto mapped = run_process({kIndex, "--index", dir.file("index"), "--csv-column",
                                   "url=address", "--csv-column", "text=story", csv});
  EXPECT_EQ(mapped.exit_code, 0) << mapped.err;
  EXPECT_NE(mapped.err.find("1 added"), std::string::npos) << mapped.err;
  const auto found = run_process({kQuery, "--index", dir.file("index"), "ships"});
  EXPECT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("https://a.test/1"), std::string::npos) << found.out;
}

// The two lines that used to end an import with exit 3 and no file:line.
TEST(Usage, ALineALibraryThrowsOnIsOneRejectedLine) {
  TempDir dir;
  const std::string input = dir.file("bad.jsonl");
  std::ofstream(input) << good_line(1) << "\n"
                       << kOutOfRange << "\n"
                       << long_author_line() << "\n"
                       << good_line(4) << "\n";
  const auto r = run_process({kIndex, "--index", dir.file("index"), input});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("bad.jsonl:2: invalid JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("3 added, 0 replaced, 1 rejected"), std::string::npos) << r.err;
  const auto author = run_process(
      {kQuery, "--index", dir.file("index"), fmt::format("author:\"{}\"", std::string(300, 'x'))});
  EXPECT_EQ(author.exit_code, 0) << author.err;
  EXPECT_NE(author.out.find("https://a.test/3"), std::string::npos) << author.out;
}

// 600 good lines around the two bad ones: the first update indexes every good line and names
// the bad one; the second has nothing to do.
TEST(Usage, UpdateMovesPastABadLine) {
  TempDir dir;
  const std::string data = dir.file("data");
  std::filesystem::create_directories(data + "/articles");
  {
    std::ofstream out(data + "/articles/a.jsonl");
    for (int i = 1; i <= 600; ++i) {
      out << (i == 300 ? kOutOfRange : i == 301 ? long_author_line() : good_line(i)) << "\n";
    }
  }
  const auto first = run_process({kIndex, "--data-dir", data, "--batch-size", "50", "update"});
  EXPECT_EQ(first.exit_code, 1) << first.err;
  EXPECT_NE(first.err.find("a.jsonl:300: invalid JSON"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("599 added, 0 replaced, 1 rejected"), std::string::npos) << first.err;
  EXPECT_EQ(Xapian::Database(data + "/index").get_doccount(), 599u);
  const auto second = run_process({kIndex, "--data-dir", data, "update"});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("0 added, 0 replaced, 0 rejected"), std::string::npos) << second.err;
}

// A 3 MB record is indexed with a warning naming file:line; its first words are searchable.
TEST(Usage, AHugeRecordIsCutWithAWarningAndIndexed) {
  TempDir dir;
  const std::string input = dir.file("big.jsonl");
  {
    std::string text = "zebracorn ";
    while (text.size() < (3u << 20)) text += fmt::format("w{} ", text.size());
    std::ofstream(input) << fmt::format(
                                R"({{"url":"https://big.test/1","title":"Big","text":"{}"}})", text)
                         << "\n";
  }
  const auto r = run_process({kIndex, "--index", dir.file("index"), input});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("big.jsonl:1: record cut to the indexer's limits"), std::string::npos)
      << r.err;
  const auto found = run_process({kQuery, "--index", dir.file("index"), "zebracorn"});
  EXPECT_EQ(found.exit_code, 0) << found.err;
}

TEST(Usage, AMissingShardIsNamed) {
  TempDir dir;
  const std::string index = dir.file("index");
  ASSERT_EQ(run_process({kIndex, "--index", index, "--shards", "2", kSample}).exit_code, 0);
  std::filesystem::remove_all(index + "/shard-1");
  const auto r = run_process({kQuery, "--index", index, "harbour"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("shard-1"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("no index here"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gazette
