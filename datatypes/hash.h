// A fast seeded 64-bit hash for table lookups. The seed is randomised at start-up so that clients
// cannot precompute colliding keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sable {

extern uint64_t g_hash_seed;

namespace detail {
inline uint64_t mum(uint64_t a, uint64_t b) {
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}
inline uint64_t load64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
}  // namespace detail

inline uint64_t hash_bytes(std::string_view key, uint64_t seed = g_hash_seed) {
  constexpr uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL,
                     k2 = 0x8ebc6af09c88c6e3ULL, k3 = 0x589965cc75374cc3ULL;
  const auto* p = reinterpret_cast<const unsigned char*>(key.data());
  size_t n = key.size();
  uint64_t h = seed ^ k0 ^ (n * k3);
  while (n >= 16) {
    h = detail::mum(detail::load64(p) ^ k1, detail::load64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  if (n >= 8) {
    h = detail::mum(detail::load64(p) ^ k1, h ^ k2);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t t = 0;
    std::memcpy(&t, p, n);
    h = detail::mum(t ^ k2, h ^ k3);
  }
  return detail::mum(h ^ k0, h ^ k1);
}

}  // namespace sable
