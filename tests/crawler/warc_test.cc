#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <zlib.h>

#include "common/gzip.h"
#include "crawler/warc_reader.h"
#include "crawler/warc_writer.h"
#include "tests/support/gzip_compress.h"
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

// Reading damaged archives: every record outside the damage is read, each damaged region is one
// error naming the offset in the file where it begins, and what was skipped is counted.

struct ReadThrough {
  std::vector<WarcRecord> records;
  std::vector<Error> errors;
  WarcSkipped skipped;
};

// Reads to the end of the file, going on after errors.
ReadThrough read_through(const std::string& path,
                         std::size_t max_block_bytes = kWarcMaxBlockBytes) {
  ReadThrough out;
  auto reader = WarcReader::open(path, max_block_bytes);
  EXPECT_TRUE(reader);
  if (!reader) return out;
  for (int calls = 0; calls < 10000; ++calls) {
    auto r = reader->next();
    if (!r) {
      out.errors.push_back(r.error());
      continue;
    }
    if (!*r) break;
    out.records.push_back(std::move(**r));
  }
  out.skipped = reader->skipped();
  return out;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Where each gzip member of `bytes` begins, and the end of the last one.
std::vector<std::size_t> member_offsets(const std::string& bytes) {
  std::vector<std::size_t> offsets{0};
  z_stream z{};
  inflateInit2(&z, 16 + MAX_WBITS);
  std::string out(1 << 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  while (z.avail_in > 0) {
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      offsets.push_back(bytes.size() - z.avail_in);
      inflateReset(&z);
    } else if (rc != Z_OK) {
      ADD_FAILURE() << "not a clean gzip file";
      break;
    }
  }
  inflateEnd(&z);
  return offsets;
}

// A .warc.gz of warcinfo + 5 exchanges (response and request): 11 records, one member each.
std::string write_archive(const testing::TempDir& dir) {
  WarcWriterOptions o;
  o.directory = dir.file("archive");
  auto writer = WarcWriter::open(o);
  EXPECT_TRUE(writer);
  for (int i = 0; i < 5; ++i) {
    std::string body = "<p>page " + std::to_string(i) + ": ";
    for (int j = 0; j < 3000; ++j) body += static_cast<char>('a' + (i * 31 + j * 7919) % 26);
    EXPECT_TRUE((*writer)->write_exchange(
        exchange("http://a.localhost/" + std::to_string(i), body + "</p>")));
  }
  return (*writer)->current_path();
}

// The records of a .warc.gz uncompressed, and where each begins (and the end of the last).
std::string uncompressed(const std::string& gz, const std::vector<std::size_t>& members,
                         std::vector<std::size_t>& starts) {
  std::string plain;
  for (std::size_t m = 0; m + 1 < members.size(); ++m) {
    starts.push_back(plain.size());
    plain += gunzip(std::string_view(gz).substr(members[m], members[m + 1] - members[m]), 1 << 20)
                 .value();
  }
  starts.push_back(plain.size());
  return plain;
}

std::vector<std::string> ids(const std::vector<WarcRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.header("WARC-Record-ID"));
  return out;
}

TEST(WarcDamage, FlippedBytesLoseOnlyTheirMembers) {
  testing::TempDir dir;
  const std::string path = write_archive(dir);
  const std::string clean = file_bytes(path);
  const auto members = member_offsets(clean);
  ASSERT_EQ(members.size(), 12u);  // 11 members and the end
  const auto all = ids(read_through(path).records);
  ASSERT_EQ(all.size(), 11u);

  struct Case {
    std::string name;
    std::vector<std::size_t> damaged;  // members with three bytes flipped inside
  };
  const std::vector<Case> cases = {
      {"one response", {5}},    {"one request", {4}},  {"two apart", {2, 7}},
      {"two adjacent", {5, 6}}, {"the warcinfo", {0}}, {"the last", {10}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string bytes = clean;
    std::vector<std::string> want;
    std::uint64_t skipped_bytes = 0;
    for (std::size_t m = 0; m + 1 < members.size(); ++m) {
      if (std::find(c.damaged.begin(), c.damaged.end(), m) == c.damaged.end()) {
        want.push_back(all[m]);
        continue;
      }
      const std::size_t size = members[m + 1] - members[m];
      skipped_bytes += size;
      for (const std::size_t at : {size / 3, size / 2, size * 2 / 3})
        bytes[members[m] + at] ^= 0x55;
    }
    const std::string damaged = dir.file("damaged.warc.gz");
    write_bytes(damaged, bytes);
    const auto read = read_through(damaged);
    EXPECT_EQ(ids(read.records), want);
    ASSERT_EQ(read.errors.size(), c.damaged.size());
    for (std::size_t i = 0; i < c.damaged.size(); ++i) {
      EXPECT_NE(read.errors[i].where.find(
                    fmt::format("damaged.warc.gz: offset {} (gzip member)", members[c.damaged[i]])),
                std::string::npos)
          << read.errors[i].to_string();
    }
    EXPECT_EQ(read.skipped.errors, c.damaged.size());
    EXPECT_EQ(read.skipped.records, c.damaged.size());
    EXPECT_EQ(read.skipped.bytes, skipped_bytes);
  }
}

TEST(WarcDamage, BlocksOverTheCapAreSkipped) {
  testing::TempDir dir;
  const std::string path = write_archive(dir);
  const auto all = read_through(path).records;
  const auto capped = read_through(path, 1000);  // the responses' blocks are over 3000 bytes
  std::vector<std::string> want;
  for (const auto& r : all) {
    if (r.type() != "response") want.push_back(r.header("WARC-Record-ID"));
  }
  EXPECT_EQ(ids(capped.records), want);
  ASSERT_EQ(capped.errors.size(), 5u);
  EXPECT_NE(capped.errors[0].what.find("over the cap of 1000"), std::string::npos);
  EXPECT_EQ(capped.skipped.records, 5u);
}

TEST(WarcDamage, TruncatedLastRecordIsCountedAndTheRestRead) {
  testing::TempDir dir;
  const std::string path = write_archive(dir);
  const std::string clean = file_bytes(path);
  const auto members = member_offsets(clean);
  const auto all = ids(read_through(path).records);
  const std::size_t cut = members[10] + (members[11] - members[10]) / 2;
  const std::string truncated = dir.file("truncated.warc.gz");
  write_bytes(truncated, clean.substr(0, cut));
  const auto read = read_through(truncated);
  EXPECT_EQ(ids(read.records), std::vector<std::string>(all.begin(), all.begin() + 10));
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].where,
            fmt::format("{}: offset {} (gzip member)", truncated, members[10]));
  EXPECT_NE(read.errors[0].what.find("truncated"), std::string::npos) << read.errors[0].what;
  EXPECT_EQ(read.skipped.records, 1u);
  EXPECT_EQ(read.skipped.bytes, cut - members[10]);
}

