// Reads WARC files (.warc.gz with one gzip member per record, or plain .warc) record by record,
// streaming, so archives of any size are read in bounded memory (one record at a time).
// Used by `gazette-crawl replay` and by the tests that check what the writer produced.
//
// Damage loses only what it touches. A record is returned only when its gzip member inflated
// whole (its CRC checked), or, in a plain file, when its block ends where its Content-Length
// says. After damage the reader resynchronises: in a .warc.gz at the next gzip member (the next
// 1f 8b 08 in the file), in a plain .warc at the next line beginning "WARC/". A file compressed
// as one gzip member for many records (not the convention, but seen) reads up to the damage.
//
// Thread-safety: one reader per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "crawler/header_fields.h"

namespace gazette::crawler {

struct WarcRecord {
  std::string version;   // "WARC/1.1"
  HeaderFields headers;  // in file order
  std::string block;

  // The first header with this name (case-insensitive); "" when absent.
  [[nodiscard]] std::string header(std::string_view name) const;
  [[nodiscard]] std::string type() const { return header("WARC-Type"); }
};

// An HTTP response as stored in a response record's block.
struct HttpResponse {
  int status = 0;
  HeaderFields headers;
  std::string_view body;  // points into the record's block

  [[nodiscard]] std::string header(std::string_view name) const;
};

// Splits a response block; nullopt when it is not an HTTP response.
[[nodiscard]] std::optional<HttpResponse> parse_http_response(std::string_view block);

// What damage made the reader skip, over the records read so far.
struct WarcSkipped {
  std::uint64_t errors = 0;   // damaged regions, each reported once by next()
  std::uint64_t records = 0;  // records lost: gzip members that did not inflate whole, and plain
                              // records that began "WARC/" but could not be read
  std::uint64_t bytes = 0;    // bytes of the file skipped (compressed bytes in a .warc.gz)
};

// The default bound on one record's block: the largest body a crawl archives
// (crawl.max_body_bytes at most 1 GiB) and room for its heads.
inline constexpr std::size_t kWarcMaxBlockBytes = (std::size_t{1} << 30) + (std::size_t{16} << 20);

class WarcReader {
 public:
  // Opens the file; fails naming it when it cannot be read. It is read as gzip when its name
  // ends in ".gz" or it starts with the gzip magic. A record whose Content-Length is over
  // `max_block_bytes` is skipped as damage (so memory stays bounded whatever the file says).
  [[nodiscard]] static Expected<WarcReader> open(const std::string& path,
                                                 std::size_t max_block_bytes = kWarcMaxBlockBytes);
  WarcReader(WarcReader&&) noexcept;
  WarcReader& operator=(WarcReader&&) noexcept;
  ~WarcReader();

  // The next record, nullopt at the end of the file. Damage (corrupt or truncated gzip, a
  // malformed record header, a block shorter or longer than its Content-Length) is an error
  // naming the file, the offset in the file where the damaged record (its gzip member) begins
  // and where reading goes on; the next call goes on there.
  [[nodiscard]] Expected<std::optional<WarcRecord>> next();

  // What damage made the reader skip so far.
  [[nodiscard]] const WarcSkipped& skipped() const;

 private:
  struct Impl;
  explicit WarcReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::crawler
