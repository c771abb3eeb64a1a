// The list engine: packed buffers (listpacks, from datatypes/listpack.h) and the linked list of
// them ("quicklist"). See list_type.h for the model; node byte budgets count listpack bytes
// exactly as Redis 7.0 does, so nodes split where Redis's do.
#include "datatypes/list_type.h"

#include <cstdlib>
#include <cstring>
#include <new>

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
// Bytes an element takes in a node, its back-length included.
size_t elem_bytes(const LpValue& v) { return v.size() + varint::back_size(v.size()); }

Lp lp_insert(Lp lp, unsigned char* at, const LpValue& v) {
  Listpack l = view(lp);
  l.insert(at, &v);
  return l.raw();
}
Lp lp_push(Lp lp, bool head, const LpValue& v) {
  return lp_insert(lp, head ? view(lp).first() : nullptr, v);
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
  uint32_t marker = 0;  // where a listpack keeps its byte count, never 0 there
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
  Listpack l = view(n->lp);
  Listpack right = l.split(k);
  n->lp = l.raw();
  QNode* r = node_new(right.raw());
  link_after(q, n, r);
  return r;
}

// Appends `b`'s entries to `a` and frees `b` (they must be neighbours, a before b).
void merge_into(Quicklist* q, QNode* a, QNode* b) {
  Listpack l = view(a->lp);
  l.merge(view(b->lp));
  a->lp = l.raw();
  b->lp = nullptr;
  unlink_free(q, b);
}

bool can_merge(long long fill, const QNode* a, const QNode* b) {
  return fits(fill, lp_bytes(a->lp) + lp_bytes(b->lp) - lp::kEmptyBytes,
              lp_count(a->lp) + lp_count(b->lp));
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
// List
// ---------------------------------------------------------------------------------------------

#define QL(obj) (static_cast<Quicklist*>(obj))
#define LP(obj) (static_cast<Lp>(obj))

List List::create() { return List(lp_new()); }

bool List::is_packed() const {
  return lp::total_bytes(static_cast<const unsigned char*>(obj_)) != 0;
}

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
  if (is_packed()) return List(view(LP(obj_)).clone().raw());
  auto* q = new Quicklist;
  for (QNode* n = QL(obj_)->head; n; n = n->next)
    link_after(q, q->tail, node_new(view(n->lp).clone().raw()));
  q->count = QL(obj_)->count;
  return List(q);
}

void List::visit_listpacks(void (*cb)(void*, std::string_view), void* arg) const {
  auto bytes = [](Lp lp) {
    return std::string_view(reinterpret_cast<const char*>(lp), lp_bytes(lp));
  };
  if (is_packed()) {
    cb(arg, bytes(LP(obj_)));
    return;
  }
  for (QNode* n = QL(obj_)->head; n; n = n->next) cb(arg, bytes(n->lp));
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
    if (fits(fill, lp_bytes(lp) + elem_bytes(v), lp_count(lp) + 1)) {
      obj_ = lp_push(lp, head, v);
      return;
    }
    to_quicklist(&obj_);
  }
  Quicklist* q = QL(obj_);
  QNode* n = head ? q->head : q->tail;
  if (!fits(fill, lp_bytes(n->lp) + elem_bytes(v), lp_count(n->lp) + 1)) {
    QNode* fresh = node_new(lp_new());
    link_after(q, head ? nullptr : q->tail, fresh);
    n = fresh;
  }
  n->lp = lp_push(n->lp, head, v);
  ++q->count;
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
  Listpack l = view(n->lp);
  unsigned char* p = head ? l.first() : l.last();
  *out = l.get(p).to_string();
  l.erase(p);
  n->lp = l.raw();
  --q->count;
  if (l.empty()) unlink_free(q, n);
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
    it.p_ = view(it.lp_).seek(index);
    return it;
  }
  size_t in_node;
  QNode* node = find_node(QL(obj_), static_cast<uint64_t>(index), &in_node);
  it.node_ = node;
  it.lp_ = node->lp;
  it.p_ = view(node->lp).seek(static_cast<long long>(in_node));
  return it;
}

ListElem List::Iterator::get() const { return lp::decode(p_); }

void List::Iterator::next() {
  p_ = view(lp_).next(p_);
  auto* n = static_cast<QNode*>(node_);
  if (!p_ && n && n->next) {
    node_ = n->next;
    lp_ = n->next->lp;
    p_ = view(lp_).first();
  }
}

