// The default relevance order on short news queries (names, places, two or three words), on a
// real index of articles written for this test: the article about a subject ranks above
// articles that mention it in passing, whatever their length.
#include <algorithm>

#include <gtest/gtest.h>

#include "query/searcher.h"
#include "tests/support/index_fixture.h"

namespace gazette::query {
namespace {

using testing::make_article;

// A long piece of text on another subject, for articles that mention the query only once.
std::string filler(const std::string& topic, int sentences) {
  std::string out;
  for (int i = 0; i < sentences; ++i) {
    out += "Officials said the " + topic + " programme would continue into next year, and " +
           "analysts expected little change in the figures published each quarter. ";
  }
  return out;
}

class NewsRankingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const std::vector<Article> articles = {
        // About the trade representative.
        make_article("https://wire.example/yeutter-rice",
                     "Yeutter presses Japan to open its rice market",
                     "Trade representative Clayton Yeutter said on Monday that Japan must open "
                     "its rice market. Yeutter told reporters the talks had stalled. Asked about "
                     "retaliation, Yeutter said no decision had been taken, and aides to Yeutter "
                     "said he would travel to Tokyo next month.",
                     "1987-03-02T10:00:00Z"),
        // A long article that names him once.
        make_article("https://wire.example/farm-bill", "Senate committee debates the farm bill",
                     filler("farm support", 12) + "A letter from Clayton Yeutter was read out. " +
                         filler("grain storage", 10),
                     "1987-03-03T10:00:00Z"),
        // A short brief that names him once.
        make_article("https://wire.example/brief", "Agenda for the week",
                     "Ministers meet on Tuesday; Yeutter speaks on Thursday; markets close early "
                     "on Friday.",
                     "1987-03-04T10:00:00Z"),
        // About Brazil's coffee.
        make_article("https://wire.example/brazil-coffee", "Brazil coffee exports fall sharply",
                     "Brazil's coffee exports fell 20 percent in February as growers held back "
                     "beans. The Brazilian coffee institute said shipments of coffee to Europe "
                     "were lowest.",
                     "1987-03-05T10:00:00Z"),
        // A market round-up naming both once, among many other things.
        make_article("https://wire.example/roundup", "Commodities round-up",
                     filler("metals", 6) + "Coffee futures were steady. " + filler("sugar", 6) +
                         "Brazil's central bank was closed for a holiday. " + filler("cocoa", 6),
                     "1987-03-06T10:00:00Z"),
        // Every word of "opec output", once each.
        make_article("https://wire.example/opec-output", "Gulf producers meet",
                     "Saudi officials said OPEC would keep its output ceiling unchanged.",
                     "1987-03-07T10:00:00Z"),
        // Only one of the words, many times.
        make_article("https://wire.example/opec-prices", "OPEC prices",
                     "OPEC ministers discussed prices. OPEC members disagreed. OPEC's secretariat "
                     "in Vienna said OPEC would meet again.",
                     "1987-03-08T10:00:00Z"),
    };
    index_ = testing::build_index(*dir_, articles);
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::vector<std::string> ranked(const std::string& query) {
    auto searcher = Searcher::open(index_, QueryConfig{});
    EXPECT_TRUE(searcher);
    SearchRequest request;
    request.query = query;
    const auto response = searcher->search(request);
    EXPECT_TRUE(response) << query;
    std::vector<std::string> out;
    if (!response) return out;
    for (const auto& hit : response->hits) out.push_back(hit.url.substr(hit.url.rfind('/') + 1));
    return out;
  }

  static testing::TempDir* dir_;
  static std::string index_;
};
testing::TempDir* NewsRankingTest::dir_ = nullptr;
std::string NewsRankingTest::index_;

struct RankingCase {
  const char* query;
  const char* first;               // the article about the subject
  std::vector<const char*> below;  // articles that must rank after it
};

TEST_F(NewsRankingTest, TheArticleAboutTheSubjectRanksFirst) {
  const RankingCase cases[] = {
      {"yeutter", "yeutter-rice", {"farm-bill", "brief"}},
      {"Clayton Yeutter", "yeutter-rice", {"farm-bill"}},
      {"YEUTTER", "yeutter-rice", {"farm-bill", "brief"}},
      {"brazil coffee", "brazil-coffee", {"roundup"}},
      {"coffee brazil", "brazil-coffee", {"roundup"}},
      {"opec output", "opec-output", {"opec-prices"}},  // every word before one word often
  };
  for (const auto& c : cases) {
    const auto order = ranked(c.query);
    ASSERT_FALSE(order.empty()) << c.query;
    EXPECT_EQ(order.front(), c.first) << c.query;
    for (const char* later : c.below) {
      const auto it = std::find(order.begin(), order.end(), later);
      EXPECT_NE(it, order.end()) << c.query << ": " << later << " is a match";
    }
  }
}

}  // namespace
}  // namespace gazette::query
