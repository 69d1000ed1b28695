// Over 500 lines on purpose: every route's tests share one fixture (an indexed archive and a
// server on loopback) and its request helpers; split by route, each file would repeat them.
// The HTTP frontend over loopback: the real server (in-process on 127.0.0.1 port 0, and the
// gazette-query binary) on real indexes in temporary directories.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "indexer/importer.h"
#include "query/http_server.h"
#include "tests/support/index_fixture.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using nlohmann::json;
using testing::TempDir;

const std::string kSample = std::string(GAZETTE_SOURCE_DIR) + "/samples/archive.jsonl";
constexpr std::size_t kSampleArticles = 48;
const std::string kHostileTitle = R"(<script>alert("title")</script> Quokka & friends)";

// Articles written to a JSON Lines file and imported into `index` (created when absent).
void import_articles(const std::string& index, const std::vector<Article>& articles,
                     const std::string& jsonl) {
  {
    std::ofstream out(jsonl);
    for (const auto& a : articles) out << to_json_line(a) << "\n";
  }
  indexer::ImportOptions options;
  options.index_path = index;
  const auto stats = indexer::import_files({jsonl}, options);
  ASSERT_TRUE(stats) << stats.error().to_string();
  ASSERT_EQ(stats->rejected, 0u);
}

std::vector<Article> hostile_articles() {
  return {testing::make_article("javascript:alert(1)", kHostileTitle,
                                "The quokka <b>smiles</b> & \"waves\" at 'visitors'.",
                                "2025-06-01T10:00:00Z", "evil.example")};
}

// Polls until `done` holds, for up to `timeout`; returns the time it took, or nullopt.
std::optional<std::chrono::milliseconds> wait_until(const std::function<bool()>& done,
                                                    std::chrono::seconds timeout) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < timeout) {
    if (done()) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

// A server on 127.0.0.1:0 over the sample archive plus one hostile article.
// A server over `index_path` on a free 127.0.0.1 port, refreshing its searchers every 100 ms;
// started (throws when it cannot be). `port` receives its port.
std::unique_ptr<query::HttpServer> start_server_over(const std::string& index_path, int& port,
                                                     unsigned threads = 64) {
  query::ServerOptions options;
  options.port = 0;
  options.threads = threads;
  options.index_path = index_path;
  options.refresh_interval = std::chrono::milliseconds(100);
  auto server = std::make_unique<query::HttpServer>(options);
  const auto started = server->start();
  if (!started) throw std::runtime_error(started.error().to_string());
  port = *started;
  return server;
}

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);  // no access log lines in the test output
    indexer::ImportOptions options;
    options.index_path = index_;
    ASSERT_TRUE(indexer::import_files({kSample}, options));
    import_articles(index_, hostile_articles(), dir_.file("hostile.jsonl"));
    start_server();
  }

  void start_server() { server_ = start_server_over(index_, port_, 8); }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    return c;
  }

  httplib::Result get(const std::string& target) const { return client().Get(target); }

  json get_json(const std::string& target, int expected_status) const {
    const auto r = get(target);
    EXPECT_TRUE(r) << target;
    if (!r) return {};
    EXPECT_EQ(r->status, expected_status) << target << "\n" << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << target;
    return json::parse(r->body);
  }

  TempDir dir_;
  std::string index_ = dir_.file("index");
  std::unique_ptr<query::HttpServer> server_;
  int port_ = 0;
};

