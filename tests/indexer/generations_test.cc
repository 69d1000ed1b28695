// A rebuild swaps a new index generation in while a searcher holds the old one open: the
// searcher keeps answering from the old generation until it refreshes, then reads the new one;
// a rollback brings the old one back the same way.
#include "indexer/generations.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include <gtest/gtest.h>

#include "query/searcher.h"
#include "tests/support/index_fixture.h"
#include "tests/support/temp_dir.h"

namespace gazette::indexer {
namespace {

using query::Searcher;
using query::SearchRequest;
using testing::TempDir;

std::uint64_t harbour_total(Searcher& searcher) {
  SearchRequest request;
  request.query = "harbour";
  request.facets = true;  // counts every match: an exact total
  const auto response = searcher.search(request);
  EXPECT_TRUE(response) << response.error().message;
  return response ? response->total : 0;
}

// DIR/articles/a.jsonl with `count` "harbour" articles; the options import into DIR/index.
ImportOptions harbour_archive(const TempDir& dir, int count) {
  std::filesystem::create_directories(dir.file("articles"));
  testing::append_series(dir.file("articles") + "/a.jsonl", "harbour", 0, count);
  ImportOptions options;
  options.index_path = dir.file("index");
  return options;
}

TEST(Generations, ASearcherMovesToTheNewGenerationWhenItRefreshes) {
  TempDir dir;
  const std::string articles = dir.file("articles");
  const ImportOptions options = harbour_archive(dir, 20);
  ASSERT_TRUE(import_new_articles(articles, options));

  auto searcher = Searcher::open(options.index_path, QueryConfig{});
  ASSERT_TRUE(searcher);
  EXPECT_EQ(harbour_total(*searcher), 20u);

  testing::append_series(articles + "/a.jsonl", "harbour", 20, 35);
  const auto rebuilt = rebuild_index(articles, options);
  ASSERT_TRUE(rebuilt) << rebuilt.error().to_string();
  EXPECT_EQ(rebuilt->stats.added, 35u);
  EXPECT_EQ(harbour_total(*searcher), 20u);  // still the generation it opened, intact
  EXPECT_TRUE(searcher->refresh());
  EXPECT_EQ(harbour_total(*searcher), 35u);
  EXPECT_FALSE(searcher->refresh());  // nothing changed since

  ASSERT_TRUE(roll_back_index(options.index_path));
  EXPECT_TRUE(searcher->refresh());
  EXPECT_EQ(harbour_total(*searcher), 20u);
}

// Rebuilds keep two generations (the one in use and the previous one); what goes with an older
// generation is removed whole, its import lock file included.
TEST(Generations, RebuildsKeepTwoGenerationsAndNothingOfTheOlderOnes) {
  TempDir dir;
  const ImportOptions options = harbour_archive(dir, 5);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(rebuild_index(dir.file("articles"), options));

  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  const std::vector<std::string> expected = {"articles",         "index",       "index.gen-3",
                                             "index.gen-3.lock", "index.gen-4", "index.gen-4.lock",
                                             "index.lock"};
  EXPECT_EQ(names, expected);
}

}  // namespace
}  // namespace gazette::indexer
