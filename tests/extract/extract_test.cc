#include "extract/extract.h"

#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "common/utf8.h"
#include "extract/boilerplate_hints.h"

namespace gazette::extract {
namespace {

const char* const kParagraphs[] = {
    "The harbour authority confirmed on Monday that the old grain terminal will be demolished "
    "next spring, ending a decade of arguments about what to do with the rusting structure.",
    "Engineers who inspected the terminal in August found that the concrete piles had corroded "
    "far faster than expected, and that repairs would cost more than a new building.",
    "Residents of the nearby streets, who have long complained about noise from the site, said "
    "they were relieved but worried about the dust that demolition will bring.",
    "The authority said the land would be turned into a public park with a small ferry pier, "
    "although the plans still need approval from the regional planning board.",
};

std::string article_html(const std::string& boilerplate_before,
                         const std::string& boilerplate_after) {
  std::string html =
      "<!DOCTYPE html><html lang=\"en\"><head><title>Grain terminal to be demolished | Port "
      "Times</title></head><body>" +
      boilerplate_before + "<div class=\"story\"><h1>Grain terminal to be demolished</h1>";
  for (const char* p : kParagraphs) html += std::string("<p>") + p + "</p>";
  html += boilerplate_after + "</div></body></html>";
  return html;
}

ExtractResult extract(const std::string& html,
                      const std::string& url = "https://porttimes.example/news/grain-terminal") {
  ExtractOptions options;
  options.url = url;
  return extract_article(html, options);
}

void expect_article_text(const ExtractResult& r, const std::string& context) {
  for (const char* p : kParagraphs) {
    EXPECT_NE(r.article.text.find(p), std::string::npos) << context << "\n---\n" << r.article.text;
  }
}

TEST(ExtractTest, RemovesEachKindOfBoilerplate) {
  struct Row {
    const char* kind;
    std::string before, after;
    const char* must_not_appear;
  };
  const Row rows[] = {
      {"nav",
       "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport "
       "pages</a></nav>",
       "", "Sport pages"},
      {"menu class",
       "<div class=\"main-menu\"><ul><li><a href=\"/a\">Weather forecast "
       "section</a></li></ul></div>",
       "", "Weather forecast"},
      {"footer", "",
       "<footer>Port Times is published by Harbour Media Group Limited, "
       "registered in the harbour district.</footer>",
       "Harbour Media Group"},
      {"share bar", "",
       "<div class=\"share-buttons\"><a href=\"#\">Facebook</a><a "
       "href=\"#\">Twitter</a><span>Share this story with friends</span></div>",
       "Share this story"},
      {"social", "",
       "<div class=\"socialIcons\">Follow the Port Times on all social networks "
       "today</div>",
       "Follow the Port Times"},
      {"related", "",
       "<div class=\"related-articles\"><h3>Related</h3><p>Ferry timetable changes "
       "announced for the winter season in the bay area.</p></div>",
       "Ferry timetable"},
      {"comments", "",
       "<section id=\"comments\"><p>I have lived next to that terminal for thirty "
       "years and I will not miss it at all, good riddance.</p></section>",
       "good riddance"},
      {"cookie banner",
       "<div class=\"cookie-notice\">We use cookies to personalise content and "
       "ads, and to analyse our traffic.</div>",
       "", "We use cookies"},
      {"consent",
       "<div id=\"gdpr-consent\">Your privacy choices matter to us and our partners "
       "here.</div>",
       "", "privacy choices"},
      {"newsletter", "",
       "<div class=\"newsletter-box\"><p>Get the best of the Port Times in your "
       "inbox every morning, free of charge.</p></div>",
       "in your inbox"},
      {"promo", "",
       "<div class=\"promo\">Subscribe now for one euro a week for the first six "
       "months of unlimited access.</div>",
       "one euro a week"},
      {"breadcrumb",
       "<div class=\"breadcrumb\"><a href=\"/\">Home</a> &gt; <a "
       "href=\"/news\">News</a> &gt; Harbour matters</div>",
       "", "Harbour matters"},
      {"author bio", "",
       "<div class=\"author-bio\"><p>Maria Santos covers the port, shipping and "
       "the regional economy for the Port Times since 2009.</p></div>",
       "covers the port"},
      {"about-the-author box", "",
       "<section class=\"about-the-author\"><p>Maria Santos covers the port, shipping and "
       "the regional economy for the Port Times since 2009.</p></section>",
       "covers the port"},
      {"author info box", "",
       "<div class=\"entry-author-info\"><p>Maria Santos covers the port, shipping and "
       "the regional economy for the Port Times since 2009.</p></div>",
       "covers the port"},
      {"image credit",
       "<figure><img src=\"x.jpg\"><span class=\"credit\">Photo: Jan "
       "Kowalski/Port Times Agency</span></figure>",
       "", "Jan Kowalski"},
      {"advert",
       "<div class=\"advert\">Advertisement: cheap flights to the sun this "
       "winter</div>",
       "", "cheap flights"},
      {"most popular", "",
       "<aside><h3>Most popular</h3><ol><li><a href=\"/x\">Mayor resigns "
       "after scandal</a></li></ol></aside>",
       "Mayor resigns"},
      {"comments under a comments heading, without names", "",
       "<h2>3 thoughts on \u201cGrain terminal\u201d</h2><div><p>I have lived next to that "
       "terminal for thirty years and I will not miss it at all, good riddance.</p></div>",
       "good riddance"},
      {"scroll to top", "", "<a href=\"#top\">Scroll to Top</a>", "Scroll to Top"},
      {"back to top line", "", "<p>Back to top</p>", "Back to top"},
      {"hidden",
       "<div style=\"display: none\">Secret tracking text that nobody can see on the "
       "page</div>",
       "", "Secret tracking"},
      {"script", "<script>var tracking = 'never index this script text';</script>", "",
       "never index"},
      {"link list inside article", "",
       "<ul><li><a href=\"/1\">Another story about ships in the "
       "bay</a></li><li><a href=\"/2\">A story about "
       "trains</a></li></ul>",
       "A story about trains"},
  };
  for (const Row& row : rows) {
    const ExtractResult r = extract(article_html(row.before, row.after));
    expect_article_text(r, row.kind);
    EXPECT_EQ(r.article.text.find(row.must_not_appear), std::string::npos) << row.kind << "\n---\n"
                                                                           << r.article.text;
    EXPECT_TRUE(r.is_article) << row.kind << ": " << r.not_article_reason;
  }
}

TEST(ExtractTest, FindsTheArticleInBlogTemplates) {
  const std::string about =
      "<p>I have written about harbours, ferries and the people who work on them for twenty "
      "years, first for newspapers and then here, and I read every message that readers send, "
      "although answering all of them takes me longer than I would like, as I also sail.</p>";
  std::string paragraphs;
  for (const char* p : kParagraphs) paragraphs += std::string("<p>") + p + "</p>";
  struct Row {
    const char* name;
    std::string body;
  };
  const Row rows[] = {
      // Blog engines wrap the post in a "widget"; the names inside say where the post is.
      {"post inside a widget",
       "<div class=\"widget Blog\"><div class=\"post hentry\"><h3>Grain terminal to be "
       "demolished</h3><div class=\"post-body entry-content\">" +
           paragraphs + "</div></div></div><div class=\"widget Profile\"><div class=\"profile\">" +
           about + about + about + "</div></div>"},
      // Category and tag class names describe the topic, not the page part.
      {"post with taxonomy class names",
       "<div class=\"post category-social-media tag-twitter tag-promotion hentry\">" + paragraphs +
           "</div><div class=\"sidebar\">" + about + about + about + about + "</div>"},
  };
  for (const Row& row : rows) {
    const ExtractResult r = extract(
        "<html><head><title>Harbour Notes: Grain terminal to be demolished</title></head>"
        "<body>" +
        row.body + "</body></html>");
    expect_article_text(r, row.name);
    EXPECT_EQ(r.article.text.find("I read every message"), std::string::npos)
        << row.name << "\n---\n"
        << r.article.text;
  }
}

TEST(ExtractTest, ShortPostUnderItsHeadlineBeatsALongerSidebarBox) {
  // The post is shorter than the sidebar's disclaimer, but it sits right under the heading that
  // <title> names.
  const ExtractResult r = extract(
      "<html><head><title>Harbour Notes: Ferry pier opens</title></head><body>"
      "<div id=\"alpha\"><div class=\"main\"><h2 class=\"date-header\">June 3</h2><div "
      "class=\"entry\">"
      "<h3 class=\"entry-header\">Ferry pier opens</h3><div class=\"entry-content\"><p>The new "
      "ferry pier opened this morning, see <a href=\"https://pier.example/\">pier.example</a> "
      "for the timetable, which starts on Monday, with boats every hour.</p><p>The old pier, "
      "which had been closed since the storm two winters ago, will be taken down in the spring, "
      "and the council says the space will become a small square with benches.</p><p>Worth a "
      "trip, surely.</p></div></div></div></div>"
      "<div id=\"beta\"><div class=\"beta-inner\"><div class=\"module-content\"><ul><li><a "
      "href=\"/2025/06\">June "
      "2025 archive</a></li><li><a href=\"/2025/05\">May 2025 archive</a></li><li><a "
      "href=\"/2025/04\">April 2025 archive</a></li><li><a href=\"/2025/03\">March 2025 "
      "archive</a></li><li><a href=\"/2025/02\">February 2025 archive</a></li></ul></div>"
      "<div class=\"module-content\"><p>The opinions expressed here are "
      "my own, not those of my employer, and nothing here is reviewed by anyone before it is "
      "published, so please read it all with the care that such a blog deserves, always. Links "
      "to other sites are given for convenience only, and I cannot answer for what they say or "
      "for how they treat your data, which is, of course, your own business.</p>"
      "</div></div></div></body></html>");
  EXPECT_EQ(r.article.title, "Ferry pier opens");
  EXPECT_NE(r.article.text.find("opened this morning"), std::string::npos) << r.article.text;
  EXPECT_EQ(r.article.text.find("opinions expressed"), std::string::npos) << r.article.text;
}

TEST(ExtractTest, TrailingAuthorBioIsDropped) {
  std::string body;
  for (const char* p : kParagraphs) body += std::string("<p>") + p + "</p>";
  const std::string bio =
      "<p>Maria Santos is a reporter covering the port, shipping and the regional economy.</p>";
  const ExtractResult with_author =
      extract("<html><head><meta name=\"author\" content=\"Maria Santos\"></head><body><article>" +
              body + bio + "</article></body></html>");
  expect_article_text(with_author, "bio");
  EXPECT_EQ(with_author.article.text.find("is a reporter"), std::string::npos)
      << with_author.article.text;
  // Without that author it is just a paragraph of the story.
  const ExtractResult other_author =
      extract("<html><head><meta name=\"author\" content=\"Jan Kowalski\"></head><body><article>" +
              body + bio + "</article></body></html>");
  EXPECT_NE(other_author.article.text.find("is a reporter"), std::string::npos);
}

TEST(ExtractTest, LineBreakAtEveryBlockBoundary) {
  const ExtractResult r = extract(
      "<html><body><div class=\"article-body\"><p>First <b>bold</b>ly written paragraph of the "
      "story, with enough words to count as article text for sure.</p><div>Second block of text "
      "inside a div, also long enough to be part of the story body.<br>A line after a break "
      "that continues the same paragraph of the story.</div><ul><li>List item one with a few "
      "words in it</li><li>List item two with a few words in it</li></ul><p>Closing paragraph of "
      "the story, which again has enough words to be counted.</p></div></body></html>");
  const std::string& t = r.article.text;
  EXPECT_NE(t.find("First boldly written"), std::string::npos) << t;
  EXPECT_NE(t.find("the story body.\nA line after"), std::string::npos) << t;
  EXPECT_NE(t.find("item one with a few words in it\n\nList item two"), std::string::npos) << t;
  EXPECT_EQ(t.find("itList"), std::string::npos) << t;
}

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(GAZETTE_HTML_FIXTURES) + "/" + name, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(ExtractTest, SeedNewsPage) {
  const std::string html = read_fixture("seed_news_page.html");
  ASSERT_FALSE(html.empty());
  ExtractOptions options;
  options.url = "https://www.frontierledger.example/world/2025/11/07/pakistan-reopen-peace-talks";
  options.fetched = DateTime{*unix_seconds_of(2025, 11, 8), 0};
  const ExtractResult r = extract_article(html, options);
  const std::string& t = r.article.text;
  EXPECT_EQ(t.find("Scroll to Top"), std::string::npos) << t;
  for (const char* forbidden : {"Share on Facebook", "We use cookies", "Related stories",
                                "Peace is the only way", "All rights reserved", "Most popular",
                                "Sign up for our newsletter", "Photo credit", "Home", "Tags:"}) {
    EXPECT_EQ(t.find(forbidden), std::string::npos) << forbidden << "\n---\n" << t;
  }
  for (const char* wanted :
       {"Pakistan has agreed to reopen peace talks with the Afghan Taliban in Istanbul",
        "Sources said the move reflects Pakistan\xE2\x80\x99s decision",
        "Earlier, four rounds of extensive talks were held",
        "is expected to focus on rebuilding trust and advancing regional peace efforts."}) {
    EXPECT_NE(t.find(wanted), std::string::npos) << wanted << "\n---\n" << t;
  }
  EXPECT_EQ(r.article.title,
            "Pakistan to Reopen Peace Talks with Afghan Taliban in Istanbul on Turkey\xE2\x80\x99s "
            "Initiative");
  EXPECT_EQ(r.article.published_source, DateSource::kMeta);
  EXPECT_TRUE(r.article.authors.empty());  // "Staff Reporter" is not a name
  EXPECT_EQ(r.article.language, "en");
  EXPECT_EQ(r.article.section, "World");
  EXPECT_TRUE(r.is_article);
  EXPECT_EQ(r.article.canonical_url,
            "https://www.frontierledger.example/world/2025/11/07/pakistan-reopen-peace-talks");
}

TEST(ExtractTest, RecognisesPagesThatAreNotArticles) {
  std::string links = "<ul>";
  for (int i = 0; i < 40; ++i) {
    links += "<li><a href=\"/news/story-" + std::to_string(i) + "\">Headline number " +
             std::to_string(i) + " about something that happened in the city today</a></li>";
  }
  links += "</ul>";
  const std::string front = "<html><body><div class=\"main\">" + links + "</div></body></html>";
  struct Row {
    std::string html, url;
    bool is_article;
  };
  const Row rows[] = {
      {front, "https://porttimes.example/", false},
      {front, "https://porttimes.example/tag/harbour", false},
      {front, "https://porttimes.example/news/", false},
      {"<html><head><script type=\"application/ld+json\">{\"@type\":\"CollectionPage\"}</script>"
       "</head><body>" +
           links + "</body></html>",
       "https://porttimes.example/world", false},
      {"<html><body><div class=\"gallery\"><img src=\"1.jpg\"><p>Photo 1 of 20</p><img "
       "src=\"2.jpg\"></div></body></html>",
       "https://porttimes.example/galleries/harbour-in-pictures", false},
      {article_html("", ""), "https://porttimes.example/news/grain-terminal", true},
  };
  for (const Row& row : rows) {
    const ExtractResult r = extract(row.html, row.url);
    EXPECT_EQ(r.is_article, row.is_article) << row.url << " " << r.not_article_reason;
    if (!r.is_article) {
      EXPECT_FALSE(r.not_article_reason.empty());
    }
  }
}

TEST(ExtractTest, JsonLdArticleBodyIsUsedWhenTheMarkupHasNoText) {
  const std::string html =
      "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
      "\"headline\":\"Terminal\",\"articleBody\":\"" +
      std::string(kParagraphs[0]) + "\\n" + kParagraphs[1] +
      "\"}</script></head><body><div id=\"app\"></div></body></html>";
  const ExtractResult r = extract(html);
  EXPECT_EQ(r.text_source, "json-ld");
  EXPECT_NE(r.article.text.find(kParagraphs[1]), std::string::npos) << r.article.text;
}

TEST(ExtractTest, BrokenMarkupStillYieldsText) {
  const char* const pages[] = {
      "<html><body><div class=story><p>The harbour authority confirmed on Monday that the old "
      "grain terminal will be demolished <b>next <i>spring</b>, ending</i> a decade of arguments "
      "<p>Engineers who inspected the terminal found corrosion everywhere they looked, and "
      "reported it to the board.",
      "<p>The harbour authority confirmed on Monday that the old grain terminal will be "
      "demolished next spring, ending a decade</td></tr></table></div></span> of arguments about "
      "it.</p></p></p><p>Engineers who inspected the terminal found corrosion.",
      "<table><tr><td><div><p>The harbour authority confirmed on Monday that the old grain "
      "terminal will be demolished next spring, ending a decade of arguments <table><p>Nested "
      "tables and unclosed paragraphs everywhere in this old page layout.",
  };
  for (const char* page : pages) {
    const ExtractResult r = extract(page);
    EXPECT_NE(r.article.text.find("The harbour authority confirmed"), std::string::npos)
        << page << "\n---\n"
        << r.article.text;
    EXPECT_FALSE(first_invalid_utf8(r.article.text).has_value());
  }
}

TEST(ExtractTest, JunkLines) {
  for (const char* junk :
       {"Scroll to Top", "BACK TO TOP", "^ Back to top", "Advertisement", "Share this article",
        "Read more", "Leave a comment", "\xC2\xA9 2025 Port Times", "Share on Facebook",
        "NEWSLETTER SIGN UP", "Most popular stories this week",
        "This entry was posted on Saturday, August 25th, 2012 at 12:21 pm and is filed under "
        "News. You can follow any responses to this entry through the RSS 2.0 feed.",
        "You can follow any responses to this entry through the RSS 2.0 feed. You can leave a "
        "response, or trackback from your own site."}) {
    EXPECT_TRUE(is_junk_line(junk)) << junk;
  }
  EXPECT_TRUE(is_comments_heading("12 Comments"));
  EXPECT_TRUE(is_comments_heading("One response to \u201cGrain terminal\u201d"));
  EXPECT_TRUE(is_comments_heading("3 thoughts on \u201cGrain terminal\u201d"));
  EXPECT_TRUE(is_comments_heading("Leave a Reply"));
  EXPECT_FALSE(is_comments_heading("Comments from residents were mostly positive"));
  EXPECT_FALSE(is_comments_heading("Discussion of the budget"));
  for (const char* text : {"Top officials met on Monday to discuss the port.",
                           "Read more about the harbour in our archive of long reports from "
                           "the last twenty years of coverage.",
                           "Comments from residents were mostly positive."}) {
    EXPECT_FALSE(is_junk_line(text)) << text;
  }
}

}  // namespace
}  // namespace gazette::extract

