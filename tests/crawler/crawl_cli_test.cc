// gazette-crawl's exit statuses, as the real binary gives them: usage errors exit 2 (never
// CLI11's own codes), a data directory that cannot be used exits 3, replay reads a directory of
// WARC files, and `update` moves past a bad article line instead of failing on it forever.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include "tests/crawler/crawl_helpers.h"
#include "tests/crawler/test_server.h"
#include "tests/support/process.h"

namespace gazette::testing {
namespace {

const std::string kCrawl = GAZETTE_CRAWL_BIN;

TEST(CrawlCommand, UsageErrorsExitWithStatusTwo) {
  TempDir dir;
  const std::string data = dir.file("data");
  std::filesystem::create_directories(dir.file("empty"));
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"crawl", "--no-such-flag"},
      {"crawl", "--data-dir", data, "--max-pages", "-5"},
      {"crawl", "--data-dir", data, "--max-pages", "many"},
      {"add", "--data-dir", data, "ftp://example.test/"},
      {"replay", "--data-dir", data},
      {"replay", "--data-dir", data, dir.file("empty")},
      {"extract"},
  };
  for (const auto& args : cases) {
    std::vector<std::string> argv = {kCrawl};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run_process(argv);
    EXPECT_EQ(r.exit_code, 2) << fmt::format("{}", fmt::join(args, " ")) << "\n" << r.err;
    EXPECT_FALSE(r.err.empty()) << fmt::format("{}", fmt::join(args, " "));
  }
  EXPECT_FALSE(std::filesystem::exists(data + "/crawl.sqlite")) << "a usage error did work";
  for (const std::vector<std::string>& help :
       {std::vector<std::string>{kCrawl, "--help"}, {kCrawl, "crawl", "--help"}}) {
    const auto r = run_process(help);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
}

TEST(CrawlCommand, AddOnACorruptDatabaseExitsWithStatusThree) {
  TempDir dir;
  const std::string data = dir.file("data");
  std::filesystem::create_directories(data);
  std::ofstream(data + "/crawl.sqlite") << std::string(8192, 'z');
  const auto r = run_process({kCrawl, "add", "--data-dir", data, "http://127.0.0.1:1/"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("crawl.sqlite"), std::string::npos) << r.err;
}

TEST(CrawlCommand, ReplayOfADirectoryReadsTheWarcFilesInIt) {
  TestServer site;
  site.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(front_page({"/a/1", "/a/2"}), "text/html");
  });
  site.server().Get(R"(/a/\d+)", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(article_page("Harbour story " + req.path.substr(3)), "text/html");
  });
  site.start();
  TempDir dir;
  const auto config = crawl_test_config(dir, {site.url("/")});
  crawl_once(config);
  ASSERT_FALSE(warc_files(config.data_dir).empty());

  const auto r = run_process(
      {kCrawl, "replay", "--data-dir", dir.file("other"), config.data_dir + "/archive"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 articles"), std::string::npos) << r.out;
  EXPECT_EQ(read_articles(dir.file("other"), "replay").size(), 2u);
}

// A line the JSON library throws on (a number out of range) and one with an author longer than a
// Xapian term, among good lines: the first update indexes every good line and reports the bad one
// with file:line (exit 1); the next has nothing left to do (exit 0), rather than failing forever.
TEST(CrawlCommand, UpdateMovesPastABadArticleLine) {
  TempDir dir;
  const std::string data = dir.file("data");
  std::filesystem::create_directories(data + "/articles");
  const std::string file = data + "/articles/bad.jsonl";
  {
    std::ofstream out(file);
    for (int i = 1; i <= 40; ++i) {
      if (i == 20) {
        out << R"({"url":"https://a.test/2","title":"t","text":"x","n":1e400})"
            << "\n";
      } else if (i == 21) {
        out << fmt::format(
                   R"({{"url":"https://a.test/3","title":"t","text":"x","authors":["{}"]}})",
                   std::string(300, 'x'))
            << "\n";
      } else {
        out << fmt::format(R"({{"url":"https://good.test/{}","title":"Good","text":"x"}})", i)
            << "\n";
      }
    }
  }
  const auto first = run_process({kCrawl, "update", "--data-dir", data});
  EXPECT_EQ(first.exit_code, 1) << first.err;
  EXPECT_NE(first.err.find("bad.jsonl:20"), std::string::npos) << first.err;
  EXPECT_NE(first.out.find("index: 39 added, 0 replaced, 1 rejected"), std::string::npos)
      << first.out;
  EXPECT_EQ(Xapian::Database(data + "/index").get_doccount(), 39u);

  const auto second = run_process({kCrawl, "update", "--data-dir", data});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("index: 0 added, 0 replaced, 0 rejected"), std::string::npos)
      << second.out;
}

}  // namespace
}  // namespace gazette::testing
