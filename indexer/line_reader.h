// Reads a text file (or standard input) line by line with bounded memory: a line longer than the
// limit is skipped and reported instead of being held. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>

#include "common/error.h"

namespace gazette::indexer {

class LineReader {
 public:
  // "-" reads standard input. Fails naming the path when it cannot be opened.
  [[nodiscard]] static Expected<LineReader> open(const std::string& path,
                                                 std::size_t max_line_bytes);

  enum class Status { kLine, kTooLong, kEnd, kError };
  // Reads the next line into `line` (without the newline or a trailing CR). kTooLong: the line
  // exceeded the limit and was skipped (`line` is empty). kError: a read error; see error().
  [[nodiscard]] Status next(std::string& line);

  [[nodiscard]] std::size_t line_number() const { return line_number_; }
  [[nodiscard]] std::size_t bytes_read() const { return bytes_read_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string error() const;

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const;
  };
  LineReader(std::string path, std::FILE* file, std::size_t max_line_bytes);
  bool fill();

  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::size_t max_line_bytes_;
  std::unique_ptr<char[]> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::size_t line_number_ = 0;
  std::size_t bytes_read_ = 0;
  int errno_ = 0;
};

}  // namespace gazette::indexer