namespace gazette::extract {
namespace {

// The headline, standfirst and byline often sit in an article header outside the container of
// the body text: they are kept when they closely precede it; far-away or link-heavy lines are not.
TEST(ExtractTest, KeepsTheLeadAboveTheBodyContainer) {
  struct Row {
    const char* what;
    std::string header;
    const char* wanted;    // "" when nothing in particular
    const char* unwanted;  // "" when nothing in particular
  };
  const Row rows[] = {
      {"standfirst and byline",
       "<header><h1>Grain terminal to be demolished</h1><h2>A decade of arguments "
       "ends</h2><p class=\"byline\">By Ann Smith | 24 November 2025</p></header>",
       "By Ann Smith | 24 November 2025", ""},
      {"link list between is not lead",
       "<header><h1>Grain terminal to be demolished</h1><p><a href=\"/a\">Harbour news "
       "index</a> <a href=\"/b\">Port pages</a></p><p>Dateline: Port City</p></header>",
       "Dateline: Port City", "Harbour news index"},
      {"no heading: nothing added", "<div><p>Sponsored line above the story</p></div>", "",
       "Sponsored line above the story"},
  };
  for (const Row& row : rows) {
    std::string html =
        "<html lang=\"en\"><head><title>Grain terminal to be demolished | Port "
        "Times</title></head><body><nav><a href=\"/\">Home</a></nav><article>" +
        row.header + "<div class=\"story-body\">";
    for (const char* p : kParagraphs) html += std::string("<p>") + p + "</p>";
    html += "</div></article></body></html>";
    const ExtractResult r = extract(html);
    expect_article_text(r, row.what);
    if (*row.wanted != '\0') {
      EXPECT_NE(r.article.text.find(row.wanted), std::string::npos) << row.what << "\n"
                                                                    << r.article.text;
    }
    if (*row.unwanted != '\0') {
      EXPECT_EQ(r.article.text.find(row.unwanted), std::string::npos) << row.what << "\n"
                                                                      << r.article.text;
    }
    EXPECT_EQ(r.article.text.find("Grain terminal to be demolished"), std::string::npos)
        << "the headline is the title, not a paragraph: " << row.what;
  }
}

TEST(ExtractTest, FillsContentHashAndSimhash) {
  const ExtractResult a = extract(article_html("", ""));
  const ExtractResult b = extract(article_html("<div class=\"share\">Share this</div>", ""));
  ASSERT_EQ(a.article.content_hash.size(), 16u);
  ASSERT_TRUE(a.article.simhash.has_value());
  EXPECT_EQ(a.article.content_hash, b.article.content_hash);  // same text, other boilerplate
  EXPECT_EQ(a.article.simhash, b.article.simhash);
  const ExtractResult empty = extract("<html><body></body></html>");
  EXPECT_TRUE(empty.article.content_hash.empty());
  EXPECT_FALSE(empty.article.simhash.has_value());
}

}  // namespace
}  // namespace gazette::extract
