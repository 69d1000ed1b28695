// WARC reading (crawler/warc_reader.h). Input: a whole .warc or .warc.gz file (gzip members,
// truncated records and garbage included), written to a scratch file. Properties: every record
// read starts with "WARC/" and has exactly the block its Content-Length declares; an error names
// the file; a response block that parses as HTTP has its body inside the block; the reader ends
// (the number of records is bounded by the bytes that could hold them). Each response and
// resource record is also taken as a page (crawler/archived_page.h: chunked and compressed
// bodies decoded): a page's body is within the cap, a record that is none has a reason.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "crawler/archived_page.h"
#include "crawler/warc_reader.h"
#include "fuzz/fuzz_support.h"

using gazette::fuzz::require;

namespace {

// Whether the Content-Length value starts with the number `length` (leading zeros allowed; what
// follows the digits is not this target's concern).
bool declares_length(std::string_view value, std::size_t length) {
  while (value.size() > 1 && value[0] == '0' && value[1] >= '0' && value[1] <= '9') {
    value.remove_prefix(1);
  }
  const std::string digits = std::to_string(length);
  return value.starts_with(digits) && (value.size() == digits.size() ||
                                       value[digits.size()] < '0' || value[digits.size()] > '9');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = gazette::fuzz::scratch_dir() + "/input.warc";
  gazette::fuzz::write_file(path, gazette::fuzz::as_view(data, size));
  auto reader = gazette::crawler::WarcReader::open(path);
  require(reader.has_value(), "a written file opens");

  std::size_t records = 0;
  std::size_t block_bytes = 0;
  while (true) {
    auto record = reader->next();
    if (!record) {
      require(record.error().where.starts_with(path), "an error names the file");
      break;
    }
    if (!*record) break;
    const auto& r = **record;
    // "WARC/1.1\r\nContent-Length: 0\r\n\r\n" is the smallest record: 33 bytes, or about 20
    // once gzipped; a gzip member holds at most ~1032 bytes per input byte.
    require(++records <= 1 + size * 1032 / 20, "the number of records is bounded");
    require(r.version.starts_with("WARC/"), "a record starts with WARC/");
    require(declares_length(r.header("Content-Length"), r.block.size()),
            "the block has the declared length");
    block_bytes += r.block.size();
    require(block_bytes <= size * 1032 + 64, "blocks come from the input");
    if (r.type() == "response" || r.type() == "resource") {
      constexpr std::size_t kCap = 1 << 20;
      const auto page = gazette::crawler::archived_page(r, kCap);
      require(page ? page->body.size() <= kCap : !page.error().reason.empty(),
              "a page is within the cap, a record that is none has a reason");
    }
    if (r.type() != "response") continue;
    if (const auto http = gazette::crawler::parse_http_response(r.block)) {
      require(std::less_equal<>()(r.block.data(), http->body.data()) &&
                  std::less_equal<>()(http->body.data() + http->body.size(),
                                      r.block.data() + r.block.size()),
              "the HTTP body is inside the block");
    }
  }
  return 0;
}
