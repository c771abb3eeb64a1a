// The list engine: packed buffers (listpacks, from datatypes/listpack.h) and the linked list of
// them ("quicklist"). See list_type.h for the model; node byte budgets count listpack bytes
// exactly as Redis 7.0 does, so nodes split where Redis's do.
#include "datatypes/list_type.h"

#include <liblzf/lzf.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "datatypes/numbers.h"
#include "datatypes/object.h"

namespace sable {

namespace {

// ---------------------------------------------------------------------------------------------
// Node buffers
// ---------------------------------------------------------------------------------------------

constexpr size_t kSafetyLimit = 8192;  // byte cap of a node when the limit is an element count

using Lp = unsigned char*;

Listpack view(Lp p) { return Listpack(p, kLpSingles); }
Lp lp_new() { return Listpack::create(kLpSingles).raw(); }
size_t lp_count(Lp lp) { return view(lp).size(); }
size_t lp_bytes(Lp lp) { return lp::total_bytes(lp); }

Lp lp_insert(Lp lp, unsigned char* at, const LpValue& v) {
  Listpack l = view(lp);
  l.insert(at, &v);
  return l.raw();
}
Lp lp_push(Lp lp, bool head, const LpValue& v) {
  return lp_insert(lp, head ? view(lp).first() : nullptr, v);
}

// Whether a buffer of `bytes` holding `count` entries respects the limit `fill` (Redis's rule
// for merging two nodes).
bool fits(long long fill, size_t bytes, size_t count) {
  if (count <= 1) return true;  // a node always takes its first element
  if (fill < 0) {
    long long idx = fill < -5 ? 5 : -fill;
    return bytes <= (size_t{4096} << (idx - 1));
  }
  return bytes <= kSafetyLimit && count <= static_cast<size_t>(fill);
}

// Whether a node of `bytes` holding `count` entries takes one more element of `len` bytes (its
// string length). Redis 7.0's estimate, kept exactly so that nodes fill where Redis's do: it adds
// 8 bytes of overhead to the string length, so integers (stored in fewer bytes) are over-counted.
constexpr size_t kSizeEstimateOverhead = 8;
bool accepts(long long fill, size_t bytes, size_t count, size_t len) {
  if (count == 0) return true;
  size_t estimate = bytes + len + kSizeEstimateOverhead;
  if (fill < 0) {
    long long idx = fill < -5 ? 5 : -fill;
    return estimate <= (size_t{4096} << (idx - 1));
  }
  return estimate <= kSafetyLimit && count < static_cast<size_t>(fill);
}

// LSET grows a node past its limit as Redis 7.0 does; only past this size is it split, so that a
// node stays far from the listpack's 4 GB bound.
constexpr size_t kSplitBytes = size_t{1} << 30;

// ---------------------------------------------------------------------------------------------
// Quicklist
// ---------------------------------------------------------------------------------------------

// A node holds a listpack, or, compressed, an 8-byte header (the listpack's byte count and element
// count, native order) followed by the listpack's LZF bytes.
struct QNode {
  QNode* prev;
  QNode* next;
  Lp lp;              // the listpack, or the compressed image when lzf != 0
  uint32_t lzf;       // LZF byte count when compressed, 0 when the node is a plain listpack
  uint8_t flags;      // kNoGain, kTouched
};
constexpr uint8_t kNoGain = 1;   // these listpack bytes were found not worth compressing
constexpr uint8_t kTouched = 2;  // changed by the current operation (see settle)
constexpr size_t kLzfHeader = 8;
constexpr size_t kMinCompressBytes = 48;  // Redis's MIN_COMPRESS_BYTES
constexpr size_t kMinCompressGain = 8;    // Redis's MIN_COMPRESS_IMPROVE
constexpr long long kMaxDepth = 65535;    // Redis's quicklist stores the depth in 16 bits

struct Quicklist {
  uint32_t marker = 0;  // where a listpack keeps its byte count, never 0 there
  uint32_t depth = 0;   // list-compress-depth the list was created with
  QNode* head = nullptr;
  QNode* tail = nullptr;
  uint64_t count = 0;
  uint64_t nodes = 0;
  uint64_t compressed = 0;  // nodes held compressed
};

QNode* node_new(Lp lp) { return new QNode{nullptr, nullptr, lp, 0, 0}; }

uint32_t header_word(const QNode* n, int i) {
  uint32_t v;
  std::memcpy(&v, n->lp + 4 * i, 4);
  return v;
}
// Listpack bytes and element count of a node, compressed or not.
size_t node_bytes(const QNode* n) { return n->lzf ? header_word(n, 0) : lp_bytes(n->lp); }
size_t node_elems(const QNode* n) { return n->lzf ? header_word(n, 1) : lp_count(n->lp); }
size_t node_alloc(const QNode* n) { return n->lzf ? kLzfHeader + n->lzf : lp_bytes(n->lp); }

// A new listpack holding the inflated contents of the compressed node `n`.
Lp inflate(const QNode* n) {
  size_t raw = header_word(n, 0);
  auto* lp = static_cast<Lp>(std::malloc(raw));
  if (!lp) throw std::bad_alloc();
  unsigned int got = lzf_decompress(n->lp + kLzfHeader, n->lzf, lp, static_cast<unsigned int>(raw));
  if (got != raw) std::abort();  // our own bytes: a mismatch is memory corruption
  return lp;
}

// Makes `n` a plain listpack that the caller is about to change.
void make_raw(Quicklist* q, QNode* n) {
  n->flags &= static_cast<uint8_t>(~kNoGain);
  if (!n->lzf) return;
  Lp lp = inflate(n);
  std::free(n->lp);
  n->lp = lp;
  n->lzf = 0;
  --q->compressed;
}

// Compresses a plain node when that pays, with Redis's thresholds; a node that did not pay is not
// tried again until its bytes change.
void try_compress(Quicklist* q, QNode* n) {
  if (n->lzf || (n->flags & kNoGain)) return;
  size_t raw = lp_bytes(n->lp);
  unsigned int out = 0;
  unsigned char* img = nullptr;
  if (raw >= kMinCompressBytes) {
    img = static_cast<unsigned char*>(std::malloc(kLzfHeader + raw));
    if (!img) throw std::bad_alloc();
    out = lzf_compress(n->lp, static_cast<unsigned int>(raw), img + kLzfHeader,
                       static_cast<unsigned int>(raw));
  }
  if (out == 0 || out + kMinCompressGain >= raw) {
    std::free(img);
    n->flags |= kNoGain;
    return;
  }
  uint32_t hdr[2] = {static_cast<uint32_t>(raw), static_cast<uint32_t>(lp_count(n->lp))};
  std::memcpy(img, hdr, kLzfHeader);
  if (auto* shrunk = static_cast<unsigned char*>(std::realloc(img, kLzfHeader + out))) img = shrunk;
  std::free(n->lp);
  n->lp = img;
  n->lzf = out;
  ++q->compressed;
}

// Restores the compression shape after a change: the `depth` nodes at each end plain, the nodes
// next to them compressed, and so every node marked kTouched that lies further in. (Nodes further
// in that nothing touched are compressed already.) With fewer than 2*depth nodes, all are plain.
void settle(Quicklist* q) {
  if (q->depth == 0) return;
  if (q->nodes < 2ull * q->depth) {
    for (QNode* n = q->head; n; n = n->next) {
      n->flags &= static_cast<uint8_t>(~kTouched);
      if (q->compressed) make_raw(q, n);
    }
    return;
  }
  QNode* f = q->head;
  QNode* b = q->tail;
  for (uint32_t i = 0; i < q->depth; ++i) {
    for (QNode* n : {f, b}) {
      if (n->lzf) make_raw(q, n);
      n->flags &= static_cast<uint8_t>(~kTouched);
    }
    f = f->next;
    b = b->prev;
  }
  if (f == b->next) return;  // exactly 2*depth nodes: none is inner
  try_compress(q, f);
  try_compress(q, b);
}

// settle() for operations that changed the nodes [first, last) (some may be inner; nulls are
// skipped).
void settle(Quicklist* q, QNode* const* first, QNode* const* last) {
  if (q->depth == 0) return;
  for (auto p = first; p != last; ++p)
    if (*p) (*p)->flags |= kTouched;
  settle(q);
  for (auto p = first; p != last; ++p) {
    QNode* n = *p;
    if (n && (n->flags & kTouched)) {
      n->flags &= static_cast<uint8_t>(~kTouched);
      try_compress(q, n);
    }
  }
}
void settle(Quicklist* q, std::initializer_list<QNode*> touched) {
  settle(q, touched.begin(), touched.end());
}

// settle() after a change anywhere: every node is checked.
void settle_all(Quicklist* q) {
  if (q->depth == 0) return;
  uint64_t i = 0;
  for (QNode* n = q->head; n; n = n->next, ++i) {
    n->flags &= static_cast<uint8_t>(~kTouched);
    bool edge = i < q->depth || i + q->depth >= q->nodes;
    if (edge || q->nodes < 2ull * q->depth)
      make_raw(q, n);
    else
      try_compress(q, n);
  }
}

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
  if (n->lzf) --q->compressed;
  std::free(n->lp);
  delete n;
}

// Moves the entries [k, count) of `n` (plain) into a new node linked after it. Returns the new
// node.
QNode* split_node(Quicklist* q, QNode* n, size_t k) {
  Listpack l = view(n->lp);
  Listpack right = l.split(k);
  n->lp = l.raw();
  QNode* r = node_new(right.raw());
  link_after(q, n, r);
  return r;
}

// Appends `b`'s entries to `a` and frees `b` (they must be neighbours, a before b).
void merge_into(Quicklist* q, QNode* a, QNode* b) {
  make_raw(q, a);
  make_raw(q, b);
  Listpack l = view(a->lp);
  l.merge(view(b->lp));
  a->lp = l.raw();
  b->lp = nullptr;
  unlink_free(q, b);
}

// Redis 7.0 estimates a merged node as the two sizes less 11 bytes (a ziplist's header and end,
// kept from before listpacks; a listpack's are 7), so it merges up to 4 bytes past the limit.
constexpr size_t kMergeSlack = 11;
bool can_merge(long long fill, const QNode* a, const QNode* b) {
  size_t sum = node_bytes(a) + node_bytes(b);
  return fits(fill, sum > kMergeSlack ? sum - kMergeSlack : 0, node_elems(a) + node_elems(b));
}

bool can_merge_nodes(long long fill, const QNode* a, const QNode* b) {
  return a && b && can_merge(fill, a, b);
}

// Redis's merge after a node split (_quicklistMergeNodes): the two nodes before `center` with each
// other, the two after it, then `center` with its previous and the result with its next.
void merge_around(Quicklist* q, QNode* center, long long fill) {
  QNode* prev = center->prev;
  QNode* next = center->next;
  if (prev && can_merge_nodes(fill, prev->prev, prev)) merge_into(q, prev->prev, prev);
  if (next && can_merge_nodes(fill, next, next->next)) merge_into(q, next, next->next);
  QNode* target = center;
  if (can_merge_nodes(fill, center->prev, center)) {
    target = center->prev;
    merge_into(q, target, center);
  }
  if (can_merge_nodes(fill, target, target->next)) merge_into(q, target, target->next);
}

// Splits a plain node of more than kSplitBytes, halving it until each part is under that.
void split_oversized(Quicklist* q, QNode* n) {
  while (lp_bytes(n->lp) > kSplitBytes && lp_count(n->lp) > 1) {
    QNode* r = split_node(q, n, lp_count(n->lp) / 2);
    split_oversized(q, r);
  }
}

// Finds the node holding element `index` (in range) and the index inside it.
QNode* find_node(const Quicklist* q, uint64_t index, size_t* in_node) {
  if (index < q->count / 2) {
    QNode* n = q->head;
    while (index >= node_elems(n)) {
      index -= node_elems(n);
      n = n->next;
    }
    *in_node = index;
    return n;
  }
  uint64_t back = q->count - 1 - index;  // distance from the tail
  QNode* n = q->tail;
  while (back >= node_elems(n)) {
    back -= node_elems(n);
    n = n->prev;
  }
  *in_node = node_elems(n) - 1 - back;
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
// List
// ---------------------------------------------------------------------------------------------

#define QL(obj) (static_cast<Quicklist*>(obj))
#define LP(obj) (static_cast<Lp>(obj))

// Turns a packed list into a one-node quicklist.
static Quicklist* to_quicklist(void** obj) {
  auto* q = new Quicklist;
  QNode* n = node_new(static_cast<Lp>(*obj));
  link_after(q, nullptr, n);
  q->count = lp_count(n->lp);
  *obj = q;
  return q;
}

List List::create(long long compress_depth) {
  if (compress_depth <= 0) return List(lp_new());
  auto* q = new Quicklist;  // no nodes yet
  q->depth = static_cast<uint32_t>(std::min(compress_depth, kMaxDepth));
  return List(q);
}

bool List::is_packed() const {
  return lp::total_bytes(static_cast<const unsigned char*>(obj_)) != 0;
}

size_t List::size() const { return is_packed() ? lp_count(LP(obj_)) : QL(obj_)->count; }

size_t List::node_count() const { return is_packed() ? 1 : QL(obj_)->nodes; }

unsigned List::compress_depth() const { return is_packed() ? 0 : QL(obj_)->depth; }

size_t List::compressed_nodes() const { return is_packed() ? 0 : QL(obj_)->compressed; }

size_t List::memory() const {
  if (is_packed()) return lp_bytes(LP(obj_));
  size_t total = sizeof(Quicklist);
  for (QNode* n = QL(obj_)->head; n; n = n->next) total += sizeof(QNode) + node_alloc(n);
  return total;
}

size_t List::listpack_bytes() const {
  if (is_packed()) return lp_bytes(LP(obj_));
  size_t total = 0;
  for (QNode* n = QL(obj_)->head; n; n = n->next) total += node_bytes(n);
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
  if (is_packed()) return List(view(LP(obj_)).clone().raw());
  const Quicklist* src = QL(obj_);
  auto* q = new Quicklist;
  q->depth = src->depth;
  for (QNode* n = src->head; n; n = n->next) {
    auto* copy = static_cast<Lp>(std::malloc(node_alloc(n)));
    if (!copy) throw std::bad_alloc();
    std::memcpy(copy, n->lp, node_alloc(n));
    QNode* c = node_new(copy);
    c->lzf = n->lzf;
    c->flags = n->flags & kNoGain;
    link_after(q, q->tail, c);
  }
  q->count = src->count;
  q->compressed = src->compressed;
  return List(q);
}

void List::visit_nodes(void (*cb)(void*, const NodeImage&), void* arg, bool inflate_all) const {
  auto bytes = [](const unsigned char* p, size_t n) {
    return std::string_view(reinterpret_cast<const char*>(p), n);
  };
  if (is_packed()) {
    Lp lp = LP(obj_);
    cb(arg, NodeImage{bytes(lp, lp_bytes(lp)), lp_bytes(lp), false});
    return;
  }
  for (QNode* n = QL(obj_)->head; n; n = n->next) {
    if (!n->lzf) {
      cb(arg, NodeImage{bytes(n->lp, lp_bytes(n->lp)), lp_bytes(n->lp), false});
    } else if (!inflate_all) {
      cb(arg, NodeImage{bytes(n->lp + kLzfHeader, n->lzf), node_bytes(n), true});
    } else {
      Lp lp = inflate(n);
      struct Free {
        Lp p;
        ~Free() { std::free(p); }
      } guard{lp};
      cb(arg, NodeImage{bytes(lp, lp_bytes(lp)), lp_bytes(lp), false});
    }
  }
}

// Turns a quicklist back into a packed list when it has shrunk to one node at most half full
// (the margin avoids converting back and forth at the boundary), or frees an empty one. A list
// created with a compression depth stays a quicklist, which carries the depth.
static void maybe_pack(void** obj, long long fill) {
  auto* q = static_cast<Quicklist*>(*obj);
  if (q->nodes > 1 || q->depth != 0) return;
  if (q->nodes == 1) {
    Lp lp = q->head->lp;
    if (!fits(fill, lp_bytes(lp) * 2, lp_count(lp) * 2)) return;
    delete q->head;
    delete q;
    *obj = lp;
    return;
  }
  delete q;
  *obj = lp_new();
}

void List::push(ListEnd end, std::string_view value, long long fill) {
  LpValue v = LpValue::from(value);
  bool head = end == ListEnd::kHead;
  if (is_packed()) {
    Lp lp = LP(obj_);
    if (accepts(fill, lp_bytes(lp), lp_count(lp), value.size())) {
      obj_ = lp_push(lp, head, v);
      return;
    }
    to_quicklist(&obj_);
  }
  Quicklist* q = QL(obj_);
  QNode* n = head ? q->head : q->tail;
  bool fresh_node = !n || !accepts(fill, node_bytes(n), node_elems(n), value.size());
  if (fresh_node) {
    QNode* fresh = node_new(lp_new());
    link_after(q, head ? nullptr : q->tail, fresh);
    n = fresh;
  }
  make_raw(q, n);
  n->lp = lp_push(n->lp, head, v);
  ++q->count;
  if (fresh_node) settle(q);  // a new end node pushes its neighbours further in
}

bool List::pop(ListEnd end, std::string* out, long long fill) {
  if (size() == 0) return false;
  bool head = end == ListEnd::kHead;
  if (is_packed()) {
    Listpack l = view(LP(obj_));
    unsigned char* p = head ? l.first() : l.last();
    *out = l.get(p).to_string();
    l.erase(p);
    obj_ = l.raw();
    return true;
  }
  Quicklist* q = QL(obj_);
  QNode* n = head ? q->head : q->tail;
  make_raw(q, n);
  Listpack l = view(n->lp);
  unsigned char* p = head ? l.first() : l.last();
  *out = l.get(p).to_string();
  l.erase(p);
  n->lp = l.raw();
  --q->count;
  if (l.empty()) {
    unlink_free(q, n);
    settle(q);
  }
  maybe_pack(&obj_, fill);
  return true;
}

List::Iterator::Iterator(Iterator&& o) noexcept
    : node_(o.node_), lp_(o.lp_), p_(o.p_), inflated_(o.inflated_) {
  o.inflated_ = nullptr;
  o.p_ = nullptr;
}

List::Iterator& List::Iterator::operator=(Iterator&& o) noexcept {
  if (this != &o) {
    std::free(inflated_);
    node_ = o.node_;
    lp_ = o.lp_;
    p_ = o.p_;
    inflated_ = o.inflated_;
    o.inflated_ = nullptr;
    o.p_ = nullptr;
  }
  return *this;
}

List::Iterator::~Iterator() { std::free(inflated_); }

void List::Iterator::enter(void* node) {
  auto* n = static_cast<QNode*>(node);
  node_ = n;
  std::free(inflated_);
  inflated_ = nullptr;
  if (n->lzf) {
    inflated_ = inflate(n);
    lp_ = inflated_;
  } else {
    lp_ = n->lp;
  }
}

List::Iterator List::at(long long index) const {
  Iterator it;
  long long n = static_cast<long long>(size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return it;
  if (is_packed()) {
    it.lp_ = LP(obj_);
    it.p_ = view(it.lp_).seek(index);
    return it;
  }
  size_t in_node;
  QNode* node = find_node(QL(obj_), static_cast<uint64_t>(index), &in_node);
  it.enter(node);
  it.p_ = view(it.lp_).seek(static_cast<long long>(in_node));
  return it;
}

ListElem List::Iterator::get() const { return lp::decode(p_); }

void List::Iterator::next() {
  p_ = view(lp_).next(p_);
  auto* n = static_cast<QNode*>(node_);
  if (!p_ && n && n->next) {
    enter(n->next);
    p_ = view(lp_).first();
  }
}

void List::Iterator::prev() {
  p_ = view(lp_).prev(p_);
  auto* n = static_cast<QNode*>(node_);
  if (!p_ && n && n->prev) {
    enter(n->prev);
    p_ = view(lp_).last();
  }
}

bool List::index(long long index, ListElem* out) const {
  Iterator it = at(index);
  if (!it.valid()) return false;
  *out = it.get();
  if (it.inflated_ && !out->is_int) {  // the iterator's copy dies with it
    thread_local std::string scratch;
    scratch.assign(out->str);
    out->str = scratch;
  }
  return true;
}

bool List::set(long long index, std::string_view value, long long fill) {
  long long len = static_cast<long long>(size());
  if (index < 0) index += len;
  if (index < 0 || index >= len) return false;
  LpValue v = LpValue::from(value);
  // Replaced in place, as Redis 7.0 does: the node may grow past its limit.
  if (is_packed()) {
    Listpack l = view(LP(obj_));
    l.replace(l.seek(index), &v);
    obj_ = l.raw();
    if (l.bytes() <= kSplitBytes) return true;
    split_oversized(to_quicklist(&obj_), QL(obj_)->head);
    return true;
  }
  Quicklist* q = QL(obj_);
  size_t in_node;
  QNode* n = find_node(q, static_cast<uint64_t>(index), &in_node);
  make_raw(q, n);
  Listpack l = view(n->lp);
  l.replace(l.seek(static_cast<long long>(in_node)), &v);
  n->lp = l.raw();
  if (lp_bytes(n->lp) > kSplitBytes) {
    split_oversized(q, n);
    settle_all(q);
  } else {
    settle(q, {n});
  }
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
  LpValue v = LpValue::from(value);
  // Byte offset of the insertion point inside the pivot's node (may be its end marker); the
  // same in the iterator's inflated copy as in the node.
  size_t off = view(it.lp_).offset(it.p_) + (after ? view(it.lp_).entry_size(it.p_) : 0);
  size_t k = in_node + (after ? 1 : 0);  // entries before the insertion point
  if (is_packed()) {
    Lp lp = LP(obj_);
    if (accepts(fill, lp_bytes(lp), lp_count(lp), value.size())) {
      obj_ = lp_insert(lp, lp + off, v);
      return true;
    }
    it.node_ = to_quicklist(&obj_)->head;
  }
  // Where the element goes, as Redis 7.0's _quicklistInsert decides: into the pivot's node when
  // it has room; at a node boundary into the neighbour when that has room, or a new node at the
  // list's end; else the node is split at the pivot and the pieces merged with their neighbours.
  Quicklist* q = QL(obj_);
  auto* n = static_cast<QNode*>(it.node_);
  ++q->count;
  size_t len = value.size();
  auto room = [&](QNode* x) { return x && accepts(fill, node_bytes(x), node_elems(x), len); };
  size_t cnt = node_elems(n);
  bool at_tail = after && k == cnt;
  bool at_head = !after && k == 0;
  if (room(n)) {
    make_raw(q, n);
    n->lp = lp_insert(n->lp, n->lp + off, v);
  } else if (at_tail && room(n->next)) {
    make_raw(q, n->next);
    n->next->lp = lp_push(n->next->lp, true, v);
  } else if (at_head && room(n->prev)) {
    make_raw(q, n->prev);
    n->prev->lp = lp_push(n->prev->lp, false, v);
  } else if ((at_tail && !n->next) || (at_head && !n->prev)) {
    link_after(q, at_tail ? n : nullptr, node_new(lp_push(lp_new(), true, v)));
  } else {
    make_raw(q, n);
    QNode* right = split_node(q, n, k);
    // Merges are then tried around the left piece, as Redis 7.0 ends up doing.
    if (after)  // n keeps the pivot; the element opens the piece after it
      right->lp = lp_push(right->lp, true, v);
    else  // the piece before the pivot takes the element at its end
      n->lp = lp_push(n->lp, false, v);
    QNode* center = n;
    merge_around(q, center, fill);
  }
  settle_all(q);
  return true;
}

size_t List::remove(std::string_view value, size_t count, bool from_tail, long long fill) {
  if (size() == 0) return 0;
  ListNeedle needle(value);
  size_t removed = 0;
  bool packed = is_packed();
  Quicklist* q = packed ? nullptr : QL(obj_);
  QNode* n = packed ? nullptr : (from_tail ? q->tail : q->head);
  if (n) make_raw(q, n);
  Listpack l = view(packed ? LP(obj_) : n->lp);
  unsigned char* p = from_tail ? l.last() : l.first();
  while (count == 0 || removed < count) {
    if (!p) {  // end of this node: continue in the neighbour
      QNode* next = n ? (from_tail ? n->prev : n->next) : nullptr;
      if (n && l.empty()) unlink_free(q, n);
      n = next;
      if (!n) break;
      make_raw(q, n);
      l = view(n->lp);
      p = from_tail ? l.last() : l.first();
      continue;
    }
    if (!needle.matches(l.get(p))) {
      p = from_tail ? l.prev(p) : l.next(p);
      continue;
    }
    size_t off = l.offset(p);
    unsigned char* after = l.erase(p);
    if (n)
      n->lp = l.raw();
    else
      obj_ = l.raw();
    ++removed;
    p = from_tail ? l.prev(l.at_offset(off)) : after;
  }
  if (n && l.empty()) unlink_free(q, n);
  if (q) {
    q->count -= removed;  // nodes are not merged afterwards, as in Redis
    settle_all(q);
    maybe_pack(&obj_, fill);
  }
  return removed;
}

void List::erase_end(ListEnd end, size_t n, long long fill) {
  bool tail = end == ListEnd::kTail;
  if (n == 0) return;
  if (is_packed()) {
    Listpack l = view(LP(obj_));
    if (tail)
      l.erase_tail(n);
    else
      l.erase_head(n);
    obj_ = l.raw();
    return;
  }
  Quicklist* q = QL(obj_);
  while (n > 0 && q->head) {
    QNode* node = tail ? q->tail : q->head;
    size_t cnt = node_elems(node);
    if (cnt <= n) {
      n -= cnt;
      q->count -= cnt;
      unlink_free(q, node);
      continue;
    }
    make_raw(q, node);
    Listpack l = view(node->lp);
    if (tail)
      l.erase_tail(n);
    else
      l.erase_head(n);
    node->lp = l.raw();
    q->count -= n;
    n = 0;
  }
  settle(q);
  maybe_pack(&obj_, fill);
}

bool List::check() const {
  if (is_packed()) return view(LP(obj_)).check();
  Quicklist* q = QL(obj_);
  uint64_t total = 0, nodes = 0, compressed = 0;
  QNode* prev = nullptr;
  for (QNode* n = q->head; n; prev = n, n = n->next) {
    if (n->prev != prev || node_elems(n) == 0 || (n->flags & kTouched)) return false;
    if (n->lzf) {
      Lp lp = inflate(n);
      bool ok = view(lp).check() && lp_bytes(lp) == node_bytes(n) && lp_count(lp) == node_elems(n);
      std::free(lp);
      if (!ok) return false;
      ++compressed;
    } else if (!view(n->lp).check()) {
      return false;
    }
    // The shape settle() keeps: end nodes plain, inner nodes compressed unless that did not pay.
    bool edge = nodes < q->depth || q->nodes < 2ull * q->depth;
    if (edge && n->lzf) return false;
    total += node_elems(n);
    ++nodes;
  }
  if (q->depth && q->nodes >= 2ull * q->depth) {
    uint64_t i = 0;
    for (QNode* n = q->head; n; n = n->next, ++i) {
      bool inner = i >= q->depth && i + q->depth < q->nodes;
      if (!inner && n->lzf) return false;
      if (inner && !n->lzf && !(n->flags & kNoGain)) return false;
    }
  }
  return prev == q->tail && total == q->count && nodes == q->nodes && compressed == q->compressed &&
         (q->depth != 0 || compressed == 0);
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
