// Decompressing gzip bodies (sitemap.xml.gz, WARC records) with a cap on the output, so a
// small hostile file cannot expand into gigabytes; and compressing one gzip member (a WARC
// record). Pure functions; thread-safe. Streaming callers use common/zlib_stream.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/error.h"

namespace gazette {

// Whether `bytes` starts with the gzip magic number (1f 8b).
[[nodiscard]] bool is_gzip(std::string_view bytes);

// The decompressed bytes of one or more concatenated gzip members. Fails (Error.what says
// why) on corrupt or truncated input, and when the output would exceed `max_output` bytes.
[[nodiscard]] Expected<std::string> gunzip(std::string_view bytes, std::size_t max_output);

// The decompressed bytes of HTTP's "deflate" content coding: zlib's format, or (as some servers
// send it) bare deflate data. Fails as gunzip does.
[[nodiscard]] Expected<std::string> inflate_deflate(std::string_view bytes, std::size_t max_output);

// `bytes` compressed as one gzip member at `level` (1 fastest .. 9 smallest). Fails when zlib
// cannot start (out of memory) or `bytes` is 4 GiB or more.
[[nodiscard]] Expected<std::string> gzip(std::string_view bytes, int level);

}  // namespace gazette
