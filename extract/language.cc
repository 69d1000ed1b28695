#include "extract/language.h"

#include <algorithm>

#include <cld2/public/compact_lang_det.h>

namespace gazette::extract {

std::string detect_language(std::string_view utf8) {
  constexpr std::size_t kMinBytes = 40;
  constexpr std::size_t kMaxBytes = 20000;
  if (utf8.size() < kMinBytes) return {};
  std::string_view sample = utf8.substr(0, std::min(utf8.size(), kMaxBytes));
  // Do not cut a UTF-8 sequence in two.
  while (!sample.empty() && (static_cast<unsigned char>(utf8[sample.size()]) & 0xC0) == 0x80 &&
         sample.size() < utf8.size()) {
    sample.remove_suffix(1);
  }
  bool reliable = false;
  const CLD2::Language language = CLD2::DetectLanguage(
      sample.data(), static_cast<int>(sample.size()), /*is_plain_text=*/true, &reliable);
  if (!reliable || language == CLD2::UNKNOWN_LANGUAGE) return {};
  std::string code = CLD2::LanguageCode(language);
  const std::size_t dash = code.find('-');
  if (dash != std::string::npos) code.resize(dash);
  if (code.size() != 2) return {};
  return code;
}

}  // namespace gazette::extract
