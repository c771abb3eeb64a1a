// The string engine (see string_type.h): encoding choice, counters, in-place edits and bitmap
// primitives over strings stored in keyspace entries.
#include "datatypes/string_type.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "datatypes/numbers.h"

namespace sable::strings {

// Values are built here field by field (not through Value's factories in keyspace.cc): SET
// passes through encode on every call.
Value encode(std::string_view s) {
  Value v;
  int64_t n;
  if (s.size() <= 20 && parse_int64(s, &n)) {
    v.enc = Encoding::kInt;
    v.i = n;
    return v;
  }
  v.enc = s.size() <= kEmbstrMaxLen ? Encoding::kEmbStr : Encoding::kRaw;
  v.s = s;
  return v;
}

Value encode_text(std::string_view s) {
  Value v;
  v.enc = s.size() <= kEmbstrMaxLen ? Encoding::kEmbStr : Encoding::kRaw;
  v.s = s;
  return v;
}

Value encode_raw(std::string_view s) { return Value::raw(s); }

std::string_view range(std::string_view s, int64_t start, int64_t end) {
  const int64_t len = static_cast<int64_t>(s.size());
  if (len == 0 || (start < 0 && end < 0 && start > end)) return {};
  if (start < 0) start = std::max<int64_t>(0, len + start);
  if (end < 0) end = std::max<int64_t>(0, len + end);
  if (end >= len) end = len - 1;
  if (start > end) return {};
  return s.substr(start, end - start + 1);
}

Status add_float(long double cur, long double incr, std::string* out) {
  long double v = cur + incr;
  if (std::isnan(v) || std::isinf(v)) return Status::kNaNOrInfinity;
  *out = format_long_double(v);
  return Status::kOk;
}

namespace detail {
Status incr_by_reencoding(Db& db, std::string_view key, Entry* e, int64_t delta, int64_t* result) {
  int64_t cur = 0;
  if (e) {
    char scratch[24];
    if (!parse_int64(entry::string_value(e, scratch), &cur)) return Status::kNotInteger;
  }
  if (Status s = add(cur, delta, result); s != Status::kOk) return s;
  if (e)
    db.update(key, Value::integer(*result));
  else
    db.set(key, Value::integer(*result));
  return Status::kOk;
}
}  // namespace detail

Status incr_by_float(Db& db, std::string_view key, Entry* e, long double incr,
                     std::string* result) {
  long double cur = 0;
  if (e) {
    char scratch[24];
    if (!parse_long_double(entry::string_value(e, scratch), &cur)) return Status::kNotFloat;
  }
  if (Status s = add_float(cur, incr, result); s != Status::kOk) return s;
  // Stored as text, never int-encoded, as Redis's createStringObjectFromLongDouble does.
  if (e)
    db.update(key, encode_text(*result));
  else
    db.set(key, encode_text(*result));
  return Status::kOk;
}

Status append(Db& db, std::string_view key, Entry* e, std::string_view tail, uint64_t max_len,
              size_t* len) {
  if (!e) {
    db.set(key, encode(tail));
    *len = tail.size();
    return Status::kOk;
  }
  char scratch[24];
  std::string_view cur = entry::string_value(e, scratch);
  const uint64_t total = static_cast<uint64_t>(cur.size()) + tail.size();
  if (total > max_len) return Status::kTooLong;
  if (entry::encoding(e) == Encoding::kRaw) {
    RawString* r = RawString::reserve(entry::raw(e), total);
    std::memcpy(r->data + r->len, tail.data(), tail.size());
    r->len = total;
    entry::set_object(e, r);
  } else {
    RawString* r = RawString::create(cur, total);
    std::memcpy(r->data + cur.size(), tail.data(), tail.size());
    r->len = total;
    db.update(key, Value::object(ObjType::kString, Encoding::kRaw, r));
  }
  *len = total;
  return Status::kOk;
}

Status set_range(Db& db, std::string_view key, Entry* e, uint64_t offset, std::string_view bytes,
                 uint64_t max_len, size_t* len) {
  if (bytes.empty()) {
    char scratch[24];
    *len = e ? entry::string_value(e, scratch).size() : 0;
    return Status::kOk;
  }
  if (offset > max_len || bytes.size() > max_len - offset) return Status::kTooLong;
  RawString* r = make_raw(db, key, e, offset + bytes.size());
  std::memcpy(r->data + offset, bytes.data(), bytes.size());
  *len = r->len;
  return Status::kOk;
}

RawString* make_raw(Db& db, std::string_view key, Entry* e, size_t min_len, bool* grew) {
  auto zero_pad = [min_len](RawString* r) {
    if (r->len >= min_len) return false;
    std::memset(r->data + r->len, 0, min_len - r->len);
    r->len = min_len;
    return true;
  };
  bool longer;
  RawString* r;
  if (e && entry::encoding(e) == Encoding::kRaw) {
    r = entry::raw(e);
    longer = r->len < min_len;
    if (longer) {
      r = RawString::reserve(r, min_len);
      zero_pad(r);
      entry::set_object(e, r);
    }
  } else {
    char scratch[24];
    std::string_view cur = e ? entry::string_value(e, scratch) : std::string_view();
    r = RawString::create(cur, std::max(min_len, cur.size()));
    longer = zero_pad(r) || !e;
    Value v = Value::object(ObjType::kString, Encoding::kRaw, r);
    if (e)
      db.update(key, v);
    else
      db.set(key, v);
  }
  if (grew) *grew = longer;
  return r;
}

int get_bit(std::string_view s, uint64_t pos) {
  uint64_t byte = pos >> 3;
  if (byte >= s.size()) return 0;
  return (static_cast<unsigned char>(s[byte]) >> (7 - (pos & 7))) & 1;
}

int set_bit(Db& db, std::string_view key, Entry* e, uint64_t pos, int on, bool* changed) {
  bool grew;
  RawString* r = make_raw(db, key, e, (pos >> 3) + 1, &grew);
  auto& byte = reinterpret_cast<unsigned char&>(r->data[pos >> 3]);
  const unsigned char mask = 1u << (7 - (pos & 7));
  const int old = (byte & mask) ? 1 : 0;
  *changed = grew || old != on;
  byte = on ? (byte | mask) : (byte & ~mask);
  return old;
}

bool bit_range(int64_t start, int64_t end, bool in_bits, uint64_t len, uint64_t* from,
               uint64_t* to) {
  const int64_t total = static_cast<int64_t>(in_bits ? len * 8 : len);
  if (start < 0) start = std::max<int64_t>(0, total + start);
  if (end < 0) end = std::max<int64_t>(0, total + end);
  if (end >= total) end = total - 1;
  if (start > end) return false;
  *from = in_bits ? start : start * 8;
  *to = in_bits ? end : end * 8 + 7;
  return true;
}

uint64_t count_bits(std::string_view s, uint64_t from, uint64_t to) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t first = from >> 3, last = to >> 3;
  const unsigned char head = 0xFF >> (from & 7);               // bits from `from` on
  const unsigned char tail = 0xFF & (0xFF << (7 - (to & 7)));  // bits up to `to`
  if (first == last) return __builtin_popcount(p[first] & head & tail);
  uint64_t n = __builtin_popcount(p[first] & head) + __builtin_popcount(p[last] & tail);
  size_t i = first + 1;
  for (; i + 8 <= last; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    n += __builtin_popcountll(w);
  }
  for (; i < last; ++i) n += __builtin_popcount(p[i]);
  return n;
}

