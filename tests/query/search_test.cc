// Query rules and ranking, on a real index built by the indexer library.
#include "query/searcher.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "common/time.h"
#include "query/search_deadline.h"
#include "tests/support/index_fixture.h"

namespace gazette::query {
namespace {

using testing::make_article;

class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const std::vector<Article> articles = {
        make_article("https://harbour.example/a", "Harbour expansion approved",
                     "The council approved the port plan after a long debate about dredging.",
                     "2024-03-12T09:00:00Z", "", {"Jane Doe"}),
        make_article("https://city.example/b", "City council roundup",
                     "Among other business, members discussed the harbour expansion briefly. "
                     "Parking charges, libraries and parks filled the rest of the evening.",
                     "2023-01-05T09:00:00Z"),
        make_article("https://money.example/c", "Central bank raises interest rates",
                     "The central bank raised rates by half a point to fight inflation.",
                     "2022-05-05T12:00:00Z"),
        make_article("https://money.example/d", "Bank holiday trading",
                     "Shops in the central district opened; the bank stayed closed.",
                     "2021-04-05T12:00:00Z"),
        make_article("https://lejournal.example/e", "La banque centrale relève ses taux",
                     "La banque centrale a relevé ses taux directeurs jeudi.",
                     "2021-06-10T12:00:00+02:00", "", {}, "fr"),
        make_article("https://pets.example/f", "Cats and dogs share a shelter",
                     "Cats and dogs were rehomed together.", "2020-01-01T00:00:00Z"),
        make_article("https://pets.example/g", "Dog show results", "Dogs of every breed competed.",
                     "2020-02-01T00:00:00Z"),
        make_article("https://pets.example/h", "Cat cafe opens", "Cats greet the customers.",
                     "2020-03-01T00:00:00Z"),
    };
    index_ = testing::build_index(*dir_, articles);
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::vector<std::string> urls(const std::string& query,
                                       SortOrder sort = SortOrder::kRelevance) {
    auto searcher = Searcher::open(index_, QueryConfig{});
    EXPECT_TRUE(searcher);
    SearchRequest request;
    request.query = query;
    request.sort = sort;
    const auto response = searcher->search(request);
    EXPECT_TRUE(response) << query << ": " << (response ? "" : response.error().message);
    std::vector<std::string> out;
    if (!response) return out;
    for (const auto& hit : response->hits) out.push_back(hit.url.substr(hit.url.size() - 1));
    return out;
  }
  static std::vector<std::string> sorted_urls(const std::string& query) {
    auto v = urls(query);
    std::sort(v.begin(), v.end());
    return v;
  }

