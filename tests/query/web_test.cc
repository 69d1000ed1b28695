// The HTTP frontend's pure parts: escaping, parameters, HTML and Atom rendering, metrics text.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "query/feeds.h"
#include "query/html_page.h"
#include "query/http_metrics.h"
#include "query/render.h"
#include "query/web_escape.h"
#include "query/web_query.h"

namespace gazette::query {
namespace {

TEST(WebEscape, EscapesHtmlAndPercentEncodes) {
  const struct {
    std::string in, html, url;
  } rows[] = {
      {"plain", "plain", "plain"},
      {"a & b", "a &amp; b", "a%20%26%20b"},
      {"<script>", "&lt;script&gt;", "%3Cscript%3E"},
      {R"("quoted" 'single')", "&quot;quoted&quot; &#39;single&#39;",
       "%22quoted%22%20%27single%27"},
      {"café+1=2?#/", "café+1=2?#/", "caf%C3%A9%2B1%3D2%3F%23%2F"},
      {"a-b_c.d~e", "a-b_c.d~e", "a-b_c.d~e"},
      {"", "", ""},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(escape_html(r.in), r.html) << r.in;
    EXPECT_EQ(percent_encode(r.in), r.url) << r.in;
  }
  EXPECT_EQ(query_string({{"q", "a b"}, {"site", "x.example"}}), "q=a%20b&site=x.example");
}

// XML 1.0 forbids C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF: one of them makes a
// feed reader reject a whole feed. They become U+FFFD; everything else is kept.
TEST(WebEscape, CharactersXmlForbidsBecomeReplacementCharacters) {
  const struct {
    std::string_view in;
    std::string_view escaped;
  } rows[] = {
      {"oil\x01\x1b", "oil\uFFFD\uFFFD"},
      {std::string_view("a\0b", 3), "a\uFFFDb"},
      {"t\tn\nr\r", "t\tn\nr\r"},
      {"\x7F\xC2\x9B", "\x7F\xC2\x9B"},  // DEL and C1 are allowed in XML 1.0
      {"x\uFFFEy\uFFFFz", "x\uFFFDy\uFFFDz"},
      {"\uFFFD\uFFFC\u00E9", "\uFFFD\uFFFC\u00E9"},
      {"\xEF\xBF", "\xEF\xBF"},  // a cut sequence is not a non-character
  };
  for (const auto& r : rows) {
    EXPECT_EQ(escape_html(r.in), r.escaped) << r.in;
    EXPECT_EQ(xml_safe(r.in), r.escaped) << r.in;
  }
  EXPECT_EQ(xml_safe("<mark>a\x01</mark>"), "<mark>a\uFFFD</mark>");  // markup is kept
}

// Text from the index printed on a terminal starts no escape sequence and forges no line.
TEST(WebEscape, TerminalTextHasNoControlCharacters) {
  const struct {
    std::string_view in;
    std::string_view out;
  } rows[] = {
      {"\x1b[31mred\x1b[0m", "\uFFFD[31mred\uFFFD[0m"},
      {"a\x01z\x7F", "a\uFFFDz\uFFFD"},
      {"csi\xC2\x9B[31m", "csi\uFFFD[31m"},         // U+009B, the one-character CSI
      {"line\nforged\ttab\r", "line forged tab "},  // one line per field
      {"caf\u00E9 \u00A0 \u2014 \xC2", "caf\u00E9 \u00A0 \u2014 \xC2"},
  };
  for (const auto& r : rows) EXPECT_EQ(terminal_text(r.in), r.out) << r.in;
}

TEST(WebEscape, OnlyWebUrlsAreLinks) {
  for (const char* url : {"http://a.example/", "https://a.example/x", "HTTPS://A.EXAMPLE"}) {
    EXPECT_TRUE(is_web_url(url)) << url;
  }
  for (const char* url : {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
                          " http://a.example", "//a.example", "", "vbscript:x", "httpx://a"}) {
    EXPECT_FALSE(is_web_url(url)) << url;
  }
}

QueryParams params(std::initializer_list<std::pair<const std::string, std::string>> list) {
  return QueryParams(list);
}

TEST(WebQuery, ReadsParametersWithDefaults) {
  const QueryConfig config;
  const auto q = parse_web_query(params({{"q", "bank"},
                                         {"page", "3"},
                                         {"per_page", "20"},
                                         {"sort", "date"},
                                         {"site", "A.Example"},
                                         {"site", ""},
                                         {"site", "b.example"},
                                         {"from", "2024-02"},
                                         {"to", "2024"},
                                         {"facets", "0"}}),
                                 config);
  ASSERT_TRUE(q) << q.error();
  EXPECT_EQ(q->request.query, "bank");
  EXPECT_EQ(q->request.page, 3u);
  EXPECT_EQ(q->request.per_page, 20u);
  EXPECT_EQ(q->request.sort, SortOrder::kDate);
  EXPECT_EQ(q->request.sites, (std::vector<std::string>{"a.example", "b.example"}));
  EXPECT_EQ(q->request.from, 1706745600);  // 2024-02-01T00:00:00Z
  EXPECT_EQ(q->request.to, 1735689599);    // 2024-12-31T23:59:59Z
  EXPECT_FALSE(q->request.facets);
  EXPECT_EQ(to_query_string(*q),
            "q=bank&sort=date&site=a.example&site=b.example&from=2024-02&to=2024&per_page=20&"
            "page=3");

  const auto defaults = parse_web_query(params({{"q", "x"}, {"page", ""}}), config);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->request.page, 1u);
  EXPECT_EQ(defaults->request.per_page, config.page_size);
  EXPECT_TRUE(defaults->request.facets);
  EXPECT_EQ(to_query_string(*defaults), "q=x");
}

TEST(WebQuery, RejectsBadParametersNamingThem) {
  const struct {
    std::string key, value, message;
  } rows[] = {
      {"page", "0", "page must be"},
      {"page", "-1", "page must be"},
      {"page", "1001", "page must be"},
      {"page", " 2", "page must be"},
      {"page", "2x", "page must be"},
      {"per_page", "101", "per_page must be"},
      {"per_page", "0x10", "per_page must be"},
      {"sort", "Date", "sort must be"},
      {"from", "2024-02-30", "from must be"},
      {"to", "24", "to must be"},
      {"facets", "true", "facets must be"},
      {"site", "\xff", "site is not valid UTF-8"},
      {"site", std::string(257, 'a'), "site is too long"},
      {"sort", std::string(300, 'a'), "sort is too long"},
  };
  for (const auto& r : rows) {
    const auto q = parse_web_query(params({{"q", "x"}, {r.key, r.value}}), QueryConfig{});
    ASSERT_FALSE(q) << r.key << "=" << r.value;
    EXPECT_NE(q.error().find(r.message), std::string::npos) << q.error();
  }
  QueryParams many = {{"q", "x"}};
  for (int i = 0; i <= 64; ++i) many.emplace("site", "s" + std::to_string(i) + ".example");
  const auto too_many = parse_web_query(many, QueryConfig{});
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error(), "at most 64 filters (query.max_filters)");
  EXPECT_FALSE(parse_web_query(params({{"from", "2025"}, {"to", "2024"}}), QueryConfig{}));
}

