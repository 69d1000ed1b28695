// What a page's JSON-LD (schema.org) blocks say about it. Malformed JSON is ignored, never an
// error: pages ship broken JSON-LD often. Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace gazette::extract {

struct JsonLdInfo {
  bool has_article = false;        // an Article / NewsArticle / BlogPosting / ... object was found
  std::string article_type;        // its @type, e.g. "NewsArticle"
  std::vector<std::string> types;  // every @type seen on the page (to recognise non-articles)
  std::string headline;
  std::string description;
  std::string date_published;  // as written
  std::string date_modified;
  std::string article_body;
  std::string section;
  std::string language;  // inLanguage
  std::string url;       // the article's url / mainEntityOfPage @id
  std::string publisher_name;
  std::vector<std::string> authors;
  std::vector<std::string> keywords;
};

// Reads the text of each <script type="application/ld+json"> (objects, arrays and @graph).
// The first article-typed object wins; without one, a WebPage object fills what it can.
[[nodiscard]] JsonLdInfo parse_json_ld(const std::vector<std::string>& scripts);

}  // namespace gazette::extract
