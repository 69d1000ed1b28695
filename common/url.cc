#include "common/url.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include <curl/curl.h>

#include "common/utf8.h"

namespace gazette {
namespace {

struct CurluDeleter {
  void operator()(CURLU* handle) const noexcept { curl_url_cleanup(handle); }
};
using CurluPtr = std::unique_ptr<CURLU, CurluDeleter>;

struct CurlStringDeleter {
  void operator()(char* text) const noexcept { curl_free(text); }
};

// A URL part as a string; nullopt when the part is absent or curl cannot produce it.
std::optional<std::string> get_part(CURLU* handle, CURLUPart part, unsigned flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(handle, part, &raw, flags) != CURLUE_OK || raw == nullptr) return std::nullopt;
  const std::unique_ptr<char, CurlStringDeleter> owner(raw);
  return std::string(raw);
}

// Hosts with user:password are refused rather than stripped: a link that carries credentials
// is not one the crawler should follow, and dropping them would change what it names.
constexpr unsigned kParseFlags = CURLU_DISALLOW_USER;

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Bytes that may not appear raw in a path or query (RFC 3986 plus what browsers escape).
bool must_escape(unsigned char c) {
  if (c <= 0x20 || c >= 0x7f) return true;
  constexpr std::string_view kUnsafe = "\"<>\\^`{|}";
  return kUnsafe.find(static_cast<char>(c)) != std::string_view::npos;
}

void append_escaped(std::string& out, unsigned char c) {
  constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                         '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xf];
}

}  // namespace

std::string normalize_percent_encoding(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      const auto decoded =
          static_cast<unsigned char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      if (is_unreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        append_escaped(out, decoded);
      }
      i += 2;
    } else if (c == '%' || must_escape(c)) {
      append_escaped(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

// The query without tracking parameters and empty pieces, other parameters in their order.
std::string strip_tracking(std::string_view query) {
  std::string out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (piece.empty() || is_tracking_parameter(piece.substr(0, piece.find('=')))) continue;
    if (!out.empty()) out += '&';
    out += piece;
  }
  return out;
}

bool has_dot_segment(std::string_view path) {
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return true;
    start = end + 1;
  }
  return false;
}

// curl decodes escapes in the host once, so the host it hands back must read the same when the
// result is parsed again. A '%' left over ("%%43" -> "%C") would be decoded again; a decoded
// delimiter ("a%2Fb", "a%3A80") would split it into other parts; controls are no host at all.
// IP literals in brackets were checked by curl.
bool survives_reparse(std::string_view host) {
  if (host.starts_with('[')) return true;
  return std::ranges::none_of(host, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7f ||
           std::string_view("%/?#@\\:[]").find(c) != std::string_view::npos;
  });
}

// A host of digits, hex letters and dots may be an IPv4 address in another spelling ("4440",
// "0x7f.1"), which curl rewrites as a dotted quad, but only when it is not made of escapes
// ("444%30"): one more parse of such a host reaches the spelling that stays.
bool may_be_ipv4_number(std::string_view host) {
  // Every spelling of a number starts with a digit ("0x7f" too): names such as "cafe.de" are
  // not parsed again.
  if (host.empty() || std::isdigit(static_cast<unsigned char>(host.front())) == 0) return false;
  return std::ranges::all_of(host, [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == 'x' || c == 'X';
  });
}

std::optional<std::string> parse_canonical(const std::string& url, bool reparsed);

// Builds the canonical string from a parsed handle; nullopt when it is not http(s) with a host.
// `reparsed` is set on the one extra pass some URLs need (see below), so there is never a third.
std::optional<std::string> canonical_from(CURLU* handle, bool reparsed) {
  const auto scheme = get_part(handle, CURLUPART_SCHEME);
  if (!scheme) return std::nullopt;
  const std::string lower_scheme = ascii_lower(*scheme);
  if (lower_scheme != "http" && lower_scheme != "https") return std::nullopt;
  // Host names keep their UTF-8 spelling (lower-cased in ASCII only): curl's punycode
  // conversion depends on the process locale, and a canonical form must not.
  const auto host = get_part(handle, CURLUPART_HOST);
  if (!host || host->empty() || first_invalid_utf8(*host)) return std::nullopt;
  if (!survives_reparse(*host)) return std::nullopt;
  const auto port = get_part(handle, CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);
  const auto path = get_part(handle, CURLUPART_PATH);
  const auto query = get_part(handle, CURLUPART_QUERY);

  std::string out = lower_scheme + "://" + ascii_lower(*host);
  if (port) out += ":" + *port;
  const std::string canonical_path = path ? normalize_percent_encoding(*path) : std::string();
  out += canonical_path.empty() ? "/" : canonical_path;
  if (query) {
    const std::string kept = strip_tracking(normalize_percent_encoding(*query));
    if (!kept.empty()) out += "?" + kept;
  }
  // Escaped dots ("/a/%2e%2e/b") become dot segments only once decoded above, after curl has
  // removed the others (RFC 3986 6.2.2 decodes first). One more parse removes them; the result
  // then has nothing left to decode, so this happens at most once.
  if (!reparsed && ((path && has_dot_segment(canonical_path)) || may_be_ipv4_number(*host)))
    return parse_canonical(out, true);
  return out;
}

