// The hash engine: field → value maps in two encodings, with no RESP and no I/O.
//
// Small hashes are a "listpack" (datatypes/listpack.h, shape kLpForwardPairs): ONE malloc'd buffer
// holding field/value pairs in insertion order, each element a Redis listpack string (a 1-byte
// header below 64 bytes) and no back-lengths, since a hash is only walked forwards. Values stay
// strings, never integers, so lookups hand out views into the buffer. A 5-byte field with a
// 5-byte value costs 12 bytes. Lookups are linear, which is cheap at the sizes allowed
// (hash-max-listpack-entries, 128 by default).
//
// Big hashes are a "hashtable": an IntrusiveDict whose nodes are single allocations
//   [next ptr 8][field length varint][field bytes][value length varint][value bytes]
// so a field/value pair costs one allocation (Redis spends a dictEntry and two sds strings).
//
// A Hash is a non-owning view of (encoding, pointer) as the keyspace entry stores them. Mutating
// calls may reallocate the buffer or convert the encoding (listpack → hashtable, never back, as
// Redis 7.0); the caller writes the view's new `enc` and `ptr` back to the entry. The thresholds
// come from the caller (the command layer reads them from the configuration).
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "datatypes/dict.h"
#include "datatypes/listpack.h"
#include "datatypes/object.h"

namespace sable {

struct HashLimits {
  size_t max_listpack_entries = 128;
  size_t max_listpack_value = 64;
};

// Hashtable node: see the layout above. Only the engine creates them.
struct HashNode;
struct HashNodeTraits {
  using Node = HashNode;
  static HashNode*& next(HashNode* n) { return *reinterpret_cast<HashNode**>(n); }
  static std::string_view key(const HashNode* n);
  static std::string_view value(const HashNode* n);
};
using HashDict = IntrusiveDict<HashNodeTraits>;

namespace hash_listpack {
// Walks the listpack `lp`, calling fn(field, value) for each pair in insertion order.
template <class F>
void for_each(const void* lp, F&& fn);
}  // namespace hash_listpack

class Hash {
 public:
  using Pair = std::pair<std::string_view, std::string_view>;

  Hash() = default;
  Hash(Encoding e, void* p) : enc(e), ptr(p) {}
  static Hash create();  // an empty listpack

  Encoding enc = Encoding::kListpack;
  void* ptr = nullptr;

  size_t size() const;
  bool empty() const { return size() == 0; }
  // Value of `field`: a view into the hash, valid until the next mutation.
  bool get(std::string_view field, std::string_view* value) const;
  bool exists(std::string_view field) const;

  // Sets a field (converting the encoding when Redis would). Returns true when it was new.
  bool set(std::string_view field, std::string_view value, const HashLimits& lim);
  // Converts first when any of these lengths is over the listpack value limit (HSET checks every
  // argument before inserting any, as Redis's hashTypeTryConversion).
  void convert_if_too_long(std::string_view s, const HashLimits& lim);
  bool del(std::string_view field);
  void convert_to_hashtable();

  // Visits every pair: insertion order for listpack, table order for hashtable.
  template <class F>
  void for_each(F&& fn) const {
    if (enc == Encoding::kListpack) {
      hash_listpack::for_each(ptr, fn);
    } else {
      dict()->for_each([&](HashNode* n) { fn(HashNodeTraits::key(n), HashNodeTraits::value(n)); });
    }
  }
  std::vector<Pair> pairs() const;

  // One SCAN step. Listpacks return everything at once and cursor 0, as Redis does.
  template <class F>
  uint64_t scan(uint64_t cursor, F&& fn) const {
    if (enc == Encoding::kListpack) {
      for_each(fn);
      return 0;
    }
    return dict()->scan(cursor,
                        [&](HashNode* n) { fn(HashNodeTraits::key(n), HashNodeTraits::value(n)); });
  }

  // A uniformly chosen-ish pair (hashtable: random bucket, then chain position, like Redis).
  Pair random_pair(std::mt19937_64& rng) const;

  // Object operations (registered for ObjType::kHash by register_hash_ops).
  void destroy();
  Hash clone() const;
  size_t memory() const;

  HashDict* dict() const { return static_cast<HashDict*>(ptr); }

 private:
  bool lp_set(std::string_view field, std::string_view value);
  bool lp_del(std::string_view field);
};

// Registers destroy/clone/memory for hashes with the keyspace.
void register_hash_ops();

// ---- inline listpack walk ----
namespace hash_listpack {
template <class F>
void for_each(const void* lpp, F&& fn) {
  const unsigned char* p = static_cast<const unsigned char*>(lpp) + lp::kHeader;
  while (*p != lp::kEof) {
    std::string_view f, v;
    p += lp::read_string(p, &f);
    p += lp::read_string(p, &v);
    fn(f, v);
  }
}
}  // namespace hash_listpack

}  // namespace sable
