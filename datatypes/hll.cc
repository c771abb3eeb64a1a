// HyperLogLog registers, their two encodings and the estimator (see hll.h).
#include "datatypes/hll.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace sable::hll {

namespace {

constexpr int kP = 14;
constexpr int kQ = 64 - kP;
constexpr uint64_t kSeed = 0xadc83b19ULL;
constexpr int kSparseValMax = 32, kSparseValRun = 4, kZeroRun = 64, kXZeroRun = 16384;
constexpr double kAlphaInf = 0.721347520444481703680;  // 1 / (2 ln 2)

// MurmurHash64A, the 64-bit hash Redis's HyperLogLog uses (little-endian blocks).
uint64_t murmur64a(const unsigned char* data, size_t len, uint64_t seed) {
  const uint64_t m = 0xc6a4a7935bd1e995ULL;
  const int r = 47;
  uint64_t h = seed ^ (len * m);
  size_t blocks = len / 8;
  for (size_t i = 0; i < blocks; ++i) {
    uint64_t k = 0;
    for (int b = 7; b >= 0; --b) k = (k << 8) | data[i * 8 + static_cast<size_t>(b)];
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
  }
  const unsigned char* tail = data + blocks * 8;
  size_t rest = len & 7;
  if (rest) {
    for (size_t i = rest; i-- > 0;) h ^= static_cast<uint64_t>(tail[i]) << (8 * i);
    h *= m;
  }
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}

// The register an element falls in and the value it offers.
void locate(std::string_view e, int* index, int* value) {
  uint64_t h = murmur64a(reinterpret_cast<const unsigned char*>(e.data()), e.size(), kSeed);
  *index = static_cast<int>(h & (kRegisters - 1));
  h >>= kP;
  h |= uint64_t{1} << kQ;  // the loop below stops by bit Q at the latest
  int count = 1;
  while (!(h & 1)) {
    ++count;
    h >>= 1;
  }
  *value = count;
}

unsigned char* regs_of(std::string* s) {
  return reinterpret_cast<unsigned char*>(s->data()) + kHeaderSize;
}
const unsigned char* regs_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data()) + kHeaderSize;
}

int dense_get(const unsigned char* r, int i) {
  size_t bit = static_cast<size_t>(i) * 6, byte = bit / 8;
  unsigned fb = bit & 7;
  unsigned v = r[byte] >> fb;
  if (fb > 2) v |= static_cast<unsigned>(r[byte + 1]) << (8 - fb);
  return static_cast<int>(v & 63);
}

void dense_set(unsigned char* r, int i, int value) {
  size_t bit = static_cast<size_t>(i) * 6, byte = bit / 8;
  unsigned fb = bit & 7;
  unsigned v = static_cast<unsigned>(value);
  r[byte] = static_cast<unsigned char>((r[byte] & ~(63u << fb)) | (v << fb));
  if (fb > 2)
    r[byte + 1] = static_cast<unsigned char>((r[byte + 1] & ~(63u >> (8 - fb))) | (v >> (8 - fb)));
}

// Every register of a dense body, four at a time from each three bytes (the 6-bit registers
// packed least significant bits first): fn(first index, four values).
template <typename Fn>
void dense_each4(const unsigned char* r, Fn fn) {
  for (int i = 0; i < kRegisters; i += 4, r += 3) {
    unsigned w = r[0] | (static_cast<unsigned>(r[1]) << 8) | (static_cast<unsigned>(r[2]) << 16);
    fn(i, static_cast<uint8_t>(w & 63), static_cast<uint8_t>((w >> 6) & 63),
       static_cast<uint8_t>((w >> 12) & 63), static_cast<uint8_t>(w >> 18));
  }
}

bool is_xzero(unsigned char b) { return (b & 0xC0) == 0x40; }
bool is_zero(unsigned char b) { return (b & 0xC0) == 0; }
bool is_val(unsigned char b) { return b & 0x80; }
int zero_len(unsigned char b) { return (b & 0x3F) + 1; }
int xzero_len(unsigned char b0, unsigned char b1) { return (((b0 & 0x3F) << 8) | b1) + 1; }
int val_value(unsigned char b) { return ((b >> 2) & 0x1F) + 1; }
int val_len(unsigned char b) { return (b & 0x3) + 1; }
unsigned char val_op(int value, int len) {
  return static_cast<unsigned char>(0x80 | ((value - 1) << 2) | (len - 1));
}
void put_zeros(std::string* out, int len) {
  while (len > 0) {
    if (len <= kZeroRun) {
      out->push_back(static_cast<char>(len - 1));
      return;
    }
    int n = std::min(len, kXZeroRun);
    out->push_back(static_cast<char>(0x40 | ((n - 1) >> 8)));
    out->push_back(static_cast<char>((n - 1) & 0xFF));
    len -= n;
  }
}

