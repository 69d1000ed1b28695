// HTTP(S) fetching over the libcurl multi interface: many transfers in parallel on the calling
// thread. The fetcher does one request per URL and never follows redirects itself (the crawl
// records each hop and checks it against robots.txt); politeness (which URL may start when) is
// the caller's, with CURLMOPT_MAX_HOST_CONNECTIONS = 1 as a safety net.
//
// Defences against hostile servers, each ending the transfer with a FetchError:
//  - connect timeout, total timeout and a low-speed limit (a server that stalls);
//  - a cap on the body after decoding (an endless body, a gzip bomb): the write callback stops
//    the transfer as soon as the cap is passed, and a Content-Length over the cap stops it at
//    the headers (curl's CURLOPT_MAXFILESIZE_LARGE, for any status but 304);
//  - a content-type filter applied when the headers of a 2xx response are complete;
//  - only http and https, for the request and any redirect curl might see.
//
// Thread-safety: a Fetcher is used by one thread; only wakeup() may be called from others.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace gazette::crawler {

struct FetchOptions {
  std::string user_agent;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{60000};
  // A transfer slower than low_speed_bytes per second for low_speed_seconds is abandoned.
  long low_speed_bytes = 512;
  long low_speed_seconds = 20;
  std::size_t max_body_bytes = std::size_t{10} << 20;
  // Accept-Encoding: "" for every encoding curl can decode.
  std::string accept_encoding;
  // Accepted media types (prefix of Content-Type, case-insensitive) for 2xx responses.
  std::vector<std::string> content_types;
  // Upper bound on parallel connections (one per host).
  long max_connections = 32;
};

struct FetchRequest {
  std::uint64_t token = 0;  // the caller's key, returned in the result
  std::string url;
  std::string etag;               // sent as If-None-Match when not empty
  std::string last_modified;      // sent as If-Modified-Since when not empty
  bool any_content_type = false;  // robots.txt is text/plain, and its type does not matter
};

enum class FetchError {
  kNone,
  kTimeout,      // connect, total or low-speed timeout
  kConnect,      // cannot resolve or connect
  kNetwork,      // connection broken, empty reply, ... (transient)
  kTooLarge,     // body (decoded) over max_body_bytes
  kContentType,  // media type not accepted
  kBadResponse,  // not HTTP, bad encoding, unsupported protocol (permanent)
};

[[nodiscard]] const char* to_string(FetchError error);

struct FetchResult {
  std::uint64_t token = 0;
  std::string url;
  int http_status = 0;        // 0 when no response head arrived
  std::string request_head;   // request line + headers as sent
  std::string response_head;  // status line + headers as received (last response block)
  std::string body;           // decoded; possibly partial when error != kNone
  std::string content_type;   // Content-Type value
  std::string location;       // Location value (raw)
  std::string etag;
  std::string last_modified;
  // From Retry-After (seconds or HTTP date, read by curl); none when absent, unreadable, zero
  // or a date already past.
  std::optional<std::int64_t> retry_after_seconds;
  std::string ip;
  FetchError error = FetchError::kNone;
  std::string error_text;  // curl's message, for logs and the frontier
  std::int64_t fetched_at_unix_ms = 0;
};

class Fetcher {
 public:
  [[nodiscard]] static Expected<std::unique_ptr<Fetcher>> create(FetchOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Starts a transfer. Fails (without starting) for a URL curl rejects.
  [[nodiscard]] Expected<void> start(FetchRequest request);

  // Runs transfers, waiting up to `max_wait` for network activity or wakeup(); returns the
  // transfers that finished.
  [[nodiscard]] std::vector<FetchResult> poll(std::chrono::milliseconds max_wait);

  // Makes a poll() in progress (or the next one) return at once. Thread-safe.
  void wakeup();

  [[nodiscard]] std::size_t active() const;

 private:
  struct Impl;
  explicit Fetcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::crawler
