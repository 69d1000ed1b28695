#include "extract/charset.h"

#include <memory>
#include <optional>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include "common/utf8.h"

namespace gazette::extract {
namespace {

struct ConverterCloser {
  void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* detector) const noexcept { ucsdet_close(detector); }
};
using DetectorPtr = std::unique_ptr<UCharsetDetector, DetectorCloser>;

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"' ||
                        s.front() == '\'' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '"' || s.back() == '\'' ||
          s.back() == '\n' || s.back() == '\r' || s.back() == ';')) {
    s.remove_suffix(1);
  }
  return ascii_lower(s);
}

// The value after "charset=" in a Content-Type-like string.
std::string charset_param(std::string_view value) {
  const std::size_t at = ascii_ifind(value, "charset");
  if (at == std::string_view::npos) return {};
  std::size_t i = at + 7;
  while (i < value.size() && is_html_space(value[i])) ++i;
  if (i >= value.size() || value[i] != '=') return {};
  ++i;
  while (i < value.size() && is_html_space(value[i])) ++i;
  char quote = 0;
  if (i < value.size() && (value[i] == '"' || value[i] == '\'')) quote = value[i++];
  const std::size_t start = i;
  while (i < value.size() && value[i] != quote && value[i] != ';' && !is_html_space(value[i]) &&
         (quote != 0 || value[i] != ',')) {
    ++i;
  }
  return std::string(value.substr(start, i - start));
}

// UTF-8 validity summary used to contradict declarations.
struct Utf8Stats {
  std::size_t multibyte = 0;
  std::size_t invalid = 0;
};

Utf8Stats utf8_stats(std::string_view text, std::size_t limit) {
  Utf8Stats stats;
  std::string_view rest = text.substr(0, std::min(limit, text.size()));
  std::size_t pos = 0;
  while (pos < rest.size()) {
    const auto bad = first_invalid_utf8(rest.substr(pos));
    const std::size_t stop = bad ? pos + *bad : rest.size();
    for (std::size_t i = pos; i < stop; ++i) {
      const auto c = static_cast<unsigned char>(rest[i]);
      if (c >= 0xC0) ++stats.multibyte;
    }
    if (!bad) break;
    // A sequence cut by the sample limit is not evidence of anything.
    if (stop + 4 >= rest.size() && rest.size() < text.size()) break;
    ++stats.invalid;
    pos = stop + 1;
  }
  return stats;
}

bool is_utf8_name(std::string_view name) { return name == "UTF-8"; }

bool is_latin_single_byte(std::string_view name) {
  return name == "windows-1252" || name == "ISO-8859-15" || name == "US-ASCII";
}

std::string convert_with_icu(std::string_view bytes, const std::string& charset, bool* ok) {
  *ok = false;
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status) || !converter) return {};
  std::u16string wide;
  wide.resize(bytes.size() * 2 + 16);
  status = U_ZERO_ERROR;
  int32_t wide_len = ucnv_toUChars(converter.get(), wide.data(), static_cast<int32_t>(wide.size()),
                                   bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    wide.resize(static_cast<std::size_t>(wide_len) + 1);
    status = U_ZERO_ERROR;
    wide_len = ucnv_toUChars(converter.get(), wide.data(), static_cast<int32_t>(wide.size()),
                             bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  }
  if (U_FAILURE(status)) return {};
  std::string out;
  out.resize(static_cast<std::size_t>(wide_len) * 3 + 16);
  int32_t out_len = 0;
  int32_t substitutions = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &out_len, wide.data(), wide_len,
                     0xFFFD, &substitutions, &status);
  if (U_FAILURE(status)) return {};
  out.resize(static_cast<std::size_t>(out_len));
  *ok = true;
  return out;
}

std::string detect_with_icu(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  DetectorPtr detector(ucsdet_open(&status));
  if (U_FAILURE(status) || !detector) return {};
  const std::string_view sample = bytes.substr(0, std::min<std::size_t>(bytes.size(), 65536));
  ucsdet_enableInputFilter(detector.get(), true);
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  if (U_FAILURE(status)) return {};
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || match == nullptr) return {};
  const char* name = ucsdet_getName(match, &status);
  if (U_FAILURE(status) || name == nullptr) return {};
  return canonical_charset(name);
}

}  // namespace

