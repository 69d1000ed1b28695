// Runs the real gazette-index and gazette-query binaries on a temporary data directory.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using testing::kill_and_reap;
using testing::run_process;
using testing::TempDir;
using testing::wait_until;

const std::string kIndex = GAZETTE_INDEX_BIN;
const std::string kQuery = GAZETTE_QUERY_BIN;
const std::string kSample = std::string(GAZETTE_SOURCE_DIR) + "/samples/archive.jsonl";

std::size_t count_lines(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

Xapian::doccount doc_count(const std::string& index) {
  return Xapian::Database(index).get_doccount();
}

nlohmann::json query_json(const std::string& data_dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kQuery, "--data-dir", data_dir, "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_process(argv);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(Cli, IndexesTheSampleArchiveAndSearchesIt) {
  TempDir dir;
  const auto data = dir.file("data");
  const auto r = run_process({kIndex, "--data-dir", data, kSample});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::size_t n = count_lines(kSample);
  EXPECT_NE(r.err.find(fmt::format("summary: {} added, 0 replaced, 0 rejected", n)),
            std::string::npos)
      << r.err;
  EXPECT_EQ(doc_count(data + "/index"), n);

  const auto result = query_json(data, {"central", "bank"});
  ASSERT_GT(result["total"].get<int>(), 0);
  EXPECT_EQ(result["results"].size(),
            std::min<std::size_t>(10, result["total"].get<std::size_t>()));
  const auto& first = result["results"][0];
  for (const char* key : {"url", "title", "site", "published", "snippet", "snippet_html"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_TRUE(result["facets"]["site"].is_array());
  EXPECT_FALSE(result["facets"]["month"].empty());

  // The text output for people.
  const auto text = run_process({kQuery, "--data-dir", data, "central", "bank"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("Results 1-"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("**"), std::string::npos);  // highlighted words when not a terminal
  EXPECT_EQ(text.out.find("By site"), std::string::npos);
  const auto faceted = run_process({kQuery, "--data-dir", data, "--facets", "central", "bank"});
  EXPECT_NE(faceted.out.find("By site: www.metroledger.example ("), std::string::npos)
      << faceted.out;
  EXPECT_NE(faceted.out.find("By month: 20"), std::string::npos) << faceted.out;

  // Pagination: page 2 starts where page 1 stopped.
  const auto p1 = query_json(data, {"--per-page", "2", "the"});
  const auto p2 = query_json(data, {"--per-page", "2", "--page", "2", "the"});
  ASSERT_EQ(p2["results"].size(), 2u);
  EXPECT_EQ(p2["results"][0]["rank"], 3);
  EXPECT_NE(p1["results"][0]["url"], p2["results"][0]["url"]);
}

TEST(Cli, ReindexingReplacesInsteadOfDuplicating) {
  TempDir dir;
  const auto data = dir.file("data");
  ASSERT_EQ(run_process({kIndex, "--data-dir", data, kSample}).exit_code, 0);
  const auto again = run_process({kIndex, "--data-dir", data, kSample});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const std::size_t n = count_lines(kSample);
  EXPECT_NE(again.err.find(fmt::format("summary: 0 added, {} replaced", n)), std::string::npos)
      << again.err;
  EXPECT_EQ(doc_count(data + "/index"), n);

  // An updated record (same canonical URL) replaces the old text.
  const std::string updated =
      R"({"url":"https://www.harbourtimes.example/new-url","canonical_url":"https://x.example/story",)"
      R"("title":"First version","text":"zebracorn"})"
      "\n"
      R"({"url":"https://x.example/story","title":"Second version","text":"unicornfish"})"
      "\n";
  ASSERT_EQ(run_process({kIndex, "--data-dir", data, "-"}, updated).exit_code, 0);
  EXPECT_EQ(doc_count(data + "/index"), n + 1);
  EXPECT_EQ(query_json(data, {"zebracorn"})["total"], 0);
  EXPECT_EQ(query_json(data, {"unicornfish"})["results"][0]["title"], "Second version");
}

TEST(Cli, BadLinesAreReportedWithFileAndLineAndTheRestIsIndexed) {
  TempDir dir;
  const auto input = dir.file("mixed.jsonl");
  {
    std::ofstream out(input);
    out << R"({"url":"https://a.example/1","title":"Good one","text":"alpha"})"
        << "\n"
        << "{broken json\n"
        << R"({"url":"https://a.example/3","text":"no title key"})"
        << "\n"
        << "\n"
        << R"({"url":"https://a.example/5","title":"Bad date","text":"x","published":"soon"})"
        << "\n"
        << "{\"url\":\"https://a.example/6\",\"title\":\"\xc3\x28\",\"text\":\"x\"}\n"
        << R"({"url":"https://a.example/7","title":"Good two","text":"beta"})";  // no newline
  }
  const auto r = run_process({kIndex, "--index", dir.file("index"), input});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const char* where : {"mixed.jsonl:2: invalid JSON", "mixed.jsonl:3: missing required field",
                            "mixed.jsonl:5: field \"published\"", "mixed.jsonl:6: invalid UTF-8"}) {
    EXPECT_NE(r.err.find(where), std::string::npos) << where << "\n" << r.err;
  }
  EXPECT_NE(r.err.find("2 added, 0 replaced, 4 rejected"), std::string::npos) << r.err;
  EXPECT_EQ(doc_count(dir.file("index")), 2u);
}

TEST(Cli, MissingInputIsReportedAndOthersIndexed) {
  TempDir dir;
  const auto r =
      run_process({kIndex, "--index", dir.file("index"), dir.file("nope.jsonl"), kSample});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nope.jsonl"), std::string::npos);
  EXPECT_EQ(doc_count(dir.file("index")), count_lines(kSample));
}

TEST(Cli, MalformedQueriesExitWithStatusTwo) {
  TempDir dir;
  const auto data = dir.file("data");
  ASSERT_EQ(run_process({kIndex, "--data-dir", data, kSample}).exit_code, 0);
  for (const std::string& q : std::vector<std::string>{"2025-99-01..2025-12-01", "after:someday",
                                                       std::string(5000, 'x')}) {
    const auto r = run_process({kQuery, "--data-dir", data, q});
    EXPECT_EQ(r.exit_code, 2) << q;
    EXPECT_FALSE(r.err.empty());
  }
  EXPECT_EQ(run_process({kQuery, "--data-dir", data, "--sort", "random", "x"}).exit_code, 2);
  EXPECT_EQ(run_process({kQuery, "--data-dir", dir.file("none"), "x"}).exit_code, 3);
  EXPECT_EQ(run_process({kQuery, "--data-dir", data, "qwxzvv"}).exit_code, 1);
}

TEST(Cli, BadConfigurationStopsBeforeAnyWork) {
  TempDir dir;
  const auto config = dir.file("bad.toml");
  std::ofstream(config) << "[index]\nbatch_size = 0\n";
  const auto r = run_process({kIndex, "--config", config, "--index", dir.file("index"), kSample});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("index.batch_size"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("index")));
}

// Writes `n` synthetic records with some repeated URLs; returns the number of distinct URLs.
std::size_t write_synthetic(const std::string& path, std::size_t n) {
  std::mt19937 rng(42);
  const char* words[] = {"market",  "harbour", "council", "rates", "storm",  "election", "museum",
                         "vaccine", "league",  "budget",  "river", "bridge", "school",   "energy"};
  std::ofstream out(path);
  std::set<std::size_t> ids;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t id = i % 7 == 6 ? i - 3 : i;  // every seventh line repeats an earlier URL
    ids.insert(id);
    std::string text;
    for (int w = 0; w < 120; ++w) {
      text += words[rng() % std::size(words)];
      text += w % 15 == 14 ? ". " : " ";
    }
    out << nlohmann::json{{"url", fmt::format("https://synthetic.example/{}", id)},
                          {"title", fmt::format("Story {} about {}", i, words[i % 14])},
                          {"published", "2024-01-01T00:00:00Z"},
                          {"text", text}}
               .dump()
        << "\n";
  }
  return ids.size();
}

Xapian::doccount doc_count_or_zero(const std::string& index) {
  try {
    return doc_count(index);
  } catch (const Xapian::Error&) {
    return 0;  // not created yet
  }
}

TEST(Cli, KillDuringIncrementalImportKeepsLastCommitAndARerunConverges) {
  TempDir dir;
  const auto input = dir.file("big.jsonl");
  const std::size_t distinct = write_synthetic(input, 15000);
  const auto index = dir.file("index");
  // An existing single database: imports into it go through its one writer, in batches.
  ASSERT_EQ(run_process({kIndex, "--threads", "1", "--index", index, kSample}).exit_code, 0);
  const auto seeded = doc_count(index);
  const pid_t pid =
      testing::start_process({kIndex, "--batch-size", "500", "--index", index, input});
  const bool committed = wait_until([&] { return doc_count_or_zero(index) > seeded; });
  kill_and_reap(pid);
  ASSERT_TRUE(committed) << "the importer never committed a batch";
  const auto after_kill = doc_count(index);  // must open: the last commit is intact
  EXPECT_LT(after_kill, seeded + distinct) << "finished before the kill; make the input larger";

  const auto rerun = run_process({kIndex, "--index", index, input});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(doc_count(index), seeded + distinct);
  ASSERT_EQ(run_process({kIndex, "--index", index, input}).exit_code, 0);
  EXPECT_EQ(doc_count(index), seeded + distinct);
}

TEST(Cli, KillDuringShardedImportKeepsAnIndexThatOpensAndARerunConverges) {
  TempDir dir;
  const auto input = dir.file("big.jsonl");
  const std::size_t distinct = write_synthetic(input, 15000);
  const auto index = dir.file("index");
  const pid_t pid = testing::start_process(
      {kIndex, "--threads", "2", "--batch-size", "500", "--index", index, input});
  const bool committed = wait_until([&] { return doc_count_or_zero(index) > 0; });
  kill_and_reap(pid);
  ASSERT_TRUE(committed) << "the importer never committed a batch";
  EXPECT_TRUE(std::filesystem::exists(index + "/XAPIANDB"));  // one shard per core
  const auto after_kill = doc_count(index);  // opens: every shard is at its last commit
  EXPECT_LT(after_kill, distinct) << "finished before the kill; make the input larger";

  const auto rerun = run_process({kIndex, "--index", index, input});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(doc_count(index), distinct);
  ASSERT_EQ(run_process({kIndex, "--threads", "1", "--index", index, input}).exit_code, 0);
  EXPECT_EQ(doc_count(index), distinct);  // an existing sharded index stays sharded
}

TEST(Cli, ShardedAndSingleIndexesRankTheSame) {
  TempDir dir;
  const auto input = dir.file("some.jsonl");
  write_synthetic(input, 3000);
  ASSERT_EQ(run_process({kIndex, "--threads", "2", "--index", dir.file("bulk"), input}).exit_code,
            0);
  ASSERT_EQ(run_process({kIndex, "--threads", "1", "--index", dir.file("one"), input}).exit_code,
            0);
  for (const char* q : {"harbour", "\"storm river\"", "title:museum", "budget OR vaccine"}) {
    const auto bulk = run_process({kQuery, "--index", dir.file("bulk"), "--json", q});
    const auto one = run_process({kQuery, "--index", dir.file("one"), "--json", q});
    const auto a = nlohmann::json::parse(bulk.out), b = nlohmann::json::parse(one.out);
    EXPECT_EQ(a["total"], b["total"]) << q;
    ASSERT_EQ(a["results"].size(), b["results"].size()) << q;
    for (std::size_t i = 0; i < a["results"].size(); ++i) {
      EXPECT_EQ(a["results"][i]["score"], b["results"][i]["score"]) << q;
    }
  }
  // "Did you mean" sees the vocabulary of all shards.
  const auto fix = run_process({kQuery, "--index", dir.file("bulk"), "--json", "harbuor"});
  EXPECT_EQ(nlohmann::json::parse(fix.out)["suggestion"], "harbour");
}

TEST(Cli, ASecondImportIntoTheSameIndexIsRefused) {
  TempDir dir;
  const auto input = dir.file("big.jsonl");
  write_synthetic(input, 15000);
  const auto index = dir.file("index");
  const pid_t pid = testing::start_process({kIndex, "--index", index, input});
  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(index); }));
  const auto second = run_process({kIndex, "--index", index, kSample});
  kill_and_reap(pid);
  EXPECT_EQ(second.exit_code, 3) << second.err;
  EXPECT_NE(second.err.find("locked by another writer"), std::string::npos) << second.err;
}

// gazette-query once printed ESC sequences from stored text raw (terminal escape injection).
TEST(Cli, TextOutputCarriesNoControlCharactersFromTheIndex) {
  TempDir dir;
  const auto data = dir.file("data");
  const auto input = dir.file("controls.jsonl");
  {
    std::ofstream out(input);
    out << R"({"url":"https://oil.example/1","title":"Oil\u0001 price\u001b[31m jumps",)"
        << R"("text":"Oil\u0001 rose\u001b]0;owned\u0007 again\u001b[0m today.",)"
        << R"("site":"oil.example\u001b[2J","authors":["Ann\u009b31m"],"language":"en"})"
        << "\n";
  }
  const auto indexed = run_process({kIndex, "--data-dir", data, input});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  const auto r = run_process({kQuery, "--data-dir", data, "oil"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Oil"), std::string::npos) << r.out;
  for (const char c : r.out) {
    const auto b = static_cast<unsigned char>(c);
    EXPECT_TRUE(b >= 0x20 || c == '\n') << int{b} << "\n" << r.out;
  }
  EXPECT_EQ(r.out.find("\xC2\x9B"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gazette