// Walks the sparse opcodes: fn(first register, run length, value) for each run; false when the
// opcodes are cut short or cover other than exactly kRegisters registers.
template <typename Fn>
bool walk_sparse(std::string_view s, Fn fn) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + kHeaderSize;
  const auto* end = reinterpret_cast<const unsigned char*>(s.data()) + s.size();
  int idx = 0;
  while (p < end) {
    int len, value = 0;
    if (is_xzero(*p)) {
      if (p + 1 >= end) return false;
      len = xzero_len(p[0], p[1]);
      p += 2;
    } else if (is_zero(*p)) {
      len = zero_len(*p);
      ++p;
    } else {
      len = val_len(*p);
      value = val_value(*p);
      ++p;
    }
    if (idx + len > kRegisters) return false;
    fn(idx, len, value);
    idx += len;
  }
  return idx == kRegisters;
}

void set_header(std::string* s, bool dense) { (*s)[4] = dense ? 0 : 1; }

}  // namespace

std::string create() {
  std::string s("HYLL", 4);
  s.append(12, '\0');
  s[4] = 1;  // sparse
  put_zeros(&s, kRegisters);
  return s;
}

bool looks_valid(std::string_view s) {
  if (s.size() < kHeaderSize || s.compare(0, 4, "HYLL") != 0) return false;
  unsigned char enc = static_cast<unsigned char>(s[4]);
  if (enc > 1) return false;
  return enc == 1 || s.size() == kDenseSize;
}

bool is_sparse(std::string_view s) { return s.size() > 4 && s[4] == 1; }

bool to_dense(std::string* s) {
  if (!is_sparse(*s)) return true;
  std::string d(s->substr(0, kHeaderSize));
  d.resize(kDenseSize, '\0');
  unsigned char* r = regs_of(&d);
  bool ok = walk_sparse(*s, [&](int first, int len, int value) {
    if (value)
      for (int i = 0; i < len; ++i) dense_set(r, first + i, value);
  });
  if (!ok) return false;
  set_header(&d, true);
  *s = std::move(d);
  return true;
}

namespace {

// Sets register `index` to `value` in a sparse string (the value is at most kSparseValMax):
// splits the run holding the register into at most three runs, then joins VAL runs of the same
// value next to the change. 1 when changed, 0 when the register held as much, -1 when corrupt,
// 2 when the result would pass `max_bytes` (the caller converts to dense).
int sparse_set(std::string* s, int index, int value, size_t max_bytes) {
  auto* base = reinterpret_cast<unsigned char*>(s->data());
  size_t p = kHeaderSize, end = s->size(), prev = 0;
  bool have_prev = false;
  int first = 0, span = 0;
  size_t oplen = 0;
  while (p < end) {
    oplen = is_xzero(base[p]) ? 2 : 1;
    if (p + oplen > end) return -1;
    span = is_xzero(base[p])  ? xzero_len(base[p], base[p + 1])
           : is_zero(base[p]) ? zero_len(base[p])
                              : val_len(base[p]);
    if (index <= first + span - 1) break;
    prev = p;
    have_prev = true;
    p += oplen;
    first += span;
  }
  if (p >= end) return -1;
  unsigned char op = base[p];
  bool val = is_val(op);
  if (val) {
    int old = val_value(op);
    if (old >= value) return 0;
    if (span == 1) {
      base[p] = val_op(value, 1);
      goto merge;
    }
  } else if (is_zero(op) && span == 1) {
    base[p] = val_op(value, 1);
    goto merge;
  }
  {
    int last = first + span - 1;
    std::string seq;
    if (val) {
      int old = val_value(op);
      if (index != first) seq.push_back(static_cast<char>(val_op(old, index - first)));
      seq.push_back(static_cast<char>(val_op(value, 1)));
      if (index != last) seq.push_back(static_cast<char>(val_op(old, last - index)));
    } else {
      if (index != first) put_zeros(&seq, index - first);
      seq.push_back(static_cast<char>(val_op(value, 1)));
      if (index != last) put_zeros(&seq, last - index);
    }
    if (seq.size() > oplen && s->size() + (seq.size() - oplen) > max_bytes) return 2;
    s->replace(p, oplen, seq);
    base = reinterpret_cast<unsigned char*>(s->data());
    end = s->size();
  }
merge : {
  // Join neighbouring VAL runs of one value, scanning a few opcodes from the one before.
  size_t q = have_prev ? prev : kHeaderSize;
  int scan = 5;
  while (q < end && scan--) {
    if (is_xzero(base[q])) {
      q += 2;
      continue;
    }
    if (is_zero(base[q])) {
      ++q;
      continue;
    }
    if (q + 1 < end && is_val(base[q + 1]) && val_value(base[q]) == val_value(base[q + 1])) {
      int len = val_len(base[q]) + val_len(base[q + 1]);
      if (len <= kSparseValRun) {
        base[q] = val_op(val_value(base[q]), len);
        s->erase(q + 1, 1);
        base = reinterpret_cast<unsigned char*>(s->data());
        end = s->size();
        continue;
      }
    }
    ++q;
  }
}
  return 1;
}

}  // namespace

