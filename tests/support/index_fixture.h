// Builds a real Xapian index in a temp dir from article records, through the indexer library.
#pragma once

#include <string>
#include <vector>

#include "common/article.h"
#include "indexer/importer.h"
#include "tests/support/temp_dir.h"

namespace gazette::testing {

// Writes the records as JSON Lines and imports them into dir/index; returns the index path.
inline std::string build_index(const TempDir& dir, const std::vector<Article>& articles) {
  const std::string input = dir.file("input.jsonl");
  {
    std::FILE* f = std::fopen(input.c_str(), "wb");
    for (const auto& a : articles) std::fprintf(f, "%s\n", to_json_line(a).c_str());
    std::fclose(f);
  }
  indexer::ImportOptions options;
  options.index_path = dir.file("index");
  const auto stats = indexer::import_files({input}, options);
  if (!stats || stats->rejected != 0) throw std::runtime_error("fixture import failed");
  return options.index_path;
}

inline Article make_article(std::string url, std::string title, std::string text,
                            std::string published, std::string site = "",
                            std::vector<std::string> authors = {}, std::string language = "en") {
  Article a;
  a.url = std::move(url);
  a.title = std::move(title);
  a.text = std::move(text);
  a.published = parse_iso8601(published);
  a.site = site.empty() ? host_of_url(a.url) : std::move(site);
  a.authors = std::move(authors);
  a.language = std::move(language);
  return a;
}

// Appends articles `first` to `last` - 1 of a numbered series about `topic` (one word) to the JSON
// Lines file at `path`, created when absent: https://series.example/TOPIC/N, each mentioning it.
inline void append_series(const std::string& path, const std::string& topic, int first, int last) {
  std::FILE* f = std::fopen(path.c_str(), "ab");
  if (f == nullptr) throw std::runtime_error("cannot append to " + path);
  for (int i = first; i < last; ++i) {
    const Article a =
        make_article("https://series.example/" + topic + "/" + std::to_string(i),
                     topic + " story " + std::to_string(i),
                     "The " + topic + " board met again and logged item " + std::to_string(i) + ".",
                     "2025-01-02T03:04:05Z");
    std::fprintf(f, "%s\n", to_json_line(a).c_str());
  }
  std::fclose(f);
}

}  // namespace gazette::testing
