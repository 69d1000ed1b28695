#include "common/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "common/zlib_stream.h"

namespace gazette {
namespace {

// zlib takes non-const input pointers but does not write through them.
Bytef* zlib_input(std::string_view bytes) {
  return reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
}

}  // namespace

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Expected<std::string> gunzip(std::string_view bytes, std::size_t max_output) {
  auto inflater = ZlibStream::gzip_inflater();
  if (!inflater) return fail("gzip", "cannot start zlib");
  z_stream& stream = *inflater->get();

  std::string out;
  std::array<unsigned char, std::size_t{64} << 10> chunk{};
  stream.next_in = zlib_input(bytes);
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

Expected<std::string> gzip(std::string_view bytes, int level) {
  if (bytes.size() >= UINT32_MAX) return fail("gzip", "input of 4 GiB or more");
  auto deflater = ZlibStream::gzip_deflater(level);
  if (!deflater) return fail("gzip", "cannot start zlib");
  z_stream& stream = *deflater->get();
  // deflateBound() is enough room for one deflate(Z_FINISH) call.
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = zlib_input(bytes);
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) return fail("gzip", "deflate failed");
  out.resize(stream.total_out);
  return out;
}

}  // namespace gazette
