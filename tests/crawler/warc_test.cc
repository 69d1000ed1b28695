#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "crawler/warc_reader.h"
#include "crawler/warc_writer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace gazette::crawler {
namespace {

WarcExchange exchange(const std::string& url, const std::string& body) {
  WarcExchange x;
  x.target_uri = url;
  x.date_unix_seconds = 1763900000;
  x.ip_address = "127.0.0.1";
  x.request_head = "GET / HTTP/1.1\r\nHost: a.localhost\r\n\r\n";
  x.response_head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
      "Content-Length: 12\r\n\r\n";
  x.body = body;
  return x;
}

std::vector<WarcRecord> read_all(const std::string& path, std::optional<Error>* error = nullptr) {
  auto reader = WarcReader::open(path);
  EXPECT_TRUE(reader);
  std::vector<WarcRecord> records;
  while (true) {
    auto r = reader->next();
    if (!r) {
      if (error != nullptr) *error = r.error();
      break;
    }
    if (!*r) break;
    records.push_back(std::move(**r));
  }
  return records;
}

TEST(Warc, Sha1DigestIsBase32) {
  // SHA-1("abc") and SHA-1(""), in base32 as WARC tools write them (values from Python's
  // hashlib + base64.b32encode).
  EXPECT_EQ(warc_sha1_digest("abc"), "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
  EXPECT_EQ(warc_sha1_digest(""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
}

TEST(Warc, ResponseHeadDescribesTheStoredBody) {
  EXPECT_EQ(archive_response_head(
                "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nTransfer-Encoding: chunked\r\n"
                "Content-Length: 9\r\nETag: \"e\"\r\n\r\n",
                1234),
            "HTTP/1.1 200 OK\r\nX-Archive-Orig-Content-Encoding: br\r\n"
            "X-Archive-Orig-Transfer-Encoding: chunked\r\nX-Archive-Orig-Content-Length: 9\r\n"
            "ETag: \"e\"\r\nContent-Length: 1234\r\n\r\n");
}

TEST(Warc, WritesRecordsThatReadBackAndRotates) {
  testing::TempDir dir;
  WarcWriterOptions o;
  o.directory = dir.file("archive");
  o.max_file_bytes = 4096;
  auto writer = WarcWriter::open(o);
  ASSERT_TRUE(writer) << writer.error().to_string();
  std::string varied;  // compresses poorly, so four exchanges pass the 4 KiB rotation size
  for (int i = 0; i < 6000; ++i) varied += static_cast<char>('a' + (i * 7919) % 26);
  for (int i = 0; i < 4; ++i) {
    WarcExchange x = exchange("http://a.localhost/" + std::to_string(i), varied);
    x.metadata = "gazette-first-seen: 2025-11-01T00:00:00Z\r\n";
    ASSERT_TRUE((*writer)->write_exchange(x));
  }
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(o.directory)) {
    files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  EXPECT_GE(files.size(), 2u);  // rotated past 4 KiB
  int responses = 0;
  for (const auto& f : files) {
    const auto records = read_all(f);
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records[0].type(), "warcinfo");  // every file starts with one
    EXPECT_EQ(records[0].header("WARC-Filename"), std::filesystem::path(f).filename().string());
    for (const auto& r : records) {
      EXPECT_EQ(r.header("WARC-Block-Digest"), warc_sha1_digest(r.block));
      if (r.type() != "response") continue;
      ++responses;
      const auto http = parse_http_response(r.block);
      ASSERT_TRUE(http);
      EXPECT_EQ(http->body, varied);
      EXPECT_EQ(http->header("Content-Length"), "6000");
      EXPECT_EQ(http->header("X-Archive-Orig-Content-Encoding"), "gzip");
      EXPECT_EQ(r.header("WARC-Date"), "2025-11-23T12:13:20Z");
    }
    EXPECT_EQ(testing::run_process({"/bin/gzip", "-t", f}).exit_code, 0);
  }
  EXPECT_EQ(responses, 4);
}

TEST(Warc, TruncatedAndCorruptFilesAreNamedAndEarlierRecordsKept) {
  testing::TempDir dir;
  WarcWriterOptions o;
  o.directory = dir.file("archive");
  auto writer = WarcWriter::open(o);
  ASSERT_TRUE(writer);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE((*writer)->write_exchange(exchange("http://a.localhost/" + std::to_string(i),
                                                   "<p>page " + std::to_string(i) + "</p>")));
  }
  const std::string path = (*writer)->current_path();
  writer->reset();
  const auto size = std::filesystem::file_size(path);
  const std::string truncated = dir.file("truncated.warc.gz");
  std::filesystem::copy_file(path, truncated);
  std::filesystem::resize_file(truncated, size - 20);
  std::optional<Error> error;
  const auto records = read_all(truncated, &error);
  ASSERT_TRUE(error);
  EXPECT_NE(error->where.find("truncated.warc.gz"), std::string::npos);
  EXPECT_GE(records.size(), 5u);  // warcinfo + the first two exchanges at least

  const std::string garbage = dir.file("garbage.warc.gz");
  std::ofstream(garbage) << "\x1f\x8b this is not gzip at all";
  error.reset();
  EXPECT_TRUE(read_all(garbage, &error).empty());
  ASSERT_TRUE(error);
  EXPECT_NE(error->to_string().find("garbage.warc.gz"), std::string::npos);

  EXPECT_FALSE(WarcReader::open(dir.file("missing.warc.gz")));
}

}  // namespace
}  // namespace gazette::crawler
