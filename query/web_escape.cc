#include "query/web_escape.h"

#include "common/utf8.h"

namespace gazette::query {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of a character XML 1.0 forbids at `text[i]` (C0 controls other than tab, LF and
// CR; U+FFFE and U+FFFF, EF BF BE and EF BF BF), or 0.
std::size_t xml_forbidden_at(std::string_view text, std::size_t i) {
  if (static_cast<unsigned char>(text[i]) < 0x20 && !is_http_space(text[i])) return 1;
  const bool noncharacter = text.substr(i, 2) == "\xEF\xBF" && i + 2 < text.size() &&
                            (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE;
  return noncharacter ? 3 : 0;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (const std::size_t forbidden = xml_forbidden_at(text, i)) {
      out += kReplacement;
      i += forbidden - 1;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string xml_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (const std::size_t forbidden = xml_forbidden_at(text, i)) {
      out += kReplacement;
      i += forbidden - 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string terminal_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (is_http_space(text[i])) {
      out += ' ';
    } else if (b < 0x20 || b == 0x7F) {
      out += kReplacement;
    } else if (b == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += kReplacement;  // C1 controls, U+0080..U+009F (CSI is U+009B)
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3 / 2);
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    const bool unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                            (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' || b == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += '&';
    out += percent_encode(key);
    out += '=';
    out += percent_encode(value);
  }
  return out;
}

bool is_web_url(std::string_view url) {
  const std::string head = ascii_lower(url.substr(0, 8));
  return head.starts_with("http://") || head.starts_with("https://");
}

}  // namespace gazette::query
