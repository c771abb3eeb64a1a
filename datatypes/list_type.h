// The list engine: a sequence of byte strings with O(1) push and pop at both ends.
//
// Two representations, chosen by size, behind one List handle:
//
//  * packed: ONE listpack (datatypes/listpack.h, shape kLpSingles: byte for byte a Redis 7
//    listpack) holding every element. Canonical decimal integers ("42", "-7", not "007") are
//    stored as integers in 1-9 bytes, other strings as a length header and their bytes; each
//    element ends with its length written backwards, so the buffer walks from either end.
//  * quicklist: a doubly linked list of such buffers ("nodes"), each bounded by
//    list-max-listpack-size (negative: a byte budget of 4/8/16/32/64 KB for -1..-5; positive: an
//    element count, with an 8 KB safety cap). Pushes fill the end nodes and open a new node when
//    full; index lookups skip whole nodes by their counts, walking from the nearer end.
//
// A list starts packed and becomes a quicklist once its buffer would exceed one node; it returns
// to packed when it shrinks to a single node at most half full. Either way OBJECT ENCODING says
// "quicklist", as Redis 7.0 does for every list (its listpack encoding for lists came in 7.2).
//
// The value stored in the keyspace is the pointer returned by List::raw(); its first four bytes
// tell the representation (a listpack's byte count is never 0; a quicklist's marker is). Mutating
// calls may move the object: callers store raw() back into the keyspace entry after every change.
// No RESP and no I/O here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "datatypes/listpack.h"

namespace sable {

// One element as read from a list: an integer or a view of bytes inside the list (valid until
// the list is next modified), and a value to search for (LPOS, LREM, LINSERT).
using ListElem = LpElem;
using ListNeedle = LpNeedle;

enum class ListEnd { kHead, kTail };

class List {
 public:
  // Every mutating call takes `fill`, the node size limit (list-max-listpack-size).
  explicit List(void* obj = nullptr) : obj_(obj) {}
  static List create();

  void* raw() const { return obj_; }
  bool is_packed() const;
  size_t size() const;
  size_t node_count() const;  // 1 for a packed list
  size_t memory() const;      // bytes allocated, for MEMORY USAGE
  void destroy();
  List clone() const;

  void push(ListEnd end, std::string_view value, long long fill);
  // Removes one element from `end` into *out. False when empty.
  bool pop(ListEnd end, std::string* out, long long fill);

  // Element at `index` (negative counts from the tail). False when out of range.
  bool index(long long index, ListElem* out) const;
  // Replaces the element at `index`. False when out of range.
  bool set(long long index, std::string_view value, long long fill);
  // Inserts `value` before or after the first element equal to `pivot`. False when not found.
  bool insert(std::string_view pivot, bool after, std::string_view value, long long fill);
  // Removes up to `count` elements equal to `value` (0: all), scanning from the head, or from the
  // tail when `from_tail`. Returns how many were removed.
  size_t remove(std::string_view value, size_t count, bool from_tail, long long fill);
  // Removes `n` elements from one end.
  void erase_end(ListEnd end, size_t n, long long fill);

  // A cursor over elements, either direction. Invalidated by any change to the list.
  class Iterator {
   public:
    bool valid() const { return p_ != nullptr; }
    ListElem get() const;
    void next();  // towards the tail
    void prev();  // towards the head

   private:
    friend class List;
    void* node_ = nullptr;  // quicklist node, or null for a packed list
    unsigned char* lp_ = nullptr;
    unsigned char* p_ = nullptr;
  };
  // Cursor at `index` (negative from the tail); invalid when out of range.
  Iterator at(long long index) const;

  // Calls fn(bytes) with each node's listpack, head to tail (a Redis 7 listpack each; the RDB
  // writer stores them as quicklist nodes).
  template <class F>
  void for_each_listpack(F&& fn) const {
    visit_listpacks([](void* f, std::string_view lp) { (*static_cast<F*>(f))(lp); }, &fn);
  }

  // Checks internal invariants (counts, byte sizes, links); for tests.
  bool check() const;

 private:
  void visit_listpacks(void (*cb)(void*, std::string_view), void* arg) const;

  void* obj_;
};

// Registers the list engine's free/clone/size handlers (see register_engine_ops).
void register_list_ops();

// Parses a canonical decimal int64 exactly as lists store integers ("-0", "01", "+1" are not).
inline bool list_strict_int(std::string_view s, int64_t* out) { return lp_strict_int(s, out); }

}  // namespace sable