  static testing::TempDir* dir_;
  static std::string index_;
};
testing::TempDir* SearchTest::dir_ = nullptr;
std::string SearchTest::index_;

using Ids = std::vector<std::string>;

TEST_F(SearchTest, TitleMatchRanksAboveBodyMatch) {
  EXPECT_EQ(urls("harbour expansion"), (Ids{"a", "b"}));
}

struct MatchCase {
  const char* query;
  Ids expected;  // the last letter of each URL matching every word, sorted
  Ids relaxed;   // those ranked after them, with only some of the words, sorted
};

TEST_F(SearchTest, QuerySyntaxTable) {
  const MatchCase cases[] = {
      {"\"central bank\"", {"c"}, {}},        // phrase: adjacent words only
      {"central bank", {"c", "d"}, {"e"}},    // words: all must match, then some
      {"cats OR dogs", {"f", "g", "h"}, {}},  // capital OR is an operator
      {"cats AND dogs", {"f"}, {}},           // operators: no relaxed form
      {"cats or dogs", {"f"}, {"g", "h"}},    // lower-case or is a plain (stop) word
      {"CATS OR DOGS", {"f"}, {"g", "h"}},    // an all-capitals query has no operators
      {"cats -dogs", {"h"}, {}},
      {"cats NOT dogs", {"h"}, {}},
      {"+cats dogs", {"f"}, {"h"}},  // + stays required when relaxed
      {"title:harbour", {"a"}, {}},
      {"site:city.example harbour", {"b"}, {}},
      {"site:CITY.Example harbour", {"b"}, {}},
      {"site:city.example harbour parking zebra", {}, {"b"}},  // filters are never relaxed
      {"author:\"jane doe\"", {"a"}, {}},
      {"author:\"JANE  DOE\" port", {"a"}, {}},
      {"lang:fr banque", {"e"}, {}},
      {"lang:fr taux relever", {"e"}, {}},    // French stemming: relevé ~ relever
      {"2022-01-01..2022-12-31", {"c"}, {}},  // a date range alone filters everything
      {"bank 2021..2022", {"c", "d"}, {}},
      {"bank after:2021", {"c"}, {}},
      {"bank before:2022", {"d"}, {}},
      {"bank 2021-04..2021-04", {"d"}, {}},
      {"harb*", {"a", "b"}, {}},
      {"dog", {"f", "g"}, {}},       // stemming: dog ~ dogs
      {"the cats", {"f", "h"}, {}},  // stop words are dropped
      {"tax", {}, {}},
      {"tax zebra", {}, {}},  // no word in the archive: nothing
  };
  for (const auto& c : cases) {
    auto searcher = Searcher::open(index_, QueryConfig{});
    ASSERT_TRUE(searcher);
    SearchRequest request;
    request.query = c.query;
    const auto response = searcher->search(request);
    ASSERT_TRUE(response) << c.query << ": " << response.error().message;
    const std::size_t all = response->relaxed ? response->all_words_total : response->hits.size();
    ASSERT_LE(all, response->hits.size()) << c.query;
    Ids first, rest;
    for (std::size_t i = 0; i < response->hits.size(); ++i) {
      (i < all ? first : rest)
          .push_back(response->hits[i].url.substr(response->hits[i].url.size() - 1));
    }
    std::sort(first.begin(), first.end());
    std::sort(rest.begin(), rest.end());
    EXPECT_EQ(first, c.expected) << c.query;
    EXPECT_EQ(rest, c.relaxed) << c.query;
    EXPECT_EQ(response->relaxed, !c.relaxed.empty()) << c.query;
  }
}

// fuzz/regressions/query/xapian-xor-wildcards-crash*: Xapian 1.4.22's matcher crashed (SIGSEGV)
// on an XOR of three or more subqueries with a wildcard twice. XOR is now a plain word, so these
// queries are answered, and "xor" is searched for like any word.
TEST_F(SearchTest, XorIsAPlainWordSoWildcardsCannotCrashTheMatcher) {
  auto searcher = Searcher::open(index_, QueryConfig{});
  ASSERT_TRUE(searcher);
  for (const char* query : {"h* XOR h* XOR c*", "h* XOR c* h* XOR c*", "c* XOR (c* AND h*) XOR h*",
                            "d* XOR%2B*ARfa-0/ d* XOR%2B*ARfa-0/ befor"}) {
    SearchRequest request;
    request.query = query;
    request.per_page = 5;
    const auto response = searcher->search(request);
    ASSERT_TRUE(response) << query << ": " << response.error().message;
  }
  EXPECT_EQ(sorted_urls("cats XOR dogs"), (Ids{"f", "g", "h"}));  // relaxed: "xor" is in none
}

// A short query relaxes across pages: ranks run on from the articles with every word, the
// total counts both, and the notice says how many had every word.
TEST_F(SearchTest, RelaxedResultsFollowTheArticlesWithEveryWordAcrossPages) {
  auto searcher = Searcher::open(index_, QueryConfig{});
  ASSERT_TRUE(searcher);
  SearchRequest request;
  request.query = "cats dogs shelter";
  request.per_page = 1;
  request.facets = true;  // every document examined: exact totals
  std::vector<std::string> seen;
  for (unsigned page = 1; page <= 4; ++page) {
    request.page = page;
    const auto r = searcher->search(request);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->total, 3u);
    EXPECT_TRUE(r->total_exact);
    if (page == 4) {
      EXPECT_TRUE(r->hits.empty());
      break;
    }
    ASSERT_EQ(r->hits.size(), 1u) << page;
    EXPECT_EQ(r->hits[0].rank, page);
    seen.push_back(r->hits[0].url);
    EXPECT_TRUE(r->relaxed);  // page 1 too: its last result is the last with every word
    EXPECT_EQ(r->all_words_total, 1u);
    ASSERT_FALSE(r->notices.empty());
    EXPECT_EQ(r->notices.back(),
              "1 article has all of your words; the results after it have some of them");
  }
  EXPECT_EQ(seen.front(), "https://pets.example/f");
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
}

