// The compact encoding shared by lists, hashes and sorted sets: varints and listpacks.
//
// Varints (namespace varint) are unsigned integers in 7-bit groups, low group first, the high bit
// of a byte saying another follows. The keyspace stores key lengths this way; hashtable, set and
// skiplist nodes their field and member lengths (varint::put_string / get_string).
//
// A listpack is ONE malloc'd buffer holding a sequence of elements, each a string or an integer:
//
//   [total bytes u32][entry count u16] entry entry ... [0xFF]          (little endian)
//
// Element encodings (those of Redis's listpack, byte for byte):
//   0xxxxxxx                  integer 0..127
//   10xxxxxx                  string of 0..63 bytes follows
//   110xxxxx xxxxxxxx         integer -4096..4095 (13-bit two's complement, high bits first)
//   1110xxxx xxxxxxxx         string of 0..4095 bytes follows (length high bits first)
//   11110000 + u32            string, 32-bit length
//   0xF1 / 0xF2 / 0xF3 / 0xF4 16 / 24 / 32 / 64-bit signed integer
//   0xFF                      end of the listpack
// An entry is `width` elements followed, when the shape has back-lengths, by the byte length of
// those elements written so that it reads from its last byte backwards (7-bit groups, the high
// bit set on every byte but the first, sized as Redis sizes it). Back-lengths let the buffer be
// walked from either end. The count saturates at 65535 ("unknown": size() then walks).
//
// Three shapes are used:
//   kLpSingles       width 1, back-lengths: lists. Exactly a Redis 7 listpack, so the RDB writer
//                    stores list nodes as they are and the loader reads Redis's blobs with the
//                    same code.
//   kLpPairs         width 2, back-lengths: sorted sets, (member, score) with one back-length per
//                    pair (Redis spends one per element).
//   kLpForwardPairs  width 2, no back-lengths: hashes, (field, value), walked forwards only.
//
// Canonical decimal integers ("42", "-7", not "007" or "+1") may be stored as integers
// (LpValue::from); LpValue::string keeps bytes as bytes when callers need views into the buffer.
// A Listpack is a non-owning handle: edits may move the buffer, and raw() gives its new address.
// No RESP and no I/O here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sable {

namespace varint {

inline size_t size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

inline size_t put(unsigned char* p, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    p[n++] = static_cast<unsigned char>(v | 0x80);
    v >>= 7;
  }
  p[n++] = static_cast<unsigned char>(v);
  return n;
}

inline size_t get(const unsigned char* p, uint64_t* v) {
  uint64_t r = p[0] & 0x7F;
  size_t n = 1;
  if (p[0] & 0x80) {
    int shift = 7;
    while (p[n] & 0x80) {
      r |= static_cast<uint64_t>(p[n++] & 0x7F) << shift;
      shift += 7;
    }
    r |= static_cast<uint64_t>(p[n++]) << shift;
  }
  *v = r;
  return n;
}

// A length-prefixed string, as hashtable, set and skiplist nodes hold fields and members: the
// varint length, then the bytes.
inline size_t string_size(std::string_view s) { return size(s.size()) + s.size(); }
inline size_t put_string(unsigned char* p, std::string_view s) {
  size_t n = put(p, s.size());
  if (!s.empty()) std::memcpy(p + n, s.data(), s.size());
  return n + s.size();
}
inline size_t get_string(const unsigned char* p, std::string_view* out) {
  uint64_t len;
  size_t n = get(p, &len);
  *out = {reinterpret_cast<const char*>(p + n), static_cast<size_t>(len)};
  return n + static_cast<size_t>(len);
}

// Reads a varint from untrusted bytes [p, p + avail): its length, or 0 when truncated or longer
// than 10 bytes.
size_t get_checked(const unsigned char* p, size_t avail, uint64_t* v);

// Backward form (listpack back-lengths). Sizes follow Redis's thresholds exactly, since Redis
// recomputes them when it walks a listpack we wrote.
inline size_t back_size(uint64_t v) {
  if (v <= 127) return 1;
  if (v < 16383) return 2;
  if (v < 2097151) return 3;
  if (v < 268435455) return 4;
  return 5;
}

// Writes back_size(v) bytes at p: the lowest group last, every byte but the first flagged.
inline void back_put(unsigned char* p, uint64_t v) {
  if (v <= 127) {
    p[0] = static_cast<unsigned char>(v);
    return;
  }
  for (size_t i = back_size(v); i-- > 0;) {
    p[i] = static_cast<unsigned char>((v & 0x7F) | (i > 0 ? 0x80 : 0));
    v >>= 7;
  }
}

// Reads the backward varint whose LAST byte is at `last`; *n receives its length in bytes.
inline uint64_t back_get(const unsigned char* last, size_t* n) {
  uint64_t v = 0;
  size_t k = 0;
  for (;;) {
    unsigned char b = *(last - k);
    v |= static_cast<uint64_t>(b & 0x7F) << (7 * k);
    ++k;
    if (!(b & 0x80) || k == 5) break;
  }
  *n = k;
  return v;
}

}  // namespace varint

