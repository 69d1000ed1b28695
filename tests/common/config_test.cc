#include "common/config.h"

#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string write(const testing::TempDir& dir, const std::string& text) {
  const std::string path = dir.file("gazette.toml");
  std::ofstream(path) << text;
  return path;
}

TEST(Config, ExampleFileLoadsAndMatchesDefaults) {
  const auto loaded =
      load_config(std::string(GAZETTE_SOURCE_DIR) + "/config/gazette.toml", env_of({}));
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  const Config defaults;
  EXPECT_EQ(loaded->data_dir, defaults.data_dir);
  EXPECT_EQ(loaded->index.batch_size, defaults.index.batch_size);
  EXPECT_EQ(loaded->index.threads, defaults.index.threads);
  EXPECT_EQ(loaded->query.sort, defaults.query.sort);
  EXPECT_EQ(loaded->query.recency_weight, defaults.query.recency_weight);
  EXPECT_EQ(loaded->query.max_query_bytes, defaults.query.max_query_bytes);
  EXPECT_EQ(loaded->crawl.seeds, defaults.crawl.seeds);
  EXPECT_EQ(loaded->crawl.content_types, defaults.crawl.content_types);
  EXPECT_EQ(loaded->crawl.delay_seconds, defaults.crawl.delay_seconds);
  EXPECT_EQ(loaded->crawl.max_body_bytes, defaults.crawl.max_body_bytes);
  EXPECT_EQ(loaded->crawl.source_interval_minutes, defaults.crawl.source_interval_minutes);
  EXPECT_EQ(loaded->crawl.article_revisit_hours, defaults.crawl.article_revisit_hours);
}

TEST(Config, CrawlListsFromFileAndEnvironment) {
  testing::TempDir dir;
  const auto path =
      write(dir,
            "[crawl]\nseeds = [\"http://a.localhost/\", \"http://b.localhost/feed\"]\n"
            "delay_seconds = 0.5\n");
  const auto c = load_config(path, env_of({{"GAZETTE_CRAWL_EXCLUDE", "/tag/ \\?page="}}));
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->crawl.seeds,
            (std::vector<std::string>{"http://a.localhost/", "http://b.localhost/feed"}));
  EXPECT_EQ(c->crawl.exclude, (std::vector<std::string>{"/tag/", "\\?page="}));
  EXPECT_EQ(c->crawl.delay_seconds, 0.5);
  const auto bad =
      load_config(write(dir, "[crawl]\nseeds = \"http://a.localhost/\"\n"), env_of({}));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().what.find("array of strings"), std::string::npos);
}

TEST(Config, NumberListsFromFileAndEnvironment) {
  testing::TempDir dir;
  const auto path = write(dir, "[crawl]\narticle_revisit_hours = [0.5, 2, 48]\n");
  const auto c = load_config(path, env_of({}));
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->crawl.article_revisit_hours, (std::vector<double>{0.5, 2, 48}));
  const auto from_env = load_config(path, env_of({{"GAZETTE_CRAWL_ARTICLE_REVISIT_HOURS", "1 3"}}));
  ASSERT_TRUE(from_env) << from_env.error().to_string();
  EXPECT_EQ(from_env->crawl.article_revisit_hours, (std::vector<double>{1, 3}));
  const auto empty = load_config(write(dir, "[crawl]\narticle_revisit_hours = []\n"), env_of({}));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->crawl.article_revisit_hours.empty());
}

TEST(Config, ExampleFileDocumentsEveryKey) {
  std::ifstream in(std::string(GAZETTE_SOURCE_DIR) + "/config/gazette.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& key : config_keys()) {
    const std::string leaf = key.substr(key.rfind('.') + 1);
    EXPECT_NE(text.find("\n" + leaf + " = "), std::string::npos) << key;
  }
}

TEST(Config, EnvironmentOverridesFile) {
  testing::TempDir dir;
  const auto path = write(dir, "data_dir = \"from-file\"\n[index]\nbatch_size = 10\n");
  const auto c = load_config(path, env_of({{"GAZETTE_INDEX_BATCH_SIZE", "20"}}));
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->data_dir, "from-file");
  EXPECT_EQ(c->index.batch_size, 20u);
}