TEST_F(SearchTest, LongQuestionsMatchAnyWordRankedByRelevance) {
  auto searcher = Searcher::open(index_, QueryConfig{});
  ASSERT_TRUE(searcher);
  SearchRequest request;
  request.query = "Why did the central bank raise interest rates so sharply during the inflation";
  const auto response = searcher->search(request);
  ASSERT_TRUE(response);
  EXPECT_FALSE(response->match_all_words);
  ASSERT_GE(response->hits.size(), 2u);
  EXPECT_EQ(response->hits[0].url, "https://money.example/c");
}

TEST_F(SearchTest, FeedbackTermsOfLongQueriesStayInsideFilters) {
  auto searcher = Searcher::open(index_, QueryConfig{});
  SearchRequest request;
  request.query =
      "why did the central bank raise interest rates during inflation site:money.example";
  const auto response = searcher->search(request);
  ASSERT_TRUE(response);
  ASSERT_FALSE(response->hits.empty());
  for (const auto& hit : response->hits) EXPECT_EQ(hit.site, "money.example") << hit.url;
  request.query = "why did the central bank raise interest rates during inflation";
  request.sites = {"pets.example"};
  const auto filtered = searcher->search(request);
  ASSERT_TRUE(filtered);
  for (const auto& hit : filtered->hits) EXPECT_EQ(hit.site, "pets.example") << hit.url;
}

TEST_F(SearchTest, SortByDateIsNewestFirst) {
  EXPECT_EQ(urls("bank", SortOrder::kDate), (Ids{"c", "d"}));
  EXPECT_EQ(urls("cats OR dogs", SortOrder::kDate), (Ids{"h", "g", "f"}));
}

TEST(Blend, RanksRecentArticlesAboveOlderEqualMatches) {
  testing::TempDir dir;
  const auto days_ago = [](int days) {
    return format_iso8601(DateTime{now_unix_seconds() - days * 86400LL, 0});
  };
  // Same text, so relevance alone cannot tell them apart; inserted oldest in the middle.
  const auto index = testing::build_index(
      dir, {testing::make_article("https://ferry.example/month", "Ferry timetable changes",
                                  "New ferry timetable.", days_ago(30)),
            testing::make_article("https://ferry.example/year", "Ferry timetable changes",
                                  "New ferry timetable.", days_ago(400)),
            testing::make_article("https://ferry.example/day", "Ferry timetable changes",
                                  "New ferry timetable.", days_ago(1))});
  auto searcher = Searcher::open(index, QueryConfig{});
  ASSERT_TRUE(searcher);
  SearchRequest request;
  request.query = "ferry timetable";
  request.sort = SortOrder::kBlend;
  const auto blended = searcher->search(request);
  ASSERT_TRUE(blended);
  ASSERT_EQ(blended->hits.size(), 3u);
  EXPECT_EQ(blended->hits[0].url, "https://ferry.example/day");
  EXPECT_EQ(blended->hits[1].url, "https://ferry.example/month");
  EXPECT_EQ(blended->hits[2].url, "https://ferry.example/year");
  EXPECT_GT(blended->hits[0].score, blended->hits[1].score);

  // With recency switched off, blend is plain relevance: all three score the same.
  QueryConfig no_recency;
  no_recency.recency_weight = 0;
  auto plain = Searcher::open(index, no_recency);
  const auto flat = plain->search(request);
  ASSERT_TRUE(flat);
  EXPECT_DOUBLE_EQ(flat->hits[0].score, flat->hits[2].score);
}