// As browsers do: surrounding whitespace dropped, tabs and newlines inside removed.
std::string clean_reference(std::string_view text) {
  while (!text.empty() && is_c_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_c_space(text.back())) text.remove_suffix(1);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

// curl refuses spaces in URLs unless told; they are escaped later, so accept them here.
constexpr unsigned kSetFlags = kParseFlags | CURLU_ALLOW_SPACE;

bool has_nul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

}  // namespace

bool is_tracking_parameter(std::string_view name) {
  const std::string lower = ascii_lower(name);
  if (lower.starts_with("utm_")) return true;
  static constexpr std::array<std::string_view, 16> kTracking = {
      "fbclid", "gclid", "dclid",   "msclkid",     "yclid",      "igshid",  "mc_cid", "mc_eid",
      "_ga",    "_gl",   "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wt_mc",  "ncid"};
  for (std::string_view t : kTracking) {
    if (lower == t) return true;
  }
  return false;
}

namespace {

std::optional<std::string> parse_canonical(const std::string& url, bool reparsed) {
  const CurluPtr handle(curl_url());
  if (!handle) return std::nullopt;
  if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), kSetFlags) != CURLUE_OK)
    return std::nullopt;
  return canonical_from(handle.get(), reparsed);
}

}  // namespace

std::optional<std::string> normalize_url(std::string_view url) {
  const std::string cleaned = clean_reference(url);
  if (cleaned.empty() || has_nul(url)) return std::nullopt;
  return parse_canonical(cleaned, false);
}

std::optional<std::string> resolve_url(std::string_view base, std::string_view href) {
  if (has_nul(base) || has_nul(href)) return std::nullopt;
  auto canonical_base = normalize_url(base);
  if (!canonical_base) return std::nullopt;
  const std::string reference = clean_reference(href);
  // RFC 3986 5.2.2: an empty reference or a bare fragment is the base document itself; curl
  // 7.88 instead drops the base's last segment and query for these.
  if (reference.empty() || reference.front() == '#') return canonical_base;
  const CurluPtr handle(curl_url());
  if (!handle) return std::nullopt;
  if (curl_url_set(handle.get(), CURLUPART_URL, canonical_base->c_str(), kSetFlags) != CURLUE_OK)
    return std::nullopt;
  if (curl_url_set(handle.get(), CURLUPART_URL, reference.c_str(), kSetFlags) != CURLUE_OK)
    return std::nullopt;
  return canonical_from(handle.get(), false);
}

namespace {

// Offset of the first character after "scheme://" in a normalized URL, or npos.
std::size_t authority_start(std::string_view url) {
  if (url.starts_with("http://")) return 7;
  if (url.starts_with("https://")) return 8;
  return std::string_view::npos;
}

}  // namespace

// A normalized URL has no user info and always a path, so the authority ends at the first '/'
// after the scheme: plain string slicing is exact here.
std::string url_authority(std::string_view normalized_url) {
  const std::size_t start = authority_start(normalized_url);
  if (start == std::string_view::npos) return {};
  const std::size_t slash = normalized_url.find('/', start);
  return std::string(normalized_url.substr(start, slash - start));
}

std::string url_path_and_query(std::string_view normalized_url) {
  const std::size_t start = authority_start(normalized_url);
  if (start == std::string_view::npos) return {};
  const std::size_t slash = normalized_url.find('/', start);
  if (slash == std::string_view::npos) return "/";
  return std::string(normalized_url.substr(slash));
}

}  // namespace gazette
