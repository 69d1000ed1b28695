#include "crawler/warc_writer.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>

#include <fmt/format.h>

#include "common/gzip.h"
#include "common/hash.h"
#include "common/time.h"
#include "crawler/header_fields.h"

namespace gazette::crawler {
namespace {

std::string base32(const unsigned char* data, std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

std::string warc_date(std::int64_t unix_seconds) {
  DateTime t{unix_seconds, 0};
  return format_iso8601(t);  // "...Z" for offset 0, as WARC-Date requires
}

}  // namespace

std::string warc_sha1_digest(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &size, EVP_sha1(), nullptr);
  return "sha1:" + base32(md, size);
}

std::string archive_response_head(std::string_view head, std::size_t body_size) {
  std::string out;
  out.reserve(head.size() + 64);
  std::size_t pos = 0;
  while (pos < head.size()) {
    std::size_t end = head.find('\n', pos);
    end = end == std::string_view::npos ? head.size() : end + 1;
    std::string_view line = head.substr(pos, end - pos);
    pos = end;
    std::string_view bare = line;
    while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r')) bare.remove_suffix(1);
    if (bare.empty()) continue;  // the final empty line is written below
    if (const auto field = split_header_field(bare);
        field && (header_name_is(field->name, "Content-Encoding") ||
                  header_name_is(field->name, "Transfer-Encoding") ||
                  header_name_is(field->name, "Content-Length"))) {
      out += "X-Archive-Orig-";
    }
    out.append(bare);
    out += "\r\n";
  }
  out += fmt::format("Content-Length: {}\r\n\r\n", body_size);
  return out;
}

struct WarcWriter::Impl {
  WarcWriterOptions options;
  std::uint64_t id_seed = 0;
  std::atomic<std::uint64_t> id_counter{0};

  std::mutex mutex;  // guards everything below
  int fd = -1;
  std::string path;
  std::uint64_t file_bytes = 0;
  unsigned serial = 0;

  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  std::string new_record_id() {
    const std::uint64_t n = id_counter.fetch_add(1);
    const std::uint64_t hi = mix64(id_seed ^ n);
    std::uint64_t lo = mix64(id_seed + 0x9e3779b97f4a7c15ULL * (n + 1));
    const std::uint64_t hi_v4 = (hi & ~0xf000ULL) | 0x4000ULL;  // version 4 (random)
    lo = (lo & ~(3ULL << 62)) | (2ULL << 62);                   // RFC 4122 variant
    return fmt::format("<urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}>", hi_v4 >> 32,
                       (hi_v4 >> 16) & 0xffff, hi_v4 & 0xffff, lo >> 48, lo & 0xffffffffffffULL);
  }

  // Builds one record (header + block + the two CRLFs) and gzips it onto `out`.
  bool add_record(std::string& out, std::string_view type, const std::string& id,
                  const std::string& date, std::string_view target, std::string_view extra_headers,
                  std::string_view content_type, std::string_view block_head,
                  std::string_view payload) {
    std::string record =
        fmt::format("WARC/1.1\r\nWARC-Type: {}\r\nWARC-Record-ID: {}\r\n", type, id);
    record += fmt::format("WARC-Date: {}\r\n", date);
    if (!target.empty()) record += fmt::format("WARC-Target-URI: {}\r\n", target);
    record += extra_headers;
    std::string block;
    block.reserve(block_head.size() + payload.size());
    block.append(block_head);
    block.append(payload);
    record += fmt::format("Content-Type: {}\r\n", content_type);
    record += fmt::format("WARC-Block-Digest: {}\r\n", warc_sha1_digest(block));
    if (type == "response") {
      record += fmt::format("WARC-Payload-Digest: {}\r\n", warc_sha1_digest(payload));
    }
    record += fmt::format("Content-Length: {}\r\n\r\n", block.size());
    record += block;
    record += "\r\n\r\n";
    const auto member = gzip(record, 1);  // fastest: archives are written while crawling
    if (!member) return false;
    out += *member;
    return true;
  }

