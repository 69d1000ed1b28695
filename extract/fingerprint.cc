#include "extract/fingerprint.h"

#include <algorithm>
#include <array>
#include <bit>

#include <fmt/format.h>

#include "common/hash.h"
#include "common/utf8.h"

namespace gazette::extract {
namespace {

constexpr std::size_t kShingleWords = 3;

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// FNV-1a over the bytes, then a strong final mix so that every bit depends on all.
std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed) {
  return mix64(fnv1a64(bytes, kFnv1aOffset ^ seed));
}

}  // namespace

std::vector<std::string_view> fingerprint_words(std::string_view text, std::string& storage) {
  storage.clear();
  storage.reserve(text.size() + 1);
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t start = 0;
  bool in_word = false;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_word_byte(c)) {
      if (!in_word) {
        if (!storage.empty()) storage += ' ';
        start = storage.size();
        in_word = true;
      }
      storage += ascii_lower(ch);
    } else if (in_word) {
      spans.emplace_back(start, storage.size() - start);
      in_word = false;
    }
  }
  if (in_word) spans.emplace_back(start, storage.size() - start);
  std::vector<std::string_view> words;
  words.reserve(spans.size());
  const std::string_view all(storage);
  for (const auto& [offset, length] : spans) words.push_back(all.substr(offset, length));
  return words;
}

Fingerprint fingerprint(std::string_view text) {
  std::string storage;
  const auto words = fingerprint_words(text, storage);
  if (words.empty()) return {};
  Fingerprint out;
  out.content_hash = fmt::format("{:016x}", hash_bytes(storage, 0));
  // Per bit, how many shingle hashes have it set; a bit of the simhash is set when most do.
  std::array<std::uint32_t, 64> ones{};
  const std::size_t shingles = words.size() < kShingleWords ? 1 : words.size() - kShingleWords + 1;
  const std::size_t width = std::min(words.size(), kShingleWords);
  for (std::size_t i = 0; i < shingles; ++i) {
    // The shingle is the run of `width` words as they sit in `storage` (joined by spaces).
    const char* begin = words[i].data();
    const char* end = words[i + width - 1].data() + words[i + width - 1].size();
    const std::uint64_t h =
        hash_bytes(std::string_view(begin, static_cast<std::size_t>(end - begin)), 1);
    for (std::size_t bit = 0; bit < 64; ++bit)
      ones[bit] += static_cast<std::uint32_t>((h >> bit) & 1U);
  }
  std::uint64_t result = 0;
  for (std::size_t bit = 0; bit < 64; ++bit) {
    if (2 * static_cast<std::size_t>(ones[bit]) > shingles) result |= std::uint64_t{1} << bit;
  }
  out.simhash = result;
  return out;
}

std::string content_hash(std::string_view text) { return fingerprint(text).content_hash; }

std::optional<std::uint64_t> simhash(std::string_view text) { return fingerprint(text).simhash; }

int hamming_distance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

}  // namespace gazette::extract
