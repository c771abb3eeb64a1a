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
// Compression (list-compress-depth, fixed when the list is created, as in Redis 7.0): a list
// created with a depth d > 0 is a quicklist from the start and stays one. Its d nodes at each end
// stay plain listpacks; every node further in is kept LZF-compressed whenever that pays as
// Redis's rule has it (the node has at least 48 bytes and shrinks by more than 8). Reads inflate
// an inner node into the reader's own buffer and leave the list as it is; writes inflate the node
// they change and compress again whatever has become inner.
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
  // A new empty list; `compress_depth` is list-compress-depth at creation (capped at 65535, as
  // Redis's quicklist does).
  static List create(long long compress_depth = 0);

  void* raw() const { return obj_; }
  bool is_packed() const;
  size_t size() const;
  size_t node_count() const;  // 1 for a packed list
  size_t memory() const;      // bytes allocated, for MEMORY USAGE
  size_t listpack_bytes() const;  // the nodes' listpack sizes, compressed ones counted inflated
  unsigned compress_depth() const;
  size_t compressed_nodes() const;
  void destroy();
  List clone() const;

  void push(ListEnd end, std::string_view value, long long fill);
  // Removes one element from `end` into *out. False when empty.
  bool pop(ListEnd end, std::string* out, long long fill);

  // Element at `index` (negative counts from the tail). False when out of range. A string read
  // from a compressed node lives in a per-thread buffer until the next index() call.
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

  // A cursor over elements, either direction. Invalidated by any change to the list. An element
  // read from a compressed node is a view into the cursor's own copy of that node, valid until
  // the cursor moves to another node (move-only for that reason).
  class Iterator {
   public:
    Iterator() = default;
    Iterator(Iterator&&) noexcept;
    Iterator& operator=(Iterator&&) noexcept;
    Iterator(const Iterator&) = delete;
    Iterator& operator=(const Iterator&) = delete;
    ~Iterator();

    bool valid() const { return p_ != nullptr; }
    ListElem get() const;
    void next();  // towards the tail
    void prev();  // towards the head

   private:
    friend class List;
    void enter(void* node);  // points lp_ at the node's listpack, inflating it when compressed
    void* node_ = nullptr;  // quicklist node, or null for a packed list
    unsigned char* lp_ = nullptr;
    unsigned char* p_ = nullptr;
    unsigned char* inflated_ = nullptr;  // our copy of a compressed node (lp_ then points here)
  };
  // Cursor at `index` (negative from the tail); invalid when out of range.
  Iterator at(long long index) const;

  // One node as stored: a Redis 7 listpack, or (compressed) its LZF bytes, raw_size being the
  // listpack's size. The RDB writer stores both as Redis does.
  struct NodeImage {
    std::string_view bytes;
    size_t raw_size;
    bool compressed;
  };
  // Calls fn(NodeImage) for each node, head to tail.
  template <class F>
  void for_each_node(F&& fn) const {
    visit_nodes([](void* f, const NodeImage& n) { (*static_cast<F*>(f))(n); }, &fn, false);
  }
  // Calls fn(bytes) with each node's listpack, head to tail, inflating compressed nodes.
  template <class F>
  void for_each_listpack(F&& fn) const {
    visit_nodes([](void* f, const NodeImage& n) { (*static_cast<F*>(f))(n.bytes); }, &fn, true);
  }

  // Checks internal invariants (counts, byte sizes, links, which nodes are compressed); for tests.
  bool check() const;

 private:
  void visit_nodes(void (*cb)(void*, const NodeImage&), void* arg, bool inflate) const;

  void* obj_;
};

// Registers the list engine's free/clone/size handlers (see register_engine_ops).
void register_list_ops();

// Parses a canonical decimal int64 exactly as lists store integers ("-0", "01", "+1" are not).
inline bool list_strict_int(std::string_view s, int64_t* out) { return lp_strict_int(s, out); }

}  // namespace sable
