#include "crawler/discovery.h"

#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/support/gzip_compress.h"

namespace gazette::crawler {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(GAZETTE_DISCOVERY_FIXTURES) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// One link as a line: "url | date | pub | title", for readable table comparisons.
std::string describe(const DiscoveredLink& link) {
  return link.url + " | " + (link.date ? format_iso8601(*link.date) : "-") + " | " +
         (link.date_is_publication ? "pub" : "mod") + " | " + link.title;
}

std::vector<std::string> describe_all(const DiscoveryDocument& doc) {
  std::vector<std::string> out;
  for (const DiscoveredLink& link : doc.links) out.push_back(describe(link));
  return out;
}

TEST(DiscoveryTest, Rss2Items) {
  const DiscoveryDocument doc =
      parse_discovery(fixture("rss2.xml"), "https://ledger.example/feed.xml");
  EXPECT_EQ(doc.kind, DiscoveryKind::kRss);
  const std::vector<std::string> expected = {
      "https://ledger.example/city/2025/11/20/ferry-timetable.html | 2025-11-20T07:45:00+01:00 | "
      "pub | Ferry timetable changes in spring",
      "https://ledger.example/politics/2025/11/19/harbour-budget.html | "
      "2025-11-19T18:00:00-05:00 | pub | Council & harbour board <agree> a budget",
      "https://ledger.example/sport/regatta-results.html | 2025-11-18T09:30:00Z | pub | Guid as "
      "permalink",
      "https://ledger.example/culture/lantern-festival.html | - | mod | Undated culture piece",
  };
  EXPECT_EQ(describe_all(doc), expected);
  const std::vector<std::string> warnings = {"item 4: no link",
                                             "item 5: unusable link \"javascript:void(0)\"",
                                             "item 6: unreadable date \"sometime last week\""};
  EXPECT_EQ(doc.warnings, warnings);
}

TEST(DiscoveryTest, RdfItems) {
  const DiscoveryDocument doc = parse_discovery(fixture("rdf.xml"), "https://ledger.example/rdf");
  EXPECT_EQ(doc.kind, DiscoveryKind::kRdf);
  const std::vector<std::string> expected = {
      "https://ledger.example/city/tram-line.html | 2025-11-17T12:00:00+01:00 | pub | Tram line "
      "extension approved",
      "https://ledger.example/city/library-hours.html | 2025-11-16T00:00:00Z | pub | Library "
      "opens on Sundays",
  };
  EXPECT_EQ(describe_all(doc), expected);
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(DiscoveryTest, AtomEntries) {
  const DiscoveryDocument doc =
      parse_discovery(fixture("atom.xml"), "https://ledger.example/atom.xml");
  EXPECT_EQ(doc.kind, DiscoveryKind::kAtom);
  const std::vector<std::string> expected = {
      // rel=alternate beats rel=self; resolved against the feed's xml:base.
      "https://ledger.example/weather/2025/11/20/coast-road.html | 2025-11-20T06:15:00+01:00 | "
      "pub | Storm closes the <b>coast road</b>",
      // An entry's own xml:base; only <updated>, which is no publication date.
      "https://mirror.ledger.example/business/fish-market.html | 2025-11-19T15:00:00Z | mod | "
      "Fish market reopens",
      "https://ledger.example/letters/2025/11/18/letters.html | 2025-11-18T10:00:00Z | mod | "
      "Link only in the id",
  };
  EXPECT_EQ(describe_all(doc), expected);
  const std::vector<std::string> warnings = {"entry 4: no link"};
  EXPECT_EQ(doc.warnings, warnings);
}

TEST(DiscoveryTest, UrlsetWithLastmod) {
  const DiscoveryDocument doc =
      parse_discovery(fixture("urlset.xml"), "https://ledger.example/sitemap.xml");
  EXPECT_EQ(doc.kind, DiscoveryKind::kUrlset);
  const std::vector<std::string> expected = {
      "https://ledger.example/ | - | mod | ",
      "https://ledger.example/city/2025/11/20/ferry-timetable.html | 2025-11-20T08:00:00+01:00 | "
      "mod | ",
      "https://ledger.example/culture/lantern-festival.html | 2025-11-15T00:00:00Z | mod | ",
  };
  EXPECT_EQ(describe_all(doc), expected);
  const std::vector<std::string> warnings = {"url 4: no link"};
  EXPECT_EQ(doc.warnings, warnings);
}

TEST(DiscoveryTest, GoogleNewsSitemap) {
  const DiscoveryDocument doc =
      parse_discovery(fixture("news_sitemap.xml"), "https://ledger.example/news-sitemap.xml");
  EXPECT_EQ(doc.kind, DiscoveryKind::kUrlset);
  const std::vector<std::string> expected = {
      "https://ledger.example/politics/2025/11/19/harbour-budget.html | 2025-11-19T18:00:00-05:00 "
      "| pub | Council and harbour board agree a budget",
      "https://ledger.example/fr/2025/11/19/marche-de-noel.html | 2025-11-19T00:00:00Z | pub | "
      "Le march\xC3\xA9 de No\xC3\xABl ouvre ses portes",
  };
  EXPECT_EQ(describe_all(doc), expected);
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(DiscoveryTest, SitemapIndex) {
  const DiscoveryDocument doc =
      parse_discovery(fixture("sitemap_index.xml"), "https://ledger.example/sitemap_index.xml");
  EXPECT_EQ(doc.kind, DiscoveryKind::kSitemapIndex);
  const std::vector<std::string> expected = {
      "https://ledger.example/sitemaps/news.xml | 2025-11-20T08:00:00Z | mod | ",
      "https://ledger.example/sitemaps/archive-2024.xml.gz | - | mod | ",
  };
  EXPECT_EQ(describe_all(doc), expected);
  const std::vector<std::string> warnings = {
      "sitemap 3: unusable link \"ftp://ledger.example/old.xml\""};
  EXPECT_EQ(doc.warnings, warnings);
}

TEST(DiscoveryTest, GzippedSitemapIsInflated) {
  const std::string plain = fixture("sitemap_index.xml");
  const DiscoveryDocument doc =
      parse_discovery(gazette::testing::gzip_compress(plain), "https://ledger.example/s.xml.gz");
  EXPECT_EQ(doc.kind, DiscoveryKind::kSitemapIndex);
  EXPECT_EQ(describe_all(doc),
            describe_all(parse_discovery(plain, "https://ledger.example/s.xml.gz")));
}

TEST(DiscoveryTest, GzipBombStopsWithAWarning) {
  // A valid urlset start followed by 32 MiB of spaces, against a 1 MiB cap.
  std::string huge = "<urlset><url><loc>https://a.example/</loc></url>";
  huge.append(std::size_t{32} << 20, ' ');
  huge += "</urlset>";
  const DiscoveryDocument doc = parse_discovery(gazette::testing::gzip_compress(huge),
                                                "https://a.example/s.xml.gz", std::size_t{1} << 20);
  EXPECT_EQ(doc.kind, DiscoveryKind::kNotDiscovery);
  EXPECT_TRUE(doc.links.empty());
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_TRUE(doc.warnings[0].starts_with("gzip: inflated size over the cap")) << doc.warnings[0];
  // Corrupt gzip is a warning too.
  const DiscoveryDocument corrupt = parse_discovery("\x1f\x8b garbage", "https://a.example/x.gz");
  EXPECT_EQ(corrupt.kind, DiscoveryKind::kNotDiscovery);
  ASSERT_EQ(corrupt.warnings.size(), 1u);
  EXPECT_TRUE(corrupt.warnings[0].starts_with("gzip: ")) << corrupt.warnings[0];
}

TEST(DiscoveryTest, NotFeedsAreRecognisedAsSuch) {
  struct Row {
    const char* name;
    std::string body;
    const char* warning_start;
  };
  const Row rows[] = {
      {"invalid XML", fixture("broken.xml"), "not XML: "},
      {"wrong root", fixture("opml.xml"), "root element <opml> is not a feed or sitemap"},
      {"HTML served as a feed", fixture("html_as_feed.html"), "not XML: "},
      {"XHTML served as a feed", fixture("xhtml_as_feed.html"),
       "root element <html> is not a feed or sitemap"},
      {"empty body", "", "not XML: "},
      {"plain text", "just some words", "not XML: "},
      {"binary", std::string("\x00\x01\x02\xff\xfe", 5), "not XML: "},
  };
  for (const Row& row : rows) {
    const DiscoveryDocument doc = parse_discovery(row.body, "https://ledger.example/feed.xml");
    EXPECT_EQ(doc.kind, DiscoveryKind::kNotDiscovery) << row.name;
    EXPECT_TRUE(doc.links.empty()) << row.name;
    ASSERT_EQ(doc.warnings.size(), 1u) << row.name;
    EXPECT_TRUE(doc.warnings[0].starts_with(row.warning_start))
        << row.name << ": " << doc.warnings[0];
  }
}

TEST(DiscoveryTest, RecognisedByRootNotNamespaceOrUrl) {
  // No namespaces, odd prefixes, a URL that says nothing.
  const DiscoveryDocument rss =
      parse_discovery("<rss><channel><item><link>https://a.example/x</link></item></channel></rss>",
                      "https://a.example/whatever.php");
  EXPECT_EQ(rss.kind, DiscoveryKind::kRss);
  ASSERT_EQ(rss.links.size(), 1u);
  const DiscoveryDocument rdf = parse_discovery(
      "<r:RDF xmlns:r=\"urn:x\"><item><link>/y</link></item></r:RDF>", "https://a.example/feed");
  EXPECT_EQ(rdf.kind, DiscoveryKind::kRdf);
  ASSERT_EQ(rdf.links.size(), 1u);
  EXPECT_EQ(rdf.links[0].url, "https://a.example/y");
  const DiscoveryDocument sitemap = parse_discovery(
      "<sm:urlset xmlns:sm=\"urn:y\"><sm:url><sm:loc>https://a.example/z</sm:loc></sm:url>"
      "</sm:urlset>",
      "https://a.example/rss.xml");
  EXPECT_EQ(sitemap.kind, DiscoveryKind::kUrlset);
  ASSERT_EQ(sitemap.links.size(), 1u);
  // Without a usable document URL, absolute links still work and relative ones are skipped.
  const DiscoveryDocument no_base = parse_discovery(
      "<urlset><url><loc>https://a.example/abs</loc></url><url><loc>/rel</loc></url></urlset>", "");
  ASSERT_EQ(no_base.links.size(), 1u);
  EXPECT_EQ(no_base.links[0].url, "https://a.example/abs");
  EXPECT_EQ(no_base.warnings.size(), 1u);
}

TEST(DiscoveryTest, DecodesWhateverEncodingTheDeclarationNames) {
  struct Row {
    const char* name;
    std::string body;
    const char* title;
  };
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<rss><channel><item><title>caf\xE9</title><link>/a</link></item>"
                            "</channel></rss>")) {
    utf16 += c;
    utf16 += '\0';
  }
  const Row rows[] = {
      {"windows-1252",
       "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><item><title>caf\xE9 "
       "\x93quoted\x94</title><link>/a</link></item></channel></rss>",
       "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D"},
      {"ISO-8859-1 in single quotes",
       "<?xml version='1.0' encoding='ISO-8859-1'?><rss><channel><item><title>caf\xE9</title>"
       "<link>/a</link></item></channel></rss>",
       "caf\xC3\xA9"},
      {"declared Latin-1 but UTF-8",
       "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>caf\xC3\xA9"
       "</title><link>/a</link></item></channel></rss>",
       "caf\xC3\xA9"},
      {"UTF-16 with a byte order mark", utf16, "caf\xC3\xA9"},
      {"whitespace before the declaration",
       "\n\n  <?xml version=\"1.0\"?><rss><channel><item><title>ok</title><link>/a</link></item>"
       "</channel></rss>",
       "ok"},
      // Without a declaration, bytes that are not UTF-8 are read as windows-1252 (the common
      // case: an old feed that never said it was Latin-1).
      {"undeclared Latin-1",
       "<rss><channel><item><title>a\xFF\xFE"
       "b</title><link>/a</link></item></channel></rss>",
       "a\xC3\xBF\xC3\xBE"
       "b"},
      {"invalid character reference",
       "<rss><channel><item><title>x&#xD800;y</title>"
       "<link>/a</link></item></channel></rss>",
       "x\xEF\xBF\xBDy"},
  };
  for (const Row& row : rows) {
    const DiscoveryDocument doc = parse_discovery(row.body, "https://a.example/feed.xml");
    EXPECT_EQ(doc.kind, DiscoveryKind::kRss) << row.name;
    ASSERT_EQ(doc.links.size(), 1u) << row.name;
    EXPECT_EQ(doc.links[0].url, "https://a.example/a") << row.name;
    EXPECT_EQ(doc.links[0].title, row.title) << row.name;
  }
}

TEST(DiscoveryTest, TruncatedAndMutatedDocumentsNeverCrash) {
  // Every prefix of every fixture, and copies with bytes flipped: each parse returns, and a cut
  // document never yields links that the whole one does not have.
  for (const char* name :
       {"rss2.xml", "rdf.xml", "atom.xml", "urlset.xml", "news_sitemap.xml", "sitemap_index.xml"}) {
    const std::string whole = fixture(name);
    const DiscoveryDocument full = parse_discovery(whole, "https://ledger.example/x");
    std::set<std::string> full_urls;
    for (const auto& link : full.links) full_urls.insert(link.url);
    for (std::size_t cut = 0; cut < whole.size(); cut += 13) {
      const DiscoveryDocument part =
          parse_discovery(whole.substr(0, cut), "https://ledger.example/x");
      if (part.kind == DiscoveryKind::kNotDiscovery) {
        EXPECT_TRUE(part.links.empty()) << name << " cut at " << cut;
        EXPECT_FALSE(part.warnings.empty()) << name << " cut at " << cut;
      }
      for (const auto& link : part.links) {
        EXPECT_TRUE(full_urls.contains(link.url)) << name << " cut at " << cut << ": " << link.url;
      }
    }
    std::uint64_t state = 12345;
    for (int round = 0; round < 100; ++round) {
      std::string mutated = whole;
      for (int k = 0; k < 5; ++k) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        mutated[(state >> 33) % mutated.size()] = static_cast<char>(state >> 56);
      }
      (void)parse_discovery(mutated, "https://ledger.example/x");
      (void)parse_discovery(gazette::testing::gzip_compress(mutated).substr(0, 40 + round),
                            "https://ledger.example/x");
    }
    EXPECT_FALSE(full_urls.empty()) << name;
  }
}

TEST(DiscoveryTest, EntityTricksAreInert) {
  const std::string xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">"
      "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
      "<rss><channel><item><title>&x;&b;</title><link>https://a.example/x</link></item>"
      "</channel></rss>";
  const DiscoveryDocument doc = parse_discovery(xxe, "https://a.example/feed.xml");
  EXPECT_EQ(doc.kind, DiscoveryKind::kRss);
  ASSERT_EQ(doc.links.size(), 1u);
  EXPECT_EQ(doc.links[0].title.find("root:"), std::string::npos);
  EXPECT_LT(doc.links[0].title.size(), 100u);
}

}  // namespace
}  // namespace gazette::crawler
