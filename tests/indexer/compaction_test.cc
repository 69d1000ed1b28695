// Compaction after a bulk load: a new index's databases are rewritten full (Xapian gives a
// compacted database revision 1; one commit then records its table sizes), small updates leave them
// alone, and searchers holding the old databases keep answering until they refresh.
#include "indexer/compaction.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <xapian.h>

#include "common/schema.h"
#include "indexer/generations.h"
#include "query/searcher.h"
#include "tests/support/index_fixture.h"
#include "tests/support/temp_dir.h"

namespace gazette::indexer {
namespace {

namespace fs = std::filesystem;
using query::Searcher;
using query::SearchRequest;

// A compacted copy (revision 1) with the commit that records its table sizes (table_sizes.h).
constexpr Xapian::rev kCompacted = 2;

Xapian::rev revision(const std::string& database) {
  return Xapian::Database(database).get_revision();
}

// Everything in `directory` whose name marks an unfinished compaction.
std::vector<std::string> leftovers(const fs::path& directory) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().string().ends_with(".compacting")) found.push_back(entry.path().string());
  }
  return found;
}

// An index fed from a data directory's articles file, in small batches (several commits, so an
// uncompacted database has a revision above kCompacted).
class CompactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(articles_);
    options_.index_path = dir_.file("index");
    options_.config.batch_size = 10;
    options_.config.shards = 2;
  }

  void use_shards(unsigned shards) { options_.config.shards = shards; }

  // Appends articles first..last-1 and imports what is new.
  Expected<ImportStats> add(int first, int last) {
    testing::append_series(articles_ + "/a.jsonl", "lighthouse", first, last);
    return import_new_articles(articles_, options_);
  }

  // Articles matching the series' topic, counted exactly.
  static std::uint64_t matches(Searcher& searcher) {
    SearchRequest request;
    request.query = "lighthouse";
    request.facets = true;  // counts every match
    const auto response = searcher.search(request);
    EXPECT_TRUE(response) << response.error().message;
    return response ? response->total : 0;
  }

  [[nodiscard]] std::string shard(int n) const {
    return options_.index_path + "/shard-" + std::to_string(n);
  }

  testing::TempDir dir_;
  const std::string articles_ = dir_.file("articles");
  ImportOptions options_;
};

TEST(Compaction, ThresholdIsABulkLoad) {
  EXPECT_FALSE(worth_compacting(0, 0));
  EXPECT_TRUE(worth_compacting(0, 1));
  EXPECT_TRUE(worth_compacting(100, 200));
  EXPECT_FALSE(worth_compacting(100, 199));
  EXPECT_FALSE(worth_compacting(100, 105));
}

TEST_F(CompactionTest, ABulkImportCompactsEveryShardAndAnUpdateDoesNot) {
  const auto stats = add(0, 60);
  ASSERT_TRUE(stats) << stats.error().to_string();
  EXPECT_EQ(stats->added, 60u);
  for (const int n : {0, 1}) {
    EXPECT_EQ(revision(shard(n)), kCompacted) << shard(n);
    // What the index keeps besides documents survives: the input position and schema version.
    const Xapian::Database db(shard(n));
    EXPECT_FALSE(db.get_metadata(std::string(schema::kInputPositionKey)).empty()) << shard(n);
    EXPECT_EQ(db.get_metadata(std::string(schema::kSchemaVersionKey)),
              std::to_string(schema::kVersion));
  }
  EXPECT_TRUE(leftovers(options_.index_path).empty());

  const auto update = add(60, 65);
  ASSERT_TRUE(update) << update.error().to_string();
  EXPECT_EQ(update->added, 5u);  // only the new lines: the position came through compaction
  EXPECT_GT(revision(shard(0)) + revision(shard(1)), 2 * kCompacted);
  auto searcher = Searcher::open(options_.index_path, QueryConfig{});
  ASSERT_TRUE(searcher);
  EXPECT_EQ(matches(*searcher), 65u);
}

TEST_F(CompactionTest, ASearcherKeepsAnsweringThroughACompactionAndThenReadsTheNewShards) {
  ASSERT_TRUE(add(0, 30));
  auto searcher = Searcher::open(options_.index_path, QueryConfig{});
  ASSERT_TRUE(searcher);
  EXPECT_EQ(matches(*searcher), 30u);

  ASSERT_TRUE(add(30, 100));  // more than doubles the index: compacted again
  EXPECT_EQ(revision(shard(0)), kCompacted);
  EXPECT_EQ(matches(*searcher), 30u);  // the databases it opened, still readable
  EXPECT_TRUE(searcher->refresh());
  EXPECT_EQ(matches(*searcher), 100u);
}

TEST_F(CompactionTest, ASingleDatabaseBehindAGenerationLinkIsCompactedAndTheLinkKept) {
  use_shards(1);
  ASSERT_TRUE(add(0, 40));
  EXPECT_EQ(revision(options_.index_path), kCompacted);
  const auto rebuilt = rebuild_index(articles_, options_);
  ASSERT_TRUE(rebuilt) << rebuilt.error().to_string();
  ASSERT_TRUE(fs::is_symlink(options_.index_path));
  EXPECT_EQ(fs::canonical(options_.index_path), fs::canonical(rebuilt->generation));
  EXPECT_EQ(revision(rebuilt->generation), kCompacted);
  EXPECT_TRUE(leftovers(dir_.path()).empty());
  auto searcher = Searcher::open(options_.index_path, QueryConfig{});
  ASSERT_TRUE(searcher);
  EXPECT_EQ(matches(*searcher), 40u);
}

TEST_F(CompactionTest, WhatAKilledCompactionLeftIsRemovedByTheNextImport) {
  ASSERT_TRUE(add(0, 20));
  // A half-written copy, as a kill during compaction leaves it.
  const std::string leftover = shard(1) + ".compacting";
  fs::create_directories(leftover);
  std::ofstream(leftover + "/postlist.glass") << "partial";

  ASSERT_TRUE(add(20, 22));
  EXPECT_FALSE(fs::exists(leftover));
  auto searcher = Searcher::open(options_.index_path, QueryConfig{});
  ASSERT_TRUE(searcher);
  EXPECT_EQ(matches(*searcher), 22u);
}

TEST(Compaction, ADatabaseThatCannotBeCompactedIsLeftAsItWas) {
  testing::TempDir dir;
  const std::string not_a_database = dir.file("plain");
  fs::create_directories(not_a_database);
  std::ofstream(not_a_database + "/notes.txt") << "not a database";
  const auto result = compact_database(not_a_database);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().to_string().find(not_a_database), std::string::npos);
  EXPECT_TRUE(fs::exists(not_a_database + "/notes.txt"));
  EXPECT_TRUE(leftovers(dir.path()).empty());
  EXPECT_EQ(compact_databases({not_a_database}), 0u);
}

}  // namespace
}  // namespace gazette::indexer
