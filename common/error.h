// Error values returned by Gazette's libraries. Expected failures (a bad line, a bad query, a
// missing database) are returned as tl::expected<T, Error>; only main() picks an exit code.
#pragma once

#include <string>
#include <utility>

#include <fmt/format.h>
#include <tl/expected.hpp>

namespace gazette {

// What kind of failure an Error is, for callers that react to one case (main picks an exit
// code). Tell cases apart by kind, never by matching `what`.
enum class ErrorKind {
  kOther,
  kBusy,  // another process holds what was asked for (a lock): trying later may succeed
};

struct Error {
  std::string where;  // what the error is about: "file.jsonl:12", a URL, a config key, a query
  std::string what;   // the reason, for a person to read
  ErrorKind kind = ErrorKind::kOther;

  // "where: what", or just "what" when there is no location.
  [[nodiscard]] std::string to_string() const { return where.empty() ? what : where + ": " + what; }
};

template <typename T>
using Expected = tl::expected<T, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(std::string where, std::string what) {
  return tl::unexpected<Error>(Error{std::move(where), std::move(what)});
}

}  // namespace gazette
