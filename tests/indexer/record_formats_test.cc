// Other tools' article records, imported as they write them: a news-please dump (a tree of
// pretty-printed .json files, one per article, and its JSON Lines), trafilatura's JSON, CSV with
// a header row (RFC 4180 quoting, other tools' column names, a column mapped by hand), a JSON
// array. Every field lands where Gazette keeps it, and a bad record is rejected with its
// file:line (file: record N in a JSON document) while the rest is indexed.
#include "indexer/record_formats.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <xapian.h>

#include "common/schema.h"
#include "indexer/importer.h"
#include "tests/support/temp_dir.h"

namespace gazette::indexer {
namespace {

using testing::TempDir;

struct Imported {
  ImportStats stats;
  std::vector<Error> rejected;
};

Imported import(const TempDir& dir, const std::vector<std::string>& inputs,
                const std::string& format = "auto", std::vector<std::string> csv = {}) {
  Imported out;
  ImportOptions options;
  options.index_path = dir.file("index");
  options.config.threads = 2;
  options.config.shards = 1;
  options.format = *format_choice_from_string(format);
  options.csv_columns = std::move(csv);
  options.on_rejected = [&out](const Error& e) { out.rejected.push_back(e); };
  const auto stats = import_files(inputs, options);
  if (!stats) ADD_FAILURE() << stats.error().to_string();
  if (stats) out.stats = *stats;
  return out;
}

// url -> the document's stored fields.
std::map<std::string, schema::DocData> documents(const TempDir& dir) {
  std::map<std::string, schema::DocData> out;
  Xapian::Database db(dir.file("index"));
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    auto data = schema::decode_doc_data(db.get_document(*it).get_data());
    if (data) out[data->url] = *data;
  }
  return out;
}

void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(RecordFormats, ANewsPleaseDumpIsATreeOfPrettyPrintedFiles) {
  TempDir dir;
  write(dir.file("dump/www.harbour.test/8f0c.json"), R"({
    "authors": ["Ann Lee", "Bo Chan"],
    "date_download": "2024-05-02 08:00:00",
    "date_modify": null,
    "date_publish": "2024-05-01 17:25:00",
    "description": "The council votes.",
    "filename": "8f0c.json",
    "image_url": "https://www.harbour.test/a.jpg",
    "language": "en",
    "localpath": null,
    "maintext": "The harbour council voted on Tuesday.\n\nThe vote was close.",
    "source_domain": "www.harbour.test",
    "text": null,
    "title": "Council votes on the harbour",
    "title_page": null,
    "title_rss": null,
    "url": "https://www.harbour.test/news/vote"
})");
  // maintext null: news-please could not extract a body; the headline is still news.
  write(dir.file("dump/www.harbour.test/9a1d.json"), R"({
    "authors": [], "date_publish": null, "maintext": null, "source_domain": "www.harbour.test",
    "title": "Ferry timetable changes", "url": "https://www.harbour.test/news/ferry"
})");
  write(dir.file("dump/other.test/1.json"), R"({
    "maintext": "no url here", "title": "Lost", "source_domain": "other.test"
})");
  write(
      dir.file("dump/np.jsonl"),
      R"({"url": "https://np.test/1", "title": "Line one", "maintext": "Body one", "date_publish": "not a date"})"
      "\n"
      R"({"url": "https://np.test/2", "title": "Line two", "maintext": "Body two", "language": "de"})"
      "\n");
  const auto got = import(dir, {dir.file("dump")});
  EXPECT_EQ(got.stats.added, 3u);
  ASSERT_EQ(got.rejected.size(), 2u);
  EXPECT_EQ(got.rejected[0].where, dir.file("dump/np.jsonl") + ":1");
  EXPECT_NE(got.rejected[0].what.find("date_publish"), std::string::npos) << got.rejected[0].what;
  EXPECT_EQ(got.rejected[1].where, dir.file("dump/other.test/1.json") + ": record 1");
  EXPECT_NE(got.rejected[1].what.find("no URL"), std::string::npos) << got.rejected[1].what;

  const auto docs = documents(dir);
  const auto& vote = docs.at("https://www.harbour.test/news/vote");
  EXPECT_EQ(vote.title, "Council votes on the harbour");
  EXPECT_EQ(vote.text, "The harbour council voted on Tuesday.\n\nThe vote was close.");
  EXPECT_EQ(vote.authors, (std::vector<std::string>{"Ann Lee", "Bo Chan"}));
  EXPECT_EQ(vote.published, "2024-05-01T17:25:00Z");
  EXPECT_EQ(vote.site, "www.harbour.test");
  EXPECT_EQ(vote.language, "en");
  EXPECT_EQ(docs.at("https://www.harbour.test/news/ferry").title, "Ferry timetable changes");
  EXPECT_EQ(docs.at("https://np.test/2").language, "de");
}

