#include "extract/extract_report.h"

#include <gtest/gtest.h>

namespace gazette::extract {
namespace {

TEST(ExtractReport, ListsEveryFieldWithItsSource) {
  ExtractResult article;
  article.article.url = "https://news.localhost/2024/05/01/harbour";
  article.article.canonical_url = "https://news.localhost/harbour";
  article.article.site = "news.localhost";
  article.article.title = "Harbour reopens";
  article.article.authors = {"Ann Lee", "Bo Tan"};
  article.article.published = DateTime{1714550400, 120};
  article.article.published_source = DateSource::kJsonLd;
  article.article.modified = DateTime{1714554000, 0};
  article.article.language = "en";
  article.article.section = "City";
  article.article.tags = {"port", "boats"};
  article.article.description = "It is open.";
  article.article.text = "First.\n\nSecond.";
  article.site_name = "The News";
  article.title_source = "og";
  article.charset = "UTF-8";
  article.charset_source = "meta";
  article.language_source = "markup";
  article.text_source = "dom";
  article.links = {"/a", "/b"};
  article.base_href = "/base/";
  article.feed_links = {"/feed.xml"};
  article.warnings = {"page truncated"};

  ExtractResult front_page;
  front_page.is_article = false;
  front_page.not_article_reason = "home page";

  const struct {
    const ExtractResult* result;
    const char* text;
  } cases[] = {
      {&article,
       "title:       Harbour reopens (og)\n"
       "url:         https://news.localhost/2024/05/01/harbour\n"
       "canonical:   https://news.localhost/harbour\n"
       "site:        news.localhost (The News)\n"
       "authors:     Ann Lee; Bo Tan\n"
       "published:   2024-05-01T10:00:00+02:00 (jsonld)\n"
       "modified:    2024-05-01T09:00:00Z\n"
       "language:    en (markup)\n"
       "section:     City\n"
       "tags:        port, boats\n"
       "description: It is open.\n"
       "charset:     UTF-8 (meta)\n"
       "article:     yes\n"
       "links:       2 (base /base/)\n"
       "feed:        /feed.xml\n"
       "warning:     page truncated\n"
       "text (dom):\n\nFirst.\n\nSecond.\n"},
      {&front_page,
       "title:        ()\n"
       "url:         \n"
       "canonical:   \n"
       "site:         ()\n"
       "authors:     \n"
       "published:    (none)\n"
       "modified:    \n"
       "language:     ()\n"
       "section:     \n"
       "tags:        \n"
       "description: \n"
       "charset:      ()\n"
       "article:     no - home page\n"
       "links:       0 (base )\n"
       "text ():\n\n\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(render_extract_text(*c.result), c.text);
}

}  // namespace
}  // namespace gazette::extract
