// Reads WARC files (.warc.gz with one gzip member per record, or plain .warc) record by record,
// streaming, so archives of any size are read in bounded memory (one record at a time).
// Used by `gazette-crawl replay` and by the tests that check what the writer produced.
//
// Thread-safety: one reader per thread.
#pragma once

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

class WarcReader {
 public:
  // Opens the file; fails naming it when it cannot be read.
  [[nodiscard]] static Expected<WarcReader> open(const std::string& path);
  WarcReader(WarcReader&&) noexcept;
  WarcReader& operator=(WarcReader&&) noexcept;
  ~WarcReader();

  // The next record, nullopt at the end of the file. Errors (corrupt or truncated gzip, a
  // malformed record header, a block shorter than its Content-Length) name the file and the
  // record's position; reading stops there.
  [[nodiscard]] Expected<std::optional<WarcRecord>> next();

 private:
  struct Impl;
  explicit WarcReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::crawler
