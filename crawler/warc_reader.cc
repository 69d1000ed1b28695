#include "crawler/warc_reader.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <vector>

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

namespace {

// What an attempt to read more bytes gave.
enum class Fill { kMore, kEnd, kDamaged };

// Whether `p` (at least 4 bytes) starts a gzip member: the magic, deflate, no reserved flags.
bool gzip_member_at(const unsigned char* p) {
  return p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 && (p[3] & 0xe0) == 0;
}

}  // namespace

struct WarcReader::Impl {
  std::string path;
  std::size_t max_block_bytes = 0;
  std::unique_ptr<std::FILE, FileCloser> file;
  std::optional<ZlibStream> inflater;  // for a .warc.gz; none for a plain .warc
  std::array<unsigned char, 65536> in{};
  std::uint64_t in_offset = 0;  // file offset of in[0]
  std::size_t in_size = 0;      // bytes read into `in`
  bool file_eof = false;
  bool member_open = false;  // inside a gzip member that has not ended yet
  // Where the gzip members whose data is in `buffer` begin: (data offset, file offset).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> members;
  std::uint64_t consumed = 0;  // data bytes dropped from the front of `buffer`
  std::string buffer;          // data (decompressed) not yet consumed
  std::size_t pos = 0;
  std::string reason;           // why the last Fill was kDamaged
  bool gzip_damage = false;     // ... and whether the gzip member being inflated is the damage
  bool damage_pending = false;  // the member is damaged after the data fill() last added
  WarcSkipped skipped;

