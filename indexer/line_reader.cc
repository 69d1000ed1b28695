#include "indexer/line_reader.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace gazette::indexer {
namespace {
constexpr std::size_t kBufferBytes = 1 << 20;
}

void LineReader::FileCloser::operator()(std::FILE* f) const {
  if (f != nullptr && f != stdin) std::fclose(f);
}

LineReader::LineReader(std::string path, std::FILE* file, std::size_t max_line_bytes,
                       std::size_t start)
    : path_(std::move(path)),
      file_(file),
      max_line_bytes_(max_line_bytes),
      buffer_(new char[kBufferBytes]),
      offset_(start) {}

Expected<LineReader> LineReader::open(const std::string& path, std::size_t max_line_bytes,
                                      std::size_t start) {
  if (path == "-") return LineReader("<stdin>", stdin, max_line_bytes, 0);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return fail(path, std::strerror(errno));
  if (start != 0 && std::fseek(f, static_cast<long>(start), SEEK_SET) != 0) {
    const int e = errno;
    std::fclose(f);
    return fail(path, std::strerror(e));
  }
  return LineReader(path, f, max_line_bytes, start);
}

bool LineReader::fill() {
  begin_ = 0;
  end_ = std::fread(buffer_.get(), 1, kBufferBytes, file_.get());
  bytes_read_ += end_;
  if (end_ == 0 && std::ferror(file_.get())) errno_ = errno == 0 ? EIO : errno;
  return end_ > 0;
}

LineReader::Status LineReader::next(std::string& line) {
  line.clear();
  bool too_long = false;
  bool any = false;
  terminated_ = false;
  for (;;) {
    if (begin_ == end_ && !fill()) {
      if (errno_ != 0) return Status::kError;
      if (!any) {
        terminated_ = true;
        return Status::kEnd;
      }
      break;  // last line without a newline
    }
    any = true;
    const char* start = buffer_.get() + begin_;
    const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    const std::size_t n = nl != nullptr ? static_cast<std::size_t>(nl - start) : end_ - begin_;
    if (!too_long) {
      if (line.size() + n > max_line_bytes_) {
        too_long = true;
        line.clear();
        line.shrink_to_fit();
      } else {
        line.append(start, n);
      }
    }
    begin_ += n;
    offset_ += n;
    if (nl != nullptr) {
      ++begin_;
      ++offset_;
      terminated_ = true;
      break;
    }
  }
  ++line_number_;
  if (too_long) return Status::kTooLong;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return Status::kLine;
}

std::string LineReader::error() const {
  return errno_ == 0 ? std::string() : fmt::format("read error: {}", std::strerror(errno_));
}

}  // namespace gazette::indexer
