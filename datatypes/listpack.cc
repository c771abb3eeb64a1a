// Listpacks and varints: the encodings, the edits and the integrity checks described in
// listpack.h. Every edit reallocates the buffer to its exact size, as Redis's listpack does:
// jemalloc keeps a buffer in place while it stays inside its size class.
#include "datatypes/listpack.h"

#include <cstdlib>
#include <new>

#include "datatypes/numbers.h"

namespace sable {

size_t varint::get_checked(const unsigned char* p, size_t avail, uint64_t* v) {
  uint64_t r = 0;
  for (size_t n = 0; n < avail && n < 10; ++n) {
    r |= static_cast<uint64_t>(p[n] & 0x7F) << (7 * n);
    if (!(p[n] & 0x80)) {
      *v = r;
      return n + 1;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Elements

std::string LpElem::to_string() const {
  char buf[24];
  return std::string(view(buf));
}

std::string_view LpElem::view(char* buf) const {
  if (!is_int) return str;
  return {buf, format_int64(num, buf)};
}

LpNeedle::LpNeedle(std::string_view s) : str(s) { is_int = lp_strict_int(s, &num); }

LpValue LpValue::integer(int64_t v) {
  LpValue e;
  if (v >= 0 && v <= 127) {
    e.hdr_[0] = static_cast<unsigned char>(v);
    e.hdr_len_ = 1;
    return e;
  }
  if (v >= -4096 && v <= 4095) {
    uint64_t u = static_cast<uint64_t>(v) & 0x1FFF;  // 13-bit two's complement
    e.hdr_[0] = static_cast<unsigned char>(0xC0 | (u >> 8));
    e.hdr_[1] = static_cast<unsigned char>(u & 0xFF);
    e.hdr_len_ = 2;
    return e;
  }
  size_t n;
  if (v >= INT16_MIN && v <= INT16_MAX) {
    e.hdr_[0] = 0xF1;
    n = 2;
  } else if (v >= -8388608 && v <= 8388607) {
    e.hdr_[0] = 0xF2;
    n = 3;
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    e.hdr_[0] = 0xF3;
    n = 4;
  } else {
    e.hdr_[0] = 0xF4;
    n = 8;
  }
  uint64_t u = static_cast<uint64_t>(v);
  for (size_t i = 0; i < n; ++i) e.hdr_[1 + i] = static_cast<unsigned char>(u >> (8 * i));
  e.hdr_len_ = static_cast<uint8_t>(1 + n);
  return e;
}

void LpValue::long_string_header(size_t l) {
  if (l < 4096) {
    hdr_[0] = static_cast<unsigned char>(0xE0 | (l >> 8));
    hdr_[1] = static_cast<unsigned char>(l & 0xFF);
    hdr_len_ = 2;
  } else {
    hdr_[0] = 0xF0;
    uint32_t l32 = static_cast<uint32_t>(l);
    std::memcpy(hdr_ + 1, &l32, 4);
    hdr_len_ = 5;
  }
}

// ---------------------------------------------------------------------------------------------
// Listpack

namespace {
void put_u32(unsigned char* p, uint32_t v) { std::memcpy(p, &v, 4); }
void put_u16(unsigned char* p, uint16_t v) { std::memcpy(p, &v, 2); }

// Header size and payload length of the element at off, from untrusted bytes ending at `end`
// (exclusive; the end marker's position). False when it does not fit or is no element.
bool checked_element(const unsigned char* p, size_t off, size_t end, size_t* size) {
  unsigned char b = p[off];
  size_t hdr, data = 0;
  if (b < 0x80) {
    hdr = 1;
  } else if (b < 0xC0) {
    hdr = 1;
    data = b & 0x3F;
  } else if (b < 0xE0) {
    hdr = 2;
  } else if (b < 0xF0) {
    hdr = 2;
    if (off + 2 > end) return false;
    data = (static_cast<size_t>(b & 0x0F) << 8) | p[off + 1];
  } else if (b == 0xF0) {
    hdr = 5;
    if (off + 5 > end) return false;
    uint32_t l;
    std::memcpy(&l, p + off + 1, 4);
    data = l;
  } else if (b <= 0xF4) {
    hdr = b == 0xF1 ? 3 : b == 0xF2 ? 4 : b == 0xF3 ? 5 : 9;
  } else {
    return false;
  }
  if (off + hdr > end || data > end - off - hdr) return false;
  *size = hdr + data;
  return true;
}
}  // namespace

Listpack Listpack::create(LpShape shape) {
  auto* p = static_cast<unsigned char*>(std::malloc(lp::kEmptyBytes));
  if (!p) throw std::bad_alloc();
  put_u32(p, lp::kEmptyBytes);
  put_u16(p + 4, 0);
  p[lp::kHeader] = lp::kEof;
  return Listpack(p, shape);
}

void Listpack::destroy() {
  std::free(lp_);
  lp_ = nullptr;
}

Listpack Listpack::clone() const {
  size_t n = bytes();
  auto* p = static_cast<unsigned char*>(std::malloc(n));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, lp_, n);
  return Listpack(p, shape_);
}

void Listpack::resize(size_t n) {
  auto* p = static_cast<unsigned char*>(std::realloc(lp_, n));
  if (!p) throw std::bad_alloc();
  lp_ = p;
}

void Listpack::add_count_slow(long long delta) {
  uint16_t c = lp::stored_count(lp_);
  size_t n;
  if (c != lp::kCountUnknown) {
    n = static_cast<size_t>(c + delta);
  } else if (delta < 0) {
    n = count_by_walking();  // may have come back under the limit
  } else {
    return;
  }
  put_u16(lp_ + 4, n >= lp::kCountUnknown ? lp::kCountUnknown : static_cast<uint16_t>(n));
}

size_t Listpack::count_by_walking() const {
  size_t n = 0;
  for (unsigned char* p = first(); p; p = next(p)) ++n;
  return n;
}

unsigned char* Listpack::prev(const unsigned char* p) const {
  if (p <= lp_ + lp::kHeader) return nullptr;
  size_t k;
  uint64_t len = varint::back_get(p - 1, &k);
  return const_cast<unsigned char*>(p) - k - len;
}

unsigned char* Listpack::last() const {
  if (empty()) return nullptr;
  return prev(lp_ + bytes() - 1);
}

unsigned char* Listpack::seek(long long index) const {
  long long n = static_cast<long long>(size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return nullptr;
  if (!shape_.backlen || index < n / 2) {
    unsigned char* p = first();
    while (index-- > 0) p = next(p);
    return p;
  }
  unsigned char* p = last();
  for (long long k = n - 1; k > index; --k) p = prev(p);
  return p;
}

unsigned char* Listpack::insert(unsigned char* p, const LpValue* vals) {
  // Locals, not members, across the memory calls: the compiler cannot know they stay unchanged.
  const bool pair = shape_.width == 2;
  const size_t elems = vals[0].size() + (pair ? vals[1].size() : 0);
  const size_t bl = shape_.backlen ? varint::back_size(elems) : 0, total = elems + bl;
  const size_t old = bytes(), off = p ? offset(p) : old - 1;
  const uint16_t count = lp::stored_count(lp_);
  resize(old + total);
  unsigned char* base = lp_;
  unsigned char* q = base + off;
  std::memmove(q + total, q, old - off);
  vals[0].write(q);
  if (pair) vals[1].write(q + vals[0].size());
  if (bl) varint::back_put(q + elems, elems);
  uint32_t now = static_cast<uint32_t>(old + total);
  std::memcpy(base, &now, 4);
  if (count < lp::kCountUnknown - 1) {
    uint16_t c = static_cast<uint16_t>(count + 1);
    std::memcpy(base + 4, &c, 2);
  } else {
    add_count(1);
  }
  return q;
}

unsigned char* Listpack::replace(unsigned char* p, const LpValue* vals) {
  size_t elems = vals[0].size() + (shape_.width == 2 ? vals[1].size() : 0);
  size_t total = elems + (shape_.backlen ? varint::back_size(elems) : 0);
  size_t old_total = bytes(), off = offset(p), old = entry_size(p);
  size_t tail = off + old;  // first byte after the entry
  if (total > old) resize(old_total + total - old);
  if (total != old) std::memmove(lp_ + off + total, lp_ + tail, old_total - tail);
  unsigned char* q = lp_ + off;
  vals[0].write(q);
  q += vals[0].size();
  if (shape_.width == 2) {
    vals[1].write(q);
    q += vals[1].size();
  }
  if (shape_.backlen) varint::back_put(q, elems);
  size_t now = old_total - old + total;
  set_bytes(now);
  if (total < old) resize(now);
  return lp_ + off;
}

unsigned char* Listpack::erase(unsigned char* p, size_t n) {
  size_t off = offset(p), len, k;
  if (n == 1) {
    len = entry_size(p);
    k = 1;
  } else {
    unsigned char* q = p;
    for (k = 0; k < n && *q != lp::kEof; ++k) q += entry_size(q);
    len = static_cast<size_t>(q - p);
  }
  size_t old = bytes();
  std::memmove(p, p + len, old - off - len);
  set_bytes(old - len);
  resize(old - len);
  add_count(-static_cast<long long>(k));
  return lp_[off] == lp::kEof ? nullptr : lp_ + off;
}

void Listpack::erase_tail(size_t n) {
  size_t cnt = size();
  if (n == 0 || cnt == 0) return;
  erase(n >= cnt ? first() : seek(static_cast<long long>(cnt - n)), n);
}

Listpack Listpack::split(size_t k) {
  Listpack right = create(shape_);
  unsigned char* p = seek(static_cast<long long>(k));
  if (!p) return right;
  size_t cnt = size();
  size_t off = offset(p), len = bytes() - 1 - off;
  right.resize(lp::kEmptyBytes + len);
  std::memcpy(right.lp_ + lp::kHeader, p, len + 1);  // the entries and the end marker
  right.set_bytes(lp::kEmptyBytes + len);
  right.add_count(static_cast<long long>(cnt - k));
  lp_[off] = lp::kEof;
  set_bytes(off + 1);
  resize(off + 1);
  put_u16(lp_ + 4, 0);
  add_count(static_cast<long long>(k));
  return right;
}

void Listpack::merge(Listpack other) {
  size_t len = other.bytes() - lp::kEmptyBytes;
  if (len) {
    uint16_t a = lp::stored_count(lp_), b = lp::stored_count(other.lp_);
    size_t old = bytes();
    resize(old + len);
    std::memcpy(lp_ + old - 1, other.lp_ + lp::kHeader, len + 1);
    set_bytes(old + len);
    if (a != lp::kCountUnknown && b != lp::kCountUnknown) {
      put_u16(lp_ + 4, 0);
      add_count(static_cast<long long>(a) + b);
    } else {
      size_t n = count_by_walking();
      put_u16(lp_ + 4, n >= lp::kCountUnknown ? lp::kCountUnknown : static_cast<uint16_t>(n));
    }
  }
  other.destroy();
}

bool Listpack::check() const {
  size_t n;
  if (!validate(lp_, bytes(), shape_, &n)) return false;
  // Our edits keep the count exact below the limit ("unknown" only from 65535 entries on).
  uint16_t c = lp::stored_count(lp_);
  if (c == lp::kCountUnknown ? n < lp::kCountUnknown : c != n) return false;
  if (!shape_.backlen) return true;
  size_t back = 0;
  unsigned char* expect = nullptr;
  for (unsigned char* p = last(); p; p = prev(p)) {
    if (expect && next(p) != expect) return false;
    expect = p;
    ++back;
  }
  return back == n && expect == first();
}

bool Listpack::validate(const unsigned char* p, size_t len, LpShape shape, size_t* entries) {
  if (len < lp::kEmptyBytes || lp::total_bytes(p) != len || p[len - 1] != lp::kEof) return false;
  size_t end = len - 1, off = lp::kHeader, n = 0;
  while (off < end) {
    size_t start = off;
    for (unsigned i = 0; i < shape.width; ++i) {
      size_t es;
      if (off >= end || !checked_element(p, off, end, &es)) return false;
      off += es;
    }
    if (shape.backlen) {
      size_t elems = off - start, bs = varint::back_size(elems), k;
      if (bs > end - off) return false;
      if (varint::back_get(p + off + bs - 1, &k) != elems || k != bs) return false;
      off += bs;
    }
    ++n;
  }
  uint16_t c = lp::stored_count(p);
  if (c != lp::kCountUnknown && c != n) return false;  // "unknown" is accepted, as by Redis
  if (entries) *entries = n;
  return true;
}

}  // namespace sable
