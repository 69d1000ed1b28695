#include "crawler/fetcher.h"

#include <curl/curl.h>

#include <charconv>
#include <unordered_map>

#include <fmt/format.h>

#include "common/time.h"
#include "common/utf8.h"
#include "crawler/header_fields.h"

namespace gazette::crawler {
namespace {

struct EasyCleanup {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct MultiCleanup {
  void operator()(CURLM* m) const noexcept { curl_multi_cleanup(m); }
};
struct SlistFree {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using EasyPtr = std::unique_ptr<CURL, EasyCleanup>;
using MultiPtr = std::unique_ptr<CURLM, MultiCleanup>;
using SlistPtr = std::unique_ptr<curl_slist, SlistFree>;

// One transfer in progress; lives at a stable address (CURLOPT_PRIVATE points to it).
struct Transfer {
  const FetchOptions* options = nullptr;
  FetchRequest request;
  FetchResult result;
  EasyPtr easy;
  SlistPtr headers;
  bool in_body = false;

  bool content_type_accepted() const {
    if (request.any_content_type || result.http_status < 200 || result.http_status >= 300) {
      return true;
    }
    if (options->content_types.empty()) return true;
    const std::string type = ascii_lower(trim_ascii_whitespace(result.content_type));
    for (const auto& accepted : options->content_types) {
      if (type.rfind(ascii_lower(accepted), 0) == 0) return true;
    }
    return false;
  }
};

// Returning a count other than size * nitems stops the transfer (CURLE_WRITE_ERROR).
std::size_t on_header(char* data, std::size_t size, std::size_t nitems, void* user) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t n = size * nitems;
  const std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new response block (after a 1xx); only the last one is kept.
    t.result.response_head.clear();
    t.result.content_type.clear();
    t.result.location.clear();
    t.result.etag.clear();
    t.result.last_modified.clear();
    const auto space = line.find(' ');
    int status = 0;
    if (space != std::string_view::npos && line.size() >= space + 4) {
      std::from_chars(line.data() + space + 1, line.data() + space + 4, status);
    }
    t.result.http_status = status;
  }
  if (t.result.response_head.size() + n > (1u << 20)) {
    t.result.error = FetchError::kBadResponse;
    t.result.error_text = "response headers over 1 MiB";
    return 0;
  }
  t.result.response_head.append(line);
  if (const auto field = split_header_field(line)) {
    if (header_name_is(field->name, "Content-Type")) {
      t.result.content_type = field->value;
    } else if (header_name_is(field->name, "Location")) {
      t.result.location = field->value;
    } else if (header_name_is(field->name, "ETag")) {
      t.result.etag = field->value;
    } else if (header_name_is(field->name, "Last-Modified")) {
      t.result.last_modified = field->value;
    }
  }
  if (trim_ascii_whitespace(line).empty() && t.result.http_status >= 200 &&
      !t.content_type_accepted()) {
    t.result.error = FetchError::kContentType;
    t.result.error_text = fmt::format("content type \"{}\" not accepted", t.result.content_type);
    return 0;
  }
  return n;
}

std::size_t on_body(char* data, std::size_t size, std::size_t nmemb, void* user) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t n = size * nmemb;
  if (t.result.body.size() + n > t.options->max_body_bytes) {
    t.result.error = FetchError::kTooLarge;
    t.result.error_text =
        fmt::format("body over the cap of {} bytes (after decoding)", t.options->max_body_bytes);
    return 0;
  }
  try {
    t.result.body.append(data, n);
  } catch (...) {
    return 0;  // out of memory: stop this transfer, not the process
  }
  return n;
}

int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) noexcept {
  if (type == CURLINFO_HEADER_OUT) {
    auto& t = *static_cast<Transfer*>(user);
    t.result.request_head.append(data, size);
  }
  return 0;
}

FetchError classify(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return FetchError::kTimeout;
    case CURLE_FILESIZE_EXCEEDED:  // CURLOPT_MAXFILESIZE_LARGE: Content-Length over the cap
      return FetchError::kTooLarge;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return FetchError::kConnect;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_TOO_MANY_REDIRECTS:
      return FetchError::kBadResponse;
    default:
      return FetchError::kNetwork;
  }
}

}  // namespace

const char* to_string(FetchError error) {
  switch (error) {
    case FetchError::kNone:
      return "ok";
    case FetchError::kTimeout:
      return "timeout";
    case FetchError::kConnect:
      return "connect";
    case FetchError::kNetwork:
      return "network";
    case FetchError::kTooLarge:
      return "too large";
    case FetchError::kContentType:
      return "content type";
    case FetchError::kBadResponse:
      return "bad response";
  }
  return "?";
}

