#include "extract/metadata.h"

#include <string>

#include <gtest/gtest.h>

#include "extract/authors.h"
#include "extract/extract.h"

namespace gazette::extract {
namespace {

// A paragraph long enough to make any page an article.
const std::string kBody =
    "<p>The city council approved the new budget on Tuesday after a long debate about transport, "
    "housing and the future of the harbour district, which has been losing residents for years."
    "</p><p>Council members said the plan would be reviewed again in the spring, when the first "
    "figures from the new parking rules are expected to arrive from the transport office.</p>";

ExtractResult run(const std::string& head, const std::string& body_extra = "",
                  const std::string& url = "https://news.example.com/local/budget-approved") {
  ExtractOptions options;
  options.url = url;
  options.fetched = DateTime{*unix_seconds_of(2025, 11, 24) + 12 * 3600, 0};
  const std::string html = "<html><head>" + head + "</head><body>" + body_extra + "<article>" +
                           kBody + "</article></body></html>";
  return extract_article(html, options);
}

std::string iso(const std::optional<DateTime>& d) { return d ? format_iso8601(*d) : "none"; }

TEST(MetadataTest, TitleSourcesInPriorityOrder) {
  struct Row {
    std::string head;
    std::string body;
    std::string title;
    std::string source;
  };
  const Row rows[] = {
      {"<title>Budget approved | City News</title><meta property=\"og:title\" content=\"Budget "
       "approved\">",
       "<h1>H1 title</h1>", "Budget approved", "og"},
      {"<title>Budget vote | City News</title><meta property=\"og:title\" content=\"OG title\">",
       "<h2>OG title</h2><h1>H1 title</h1>", "OG title", "og"},
      // An og:title that is neither in <title> nor a heading is a site-wide constant.
      {"<title>Council approves budget - City News</title><meta property=\"og:title\" "
       "content=\"All the news of the city\">",
       "<h1>Council approves budget</h1>", "Council approves budget", "heading"},
      {"<title>Budget approved | City News</title>"
       "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"LD "
       "title\"}</script>",
       "<h1>H1 title</h1>", "LD title", "jsonld"},
      {"<title>Council approves budget - City News</title>", "<h1>Council approves budget</h1>",
       "Council approves budget", "heading"},
      // Blog templates: the h1 is the site's name (a link home), the post title an h3.
      {"<title>Quiet Harbour: Walking the pier at dawn</title>",
       "<h1><a href=\"https://quiet.example/\">Quiet Harbour</a></h1><h3>Walking the pier at "
       "dawn</h3>",
       "Walking the pier at dawn", "heading"},
      // The h1 is only the site-name part of <title>, and no heading is the headline.
      {"<title>Quiet Harbour: Notes from a walk along the pier</title>", "<h1>Quiet Harbour</h1>",
       "Quiet Harbour: Notes from a walk along the pier", "title"},
      // <title> is only the site's name: the h1 is the headline.
      {"<title>City News</title>", "<h1>Council approves budget</h1>", "Council approves budget",
       "h1"},
      {"<title>Council approves the budget after a long debate | City News</title>", "",
       "Council approves the budget after a long debate", "title"},
  };
  for (const Row& row : rows) {
    const ExtractResult r = run(row.head, row.body);
    EXPECT_EQ(r.article.title, row.title) << row.head;
    EXPECT_EQ(r.title_source, row.source) << row.head;
  }
}

TEST(MetadataTest, StripsSiteNameFromTitles) {
  EXPECT_EQ(strip_site_from_title("Budget approved after debate | City News", ""),
            "Budget approved after debate");
  EXPECT_EQ(strip_site_from_title("City News - Budget approved after debate", "City News"),
            "Budget approved after debate");
  EXPECT_EQ(strip_site_from_title("Budget approved \xE2\x80\x94 The Daily Planet Online Edition",
                                  "The Daily Planet Online Edition"),
            "Budget approved");
  EXPECT_EQ(strip_site_from_title("Left - Right", ""), "Left - Right");
}

TEST(MetadataTest, PublishedDateSourcesInPriorityOrder) {
  const std::string ld =
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":[{"
      "\"@type\":\"WebSite\",\"name\":\"City News\"},{\"@type\":\"NewsArticle\","
      "\"datePublished\":\"2025-11-20T08:00:00+01:00\",\"dateModified\":\"2025-11-21T09:00:00Z\","
      "\"author\":[{\"@type\":\"Person\",\"name\":\"Ana Lopez\"}]}]}</script>";
  const std::string meta =
      "<meta property=\"article:published_time\" content=\"2025-11-19T07:00:00Z\">";
  const std::string time = "<time datetime=\"2025-11-18T06:00:00Z\">Nov 18</time>";
  const std::string url = "https://news.example.com/2025/11/17/budget";
  struct Row {
    std::string head, body, url, expected, source;
  };
  const Row rows[] = {
      {ld + meta, time, url, "2025-11-20T08:00:00+01:00", "jsonld"},
      {meta, time, url, "2025-11-19T07:00:00Z", "meta"},
      {"", time, url, "2025-11-18T06:00:00Z", "time"},
      {"", "<div class=\"post-date\">Posted on November 16, 2025</div>", url,
       "2025-11-16T00:00:00Z", "time"},
      {"", "", url, "2025-11-17T00:00:00Z", "url"},
      // A date after the fetch time is not a publication date: the next source is used.
      {"<meta property=\"article:published_time\" content=\"2026-03-01T00:00:00Z\">", "", url,
       "2025-11-17T00:00:00Z", "url"},
      // The copyright line is never a date.
      {"", "<div class=\"footer-date\">\xC2\xA9 2025 City News</div>",
       "https://news.example.com/local/budget", "none", "none"},
  };
  for (const Row& row : rows) {
    const ExtractResult r = run(row.head, row.body, row.url);
    EXPECT_EQ(iso(r.article.published), row.expected) << row.head << row.body;
    EXPECT_EQ(to_string(r.article.published_source), row.source) << row.head << row.body;
  }
  const ExtractResult r = run(ld);
  EXPECT_EQ(iso(r.article.modified), "2025-11-21T09:00:00Z");
  ASSERT_EQ(r.article.authors.size(), 1u);
  EXPECT_EQ(r.article.authors[0], "Ana Lopez");
}

TEST(MetadataTest, AuthorsFromEachSourceWithoutJunk) {
  struct Row {
    std::string head, body;
    std::vector<std::string> authors;
  };
  const Row rows[] = {
      {"<meta name=\"author\" content=\"By Jane Doe and John Roe\">", "", {"Jane Doe", "John Roe"}},
      {"<meta name=\"author\" content=\"Staff Reporter\">", "", {}},
      {"<meta property=\"article:author\" content=\"https://facebook.com/jane\">", "", {}},
      {"", "<div class=\"byline\">By Jane Doe, Staff Writer | 5 min read</div>", {"Jane Doe"}},
      {"",
       "<span itemprop=\"author\"><span itemprop=\"name\">Ana Lopez</span></span>",
       {"Ana Lopez"}},
      {"", "<a rel=\"author\" href=\"/by/jd\">Jane Doe</a>", {"Jane Doe"}},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(run(row.head, row.body).article.authors, row.authors) << row.head << row.body;
  }
  EXPECT_EQ(clean_authors({"by JANE DOE", "Jane Doe", "jane@example.com", "Nov 3, 2025"}),
            std::vector<std::string>{"JANE DOE"});
}

TEST(MetadataTest, LanguageCanonicalSiteSectionTags) {
  const ExtractResult r =
      run("<meta property=\"og:site_name\" content=\"City News\">"
          "<link rel=\"canonical\" href=\"/local/budget-approved\">"
          "<meta name=\"description\" content=\"The budget passed.\">"
          "<meta property=\"article:section\" content=\"Local\">"
          "<meta name=\"keywords\" content=\"budget, council, Budget , harbour\">"
          "<meta http-equiv=\"content-language\" content=\"en-GB\">",
          "", "https://news.example.com/local/budget-approved?utm_source=feed");
  EXPECT_EQ(r.article.canonical_url, "https://news.example.com/local/budget-approved");
  EXPECT_EQ(r.site_name, "City News");
  EXPECT_EQ(r.article.site, "news.example.com");
  EXPECT_EQ(r.article.description, "The budget passed.");
  EXPECT_EQ(r.article.section, "Local");
  EXPECT_EQ(r.article.tags, (std::vector<std::string>{"budget", "council", "harbour"}));
  EXPECT_EQ(r.article.language, "en");
  EXPECT_EQ(r.language_source, "markup");
}

TEST(MetadataTest, LanguageFromHtmlLangElseDetected) {
  const std::string german =
      "<p>Der Stadtrat hat am Dienstag nach einer langen Debatte über Verkehr, Wohnungen und die "
      "Zukunft des Hafenviertels den neuen Haushalt beschlossen. Die Mitglieder sagten, der Plan "
      "werde im Frühjahr noch einmal überprüft, wenn die ersten Zahlen vorliegen.</p>";
  ExtractOptions options;
  options.url = "https://zeitung.example.de/lokales/haushalt";
  ExtractResult r =
      extract_article("<html><body><article>" + german + "</article></body></html>", options);
  EXPECT_EQ(r.article.language, "de");
  EXPECT_EQ(r.language_source, "detected");
  r = extract_article("<html lang=\"fr-CA\"><body><article>" + german + "</article></body></html>",
                      options);
  EXPECT_EQ(r.article.language, "fr");
}

}  // namespace
}  // namespace gazette::extract
