#include "crawler/article_sink.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/support/file_size_limit.h"
#include "tests/support/temp_dir.h"

namespace gazette::crawler {
namespace {

using testing::FileSizeLimit;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Article article(const std::string& url) {
  Article a;
  a.url = url;
  a.title = "Title of " + url;
  a.text = "Body. " + std::string(120, 'x');
  return a;
}

TEST(ArticleSink, PartFileIsPublishedOnClose) {
  testing::TempDir dir;
  ArticleSinkOptions o;
  o.directory = dir.file("articles");
  auto sink = ArticleSink::open(o);
  ASSERT_TRUE(sink);
  ASSERT_TRUE((*sink)->write(article("http://a.localhost/1")));
  ASSERT_TRUE((*sink)->write(article("http://a.localhost/2")));
  // While open, only a part file exists: the indexer sees nothing half-written.
  for (const auto& e : std::filesystem::directory_iterator(o.directory)) {
    EXPECT_TRUE(e.path().string().ends_with(".jsonl.part"));
  }
  ASSERT_TRUE((*sink)->close());
  const auto published = (*sink)->published();
  ASSERT_EQ(published.size(), 1u);
  const std::string text = slurp(published[0]);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_EQ((*sink)->written(), 2u);
}

TEST(ArticleSink, TornLastLineOfAKilledWriterIsCutOnOpen) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.file("articles"));
  const std::string part = dir.file("articles/crawl-x.jsonl.part");
  std::ofstream(part) << "{\"url\":\"http://a/1\",\"title\":\"t\",\"text\":\"x\"}\n"
                      << "{\"url\":\"http://a/2\",\"tit";
  std::ofstream(dir.file("articles/empty.jsonl.part")) << "{\"url\":\"torn";
  ArticleSinkOptions o;
  o.directory = dir.file("articles");
  auto sink = ArticleSink::open(o);
  ASSERT_TRUE(sink);
  EXPECT_FALSE(std::filesystem::exists(part));
  EXPECT_FALSE(std::filesystem::exists(dir.file("articles/empty.jsonl.part")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("articles/empty.jsonl")));  // nothing whole
  EXPECT_EQ(slurp(dir.file("articles/crawl-x.jsonl")),
            "{\"url\":\"http://a/1\",\"title\":\"t\",\"text\":\"x\"}\n");
}

TEST(ArticleSink, RotatesBySize) {
  testing::TempDir dir;
  ArticleSinkOptions o;
  o.directory = dir.file("articles");
  o.rotate_bytes = 100;
  auto sink = ArticleSink::open(o);
  ASSERT_TRUE(sink);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE((*sink)->write(article("http://a.localhost/" + std::to_string(i))));
  ASSERT_TRUE((*sink)->close());
  EXPECT_EQ((*sink)->published().size(), 5u);  // each line is over 120 bytes
}

// Every published file ends in a newline and every line is a record; returns the line count.
std::size_t expect_whole_lines(const std::vector<std::string>& files) {
  std::size_t lines = 0;
  for (const auto& file : files) {
    const std::string text = slurp(file);
    EXPECT_TRUE(text.ends_with('\n')) << file;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line); ++lines) {
      EXPECT_TRUE(parse_article(line)) << file << ": " << line;
    }
  }
  return lines;
}

TEST(ArticleSink, AFullDiskNeverPublishesATornLine) {
  for (const bool space_comes_back : {false, true}) {
    testing::TempDir dir;
    ArticleSinkOptions o;
    o.directory = dir.file("articles");
    std::size_t written = 0;
    {
      FileSizeLimit full(1000);  // each line is ~200 bytes: the fifth or sixth is cut short
      auto sink = ArticleSink::open(o);
      ASSERT_TRUE(sink);
      Expected<void> ok;
      for (int i = 0; ok && i < 20; ++i) {
        ok = (*sink)->write(article("http://a.localhost/" + std::to_string(i)));
      }
      ASSERT_FALSE(ok) << "the limit never stopped a write";
      EXPECT_NE(ok.error().where.find(".jsonl.part"), std::string::npos) << ok.error().to_string();
      if (space_comes_back) {
        full.lift();
        ASSERT_TRUE((*sink)->write(article("http://a.localhost/after")));
      }
      written = (*sink)->written();
      // The sink is destroyed here, after the error, with the limit still on (or lifted).
    }
    std::vector<std::string> published;
    for (const auto& e : std::filesystem::directory_iterator(o.directory)) {
      published.push_back(e.path().string());
      EXPECT_TRUE(e.path().string().ends_with(".jsonl")) << e.path();
    }
    EXPECT_GE(written, 4u);
    EXPECT_EQ(expect_whole_lines(published), written) << "space back: " << space_comes_back;
  }
}

}  // namespace
}  // namespace gazette::crawler
