// WARC files as the tools of web archiving write them, with fixtures written here record by record:
// WARC/1.0 and 1.1, bracketed target URIs, chunked and gzip HTTP bodies as Heritrix and Common
// Crawl store them, resource records, one gzip member per record, the whole file as one gzip
// stream, plain files, records in any order; revisit records resolved to the capture they refer
// to (by WARC-Refers-To or by payload digest, before or after it in the files), and several
// captures of a URL of which the index keeps the newest.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include "crawler/replay.h"
#include "indexer/importer.h"
#include "tests/crawler/crawl_helpers.h"
#include "tests/crawler/test_server.h"
#include "tests/support/gzip_compress.h"

namespace gazette::testing {
namespace {

// One WARC record as the format writes it.
std::string warc_record(std::string_view version,
                        const std::vector<std::pair<std::string, std::string>>& fields,
                        std::string_view block) {
  std::string out = std::string(version) + "\r\n";
  for (const auto& [name, value] : fields) out += name + ": " + value + "\r\n";
  out += fmt::format("Content-Length: {}\r\n\r\n", block.size());
  out += block;
  return out + "\r\n\r\n";
}

// An HTTP response as a server sent it: chunked, the body gzipped.
std::string raw_http(std::string_view body) {
  const std::string zipped = gzip_compress(body);
  std::string out =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < zipped.size(); at += 100) {
    const std::string_view part = std::string_view(zipped).substr(at, 100);
    out += fmt::format("{:x}\r\n", part.size());
    out += part;
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

std::vector<std::pair<std::string, std::string>> response_fields(const std::string& url,
                                                                 const std::string& date,
                                                                 const std::string& id,
                                                                 const std::string& digest = "") {
  std::vector<std::pair<std::string, std::string>> f = {
      {"WARC-Type", "response"},
      {"WARC-Target-URI", url},
      {"WARC-Date", date},
      {"WARC-Record-ID", id},
      {"Content-Type", "application/http; msgtype=response"}};
  if (!digest.empty()) f.emplace_back("WARC-Payload-Digest", digest);
  return f;
}

std::string revisit(const std::string& url, const std::string& date, const std::string& refers_to,
                    const std::string& digest) {
  std::vector<std::pair<std::string, std::string>> f = {
      {"WARC-Type", "revisit"},
      {"WARC-Target-URI", url},
      {"WARC-Date", date},
      {"WARC-Record-ID", "<urn:uuid:r-" + url + date + ">"},
      {"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"},
      {"WARC-Truncated", "length"},
      {"WARC-Payload-Digest", digest}};
  if (!refers_to.empty()) f.emplace_back("WARC-Refers-To", refers_to);
  return warc_record("WARC/1.0", f, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n");
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// url -> text of the replayed articles.
std::map<std::string, std::string> texts(const std::string& data_dir) {
  std::map<std::string, std::string> out;
  for (const auto& a : read_articles(data_dir)) out[a.url] = a.text;
  return out;
}

crawler::ReplaySummary replay(const std::string& data_dir, const std::vector<std::string>& files) {
  const auto summary = crawler::replay_warcs(data_dir, files, {.threads = 2, .progress = false});
  if (!summary) ADD_FAILURE() << summary.error().to_string();
  return summary ? *summary : crawler::ReplaySummary{};
}

// The same captures stored every way: the articles are the same.
TEST(ReplayFormats, EveryWayOfStoringTheSameCapturesGivesTheSameArticles) {
  std::vector<std::string> records = {
      warc_record("WARC/1.1", {{"WARC-Type", "warcinfo"}, {"WARC-Date", "2024-01-01T00:00:00Z"}},
                  "software: test\r\n")};
  for (int i = 0; i < 12; ++i) {
    const std::string url = fmt::format("http://news.test/story/{}", i);
    const std::string page = article_page(fmt::format("Story number {} of the harbour", i));
    if (i % 3 == 0) {
      records.push_back(warc_record("WARC/1.1",
                                    {{"WARC-Type", "resource"},
                                     {"WARC-Target-URI", url},
                                     {"WARC-Date", "2024-01-02T00:00:00Z"},
                                     {"Content-Type", "text/html"}},
                                    page));
    } else {
      records.push_back(
          warc_record(i % 3 == 1 ? "WARC/1.0" : "WARC/1.1",
                      response_fields(i % 2 == 0 ? url : "<" + url + ">", "2024-01-02T00:00:00Z",
                                      fmt::format("<urn:uuid:{}>", i)),
                      raw_http(page)));
    }
    records.push_back(warc_record(
        "WARC/1.0",
        {{"WARC-Type", "request"}, {"WARC-Target-URI", url}, {"WARC-Date", "2024-01-02T00:00:00Z"}},
        "GET / HTTP/1.1\r\n\r\n"));
  }
  std::string plain;
  std::string per_record;
  for (const auto& r : records) {
    plain += r;
    per_record += gzip_compress(r);
  }
  std::vector<std::string> shuffled = records;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  std::string shuffled_plain;
  for (const auto& r : shuffled) shuffled_plain += r;

  TempDir dir;
  const std::map<std::string, std::string> files = {{"plain.warc", plain},
                                                    {"per-record.warc.gz", per_record},
                                                    {"whole-file.warc.gz", gzip_compress(plain)},
                                                    {"shuffled.warc", shuffled_plain}};
  std::map<std::string, std::string> first;
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    write_file(dir.file(name), bytes);
    const std::string data = dir.file("data-" + name);
    const auto summary = replay(data, {dir.file(name)});
    EXPECT_TRUE(summary.errors.empty());
    EXPECT_EQ(summary.records, records.size());
    EXPECT_EQ(summary.articles, 12u);
    const auto got = texts(data);
    ASSERT_EQ(got.size(), 12u);
    EXPECT_NE(got.at("http://news.test/story/7").find("Story number 7"), std::string::npos);
    if (first.empty()) first = got;
    EXPECT_EQ(got, first);
  }
}

// wget --warc-dedup, Heritrix and Common Crawl write a revisit record for a capture whose payload
// an earlier record holds. Each becomes that capture, at its own URL and date, whether it comes
// before or after the original and whether it names the record or only its digest.
TEST(ReplayFormats, RevisitsBecomeTheCaptureTheyReferTo) {
  const std::string url = "http://news.test/tides";
  const std::string page = article_page("The tide tables for May");
  const std::string digest = "sha1:AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH";
  const std::string original = warc_record(
      "WARC/1.0", response_fields(url, "2024-01-01T00:00:00Z", "<urn:uuid:orig>", digest),
      raw_http(page));
  const std::string robots =
      warc_record("WARC/1.0",
                  response_fields("http://news.test/robots.txt", "2024-01-01T00:00:00Z",
                                  "<urn:uuid:robots>", "sha1:ROBOTS"),
                  "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nno");

  TempDir dir;
  // One file: a revisit before its original (by id), the original, a revisit after it under
  // another URL (by digest only), a revisit of the 404, and one of a record not in the files.
  write_file(
      dir.file("a.warc"),
      revisit(url, "2024-03-01T00:00:00Z", "<urn:uuid:orig>", "sha1:other") + original + robots +
          revisit("http://mirror.test/tides", "2024-04-01T00:00:00Z", "", digest) +
          revisit("http://news.test/robots.txt", "2024-04-01T00:00:00Z", "<urn:uuid:robots>",
                  "sha1:ROBOTS") +
          revisit("http://news.test/gone", "2024-04-01T00:00:00Z", "<urn:uuid:gone>", "sha1:GONE"));
  // A second file: a revisit of the first file's original, met after it.
  write_file(dir.file("b.warc.gz"),
             gzip_compress(revisit(url, "2024-06-01T00:00:00Z", "<urn:uuid:orig>", digest)));

  const std::string data = dir.file("data");
  const auto summary = replay(data, {dir.file("a.warc"), dir.file("b.warc.gz")});
  EXPECT_TRUE(summary.errors.empty());
  EXPECT_EQ(summary.record_types.at("revisit"), 5u);
  EXPECT_EQ(summary.revisits_resolved, 4u);
  EXPECT_EQ(summary.articles, 4u);  // the original and three revisits of it
  EXPECT_EQ(summary.skipped.at("revisit of a capture not in these files"), 1u);
  EXPECT_EQ(summary.skipped.at("HTTP status not 200"), 2u);  // the 404 and its revisit

  std::map<std::string, std::vector<std::string>> fetched;  // url -> fetch dates
  for (const auto& a : read_articles(data)) {
    EXPECT_NE(a.text.find("The tide tables for May"), std::string::npos) << a.url;
    fetched[a.url].push_back(format_iso8601(*a.fetched));
  }
  for (auto& [_, dates] : fetched) std::sort(dates.begin(), dates.end());
  EXPECT_EQ(fetched,
            (std::map<std::string, std::vector<std::string>>{
                {url, {"2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z", "2024-06-01T00:00:00Z"}},
                {"http://mirror.test/tides", {"2024-04-01T00:00:00Z"}}}));
}

// Two captures of a page that changed, in files replayed newest first: both are written (they
// are the page's revisions) and the index holds the newest text, once.
TEST(ReplayFormats, TheNewestCaptureWinsInTheIndexWhateverTheOrder) {
  const std::string url = "http://news.test/market";
  TempDir dir;
  write_file(dir.file("2024-06.warc"),
             warc_record("WARC/1.1", response_fields(url, "2024-06-01T00:00:00Z", "<urn:uuid:n>"),
                         raw_http(article_page("Zanzibar cloves sell out"))));
  write_file(dir.file("2024-01.warc"),
             warc_record("WARC/1.1", response_fields(url, "2024-01-01T00:00:00Z", "<urn:uuid:o>"),
                         raw_http(article_page("Kilimanjaro coffee arrives"))));
  const std::string data = dir.file("data");
  const auto summary = replay(data, {dir.file("2024-06.warc"), dir.file("2024-01.warc")});
  EXPECT_EQ(summary.articles, 2u);

  indexer::ImportOptions options;
  options.index_path = dir.file("index");
  const auto stats = indexer::import_new_articles(data + "/articles", options);
  ASSERT_TRUE(stats) << stats.error().to_string();
  EXPECT_EQ(stats->added, 1u);
  EXPECT_EQ(stats->older, 1u);
  Xapian::Database db(options.index_path);
  EXPECT_EQ(db.get_doccount(), 1u);
  EXPECT_EQ(db.get_termfreq("zanzibar"), 1u);
  EXPECT_EQ(db.get_termfreq("kilimanjaro"), 0u);
}

}  // namespace
}  // namespace gazette::testing
