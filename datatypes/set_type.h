// The set engine: unordered collections of unique strings, with no RESP and no I/O.
//
// Redis 7.0 has two set encodings and Sable follows it so OBJECT ENCODING agrees:
//  * intset: a sorted array of integers in ONE buffer, [width 4][length 4][values...], where the
//    width (2, 4 or 8 bytes) is the smallest that holds every member; adding a wider value
//    upgrades the whole array. Used while every member is an integer in canonical form (what
//    Redis's string2ll accepts) and there are at most set-max-intset-entries members.
//  * hashtable: an IntrusiveDict of single-allocation nodes [next ptr 8][length varint][bytes].
// A set never converts back from hashtable to intset.
//
// A Set is a non-owning view of (encoding, pointer) as the keyspace entry stores them; mutating
// calls may reallocate or convert, and the caller writes `enc` and `ptr` back to the entry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>

#include "datatypes/dict.h"
#include "datatypes/numbers.h"
#include "datatypes/object.h"

namespace sable {

struct SetLimits {
  size_t max_intset_entries = 512;
};

struct SetNode;
struct SetNodeTraits {
  using Node = SetNode;
  static SetNode*& next(SetNode* n) { return *reinterpret_cast<SetNode**>(n); }
  static std::string_view key(const SetNode* n);
};
using SetDict = IntrusiveDict<SetNodeTraits>;

// The intset buffer: sorted integers of one width.
struct Intset {
  uint32_t width;   // bytes per value: 2, 4 or 8
  uint32_t length;  // number of values
  unsigned char data[1];

  static Intset* create();
  int64_t get(size_t i) const {
    if (width == 2) {
      int16_t v;
      std::memcpy(&v, data + i * 2, 2);
      return v;
    }
    if (width == 4) {
      int32_t v;
      std::memcpy(&v, data + i * 4, 4);
      return v;
    }
    int64_t v;
    std::memcpy(&v, data + i * 8, 8);
    return v;
  }
  // Binary search: true and the index when found, else false and the insertion point.
  bool search(int64_t v, size_t* pos) const;
  bool contains(int64_t v) const {
    size_t pos;
    return search(v, &pos);
  }
  // Both may reallocate: they return the (possibly moved) intset.
  static Intset* add(Intset* is, int64_t v, bool* added);
  static Intset* remove_at(Intset* is, size_t pos);
  size_t bytes() const { return 8 + static_cast<size_t>(width) * length; }
};

class Set {
 public:
  Set() = default;
  Set(Encoding e, void* p) : enc(e), ptr(p) {}
  static Set create_intset();
  static Set create_hashtable();

  Encoding enc = Encoding::kIntset;
  void* ptr = nullptr;

  size_t size() const;
  bool empty() const { return size() == 0; }
  bool contains(std::string_view member) const;
  // Adds a member (converting to hashtable when Redis would). Returns true when it was new.
  bool add(std::string_view member, const SetLimits& lim);
  bool remove(std::string_view member);
  void convert_to_hashtable();

  // Visits every member: ascending for intset, table order for hashtable.
  template <class F>
  void for_each(F&& fn) const {
    if (enc == Encoding::kIntset) {
      const Intset* is = intset();
      char buf[24];
      for (size_t i = 0; i < is->length; ++i)
        fn(std::string_view(buf, format_int64(is->get(i), buf)));
    } else {
      dict()->for_each([&](SetNode* n) { fn(SetNodeTraits::key(n)); });
    }
  }

  // One SCAN step; an intset returns everything at once and cursor 0, as Redis does.
  template <class F>
  uint64_t scan(uint64_t cursor, F&& fn) const {
    if (enc == Encoding::kIntset) {
      for_each(fn);
      return 0;
    }
    return dict()->scan(cursor, [&](SetNode* n) { fn(SetNodeTraits::key(n)); });
  }

  // A random member (copied out). The set must not be empty.
  std::string random_member(std::mt19937_64& rng) const;
  // Removes and returns a random member. The set must not be empty.
  std::string pop_random(std::mt19937_64& rng);

  void destroy();
  Set clone() const;
  size_t memory() const;

  Intset* intset() const { return static_cast<Intset*>(ptr); }
  SetDict* dict() const { return static_cast<SetDict*>(ptr); }
};

// Registers destroy/clone/memory for sets with the keyspace.
void register_set_ops();

}  // namespace sable
