// extract_dir: runs Gazette's extractor over a directory of saved pages (<id>.html) and writes
// the article text of each to OUT/<id>.txt, for scoring against hand-made truth. Prints pages,
// seconds spent extracting (one thread, so one core), pages/s and peak memory to stdout.
// Usage: extract_dir IN_DIR OUT_DIR [--no-title] [--records FILE.jsonl]
//   --no-title   write only the text (by default the title is written as the first line, since
//                the benchmark's truth includes the headline)
//   --records    also write every article record (JSON Lines) with is_article flags, for
//                checking titles and dates
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "common/article.h"
#include "extract/extract.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: extract_dir IN_DIR OUT_DIR [--no-title] [--records FILE]\n");
    return 2;
  }
  const fs::path in_dir = argv[1];
  const fs::path out_dir = argv[2];
  bool with_title = true;
  std::string records_path;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--no-title") {
      with_title = false;
    } else if (arg == "--records" && i + 1 < argc) {
      records_path = argv[++i];
    } else {
      std::fprintf(stderr, "extract_dir: unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(in_dir, ec)) {
    if (entry.path().extension() == ".html") pages.push_back(entry.path());
  }
  if (ec) {
    std::fprintf(stderr, "extract_dir: cannot list %s: %s\n", in_dir.c_str(), ec.message().c_str());
    return 1;
  }
  std::sort(pages.begin(), pages.end());
  std::ofstream records;
  if (!records_path.empty()) records.open(records_path);

  double seconds = 0;
  std::size_t bytes = 0, not_articles = 0;
  for (const fs::path& page : pages) {
    std::ifstream in(page, std::ios::binary);
    const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes += html.size();
    gazette::extract::ExtractOptions options;
    options.url = "http://example.com/" + page.stem().string();  // the pages carry no URL
    const auto start = std::chrono::steady_clock::now();
    const gazette::extract::ExtractResult result = gazette::extract::extract_article(html, options);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!result.is_article) ++not_articles;
    std::string out_text = result.article.text;
    if (with_title && !result.article.title.empty()) {
      out_text = result.article.title + "\n\n" + out_text;
    }
    std::ofstream out(out_dir / (page.stem().string() + ".txt"), std::ios::binary);
    out << out_text;
    if (records.is_open()) {
      records << gazette::to_json_line(result.article) << "\t"
              << (result.is_article ? "article" : result.not_article_reason) << "\n";
    }
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("pages\t%zu\n", pages.size());
  std::printf("megabytes\t%.1f\n", static_cast<double>(bytes) / 1e6);
  std::printf("seconds\t%.2f\n", seconds);
  std::printf("pages_per_second\t%.0f\n",
              seconds > 0 ? static_cast<double>(pages.size()) / seconds : 0.0);
  std::printf("peak_rss_mb\t%.1f\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  std::printf("flagged_not_article\t%zu\n", not_articles);
  return 0;
}