// One element as read from a listpack: an integer, or a view of bytes inside the buffer (valid
// until the listpack is next modified).
struct LpElem {
  std::string_view str;
  int64_t num = 0;
  bool is_int = false;

  std::string to_string() const;
  // Decimal text of an integer (or the bytes of a string) using `buf` (at least 21 bytes).
  std::string_view view(char* buf) const;
};

// A needle for comparisons (LPOS, LREM, LINSERT …): classified once, so each match is cheap.
// Only valid against listpacks written with LpValue::from (canonical integers always stored as
// integers, so the kinds must agree).
struct LpNeedle {
  explicit LpNeedle(std::string_view s);
  bool matches(const LpElem& e) const {
    if (e.is_int) return is_int && e.num == num;
    return !is_int && e.str == str;
  }

  std::string_view str;
  int64_t num = 0;
  bool is_int = false;
};

// Parses a canonical decimal int64 exactly as listpacks store integers ("-0", "01", "+1" are not):
// Redis's string2ll rules (datatypes/numbers.h parse_int64).
bool parse_int64(std::string_view s, int64_t* out);
inline bool lp_strict_int(std::string_view s, int64_t* out) { return parse_int64(s, out); }

// A value encoded once, ready to be written as one element.
class LpValue {
 public:
  LpValue() = default;
  static LpValue integer(int64_t v);
  static LpValue string(std::string_view s) {
    LpValue e;
    size_t l = s.size();
    if (l < 64) {
      e.hdr_[0] = static_cast<unsigned char>(0x80 | l);
      e.hdr_len_ = 1;
    } else {
      e.long_string_header(l);
    }
    e.payload_ = s;
    return e;
  }
  // An integer when `s` is a canonical int64, else a string.
  static LpValue from(std::string_view s) {
    int64_t v;
    return lp_strict_int(s, &v) ? integer(v) : string(s);
  }

  size_t size() const { return hdr_len_ + payload_.size(); }
  void write(unsigned char* p) const {
    if (hdr_len_ == 1)
      p[0] = hdr_[0];
    else
      std::memcpy(p, hdr_, hdr_len_);
    if (!payload_.empty()) std::memcpy(p + hdr_len_, payload_.data(), payload_.size());
  }

 private:
  void long_string_header(size_t len);

  unsigned char hdr_[9];
  uint8_t hdr_len_ = 0;
  std::string_view payload_;
};

struct LpShape {
  uint8_t width;  // elements per entry (1 or 2)
  bool backlen;   // entries carry back-lengths (walkable backwards)
};
inline constexpr LpShape kLpSingles{1, true};
inline constexpr LpShape kLpPairs{2, true};
inline constexpr LpShape kLpForwardPairs{2, false};

namespace lp {
constexpr size_t kHeader = 6;
constexpr size_t kEmptyBytes = kHeader + 1;
constexpr unsigned char kEof = 0xFF;
constexpr uint16_t kCountUnknown = 0xFFFF;

inline uint32_t total_bytes(const unsigned char* lp) {
  uint32_t v;
  std::memcpy(&v, lp, 4);
  return v;
}
inline uint16_t stored_count(const unsigned char* lp) {
  uint16_t v;
  std::memcpy(&v, lp + 4, 2);
  return v;
}

// Length of the element (header + payload) starting at p. p must not be at the end marker.
inline size_t element_size(const unsigned char* p) {
  unsigned char b = p[0];
  if (b < 0x80) return 1;
  if (b < 0xC0) return 1 + (b & 0x3F);
  if (b < 0xE0) return 2;
  if (b < 0xF0) return 2 + ((static_cast<size_t>(b & 0x0F) << 8) | p[1]);
  switch (b) {
    case 0xF0: {
      uint32_t l;
      std::memcpy(&l, p + 1, 4);
      return 5 + static_cast<size_t>(l);
    }
    case 0xF1:
      return 3;
    case 0xF2:
      return 4;
    case 0xF3:
      return 5;
    default:
      return 9;  // 0xF4
  }
}

// Decodes the element starting at p.
inline LpElem decode(const unsigned char* p) {
  LpElem e;
  unsigned char b = p[0];
  if (b < 0x80) {
    e.is_int = true;
    e.num = b;
  } else if (b < 0xC0) {
    e.str = {reinterpret_cast<const char*>(p + 1), static_cast<size_t>(b & 0x3F)};
  } else if (b < 0xE0) {
    int64_t u = (static_cast<int64_t>(b & 0x1F) << 8) | p[1];
    e.is_int = true;
    e.num = u >= 4096 ? u - 8192 : u;
  } else if (b < 0xF0) {
    size_t l = (static_cast<size_t>(b & 0x0F) << 8) | p[1];
    e.str = {reinterpret_cast<const char*>(p + 2), l};
  } else if (b == 0xF0) {
    uint32_t l;
    std::memcpy(&l, p + 1, 4);
    e.str = {reinterpret_cast<const char*>(p + 5), static_cast<size_t>(l)};
  } else {
    size_t n = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
    uint64_t u = 0;
    for (size_t i = 0; i < n; ++i) u |= static_cast<uint64_t>(p[1 + i]) << (8 * i);
    if (n < 8 && ((u >> (8 * n - 1)) & 1)) u |= ~uint64_t{0} << (8 * n);  // sign-extend
    e.is_int = true;
    e.num = static_cast<int64_t>(u);
  }
  return e;
}

// Reads the element at p as a string into *out and returns its size: for callers that only ever
// store strings (LpValue::string), which can then hand out views into the buffer.
inline size_t read_string(const unsigned char* p, std::string_view* out) {
  unsigned char b = p[0];
  if (b >= 0x80 && b < 0xC0) {
    *out = {reinterpret_cast<const char*>(p + 1), static_cast<size_t>(b & 0x3F)};
    return 1 + out->size();
  }
  *out = decode(p).str;  // longer strings (an integer would read as empty: never stored so)
  return element_size(p);
}
}  // namespace lp

