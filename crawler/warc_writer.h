// Writes what the crawler fetched as WARC/1.1 (ISO 28500), the format web archives and their
// tools read: for every fetch a `request` and a `response` record (redirects and HTTP errors
// too) and, when the crawl knew something about the URL beforehand (a feed or sitemap date), a
// `metadata` record. A response cut short (a timeout, a broken connection, the size cap) carries
// a WARC-Truncated header, so readers (replay) know the crawl did not take it as a page. Each
// record is its own gzip member (the .warc.gz convention), so a reader can seek to any record and a
// torn tail loses one record only. Files are rotated by size.
//
// Digests: WARC-Block-Digest and WARC-Payload-Digest are "sha1:" + base32, computed with
// OpenSSL's libcrypto. They are optional in the spec; we write them because deduplicating
// and verifying archives (warcio's `check`, pywb's CDX indexing) rely on them, and SHA-1 of a
// page costs microseconds.
//
// Archived HTTP bodies are the bytes after curl removed transfer and content encodings (gzip
// bombs are capped while decoding). The header lines that described the encoded form
// (Content-Encoding, Transfer-Encoding, Content-Length) are kept renamed with the
// "X-Archive-Orig-" prefix (as pywb does) and a Content-Length of the stored body is added, so
// every record is self-consistent for readers.
//
// Thread-safety: write_exchange() may be called from many threads; records are compressed by the
// calling thread and appended under a lock with one write() per exchange.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"

namespace gazette::crawler {

// One HTTP exchange to archive.
struct WarcExchange {
  std::string target_uri;
  std::int64_t date_unix_seconds = 0;
  std::string ip_address;     // may be empty
  std::string request_head;   // request line + headers as sent, ending with an empty line
  std::string response_head;  // status line + headers as received, ending with an empty line;
                              // empty when no response arrived (then only the request and
                              // metadata records are written)
  std::string_view body;
  // WARC-Truncated of the response record: why `body` is not the whole body ("length", "time",
  // "disconnect" or "unspecified"; WARC 1.1 section 5.13); "" when it is whole.
  std::string truncated;
  std::string metadata;  // "key: value\r\n" lines (application/warc-fields); empty for none
};

struct WarcWriterOptions {
  std::string directory;  // created when missing
  std::uint64_t max_file_bytes = std::uint64_t{1} << 30;
  std::string software = "gazette-crawl";
  std::string user_agent;  // recorded in each file's warcinfo record
};

class WarcWriter {
 public:
  // Creates the directory and the first file (starting with a warcinfo record); fails naming it.
  [[nodiscard]] static Expected<std::unique_ptr<WarcWriter>> open(WarcWriterOptions options);
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Appends the exchange's records; returns the response (or request) record's WARC-Record-ID.
  [[nodiscard]] Expected<std::string> write_exchange(const WarcExchange& exchange);

  // The file being written.
  [[nodiscard]] std::string current_path() const;

 private:
  struct Impl;
  explicit WarcWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// "sha1:" + RFC 4648 base32 of the SHA-1 of `bytes`, as WARC digests are written.
[[nodiscard]] std::string warc_sha1_digest(std::string_view bytes);

// Renames the encoding-describing header lines of an HTTP response head (see above) and appends
// a Content-Length for a body of `body_size` bytes. `head` ends with an empty line.
[[nodiscard]] std::string archive_response_head(std::string_view head, std::size_t body_size);

}  // namespace gazette::crawler
