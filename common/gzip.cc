#include "common/gzip.h"

#include <array>
#include <memory>

#include <zlib.h>

namespace gazette {
namespace {

struct InflateEnd {
  void operator()(z_stream* stream) const noexcept { inflateEnd(stream); }
};

}  // namespace

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Expected<std::string> gunzip(std::string_view bytes, std::size_t max_output) {
  z_stream stream{};
  // 16 + MAX_WBITS: expect a gzip header and trailer, not a raw zlib stream.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return fail("gzip", "cannot start zlib");
  const std::unique_ptr<z_stream, InflateEnd> owner(&stream);

  std::string out;
  std::array<unsigned char, std::size_t{64} << 10> chunk{};
  // zlib takes non-const input pointers but does not write through them.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  // Inputs beyond 4 GiB are not expected here (bodies are capped long before that).
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(bytes.size(), UINT32_MAX));
  while (true) {
    stream.next_out = chunk.data();
    stream.avail_out = static_cast<uInt>(chunk.size());
    const int rc = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = chunk.size() - stream.avail_out;
    if (out.size() + produced > max_output) {
      return fail("gzip", "inflated size over the cap of " + std::to_string(max_output) + " bytes");
    }
    out.append(reinterpret_cast<const char*>(chunk.data()), produced);
    if (rc == Z_STREAM_END) {
      // Another member may follow (concatenated gzip files are valid gzip).
      if (stream.avail_in == 0 ||
          !is_gzip(
              std::string_view(reinterpret_cast<const char*>(stream.next_in), stream.avail_in))) {
        return out;
      }
      if (inflateReset(&stream) != Z_OK) return fail("gzip", "cannot restart zlib");
      continue;
    }
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) return fail("gzip", "truncated data");
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return fail("gzip", std::string("corrupt data: ") +
                              (stream.msg != nullptr ? stream.msg : "inflate failed"));
    }
  }
}

}  // namespace gazette
