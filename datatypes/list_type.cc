// The list engine: packed buffers ("listpacks") and the linked list of them ("quicklist").
// See list_type.h for the model.
//
// Buffer layout (all integers little endian, no alignment assumed):
//
//   [kind 1][pad 3][count u32][bytes u32] entry entry ...      `bytes` counts the whole buffer
//
// Entry layout: [tag][payload][backlen], where backlen is the length of tag+payload written so it
// can be read from its last byte backwards (7 bits per byte, high bit = more bytes before).
//   tag 0x00-0x7F   integer 0..127 held in the tag itself
//   tag 0x80-0xBF   string of 0..63 bytes follows
//   tag 0xC0-0xC7   signed integer of (tag - 0xBF) bytes follows
//   tag 0xC8        string, u16 length, bytes
//   tag 0xC9        string, u32 length, bytes
#include "datatypes/list_type.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "datatypes/numbers.h"
#include "datatypes/object.h"

namespace sable {

namespace {

// ---------------------------------------------------------------------------------------------
// Listpack buffers
// ---------------------------------------------------------------------------------------------

constexpr uint8_t kKindPacked = 0;
constexpr uint8_t kKindQuicklist = 1;
constexpr size_t kLpHeader = 12;
constexpr size_t kSafetyLimit = 8192;  // byte cap of a node when the limit is an element count

using Lp = unsigned char*;

uint32_t get_u32(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
void put_u32(unsigned char* p, uint32_t v) { std::memcpy(p, &v, 4); }

uint32_t lp_count(const unsigned char* lp) { return get_u32(lp + 4); }
uint32_t lp_bytes(const unsigned char* lp) { return get_u32(lp + 8); }
void lp_set_count(Lp lp, uint32_t n) { put_u32(lp + 4, n); }
void lp_set_bytes(Lp lp, uint32_t n) { put_u32(lp + 8, n); }

Lp lp_alloc(size_t bytes) {
  auto* lp = static_cast<Lp>(std::malloc(bytes));
  if (!lp) throw std::bad_alloc();
  return lp;
}
Lp lp_realloc(Lp lp, size_t bytes) {
  auto* n = static_cast<Lp>(std::realloc(lp, bytes));
  if (!n) throw std::bad_alloc();
  return n;
}

Lp lp_new() {
  Lp lp = lp_alloc(kLpHeader);
  std::memset(lp, 0, kLpHeader);
  lp[0] = kKindPacked;
  lp_set_bytes(lp, kLpHeader);
  return lp;
}

size_t backlen_size(size_t l) {
  size_t n = 1;
  while (l >= 0x80) {
    l >>= 7;
    ++n;
  }
  return n;
}

void backlen_write(unsigned char* p, size_t l) {
  size_t n = backlen_size(l);
  for (size_t i = 0; i < n; ++i) {
    unsigned char b = static_cast<unsigned char>((l >> (7 * i)) & 0x7F);
    if (i + 1 < n) b |= 0x80;
    p[n - 1 - i] = b;
  }
}

// Start of the entry that ends at `end`.
unsigned char* entry_before(unsigned char* end) {
  size_t v = 0, n = 0;
  unsigned char b;
  do {
    b = *--end;
    v |= static_cast<size_t>(b & 0x7F) << (7 * n);
    ++n;
  } while (b & 0x80);
  return end - v;  // `end` now points at the first backlen byte
}

// Length of tag + payload.
size_t entry_enc_len(const unsigned char* p) {
  unsigned char t = p[0];
  if (t < 0x80) return 1;
  if (t < 0xC0) return 1 + (t & 0x3F);
  if (t < 0xC8) return 1 + (t - 0xBF);
  if (t == 0xC8) {
    uint16_t l;
    std::memcpy(&l, p + 1, 2);
    return 3 + l;
  }
  return 5 + get_u32(p + 1);
}

size_t entry_total(const unsigned char* p) {
  size_t l = entry_enc_len(p);
  return l + backlen_size(l);
}

ListElem entry_get(const unsigned char* p) {
  ListElem e;
  unsigned char t = p[0];
  if (t < 0x80) {
    e.is_int = true;
    e.num = t;
  } else if (t < 0xC0) {
    e.str = {reinterpret_cast<const char*>(p + 1), static_cast<size_t>(t & 0x3F)};
  } else if (t < 0xC8) {
    size_t n = t - 0xBF;
    uint64_t u = 0;
    for (size_t i = 0; i < n; ++i) u |= static_cast<uint64_t>(p[1 + i]) << (8 * i);
    if (n < 8 && (u >> (8 * n - 1)) & 1) u |= ~uint64_t{0} << (8 * n);  // sign-extend
    e.is_int = true;
    e.num = static_cast<int64_t>(u);
  } else if (t == 0xC8) {
    uint16_t l;
    std::memcpy(&l, p + 1, 2);
    e.str = {reinterpret_cast<const char*>(p + 3), l};
  } else {
    e.str = {reinterpret_cast<const char*>(p + 5), get_u32(p + 1)};
  }
  return e;
}

// A value encoded once, ready to be written into a buffer.
struct Encoded {
  unsigned char hdr[9];
  size_t hdr_len = 0;
  std::string_view payload;
  size_t enc_len = 0;
  size_t total = 0;

  explicit Encoded(std::string_view s) {
    int64_t v;
    if (list_strict_int(s, &v)) {
      encode_int(v);
    } else if (s.size() < 64) {
      hdr[0] = static_cast<unsigned char>(0x80 | s.size());
      hdr_len = 1;
      payload = s;
    } else if (s.size() <= 0xFFFF) {
      hdr[0] = 0xC8;
      uint16_t l = static_cast<uint16_t>(s.size());
      std::memcpy(hdr + 1, &l, 2);
      hdr_len = 3;
      payload = s;
    } else {
      hdr[0] = 0xC9;
      put_u32(hdr + 1, static_cast<uint32_t>(s.size()));
      hdr_len = 5;
      payload = s;
    }
    enc_len = hdr_len + payload.size();
    total = enc_len + backlen_size(enc_len);
  }

  void encode_int(int64_t v) {
    if (v >= 0 && v < 128) {
      hdr[0] = static_cast<unsigned char>(v);
      hdr_len = 1;
      return;
    }
    size_t n = 1;
    while (n < 8) {
      int64_t lim = int64_t{1} << (8 * n - 1);
      if (v >= -lim && v < lim) break;
      ++n;
    }
    hdr[0] = static_cast<unsigned char>(0xBF + n);
    uint64_t u = static_cast<uint64_t>(v);
    for (size_t i = 0; i < n; ++i) hdr[1 + i] = static_cast<unsigned char>(u >> (8 * i));
    hdr_len = 1 + n;
  }

  void write(unsigned char* p) const {
    std::memcpy(p, hdr, hdr_len);
    if (!payload.empty()) std::memcpy(p + hdr_len, payload.data(), payload.size());
    backlen_write(p + enc_len, enc_len);
  }
};

unsigned char* lp_first(Lp lp) { return lp_bytes(lp) > kLpHeader ? lp + kLpHeader : nullptr; }
unsigned char* lp_last(Lp lp) {
  return lp_bytes(lp) > kLpHeader ? entry_before(lp + lp_bytes(lp)) : nullptr;
}
unsigned char* lp_next(Lp lp, unsigned char* p) {
  unsigned char* q = p + entry_total(p);
  return q < lp + lp_bytes(lp) ? q : nullptr;
}
unsigned char* lp_prev(Lp lp, unsigned char* p) {
  return p > lp + kLpHeader ? entry_before(p) : nullptr;
}

// Entry number `i` (0-based, in range), walking from the nearer end.
unsigned char* lp_seek(Lp lp, size_t i) {
  size_t n = lp_count(lp);
  if (i < n / 2) {
    unsigned char* p = lp_first(lp);
    while (i--) p = lp_next(lp, p);
    return p;
  }
  unsigned char* p = lp_last(lp);
  for (size_t k = n - 1; k > i; --k) p = lp_prev(lp, p);
  return p;
}

// Opens a gap of `n` bytes at `off` (a byte offset) and returns the (maybe moved) buffer.
Lp lp_open_gap(Lp lp, size_t off, size_t n) {
  size_t bytes = lp_bytes(lp);
  lp = lp_realloc(lp, bytes + n);
  std::memmove(lp + off + n, lp + off, bytes - off);
  lp_set_bytes(lp, static_cast<uint32_t>(bytes + n));
  return lp;
}

Lp lp_insert(Lp lp, size_t off, const Encoded& v) {
  lp = lp_open_gap(lp, off, v.total);
  v.write(lp + off);
  lp_set_count(lp, lp_count(lp) + 1);
  return lp;
}

// Copies `n` raw bytes holding `cnt` entries into the buffer at `off`.
Lp lp_insert_raw(Lp lp, size_t off, const unsigned char* src, size_t n, uint32_t cnt) {
  lp = lp_open_gap(lp, off, n);
  std::memcpy(lp + off, src, n);
  lp_set_count(lp, lp_count(lp) + cnt);
  return lp;
}

// Removes `n` bytes holding `cnt` entries at `off`.
Lp lp_delete(Lp lp, size_t off, size_t n, uint32_t cnt) {
  size_t bytes = lp_bytes(lp);
  std::memmove(lp + off, lp + off + n, bytes - off - n);
  lp_set_bytes(lp, static_cast<uint32_t>(bytes - n));
  lp_set_count(lp, lp_count(lp) - cnt);
  return lp_realloc(lp, bytes - n);
}

Lp lp_replace(Lp lp, size_t off, const Encoded& v) {
  size_t old = entry_total(lp + off);
  size_t bytes = lp_bytes(lp);
  if (v.total > old) {
    lp = lp_open_gap(lp, off + old, v.total - old);
  } else if (v.total < old) {
    std::memmove(lp + off + v.total, lp + off + old, bytes - off - old);
    lp_set_bytes(lp, static_cast<uint32_t>(bytes - (old - v.total)));
    lp = lp_realloc(lp, lp_bytes(lp));
  }
  v.write(lp + off);
  return lp;
}

// Byte length of the first `n` entries, or of the last `n` entries when `from_tail`.
size_t lp_span(Lp lp, size_t n, bool from_tail) {
  if (n == 0) return 0;
  if (n >= lp_count(lp)) return lp_bytes(lp) - kLpHeader;
  if (!from_tail) {
    unsigned char* p = lp_first(lp);
    for (size_t i = 0; i < n; ++i) p += entry_total(p);
    return static_cast<size_t>(p - lp) - kLpHeader;
  }
  unsigned char* p = lp + lp_bytes(lp);
  for (size_t i = 0; i < n; ++i) p = entry_before(p);
  return static_cast<size_t>(lp + lp_bytes(lp) - p);
}

// Whether a buffer of `bytes` holding `count` entries respects the limit `fill`.
bool fits(long long fill, size_t bytes, size_t count) {
  if (count <= 1) return true;  // a node always takes its first element
  if (fill < 0) {
    long long idx = fill < -5 ? 5 : -fill;
    return bytes <= (size_t{4096} << (idx - 1));
  }
  return bytes <= kSafetyLimit && count <= static_cast<size_t>(fill);
}

// ---------------------------------------------------------------------------------------------
// Quicklist
// ---------------------------------------------------------------------------------------------

struct QNode {
  QNode* prev;
  QNode* next;
  Lp lp;
};

struct Quicklist {
  uint8_t kind = kKindQuicklist;
  QNode* head = nullptr;
  QNode* tail = nullptr;
  uint64_t count = 0;
  uint64_t nodes = 0;
};

QNode* node_new(Lp lp) { return new QNode{nullptr, nullptr, lp}; }

// Links `n` after `at` (or as the head when `at` is null).
void link_after(Quicklist* q, QNode* at, QNode* n) {
  n->prev = at;
  n->next = at ? at->next : q->head;
  if (n->next)
    n->next->prev = n;
  else
    q->tail = n;
  if (at)
    at->next = n;
  else
    q->head = n;
  ++q->nodes;
}

void unlink_free(Quicklist* q, QNode* n) {
  if (n->prev)
    n->prev->next = n->next;
  else
    q->head = n->next;
  if (n->next)
    n->next->prev = n->prev;
  else
    q->tail = n->prev;
  --q->nodes;
  std::free(n->lp);
  delete n;
}

// Moves the entries [k, count) of `n` into a new node linked after it. Returns the new node.
QNode* split_node(Quicklist* q, QNode* n, size_t k) {
  size_t cnt = lp_count(n->lp);
  size_t off = kLpHeader + lp_span(n->lp, k, false);
  size_t len = lp_bytes(n->lp) - off;
  Lp right = lp_insert_raw(lp_new(), kLpHeader, n->lp + off, len, static_cast<uint32_t>(cnt - k));
  n->lp = lp_delete(n->lp, off, len, static_cast<uint32_t>(cnt - k));
  QNode* r = node_new(right);
  link_after(q, n, r);
  return r;
}

// Appends `b`'s entries to `a` and frees `b` (they must be neighbours, a before b).
void merge_into(Quicklist* q, QNode* a, QNode* b) {
  size_t len = lp_bytes(b->lp) - kLpHeader;
  a->lp = lp_insert_raw(a->lp, lp_bytes(a->lp), b->lp + kLpHeader, len, lp_count(b->lp));
  unlink_free(q, b);
}

bool can_merge(long long fill, const QNode* a, const QNode* b) {
  return fits(fill, lp_bytes(a->lp) + lp_bytes(b->lp) - kLpHeader,
              size_t{lp_count(a->lp)} + lp_count(b->lp));
}

// Merges neighbours that together fit in one node (after removals in the middle).
void compact(Quicklist* q, long long fill) {
  for (QNode* n = q->head; n && n->next;) {
    if (can_merge(fill, n, n->next))
      merge_into(q, n, n->next);
    else
      n = n->next;
  }
}

// Splits a node that outgrew the limit after a replacement, halving it until it fits.
void split_oversized(Quicklist* q, QNode* n, long long fill) {
  while (!fits(fill, lp_bytes(n->lp), lp_count(n->lp))) {
    QNode* r = split_node(q, n, lp_count(n->lp) / 2);
    split_oversized(q, r, fill);
  }
}

// Finds the node holding element `index` (in range) and the index inside it.
QNode* find_node(const Quicklist* q, uint64_t index, size_t* in_node) {
  if (index < q->count / 2) {
    QNode* n = q->head;
    while (index >= lp_count(n->lp)) {
      index -= lp_count(n->lp);
      n = n->next;
    }
    *in_node = index;
    return n;
  }
  uint64_t back = q->count - 1 - index;  // distance from the tail
  QNode* n = q->tail;
  while (back >= lp_count(n->lp)) {
    back -= lp_count(n->lp);
    n = n->prev;
  }
  *in_node = lp_count(n->lp) - 1 - back;
  return n;
}

void free_quicklist(Quicklist* q) {
  for (QNode* n = q->head; n;) {
    QNode* next = n->next;
    std::free(n->lp);
    delete n;
    n = next;
  }
  delete q;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Elements
// ---------------------------------------------------------------------------------------------

bool list_strict_int(std::string_view s, int64_t* out) { return parse_int64(s, out); }

std::string ListElem::to_string() const {
  if (!is_int) return std::string(str);
  char buf[24];
  return std::string(buf, format_int64(num, buf));
}

ListNeedle::ListNeedle(std::string_view s) : str(s) { is_int = list_strict_int(s, &num); }

bool ListNeedle::matches(const ListElem& e) const {
  // Canonical integers are always stored as integers, so the kinds must agree.
  if (e.is_int) return is_int && e.num == num;
  return !is_int && e.str == str;
}

// ---------------------------------------------------------------------------------------------
// List
// ---------------------------------------------------------------------------------------------

#define QL(obj) (static_cast<Quicklist*>(obj))
#define LP(obj) (static_cast<Lp>(obj))

List List::create() { return List(lp_new()); }

bool List::is_packed() const { return static_cast<const uint8_t*>(obj_)[0] == kKindPacked; }

size_t List::size() const { return is_packed() ? lp_count(LP(obj_)) : QL(obj_)->count; }

size_t List::node_count() const { return is_packed() ? 1 : QL(obj_)->nodes; }

size_t List::memory() const {
  if (is_packed()) return lp_bytes(LP(obj_));
  size_t total = sizeof(Quicklist);
  for (QNode* n = QL(obj_)->head; n; n = n->next) total += sizeof(QNode) + lp_bytes(n->lp);
  return total;
}

void List::destroy() {
  if (!obj_) return;
  if (is_packed())
    std::free(obj_);
  else
    free_quicklist(QL(obj_));
  obj_ = nullptr;
}

List List::clone() const {
  auto copy_lp = [](Lp lp) {
    Lp c = lp_alloc(lp_bytes(lp));
    std::memcpy(c, lp, lp_bytes(lp));
    return c;
  };
  if (is_packed()) return List(copy_lp(LP(obj_)));
  auto* q = new Quicklist;
  for (QNode* n = QL(obj_)->head; n; n = n->next) link_after(q, q->tail, node_new(copy_lp(n->lp)));
  q->count = QL(obj_)->count;
  return List(q);
}

// Turns a packed list into a one-node quicklist.
static Quicklist* to_quicklist(void** obj) {
  auto* q = new Quicklist;
  QNode* n = node_new(static_cast<Lp>(*obj));
  link_after(q, nullptr, n);
  q->count = lp_count(n->lp);
  *obj = q;
  return q;
}

// Turns a quicklist back into a packed list when it has shrunk to one node at most half full
// (the margin avoids converting back and forth at the boundary), or frees an empty one.
static void maybe_pack(void** obj, long long fill) {
  auto* q = static_cast<Quicklist*>(*obj);
  if (q->nodes > 1) return;
  if (q->nodes == 1) {
    Lp lp = q->head->lp;
    if (!fits(fill, lp_bytes(lp) * 2, size_t{lp_count(lp)} * 2)) return;
    delete q->head;
    delete q;
    *obj = lp;
    return;
  }
  delete q;
  *obj = lp_new();
}

void List::push(ListEnd end, std::string_view value, long long fill) {
  Encoded v(value);
  if (is_packed()) {
    Lp lp = LP(obj_);
    if (fits(fill, lp_bytes(lp) + v.total, size_t{lp_count(lp)} + 1)) {
      obj_ = lp_insert(lp, end == ListEnd::kHead ? kLpHeader : lp_bytes(lp), v);
      return;
    }
    to_quicklist(&obj_);
  }
  Quicklist* q = QL(obj_);
  QNode* n = end == ListEnd::kHead ? q->head : q->tail;
  if (!fits(fill, lp_bytes(n->lp) + v.total, size_t{lp_count(n->lp)} + 1)) {
    QNode* fresh = node_new(lp_new());
    link_after(q, end == ListEnd::kHead ? nullptr : q->tail, fresh);
    n = fresh;
  }
  n->lp = lp_insert(n->lp, end == ListEnd::kHead ? kLpHeader : lp_bytes(n->lp), v);
  ++q->count;
}

bool List::pop(ListEnd end, std::string* out, long long fill) {
  if (size() == 0) return false;
  bool head = end == ListEnd::kHead;
  if (is_packed()) {
    Lp lp = LP(obj_);
    unsigned char* p = head ? lp_first(lp) : lp_last(lp);
    *out = entry_get(p).to_string();
    obj_ = lp_delete(lp, static_cast<size_t>(p - lp), entry_total(p), 1);
    return true;
  }
  Quicklist* q = QL(obj_);
  QNode* n = head ? q->head : q->tail;
  unsigned char* p = head ? lp_first(n->lp) : lp_last(n->lp);
  *out = entry_get(p).to_string();
  n->lp = lp_delete(n->lp, static_cast<size_t>(p - n->lp), entry_total(p), 1);
  --q->count;
  if (lp_count(n->lp) == 0) unlink_free(q, n);
  maybe_pack(&obj_, fill);
  return true;
}

List::Iterator List::at(long long index) const {
  Iterator it;
  long long n = static_cast<long long>(size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return it;
  if (is_packed()) {
    it.lp_ = LP(obj_);
    it.p_ = lp_seek(it.lp_, static_cast<size_t>(index));
    return it;
  }
  size_t in_node;
  QNode* node = find_node(QL(obj_), static_cast<uint64_t>(index), &in_node);
  it.node_ = node;
  it.lp_ = node->lp;
  it.p_ = lp_seek(node->lp, in_node);
  return it;
}

ListElem List::Iterator::get() const { return entry_get(p_); }

void List::Iterator::next() {
  p_ = lp_next(lp_, p_);
  auto* n = static_cast<QNode*>(node_);
  if (!p_ && n && n->next) {
    node_ = n->next;
    lp_ = n->next->lp;
    p_ = lp_first(lp_);
  }
}

void List::Iterator::prev() {
  p_ = lp_prev(lp_, p_);
  auto* n = static_cast<QNode*>(node_);
  if (!p_ && n && n->prev) {
    node_ = n->prev;
    lp_ = n->prev->lp;
    p_ = lp_last(lp_);
  }
}

bool List::index(long long index, ListElem* out) const {
  Iterator it = at(index);
  if (!it.valid()) return false;
  *out = it.get();
  return true;
}

bool List::set(long long index, std::string_view value, long long fill) {
  Iterator it = at(index);
  if (!it.valid()) return false;
  Encoded v(value);
  size_t off = static_cast<size_t>(it.p_ - it.lp_);
  if (is_packed()) {
    Lp lp = lp_replace(LP(obj_), off, v);
    obj_ = lp;
    if (fits(fill, lp_bytes(lp), lp_count(lp))) return true;
    Quicklist* q = to_quicklist(&obj_);
    split_oversized(q, q->head, fill);
    return true;
  }
  auto* n = static_cast<QNode*>(it.node_);
  n->lp = lp_replace(n->lp, off, v);
  split_oversized(QL(obj_), n, fill);
  return true;
}

bool List::insert(std::string_view pivot, bool after, std::string_view value, long long fill) {
  ListNeedle needle(pivot);
  Iterator it = at(0);
  size_t in_node = 0;  // index of the pivot inside its node
  void* prev_node = it.node_;
  for (; it.valid(); it.next()) {
    if (it.node_ != prev_node) {
      prev_node = it.node_;
      in_node = 0;
    }
    if (needle.matches(it.get())) break;
    ++in_node;
  }
  if (!it.valid()) return false;
  Encoded v(value);
  size_t off = static_cast<size_t>(it.p_ - it.lp_) + (after ? entry_total(it.p_) : 0);
  size_t k = in_node + (after ? 1 : 0);  // entries before the insertion point
  if (is_packed()) {
    Lp lp = LP(obj_);
    if (fits(fill, lp_bytes(lp) + v.total, size_t{lp_count(lp)} + 1)) {
      obj_ = lp_insert(lp, off, v);
      return true;
    }
    it.node_ = to_quicklist(&obj_)->head;
  }
  Quicklist* q = QL(obj_);
  auto* n = static_cast<QNode*>(it.node_);
  ++q->count;
  auto room = [&](QNode* x) {
    return x && fits(fill, lp_bytes(x->lp) + v.total, size_t{lp_count(x->lp)} + 1);
  };
  if (room(n)) {
    n->lp = lp_insert(n->lp, off, v);
    return true;
  }
  size_t cnt = lp_count(n->lp);
  if (k == cnt && room(n->next)) {
    n->next->lp = lp_insert(n->next->lp, kLpHeader, v);
  } else if (k == 0 && room(n->prev)) {
    n->prev->lp = lp_insert(n->prev->lp, lp_bytes(n->prev->lp), v);
  } else if (k == 0 || k == cnt) {
    QNode* fresh = node_new(lp_insert(lp_new(), kLpHeader, v));
    link_after(q, k == 0 ? n->prev : n, fresh);
  } else {
    QNode* right = split_node(q, n, k);
    if (room(n))
      n->lp = lp_insert(n->lp, lp_bytes(n->lp), v);
    else if (room(right))
      right->lp = lp_insert(right->lp, kLpHeader, v);
    else
      link_after(q, n, node_new(lp_insert(lp_new(), kLpHeader, v)));
  }
  return true;
}

size_t List::remove(std::string_view value, size_t count, bool from_tail, long long fill) {
  ListNeedle needle(value);
  size_t removed = 0;
  bool packed = is_packed();
  Quicklist* q = packed ? nullptr : QL(obj_);
  QNode* n = packed ? nullptr : (from_tail ? q->tail : q->head);
  Lp lp = packed ? LP(obj_) : n->lp;
  unsigned char* p = from_tail ? lp_last(lp) : lp_first(lp);
  while (count == 0 || removed < count) {
    if (!p) {  // end of this node: continue in the neighbour
      QNode* next = n ? (from_tail ? n->prev : n->next) : nullptr;
      if (n && lp_count(n->lp) == 0) unlink_free(q, n);
      n = next;
      if (!n) break;
      lp = n->lp;
      p = from_tail ? lp_last(lp) : lp_first(lp);
      continue;
    }
    if (!needle.matches(entry_get(p))) {
      p = from_tail ? lp_prev(lp, p) : lp_next(lp, p);
      continue;
    }
    size_t off = static_cast<size_t>(p - lp);
    lp = lp_delete(lp, off, entry_total(p), 1);
    if (n)
      n->lp = lp;
    else
      obj_ = lp;
    ++removed;
    if (from_tail)
      p = off > kLpHeader ? entry_before(lp + off) : nullptr;
    else
      p = off < lp_bytes(lp) ? lp + off : nullptr;
  }
  if (n && lp_count(n->lp) == 0) unlink_free(q, n);
  if (q) {
    q->count -= removed;
    if (removed) compact(q, fill);
    maybe_pack(&obj_, fill);
  }
  return removed;
}

void List::erase_end(ListEnd end, size_t n, long long fill) {
  bool tail = end == ListEnd::kTail;
  if (n == 0) return;
  if (is_packed()) {
    Lp lp = LP(obj_);
    if (n > lp_count(lp)) n = lp_count(lp);
    size_t len = lp_span(lp, n, tail);
    obj_ = lp_delete(lp, tail ? lp_bytes(lp) - len : kLpHeader, len, static_cast<uint32_t>(n));
    return;
  }
  Quicklist* q = QL(obj_);
  while (n > 0 && q->head) {
    QNode* node = tail ? q->tail : q->head;
    size_t cnt = lp_count(node->lp);
    if (cnt <= n) {
      n -= cnt;
      q->count -= cnt;
      unlink_free(q, node);
      continue;
    }
    size_t len = lp_span(node->lp, n, tail);
    size_t off = tail ? lp_bytes(node->lp) - len : kLpHeader;
    node->lp = lp_delete(node->lp, off, len, static_cast<uint32_t>(n));
    q->count -= n;
    n = 0;
  }
  maybe_pack(&obj_, fill);
}

bool List::check() const {
  auto check_lp = [](Lp lp) {
    size_t cnt = 0;
    unsigned char* last = nullptr;
    for (unsigned char* p = lp_first(lp); p; p = lp_next(lp, p)) {
      if (last && lp_prev(lp, p) != last) return false;
      last = p;
      ++cnt;
    }
    if (last && lp_last(lp) != last) return false;
    return cnt == lp_count(lp);
  };
  if (is_packed()) return check_lp(LP(obj_));
  Quicklist* q = QL(obj_);
  uint64_t total = 0, nodes = 0;
  QNode* prev = nullptr;
  for (QNode* n = q->head; n; prev = n, n = n->next) {
    if (n->prev != prev || lp_count(n->lp) == 0 || !check_lp(n->lp)) return false;
    total += lp_count(n->lp);
    ++nodes;
  }
  return prev == q->tail && total == q->count && nodes == q->nodes;
}

#undef QL
#undef LP

void register_list_ops() {
  ObjectOps ops;
  ops.destroy = [](void* p, Encoding) { List(p).destroy(); };
  ops.clone = [](const void* p, Encoding) { return List(const_cast<void*>(p)).clone().raw(); };
  ops.memory = [](const void* p, Encoding) { return List(const_cast<void*>(p)).memory(); };
  register_object_ops(ObjType::kList, ops);
}

}  // namespace sable