TEST(WarcDamage, PlainWarcResynchronisesAtTheNextWarcLine) {
  testing::TempDir dir;
  const std::string path = write_archive(dir);
  const std::string clean = file_bytes(path);
  const auto members = member_offsets(clean);
  std::vector<std::size_t> starts;
  const std::string plain = uncompressed(clean, members, starts);
  const auto all = ids(read_through(path).records);

  struct Case {
    std::string name;
    std::string bytes;
    std::vector<std::string> want;
    std::size_t error_offset;
    std::uint64_t skipped_records;
    std::uint64_t skipped_bytes;
  };
  std::vector<Case> cases;
  {
    const std::string garbage = "this is no record\r\nnor this\r\n\r\n";
    std::string bytes = plain;
    bytes.insert(starts[6], garbage);
    cases.push_back({"garbage between records", bytes, all, starts[6], 0, garbage.size()});
  }
  {
    // Record 5's Content-Length made larger: its block runs into the next records (or past the
    // end of the file) and does not end with CRLF where it says.
    std::string bytes = plain;
    const std::size_t at = bytes.find("\r\nContent-Length: ", starts[5]) + 18;
    bytes[at] = '9';
    std::vector<std::string> want = all;
    want.erase(want.begin() + 5);
    cases.push_back({"a bad Content-Length", bytes, want, starts[5], 1, starts[6] - starts[5]});
  }
  {
    std::vector<std::string> want(all.begin(), all.begin() + 10);
    const std::size_t cut = starts[10] + 100;
    cases.push_back(
        {"a truncated last record", plain.substr(0, cut), want, starts[10], 1, cut - starts[10]});
  }
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string damaged = dir.file("damaged.warc");
    write_bytes(damaged, c.bytes);
    const auto read = read_through(damaged);
    EXPECT_EQ(ids(read.records), c.want);
    ASSERT_EQ(read.errors.size(), 1u);
    EXPECT_EQ(read.errors[0].where, fmt::format("{}: offset {}", damaged, c.error_offset));
    EXPECT_EQ(read.skipped.records, c.skipped_records);
    EXPECT_EQ(read.skipped.bytes, c.skipped_bytes);
  }
}

TEST(WarcDamage, WholeFileGzipReadsUpToTheDamage) {
  testing::TempDir dir;
  const std::string path = write_archive(dir);
  const std::string clean = file_bytes(path);
  std::vector<std::size_t> starts;
  const std::string plain = uncompressed(clean, member_offsets(clean), starts);
  const auto all = ids(read_through(path).records);
  std::string whole = testing::gzip_compress(plain);
  const std::string file = dir.file("whole.warc.gz");
  write_bytes(file, whole);
  const auto undamaged = read_through(file);
  EXPECT_EQ(ids(undamaged.records), all);
  EXPECT_TRUE(undamaged.errors.empty());

  // Bytes flipped at 2/3 of the file: what inflates from the bytes before them is intact.
  const std::size_t flip = whole.size() * 2 / 3;
  z_stream z{};
  inflateInit2(&z, 16 + MAX_WBITS);
  std::string out(plain.size(), '\0');
  z.next_in = reinterpret_cast<Bytef*>(whole.data());
  z.avail_in = static_cast<uInt>(flip);
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  inflate(&z, Z_NO_FLUSH);
  const std::size_t intact = z.total_out;
  inflateEnd(&z);
  std::size_t whole_before = 0;  // records followed by the next record's header before `intact`
  while (whole_before + 2 < starts.size() && starts[whole_before + 1] + 5 <= intact) {
    ++whole_before;
  }
  ASSERT_GT(whole_before, 2u);

  for (std::size_t i = 0; i < 3; ++i) whole[flip + i * 7] ^= 0x55;
  write_bytes(file, whole);
  const auto read = read_through(file);
  EXPECT_LT(read.records.size(), all.size());  // the last waits for the CRC, which fails
  ASSERT_GE(read.records.size(), whole_before);
  const auto got = ids(read.records);
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + whole_before),
            std::vector<std::string>(all.begin(), all.begin() + whole_before));
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_NE(read.errors[0].where.find(file + ": offset 0 (gzip member, byte "), std::string::npos)
      << read.errors[0].where;
  EXPECT_EQ(read.skipped.records, 1u);
  EXPECT_EQ(read.skipped.bytes, whole.size());
}

}  // namespace
}  // namespace gazette::crawler
