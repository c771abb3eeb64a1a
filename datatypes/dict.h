// IntrusiveDict: a chained hash table with incremental rehashing and a Redis-compatible SCAN.
//
// The model is Redis's dict: a power-of-two bucket array of singly linked chains, and during a
// resize two arrays at once. Every operation moves a bucket or so from the old array to the new
// one (and a timer moves more), so growing to millions of entries never pauses the server.
//
// Nodes are intrusive: the table stores the caller's node pointers and reaches the chain link and
// the key through a Traits class, so an entry can be one allocation holding its link, key and
// value (see keyspace.h). Traits must provide:
//   using Node = ...;
//   static Node*& next(Node*);
//   static std::string_view key(const Node*);
//
// SCAN uses Redis's reverse-binary cursor: the cursor's high bits are incremented, so every bucket
// of a smaller table maps to a contiguous run of cursor values in a bigger one. An element present
// for a whole scan is returned at least once, across any number of grows and shrinks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string_view>
#include <utility>

#include "datatypes/hash.h"

namespace sable {

template <class Traits>
class IntrusiveDict {
 public:
  using Node = typename Traits::Node;

  IntrusiveDict() = default;
  IntrusiveDict(const IntrusiveDict&) = delete;
  IntrusiveDict& operator=(const IntrusiveDict&) = delete;
  IntrusiveDict(IntrusiveDict&& o) noexcept { swap(o); }
  IntrusiveDict& operator=(IntrusiveDict&& o) noexcept {
    swap(o);
    return *this;
  }
  ~IntrusiveDict() {
    std::free(t_[0].buckets);
    std::free(t_[1].buckets);
  }

  void swap(IntrusiveDict& o) noexcept {
    std::swap(t_[0], o.t_[0]);
    std::swap(t_[1], o.t_[1]);
    std::swap(rehash_idx_, o.rehash_idx_);
  }

  size_t size() const { return t_[0].used + t_[1].used; }
  size_t bucket_count() const { return t_[0].size + t_[1].size; }
  bool rehashing() const { return rehash_idx_ >= 0; }
  size_t memory_bytes() const { return (t_[0].size + t_[1].size) * sizeof(Node*); }

  Node* find(std::string_view key) {
    Node** link = find_link(key);
    return link ? *link : nullptr;
  }

  // Where a node lives: the link that points at it (so it can be replaced or unlinked in place)
  // and which of the two tables holds it.
  struct Slot {
    Node** link = nullptr;
    int table = 0;
    explicit operator bool() const { return link != nullptr; }
  };

  Slot find_slot(std::string_view key) {
    if (size() == 0) return {};
    step_if_rehashing();
    uint64_t h = hash_bytes(key);
    for (int t = 0; t <= 1; ++t) {
      Table& tb = t_[t];
      if (tb.size == 0) continue;
      Node** link = &tb.buckets[h & tb.mask];
      while (*link) {
        if (Traits::key(*link) == key) return {link, t};
        link = &Traits::next(*link);
      }
      if (!rehashing()) break;
    }
    return {};
  }
  Node** find_link(std::string_view key) { return find_slot(key).link; }

  // Inserts a node whose key is not present yet.
  void insert(Node* n) {
    step_if_rehashing();
    grow_if_needed();
    Table& tb = rehashing() ? t_[1] : t_[0];
    Node*& head = tb.buckets[hash_bytes(Traits::key(n)) & tb.mask];
    Traits::next(n) = head;
    head = n;
    ++tb.used;
  }

  // Replaces the node at `link` (from find_link) with `n`, which has the same key.
  void replace(Node** link, Node* n) {
    Traits::next(n) = Traits::next(*link);
    *link = n;
  }

  // Unlinks the node at `slot` (from find_slot) and returns it.
  Node* unlink(Slot slot) {
    Node* n = *slot.link;
    *slot.link = Traits::next(n);
    Traits::next(n) = nullptr;
    --t_[slot.table].used;
    return n;
  }

  Node* remove(std::string_view key) {
    Slot s = find_slot(key);
    return s ? unlink(s) : nullptr;
  }

  // Moves up to `n` buckets from the old table; returns true while rehashing continues.
  bool rehash(int n) {
    if (!rehashing()) return false;
    int empty_visits = n * 10;
    while (n-- && t_[0].used > 0) {
      while (t_[0].buckets[rehash_idx_] == nullptr) {
        ++rehash_idx_;
        if (--empty_visits == 0) return true;
      }
      Node* e = t_[0].buckets[rehash_idx_];
      while (e) {
        Node* nx = Traits::next(e);
        Node*& head = t_[1].buckets[hash_bytes(Traits::key(e)) & t_[1].mask];
        Traits::next(e) = head;
        head = e;
        --t_[0].used;
        ++t_[1].used;
        e = nx;
      }
      t_[0].buckets[rehash_idx_] = nullptr;
      ++rehash_idx_;
    }
    if (t_[0].used == 0) {
      std::free(t_[0].buckets);
      t_[0] = t_[1];
      t_[1] = Table{};
      rehash_idx_ = -1;
      return false;
    }
    return true;
  }