TEST(Config, ConfigPathFromEnvironment) {
  testing::TempDir dir;
  const auto path = write(dir, "[query]\nsort = \"date\"\n");
  const auto c = load_config(std::nullopt, env_of({{"GAZETTE_CONFIG", path}}));
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->query.sort, "date");
}

struct BadConfig {
  std::string toml;
  std::map<std::string, std::string> env;
  std::string where;  // substring of Error::where
  std::string what;   // substring of Error::what
};

TEST(Config, BadKeysAndValuesAreNamed) {
  const BadConfig cases[] = {
      {"[index]\nbatch_sise = 3\n", {}, "gazette.toml:2", "unknown key \"index.batch_sise\""},
      {"colour = 1\n", {}, "gazette.toml:1", "unknown key \"colour\""},
      {"[query.deep.er]\nx = 1\n", {}, "gazette.toml:1", "unknown key \"query.deep\""},
      {"a.b.c.d.e.f = 1\n", {}, "gazette.toml:1", "unknown key \"a\""},
      {"[query]\nsort = \"random\"\n", {}, "gazette.toml:2", "not one of"},
      {"[query]\npage_size = 0\n", {}, "gazette.toml:2", "outside"},
      {"[query]\npage_size = \"ten\"\n", {}, "gazette.toml:2", "whole number"},
      {"[index]\nthreads = -1\n", {}, "gazette.toml:2", "out of range"},
      {"data_dir = \n", {}, "gazette.toml:1", ""},
      {"", {{"GAZETTE_QUERY_PAGE_SIZE", "many"}}, "GAZETTE_QUERY_PAGE_SIZE", "not a number"},
      {"", {{"GAZETTE_QUERY_PAGE_SIZE", "2.5"}}, "GAZETTE_QUERY_PAGE_SIZE", "whole number"},
      {"", {{"GAZETTE_LOG_LEVEL", "loud"}}, "GAZETTE_LOG_LEVEL", "not one of"},
      {"[crawl]\narticle_revisit_hours = [1, \"x\"]\n", {}, "gazette.toml:2", "array of numbers"},
      {"[crawl]\narticle_revisit_hours = [-1]\n", {}, "gazette.toml:2", "outside"},
      {"",
       {{"GAZETTE_CRAWL_ARTICLE_REVISIT_HOURS", "1 soon"}},
       "GAZETTE_CRAWL_ARTICLE_REVISIT",
       "not a number"},
  };
  for (const auto& c : cases) {
    testing::TempDir dir;
    const auto path = write(dir, c.toml);
    const auto loaded = load_config(path, env_of(c.env));
    ASSERT_FALSE(loaded) << c.toml;
    EXPECT_NE(loaded.error().where.find(c.where), std::string::npos) << loaded.error().to_string();
    EXPECT_NE(loaded.error().what.find(c.what), std::string::npos) << loaded.error().to_string();
  }
}

TEST(Config, SourceIntervalBoundsMustBeOrdered) {
  Config c;
  c.crawl.source_interval_min_minutes = 100;
  c.crawl.source_interval_max_minutes = 50;
  const auto valid = validate(c);
  ASSERT_FALSE(valid);
  EXPECT_EQ(valid.error().where, "crawl.source_interval_min_minutes");
}

TEST(Config, PageSizeMustFitThePageBound) {
  Config c;
  c.query.max_per_page = 20;
  c.query.page_size = 20;
  EXPECT_TRUE(validate(c));
  c.query.page_size = 21;
  const auto valid = validate(c);
  ASSERT_FALSE(valid);
  EXPECT_EQ(valid.error().where, "query.page_size");
}

TEST(Config, MissingExplicitFileIsAnError) {
  const auto c = load_config(std::string("/nonexistent/gazette.toml"), env_of({}));
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().what.find("not found"), std::string::npos);
}

}  // namespace
}  // namespace gazette
