// One bad record never stops an import: whatever is wrong with a line (JSON a library throws on,
// a field that would make a term longer than Xapian allows), that line is rejected with its
// file:line and the rest is indexed; `update` moves past it. A huge record is cut to the record
// limits and still indexed.
#include "indexer/importer.h"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include "common/article.h"
#include "common/schema.h"
#include "common/utf8.h"
#include "indexer/document_builder.h"
#include "indexer/record_limits.h"
#include "tests/support/temp_dir.h"

namespace gazette::indexer {
namespace {

using testing::TempDir;

const std::string kOutOfRange = R"({"url":"https://a.test/2","title":"t","text":"x","n":1e400})";

std::string long_author_line() {
  return fmt::format(R"({{"url":"https://a.test/author","title":"t","text":"x","authors":["{}"]}})",
                     std::string(300, 'x'));
}

std::string good_line(int i) {
  return fmt::format(R"({{"url":"https://good.test/{}","title":"Good {}","text":"harbour"}})", i,
                     i);
}

struct Collected {
  std::vector<Error> rejected;
  std::vector<Error> cut;
};

ImportOptions options_for(const TempDir& dir, Collected& seen, unsigned threads = 2) {
  ImportOptions options;
  options.index_path = dir.file("index");
  options.config.threads = threads;
  options.config.batch_size = 50;
  options.on_rejected = [&seen](const Error& e) { seen.rejected.push_back(e); };
  options.on_cut = [&seen](const Error& e) { seen.cut.push_back(e); };
  return options;
}

TEST(Importer, ARecordALibraryThrowsOnIsRejectedWithItsLine) {
  TempDir dir;
  const std::string input = dir.file("bad.jsonl");
  std::ofstream(input) << good_line(1) << "\n"
                       << kOutOfRange << "\n"
                       << long_author_line() << "\n"
                       << good_line(4) << "\n";
  Collected seen;
  for (const unsigned threads : {1u, 2u}) {
    seen = {};
    TempDir index_dir;
    const auto stats = import_files({input}, options_for(index_dir, seen, threads));
    ASSERT_TRUE(stats) << stats.error().to_string();
    EXPECT_EQ(stats->added, 3u);
    EXPECT_EQ(stats->rejected, 1u);
    ASSERT_EQ(seen.rejected.size(), 1u);
    EXPECT_EQ(seen.rejected[0].where, input + ":2");
    EXPECT_NE(seen.rejected[0].what.find("1e400"), std::string::npos) << seen.rejected[0].what;
    // The long author is indexed, and its (bounded) filter term finds it.
    Xapian::Database db(index_dir.file("index"));
    const std::string term =
        std::string(schema::kAuthorPrefix) + schema::author_key(std::string(300, 'x'));
    EXPECT_LE(term.size(), schema::kMaxIdTermBytes);
    EXPECT_EQ(db.get_termfreq(term), 1u);
  }
}

// 600 good lines around the two bad ones, read by `update` in several commits: every good line is
// indexed, the bad one is reported once with file:line, and the next update has nothing to do.
TEST(Importer, UpdateMovesPastABadRecord) {
  TempDir dir;
  const std::string articles = dir.file("articles");
  std::filesystem::create_directories(articles);
  const std::string file = articles + "/crawl.jsonl";
  {
    std::ofstream out(file);
    for (int i = 1; i <= 600; ++i) {
      out << (i == 300 ? kOutOfRange : i == 301 ? long_author_line() : good_line(i)) << "\n";
    }
  }
  Collected seen;
  const auto first = import_new_articles(articles, options_for(dir, seen));
  ASSERT_TRUE(first) << first.error().to_string();
  EXPECT_EQ(first->added, 599u);
  EXPECT_EQ(first->rejected, 1u);
  ASSERT_EQ(seen.rejected.size(), 1u);
  EXPECT_EQ(seen.rejected[0].where, file + ":300");
  EXPECT_EQ(Xapian::Database(dir.file("index")).get_doccount(), 599u);

  const auto second = import_new_articles(articles, options_for(dir, seen));
  ASSERT_TRUE(second) << second.error().to_string();
  EXPECT_EQ(second->added + second->replaced + second->rejected, 0u);
}

// Captures of one article arrive in any order (WARC files replayed out of order, archives
// merged): the one fetched last is what the index holds, on one database and on shards; records
// without a fetch date replace in input order, as before.
TEST(Importer, TheCaptureFetchedLastWinsWhateverTheOrder) {
  const auto line = [](const std::string& url, const std::string& text,
                       const std::string& fetched) {
    std::string out = fmt::format(R"({{"url":"{}","title":"Tides","text":"{}")", url, text);
    if (!fetched.empty()) out += fmt::format(R"(,"fetched":"{}")", fetched);
    return out + "}";
  };
  TempDir dir;
  const std::string input = dir.file("captures.jsonl");
  std::ofstream(input) << line("https://a.test/1", "zanzibar", "2024-06-01T00:00:00Z") << "\n"
                       << line("https://a.test/1", "kilimanjaro", "2024-01-01T00:00:00Z") << "\n"
                       << line("https://a.test/1", "serengeti", "2024-03-01T00:00:00Z") << "\n"
                       << line("https://a.test/2", "mombasa", "") << "\n"
                       << line("https://a.test/2", "lamu", "") << "\n";
  for (const unsigned shards : {1u, 3u}) {
    TempDir index_dir;
    Collected seen;
    ImportOptions options = options_for(index_dir, seen);
    options.config.shards = shards;
    const auto stats = import_files({input}, options);
    ASSERT_TRUE(stats) << stats.error().to_string();
    EXPECT_EQ(stats->added, 2u);
    EXPECT_EQ(stats->replaced, 1u);  // lamu over mombasa
    EXPECT_EQ(stats->older, 2u);
    Xapian::Database db(index_dir.file("index"));
    EXPECT_EQ(db.get_doccount(), 2u);
    EXPECT_EQ(db.get_termfreq("zanzibar"), 1u);
    EXPECT_EQ(db.get_termfreq("kilimanjaro") + db.get_termfreq("serengeti"), 0u);
    EXPECT_EQ(db.get_termfreq("lamu"), 1u);
    EXPECT_EQ(db.get_termfreq("mombasa"), 0u);
  }
}

std::string word(std::size_t i) { return fmt::format("w{:07}", i); }  // 8 bytes; 9 with a space

// A multi-megabyte record of distinct words is indexed with its text cut to the cap: its first
// words are searchable, words past the cap are not, and the cut is reported with file:line.
TEST(Importer, AHugeRecordIsCutToTheCapAndIndexed) {
  TempDir dir;
  const std::string input = dir.file("big.jsonl");
  constexpr std::size_t kWords = 400000;  // 3.6 MB of text
  {
    std::string text;
    text.reserve(kWords * 9);
    for (std::size_t i = 0; i < kWords; ++i) text += word(i) + " ";
    Article a;
    a.url = "https://big.test/1";
    a.title = "Huge " + std::string(10000, 'y');
    a.text = std::move(text);
    for (int i = 0; i < 300; ++i) a.tags.push_back(fmt::format("tag{}", i));
    std::ofstream(input) << to_json_line(a) << "\n" << good_line(2) << "\n";
  }
  Collected seen;
  const auto stats = import_files({input}, options_for(dir, seen));
  ASSERT_TRUE(stats) << stats.error().to_string();
  EXPECT_EQ(stats->added, 2u);
  EXPECT_EQ(stats->cut, 1u);
  ASSERT_EQ(seen.cut.size(), 1u);
  EXPECT_EQ(seen.cut[0].where, input + ":1");
  EXPECT_NE(seen.cut[0].what.find("text cut from 3600000 to"), std::string::npos)
      << seen.cut[0].what;
  EXPECT_NE(seen.cut[0].what.find("300 tags cut to 100"), std::string::npos) << seen.cut[0].what;

  Xapian::Database db(dir.file("index"));
  const std::size_t last_kept = kMaxIndexedTextBytes / 9 - 1;
  EXPECT_EQ(db.get_termfreq(word(0)), 1u);
  EXPECT_EQ(db.get_termfreq(word(last_kept)), 1u);
  EXPECT_EQ(db.get_termfreq(word(last_kept + 2)), 0u);
  EXPECT_EQ(db.get_termfreq(word(kWords - 1)), 0u);
  EXPECT_EQ(db.get_termfreq(schema::boolean_term(schema::kTagPrefix, "tag99")), 1u);
  EXPECT_EQ(db.get_termfreq(schema::boolean_term(schema::kTagPrefix, "tag100")), 0u);
}

TEST(RecordLimits, CutsAtUtf8BoundariesAndReportsWhat) {
  Article a;
  a.text = std::string(kMaxIndexedTextBytes - 1, 'a') + "\xc3\xa9";  // é straddles the cap
  a.title = "short";
  a.authors = {std::string(kMaxFieldBytes + 1, 'z'), "Jane"};
  const std::string cut = limit_record(a);
  EXPECT_EQ(a.text.size(), kMaxIndexedTextBytes - 1);
  EXPECT_FALSE(first_invalid_utf8(a.text));
  EXPECT_EQ(a.authors[0].size(), kMaxFieldBytes);
  EXPECT_EQ(a.authors[1], "Jane");
  EXPECT_EQ(cut, fmt::format("text cut from {} to {} bytes; 1 authors cut to {} bytes",
                             kMaxIndexedTextBytes + 1, kMaxIndexedTextBytes - 1, kMaxFieldBytes));

  Article small;
  small.text = "fine";
  EXPECT_EQ(limit_record(small), "");
}

// Every term the builder makes fits Xapian's limit, however long the fields are.
TEST(DocumentBuilder, EveryTermFitsXapiansLimit) {
  const std::string huge(2000, 'q');
  Article a;
  a.url = "https://long.test/" + huge;
  a.site = huge + ".test";
  a.title = huge + " title";
  a.text = "body " + huge + " " + std::string(300, 'k') + "\xe4\xb8\xad" + huge;
  a.authors = {huge};
  a.tags = {huge};
  a.section = huge;
  a.language = huge;
  DocumentBuilder builder(IndexConfig{});
  const auto built = builder.build(a);
  ASSERT_TRUE(built) << built.error().what;
  std::size_t terms = 0;
  for (auto t = built->document.termlist_begin(); t != built->document.termlist_end(); ++t) {
    EXPECT_LE((*t).size(), schema::kMaxIdTermBytes) << (*t).substr(0, 20);
    ++terms;
  }
  EXPECT_GT(terms, 5u);
}

}  // namespace
}  // namespace gazette::indexer