TEST_F(SearchTest, DidYouMeanForUnknownWords) {
  auto searcher = Searcher::open(index_, QueryConfig{});
  ASSERT_TRUE(searcher);
  SearchRequest request;
  request.query = "Harbuor expansion";
  const auto response = searcher->search(request);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->suggestion, "harbour expansion");
  request.query = "harbour expansion";
  EXPECT_EQ(searcher->search(request)->suggestion, "");
}

TEST_F(SearchTest, ResultsCarryDisplayFieldsAndHighlightedSnippet) {
  auto searcher = Searcher::open(index_, QueryConfig{});
  ASSERT_TRUE(searcher);
  SearchRequest request;
  request.query = "dredging";
  request.facets = true;
  const auto response = searcher->search(request);
  ASSERT_TRUE(response);
  ASSERT_EQ(response->hits.size(), 1u);
  const auto& hit = response->hits[0];
  EXPECT_EQ(hit.title, "Harbour expansion approved");
  EXPECT_EQ(hit.site, "harbour.example");
  EXPECT_EQ(hit.published, "2024-03-12T09:00:00Z");
  EXPECT_EQ(hit.authors, (std::vector<std::string>{"Jane Doe"}));
  EXPECT_NE(hit.snippet_html.find("<mark>dredging</mark>"), std::string::npos) << hit.snippet_html;
  EXPECT_EQ(response->total, 1u);
  EXPECT_TRUE(response->total_exact);
  ASSERT_EQ(response->site_facets.size(), 1u);
  EXPECT_EQ(response->site_facets[0].value, "harbour.example");
  ASSERT_EQ(response->month_facets.size(), 1u);
  EXPECT_EQ(response->month_facets[0].value, "2024-03");
}

