#include "common/zlib_stream.h"

#include <zlib.h>

namespace gazette {
namespace {

// windowBits for zlib's *Init2: the largest window, plus 16 for a gzip header and trailer
// instead of the zlib ones.
constexpr int kGzipWindowBits = 16 + MAX_WBITS;

}  // namespace

void ZlibStream::End::operator()(z_stream_s* stream) const noexcept {
  if (deflating) {
    deflateEnd(stream);
  } else {
    inflateEnd(stream);
  }
  delete stream;
}

Expected<ZlibStream> ZlibStream::gzip_inflater() {
  auto stream = std::make_unique<z_stream>();
  if (inflateInit2(stream.get(), kGzipWindowBits) != Z_OK) {
    return fail("zlib", "cannot start inflating");
  }
  return ZlibStream(std::unique_ptr<z_stream_s, End>(stream.release(), End{false}));
}

Expected<ZlibStream> ZlibStream::deflate_inflater(bool raw) {
  auto stream = std::make_unique<z_stream>();
  if (inflateInit2(stream.get(), raw ? -MAX_WBITS : MAX_WBITS) != Z_OK) {
    return fail("zlib", "cannot start inflating");
  }
  return ZlibStream(std::unique_ptr<z_stream_s, End>(stream.release(), End{false}));
}

Expected<ZlibStream> ZlibStream::gzip_deflater(int level) {
  auto stream = std::make_unique<z_stream>();
  if (deflateInit2(stream.get(), level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return fail("zlib", "cannot start deflating");
  }
  return ZlibStream(std::unique_ptr<z_stream_s, End>(stream.release(), End{true}));
}

}  // namespace gazette
