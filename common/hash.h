// Small, stable, non-cryptographic hashes: the same value on every machine and in every build
// (std::hash promises neither), for identities that are stored or shared between processes.
#pragma once

#include <cstdint>
#include <string_view>

namespace gazette {

inline constexpr std::uint64_t kFnv1aOffset = 0xcbf29ce484222325ULL;

// FNV-1a, 64 bits, from the given offset basis (another basis gives an independent hash).
[[nodiscard]] constexpr std::uint64_t fnv1a64(std::string_view bytes,
                                              std::uint64_t basis = kFnv1aOffset) {
  std::uint64_t h = basis;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// A final mix (splitmix64's) so that every output bit depends on every input bit.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

}  // namespace gazette
