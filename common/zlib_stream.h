// One zlib stream in the gzip format, inflating or deflating, with one owner: the stream is ended
// (inflateEnd or deflateEnd) when its ZlibStream goes, on every path. Code that includes <zlib.h>
// drives it with zlib's own calls on get(); this header keeps zlib out of its includers.
// Move-only; used by one thread at a time.
#pragma once

#include <memory>

#include "common/error.h"

struct z_stream_s;  // zlib's z_stream

namespace gazette {

class ZlibStream {
 public:
  // A stream that inflates gzip members (header and CRC checked; inflateReset starts the next
  // member). Fails only when zlib cannot start (out of memory).
  [[nodiscard]] static Expected<ZlibStream> gzip_inflater();
  // A stream that inflates zlib's own format (RFC 1950), or with `raw` bare deflate data
  // (RFC 1951): what HTTP's "Content-Encoding: deflate" means, and what some servers send.
  [[nodiscard]] static Expected<ZlibStream> deflate_inflater(bool raw);
  // A stream that deflates into one gzip member at `level` (1 fastest .. 9 smallest).
  [[nodiscard]] static Expected<ZlibStream> gzip_deflater(int level);

  // The stream for zlib's calls. Its address never changes (zlib's state points back to it),
  // moves included.
  [[nodiscard]] z_stream_s* get() const noexcept { return stream_.get(); }

 private:
  struct End {
    bool deflating = false;
    void operator()(z_stream_s* stream) const noexcept;
  };
  explicit ZlibStream(std::unique_ptr<z_stream_s, End> stream) : stream_(std::move(stream)) {}
  std::unique_ptr<z_stream_s, End> stream_;
};

}  // namespace gazette
