// gazette-index update: ingests only what was appended to DATA_DIR/articles since the last run,
// with the position kept in the index itself (so a kill -9 loses nothing and duplicates nothing).
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using testing::run_process;
using testing::TempDir;

const std::string kIndex = GAZETTE_INDEX_BIN;

std::string record(int id, const std::string& words) {
  return nlohmann::json{{"url", fmt::format("https://update.example/{}", id)},
                        {"title", fmt::format("Story {}", id)},
                        {"text", words + " " + std::to_string(id)}}
      .dump();
}

// Appends the records [first, last) to the file, one line each.
void append(const std::string& path, int first, int last, const std::string& words = "harbour") {
  std::ofstream out(path, std::ios::app);
  for (int id = first; id < last; ++id) out << record(id, words) << "\n";
}

struct Update {
  int exit_code;
  std::string summary;
};

Update run_update(const std::string& data, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {kIndex, "--data-dir", data};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back("update");
  const auto r = run_process(argv);
  const auto at = r.err.find("summary: ");
  return {r.exit_code, at == std::string::npos ? r.err : r.err.substr(at, 40)};
}

Xapian::doccount doc_count(const std::string& data) {
  return Xapian::Database(data + "/index").get_doccount();
}

std::string text_of(const std::string& data, int id) {
  Xapian::Database db(data + "/index");
  const std::string term = fmt::format("Qhttps://update.example/{}", id);
  Xapian::PostingIterator it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return {};
  return db.get_document(*it).get_data();
}

// A data directory in `dir` with an empty articles/ directory, as the crawler leaves it.
std::string data_dir(const TempDir& dir) {
  const std::string data = dir.file("data");
  std::filesystem::create_directories(data + "/articles");
  return data;
}

TEST(Update, IndexesOnlyWhatWasAppendedSinceTheLastRun) {
  TempDir dir;
  const auto data = data_dir(dir);
  const auto a = data + "/articles/a.jsonl";
  append(a, 0, 100);
  auto u = run_update(data);
  ASSERT_EQ(u.exit_code, 0) << u.summary;
  EXPECT_EQ(u.summary.substr(0, 35), "summary: 100 added, 0 replaced, 0 r");

  append(a, 100, 115);
  append(a, 10, 15, "storm");  // five updated articles
  u = run_update(data);
  ASSERT_EQ(u.exit_code, 0);
  EXPECT_EQ(u.summary.substr(0, 34), "summary: 15 added, 5 replaced, 0 r");
  EXPECT_EQ(doc_count(data), 115u);
  EXPECT_NE(text_of(data, 12).find("storm"), std::string::npos);  // replaced, not duplicated

  u = run_update(data);  // nothing new
  EXPECT_EQ(u.summary.substr(0, 33), "summary: 0 added, 0 replaced, 0 r");

  append(data + "/articles/b.jsonl", 200, 210);  // a new file
  u = run_update(data);
  EXPECT_EQ(u.summary.substr(0, 34), "summary: 10 added, 0 replaced, 0 r");
  EXPECT_EQ(doc_count(data), 125u);
}

TEST(Update, AnIncompleteLastLineWaitsForItsNewline) {
  TempDir dir;
  const auto data = data_dir(dir);
  const auto a = data + "/articles/a.jsonl";
  append(a, 0, 3);
  const std::string line = record(3, "tram");
  std::ofstream(a, std::ios::app) << line.substr(0, 20);  // the crawler is mid-write
  ASSERT_EQ(run_update(data).exit_code, 0);               // no rejected line
  EXPECT_EQ(doc_count(data), 3u);
  std::ofstream(a, std::ios::app) << line.substr(20) << "\n";
  const auto u = run_update(data);
  ASSERT_EQ(u.exit_code, 0) << u.summary;
  EXPECT_EQ(doc_count(data), 4u);
  EXPECT_NE(text_of(data, 3).find("tram"), std::string::npos);
}

TEST(Update, BadLinesAreReportedOnceAndSkipped) {
  TempDir dir;
  const auto data = data_dir(dir);
  const auto a = data + "/articles/a.jsonl";
  append(a, 0, 2);
  std::ofstream(a, std::ios::app) << "{not json\n";
  append(a, 2, 4);
  const auto first = run_process({kIndex, "--data-dir", data, "update"});
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_NE(first.err.find("a.jsonl:3"), std::string::npos) << first.err;
  EXPECT_EQ(doc_count(data), 4u);
  const auto again = run_process({kIndex, "--data-dir", data, "update"});
  EXPECT_EQ(again.exit_code, 0) << again.err;  // the bad line is behind the position now
}

