// The sorted set engine: members ordered by (score, member), with member -> score lookup.
//
// Two encodings, chosen like Redis (OBJECT ENCODING reports the same names):
//
//  * "listpack": one listpack (datatypes/listpack.h, shape kLpPairs) of entries sorted by
//    (score, member). Each entry is [member: string element][score][back-length of both]. An
//    integral score below 2^53 is an integer element (1 byte for 0..127, 2 for -4096..4095, …);
//    any other is an 8-byte string element holding the double, so nothing is parsed on reads.
//    The back-length lets the buffer be walked in both directions. Every operation is a linear
//    scan, which is the fastest thing for the small sets this encoding is limited to.
//
//  * "skiplist": a skiplist with spans (rank in O(log n), as in Redis) whose nodes are ALSO the
//    hash-table entries of an IntrusiveDict keyed by member. A node is one allocation:
//      [dict chain 8][score 8][backward 8][level 1][level x (forward 8, span 4)][len
//      varint][member]
//    so an element costs one allocation plus its bucket pointer, where Redis spends three
//    allocations (dict entry, skiplist node, sds member).
//
// The set converts from listpack to skiplist when it grows past the limits the command layer
// passes in (zset-max-listpack-entries / zset-max-listpack-value). It never converts back on its
// own; a freshly built result (ZUNIONSTORE …) picks its encoding from its final size.
//
// No RESP, no I/O: the command layer (server/commands/zset*.cc) parses arguments and replies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "datatypes/object.h"

namespace sable {

// A score interval; min/max may be infinite. `minex`/`maxex` make a bound exclusive.
struct ZScoreRange {
  double min = 0, max = 0;
  bool minex = false, maxex = false;

  bool above_min(double v) const { return minex ? v > min : v >= min; }
  bool below_max(double v) const { return maxex ? v < max : v <= max; }
  bool contains(double v) const { return above_min(v) && below_max(v); }
  bool empty() const { return min > max || (min == max && (minex || maxex)); }
};

// A lexicographic interval. A bound is a string, or one of the infinities "-" (kNegInf) and "+"
// (kPosInf).
struct ZLexRange {
  enum Kind : int8_t { kNegInf = -1, kString = 0, kPosInf = 1 };
  std::string_view min, max;
  Kind min_kind = kNegInf, max_kind = kPosInf;
  bool minex = false, maxex = false;

  bool above_min(std::string_view v) const {
    if (min_kind != kString) return min_kind == kNegInf;
    int c = v.compare(min);
    return minex ? c > 0 : c >= 0;
  }
  bool below_max(std::string_view v) const {
    if (max_kind != kString) return max_kind == kPosInf;
    int c = v.compare(max);
    return maxex ? c < 0 : c <= 0;
  }
  bool contains(std::string_view v) const { return above_min(v) && below_max(v); }
  bool empty() const;
};

struct ZNode;
struct ZSkiplist;

class ZSet {
 public:
  // Compact-encoding limits (zset-max-listpack-entries / -value).
  struct Limits {
    size_t max_entries = 128;
    size_t max_value = 64;
  };

  // ZADD input flags.
  enum AddFlag : int { kNX = 1, kXX = 2, kGT = 4, kLT = 8, kIncr = 16 };
  enum class AddResult { kAdded, kUpdated, kUnchanged, kSkipped, kNaN };

  // A new empty set: listpack unless the limits forbid it for `first_member_len`.
  static ZSet* create(const Limits& lim, size_t first_member_len = 0);
  ~ZSet();
  ZSet(const ZSet&) = delete;
  ZSet& operator=(const ZSet&) = delete;
  ZSet* clone() const;
  size_t memory() const;

  Encoding encoding() const { return enc_; }
  size_t size() const;

  bool score(std::string_view member, double* out) const;
  // Adds or updates a member following ZADD's rules. `flags` are AddFlag bits; with kIncr the
  // score is an increment. *newscore receives the resulting score (kAdded/kUpdated/kUnchanged).
  // kSkipped: NX/XX/GT/LT prevented the change. kNaN: the increment gave NaN (nothing changed).
  AddResult add(std::string_view member, double score, int flags, double* newscore,
                const Limits& lim);
  bool remove(std::string_view member);
  // 0-based rank in ascending (or descending, `rev`) order.
  bool rank(std::string_view member, bool rev, size_t* out) const;

  // A read cursor in either direction. Invalidated by any change to the set.
  class Iter {
   public:
    bool valid() const { return valid_; }
    std::string_view member() const;
    double score() const;
    void next();

   private:
    friend class ZSet;
    friend struct ZSetListpack;
    const ZSet* z_ = nullptr;
    bool rev_ = false;
    bool valid_ = false;
    ZNode* node_ = nullptr;  // skiplist
    size_t off_ = 0;         // listpack: offset of the entry
  };

  Iter begin(bool rev) const;
  // The element at 0-based `rank` counted in the iteration direction.
  Iter at_rank(size_t rank, bool rev) const;
  // Forward: the first element inside the range; reverse: the last one. Invalid when none.
  Iter first_in(const ZScoreRange& r, bool rev) const;
  Iter first_in(const ZLexRange& r, bool rev) const;
  size_t count(const ZScoreRange& r) const;
  size_t count(const ZLexRange& r) const;

  // Removals by range; return how many elements went.
  size_t remove_rank_range(size_t start, size_t end);  // 0-based, inclusive, in range
  size_t remove_range(const ZScoreRange& r);
  size_t remove_range(const ZLexRange& r);
  // Removes up to `count` elements from the low (or high, `max`) end, appending them to `out`.
  void pop(bool max, size_t count, std::vector<std::pair<std::string, double>>* out);

  // ZSCAN: calls fn(member, score) for a slice of elements and returns the next cursor. A
  // listpack is returned whole (cursor 0), as Redis does.
  template <class F>
  uint64_t scan(uint64_t cursor, size_t count, F&& fn) const;

  // Converts a skiplist back to listpack when it fits the limits (for freshly built results).
  void shrink_encoding_if_fits(const Limits& lim);
  void convert_to_skiplist();
  // Memory check for tests: verifies every internal invariant, returns false on corruption.
  bool check() const;

 private:
  ZSet() = default;
  uint64_t scan_dict(uint64_t cursor, void (*cb)(void*, std::string_view, double), void* arg,
                     size_t count) const;

  Encoding enc_ = Encoding::kListpack;
  union {
    unsigned char* lp_ = nullptr;  // listpack (datatypes/listpack.h, shape kLpPairs)
    ZSkiplist* sl_;                // skiplist
  };

  friend struct ZSetListpack;
};

template <class F>
uint64_t ZSet::scan(uint64_t cursor, size_t count, F&& fn) const {
  if (enc_ == Encoding::kListpack) {
    for (Iter it = begin(false); it.valid(); it.next()) fn(it.member(), it.score());
    return 0;
  }
  auto cb = [](void* arg, std::string_view m, double s) { (*static_cast<F*>(arg))(m, s); };
  return scan_dict(cursor, cb, &fn, count);
}

// Registers the ObjectOps (destroy/clone/memory) of kZSet.
void register_zset_object_ops();

}  // namespace sable
