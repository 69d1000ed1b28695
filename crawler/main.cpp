// gazette-crawl: fetching and cleaning news pages. Each subcommand is one function over the
// crawler library; later subcommands (crawl, replay) register the same way.
// Exit status: 0 success; 1 an input could not be read; 2 bad usage.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "common/article.h"
#include "common/time.h"
#include "crawler/extract.h"

namespace {

struct ExtractArgs {
  std::string file;
  std::string url;
  std::string content_type;
  std::string fetched;
  bool json = false;
};

void print_human(const gazette::crawler::ExtractResult& r) {
  const gazette::Article& a = r.article;
  std::string authors;
  for (const auto& name : a.authors) authors += (authors.empty() ? "" : "; ") + name;
  std::printf("title:       %s (%s)\n", a.title.c_str(), r.title_source.c_str());
  std::printf("url:         %s\n", a.url.c_str());
  std::printf("canonical:   %s\n", a.canonical_url.c_str());
  std::printf("site:        %s (%s)\n", a.site.c_str(), r.site_name.c_str());
  std::printf("authors:     %s\n", authors.c_str());
  std::printf("published:   %s (%s)\n",
              a.published ? gazette::format_iso8601(*a.published).c_str() : "",
              std::string(gazette::to_string(a.published_source)).c_str());
  std::printf("modified:    %s\n", a.modified ? gazette::format_iso8601(*a.modified).c_str() : "");
  std::printf("language:    %s (%s)\n", a.language.c_str(), r.language_source.c_str());
  std::printf("section:     %s\n", a.section.c_str());
  std::string tags;
  for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t;
  std::printf("tags:        %s\n", tags.c_str());
  std::printf("description: %s\n", a.description.c_str());
  std::printf("charset:     %s (%s)\n", r.charset.c_str(), r.charset_source.c_str());
  std::printf("article:     %s%s%s\n", r.is_article ? "yes" : "no", r.is_article ? "" : " - ",
              r.not_article_reason.c_str());
  std::printf("links:       %zu (base %s)\n", r.links.size(), r.base_href.c_str());
  for (const auto& feed : r.feed_links) std::printf("feed:        %s\n", feed.c_str());
  for (const auto& w : r.warnings) std::printf("warning:     %s\n", w.c_str());
  std::printf("text (%s):\n\n%s\n", r.text_source.c_str(), a.text.c_str());
}

int run_extract(const ExtractArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "gazette-crawl: cannot read %s\n", args.file.c_str());
    return 1;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gazette::crawler::ExtractOptions options;
  options.url = args.url;
  options.content_type = args.content_type;
  if (!args.fetched.empty()) {
    options.fetched = gazette::parse_iso8601(args.fetched);
    if (!options.fetched) {
      std::fprintf(stderr, "gazette-crawl: --fetched: not an ISO 8601 date: %s\n",
                   args.fetched.c_str());
      return 2;
    }
  }
  const gazette::crawler::ExtractResult result = gazette::crawler::extract_article(bytes, options);
  for (const auto& w : result.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (args.json) {
    std::printf("%s\n", gazette::to_json_line(result.article).c_str());
    if (!result.is_article) {
      std::fprintf(stderr, "not an article: %s\n", result.not_article_reason.c_str());
    }
  } else {
    print_human(result);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Gazette crawler: fetch and clean news pages."};
  app.require_subcommand(1);

  ExtractArgs extract;
  CLI::App* extract_cmd =
      app.add_subcommand("extract", "Print what the cleaner makes of one saved HTML page");
  extract_cmd->add_option("file", extract.file, "The saved page (raw bytes)")->required();
  extract_cmd->add_option("--url", extract.url, "The URL the page came from");
  extract_cmd->add_option("--content-type", extract.content_type, "The HTTP Content-Type header");
  extract_cmd->add_option("--fetched", extract.fetched, "Fetch time (ISO 8601); default now");
  extract_cmd->add_flag("--json", extract.json, "Print the article record as one JSON line");

  CLI11_PARSE(app, argc, argv);
  if (extract_cmd->parsed()) return run_extract(extract);
  return 2;
}
