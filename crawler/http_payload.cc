#include "crawler/http_payload.h"

#include <brotli/decode.h>

#include <array>
#include <charconv>
#include <memory>
#include <optional>
#include <vector>

#include "common/gzip.h"
#include "common/utf8.h"

namespace gazette::crawler {
namespace {

// The next line of `rest` (up to LF, without CR LF or LF), or nullopt when no LF is left.
std::optional<std::string_view> take_line(std::string_view& rest) {
  const std::size_t end = rest.find('\n');
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view line = rest.substr(0, end);
  rest.remove_prefix(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

Expected<std::string> unbrotli(std::string_view bytes, std::size_t max_output) {
  const std::unique_ptr<BrotliDecoderState, decltype(&BrotliDecoderDestroyInstance)> state(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), &BrotliDecoderDestroyInstance);
  if (!state) return fail("br", "cannot start the decoder");
  std::string out;
  std::array<std::uint8_t, std::size_t{64} << 10> chunk{};
  std::size_t available_in = bytes.size();
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(bytes.data());
  while (true) {
    std::size_t available_out = chunk.size();
    std::uint8_t* next_out = chunk.data();
    const BrotliDecoderResult rc = BrotliDecoderDecompressStream(
        state.get(), &available_in, &next_in, &available_out, &next_out, nullptr);
    const std::size_t produced = chunk.size() - available_out;
    if (out.size() + produced > max_output) {
      return fail("br", "decoded size over the cap of " + std::to_string(max_output) + " bytes");
    }
    out.append(reinterpret_cast<const char*>(chunk.data()), produced);
    if (rc == BROTLI_DECODER_RESULT_SUCCESS) return out;
    if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) return fail("br", "truncated data");
    if (rc == BROTLI_DECODER_RESULT_ERROR) {
      return fail("br", std::string("corrupt data: ") +
                            BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state.get())));
    }
  }
}

// The codings of a header value such as "gzip, br", in the order they were applied.
std::vector<std::string> codings_of(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string coding = ascii_lower(trim_ascii_whitespace(value.substr(0, comma)));
    if (!coding.empty()) out.push_back(coding);
    value.remove_prefix(comma == std::string_view::npos ? value.size() : comma + 1);
  }
  return out;
}

}  // namespace

Expected<std::string> dechunk(std::string_view body, std::size_t max_output) {
  std::string out;
  std::string_view rest = body;
  while (true) {
    const auto line = take_line(rest);
    if (!line) return fail("chunked body", "cut short before its last chunk");
    const std::string_view size_text = trim_ascii_whitespace(line->substr(0, line->find(';')));
    std::size_t size = 0;
    const auto [end, ec] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc() || end != size_text.data() + size_text.size() || size_text.empty()) {
      return fail("chunked body", "a chunk size is not a hexadecimal number");
    }
    if (size == 0) return out;  // trailers, if any, are dropped
    if (size > rest.size()) return fail("chunked body", "a chunk is cut short");
    if (out.size() + size > max_output) {
      return fail("chunked body", "over the cap of " + std::to_string(max_output) + " bytes");
    }
    out.append(rest.substr(0, size));
    rest.remove_prefix(size);
    // The CR LF after the chunk's data (a bare LF is tolerated).
    if (rest.starts_with("\r\n")) {
      rest.remove_prefix(2);
    } else if (rest.starts_with('\n')) {
      rest.remove_prefix(1);
    } else {
      return fail("chunked body", "a chunk does not end where its size says");
    }
  }
}

Expected<std::string> decode_http_body(const HttpResponse& response, std::size_t max_output) {
  std::string body;
  const auto transfer = codings_of(response.header("Transfer-Encoding"));
  if (!transfer.empty() && transfer.back() == "chunked") {
    auto unframed = dechunk(response.body, max_output);
    if (!unframed) return unframed;
    body = std::move(*unframed);
  } else {
    if (response.body.size() > max_output) {
      return fail("body", "over the cap of " + std::to_string(max_output) + " bytes");
    }
    body.assign(response.body);
  }
  const auto codings = codings_of(response.header("Content-Encoding"));
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    Expected<std::string> decoded;
    if (*it == "identity") continue;
    if (*it == "gzip" || *it == "x-gzip") {
      decoded = gunzip(body, max_output);
    } else if (*it == "deflate") {
      decoded = inflate_deflate(body, max_output);
    } else if (*it == "br") {
      decoded = unbrotli(body, max_output);
    } else {
      return fail("Content-Encoding", "unknown coding \"" + *it + "\"");
    }
    if (!decoded) return decoded;
    body = std::move(*decoded);
  }
  return body;
}

}  // namespace gazette::crawler