TEST_F(SearchTest, SnippetsEscapeHtml) {
  testing::TempDir dir;
  const auto index = testing::build_index(
      dir, {make_article("https://x.example/1", "Escapes", "Use <script>alert(1)</script> & more",
                         "2020-01-01")});
  auto searcher = Searcher::open(index, QueryConfig{});
  SearchRequest request;
  request.query = "alert";
  const auto response = searcher->search(request);
  ASSERT_TRUE(response);
  ASSERT_EQ(response->hits.size(), 1u);
  EXPECT_EQ(response->hits[0].snippet_html.find("<script>"), std::string::npos);
  EXPECT_NE(response->hits[0].snippet_html.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(SearchTest, BadQueriesAreRejectedWithAMessage) {
  auto searcher = Searcher::open(index_, QueryConfig{});
  ASSERT_TRUE(searcher);
  const std::string cases[] = {
      "",
      "   ",
      std::string(5000, 'a'),
      "caf\xc3",
      "2025-13-01..2026-01-01",
      "bank after:yesterday",
      "bank before:2025-02-30",
      "2024..2020",
  };
  for (const auto& q : cases) {
    SearchRequest request;
    request.query = q;
    const auto response = searcher->search(request);
    ASSERT_FALSE(response) << q;
    EXPECT_EQ(response.error().kind, SearchError::Kind::kBadQuery) << q;
    EXPECT_FALSE(response.error().message.empty());
  }
  SearchRequest request;
  request.query = "bank";
  request.page = 0;
  EXPECT_FALSE(searcher->search(request));
  request.page = 1;
  request.per_page = 1000;
  EXPECT_FALSE(searcher->search(request));
}

// Every expensive query shape is bounded: refused with a message naming the limit, or answered
// with a notice saying what the limit changed.
class QueryLimitsTest : public ::testing::Test {
 protected:
  // 300 words sharing the prefix "a" (aaaa, aaab, ...), one article each, plus a few others.
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    std::vector<Article> articles;
    for (int i = 0; i < 300; ++i) {
      const std::string word = {'a', static_cast<char>('a' + i / 26 / 26 % 26),
                                static_cast<char>('a' + i / 26 % 26),
                                static_cast<char>('a' + i % 26)};
      articles.push_back(make_article("https://many.example/" + std::to_string(i), "Story " + word,
                                      "The word " + word + " appears here.",
                                      "2024-01-01T00:00:00Z"));
    }
    index_ = testing::build_index(*dir_, articles);
  }
  static void TearDownTestSuite() { delete dir_; }

  static tl::expected<SearchResponse, SearchError> search(const std::string& query,
                                                          const QueryConfig& config = {}) {
    auto searcher = Searcher::open(index_, config);
    EXPECT_TRUE(searcher);
    SearchRequest request;
    request.query = query;
    return searcher->search(request);
  }

  static std::string repeated(const std::string& part, std::size_t n, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (i ? sep : "") + fmt::format(fmt::runtime(part), i);
    return out;
  }

  static testing::TempDir* dir_;
  static std::string index_;
};
testing::TempDir* QueryLimitsTest::dir_ = nullptr;
std::string QueryLimitsTest::index_;

TEST_F(QueryLimitsTest, ABroadWildcardSearchesItsMostFrequentWordsAndSaysSo) {
  for (const std::string query : {"a*", "a* a* a* a*", "title:a*"}) {
    const auto r = search(query);
    ASSERT_TRUE(r) << query << ": " << r.error().message;
    EXPECT_GT(r->total, 0u) << query;
    ASSERT_FALSE(r->notices.empty()) << query;
    EXPECT_NE(r->notices[0].find("matches more than 64 words"), std::string::npos) << r->notices[0];
  }
  EXPECT_EQ(search("title:a*")->notices[0].find("title:a*"), 0u);
  // A narrow wildcard is searched whole, without a notice.
  const auto narrow = search("aab*");
  ASSERT_TRUE(narrow);
  EXPECT_EQ(narrow->total, 26u);
  EXPECT_TRUE(narrow->notices.empty());
  // The limit is the configuration's.
  QueryConfig config;
  config.max_wildcard_terms = 500;
  EXPECT_TRUE(search("a*", config)->notices.empty());
}

TEST_F(QueryLimitsTest, ExpensiveQueriesAreRefusedNamingTheLimit) {
  QueryConfig roomy;  // long enough for the lists below to reach the parser
  roomy.max_query_bytes = 65536;
  const struct {
    std::string query;
    std::string message;
  } cases[] = {
      {repeated("a*", 20, " "), "too many wildcards (20; at most 4)"},
      {repeated("a* OR", 400, " ") + " b", "too many wildcards"},
      {repeated("w{}", 5000, " OR "), "too many words to search for (5000"},
      {repeated("w{}", 5000, " "), "too many words to search for"},
      {"bank " + repeated("site:s{}.example", 70, " "), "too many filters (at most 64)"},
      {"bank " + repeated("200{}..2030", 70, " "), "too many filters"},
  };
  for (const auto& c : cases) {
    const auto r = search(c.query, roomy);
    ASSERT_FALSE(r) << c.query.substr(0, 40);
    EXPECT_EQ(r.error().kind, SearchError::Kind::kBadQuery);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
  // With the default query length, the same list is refused before it is parsed.
  const auto r = search(repeated("w{}", 5000, " OR "));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("too long"), std::string::npos) << r.error().message;
}

// One 4000-letter word once cost a gigabyte in "did you mean" (spelling_test checks the work).
TEST_F(QueryLimitsTest, ALongWordIsSearchedWithoutASuggestion) {
  const auto r = search(std::string(4000, 'x'));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->total, 0u);
  EXPECT_EQ(r->suggestion, "");
  EXPECT_EQ(search("wrod")->suggestion, "word");  // a normal misspelling still gets one
}