TEST_F(HttpTest, ApiSearchAnswersJsonWithResultsTotalsFacetsAndSuggestion) {
  const json r = get_json("/api/search?q=central%20bank&per_page=2", 200);
  EXPECT_EQ(r["query"], "central bank");
  EXPECT_GT(r["total"].get<int>(), 2);
  EXPECT_TRUE(r["total_exact"].is_boolean());
  ASSERT_EQ(r["results"].size(), 2u);
  for (const char* key : {"rank", "url", "title", "site", "published", "snippet", "snippet_html"}) {
    EXPECT_TRUE(r["results"][0].contains(key)) << key;
  }
  EXPECT_NE(r["results"][0]["snippet_html"].get<std::string>().find("<mark>"), std::string::npos);
  EXPECT_FALSE(r["facets"]["site"].empty());
  EXPECT_FALSE(r["facets"]["month"].empty());
  EXPECT_TRUE(r["suggestion"].is_null());

  const json page2 = get_json("/api/search?q=central%20bank&per_page=2&page=2", 200);
  ASSERT_FALSE(page2["results"].empty());
  EXPECT_EQ(page2["results"][0]["rank"], 3);
  EXPECT_NE(page2["results"][0]["url"], r["results"][0]["url"]);

  const json misspelt = get_json("/api/search?q=centrall%20bank", 200);
  EXPECT_EQ(misspelt["suggestion"], "central bank");

  // Filters from parameters: one site, a date range, date order.
  const json site = get_json("/api/search?q=the&site=news.valleyherald.example&sort=date", 200);
  ASSERT_FALSE(site["results"].empty());
  std::string previous = "9999";
  for (const auto& hit : site["results"]) {
    EXPECT_EQ(hit["site"], "news.valleyherald.example");
    EXPECT_LE(hit["published"].get<std::string>(), previous);
    previous = hit["published"].get<std::string>();
  }
  const json dated = get_json("/api/search?q=the&from=2024-01&to=2024-12", 200);
  ASSERT_FALSE(dated["results"].empty());
  for (const auto& hit : dated["results"]) {
    EXPECT_EQ(hit["published"].get<std::string>().substr(0, 4), "2024") << hit["published"];
  }
  EXPECT_TRUE(get_json("/api/search?q=central&facets=0", 200)["facets"]["site"].empty());
}