  [[nodiscard]] std::uint64_t data_end() const { return consumed + buffer.size(); }
  // The file offset of the next compressed byte.
  [[nodiscard]] std::uint64_t file_pos() const {
    const z_stream& z = *inflater->get();
    return in_offset + static_cast<std::uint64_t>(z.next_in - in.data());
  }
  // The gzip member holding data offset `at`: (its first data offset, its file offset).
  [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> member_of(std::uint64_t at) const {
    std::pair<std::uint64_t, std::uint64_t> found{0, 0};
    for (const auto& m : members) {
      if (m.first <= at) found = m;
    }
    return found;
  }

  // Reads the next chunk of the file into `in`; false at its end.
  bool read_chunk() {
    in_offset += in_size;
    in_size = std::fread(in.data(), 1, in.size(), file.get());
    z_stream& z = *inflater->get();
    z.next_in = in.data();
    z.avail_in = static_cast<uInt>(in_size);
    if (in_size == 0) file_eof = true;
    return in_size > 0;
  }

  // Adds data to `buffer`. A gzip member's end counts as more (its CRC was checked), so a caller
  // can tell a record's member ended whole before reading the next one.
  Fill fill() {
    if (pos > (1u << 20) && pos * 2 > buffer.size()) {
      consumed += pos;
      buffer.erase(0, pos);
      pos = 0;
    }
    if (!inflater) {
      if (file_eof) return Fill::kEnd;
      const std::size_t n = std::fread(in.data(), 1, in.size(), file.get());
      if (n == 0) {
        file_eof = true;
        return Fill::kEnd;
      }
      buffer.append(reinterpret_cast<const char*>(in.data()), n);
      return Fill::kMore;
    }
    if (damage_pending) {
      damage_pending = false;
      return Fill::kDamaged;  // `reason` was set when it was found
    }
    z_stream& z = *inflater->get();
    std::array<char, 65536> out{};
    while (true) {
      if (z.avail_in == 0 && (file_eof || !read_chunk())) {
        if (!member_open) return Fill::kEnd;
        reason = "the file ends inside a gzip member (truncated)";
        gzip_damage = true;
        return Fill::kDamaged;
      }
      if (!member_open) {
        member_open = true;
        // Only the members from the current record's on are kept (and one that gave no data is
        // replaced), so a file of many tiny members costs no memory.
        while (members.size() > 1 && members[1].first <= consumed + pos) {
          members.erase(members.begin());
        }
        if (!members.empty() && members.back().first == data_end()) members.pop_back();
        members.emplace_back(data_end(), file_pos());
      }
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      const int rc = inflate(&z, Z_NO_FLUSH);
      const std::size_t produced = out.size() - z.avail_out;
      buffer.append(out.data(), produced);
      if (rc == Z_STREAM_END) {
        member_open = false;
        inflateReset(&z);  // the next record is the next gzip member
        return Fill::kMore;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        reason = fmt::format("corrupt gzip data ({})", z.msg != nullptr ? z.msg : "inflate failed");
        gzip_damage = true;
        // What inflated before the damage is handed out first: in a file gzipped as a whole it
        // holds the records before the damage.
        damage_pending = produced > 0;
        return damage_pending ? Fill::kMore : Fill::kDamaged;
      }
      if (produced > 0) return Fill::kMore;
    }
  }

  // Ensures `n` unconsumed bytes are buffered.
  Fill ensure(std::size_t n) {
    while (buffer.size() - pos < n) {
      if (const Fill f = fill(); f != Fill::kMore) return f;
    }
    return Fill::kMore;
  }

  // Reads the record at `pos` (blank lines before it skipped) into `record`; on kDamaged,
  // `reason` says why and `start` is where the damaged record began.
  Fill read_record(WarcRecord& record, std::uint64_t& start) {
    while (true) {  // the CRLF CRLF after the previous block
      start = consumed + pos;
      if (const Fill f = ensure(1); f != Fill::kMore) return f;
      const char c = buffer[pos];
      if (c != '\r' && c != '\n') break;
      ++pos;
    }
    start = consumed + pos;
    if (const Fill f = ensure(5); f == Fill::kDamaged) return f;
    if (buffer.compare(pos, 5, "WARC/") != 0) return damaged("not a WARC record");
    // The header ends with an empty line; bound it so garbage cannot grow the buffer forever.
    std::size_t header_end = std::string::npos;
    while ((header_end = buffer.find("\r\n\r\n", pos)) == std::string::npos) {
      if (buffer.size() - pos > (1u << 20)) return damaged("record header over 1 MiB");
      const Fill f = fill();
      if (f == Fill::kEnd) return damaged("the file ends inside a record header");
      if (f == Fill::kDamaged) return f;
    }
    const std::string_view head(buffer.data() + pos, header_end - pos);
    const auto first_line = head.find("\r\n");
    record.version = std::string(head.substr(0, first_line));
    if (first_line != std::string_view::npos) {
      record.headers = parse_header_fields(head.substr(first_line + 2));
    }
    const std::string length_text = record.header("Content-Length");
    std::size_t length = 0;
    if (std::from_chars(length_text.data(), length_text.data() + length_text.size(), length).ec !=
        std::errc()) {
      return damaged("missing or bad Content-Length");
    }
    if (length > max_block_bytes) {
      return damaged(
          fmt::format("a block of {} bytes, over the cap of {}", length, max_block_bytes));
    }
    const std::size_t block = header_end + 4 - pos;
    const Fill f = ensure(block + length);
    if (f == Fill::kEnd) return damaged("the file ends inside a record block");
    if (f == Fill::kDamaged) return f;
    const std::uint64_t end = start + block + length;
    if (inflater) {
      // Returned only once its member ended whole (CRC checked), or, in a member that holds more
      // records (a file gzipped as a whole, checked only at its end), once the next record's
      // header follows it: damage before that loses the record.
      while (member_open && members.back().first < end && !next_record_at(end)) {
        if (const Fill more = fill(); more == Fill::kDamaged) return more;
      }
    } else if (ensure(block + length + 2) == Fill::kMore &&
               buffer.compare(pos + block + length, 2, "\r\n") != 0) {
      return damaged("the block does not end where its Content-Length says");
    }
    record.block.assign(buffer, pos + block, length);
    pos += block + length;
    return Fill::kMore;
  }

  // Whether data offset `at` holds the CRLF CRLF after a block and the next "WARC/".
  [[nodiscard]] bool next_record_at(std::uint64_t at) const {
    const std::size_t i = static_cast<std::size_t>(at - consumed);
    return buffer.size() >= i + 9 && buffer.compare(i, 9, "\r\n\r\nWARC/") == 0;
  }

  Fill damaged(std::string why) {
    reason = std::move(why);
    gzip_damage = false;
    return Fill::kDamaged;
  }

  // Goes on after the damaged record that began at data offset `start`; returns the file offset
  // reading resumes at (the file's size when nothing readable follows).
  std::uint64_t resync(std::uint64_t start, std::uint64_t from_file_offset) {
    if (!inflater) {
      pos = static_cast<std::size_t>(start + 1 - consumed);
      while (true) {
        if (const auto at = buffer.find("\nWARC/", pos); at != std::string::npos) {
          pos = at + 1;
          break;
        }
        pos = std::max(pos, buffer.size() - std::min<std::size_t>(buffer.size(), 5));
        if (fill() != Fill::kMore) {
          pos = buffer.size();
          break;
        }
      }
      return consumed + pos;
    }
    // Drop the damaged member's data and look for the next member in the file.
    consumed = data_end();
    buffer.clear();
    pos = 0;
    members.clear();
    member_open = false;
    damage_pending = false;
    z_stream& z = *inflater->get();
    inflateReset(&z);
    std::clearerr(file.get());
    file_eof = false;
    in_offset = from_file_offset + 1;
    in_size = 0;
    while (true) {
      if (::fseeko(file.get(), static_cast<off_t>(in_offset + in_size), SEEK_SET) != 0 ||
          !read_chunk()) {
        return in_offset;  // the end of the file
      }
      for (std::size_t i = 0; i + 4 <= in_size; ++i) {
        if (gzip_member_at(in.data() + i)) {
          z.next_in = in.data() + i;
          z.avail_in = static_cast<uInt>(in_size - i);
          return in_offset + i;
        }
      }
      if (in_size < 4) {
        in_offset += in_size;
        in_size = 0;
        z.avail_in = 0;
        file_eof = true;
        return in_offset;
      }
      in_size -= 3;  // the next chunk starts with the last three bytes, a magic may span them
    }
  }
};

WarcReader::WarcReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WarcReader::WarcReader(WarcReader&&) noexcept = default;
WarcReader& WarcReader::operator=(WarcReader&&) noexcept = default;
WarcReader::~WarcReader() = default;

Expected<WarcReader> WarcReader::open(const std::string& path, std::size_t max_block_bytes) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->max_block_bytes = max_block_bytes;
  impl->file.reset(std::fopen(path.c_str(), "rb"));
  if (!impl->file) return fail(path, "cannot open file");
  std::array<char, 2> magic{};
  const std::size_t got = std::fread(magic.data(), 1, magic.size(), impl->file.get());
  std::rewind(impl->file.get());
  if (path.ends_with(".gz") || is_gzip(std::string_view(magic.data(), got))) {
    auto inflater = ZlibStream::gzip_inflater();
    if (!inflater) return fail(path, "zlib init failed");
    impl->inflater = std::move(*inflater);
  }
  return WarcReader(std::move(impl));
}

