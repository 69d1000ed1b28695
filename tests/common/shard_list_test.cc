#include "common/shard_list.h"

#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using testing::TempDir;

std::string write_stub(const TempDir& dir, const std::string& text) {
  std::ofstream(dir.file("XAPIANDB")) << text;
  return dir.path().string();
}

TEST(ShardList, ReadsLocalAndRemoteShardsInOrder) {
  TempDir dir;
  const auto index = write_stub(dir,
                                "# comment\n\n"
                                "auto shard-0\n"
                                "glass /abs/shard-1\n"
                                "  remote   10.1.2.3:33333  \n"
                                "remote search-2.internal:8100\n");
  ASSERT_TRUE(is_sharded_index(index));
  const auto shards = read_shard_list(index);
  ASSERT_TRUE(shards) << shards.error().to_string();
  ASSERT_EQ(shards->size(), 4u);
  EXPECT_EQ((*shards)[0].path, index + "/shard-0");
  EXPECT_FALSE((*shards)[0].remote());
  EXPECT_EQ((*shards)[1].path, "/abs/shard-1");
  EXPECT_EQ((*shards)[2].host, "10.1.2.3");
  EXPECT_EQ((*shards)[2].port, 33333u);
  EXPECT_EQ((*shards)[2].label(), "10.1.2.3:33333");
  EXPECT_EQ((*shards)[3].host, "search-2.internal");
}

TEST(ShardList, BadLinesAreNamedByFileAndLine) {
  const char* bad[] = {
      "chert shard-0\n",      // a backend we do not read
      "auto\n",               // no path
      "auto a b\n",           // two paths
      "remote 10.0.0.1\n",    // no port
      "remote 10.0.0.1:0\n",  // port out of range
      "remote 10.0.0.1:70000\n",
      "remote 10.0.0.1:80x\n",
      "remote :xapian-progsrv db\n",  // program shards are not supported
  };
  for (const char* line : bad) {
    TempDir dir;
    const auto index = write_stub(dir, std::string("auto shard-0\n") + line);
    const auto shards = read_shard_list(index);
    ASSERT_FALSE(shards) << line;
    EXPECT_EQ(shards.error().where, index + "/XAPIANDB:2") << line;
  }
}

TEST(ShardList, AnEmptyListOrNoStubIsAnError) {
  TempDir dir;
  EXPECT_FALSE(is_sharded_index(dir.path().string()));
  EXPECT_FALSE(read_shard_list(dir.path().string()));
  write_stub(dir, "# nothing\n");
  const auto shards = read_shard_list(dir.path().string());
  ASSERT_FALSE(shards);
  EXPECT_NE(shards.error().what.find("no shards"), std::string::npos);
}

TEST(ShardList, WrittenListsReadBack) {
  TempDir dir;
  const std::vector<ShardLocation> written = {{.path = "shard-0", .host = {}, .port = 0},
                                              {.path = {}, .host = "127.0.0.1", .port = 4000}};
  ASSERT_TRUE(write_shard_list(dir.path().string(), written));
  const auto shards = read_shard_list(dir.path().string());
  ASSERT_TRUE(shards);
  ASSERT_EQ(shards->size(), 2u);
  EXPECT_EQ((*shards)[0].path, dir.file("shard-0"));
  EXPECT_EQ((*shards)[1].label(), "127.0.0.1:4000");
}

}  // namespace
}  // namespace gazette