TEST_F(HttpTest, SearchPageShowsResultsFacetsSortAndPagination) {
  const auto r = get("/?q=the&per_page=3");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string& html = r->body;
  EXPECT_NE(html.find(R"(<ol class="results" start="1">)"), std::string::npos);
  EXPECT_NE(html.find(R"(<li class="result"><h2><a href="https://)"), std::string::npos);
  EXPECT_NE(html.find("<mark>"), std::string::npos);
  EXPECT_NE(html.find("Results 1–3 of "), std::string::npos);
  EXPECT_NE(html.find(R"(rel="next">Next)"), std::string::npos) << "no next-page link";
  EXPECT_NE(html.find("<h2>Sites</h2>"), std::string::npos);
  EXPECT_NE(html.find("&amp;site=news.valleyherald.example"), std::string::npos);
  EXPECT_NE(html.find("<h2>Months</h2>"), std::string::npos);
  EXPECT_NE(html.find(R"(<a href="/?q=the&amp;sort=date&amp;per_page=3">date</a>)"),
            std::string::npos);
  EXPECT_NE(html.find(R"(href="/style.css")"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);

  const auto page2 = get("/?q=the&per_page=3&page=2");
  ASSERT_TRUE(page2);
  EXPECT_NE(page2->body.find(R"(<ol class="results" start="4">)"), std::string::npos);
  EXPECT_NE(page2->body.find(R"(rel="prev")"), std::string::npos);

  const auto home = get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_NE(home->body.find(R"(<form action="/" method="get" role="search">)"), std::string::npos);

  const auto none = get("/?q=xylophonequartz");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 200);
  EXPECT_NE(none->body.find("No articles match <q>xylophonequartz</q>"), std::string::npos);

  const auto misspelt = get("/?q=centrall%20bank");
  ASSERT_TRUE(misspelt);
  EXPECT_NE(misspelt->body.find(R"(Did you mean <a href="/?q=central%20bank">central bank</a>?)"),
            std::string::npos);
}

TEST_F(HttpTest, EveryResponseCarriesTheSecurityHeaders) {
  for (const std::string target :
       {"/", "/?q=bank", "/api/search?q=bank", "/api/search?page=x", "/search.atom?q=bank",
        "/opensearch.xml", "/healthz", "/metrics", "/style.css", "/no/such/page"}) {
    const auto r = get(target);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << target;
    const std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << target;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << target;
  }
  EXPECT_EQ(get("/no/such/page")->status, 404);
  EXPECT_EQ(get("/api/nothing")->status, 404);
  EXPECT_EQ(json::parse(get("/api/nothing")->body)["error"]["status"], 404);
}

TEST_F(HttpTest, OnlyGetAndHeadAreAllowed) {
  auto c = client();
  const auto post = c.Post("/api/search?q=bank", "q=bank", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  EXPECT_EQ(c.Put("/", "x", "text/plain")->status, 405);
  EXPECT_EQ(c.Delete("/healthz")->status, 405);
  EXPECT_EQ(c.Patch("/", "x", "text/plain")->status, 405);
  EXPECT_EQ(c.Options("/")->status, 405);
  const auto head = c.Head("/?q=bank");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
}

TEST_F(HttpTest, HostileQueryIsShownAsTextInHtmlAttributesUrlsAndAtom) {
  const std::string q =
      "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%3E";  // <script>alert(1)</script>"'>
  const auto page = get("/?q=" + q);
  ASSERT_TRUE(page);
  const std::string& html = page->body;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("alert(1)</"), std::string::npos);
  // Text (title), attribute (the input's value) and URL (percent-encoded in links).
  EXPECT_NE(html.find("<title>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt; – Gazette"),
            std::string::npos);
  EXPECT_NE(html.find(R"(value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;")"),
            std::string::npos);
  EXPECT_NE(html.find("q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E%22%27%3E"), std::string::npos);
  // No article has every word; "1" is in some, and those are shown.
  EXPECT_NE(html.find("no article has all of your words"), std::string::npos);

  const auto atom = get("/search.atom?q=" + q);
  ASSERT_TRUE(atom);
  EXPECT_EQ(atom->status, 200);
  EXPECT_EQ(atom->body.find("<script"), std::string::npos);
  EXPECT_NE(atom->body.find("<title>Gazette: &lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);

  const json api = get_json("/api/search?q=" + q, 200);
  EXPECT_EQ(api["query"], R"(<script>alert(1)</script>"'>)");
}

TEST_F(HttpTest, HostileArticleIsEscapedAndItsScriptUrlIsNeverALink) {
  const auto page = get("/?q=quokka");
  ASSERT_TRUE(page);
  const std::string& html = page->body;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Quokka &amp; friends"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;smiles&lt;/b&gt; &amp;"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>smiles"), std::string::npos);

  const auto atom = get("/search.atom?q=quokka");
  ASSERT_TRUE(atom);
  EXPECT_EQ(atom->body.find("<script"), std::string::npos);
  EXPECT_EQ(atom->body.find("<link href=\"javascript:"), std::string::npos);
  EXPECT_NE(atom->body.find("<title>&lt;script&gt;alert(&quot;title&quot;)"), std::string::npos);
  EXPECT_NE(atom->body.find("&lt;b&gt;smiles&lt;/b&gt;"), std::string::npos) << atom->body;
}

TEST_F(HttpTest, MalformedParametersGetA400NamingTheProblem) {
  const std::string long_query(5000, 'a');
  std::string many_wildcards;
  for (int i = 0; i < 20; ++i) many_wildcards += "a*%20";
  const struct {
    std::string target;
    std::string message;
  } cases[] = {
      {"q=bank&page=-1", "page must be"},
      {"q=bank&page=0", "page must be"},
      {"q=bank&page=abc", "page must be"},
      {"q=bank&page=1001", "page must be"},
      {"q=bank&page=99999999999999999999", "page must be"},
      {"q=bank&per_page=100000", "per_page must be"},
      {"q=bank&per_page=0", "per_page must be"},
      {"q=bank&per_page=1e3", "per_page must be"},
      {"q=bank&page=1000000000", "page must be"},
      {"q=bank&per_page=1000000000", "per_page must be"},
      {"q=" + many_wildcards, "too many wildcards (20; at most 4)"},
      {"q=bank&sort=random", "sort must be"},
      {"q=bank&from=2024-13", "from must be a date"},
      {"q=bank&to=yesterday", "to must be a date"},
      {"q=bank&from=2025&to=2024", "from must not be after to"},
      {"q=bank&facets=yes", "facets must be"},
      {"q=bank&site=%FF", "site is not valid UTF-8"},
      {"q=bank&site=" + std::string(300, 'a'), "site is too long"},
      {"q=%FF", "not valid UTF-8"},
      {"q=%C3%28bank", "not valid UTF-8"},
      {"q=" + long_query, "too long"},
      {"q=", "no words"},
      {"", "no words"},
  };
  for (const auto& c : cases) {
    const json r = get_json("/api/search?" + c.target, 400);
    ASSERT_TRUE(r.contains("error")) << c.target;
    EXPECT_EQ(r["error"]["status"], 400);
    EXPECT_NE(r["error"]["message"].get<std::string>().find(c.message), std::string::npos)
        << c.target << ": " << r["error"]["message"];
  }
  // The page shows the same problems as an error state, keeping a showable query in the form.
  const auto page = get("/?q=bank&page=-1");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 400);
  EXPECT_NE(page->body.find(R"(<p class="error" role="alert">page must be)"), std::string::npos);
  EXPECT_NE(page->body.find(R"(value="bank")"), std::string::npos);
  const auto invalid = get("/?q=%FF%3Cscript%3E");
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 400);
  EXPECT_EQ(invalid->body.find("<script"), std::string::npos);
  EXPECT_EQ(get("/search.atom?q=bank&per_page=0")->status, 400);
  EXPECT_EQ(get("/search.atom?q=bank&page=1000000000")->status, 400);
  EXPECT_EQ(get("/search.atom?q=bank&per_page=1000000000")->status, 400);
  EXPECT_EQ(get("/?q=bank&per_page=1000000000")->status, 400);
  EXPECT_EQ(get("/search.atom?q=" + many_wildcards)->status, 400);
  // A request line beyond the server's limit is refused before any work.
  const auto huge = get("/api/search?q=" + std::string(20000, 'a'));
  ASSERT_TRUE(huge);
  EXPECT_GE(huge->status, 400);
  // The server is still fine.
  EXPECT_EQ(get_json("/api/search?q=bank", 200)["query"], "bank");
}

TEST_F(HttpTest, AtomFeedListsTheNewestFirst) {
  const auto r = get("/search.atom?q=the");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  const std::string& xml = r->body;
  EXPECT_TRUE(xml.starts_with(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  std::vector<std::string> published;
  for (std::size_t pos = 0; (pos = xml.find("<published>", pos)) != std::string::npos;) {
    pos += 11;
    published.push_back(xml.substr(pos, xml.find('<', pos) - pos));
  }
  ASSERT_GE(published.size(), 5u);
  for (std::size_t i = 1; i < published.size(); ++i) {
    EXPECT_GE(published[i - 1].substr(0, 10), published[i].substr(0, 10)) << i;
  }
  EXPECT_NE(xml.find(fmt::format("<link rel=\"self\" type=\"application/atom+xml\" "
                                 "href=\"http://127.0.0.1:{}/search.atom?q=the&amp;sort=date\"/>",
                                 port_)),
            std::string::npos)
      << xml.substr(0, 600);

  const auto os = get("/opensearch.xml");
  ASSERT_TRUE(os);
  EXPECT_EQ(os->status, 200);
  EXPECT_NE(
      os->body.find(fmt::format("template=\"http://127.0.0.1:{}/?q={{searchTerms}}\"", port_)),
      std::string::npos)
      << os->body;
}

TEST_F(HttpTest, HealthAndMetricsReportTheIndexAndTheRequests) {
  const json health = get_json("/healthz", 200);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["index_open"], true);
  EXPECT_EQ(health["documents"], kSampleArticles + 1);
  EXPECT_EQ(health["last_update"].get<std::string>().size(), 20u) << health;

  for (int i = 0; i < 3; ++i) get("/api/search?q=bank");
  get("/api/search?page=x");
  // A request is counted just after its response is sent: wait for the last one.
  std::string text;
  wait_until(
      [&] {
        text = get("/metrics")->body;
        return text.find("status=\"400\"} 1\n") != std::string::npos &&
               text.find("status=\"200\"} 3\n") != std::string::npos;
      },
      std::chrono::seconds(20));
  EXPECT_NE(text.find("gazette_http_requests_total{route=\"/api/search\",status=\"200\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("gazette_http_requests_total{route=\"/api/search\",status=\"400\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE gazette_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(
      text.find(
          "gazette_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} 4\n"),
      std::string::npos);
  EXPECT_NE(text.find("gazette_http_request_duration_seconds_count{route=\"/healthz\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find(fmt::format("gazette_index_documents {}\n", kSampleArticles + 1)),
            std::string::npos);
}

TEST_F(HttpTest, ConcurrentClientsGetTheSameAnswersAsOneClient) {
  const std::vector<std::string> queries = {"bank", "rates", "harbour",   "election",
                                            "the",  "coach", "inflation", "city"};
  std::map<std::string, std::string> expected;
  for (const auto& q : queries) {
    expected[q] = get_json("/api/search?q=" + q + "&facets=0", 200)["results"].dump();
  }
  constexpr int kThreads = 8;
  constexpr int kRequests = 30;
  std::atomic<int> mismatches = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto c = client();  // one kept-alive connection per thread
      for (int i = 0; i < kRequests; ++i) {
        const std::string& q = queries[static_cast<std::size_t>(t + i) % queries.size()];
        const auto r = c.Get("/api/search?q=" + q + "&facets=0");
        if (!r || r->status != 200 || json::parse(r->body)["results"].dump() != expected.at(q)) {
          ++mismatches;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches, 0);
}

TEST_F(HttpTest, NewDocumentsAreSearchableWithoutRestart) {
  EXPECT_EQ(get_json("/api/search?q=zorblaxian", 200)["total"], 0);
  import_articles(index_,
                  {testing::make_article("https://new.example/1", "Zorblaxian discovery",
                                         "A zorblaxian comet was seen.", "2025-11-20T08:00:00Z")},
                  dir_.file("new.jsonl"));
  const auto took =
      wait_until([&] { return get_json("/api/search?q=zorblaxian", 200)["total"] == 1; },
                 std::chrono::seconds(20));
  ASSERT_TRUE(took) << "the new article never showed up";
  // Searchers look for a new revision every 100 ms here; a second is the promise (generous
  // bound for a loaded machine).
  EXPECT_LT(took->count(), 5000);
  EXPECT_EQ(get_json("/healthz", 200)["documents"], kSampleArticles + 2);
}

TEST_F(HttpTest, AnIndexRebuiltAndSwappedInIsPickedUp) {
  // The rebuild: a new index elsewhere, renamed into place (the old one moved aside).
  const std::string rebuilt = dir_.file("rebuilt");
  import_articles(rebuilt,
                  {testing::make_article("https://new.example/2", "Vexillology weekly",
                                         "Flags of every vexillology club.", "2025-11-21")},
                  dir_.file("rebuilt.jsonl"));
  EXPECT_EQ(get_json("/api/search?q=vexillology", 200)["total"], 0);
  std::filesystem::rename(index_, dir_.file("old-index"));
  std::filesystem::rename(rebuilt, index_);
  const auto took =
      wait_until([&] { return get_json("/api/search?q=vexillology", 200)["total"] == 1; },
                 std::chrono::seconds(20));
  ASSERT_TRUE(took) << "the swapped-in index was never opened";
  EXPECT_EQ(get_json("/healthz", 200)["documents"], 1);
}

TEST(HttpServer, ARewrittenShardStubIsPickedUp) {
  TempDir dir;
  const auto sharded = [&dir](const std::string& name, const Article& article) {
    {
      std::ofstream out(dir.file(name + ".jsonl"));
      out << to_json_line(article) << "\n";
    }
    indexer::ImportOptions options;
    options.index_path = dir.file(name);
    options.config.threads = 2;  // two shards listed in a stub file
    EXPECT_TRUE(indexer::import_files({dir.file(name + ".jsonl")}, options));
    EXPECT_TRUE(std::filesystem::exists(dir.file(name) + "/XAPIANDB"));
  };
  sharded("index", testing::make_article("https://a.example/1", "Old", "oldword", "2025-01-01"));
  sharded("next", testing::make_article("https://a.example/2", "New", "newword", "2025-01-02"));
  int port = 0;
  const auto server = start_server_over(dir.file("index"), port);
  httplib::Client c("127.0.0.1", port);
  const auto total = [&c](const std::string& word) {
    const auto r = c.Get("/api/search?q=" + word);
    return r && r->status == 200 ? json::parse(r->body)["total"].get<int>() : -1;
  };
  EXPECT_EQ(total("oldword"), 1);
  EXPECT_EQ(total("newword"), 0);
  // The stub now lists the other shards; written aside and renamed, as a swap would be.
  {
    std::ofstream stub(dir.file("index") + "/XAPIANDB.new");
    stub << "auto ../next/shard-0\nauto ../next/shard-1\n";
  }
  std::filesystem::rename(dir.file("index") + "/XAPIANDB.new", dir.file("index") + "/XAPIANDB");
  const auto took = wait_until([&] { return total("newword") == 1; }, std::chrono::seconds(20));
  ASSERT_TRUE(took) << "the new stub was never read";
  EXPECT_EQ(total("oldword"), 0);
}

TEST(HttpServer, AnswersServiceUnavailableUntilTheIndexExists) {
  TempDir dir;
  int port = 0;
  const auto server = start_server_over(dir.file("index"), port);
  httplib::Client c("127.0.0.1", port);
  const auto r = c.Get("/api/search?q=bank");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(json::parse(r->body)["error"]["status"], 503);
  EXPECT_EQ(r->body.find(dir.path().string()), std::string::npos) << "leaks a server path";
  EXPECT_EQ(c.Get("/healthz")->status, 503);
  EXPECT_EQ(c.Get("/?q=bank")->status, 503);
  EXPECT_NE(c.Get("/metrics")->body.find("gazette_index_documents -1\n"), std::string::npos);

  import_articles(dir.file("index"),
                  {testing::make_article("https://a.example/1", "Bank news", "bank", "2025-01-01")},
                  dir.file("a.jsonl"));
  const auto now = c.Get("/api/search?q=bank");
  ASSERT_TRUE(now);
  EXPECT_EQ(now->status, 200);
}

// Stored text and a query holding U+0001 and ESC once made the feed invalid XML (XML 1.0 forbids
// them), and feed readers rejected all of it.
TEST(HttpServer, TheAtomFeedIsXmlWhateverTheStoredTextHolds) {
  spdlog::set_level(spdlog::level::warn);
  TempDir dir;
  const std::string index = dir.file("index");
  import_articles(
      index,
      {testing::make_article("https://oil.example/1", "Oil\x01 price\x1b[31m jumps",
                             "Oil\x01 rose again\x1b[0m today.", "2025-06-01T10:00:00Z")},
      dir.file("controls.jsonl"));
  int port = 0;
  const auto server = start_server_over(index, port, 4);
  httplib::Client client("127.0.0.1", port);
  for (const std::string target : {"/search.atom?q=oil%01%1b", "/search.atom?q=oil"}) {
    const auto r = client.Get(target);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->status, 200) << target;
    EXPECT_NE(r->body.find("<entry>"), std::string::npos) << r->body;
    for (const char c : r->body) {
      const auto b = static_cast<unsigned char>(c);
      EXPECT_TRUE(b >= 0x20 || c == '\n' || c == '\t' || c == '\r') << target << ": " << int{b};
    }
  }
}

TEST(HttpServer, ParsesListenAddresses) {
  EXPECT_EQ(*query::parse_listen_address("127.0.0.1:8080"),
            (std::pair<std::string, int>("127.0.0.1", 8080)));
  EXPECT_EQ(*query::parse_listen_address("[::1]:0"), (std::pair<std::string, int>("::1", 0)));
  EXPECT_EQ(*query::parse_listen_address("localhost:80"),
            (std::pair<std::string, int>("localhost", 80)));
  for (const char* bad : {"8080", "127.0.0.1", "127.0.0.1:", ":80", "127.0.0.1:65536",
                          "127.0.0.1:http", "::1:80", "[::1]80"}) {
    EXPECT_FALSE(query::parse_listen_address(bad)) << bad;
  }
}

// The binary: serves, answers, and on SIGTERM finishes the request in flight and exits 0.
TEST(HttpBinary, ServesAndStopsCleanlyOnSigterm) {
  TempDir dir;
  // Results large enough (about 300 KB) that the server is still sending them to a slow reader
  // when the signal comes.
  std::vector<Article> bulky;
  for (int i = 0; i < 100; ++i) {
    std::string title = "Bulky " + std::to_string(i);
    while (title.size() < 3000) title += " paragraph of filler words";
    bulky.push_back(testing::make_article("https://bulk.example/" + std::to_string(i), title,
                                          "bulky text", "2025-01-01"));
  }
  const std::string index = dir.file("index");
  import_articles(index, bulky, dir.file("bulky.jsonl"));
  auto proc = testing::start_process_watching_stderr(
      {GAZETTE_QUERY_BIN, "--index", index, "serve", "--listen", "127.0.0.1:0"});
  std::string log;
  const std::string line = testing::wait_for_line(proc.stderr_fd, "listening on port", 60000, log);
  ASSERT_FALSE(line.empty()) << log;
  const int port = std::stoi(line.substr(line.find("listening on port ") + 18));

  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  const int small = 4096;  // a slow reader: the server blocks writing the response
  setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string request =
      "GET /api/search?q=bulky&per_page=100&facets=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Connection: close\r\n\r\n";
  ASSERT_EQ(send(sock, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string response;
  char buf[1024];
  // The first bytes of the response: the request is in flight.
  while (response.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = recv(sock, buf, sizeof buf, 0);
    ASSERT_GT(n, 0) << response;
    response.append(buf, static_cast<std::size_t>(n));
  }
  ASSERT_EQ(kill(proc.pid, SIGTERM), 0);
  EXPECT_FALSE(testing::wait_for_line(proc.stderr_fd, "finishing requests", 60000, log).empty())
      << log;
  for (ssize_t n; (n = recv(sock, buf, sizeof buf, 0)) > 0;) {
    response.append(buf, static_cast<std::size_t>(n));
  }
  close(sock);
  ASSERT_TRUE(response.starts_with("HTTP/1.1 200")) << response.substr(0, 300);
  const auto head_end = response.find("\r\n\r\n");
  const auto length_at = response.find("Content-Length: ");
  ASSERT_LT(length_at, head_end);
  const std::string body = response.substr(head_end + 4);
  EXPECT_EQ(body.size(), std::stoul(response.substr(length_at + 16)));
  EXPECT_GT(body.size(), 200000u) << "make the response larger than the socket buffers";
  EXPECT_EQ(json::parse(body)["results"].size(), 100u);

  int status = 0;
  ASSERT_EQ(waitpid(proc.pid, &status, 0), proc.pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  testing::wait_for_line(proc.stderr_fd, "\x01", 5000, log);  // the rest of the log
  close(proc.stderr_fd);
  EXPECT_NE(log.find("127.0.0.1 \"GET /api/search?q=bulky&per_page=100&facets=0\" 200"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("stopped"), std::string::npos) << log;

  // Nothing listens any more.
  const int again = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_NE(connect(again, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  close(again);
}

TEST(HttpBinary, BadListenAddressIsAConfigurationError) {
  const auto r = testing::run_process(
      {GAZETTE_QUERY_BIN, "--index", "/nonexistent", "serve", "--listen", "nowhere"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("serve.listen"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gazette
