#include "crawler/warc_reader.h"

#include <zlib.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <fstream>

#include <fmt/format.h>

#include "common/gzip.h"
#include "common/zlib_stream.h"

namespace gazette::crawler {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

}  // namespace

std::string WarcRecord::header(std::string_view name) const {
  return std::string(find_header_field(headers, name));
}
std::string HttpResponse::header(std::string_view name) const {
  return std::string(find_header_field(headers, name));
}

std::optional<HttpResponse> parse_http_response(std::string_view block) {
  if (block.substr(0, 5) != "HTTP/") return std::nullopt;
  auto head_end = block.find("\r\n\r\n");
  std::size_t sep = 4;
  if (head_end == std::string_view::npos) {
    head_end = block.find("\n\n");
    sep = 2;
  }
  if (head_end == std::string_view::npos) return std::nullopt;
  const std::string_view head = block.substr(0, head_end);
  const auto line_end = head.find('\n');
  const std::string_view status_line = head.substr(0, line_end);
  const auto space = status_line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  HttpResponse r;
  const std::string_view code = status_line.substr(space + 1, 3);
  if (std::from_chars(code.data(), code.data() + code.size(), r.status).ec != std::errc()) {
    return std::nullopt;
  }
  if (line_end != std::string_view::npos)
    r.headers = parse_header_fields(head.substr(line_end + 1));
  r.body = block.substr(head_end + sep);
  return r;
}

struct WarcReader::Impl {
  std::string path;
  std::unique_ptr<std::FILE, FileCloser> file;
  std::optional<ZlibStream> inflater;  // for a .warc.gz; none for a plain .warc
  std::array<unsigned char, 65536> in{};
  bool file_eof = false;
  bool member_open = false;    // inside a gzip member that has not ended yet
  std::uint64_t consumed = 0;  // decompressed bytes handed out before `buffer`
  std::string buffer;          // decompressed bytes not yet consumed
  std::size_t pos = 0;

  // Adds more decompressed bytes to `buffer`; false at end of input. Sets `error` on failure.
  bool fill(std::string& error) {
    if (pos > (1u << 20) && pos * 2 > buffer.size()) {
      consumed += pos;
      buffer.erase(0, pos);
      pos = 0;
    }
    if (!inflater) {
      if (file_eof) return false;
      const std::size_t n = std::fread(in.data(), 1, in.size(), file.get());
      if (n == 0) {
        file_eof = true;
        return false;
      }
      buffer.append(reinterpret_cast<const char*>(in.data()), n);
      return true;
    }
    z_stream& z = *inflater->get();
    std::array<char, 65536> out{};
    while (true) {
      if (z.avail_in == 0) {
        if (file_eof) {
          if (member_open) error = "truncated gzip data (the file ends inside a record)";
          return false;
        }
        const std::size_t n = std::fread(in.data(), 1, in.size(), file.get());
        if (n == 0) {
          file_eof = true;
          continue;
        }
        z.next_in = in.data();
        z.avail_in = static_cast<uInt>(n);
      }
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      member_open = true;
      const int rc = inflate(&z, Z_NO_FLUSH);
      const std::size_t produced = out.size() - z.avail_out;
      buffer.append(out.data(), produced);
      if (rc == Z_STREAM_END) {
        member_open = false;
        inflateReset(&z);  // the next record is the next gzip member
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error = fmt::format("corrupt gzip data ({})", z.msg != nullptr ? z.msg : "inflate failed");
        return false;
      }
      if (produced > 0) return true;
    }
  }

  // Ensures `n` unconsumed bytes are buffered.
  bool ensure(std::size_t n, std::string& error) {
    while (buffer.size() - pos < n) {
      if (!fill(error)) return false;
    }
    return true;
  }
};

WarcReader::WarcReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WarcReader::WarcReader(WarcReader&&) noexcept = default;
WarcReader& WarcReader::operator=(WarcReader&&) noexcept = default;
WarcReader::~WarcReader() = default;

Expected<WarcReader> WarcReader::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->file.reset(std::fopen(path.c_str(), "rb"));
  if (!impl->file) return fail(path, "cannot open file");
  std::array<char, 2> magic{};
  const std::size_t got = std::fread(magic.data(), 1, magic.size(), impl->file.get());
  std::rewind(impl->file.get());
  if (is_gzip(std::string_view(magic.data(), got))) {
    auto inflater = ZlibStream::gzip_inflater();
    if (!inflater) return fail(path, "zlib init failed");
    impl->inflater = std::move(*inflater);
  }
  return WarcReader(std::move(impl));
}

Expected<std::optional<WarcRecord>> WarcReader::next() {
  Impl& r = *impl_;
  std::string error;
  // Skip blank lines between records (the CRLF CRLF after each block).
  while (true) {
    if (!r.ensure(1, error)) {
      if (!error.empty())
        return fail(fmt::format("{}: offset {}", r.path, r.consumed + r.pos), error);
      return std::optional<WarcRecord>();
    }
    const char c = r.buffer[r.pos];
    if (c != '\r' && c != '\n') break;
    ++r.pos;
  }
  const std::uint64_t offset = r.consumed + r.pos;
  const auto where = [&] { return fmt::format("{}: record at offset {}", r.path, offset); };
  // The header ends with an empty line; bound it so garbage cannot grow the buffer forever.
  std::size_t header_end = std::string::npos;
  while ((header_end = r.buffer.find("\r\n\r\n", r.pos)) == std::string::npos) {
    if (r.buffer.size() - r.pos > (1u << 20)) return fail(where(), "record header over 1 MiB");
    if (!r.fill(error)) {
      return fail(where(), error.empty() ? "file ends inside a record header" : error);
    }
  }
  const std::string_view head(r.buffer.data() + r.pos, header_end - r.pos);
  WarcRecord record;
  const auto first_line = head.find("\r\n");
  record.version = std::string(head.substr(0, first_line));
  if (record.version.rfind("WARC/", 0) != 0) return fail(where(), "not a WARC record");
  record.headers = parse_header_fields(head.substr(first_line + 2));
  const std::string length_text = record.header("Content-Length");
  std::size_t length = 0;
  if (std::from_chars(length_text.data(), length_text.data() + length_text.size(), length).ec !=
      std::errc()) {
    return fail(where(), "missing or bad Content-Length");
  }
  r.pos = header_end + 4;
  if (!r.ensure(length, error)) {
    return fail(where(), error.empty() ? "file ends inside a record block" : error);
  }
  record.block.assign(r.buffer, r.pos, length);
  r.pos += length;
  return std::optional<WarcRecord>(std::move(record));
}

}  // namespace gazette::crawler
