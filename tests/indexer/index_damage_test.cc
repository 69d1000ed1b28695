// A full disk or a damaged database stops an import with an error naming the database (or its
// table file), and loses nothing: once the disk has room again, the next import takes every
// record. Runs with one database and with two shards, each written by its own thread.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include "indexer/importer.h"
#include "tests/support/file_size_limit.h"
#include "tests/support/temp_dir.h"

namespace gazette::indexer {
namespace {

namespace fs = std::filesystem;
using testing::FileSizeLimit;
using testing::TempDir;

// Lines [first, last] of distinct articles with enough text to fill a few blocks each.
std::string write_articles(const TempDir& dir, const std::string& name, int first, int last) {
  const std::string path = dir.file(name);
  std::ofstream out(path);
  for (int i = first; i <= last; ++i) {
    out << fmt::format(R"({{"url":"https://a.test/{}","title":"Story {}","text":"{}"}})", i, i,
                       fmt::format("harbour{} crane{} quay tide ", i, i % 97) +
                           std::string(400, static_cast<char>('a' + i % 26)))
        << "\n";
  }
  return path;
}

ImportOptions options_for(const TempDir& dir, unsigned shards) {
  ImportOptions options;
  options.index_path = dir.file("index");
  options.config.threads = 2;
  options.config.shards = shards;
  options.config.batch_size = 100;
  return options;
}

Xapian::doccount documents(const TempDir& dir) {
  return Xapian::Database(dir.file("index")).get_doccount();
}

// A table file of the index (of its first shard when sharded).
fs::path table_of(const TempDir& dir, const std::string& name) {
  for (const auto& entry : fs::recursive_directory_iterator(dir.file("index"))) {
    if (entry.path().filename() == name) return entry.path();
  }
  return {};
}

// Builds an index of `shards`, runs `updates` small imports, cuts `table` of (the first shard
// of) the index to half its size and expects the next import to stop naming the damage.
void expect_cut_table_refused(unsigned shards, int updates, const std::string& table) {
  TempDir dir;
  const auto options = options_for(dir, shards);
  ASSERT_TRUE(import_files({write_articles(dir, "bulk.jsonl", 1, 600)}, options));
  for (int i = 0; i < updates; ++i) {
    ASSERT_TRUE(
        import_files({write_articles(dir, "more.jsonl", 601 + 10 * i, 610 + 10 * i)}, options));
  }
  const fs::path file = table_of(dir, table);
  ASSERT_FALSE(file.empty());
  fs::resize_file(file, fs::file_size(file) / 2);

  const auto stats = import_files({write_articles(dir, "late.jsonl", 701, 710)}, options);
  ASSERT_FALSE(stats);
  if (table == "position.glass") {
    EXPECT_EQ(stats.error().where, file.string());
    EXPECT_NE(stats.error().what.find("gazette-index rebuild"), std::string::npos)
        << stats.error().what;
  } else {
    EXPECT_TRUE(stats.error().where.starts_with(file.parent_path().string()))
        << stats.error().to_string();
  }
}

class IndexDamage : public ::testing::TestWithParam<unsigned> {};

TEST_P(IndexDamage, AFullDiskStopsTheImportNamingTheIndexAndLosesNothing) {
  TempDir dir;
  const std::string input = write_articles(dir, "in.jsonl", 1, 3000);
  {
    FileSizeLimit full(256 * 1024);  // far less than the index of 3,000 articles needs
    const auto stats = import_files({input}, options_for(dir, GetParam()));
    ASSERT_FALSE(stats);
    EXPECT_NE(stats.error().to_string().find(dir.file("index")), std::string::npos)
        << stats.error().to_string();
  }
  const auto again = import_files({input}, options_for(dir, GetParam()));
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(documents(dir), 3000u);
}

// Xapian finds a missing block only when it reads it: on a large index, possibly never in an
// import, and here only half way through the commit. The recorded sizes stop the writer at open,
// naming the file. (A cut postlist table is found by Xapian itself as soon as the writer reads the
// index's metadata; the error names the database.)
TEST_P(IndexDamage, ATableFileCutShortIsFoundBeforeAnythingIsWritten) {
  // Right after the bulk load (compaction made new databases and recorded their sizes), and
  // after two updates (each commit records the sizes the files had after the commit before).
  for (const int updates : {0, 2}) {
    for (const std::string table : {"position.glass", "postlist.glass"}) {
      SCOPED_TRACE(fmt::format("{} after {} updates", table, updates));
      expect_cut_table_refused(GetParam(), updates, table);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(OneDatabaseAndTwoShards, IndexDamage, ::testing::Values(1u, 2u));

}  // namespace
}  // namespace gazette::indexer
