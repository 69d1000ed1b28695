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

namespace {

// Inflates `bytes` with `inflater` to at most `max_output` bytes. With `members`, gzip members
// may follow one another (concatenated gzip files are valid gzip).
Expected<std::string> inflate_with(ZlibStream inflater, std::string_view bytes,
                                   std::size_t max_output, std::string_view format, bool members) {
  z_stream& stream = *inflater.get();
  std::string out;
  std::array<unsigned char, std::size_t{64} << 10> chunk{};
  stream.next_in = zlib_input(bytes);
  // Inputs beyond 4 GiB are not expected here (bodies are capped long before that).
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(bytes.size(), UINT32_MAX));
  const std::string what(format);
  while (true) {
    stream.next_out = chunk.data();
    stream.avail_out = static_cast<uInt>(chunk.size());
    const int rc = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = chunk.size() - stream.avail_out;
    if (out.size() + produced > max_output) {
      return fail(what, "inflated size over the cap of " + std::to_string(max_output) + " bytes");
    }
    out.append(reinterpret_cast<const char*>(chunk.data()), produced);
    if (rc == Z_STREAM_END) {
      if (!members || stream.avail_in == 0 ||
          !is_gzip(
              std::string_view(reinterpret_cast<const char*>(stream.next_in), stream.avail_in))) {
        return out;
      }
      if (inflateReset(&stream) != Z_OK) return fail(what, "cannot restart zlib");
      continue;
    }
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) return fail(what, "truncated data");
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return fail(what, std::string("corrupt data: ") +
                            (stream.msg != nullptr ? stream.msg : "inflate failed"));
    }
  }
}

}  // namespace

Expected<std::string> gunzip(std::string_view bytes, std::size_t max_output) {
  auto inflater = ZlibStream::gzip_inflater();
  if (!inflater) return fail("gzip", "cannot start zlib");
  return inflate_with(std::move(*inflater), bytes, max_output, "gzip", true);
}

Expected<std::string> inflate_deflate(std::string_view bytes, std::size_t max_output) {
  // zlib's format starts with a header whose 16-bit value is a multiple of 31 (RFC 1950).
  const bool zlib_header =
      bytes.size() >= 2 && (static_cast<unsigned char>(bytes[0]) & 0x0f) == 8 &&
      ((static_cast<unsigned char>(bytes[0]) << 8) | static_cast<unsigned char>(bytes[1])) % 31 ==
          0;
  auto inflater = ZlibStream::deflate_inflater(!zlib_header);
  if (!inflater) return fail("deflate", "cannot start zlib");
  return inflate_with(std::move(*inflater), bytes, max_output, "deflate", false);
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