TEST(RecordFormats, TrafilaturaJsonKeepsItsMetadata) {
  TempDir dir;
  write(
      dir.file("traf.jsonl"),
      std::string(
          R"({"title": "Tide tables", "author": "Ann Lee; Bo Chan", "hostname": "tides.test", )") +
          R"("date": "2023-07-04", "categories": "Coast;Weather", "tags": "tides; moon", )"
          R"("fingerprint": "abc", "id": null, "license": null, "comments": "", )"
          R"("raw_text": "raw", "text": "High water at six.", "language": "en", "image": null, )"
          R"("pagetype": "article", "source": "https://tides.test/may", "source-hostname": "Tides"})"
          "\n"
          R"({"title": "Newer output", "url": "https://tides.test/june", "raw_text": "Only raw text."})"
          "\n" +
          // A nested list where a string belongs, deep enough to overflow a recursive reader.
          R"({"url": "https://tides.test/deep", "text": "x", "fingerprint": "f", "title": )" +
          std::string(100000, '[') + std::string(100000, ']') + "}\n");
  const auto got = import(dir, {dir.file("traf.jsonl")});
  EXPECT_EQ(got.stats.added, 2u);
  ASSERT_EQ(got.rejected.size(), 1u);
  EXPECT_EQ(got.rejected[0].where, dir.file("traf.jsonl") + ":3");
  EXPECT_NE(got.rejected[0].what.find("\"title\" must be a string"), std::string::npos)
      << got.rejected[0].what;
  const auto docs = documents(dir);
  const auto& may = docs.at("https://tides.test/may");
  EXPECT_EQ(may.text, "High water at six.");
  EXPECT_EQ(may.authors, (std::vector<std::string>{"Ann Lee", "Bo Chan"}));
  EXPECT_EQ(may.published, "2023-07-04T00:00:00Z");
  EXPECT_EQ(may.site, "tides.test");
  EXPECT_EQ(docs.at("https://tides.test/june").text, "Only raw text.");
  Xapian::Database db(dir.file("index"));
  EXPECT_EQ(db.get_termfreq(std::string(schema::kTagPrefix) + "moon"), 1u);
}