  // Starts shrinking when the table is under 10% full (Redis's HASHTABLE_MIN_FILL).
  void shrink_if_needed() {
    if (rehashing() || t_[0].size <= kMinSize) return;
    if (t_[0].used * 10 < t_[0].size) start_resize(t_[0].used);
  }

  // Visits the bucket(s) at `cursor` and returns the next cursor (0 when the scan is complete).
  template <class F>
  uint64_t scan(uint64_t cursor, F&& fn) {
    if (size() == 0) return 0;
    if (!rehashing()) {
      Table& t = t_[0];
      visit_chain(t.buckets[cursor & t.mask], fn);
      cursor = next_cursor(cursor, t.mask);
    } else {
      Table* small = &t_[0];
      Table* big = &t_[1];
      if (small->size > big->size) std::swap(small, big);
      visit_chain(small->buckets[cursor & small->mask], fn);
      // Every bucket of the big table that expands the small table's bucket.
      do {
        visit_chain(big->buckets[cursor & big->mask], fn);
        cursor = next_cursor(cursor, big->mask);
      } while (cursor & (small->mask ^ big->mask));
    }
    return cursor;
  }

  // A random node, or nullptr when empty. Every node is (nearly) equally likely: a random bucket
  // and a random slot below a bound on chain length are drawn until the slot holds a node
  // (rejection sampling), so a node sharing its bucket is not picked less often than one alone.
  // The bound starts at 4 and rises to the longest chain seen; after many misses (a very sparse
  // table) any node in the drawn bucket is taken.
  template <class Rng>
  Node* random_node(Rng& rng) {
    if (size() == 0) return nullptr;
    step_if_rehashing();
    size_t bound = 4;
    for (int tries = 0;; ++tries) {
      Node* head = nullptr;
      if (rehashing()) {
        size_t span = t_[0].size + t_[1].size;
        size_t i = rng() % span;
        if (i < t_[0].size) {
          if (static_cast<long>(i) < rehash_idx_) continue;  // already moved: empty
          head = t_[0].buckets[i];
        } else {
          head = t_[1].buckets[i - t_[0].size];
        }
      } else {
        head = t_[0].buckets[rng() & t_[0].mask];
      }
      if (!head) continue;
      size_t len = 0;
      for (Node* e = head; e; e = Traits::next(e)) ++len;
      if (len > bound) bound = len;
      size_t k = rng() % (tries < 4096 ? bound : len);
      if (k >= len) continue;
      while (k--) head = Traits::next(head);
      return head;
    }
  }

  // Calls fn(node) for every node. fn must not modify the table.
  template <class F>
  void for_each(F&& fn) {
    for (int t = 0; t <= 1; ++t)
      for (size_t i = 0; i < t_[t].size; ++i)
        for (Node* e = t_[t].buckets[i]; e;) {
          Node* nx = Traits::next(e);
          fn(e);
          e = nx;
        }
  }

  // Removes every node, handing each to `destroy`.
  template <class F>
  void clear(F&& destroy) {
    for_each(destroy);
    std::free(t_[0].buckets);
    std::free(t_[1].buckets);
    t_[0] = t_[1] = Table{};
    rehash_idx_ = -1;
  }

 private:
  struct Table {
    Node** buckets = nullptr;
    size_t size = 0;
    size_t mask = 0;
    size_t used = 0;
  };
  static constexpr size_t kMinSize = 4;

  static uint64_t next_cursor(uint64_t v, uint64_t mask) {
    // Increment the reversed cursor: set the bits outside the mask, reverse, add one, reverse.
    v |= ~mask;
    v = reverse_bits(v);
    ++v;
    return reverse_bits(v);
  }
  static uint64_t reverse_bits(uint64_t v) {
    v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
    v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
    v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
    return __builtin_bswap64(v);
  }

  template <class F>
  static void visit_chain(Node* e, F& fn) {
    while (e) {
      Node* nx = Traits::next(e);
      fn(e);
      e = nx;
    }
  }

  void step_if_rehashing() {
    if (rehashing()) rehash(1);
  }

  void grow_if_needed() {
    if (rehashing()) return;
    if (t_[0].size == 0) {
      start_resize(kMinSize);
      // A fresh table needs no migration.
      return;
    }
    if (t_[0].used >= t_[0].size) start_resize(t_[0].used + 1);
  }

  void start_resize(size_t want) {
    size_t sz = kMinSize;
    while (sz < want) sz <<= 1;
    if (t_[0].size == sz) return;
    Node** b = static_cast<Node**>(std::calloc(sz, sizeof(Node*)));
    if (t_[0].size == 0) {
      t_[0] = Table{b, sz, sz - 1, 0};
      return;
    }
    t_[1] = Table{b, sz, sz - 1, 0};
    rehash_idx_ = 0;
  }

  Table t_[2];
  long rehash_idx_ = -1;
};

}  // namespace sable
