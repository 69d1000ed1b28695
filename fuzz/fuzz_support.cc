#include "fuzz/fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "common/utf8.h"

namespace gazette::fuzz {

void require(bool ok, std::string_view property) {
  if (ok) return;
  std::fprintf(stderr, "property violated: %.*s\n", static_cast<int>(property.size()),
               property.data());
  std::abort();
}

void require_utf8(std::string_view text, std::string_view what) {
  const auto bad = first_invalid_utf8(text);
  if (!bad) return;
  std::fprintf(stderr, "invalid UTF-8 at byte %zu of %.*s\n", *bad, static_cast<int>(what.size()),
               what.data());
  require(false, "every output string is valid UTF-8");
}

std::string_view take_line(std::string_view& rest) {
  const std::size_t end = rest.find('\n');
  const std::string_view line = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  return line;
}

namespace {

// Owns the scratch directory: made with mkdtemp, removed with everything in it at exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gazette-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("gazette fuzz: mkdtemp");
      std::abort();
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

const std::string& scratch_dir() {
  static const ScratchDir dir;
  return dir.path();
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  require(static_cast<bool>(out), "the scratch file can be written");
}

}  // namespace gazette::fuzz
