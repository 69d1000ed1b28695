// RemoteFetchers against a real xapian-tcpsrv on 127.0.0.1: documents arrive over several
// connections, a server that is not there costs its documents (left for the caller) but never
// a hang, and a connection moves to a newer revision when told.
#include "query/remote_fetchers.h"

#include <map>

#include <gtest/gtest.h>

#include "tests/support/process.h"
#include "tests/support/shard_server.h"
#include "tests/support/temp_dir.h"

namespace gazette::query {
namespace {

constexpr unsigned kTimeoutMs = 2000;

// A database of `n` documents whose data is "doc N" (docids 1..n).
std::string make_database(const testing::TempDir& dir, int n) {
  const std::string path = dir.file("db");
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  for (int i = 1; i <= n; ++i) {
    Xapian::Document doc;
    doc.set_data("doc " + std::to_string(i));
    doc.add_value(0, "value");  // remote documents carry their values too
    db.add_document(doc);
  }
  db.commit();
  return path;
}

ShardLocation location_of(const testing::ShardServer& server) {
  return ShardLocation{.path = {}, .host = "127.0.0.1", .port = static_cast<unsigned>(server.port)};
}

// Everything next() hands over in this round, by index.
std::map<std::size_t, std::string> collect(RemoteFetchers& fetchers) {
  std::map<std::size_t, std::string> got;
  std::size_t index = 0;
  std::string data;
  while (fetchers.next(index, data)) got[index] = data;
  return got;
}

RemoteFetchers::Batch batch(const ShardLocation& shard, std::size_t connection,
                            std::vector<std::pair<std::size_t, Xapian::docid>> documents) {
  return RemoteFetchers::Batch{
      .shard = shard, .connection = connection, .documents = std::move(documents)};
}

TEST(RemoteFetchers, DocumentsArriveOverSeveralConnectionsRoundAfterRound) {
  testing::TempDir dir;
  const testing::ShardServer server(XAPIAN_TCPSRV_BIN, make_database(dir, 8));
  RemoteFetchers fetchers(kTimeoutMs);
  const auto shard = location_of(server);
  for (int round = 0; round < 3; ++round) {
    fetchers.start({batch(shard, 0, {{0, 3}, {3, 1}}), batch(shard, 1, {{1, 8}}),
                    batch(shard, 2, {{2, 5}, {4, 2}})});
    const auto got = collect(fetchers);
    EXPECT_EQ(got, (std::map<std::size_t, std::string>{
                       {0, "doc 3"}, {1, "doc 8"}, {2, "doc 5"}, {3, "doc 1"}, {4, "doc 2"}}))
        << "round " << round;
  }
}

TEST(RemoteFetchers, AServerThatIsNotThereLeavesItsDocumentsUndoneWithoutAHang) {
  testing::TempDir dir;
  const testing::ShardServer server(XAPIAN_TCPSRV_BIN, make_database(dir, 4));
  const ShardLocation nowhere{.path = {},
                              .host = "127.0.0.1",
                              .port = static_cast<unsigned>(testing::unused_loopback_port())};
  RemoteFetchers fetchers(kTimeoutMs);
  fetchers.start({batch(nowhere, 0, {{0, 1}}), batch(location_of(server), 0, {{1, 4}})});
  EXPECT_EQ(collect(fetchers), (std::map<std::size_t, std::string>{{1, "doc 4"}}));
  // A docid the shard does not have fails its connection; the next round opens a new one.
  fetchers.start({batch(location_of(server), 0, {{0, 99}, {1, 2}})});
  EXPECT_TRUE(collect(fetchers).empty());
  fetchers.start({batch(location_of(server), 0, {{0, 2}})});
  EXPECT_EQ(collect(fetchers), (std::map<std::size_t, std::string>{{0, "doc 2"}}));
}

TEST(RemoteFetchers, AnAbandonedRoundLeavesNothingForTheNext) {
  testing::TempDir dir;
  const testing::ShardServer server(XAPIAN_TCPSRV_BIN, make_database(dir, 4));
  RemoteFetchers fetchers(kTimeoutMs);
  fetchers.start({batch(location_of(server), 0, {{0, 1}, {1, 2}, {2, 3}})});
  fetchers.abandon();
  fetchers.start({batch(location_of(server), 1, {{0, 4}})});
  EXPECT_EQ(collect(fetchers), (std::map<std::size_t, std::string>{{0, "doc 4"}}));
}

TEST(RemoteFetchers, StaleConnectionsMoveToTheNewestRevision) {
  testing::TempDir dir;
  const std::string path = make_database(dir, 2);
  const testing::ShardServer server(XAPIAN_TCPSRV_BIN, path);
  RemoteFetchers fetchers(kTimeoutMs);
  fetchers.start({batch(location_of(server), 0, {{0, 1}})});
  EXPECT_EQ(collect(fetchers).size(), 1u);
  {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    Xapian::Document doc;
    doc.set_data("doc 3");
    db.add_document(doc);
    db.commit();
  }
  fetchers.mark_stale();
  fetchers.start({batch(location_of(server), 0, {{0, 3}})});
  EXPECT_EQ(collect(fetchers), (std::map<std::size_t, std::string>{{0, "doc 3"}}));
}

}  // namespace
}  // namespace gazette::query