  Expected<void> write_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail(path, std::strerror(errno));
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
      file_bytes += static_cast<std::uint64_t>(n);
    }
    return {};
  }

  // Opens the next file and writes its warcinfo record. Caller holds the mutex.
  Expected<void> open_next() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    const std::int64_t now = now_unix_seconds();
    const std::string stamp = compact_utc_stamp(now);
    std::string name;
    while (true) {
      name = fmt::format("gazette-{}-{}-{:05}.warc.gz", stamp, ::getpid(), serial++);
      path = (std::filesystem::path(options.directory) / name).string();
      fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
      if (fd >= 0) break;
      if (errno != EEXIST) return fail(path, std::strerror(errno));
    }
    file_bytes = 0;
    const std::string fields = fmt::format(
        "software: {}\r\nformat: WARC File Format 1.1\r\n"
        "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/"
        "warc-1.1/\r\nrobots: classic\r\nhttp-header-user-agent: {}\r\n",
        options.software, options.user_agent);
    std::string out;
    if (!add_record(out, "warcinfo", new_record_id(), warc_date(now), "",
                    fmt::format("WARC-Filename: {}\r\n", name), "application/warc-fields", fields,
                    "")) {
      return fail(path, "gzip failed");
    }
    return write_all(out);
  }
};

WarcWriter::WarcWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WarcWriter::~WarcWriter() = default;

Expected<std::unique_ptr<WarcWriter>> WarcWriter::open(WarcWriterOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.directory, ec);
  if (ec) return fail(options.directory, ec.message());
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->id_seed = (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}() ^
                  static_cast<std::uint64_t>(now_unix_seconds());
  std::lock_guard lock(impl->mutex);
  if (auto ok = impl->open_next(); !ok) return tl::unexpected(ok.error());
  return std::unique_ptr<WarcWriter>(new WarcWriter(std::move(impl)));
}

Expected<std::string> WarcWriter::write_exchange(const WarcExchange& x) {
  Impl& w = *impl_;
  const std::string date = warc_date(x.date_unix_seconds);
  const std::string request_id = w.new_record_id();
  const std::string response_id = w.new_record_id();
  const std::string ip =
      x.ip_address.empty() ? "" : fmt::format("WARC-IP-Address: {}\r\n", x.ip_address);
  std::string out;
  bool ok = true;
  std::string main_id = request_id;
  if (!x.response_head.empty()) {
    main_id = response_id;
    const std::string truncated =
        x.truncated.empty() ? "" : fmt::format("WARC-Truncated: {}\r\n", x.truncated);
    ok = w.add_record(out, "response", response_id, date, x.target_uri, ip + truncated,
                      "application/http;msgtype=response",
                      archive_response_head(x.response_head, x.body.size()), x.body);
  }
  const std::string concurrent =
      x.response_head.empty() ? "" : fmt::format("WARC-Concurrent-To: {}\r\n", response_id);
  ok = ok && w.add_record(out, "request", request_id, date, x.target_uri, ip + concurrent,
                          "application/http;msgtype=request", x.request_head, "");
  if (!x.metadata.empty()) {
    ok = ok && w.add_record(out, "metadata", w.new_record_id(), date, x.target_uri,
                            fmt::format("WARC-Concurrent-To: {}\r\n", main_id),
                            "application/warc-fields", x.metadata, "");
  }
  std::lock_guard lock(w.mutex);
  if (!ok) return fail(w.path, "gzip failed");
  if (w.file_bytes > 0 && w.file_bytes + out.size() > w.options.max_file_bytes) {
    if (auto opened = w.open_next(); !opened) return tl::unexpected(opened.error());
  }
  if (auto written = w.write_all(out); !written) return tl::unexpected(written.error());
  return main_id;
}

std::string WarcWriter::current_path() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->path;
}

}  // namespace gazette::crawler