std::string_view to_string(CharsetSource source) {
  switch (source) {
    case CharsetSource::kBom:
      return "bom";
    case CharsetSource::kHttp:
      return "http";
    case CharsetSource::kMeta:
      return "meta";
    case CharsetSource::kDetected:
      return "detected";
    case CharsetSource::kDefault:
      return "default";
  }
  return "default";
}

std::string charset_from_content_type(std::string_view content_type) {
  return charset_param(content_type);
}

std::string prescan_meta_charset(std::string_view bytes, std::size_t max_bytes) {
  const std::string_view head = bytes.substr(0, std::min(max_bytes, bytes.size()));
  std::size_t pos = 0;
  while ((pos = ascii_ifind(head, "<meta", pos)) != std::string_view::npos) {
    std::size_t i = pos + 5;
    pos = i;
    if (i < head.size() && !is_html_space(head[i]) && head[i] != '/') continue;
    std::string charset, http_equiv, content;
    while (i < head.size() && head[i] != '>') {
      while (i < head.size() && (is_html_space(head[i]) || head[i] == '/')) ++i;
      const std::size_t name_start = i;
      while (i < head.size() && head[i] != '=' && head[i] != '>' && !is_html_space(head[i]) &&
             head[i] != '/') {
        ++i;
      }
      const std::string name = lower_trimmed(head.substr(name_start, i - name_start));
      while (i < head.size() && is_html_space(head[i])) ++i;
      std::string value;
      if (i < head.size() && head[i] == '=') {
        ++i;
        while (i < head.size() && is_html_space(head[i])) ++i;
        if (i < head.size() && (head[i] == '"' || head[i] == '\'')) {
          const char quote = head[i++];
          const std::size_t start = i;
          while (i < head.size() && head[i] != quote) ++i;
          value = std::string(head.substr(start, i - start));
          if (i < head.size()) ++i;
        } else {
          const std::size_t start = i;
          while (i < head.size() && !is_html_space(head[i]) && head[i] != '>') ++i;
          value = std::string(head.substr(start, i - start));
        }
      }
      if (name.empty() && i == name_start) {
        ++i;  // stray character: make progress
        continue;
      }
      if (name == "charset") charset = value;
      if (name == "http-equiv") http_equiv = lower_trimmed(value);
      if (name == "content") content = value;
    }
    if (!charset.empty()) return lower_trimmed(charset);
    if (http_equiv == "content-type") {
      std::string from_content = charset_param(content);
      if (!from_content.empty()) return lower_trimmed(from_content);
    }
  }
  return {};
}

std::string canonical_charset(std::string_view label) {
  const std::string name = lower_trimmed(label);
  if (name.empty()) return {};
  if (name == "utf-8" || name == "utf8" || name == "unicode-1-1-utf-8" || name == "x-unicode20utf8")
    return "UTF-8";
  if (name == "iso-8859-1" || name == "iso8859-1" || name == "latin1" || name == "latin-1" ||
      name == "l1" || name == "us-ascii" || name == "ascii" || name == "cp1252" ||
      name == "windows-1252" || name == "x-cp1252" || name == "iso_8859-1" || name == "cp819" ||
      name == "ibm819" || name == "iso-ir-100" || name == "ansi_x3.4-1968")
    return "windows-1252";
  if (name == "shift_jis" || name == "shift-jis" || name == "sjis" || name == "x-sjis" ||
      name == "ms_kanji" || name == "windows-31j" || name == "cp932")
    return "windows-31j";
  if (name == "gb2312" || name == "gbk" || name == "x-gbk" || name == "cp936" ||
      name == "gb_2312-80")
    return "GBK";
  if (name == "euc-kr" || name == "ks_c_5601-1987" || name == "windows-949") return "windows-949";
  if (name == "tis-620" || name == "iso-8859-11" || name == "windows-874") return "windows-874";
  if (name == "iso-8859-9" || name == "latin5" || name == "windows-1254") return "windows-1254";
  UErrorCode status = U_ZERO_ERROR;
  const char* canonical = ucnv_getCanonicalName(name.c_str(), "", &status);
  if (U_SUCCESS(status) && canonical != nullptr && *canonical != '\0') {
    // Confirm that a converter can actually be opened.
    status = U_ZERO_ERROR;
    ConverterPtr converter(ucnv_open(canonical, &status));
    if (U_SUCCESS(status) && converter) {
      const std::string_view c(canonical);
      if (c == "UTF-8") return "UTF-8";
      return std::string(c);
    }
  }
  status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(name.c_str(), &status));
  if (U_SUCCESS(status) && converter) {
    // ICU matches labels loosely ("i]so-8859-1" opens ISO-8859-1): name what was opened as the
    // rules above would, so that the name returned is itself canonical.
    const char* opened = ucnv_getName(converter.get(), &status);
    if (U_SUCCESS(status) && opened != nullptr) {
      return lower_trimmed(opened) == name ? std::string(opened) : canonical_charset(opened);
    }
  }
  return {};
}