struct Fetcher::Impl {
  FetchOptions options;
  MultiPtr multi;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::vector<EasyPtr> idle;  // finished handles, reused (they keep their DNS and TLS state)
};

Fetcher::Fetcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Fetcher::~Fetcher() {
  // Each handle leaves the multi before it is cleaned up (curl's rule).
  for (auto& [easy, transfer] : impl_->transfers)
    curl_multi_remove_handle(impl_->multi.get(), easy);
  impl_->transfers.clear();
}

Expected<std::unique_ptr<Fetcher>> Fetcher::create(FetchOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->multi.reset(curl_multi_init());
  if (!impl->multi) return fail("curl", "curl_multi_init failed");
  CURLM* m = impl->multi.get();
  curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
  curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, impl->options.max_connections);
  curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, impl->options.max_connections * 2);
  return std::unique_ptr<Fetcher>(new Fetcher(std::move(impl)));
}

Expected<void> Fetcher::start(FetchRequest request) {
  auto t = std::make_unique<Transfer>();
  t->options = &impl_->options;
  if (!impl_->idle.empty()) {
    t->easy = std::move(impl_->idle.back());
    impl_->idle.pop_back();
    curl_easy_reset(t->easy.get());
  } else {
    t->easy.reset(curl_easy_init());
    if (!t->easy) return fail(request.url, "curl_easy_init failed");
  }
  t->request = std::move(request);
  t->result.token = t->request.token;
  t->result.url = t->request.url;
  CURL* h = t->easy.get();
  const FetchOptions& o = impl_->options;
  curl_easy_setopt(h, CURLOPT_URL, t->request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, o.user_agent.c_str());
  // curl decodes what it offers ("": every encoding it supports), through our size cap.
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, o.accept_encoding.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout.count()));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, o.low_speed_bytes);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, o.low_speed_seconds);
  // A declared Content-Length over the cap ends the transfer at the headers; on_body caps what
  // is actually written (decoded), which a server can make larger than it declared.
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body_bytes));
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, t.get());
  // The request head as sent goes to the WARC request record; it comes through the debug hook.
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, t.get());
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_PRIVATE, t.get());
  curl_slist* list = curl_slist_append(
      nullptr, "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
  if (!t->request.etag.empty()) {
    list = curl_slist_append(list, ("If-None-Match: " + t->request.etag).c_str());
  }
  if (!t->request.last_modified.empty()) {
    list = curl_slist_append(list, ("If-Modified-Since: " + t->request.last_modified).c_str());
  }
  t->headers.reset(list);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, t->headers.get());
  if (curl_multi_add_handle(impl_->multi.get(), h) != CURLM_OK) {
    return fail(t->request.url, "curl_multi_add_handle failed");
  }
  impl_->transfers.emplace(h, std::move(t));
  return {};
}

std::vector<FetchResult> Fetcher::poll(std::chrono::milliseconds max_wait) {
  CURLM* m = impl_->multi.get();
  int running = 0;
  curl_multi_perform(m, &running);
  std::vector<FetchResult> done;
  const auto collect = [&] {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* h = msg->easy_handle;
      const CURLcode code = msg->data.result;
      curl_multi_remove_handle(m, h);
      auto it = impl_->transfers.find(h);
      if (it == impl_->transfers.end()) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      impl_->transfers.erase(it);
      FetchResult& r = t->result;
      r.fetched_at_unix_ms = now_unix_seconds() * 1000;
      if (code != CURLE_OK && r.error == FetchError::kNone) {
        r.error = classify(code);
        r.error_text = code == CURLE_FILESIZE_EXCEEDED
                           ? fmt::format("Content-Length over the cap of {} bytes",
                                         impl_->options.max_body_bytes)
                           : curl_easy_strerror(code);
      }
      // curl reads Retry-After in both forms (seconds, HTTP date); 0 when absent or unreadable.
      curl_off_t retry_after = 0;
      if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0) {
        r.retry_after_seconds = static_cast<std::int64_t>(retry_after);
      }
      char* ip = nullptr;
      if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) r.ip = ip;
      done.push_back(std::move(r));
      impl_->idle.push_back(std::move(t->easy));
    }
  };
  collect();
  if (done.empty()) {
    int fds = 0;
    curl_multi_poll(m, nullptr, 0, static_cast<int>(max_wait.count()), &fds);
    curl_multi_perform(m, &running);
    collect();
  }
  return done;
}

void Fetcher::wakeup() { curl_multi_wakeup(impl_->multi.get()); }

std::size_t Fetcher::active() const { return impl_->transfers.size(); }

}  // namespace gazette::crawler
