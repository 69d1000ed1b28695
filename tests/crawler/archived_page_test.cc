// Pages as other tools archive them: HTTP messages with their transfer and content codings
// still applied (chunked, gzip, deflate, br), resource records, WARC 1.0's bracketed target URIs,
// and the documents that are no pages (CSS, images, JSON, robots.txt, errors), each with its
// reason.
#include "crawler/archived_page.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <gtest/gtest.h>

#include "common/gzip.h"
#include "crawler/http_payload.h"

namespace gazette::crawler {
namespace {

const std::string kPage =
    "<!DOCTYPE html><html><head><title>Tide tables</title></head><body><p>High water at six."
    "</p></body></html>";

std::string chunked(std::string_view body, std::size_t piece) {
  std::string out;
  for (std::size_t at = 0; at < body.size(); at += piece) {
    const std::string_view part = body.substr(at, piece);
    char size[32];
    std::snprintf(size, sizeof size, "%zx;ext=1\r\n", part.size());
    out += size;
    out += part;
    out += "\r\n";
  }
  return out + "0\r\nX-Trailer: yes\r\n\r\n";
}

std::string zlib_deflate(std::string_view body, bool raw) {
  z_stream s{};
  EXPECT_EQ(deflateInit2(&s, 6, Z_DEFLATED, raw ? -MAX_WBITS : MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&s, body.size()), '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  s.avail_in = static_cast<uInt>(body.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

std::string brotli(std::string_view body) {
  std::string out(BrotliEncoderMaxCompressedSize(body.size()), '\0');
  std::size_t size = out.size();
  EXPECT_TRUE(BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                                    reinterpret_cast<const std::uint8_t*>(body.data()), &size,
                                    reinterpret_cast<std::uint8_t*>(out.data())));
  out.resize(size);
  return out;
}

WarcRecord response(std::string target, std::string head_fields, std::string body,
                    int status = 200) {
  WarcRecord r;
  r.version = "WARC/1.0";
  r.headers = {{"WARC-Type", "response"},
               {"WARC-Target-URI", std::move(target)},
               {"WARC-Date", "2024-05-01T10:00:00Z"}};
  r.block = "HTTP/1.1 " + std::to_string(status) + " X\r\n" + head_fields + "\r\n" + body;
  return r;
}

TEST(ArchivedPage, DecodesEveryCodingOtherToolsStore) {
  const std::string gz = *gzip(kPage, 6);
  const struct {
    const char* name;
    std::string fields;
    std::string body;
  } rows[] = {
      {"plain", "Content-Type: text/html\r\n", kPage},
      {"chunked", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked(kPage, 7)},
      {"gzip", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gz},
      {"x-gzip", "Content-Type: text/html\r\nContent-Encoding: X-Gzip\r\n", gz},
      {"gzip, chunked",
       "Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
       chunked(gz, 10)},
      {"deflate (zlib)", "Content-Type: text/html\r\nContent-Encoding: deflate\r\n",
       zlib_deflate(kPage, false)},
      {"deflate (raw)", "Content-Type: text/html\r\nContent-Encoding: deflate\r\n",
       zlib_deflate(kPage, true)},
      {"br", "Content-Type: text/html\r\nContent-Encoding: br\r\n", brotli(kPage)},
      {"gzip then br", "Content-Type: text/html\r\nContent-Encoding: gzip, br\r\n", brotli(gz)},
      {"identity", "Content-Type: text/html\r\nContent-Encoding: identity\r\n", kPage},
  };
  for (const auto& row : rows) {
    const auto page =
        archived_page(response("https://a.test/tides", row.fields, row.body), 1 << 20);
    ASSERT_TRUE(page) << row.name << ": " << page.error().reason << " " << page.error().detail;
    EXPECT_EQ(page->body, kPage) << row.name;
    EXPECT_EQ(page->url, "https://a.test/tides");
    EXPECT_EQ(page->fetched.unix_seconds, 1714557600);
  }
}

TEST(ArchivedPage, BrokenCodingsAreReasonsNotPages) {
  const std::string gz = *gzip(kPage, 6);
  const struct {
    std::string fields, body, detail;
  } rows[] = {
      {"Transfer-Encoding: chunked\r\n", "zz\r\nabc\r\n0\r\n\r\n", "not a hexadecimal"},
      {"Transfer-Encoding: chunked\r\n", "ff\r\nabc", "cut short"},
      {"Transfer-Encoding: chunked\r\n", "3\r\nabc\r\n", "before its last chunk"},
      {"Content-Encoding: gzip\r\n", gz.substr(0, gz.size() / 2), "truncated"},
      {"Content-Encoding: br\r\n", "not brotli at all", "br"},
      {"Content-Encoding: compress\r\n", kPage, "unknown coding \"compress\""},
      {"Content-Encoding: gzip\r\n", *gzip(std::string(5000, 'a'), 9), "over the cap"},
  };
  for (const auto& row : rows) {
    const auto page = archived_page(
        response("https://a.test/x", "Content-Type: text/html\r\n" + row.fields, row.body), 4096);
    ASSERT_FALSE(page) << row.detail;
    EXPECT_EQ(page.error().reason, "body does not decode") << row.detail;
    EXPECT_NE(page.error().detail.find(row.detail), std::string::npos) << page.error().detail;
  }
}

TEST(ArchivedPage, OnlyHtmlDocumentsAnswered200ArePages) {
  const struct {
    std::string target, fields, body;
    int status;
    std::string reason;  // empty: a page
  } rows[] = {
      {"<https://a.test/bracketed>", "Content-Type: text/html\r\n", kPage, 200, ""},
      {"https://a.test/no-type", "", kPage, 200, ""},
      {"https://a.test/octets", "Content-Type: application/octet-stream\r\n", kPage, 200, ""},
      {"https://a.test/feed", "Content-Type: application/rss+xml\r\n", "<rss/>", 200, ""},
      {"https://a.test/site.css", "Content-Type: text/css\r\n", "body { color: red }", 200,
       "not HTML"},
      {"https://a.test/logo.png", "Content-Type: image/png\r\n", std::string("\x89PNG\0\0", 6), 200,
       "not HTML"},
      {"https://a.test/lying.png", "Content-Type: text/html\r\n", std::string("\x89PNG\0\0", 6),
       200, "not HTML"},
      {"https://a.test/api", "Content-Type: text/html; charset=utf-8\r\n", " {\"a\": 1}", 200,
       "not HTML"},
      {"https://a.test/notes.txt", "Content-Type: text/plain\r\n", "Just some words.", 200,
       "not HTML"},
      {"https://a.test/robots.txt", "Content-Type: text/plain\r\n", "User-agent: *", 200,
       "robots.txt"},
      {"https://a.test/gone", "Content-Type: text/html\r\n", kPage, 404, "HTTP status not 200"},
      {"https://a.test/moved", "Content-Type: text/html\r\nLocation: /x\r\n", "", 301,
       "HTTP status not 200"},
      {"mailto:someone@a.test", "Content-Type: text/html\r\n", kPage, 200, "no usable target URI"},
  };
  for (const auto& row : rows) {
    const auto page =
        archived_page(response(row.target, row.fields, row.body, row.status), 1 << 20);
    if (row.reason.empty()) {
      EXPECT_TRUE(page) << row.target << ": " << page.error().reason;
    } else {
      ASSERT_FALSE(page) << row.target;
      EXPECT_EQ(page.error().reason, row.reason) << row.target;
    }
  }
  WarcRecord cut = response("https://a.test/cut", "Content-Type: text/html\r\n", kPage);
  cut.headers.emplace_back("WARC-Truncated", "length");
  ASSERT_FALSE(archived_page(cut, 1 << 20));
  EXPECT_EQ(archived_page(cut, 1 << 20).error().reason, "truncated");
  WarcRecord not_http = response("https://a.test/x", "", kPage);
  not_http.block = "garbage";
  EXPECT_EQ(archived_page(not_http, 1 << 20).error().reason, "not an HTTP response");
}

TEST(ArchivedPage, ResourceRecordsHoldTheDocumentAlone) {
  WarcRecord r;
  r.version = "WARC/1.1";
  r.headers = {{"WARC-Type", "resource"},
               {"WARC-Target-URI", "https://a.test/story"},
               {"WARC-Date", "2024-05-01T10:00:00Z"},
               {"Content-Type", "text/html; charset=utf-8"}};
  r.block = kPage;
  const auto page = archived_page(r, 1 << 20);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body, kPage);
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
  r.headers.back().second = "image/jpeg";
  EXPECT_EQ(archived_page(r, 1 << 20).error().reason, "not HTML");
}

}  // namespace
}  // namespace gazette::crawler
