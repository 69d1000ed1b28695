// Fingerprints of an article's text, for finding the same article twice: an exact hash of the
// normalised text and a simhash for near-duplicates (the same story with a changed line).
// Normalising lower-cases ASCII letters and keeps only words (runs of ASCII letters and digits
// and non-ASCII bytes), so whitespace, punctuation and case changes do not change either value.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::extract {

// The words of `text`, normalised as above.
[[nodiscard]] std::vector<std::string_view> fingerprint_words(std::string_view text,
                                                              std::string& storage);

// 16 lower-case hex digits of a 64-bit hash of the normalised text; "" when it has no words.
[[nodiscard]] std::string content_hash(std::string_view text);

// A 64-bit simhash over shingles of three consecutive normalised words (texts of one or two words
// use one shingle). Texts that differ in a few words differ in few bits; nullopt when `text` has
// no words.
[[nodiscard]] std::optional<std::uint64_t> simhash(std::string_view text);

struct Fingerprint {
  std::string content_hash;              // as content_hash()
  std::optional<std::uint64_t> simhash;  // as simhash()
};

// Both fingerprints, normalising the text once.
[[nodiscard]] Fingerprint fingerprint(std::string_view text);

// The number of bits in which two simhashes differ.
[[nodiscard]] int hamming_distance(std::uint64_t a, std::uint64_t b);

}  // namespace gazette::extract