TEST(Update, KillDuringAnUpdateLosesNothingAndDuplicatesNothing) {
  TempDir dir;
  const auto data = data_dir(dir);
  append(data + "/articles/a.jsonl", 0, 12000);
  append(data + "/articles/b.jsonl", 12000, 20000);
  const pid_t pid = testing::start_process(
      {kIndex, "--data-dir", data, "--batch-size", "500", "--shards", "2", "update"});
  const bool committed = testing::wait_until([&] {
    try {
      return doc_count(data) > 0;
    } catch (const Xapian::Error&) {
      return false;
    }
  });
  testing::kill_and_reap(pid);
  ASSERT_TRUE(committed) << "the update never committed a batch";
  const auto after_kill = doc_count(data);
  EXPECT_LT(after_kill, 20000u) << "finished before the kill; make the input larger";

  const auto u = run_update(data);
  ASSERT_EQ(u.exit_code, 0) << u.summary;
  EXPECT_EQ(doc_count(data), 20000u);
  EXPECT_EQ(run_update(data).summary.substr(0, 33), "summary: 0 added, 0 replaced, 0 r");
}

TEST(Update, RebuildSwapsInANewGenerationAndKeepsThePrevious) {
  TempDir dir;
  const auto data = data_dir(dir);
  const auto a = data + "/articles/a.jsonl";
  append(a, 0, 50);
  ASSERT_EQ(run_update(data).exit_code, 0);
  append(a, 50, 60);  // not yet indexed: the rebuild reads everything

  const auto r = run_process({kIndex, "--data-dir", data, "rebuild"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto index = data + "/index";
  EXPECT_TRUE(std::filesystem::is_symlink(index));
  EXPECT_EQ(std::filesystem::read_symlink(index).string(), "index.gen-1");
  EXPECT_TRUE(std::filesystem::exists(data + "/index.gen-0"));  // the old index, for rollback
  EXPECT_EQ(doc_count(data), 60u);
  EXPECT_EQ(Xapian::Database(data + "/index.gen-0").get_doccount(), 50u);
  // The rebuild's position is kept: an update after it adds nothing twice.
  EXPECT_EQ(run_update(data).summary.substr(0, 33), "summary: 0 added, 0 replaced, 0 r");

  append(a, 60, 61);
  ASSERT_EQ(run_process({kIndex, "--data-dir", data, "rebuild"}).exit_code, 0);
  EXPECT_EQ(std::filesystem::read_symlink(index).string(), "index.gen-2");
  EXPECT_TRUE(std::filesystem::exists(data + "/index.gen-1"));
  EXPECT_FALSE(std::filesystem::exists(data + "/index.gen-0"));  // only one previous is kept
  EXPECT_EQ(doc_count(data), 61u);

  ASSERT_EQ(run_process({kIndex, "--data-dir", data, "rollback"}).exit_code, 0);
  EXPECT_EQ(std::filesystem::read_symlink(index).string(), "index.gen-1");
  EXPECT_EQ(doc_count(data), 60u);
}

TEST(Update, ARebuildThatFailsLeavesTheIndexInUse) {
  TempDir dir;
  const auto data = data_dir(dir);
  append(data + "/articles/a.jsonl", 0, 5);
  ASSERT_EQ(run_update(data).exit_code, 0);
  // articles/ turns into a file: the new generation cannot be built.
  std::filesystem::remove_all(data + "/articles");
  std::ofstream(data + "/articles") << "not a directory\n";
  const auto r = run_process({kIndex, "--data-dir", data, "rebuild"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("the index in use is unchanged"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::is_symlink(data + "/index"));
  EXPECT_FALSE(std::filesystem::exists(data + "/index.gen-1"));
  EXPECT_EQ(doc_count(data), 5u);
}

TEST(Update, AnUpdateWhileAnotherWriterHoldsTheIndexIsRefused) {
  TempDir dir;
  const auto data = data_dir(dir);
  append(data + "/articles/a.jsonl", 0, 30000);
  const pid_t pid = testing::start_process({kIndex, "--data-dir", data, "rebuild"});
  ASSERT_TRUE(testing::wait_until([&] { return std::filesystem::exists(data + "/index.gen-1"); }));
  const auto second = run_update(data);
  testing::kill_and_reap(pid);
  EXPECT_EQ(second.exit_code, 3);
  EXPECT_NE(second.summary.find("locked"), std::string::npos) << second.summary;
}

}  // namespace
}  // namespace gazette