SearchResponse hostile_response() {
  SearchResponse r;
  r.total = 25;
  r.total_exact = false;
  r.page = 1;
  r.per_page = 2;
  Hit evil;
  evil.rank = 1;
  evil.url = "javascript:alert(1)";
  evil.title = "<script>alert('t')</script>";
  evil.site = "\"><b>site";
  evil.published = "2025-01-02T03:04:05Z";
  evil.authors = {"<i>Ann</i>"};
  evil.snippet_html = "a &lt;b&gt; <mark>word</mark>";
  Hit good;
  good.rank = 2;
  good.url = "https://a.example/?x=1&y=\"2\"";
  good.title = "Fine";
  good.site = "a.example";
  r.hits = {evil, good};
  r.site_facets = {{"<em>x</em>", 3}};
  r.month_facets = {{"2025-01", 2}};
  r.suggestion = "<svg onload=x>";
  return r;
}

TEST(HtmlPage, EscapesEverythingFromTheIndexAndTheRequest) {
  WebQuery q;
  q.request.query = "<q>\"'&";
  q.request.per_page = 2;
  q.from_text = "2024\"><x>";
  const std::string html = render_results_page(q, hostile_response());
  for (const char* raw : {"<script", "<b>", "<i>", "<em>", "<svg", "javascript:", "<q>\"", "<x>"}) {
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(html.find("<h2>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</h2>"),
            std::string::npos);
  EXPECT_NE(html.find(R"(<a href="https://a.example/?x=1&amp;y=&quot;2&quot;">Fine</a>)"),
            std::string::npos);
  EXPECT_NE(html.find("a &lt;b&gt; <mark>word</mark>"), std::string::npos);  // already HTML
  EXPECT_NE(html.find(R"(value="&lt;q&gt;&quot;&#39;&amp;")"), std::string::npos);
  EXPECT_NE(html.find("href=\"/?q=%3Csvg%20onload%3Dx%3E"), std::string::npos);
  EXPECT_NE(html.find("site=%3Cem%3Ex%3C%2Fem%3E"), std::string::npos);
  EXPECT_NE(html.find("Results 1–2 of about 25 (estimated)"), std::string::npos);
  EXPECT_NE(html.find(R"(rel="next")"), std::string::npos);
  EXPECT_EQ(html.find(R"(rel="prev")"), std::string::npos);
  EXPECT_NE(html.find("<span>Page 1</span>"), std::string::npos);  // of an estimate: no count

  SearchResponse exact = hostile_response();
  exact.total_exact = true;
  exact.page = 2;
  EXPECT_NE(render_results_page(q, exact).find("<span>Page 2 of 13</span>"), std::string::npos);
}

TEST(HtmlPage, EmptyAndErrorStates) {
  WebQuery q;
  q.request.query = "nothing";
  const std::string empty = render_results_page(q, SearchResponse{});
  EXPECT_NE(empty.find("No articles match <q>nothing</q>"), std::string::npos);
  EXPECT_EQ(empty.find("<ol"), std::string::npos);
  const std::string error = render_error_page("<bad>", "query <too> long");
  EXPECT_NE(error.find(R"(<p class="error" role="alert">query &lt;too&gt; long</p>)"),
            std::string::npos);
  EXPECT_NE(error.find(R"(value="&lt;bad&gt;")"), std::string::npos);
  EXPECT_NE(render_home_page().find(R"(name="q")"), std::string::npos);
}

TEST(WebQuery, BoundsComeFromTheConfiguration) {
  QueryConfig config;
  config.max_page = 3;
  config.max_per_page = 7;
  config.max_filters = 2;
  EXPECT_TRUE(parse_web_query(params({{"q", "x"}, {"page", "3"}, {"per_page", "7"}}), config));
  const auto page = parse_web_query(params({{"q", "x"}, {"page", "4"}}), config);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error(), "page must be a whole number from 1 to 3");
  EXPECT_FALSE(parse_web_query(params({{"q", "x"}, {"per_page", "8"}}), config));
  const QueryParams sites = {
      {"q", "x"}, {"site", "a.test"}, {"site", "b.test"}, {"site", "c.test"}};
  EXPECT_FALSE(parse_web_query(sites, config));

  // The last page allowed links to no next page, though more results exist.
  auto last = parse_web_query(params({{"q", "x"}, {"page", "3"}, {"per_page", "2"}}), config);
  ASSERT_TRUE(last);
  SearchResponse r = hostile_response();
  r.page = 3;
  EXPECT_EQ(render_results_page(*last, r).find(R"(rel="next")"), std::string::npos);
  r.page = 2;
  last->request.page = 2;
  EXPECT_NE(render_results_page(*last, r).find(R"(rel="next")"), std::string::npos);
}

// A limit that changed the results is said wherever the results are shown.
TEST(Notices, AppearInEveryOutput) {
  WebQuery q;
  q.request.query = "a*";
  SearchResponse r = hostile_response();
  r.notices = {"a* matches more than 64 words <b>"};
  EXPECT_NE(render_results_page(q, r).find(
                R"(<p class="notice" role="status">a* matches more than 64 words &lt;b&gt;</p>)"),
            std::string::npos);
  EXPECT_NE(render_text(q.request, r, false).find("Note: a* matches more than 64 words <b>\n"),
            std::string::npos);
  EXPECT_NE(render_json(q.request, r).find(R"("notices":["a* matches more than 64 words <b>"])"),
            std::string::npos);
  EXPECT_NE(render_atom_feed(q, r, "http://h:1", "2026-01-01T00:00:00Z")
                .find("<subtitle>a* matches more than 64 words &lt;b&gt;</subtitle>"),
            std::string::npos);
  EXPECT_NE(render_json(q.request, SearchResponse{}).find(R"("notices":[])"), std::string::npos);
}

// Control characters in the query and in stored text (U+0001, ESC) once made the feed invalid XML.
TEST(AtomFeed, IsWellFormedXmlWhateverTheTextHolds) {
  WebQuery q;
  q.request.query = "oil\x01\x1b";
  SearchResponse r = hostile_response();
  r.hits[1].title = "Oil\x01 price\x1b[31m \uFFFF";
  r.hits[1].authors = {"Ann\x02"};
  r.hits[1].snippet_html = "<mark>oil</mark>\x1b[0m\x0c";
  r.notices = {"note\x01"};
  for (const std::string& xml :
       {render_atom_feed(q, r, "http://127.0.0.1:8080", "2026-01-01T00:00:00Z"),
        render_opensearch("http://h\x01:1")}) {
    pugi::xml_document doc;
    const auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_full);
    EXPECT_TRUE(parsed) << parsed.description() << " at " << parsed.offset;
    for (const char c : xml) {
      const auto b = static_cast<unsigned char>(c);
      EXPECT_TRUE(b >= 0x20 || c == '\n' || c == '\t' || c == '\r') << int{b};
    }
    EXPECT_EQ(xml.find("\uFFFF"), std::string::npos);
  }
  const std::string xml = render_atom_feed(q, r, "http://h:1", "2026-01-01T00:00:00Z");
  EXPECT_NE(xml.find("<title>Gazette: oil\uFFFD\uFFFD</title>"), std::string::npos);
  EXPECT_NE(xml.find("<title>Oil\uFFFD price\uFFFD[31m \uFFFD</title>"), std::string::npos);
  EXPECT_NE(xml.find("<subtitle>note\uFFFD</subtitle>"), std::string::npos);
}

TEST(AtomFeed, IsEscapedXmlWithAbsoluteLinks) {
  WebQuery q;
  q.request.query = "a&b <c>";
  q.sort_given = true;
  q.request.sort = SortOrder::kDate;
  const std::string xml =
      render_atom_feed(q, hostile_response(), "http://127.0.0.1:8080", "2026-01-01T00:00:00Z");
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "));
  EXPECT_NE(xml.find("<title>Gazette: a&amp;b &lt;c&gt;</title>"), std::string::npos);
  EXPECT_NE(xml.find("href=\"http://127.0.0.1:8080/search.atom?q=a%26b%20%3Cc%3E&amp;sort=date\""),
            std::string::npos);
  EXPECT_NE(xml.find("<updated>2025-01-02T03:04:05Z</updated>"), std::string::npos);
  EXPECT_NE(xml.find("<summary type=\"text\">a &lt;b&gt; word</summary>"), std::string::npos);
  EXPECT_EQ(xml.find("<link href=\"javascript:"), std::string::npos);
  EXPECT_NE(xml.find("<link href=\"https://a.example/?x=1&amp;y=&quot;2&quot;\"/>"),
            std::string::npos);
  for (const char* raw : {"<script", "<i>", "<mark>"}) {
    EXPECT_EQ(xml.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(render_opensearch("http://h:1").find("template=\"http://h:1/?q={searchTerms}\""),
            std::string::npos);
}

TEST(HttpMetrics, WritesPrometheusText) {
  HttpMetrics m;
  m.record("/api/search", 200, 0.0007);
  m.record("/api/search", 200, 0.03);
  m.record("/api/search", 400, 0.0001);
  const std::string text = m.prometheus_text(42);
  EXPECT_NE(text.find("gazette_http_requests_total{route=\"/api/search\",status=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("gazette_http_requests_total{route=\"/api/search\",status=\"400\"} 1\n"),
            std::string::npos);
  // Cumulative buckets.
  EXPECT_NE(text.find("_bucket{route=\"/api/search\",le=\"0.0005\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{route=\"/api/search\",le=\"0.001\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{route=\"/api/search\",le=\"0.02\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{route=\"/api/search\",le=\"0.05\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{route=\"/api/search\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("_count{route=\"/api/search\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("gazette_index_documents 42\n"), std::string::npos);
}

}  // namespace
}  // namespace gazette::query