int set_register(std::string* s, int index, int value, size_t sparse_max_bytes) {
  if (is_sparse(*s)) {
    if (value <= kSparseValMax) {
      int r = sparse_set(s, index, value, sparse_max_bytes);
      if (r != 2) {
        if (r == 1) invalidate_cache(s);
        return r;
      }
    }
    if (!to_dense(s)) return -1;
  }
  unsigned char* r = regs_of(s);
  if (dense_get(r, index) >= value) return 0;
  dense_set(r, index, value);
  invalidate_cache(s);
  return 1;
}

int add(std::string* s, std::string_view element, size_t sparse_max_bytes) {
  int index, value;
  locate(element, &index, &value);
  return set_register(s, index, value, sparse_max_bytes);
}

int add_dense(unsigned char* s, std::string_view element) {
  int index, value;
  locate(element, &index, &value);
  unsigned char* r = s + kHeaderSize;
  if (dense_get(r, index) >= value) return 0;
  dense_set(r, index, value);
  s[15] |= 0x80;  // the cached count is stale
  return 1;
}

void set_cached_count(unsigned char* s, uint64_t count) {
  for (int i = 0; i < 8; ++i) s[8 + i] = static_cast<unsigned char>((count >> (8 * i)) & 0xFF);
}

bool registers(std::string_view s, uint8_t* regs) {
  if (!is_sparse(s)) {
    if (s.size() != kDenseSize) return false;
    dense_each4(regs_of(s), [regs](int i, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
      regs[i] = a;
      regs[i + 1] = b;
      regs[i + 2] = c;
      regs[i + 3] = d;
    });
    return true;
  }
  return walk_sparse(s, [&](int first, int len, int value) {
    for (int i = 0; i < len; ++i) regs[first + i] = static_cast<uint8_t>(value);
  });
}

bool merge_into(uint8_t* max, std::string_view s) {
  if (!is_sparse(s)) {
    if (s.size() != kDenseSize) return false;
    dense_each4(regs_of(s), [max](int i, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
      max[i] = std::max(max[i], a);
      max[i + 1] = std::max(max[i + 1], b);
      max[i + 2] = std::max(max[i + 2], c);
      max[i + 3] = std::max(max[i + 3], d);
    });
    return true;
  }
  return walk_sparse(s, [&](int first, int len, int value) {
    for (int i = 0; i < len; ++i)
      if (value > max[first + i]) max[first + i] = static_cast<uint8_t>(value);
  });
}

namespace {

// The two series of Ertl's estimator ("New cardinality estimation algorithms for HyperLogLog
// sketches", 2017), summed until the terms no longer change the total.
double sigma(double x) {
  if (x == 1.0) return INFINITY;
  double y = 1.0, z = x, prev;
  do {
    x *= x;
    prev = z;
    z += x * y;
    y += y;
  } while (prev != z);
  return z;
}

double tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1.0, z = 1.0 - x, prev;
  do {
    x = std::sqrt(x);
    prev = z;
    y *= 0.5;
    z -= (1.0 - x) * (1.0 - x) * y;
  } while (prev != z);
  return z / 3.0;
}

}  // namespace