class Listpack {
 public:
  Listpack(unsigned char* lp, LpShape shape) : lp_(lp), shape_(shape) {}
  // A new empty listpack (7 bytes).
  static Listpack create(LpShape shape);

  unsigned char* raw() const { return lp_; }
  LpShape shape() const { return shape_; }
  void destroy();
  Listpack clone() const;

  size_t bytes() const { return lp::total_bytes(lp_); }
  // Number of entries (walks when the stored count saturated).
  size_t size() const {
    uint16_t c = lp::stored_count(lp_);
    return c != lp::kCountUnknown ? c : count_by_walking();
  }
  bool empty() const { return lp_[lp::kHeader] == lp::kEof; }

  // ---- positions: the address of an entry's first byte, or nullptr past either end ----
  unsigned char* first() const { return empty() ? nullptr : lp_ + lp::kHeader; }
  unsigned char* last() const;  // needs back-lengths
  unsigned char* next(const unsigned char* p) const {
    unsigned char* q = const_cast<unsigned char*>(p) + entry_size(p);
    return *q == lp::kEof ? nullptr : q;
  }
  unsigned char* prev(const unsigned char* p) const;  // needs back-lengths
  // Entry number `index` (negative counts from the tail), walking from the nearer end when the
  // shape allows it; nullptr when out of range.
  unsigned char* seek(long long index) const;

  // Element `i` (< width) of the entry at p.
  LpElem get(const unsigned char* p, unsigned i = 0) const {
    if (i) p += lp::element_size(p);
    return lp::decode(p);
  }
  // Bytes of the entry at p, its back-length included.
  size_t entry_size(const unsigned char* p) const {
    size_t n = lp::element_size(p);
    if (shape_.width == 2) n += lp::element_size(p + n);
    return shape_.backlen ? n + varint::back_size(n) : n;
  }
  // Byte offset of a position inside the buffer (stable across edits elsewhere before it).
  size_t offset(const unsigned char* p) const { return static_cast<size_t>(p - lp_); }
  unsigned char* at_offset(size_t off) const { return lp_ + off; }

  // ---- edits: `vals` points at `width` values. They may move the buffer. ----
  // Inserts before the entry at `p` (nullptr: after the last); returns the new entry.
  unsigned char* insert(unsigned char* p, const LpValue* vals);
  void append(const LpValue* vals) { insert(nullptr, vals); }
  void prepend(const LpValue* vals) { insert(first(), vals); }
  // Overwrites the entry at p; returns its (maybe moved) address.
  unsigned char* replace(unsigned char* p, const LpValue* vals);
  // Removes up to `n` entries from p on; returns the entry that followed them, or nullptr.
  unsigned char* erase(unsigned char* p, size_t n = 1);
  // Removes `n` entries from the head or the tail (all when n >= size()).
  void erase_head(size_t n) {
    if (!empty()) erase(first(), n);
  }
  void erase_tail(size_t n);

  // Moves the entries from number `k` on into a new listpack (returned) of the same shape.
  Listpack split(size_t k);
  // Appends the entries of `other` (same shape) and destroys it.
  void merge(Listpack other);

  // Checks the structure (walks both ways, the count, the end marker); for tests.
  bool check() const;
  // Whether bytes [p, p + len) from an untrusted source form a well-formed listpack of `shape`:
  // header, every element's bounds, back-lengths, the end marker, and the count unless unknown.
  // *entries (optional) receives the number of entries.
  static bool validate(const unsigned char* p, size_t len, LpShape shape, size_t* entries);

 private:
  size_t count_by_walking() const;
  void set_bytes(size_t n) {
    uint32_t v = static_cast<uint32_t>(n);
    std::memcpy(lp_, &v, 4);
  }
  // Adjusts the stored count (saturating at "unknown", recounting below it after removals).
  void add_count(long long delta) {
    uint16_t c = lp::stored_count(lp_);
    long long n = static_cast<long long>(c) + delta;
    if (c != lp::kCountUnknown && n < lp::kCountUnknown) {
      uint16_t v = static_cast<uint16_t>(n);
      std::memcpy(lp_ + 4, &v, 2);
      return;
    }
    add_count_slow(delta);
  }
  void add_count_slow(long long delta);
  void resize(size_t n);

  unsigned char* lp_;
  LpShape shape_;
};

}  // namespace sable
