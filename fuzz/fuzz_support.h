// What the fuzz targets share: property checks that stop the run, splitting one input into
// fields, and a scratch directory for entry points that only read files.
// Not thread-safe (libFuzzer runs one input at a time per process).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gazette::fuzz {

// Prints "property violated: <property>" and aborts when `ok` is false, so libFuzzer reports a
// crash and saves the input: a broken property is a bug like a crash.
void require(bool ok, std::string_view property);

// require() that `text` is valid UTF-8; `what` names the string in the message.
void require_utf8(std::string_view text, std::string_view what);

// The fuzz input as bytes.
[[nodiscard]] inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Removes and returns the bytes of `rest` up to its first '\n' (the newline is dropped), or all of
// `rest` when it has none. Inputs that carry small fields (a URL, a content type, a path) put one
// per line before the body, so seeds stay readable files.
[[nodiscard]] std::string_view take_line(std::string_view& rest);

// A directory private to this process, created on first use and removed at exit.
[[nodiscard]] const std::string& scratch_dir();

// Writes `bytes` to `path`, replacing it; the file is closed before returning (no fd leaks).
void write_file(const std::string& path, std::string_view bytes);

}  // namespace gazette::fuzz
