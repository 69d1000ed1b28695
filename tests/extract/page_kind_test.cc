#include "extract/page_kind.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gazette::extract {
namespace {

TEST(PageKindTest, FlagsOnlyClearNonArticles) {
  struct Row {
    const char* what;
    std::string url;
    std::string og_type;
    bool json_ld_article;
    std::vector<std::string> types;
    std::size_t page_chars, page_link_chars, content_chars, long_paragraphs;
    bool is_article;
    bool has_headline = false;
  };
  const Row rows[] = {
      {"long article",
       "https://n.example/2025/11/24/story",
       "article",
       true,
       {},
       9000,
       3000,
       4000,
       8,
       true},
      {"home page", "https://n.example/", "website", false, {}, 9000, 7000, 300, 0, false},
      {"tag page", "https://n.example/tag/budget", "", false, {}, 6000, 5000, 300, 0, false},
      {"search page", "https://n.example/find?q=budget", "", false, {}, 6000, 5000, 300, 0, false},
      {"JSON-LD collection",
       "https://n.example/x",
       "",
       false,
       {"CollectionPage"},
       6000,
       5000,
       300,
       0,
       false},
      {"gallery without text", "https://n.example/photos/x", "", false, {}, 900, 500, 60, 0, false},
      {"section front", "https://n.example/sport", "website", false, {}, 5000, 4200, 200, 0, false},
      // A real article must not be flagged, even a short one on a page full of links.
      {"short article among links",
       "https://n.example/sport/x",
       "",
       false,
       {},
       9000,
       6500,
       600,
       1,
       true},
      {"short declared article",
       "https://n.example/sport/y",
       "article",
       false,
       {},
       5000,
       4200,
       200,
       0,
       true},
      {"stub on a page with prose",
       "https://n.example/news/z",
       "",
       false,
       {},
       6000,
       3000,
       100,
       0,
       true},
      {"long article under /tag/",
       "https://n.example/tag/x/story",
       "",
       false,
       {},
       9000,
       3000,
       4000,
       6,
       true},
      // A photo post: a caption under a heading that matches the title.
      {"photo post with a caption",
       "https://n.example/photos/cat",
       "",
       false,
       {},
       900,
       500,
       60,
       0,
       true,
       true},
      {"gallery under a headline, no text",
       "https://n.example/photos/dog",
       "",
       false,
       {},
       900,
       500,
       20,
       0,
       false,
       true},
      {"short post under its headline among links",
       "https://n.example/blog/quote",
       "",
       false,
       {},
       5000,
       4200,
       200,
       0,
       true,
       true},
  };
  for (const Row& row : rows) {
    PageEvidence e;
    e.has_headline = row.has_headline;
    e.url = row.url;
    e.og_type = row.og_type;
    e.json_ld_article = row.json_ld_article;
    e.json_ld_types = &row.types;
    e.page_chars = row.page_chars;
    e.page_link_chars = row.page_link_chars;
    e.content_chars = row.content_chars;
    e.long_paragraphs = row.long_paragraphs;
    const PageKind kind = classify_page(e);
    EXPECT_EQ(kind.is_article, row.is_article) << row.what << ": " << kind.reason;
    EXPECT_EQ(kind.reason.empty(), row.is_article) << row.what;
  }
}

}  // namespace
}  // namespace gazette::extract
