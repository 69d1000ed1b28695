// The body of an HTTP response as another tool archived it. The response records of wget,
// Heritrix and Common Crawl keep the message as the server sent it, with its transfer coding
// (chunked) and content coding (gzip, deflate, br) still applied; Gazette's own records hold the
// decoded body (the codings' headers renamed X-Archive-Orig-*), which passes through unchanged.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/error.h"
#include "crawler/warc_reader.h"

namespace gazette::crawler {

// The body of a "Transfer-Encoding: chunked" message without its framing (chunk extensions and
// trailers dropped). Fails on a chunk size that is not hexadecimal, a chunk cut short or a body
// without its last (zero-size) chunk, or more than `max_output` bytes.
[[nodiscard]] Expected<std::string> dechunk(std::string_view body, std::size_t max_output);

// `response`'s body as the page: the chunked framing removed when Transfer-Encoding says so,
// then each Content-Encoding undone in reverse order (gzip and x-gzip, deflate in zlib's format
// or bare, br; identity as is), to at most `max_output` bytes. Fails (Error.what says why) on a
// coding that does not decode, one it does not know, or a body over the cap.
[[nodiscard]] Expected<std::string> decode_http_body(const HttpResponse& response,
                                                     std::size_t max_output);

}  // namespace gazette::crawler