void List::Iterator::prev() {
  p_ = view(lp_).prev(p_);
  auto* n = static_cast<QNode*>(node_);
  if (!p_ && n && n->prev) {
    node_ = n->prev;
    lp_ = n->prev->lp;
    p_ = view(lp_).last();
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
  LpValue v = LpValue::from(value);
  bool packed = is_packed();  // asked before the edit moves the buffer obj_ may point at
  Listpack l = view(it.lp_);
  l.replace(it.p_, &v);
  if (packed) {
    obj_ = l.raw();
    if (fits(fill, l.bytes(), l.size())) return true;
    Quicklist* q = to_quicklist(&obj_);
    split_oversized(q, q->head, fill);
    return true;
  }
  auto* n = static_cast<QNode*>(it.node_);
  n->lp = l.raw();
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
  LpValue v = LpValue::from(value);
  size_t add = elem_bytes(v);
  // Byte offset of the insertion point inside the pivot's node (may be its end marker).
  size_t off = view(it.lp_).offset(it.p_) + (after ? view(it.lp_).entry_size(it.p_) : 0);
  size_t k = in_node + (after ? 1 : 0);  // entries before the insertion point
  if (is_packed()) {
    Lp lp = LP(obj_);
    if (fits(fill, lp_bytes(lp) + add, lp_count(lp) + 1)) {
      obj_ = lp_insert(lp, lp + off, v);
      return true;
    }
    it.node_ = to_quicklist(&obj_)->head;
  }
  Quicklist* q = QL(obj_);
  auto* n = static_cast<QNode*>(it.node_);
  ++q->count;
  auto room = [&](QNode* x) { return x && fits(fill, lp_bytes(x->lp) + add, lp_count(x->lp) + 1); };
  if (room(n)) {
    n->lp = lp_insert(n->lp, n->lp + off, v);
    return true;
  }
  size_t cnt = lp_count(n->lp);
  if (k == cnt && room(n->next)) {
    n->next->lp = lp_push(n->next->lp, true, v);
  } else if (k == 0 && room(n->prev)) {
    n->prev->lp = lp_push(n->prev->lp, false, v);
  } else if (k == 0 || k == cnt) {
    QNode* fresh = node_new(lp_push(lp_new(), true, v));
    link_after(q, k == 0 ? n->prev : n, fresh);
  } else {
    QNode* right = split_node(q, n, k);
    if (room(n))
      n->lp = lp_push(n->lp, false, v);
    else if (room(right))
      right->lp = lp_push(right->lp, true, v);
    else
      link_after(q, n, node_new(lp_push(lp_new(), true, v)));
  }
  return true;
}

size_t List::remove(std::string_view value, size_t count, bool from_tail, long long fill) {
  ListNeedle needle(value);
  size_t removed = 0;
  bool packed = is_packed();
  Quicklist* q = packed ? nullptr : QL(obj_);
  QNode* n = packed ? nullptr : (from_tail ? q->tail : q->head);
  Listpack l = view(packed ? LP(obj_) : n->lp);
  unsigned char* p = from_tail ? l.last() : l.first();
  while (count == 0 || removed < count) {
    if (!p) {  // end of this node: continue in the neighbour
      QNode* next = n ? (from_tail ? n->prev : n->next) : nullptr;
      if (n && l.empty()) unlink_free(q, n);
      n = next;
      if (!n) break;
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
    size_t cnt = lp_count(node->lp);
    if (cnt <= n) {
      n -= cnt;
      q->count -= cnt;
      unlink_free(q, node);
      continue;
    }
    Listpack l = view(node->lp);
    if (tail)
      l.erase_tail(n);
    else
      l.erase_head(n);
    node->lp = l.raw();
    q->count -= n;
    n = 0;
  }
  maybe_pack(&obj_, fill);
}

bool List::check() const {
  if (is_packed()) return view(LP(obj_)).check();
  Quicklist* q = QL(obj_);
  uint64_t total = 0, nodes = 0;
  QNode* prev = nullptr;
  for (QNode* n = q->head; n; prev = n, n = n->next) {
    if (n->prev != prev || lp_count(n->lp) == 0 || !view(n->lp).check()) return false;
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