Expected<std::optional<WarcRecord>> WarcReader::next() {
  Impl& r = *impl_;
  WarcRecord record;
  std::uint64_t start = 0;
  const Fill f = r.read_record(record, start);
  if (f == Fill::kMore) return std::optional<WarcRecord>(std::move(record));
  if (f == Fill::kEnd) return std::optional<WarcRecord>();
  // Damage: report where the record began in the file, skip to the next readable one.
  std::string where;
  std::uint64_t offset = start;
  std::uint64_t damaged_member = 0;
  if (r.inflater) {
    const auto [member_data, member_offset] = r.member_of(start);
    offset = member_offset;
    where = fmt::format("{}: offset {} (gzip member", r.path, offset);
    if (start > member_data) where += fmt::format(", byte {} of its data", start - member_data);
    where += ")";
    // Inflate damage is in the member being read, which may follow the record's own; a record
    // that does not parse is skipped with its member.
    damaged_member = r.gzip_damage ? std::max(offset, r.members.back().second) : offset;
    ++r.skipped.records;
  } else {
    where = fmt::format("{}: offset {}", r.path, offset);
    if (r.buffer.compare(static_cast<std::size_t>(start - r.consumed), 5, "WARC/") == 0) {
      ++r.skipped.records;
    }
  }
  const std::string reason = std::move(r.reason);
  const std::uint64_t resumed = r.resync(start, damaged_member);
  ++r.skipped.errors;
  r.skipped.bytes += resumed - offset;
  return fail(where, fmt::format("{}; skipped {} bytes, reading goes on at offset {}", reason,
                                 resumed - offset, resumed));
}

const WarcSkipped& WarcReader::skipped() const { return impl_->skipped; }

}  // namespace gazette::crawler