TEST_F(QueryLimitsTest, PagesAndPageSizesAreBoundedOnEveryRequest) {
  auto searcher = Searcher::open(index_, QueryConfig{});
  ASSERT_TRUE(searcher);
  SearchRequest request;
  request.query = "word";
  request.page = 1000000000;
  auto r = searcher->search(request);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("page must be between 1 and 1000 (query.max_page)"),
            std::string::npos);
  request.page = 1;
  request.per_page = 1000000000;
  r = searcher->search(request);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("per_page must be between 1 and 100 (query.max_per_page)"),
            std::string::npos);
  // The deepest page allowed is answered (empty here).
  request.page = 1000;
  request.per_page = 100;
  r = searcher->search(request);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->hits.empty());
  EXPECT_EQ(r->total, 300u);
}

TEST_F(QueryLimitsTest, PageBoundsAreConfigurable) {
  QueryConfig config;
  config.max_page = 3;
  config.max_per_page = 7;
  auto searcher = Searcher::open(index_, config);
  ASSERT_TRUE(searcher);
  SearchRequest request;
  request.query = "word";
  request.page = 3;
  request.per_page = 7;
  auto r = searcher->search(request);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->hits.size(), 7u);
  EXPECT_EQ(r->hits.front().rank, 15u);
  request.page = 4;
  r = searcher->search(request);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("between 1 and 3"), std::string::npos);
  request.page = 1;
  request.per_page = 8;
  r = searcher->search(request);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("between 1 and 7"), std::string::npos);
}

// The deadline ends a match: a query filtered by an expired one matches nothing and says so,
// and one with time to spare matches everything it would without it.
TEST_F(QueryLimitsTest, ASearchDeadlineEndsTheMatch) {
  const Xapian::Database db(index_);
  for (const bool expired : {true, false}) {
    const auto now = SearchDeadline::Clock::now();
    SearchDeadline deadline(expired ? now - std::chrono::seconds(1) : now + std::chrono::hours(1),
                            std::make_shared<bool>(false));
    Xapian::Enquire enquire(db);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("word"), Xapian::Query(&deadline)));
    const Xapian::MSet mset = enquire.get_mset(0, 10, 1000);
    EXPECT_EQ(mset.size(), expired ? 0u : 10u) << expired;
    EXPECT_EQ(mset.get_matches_estimated(), expired ? 0u : 300u) << expired;
    EXPECT_EQ(deadline.expired(), expired);
  }
  // Searches within the limit carry no notice.
  const auto r = search("word");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->total, 300u);
  EXPECT_TRUE(r->notices.empty());
}

TEST_F(SearchTest, AQueryOfOnlyStopWordsStillSearches) {
  // "The Who": when every word is a stop word, the words are kept rather than dropped.
  auto searcher = Searcher::open(index_, QueryConfig{});
  SearchRequest request;
  request.query = "the and";
  const auto response = searcher->search(request);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->hits.size(), 1u);  // only f has "and" in its title and body
}

TEST(Searcher, MissingIndexIsAnError) {
  testing::TempDir dir;
  const auto searcher = Searcher::open(dir.file("nothing"), QueryConfig{});
  ASSERT_FALSE(searcher);
  EXPECT_NE(searcher.error().to_string().find("nothing"), std::string::npos);
}

TEST(SnippetToText, UnescapesAndMarks) {
  EXPECT_EQ(snippet_to_text("a <mark>b</mark> &amp; &lt;c&gt;", "[", "]"), "a [b] & <c>");
}

}  // namespace
}  // namespace gazette::query
