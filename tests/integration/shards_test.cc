// A sharded index searched through Xapian's remote backend: two xapian-tcpsrv processes on
// 127.0.0.1 serve the two shards of one index, and gazette-query must answer through them as it
// does from one database holding the same articles; a shard server that dies or stalls must cost
// at most the configured timeout and give results marked partial.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/shard_server.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using nlohmann::json;
using testing::run_process;
using testing::ShardServer;
using testing::TempDir;

const std::string kIndex = GAZETTE_INDEX_BIN;
const std::string kQuery = GAZETTE_QUERY_BIN;
const std::string kTcpServer = XAPIAN_TCPSRV_BIN;
const std::string kSample = std::string(GAZETTE_SOURCE_DIR) + "/samples/archive.jsonl";
constexpr int kTimeoutMs = 1000;

// Articles with distinct publication hours and varied lengths, over four sites.
void write_articles(const std::string& path, int n) {
  const char* words[] = {"harbour", "council", "storm",  "election", "museum", "budget",
                         "river",   "bridge",  "school", "energy",   "tram",   "festival"};
  std::ofstream out(path);
  for (int i = 0; i < n; ++i) {
    std::string text;
    for (int w = 0; w < 40 + (i * 7) % 90; ++w) {
      text += words[(i * 31 + w * w * 17 + w) % 12];
      text += w % 12 == 11 ? ". " : " ";
    }
    out << json{{"url", fmt::format("https://site{}.example/story/{}", i % 4, i)},
                {"title", fmt::format("Story {} on the {}", i, words[i % 12])},
                {"published", fmt::format("2024-{:02}-{:02}T{:02}:00:00Z", 1 + i / 300 % 12,
                                          1 + i / 12 % 25, i % 24)},
                {"text", text}}
               .dump()
        << "\n";
  }
}

struct QueryRun {
  int exit_code = -1;
  json out;
  std::string err;
  double seconds = 0;
};

QueryRun query(const std::string& index, std::vector<std::string> args) {
  std::vector<std::string> argv = {kQuery, "--index", index, "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  setenv("GAZETTE_QUERY_SHARD_TIMEOUT_MS", std::to_string(kTimeoutMs).c_str(), 1);
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_process(argv);
  QueryRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.exit_code = r.exit_code;
  run.err = r.err;
  if (!r.out.empty()) run.out = json::parse(r.out);
  return run;
}

// Same ranking: equal scores in order, and the same documents at every score. Documents tied
// at the last score shown may differ (ties are broken by document number, which depends on the
// layout), so only their count is compared.
void expect_same_ranking(const json& a, const json& b, const std::string& what) {
  ASSERT_EQ(a["results"].size(), b["results"].size()) << what;
  // Scores in millionths: sums over shards may differ in the last bits.
  std::map<long long, std::multiset<std::string>> by_score_a, by_score_b;
  for (std::size_t i = 0; i < a["results"].size(); ++i) {
    const double score_a = a["results"][i]["score"], score_b = b["results"][i]["score"];
    EXPECT_NEAR(score_a, score_b, 1e-9 * std::max(1.0, score_a)) << what << " rank " << i + 1;
    by_score_a[std::llround(score_a * 1e6)].insert(a["results"][i]["url"]);
    by_score_b[std::llround(score_b * 1e6)].insert(b["results"][i]["url"]);
  }
  if (by_score_a.empty()) return;
  by_score_a.erase(by_score_a.begin());  // the lowest score shown: ties may be cut differently
  by_score_b.erase(by_score_b.begin());
  EXPECT_EQ(by_score_a, by_score_b) << what;
}

class RemoteShards : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const auto input = dir_->file("articles.jsonl");
    write_articles(input, 3000);
    for (const auto& [name, shards] : {std::pair{"merged", "1"}, std::pair{"sharded", "2"}}) {
      const auto r =
          run_process({kIndex, "--shards", shards, "--index", dir_->file(name), kSample, input});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    servers_[0] = std::make_unique<ShardServer>(kTcpServer, dir_->file("sharded/shard-0"));
    servers_[1] = std::make_unique<ShardServer>(kTcpServer, dir_->file("sharded/shard-1"));
    remote_ = dir_->file("remote");
    std::filesystem::create_directories(remote_);
    std::ofstream(remote_ + "/XAPIANDB") << "# two shards served by xapian-tcpsrv\n"
                                         << "remote " << servers_[0]->endpoint() << "\n"
                                         << "remote " << servers_[1]->endpoint() << "\n";
  }

  static TempDir* dir_;
  std::unique_ptr<ShardServer> servers_[2];
  std::string remote_;
};