TEST(RecordFormats, CsvWithAHeaderRowQuotesAndOtherToolsColumnNames) {
  TempDir dir;
  write(dir.file("a.csv"),
        "Headline,link,Body,date,Author,views\r\n"
        "\"Harbour, at last\",https://h.test/1,\"First line.\n\nSecond \"\"quoted\"\" line.\","
        "2024-05-01,Ann Lee; Bo Chan,10\r\n"
        "Ferry,https://h.test/2,Ferry text,not a date,,3\r\n"
        "Short row,https://h.test/3\r\n"
        "\"Unclosed,https://h.test/4,text,,,\r\n");
  const auto got = import(dir, {dir.file("a.csv")});
  EXPECT_EQ(got.stats.added, 1u);
  ASSERT_EQ(got.rejected.size(), 3u);
  EXPECT_EQ(got.rejected[0].where, dir.file("a.csv") + ":5");  // records start on their line
  EXPECT_NE(got.rejected[0].what.find("\"date\""), std::string::npos) << got.rejected[0].what;
  EXPECT_EQ(got.rejected[1].where, dir.file("a.csv") + ":6");
  EXPECT_NE(got.rejected[1].what.find("2 fields where the header has 6"), std::string::npos);
  EXPECT_EQ(got.rejected[2].where, dir.file("a.csv") + ":7");
  EXPECT_NE(got.rejected[2].what.find("does not end"), std::string::npos);
  const auto docs = documents(dir);
  const auto& one = docs.at("https://h.test/1");
  EXPECT_EQ(one.title, "Harbour, at last");
  EXPECT_EQ(one.text, "First line.\n\nSecond \"quoted\" line.");
  EXPECT_EQ(one.authors, (std::vector<std::string>{"Ann Lee", "Bo Chan"}));
  EXPECT_EQ(one.published, "2024-05-01T00:00:00Z");

  // A column mapped by hand; without a URL column the file is unreadable, named.
  TempDir other;
  write(other.file("b.csv"),
        "\xEF\xBB\xBF"
        "address,story\nhttps://h.test/9,Mapped text\n");
  const auto mapped = import(other, {other.file("b.csv")}, "csv", {"url=address", "text=Story"});
  EXPECT_EQ(mapped.stats.added, 1u);
  EXPECT_EQ(documents(other).at("https://h.test/9").text, "Mapped text");
  const auto unmapped = import(other, {other.file("b.csv")});
  ASSERT_EQ(unmapped.stats.unreadable.size(), 1u);
  EXPECT_EQ(unmapped.stats.unreadable[0].where, other.file("b.csv"));
  EXPECT_NE(unmapped.stats.unreadable[0].what.find("URL"), std::string::npos);
}

TEST(RecordFormats, AJsonArrayIsRecordsNumberedFromOne) {
  TempDir dir;
  write(dir.file("many.json"),
        "[\n  {\"url\": \"https://a.test/1\", \"title\": \"One\", \"text\": \"x\"},\n"
        "  {\"url\": \"https://a.test/2\"},\n"
        "  {\"url\": \"https://a.test/3\", \"title\": \"Three\", \"maintext\": \"y\"}\n]\n");
  write(dir.file("broken.json"), "{\n  \"url\": \"https://a.test/4\",\n");
  auto got = import(dir, {dir.file("many.json"), dir.file("broken.json")});
  EXPECT_EQ(got.stats.added, 2u);
  ASSERT_EQ(got.rejected.size(), 2u);
  // A document that does not parse is reported when it is read, its records when they are built.
  std::sort(got.rejected.begin(), got.rejected.end(),
            [](const Error& a, const Error& b) { return a.where > b.where; });
  EXPECT_EQ(got.rejected[0].where, dir.file("many.json") + ": record 2");
  EXPECT_NE(got.rejected[0].what.find("missing required field"), std::string::npos);
  EXPECT_EQ(got.rejected[1].where, dir.file("broken.json"));
  EXPECT_NE(got.rejected[1].what.find("invalid JSON"), std::string::npos);
}

TEST(RecordFormats, SplitsCsvRecordsAsRfc4180Says) {
  EXPECT_EQ(*split_csv_record("a,\"b,c\",\"d\"\"e\",,f\r"),
            (std::vector<std::string>{"a", "b,c", "d\"e", "", "f"}));
  EXPECT_EQ(*split_csv_record(""), (std::vector<std::string>{""}));
  EXPECT_EQ(*split_csv_record("\"line\nbreak\""), (std::vector<std::string>{"line\nbreak"}));
  EXPECT_FALSE(split_csv_record("\"open"));
  EXPECT_FALSE(split_csv_record("\"closed\"x"));
  EXPECT_TRUE(csv_record_open("a,\"b"));
  EXPECT_FALSE(csv_record_open("a,\"b\"\"c\""));
  EXPECT_EQ(input_kind_of("x.csv", "url\n"), InputKind::kCsv);
  EXPECT_EQ(input_kind_of("x.json", "{\n \"url\""), InputKind::kJsonDocument);
  EXPECT_EQ(input_kind_of("x.jsonl", "{\"url\": \"a long line cut by the peek"),
            InputKind::kJsonLines);
  EXPECT_EQ(input_kind_of("x.json", "{\"url\": \"u\"}\n{\"url\""), InputKind::kJsonLines);
  EXPECT_EQ(input_kind_of("-", "[{\"url\": 1}]"), InputKind::kJsonDocument);
}

}  // namespace
}  // namespace gazette::indexer