int64_t find_bit(std::string_view s, int bit, uint64_t from, uint64_t to) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const uint64_t skip = bit ? 0 : ~uint64_t{0};  // words that cannot hold a match
  while (from <= to) {
    if ((from & 63) == 0 && from + 63 <= to) {
      uint64_t w;
      std::memcpy(&w, p + (from >> 3), 8);
      if (w == skip) {
        from += 64;
        continue;
      }
    }
    if (get_bit(s, from) == bit) return static_cast<int64_t>(from);
    ++from;
  }
  return -1;
}

uint64_t read_bits(std::string_view s, uint64_t offset, int bits) {
  uint64_t v = 0;
  for (int i = 0; i < bits; ++i) v = (v << 1) | get_bit(s, offset + i);
  return v;
}

void write_bits(RawString* r, uint64_t offset, int bits, uint64_t v) {
  for (int i = 0; i < bits; ++i) {
    uint64_t pos = offset + i;
    auto& byte = reinterpret_cast<unsigned char&>(r->data[pos >> 3]);
    const unsigned char mask = 1u << (7 - (pos & 7));
    if ((v >> (bits - 1 - i)) & 1)
      byte |= mask;
    else
      byte &= ~mask;
  }
}

std::string bit_op(BitOp op, std::span<const std::string_view> srcs) {
  size_t maxlen = 0;
  for (std::string_view s : srcs) maxlen = std::max(maxlen, s.size());
  std::string out(maxlen, '\0');
  if (srcs.empty()) return out;
  auto byte_of = [&](size_t i, size_t j) -> unsigned char {
    return j < srcs[i].size() ? static_cast<unsigned char>(srcs[i][j]) : 0;
  };
  for (size_t j = 0; j < maxlen; ++j) {
    unsigned char v = byte_of(0, j);
    if (op == BitOp::kNot) {
      v = ~v;
    } else {
      for (size_t i = 1; i < srcs.size(); ++i) {
        if (op == BitOp::kAnd)
          v &= byte_of(i, j);
        else if (op == BitOp::kOr)
          v |= byte_of(i, j);
        else
          v ^= byte_of(i, j);
      }
    }
    out[j] = static_cast<char>(v);
  }
  return out;
}

}  // namespace sable::strings