TempDir* RemoteShards::dir_ = nullptr;

TEST_F(RemoteShards, AnswerAsOneDatabaseHoldingTheSameArticles) {
  const std::vector<std::vector<std::string>> cases = {
      {"harbour"},
      {"storm river"},
      {"\"school budget\""},
      {"title:museum"},
      {"tram OR festival", "--sort", "date"},
      {"energy", "--sort", "blend"},
      {"council", "--facets", "--page", "3"},  // facets count at least 5,000: exact totals
      {"storm river", "--facets"},
      {"site:site2.example bridge"},
      {"2024-03-01..2024-05-31 election"},
      {"how does the council plan the budget for the new tram and the bridge"},  // feedback
      {"harbuor"},                                                               // did you mean
  };
  for (const auto& args : cases) {
    const std::string what = fmt::format("{}", fmt::join(args, " "));
    const auto local = query(dir_->file("merged"), args);
    const auto remote = query(remote_, args);
    ASSERT_EQ(remote.exit_code, local.exit_code) << what << "\n" << remote.err;
    // Exact totals are the same. Where one side estimates (Xapian stops counting early on broad
    // queries), each shard estimates its own part: close, not equal.
    const double total = local.out["total"];
    if (local.out["total_exact"] == true && remote.out["total_exact"] == true) {
      EXPECT_EQ(remote.out["total"], local.out["total"]) << what;
    } else {
      EXPECT_NEAR(remote.out["total"].get<double>(), total, 0.1 * total) << what;
    }
    EXPECT_EQ(remote.out["facets"], local.out["facets"]) << what;
    EXPECT_EQ(remote.out["suggestion"], local.out["suggestion"]) << what;
    EXPECT_EQ(remote.out["partial"], false) << what;
    expect_same_ranking(local.out, remote.out, what);
    for (std::size_t i = 0; i < remote.out["results"].size(); ++i) {
      EXPECT_FALSE(remote.out["results"][i]["snippet_html"].get<std::string>().empty()) << what;
    }
  }
  EXPECT_EQ(query(remote_, {"harbuor"}).out["suggestion"], "harbour");
}

TEST_F(RemoteShards, AKilledShardGivesPartialResultsFromTheOthers) {
  servers_[1]->stop();
  const auto run = query(remote_, {"harbour", "--per-page", "100"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out["partial"], true);
  EXPECT_EQ(run.out["missing_shards"], json::array({servers_[1]->endpoint()}));
  EXPECT_LT(run.seconds, 10.0);
  // Exactly what the surviving shard holds.
  const auto alone = query(dir_->file("sharded/shard-0"), {"harbour", "--per-page", "100"});
  EXPECT_EQ(run.out["total"], alone.out["total"]);
  EXPECT_GT(run.out["results"].size(), 0u);
  // The text output says so too.
  const auto text = run_process({kQuery, "--index", remote_, "harbour"});
  EXPECT_NE(text.out.find("Partial results"), std::string::npos) << text.out;
}

TEST_F(RemoteShards, AStalledShardCostsTheTimeoutNotAHang) {
  kill(servers_[0]->pid, SIGSTOP);  // accepts connections (the kernel does) but never answers
  const auto run = query(remote_, {"storm"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out["partial"], true);
  EXPECT_EQ(run.out["missing_shards"], json::array({servers_[0]->endpoint()}));
  // The stalled shard costs about one timeout; far from hanging.
  EXPECT_LT(run.seconds, 4.0 * kTimeoutMs / 1000 + 5.0);
}

TEST_F(RemoteShards, NoShardAnsweringIsAnUnavailableIndex) {
  servers_[0]->stop();
  servers_[1]->stop();
  const auto run = query(remote_, {"harbour"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("no shard answers"), std::string::npos) << run.err;
}

TEST(Shards, AnExistingIndexKeepsItsShardCount) {
  TempDir dir;
  const auto index = dir.file("index");
  ASSERT_EQ(run_process({kIndex, "--shards", "2", "--index", index, kSample}).exit_code, 0);
  const auto more = run_process({kIndex, "--shards", "3", "--index", index, kSample});
  EXPECT_EQ(more.exit_code, 3);
  EXPECT_NE(more.err.find("has 2 shard(s), not 3"), std::string::npos) << more.err;
  EXPECT_EQ(run_process({kIndex, "--index", index, kSample}).exit_code, 0);  // keeps 2
  EXPECT_EQ(run_process({kIndex, "--shards", "2", "--index", index, kSample}).exit_code, 0);
}

}  // namespace
}  // namespace gazette