std::string sanitize_utf8(std::string_view text, std::size_t* replaced) {
  std::size_t count = 0;
  std::string out;
  auto bad = first_invalid_utf8(text);
  if (!bad) {
    out.assign(text);
  } else {
    out.reserve(text.size() + 16);
    std::string_view rest = text;
    while (bad) {
      out.append(rest.substr(0, *bad));
      out.append("\xEF\xBF\xBD");
      ++count;
      // Skip the lead byte and any continuation bytes that follow it.
      std::size_t skip = *bad + 1;
      while (skip < rest.size() && skip < *bad + 4 &&
             (static_cast<unsigned char>(rest[skip]) & 0xC0) == 0x80) {
        ++skip;
      }
      rest.remove_prefix(skip);
      bad = first_invalid_utf8(rest);
    }
    out.append(rest);
  }
  if (replaced != nullptr) *replaced = count;
  return out;
}

DecodedHtml decode_html(std::string_view bytes, std::string_view content_type) {
  DecodedHtml result;
  std::string charset;
  // 1. Byte-order mark.
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    charset = "UTF-8";
    result.source = CharsetSource::kBom;
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
    bytes.remove_prefix(2);
    charset = "UTF-16LE";
    result.source = CharsetSource::kBom;
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
    bytes.remove_prefix(2);
    charset = "UTF-16BE";
    result.source = CharsetSource::kBom;
  }
  // 2. HTTP header, 3. <meta>.
  if (charset.empty()) {
    charset = canonical_charset(charset_from_content_type(content_type));
    if (!charset.empty()) result.source = CharsetSource::kHttp;
  }
  if (charset.empty()) {
    charset = canonical_charset(prescan_meta_charset(bytes));
    // A page that reached us as bytes cannot be UTF-16 if its <meta> was readable as ASCII.
    if (charset.rfind("UTF-16", 0) == 0 || charset.rfind("UTF-32", 0) == 0) charset = "UTF-8";
    if (!charset.empty()) result.source = CharsetSource::kMeta;
  }
  // Declarations that the bytes clearly contradict.
  if (!charset.empty() && result.source != CharsetSource::kBom) {
    if (is_utf8_name(charset)) {
      const Utf8Stats stats = utf8_stats(bytes, 1 << 20);
      if (stats.invalid > 0 && stats.multibyte == 0) {
        charset.clear();
      }
    } else if (is_latin_single_byte(charset)) {
      const Utf8Stats stats = utf8_stats(bytes, 1 << 20);
      if (stats.invalid == 0 && stats.multibyte > 0) {
        charset = "UTF-8";
        result.source = CharsetSource::kDetected;
      }
    }
  }
  // 4. Detection.
  if (charset.empty()) {
    result.source = CharsetSource::kDetected;
    if (!first_invalid_utf8(bytes)) {
      charset = "UTF-8";
    } else {
      charset = detect_with_icu(bytes);
      if (charset.empty() || charset.rfind("UTF-16", 0) == 0 || charset.rfind("UTF-32", 0) == 0 ||
          is_utf8_name(charset)) {
        charset = "windows-1252";
        result.source = CharsetSource::kDefault;
      }
    }
  }
  result.charset = charset;
  if (is_utf8_name(charset)) {
    result.utf8 = sanitize_utf8(bytes, &result.replaced);
    return result;
  }
  bool ok = false;
  result.utf8 = convert_with_icu(bytes, charset, &ok);
  if (!ok) {
    result.charset = "UTF-8";
    result.source = CharsetSource::kDefault;
    result.utf8 = sanitize_utf8(bytes, &result.replaced);
  } else {
    // ICU substitutes invalid input; make sure nothing invalid can slip through regardless.
    if (first_invalid_utf8(result.utf8)) result.utf8 = sanitize_utf8(result.utf8, nullptr);
  }
  return result;
}

}  // namespace gazette::extract