uint64_t estimate(const uint8_t* regs) {
  // Four partial histograms, so consecutive registers of one value do not wait on each other.
  int part[4][64] = {};
  for (int i = 0; i < kRegisters; i += 4) {
    ++part[0][regs[i] & 63];
    ++part[1][regs[i + 1] & 63];
    ++part[2][regs[i + 2] & 63];
    ++part[3][regs[i + 3] & 63];
  }
  int histo[64];
  for (int j = 0; j < 64; ++j) histo[j] = part[0][j] + part[1][j] + part[2][j] + part[3][j];
  double m = kRegisters;
  double z = m * tau((m - histo[kQ + 1]) / m);
  for (int j = kQ; j >= 1; --j) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * sigma(histo[0] / m);
  return static_cast<uint64_t>(std::llroundl(kAlphaInf * m * m / z));
}

bool cached_count(std::string_view s, uint64_t* out) {
  if (static_cast<unsigned char>(s[15]) & 0x80) return false;
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[8 + i]);
  *out = v;
  return true;
}

void set_cached_count(std::string* s, uint64_t count) {
  set_cached_count(reinterpret_cast<unsigned char*>(s->data()), count);
}

void invalidate_cache(std::string* s) {
  (*s)[15] = static_cast<char>(static_cast<unsigned char>((*s)[15]) | 0x80);
}

bool decode_sparse(std::string_view s, std::string* out) {
  if (!is_sparse(s)) return false;
  out->clear();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + kHeaderSize;
  const auto* end = reinterpret_cast<const unsigned char*>(s.data()) + s.size();
  while (p < end) {
    if (is_xzero(*p)) {
      if (p + 1 >= end) return false;
      *out += "Z:" + std::to_string(xzero_len(p[0], p[1])) + " ";
      p += 2;
    } else if (is_zero(*p)) {
      *out += "z:" + std::to_string(zero_len(*p)) + " ";
      ++p;
    } else {
      *out += "v:" + std::to_string(val_value(*p)) + "," + std::to_string(val_len(*p)) + " ";
      ++p;
    }
  }
  while (!out->empty() && out->back() == ' ') out->pop_back();
  return true;
}

std::string self_test() {
  // Registers: every value at every position survives its neighbours being set.
  std::string d(kDenseSize, '\0');
  std::memcpy(d.data(), "HYLL", 4);
  std::mt19937 rng(12345);
  std::vector<uint8_t> want(kRegisters);
  for (int round = 0; round < 4; ++round) {
    for (int i = 0; i < kRegisters; ++i) {
      want[i] = static_cast<uint8_t>(rng() & 63);
      dense_set(regs_of(&d), i, want[i]);
    }
    for (int i = 0; i < kRegisters; ++i)
      if (dense_get(regs_of(&d), i) != want[i])
        return "TESTFAILED Register error at " + std::to_string(i);
  }
  // Estimates: sparse and dense agree, and the error stays within five standard errors.
  std::string sparse = create(), dense = create();
  to_dense(&dense);
  double rel = 1.04 / std::sqrt(static_cast<double>(kRegisters));
  uint8_t regs[kRegisters];
  for (uint64_t n = 1; n <= 50000; ++n) {
    std::string e = "elem:" + std::to_string(n);
    add(&sparse, e, 3000);
    add(&dense, e, 3000);
    if (n % 5000 != 0 && n > 100) continue;
    uint8_t r2[kRegisters];
    if (!registers(sparse, regs) || !registers(dense, r2) || std::memcmp(regs, r2, sizeof(regs)))
      return "TESTFAILED sparse and dense registers differ at n=" + std::to_string(n);
    double got = static_cast<double>(estimate(regs));
    double err = std::fabs(got - static_cast<double>(n));
    if (err > static_cast<double>(n) * rel * 5 + 1)
      return "TESTFAILED too big error. card:" + std::to_string(n) +
             " abserr:" + std::to_string(err);
  }
  return {};
}

}  // namespace sable::hll
