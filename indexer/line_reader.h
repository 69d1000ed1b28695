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
  // "-" reads standard input. A file is read from byte `start` (0: the beginning); line numbers
  // then count from there. Fails naming the path when it cannot be opened or positioned.
  [[nodiscard]] static Expected<LineReader> open(const std::string& path,
                                                 std::size_t max_line_bytes, std::size_t start = 0);

  enum class Status { kLine, kTooLong, kEnd, kError };
  // Reads the next line into `line` (without the newline or a trailing CR). kTooLong: the line
  // exceeded the limit and was skipped (`line` is empty). kError: a read error; see error().
  [[nodiscard]] Status next(std::string& line);

  [[nodiscard]] std::size_t line_number() const { return line_number_; }
  [[nodiscard]] std::size_t bytes_read() const { return bytes_read_; }
  // The byte position just after the last line returned (its newline included).
  [[nodiscard]] std::size_t offset() const { return offset_; }
  // Whether the last line returned ended with a newline: the last line of a file that is still
  // being appended to may be incomplete.
  [[nodiscard]] bool terminated() const { return terminated_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string error() const;

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const;
  };
  LineReader(std::string path, std::FILE* file, std::size_t max_line_bytes, std::size_t start);
  bool fill();

  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::size_t max_line_bytes_;
  std::unique_ptr<char[]> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::size_t line_number_ = 0;
  std::size_t bytes_read_ = 0;
  std::size_t offset_ = 0;
  bool terminated_ = true;
  int errno_ = 0;
};

}  // namespace gazette::indexer
