// Sorted set engine: the listpack and skiplist encodings described in zset_type.h.
#include "datatypes/zset_type.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

#include "datatypes/dict.h"
#include "datatypes/listpack.h"

namespace sable {

// ---------------------------------------------------------------------------------------------
// Small encoding helpers.

namespace {

// Skiplist nodes store their member length-prefixed.
std::string_view varstr(const unsigned char* p) {
  std::string_view m;
  varint::get_string(p, &m);
  return m;
}

constexpr double kTwo53 = 9007199254740992.0;

// Integral scores below 2^53 are stored as integer elements. Like Redis's listpack, this turns -0
// into 0. Other scores are an 8-byte string element holding the double's bits.
bool score_as_int(double d, int64_t* v) {
  if (!(d > -kTwo53 && d < kTwo53) || d != std::floor(d)) return false;
  *v = static_cast<int64_t>(d);
  return true;
}

// A score encoded for the listpack; `v` may view `bits`, so it is neither copied nor moved.
struct ScoreValue {
  explicit ScoreValue(double d) {
    int64_t i;
    if (score_as_int(d, &i)) {
      v = LpValue::integer(i);
    } else {
      std::memcpy(bits, &d, 8);
      v = LpValue::string(std::string_view(bits, 8));
    }
  }
  ScoreValue(const ScoreValue&) = delete;
  ScoreValue& operator=(const ScoreValue&) = delete;

  char bits[8];
  LpValue v;
};

double score_of(const unsigned char* p) {
  if (p[0] < 0x80) return p[0];
  LpElem e = lp::decode(p);
  if (e.is_int) return static_cast<double>(e.num);
  double d;
  std::memcpy(&d, e.str.data(), 8);
  return d;
}

// One decoded listpack entry: [member string][score][back-length].
struct LpEntry {
  std::string_view member;
  double score;
  size_t size;  // whole entry including the back-length
};

LpEntry lp_decode(const unsigned char* p) {
  LpEntry e;
  size_t n = lp::read_string(p, &e.member);
  e.score = score_of(p + n);
  size_t body = n + lp::element_size(p + n);
  e.size = body + varint::back_size(body);
  return e;
}
std::string_view lp_member(const unsigned char* p) {
  std::string_view m;
  lp::read_string(p, &m);
  return m;
}

// (a_score, a_member) < (b_score, b_member)
inline bool zless(double as, std::string_view am, double bs, std::string_view bm) {
  return as < bs || (as == bs && am < bm);
}

uint64_t g_rng_state = 0x9E3779B97F4A7C15ULL;
uint32_t rand32() {
  uint64_t x = g_rng_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  g_rng_state = x;
  return static_cast<uint32_t>(x >> 32);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Skiplist nodes.

constexpr int kMaxLevel = 32;
constexpr size_t kLevelBytes = 12;  // forward pointer + 32-bit span

struct ZNode {
  ZNode* hnext;  // hash chain (IntrusiveDict)
  double score;
  ZNode* backward;
  uint8_t level;
  unsigned char rest[7];  // level x (forward, span), then member length varint and bytes
};
constexpr size_t kRestOff = offsetof(ZNode, rest);

namespace {

// The variable part of a node (levels, then member), addressed from the node's start so the
// compiler does not tie it to the 7-byte placeholder array.
inline unsigned char* rest(ZNode* n) { return reinterpret_cast<unsigned char*>(n) + kRestOff; }
inline const unsigned char* rest(const ZNode* n) {
  return reinterpret_cast<const unsigned char*>(n) + kRestOff;
}

inline ZNode* fwd(const ZNode* n, int i) {
  ZNode* p;
  std::memcpy(&p, rest(n) + kLevelBytes * i, sizeof(p));
  return p;
}
inline void set_fwd(ZNode* n, int i, ZNode* p) {
  std::memcpy(rest(n) + kLevelBytes * i, &p, sizeof(p));
}
inline uint32_t span(const ZNode* n, int i) {
  uint32_t s;
  std::memcpy(&s, rest(n) + kLevelBytes * i + 8, 4);
  return s;
}
inline void set_span(ZNode* n, int i, uint64_t s) {
  uint32_t v = static_cast<uint32_t>(s);
  std::memcpy(rest(n) + kLevelBytes * i + 8, &v, 4);
}
inline std::string_view node_member(const ZNode* n) {
  return varstr(rest(n) + kLevelBytes * n->level);
}
size_t node_size(int level, size_t mlen) {
  return kRestOff + kLevelBytes * level + varint::size(mlen) + mlen;
}
ZNode* node_new(int level, double score, std::string_view m) {
  auto* n = static_cast<ZNode*>(std::malloc(node_size(level, m.size())));
  if (!n) throw std::bad_alloc();
  n->hnext = nullptr;
  n->score = score;
  n->backward = nullptr;
  n->level = static_cast<uint8_t>(level);
  std::memset(rest(n), 0, kLevelBytes * level);
  unsigned char* p = rest(n) + kLevelBytes * level;
  size_t k = varint::put(p, m.size());
  if (!m.empty()) std::memcpy(p + k, m.data(), m.size());
  return n;
}
int random_level() {
  int level = 1;
  // p = 1/4, as in Redis.
  while ((rand32() & 0xFFFF) < 0xFFFF / 4 && level < kMaxLevel) ++level;
  return level;
}

struct ZNodeTraits {
  using Node = ZNode;
  static ZNode*& next(ZNode* n) { return n->hnext; }
  static std::string_view key(const ZNode* n) { return node_member(n); }
};

inline bool node_before(const ZNode* n, double score, std::string_view m) {
  return zless(n->score, node_member(n), score, m);
}

}  // namespace

struct ZSkiplist {
  ZNode* header;
  ZNode* tail = nullptr;
  size_t length = 0;
  int level = 1;
  IntrusiveDict<ZNodeTraits> dict;

  ZSkiplist() : header(node_new(kMaxLevel, 0, {})) {}
  ~ZSkiplist() {
    ZNode* x = fwd(header, 0);
    while (x) {
      ZNode* nx = fwd(x, 0);
      std::free(x);
      x = nx;
    }
    std::free(header);
  }

  // Links a prepared node (its level and score set) into the list.
  void insert(ZNode* n) {
    ZNode* update[kMaxLevel];
    uint64_t rank[kMaxLevel];
    std::string_view m = node_member(n);
    ZNode* x = header;
    for (int i = level - 1; i >= 0; --i) {
      rank[i] = i == level - 1 ? 0 : rank[i + 1];
      for (ZNode* f; (f = fwd(x, i)) && node_before(f, n->score, m); x = f) rank[i] += span(x, i);
      update[i] = x;
    }
    int lvl = n->level;
    if (lvl > level) {
      for (int i = level; i < lvl; ++i) {
        rank[i] = 0;
        update[i] = header;
        set_span(header, i, length);
      }
      level = lvl;
    }
    for (int i = 0; i < lvl; ++i) {
      set_fwd(n, i, fwd(update[i], i));
      set_fwd(update[i], i, n);
      set_span(n, i, span(update[i], i) - (rank[0] - rank[i]));
      set_span(update[i], i, (rank[0] - rank[i]) + 1);
    }
    for (int i = lvl; i < level; ++i) set_span(update[i], i, span(update[i], i) + 1);
    n->backward = update[0] == header ? nullptr : update[0];
    if (ZNode* f = fwd(n, 0))
      f->backward = n;
    else
      tail = n;
    ++length;
  }

  // Fills update[] with the last node before (score, m) on every level.
  void find_path(double score, std::string_view m, ZNode** update) const {
    ZNode* x = header;
    for (int i = level - 1; i >= 0; --i) {
      for (ZNode* f; (f = fwd(x, i)) && node_before(f, score, m);) x = f;
      update[i] = x;
    }
  }

  void unlink(ZNode* x, ZNode** update) {
    for (int i = 0; i < level; ++i) {
      if (fwd(update[i], i) == x) {
        set_span(update[i], i, span(update[i], i) + span(x, i) - 1);
        set_fwd(update[i], i, fwd(x, i));
      } else {
        set_span(update[i], i, span(update[i], i) - 1);
      }
    }
    if (ZNode* f = fwd(x, 0))
      f->backward = x->backward;
    else
      tail = x->backward;
    while (level > 1 && !fwd(header, level - 1)) --level;
    --length;
  }

  void unlink(ZNode* x) {
    ZNode* update[kMaxLevel];
    find_path(x->score, node_member(x), update);
    unlink(x, update);
  }

  void erase(ZNode* x, ZNode** update) {
    unlink(x, update);
    dict.remove(node_member(x));
    std::free(x);
  }

  void update_score(ZNode* x, double s) {
    ZNode* nx = fwd(x, 0);
    if ((!x->backward || x->backward->score < s) && (!nx || nx->score > s)) {
      x->score = s;
      return;
    }
    unlink(x);
    x->score = s;
    insert(x);
  }

  // 1-based rank of a node in the list.
  size_t rank_of(const ZNode* n) const {
    size_t r = 0;
    ZNode* x = header;
    for (int i = level - 1; i >= 0; --i) {
      for (ZNode* f; (f = fwd(x, i)) && !node_before(n, f->score, node_member(f)); x = f)
        r += span(x, i);
      if (x == n) return r;
    }
    return 0;
  }

  ZNode* by_rank(size_t rank) const {  // 1-based
    size_t t = 0;
    ZNode* x = header;
    for (int i = level - 1; i >= 0; --i) {
      for (ZNode* f; (f = fwd(x, i)) && t + span(x, i) <= rank; x = f) t += span(x, i);
      if (t == rank) return x;
    }
    return nullptr;
  }

  template <class Range>
  ZNode* first_in(const Range& r) const {
    ZNode* x = header;
    for (int i = level - 1; i >= 0; --i)
      for (ZNode* f; (f = fwd(x, i)) && !above_min(r, f);) x = f;
    x = fwd(x, 0);
    return x && below_max(r, x) ? x : nullptr;
  }
  template <class Range>
  ZNode* last_in(const Range& r) const {
    ZNode* x = header;
    for (int i = level - 1; i >= 0; --i)
      for (ZNode* f; (f = fwd(x, i)) && below_max(r, f);) x = f;
    return x != header && above_min(r, x) ? x : nullptr;
  }
  template <class Range>
  size_t erase_range(const Range& r) {
    ZNode* update[kMaxLevel];
    ZNode* x = header;
    for (int i = level - 1; i >= 0; --i) {
      for (ZNode* f; (f = fwd(x, i)) && !above_min(r, f);) x = f;
      update[i] = x;
    }
    size_t removed = 0;
    for (x = fwd(x, 0); x && below_max(r, x); ++removed) {
      ZNode* nx = fwd(x, 0);
      erase(x, update);
      x = nx;
    }
    return removed;
  }
  size_t erase_ranks(size_t start, size_t end) {  // 1-based inclusive
    ZNode* update[kMaxLevel];
    ZNode* x = header;
    size_t t = 0;
    for (int i = level - 1; i >= 0; --i) {
      for (ZNode* f; (f = fwd(x, i)) && t + span(x, i) < start; x = f) t += span(x, i);
      update[i] = x;
    }
    ++t;
    size_t removed = 0;
    for (x = fwd(x, 0); x && t <= end; ++t, ++removed) {
      ZNode* nx = fwd(x, 0);
      erase(x, update);
      x = nx;
    }
    return removed;
  }

  static bool above_min(const ZScoreRange& r, const ZNode* n) { return r.above_min(n->score); }
  static bool below_max(const ZScoreRange& r, const ZNode* n) { return r.below_max(n->score); }
  static bool above_min(const ZLexRange& r, const ZNode* n) { return r.above_min(node_member(n)); }
  static bool below_max(const ZLexRange& r, const ZNode* n) { return r.below_max(node_member(n)); }

  void add_new(std::string_view m, double score) {
    ZNode* n = node_new(random_level(), score, m);
    insert(n);
    dict.insert(n);
  }
};

bool ZLexRange::empty() const {
  if (min_kind == kPosInf || max_kind == kNegInf) return true;
  if (min_kind == kNegInf || max_kind == kPosInf) return false;
  int c = min.compare(max);
  return c > 0 || (c == 0 && (minex || maxex));
}

namespace {
template <class Range>
bool lp_above(const Range& r, const LpEntry& e);
template <>
bool lp_above(const ZScoreRange& r, const LpEntry& e) {
  return r.above_min(e.score);
}
template <>
bool lp_above(const ZLexRange& r, const LpEntry& e) {
  return r.above_min(e.member);
}
template <class Range>
bool lp_below(const Range& r, const LpEntry& e);
template <>
bool lp_below(const ZScoreRange& r, const LpEntry& e) {
  return r.below_max(e.score);
}
template <>
bool lp_below(const ZLexRange& r, const LpEntry& e) {
  return r.below_max(e.member);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Listpack operations (friend of ZSet).

struct ZSetListpack {
  static Listpack view(const ZSet& z) { return Listpack(z.lp_, kLpPairs); }
  static size_t begin_off() { return lp::kHeader; }
  static size_t end_off(const ZSet& z) { return lp::total_bytes(z.lp_) - 1; }  // the end marker
  static size_t next_off(const ZSet& z, size_t off) { return off + lp_decode(z.lp_ + off).size; }
  // Offset of the entry before `off` (off > begin_off()).
  static size_t prev_off(const ZSet& z, size_t off) {
    size_t k;
    uint64_t body = varint::back_get(z.lp_ + off - 1, &k);
    return off - k - body;
  }
  static size_t last_off(const ZSet& z) { return prev_off(z, end_off(z)); }

  static bool find(const ZSet& z, std::string_view m, size_t* off, double* score) {
    for (size_t o = begin_off(), end = end_off(z); o < end;) {
      LpEntry e = lp_decode(z.lp_ + o);
      if (e.member == m) {
        *off = o;
        if (score) *score = e.score;
        return true;
      }
      o += e.size;
    }
    return false;
  }

  // Writes (m, score) before the entry at `off` (the end marker's offset: at the end).
  static void insert_at(ZSet& z, size_t off, std::string_view m, double score) {
    ScoreValue sv(score);
    LpValue vals[2] = {LpValue::string(m), sv.v};
    Listpack l = view(z);
    l.insert(z.lp_ + off, vals);
    z.lp_ = l.raw();
  }
  static void insert(ZSet& z, std::string_view m, double score) {
    size_t o = begin_off(), end = end_off(z);
    while (o < end) {
      LpEntry e = lp_decode(z.lp_ + o);
      if (zless(score, m, e.score, e.member)) break;
      o += e.size;
    }
    insert_at(z, o, m, score);
  }
  static void append(ZSet& z, std::string_view m, double score) {
    insert_at(z, end_off(z), m, score);
  }

  // Removes `n` entries from offset `from` on.
  static void erase(ZSet& z, size_t from, size_t n) {
    Listpack l = view(z);
    l.erase(z.lp_ + from, n);
    z.lp_ = l.raw();
  }

  // The first (forward) or last (reverse) element inside a range, in either encoding.
  template <class Range>
  static ZSet::Iter first_in(const ZSet& z, const Range& r, bool rev) {
    ZSet::Iter it;
    it.z_ = &z;
    it.rev_ = rev;
    if (r.empty() || z.size() == 0) return it;
    if (z.enc_ == Encoding::kSkiplist) {
      it.node_ = rev ? z.sl_->last_in(r) : z.sl_->first_in(r);
      it.valid_ = it.node_ != nullptr;
      return it;
    }
    size_t o = rev ? last_off(z) : begin_off(), end = end_off(z);
    for (;;) {
      LpEntry e = lp_decode(z.lp_ + o);
      if (rev ? lp_below(r, e) : lp_above(r, e)) {
        it.valid_ = rev ? lp_above(r, e) : lp_below(r, e);
        it.off_ = o;
        return it;
      }
      if (rev) {
        if (o == begin_off()) return it;
        o = prev_off(z, o);
      } else {
        o += e.size;
        if (o >= end) return it;
      }
    }
  }

  // Removes the contiguous run of entries satisfying `in` (which is contiguous by construction).
  template <class Pred>
  static size_t erase_run(ZSet& z, Pred in) {
    size_t o = begin_off(), from = 0, n = 0, end = end_off(z);
    bool started = false;
    while (o < end) {
      LpEntry e = lp_decode(z.lp_ + o);
      if (in(e)) {
        if (!started) from = o, started = true;
        ++n;
      } else if (started) {
        break;
      }
      o += e.size;
    }
    if (n) erase(z, from, n);
    return n;
  }
};

using LP = ZSetListpack;

// ---------------------------------------------------------------------------------------------
// ZSet.

ZSet* ZSet::create(const Limits& lim, size_t first_member_len) {
  auto* z = new ZSet();
  if (lim.max_entries == 0 || first_member_len > lim.max_value) {
    z->enc_ = Encoding::kSkiplist;
    z->sl_ = new ZSkiplist();
  } else {
    z->lp_ = Listpack::create(kLpPairs).raw();
  }
  return z;
}

ZSet::~ZSet() {
  if (enc_ == Encoding::kListpack)
    std::free(lp_);
  else
    delete sl_;
}

ZSet* ZSet::clone() const {
  auto* z = new ZSet();
  z->enc_ = enc_;
  if (enc_ == Encoding::kListpack) {
    z->lp_ = LP::view(*this).clone().raw();
  } else {
    z->sl_ = new ZSkiplist();
    // Appending in order: every insert lands at the tail.
    for (ZNode* x = fwd(sl_->header, 0); x; x = fwd(x, 0))
      z->sl_->add_new(node_member(x), x->score);
  }
  return z;
}

size_t ZSet::memory() const {
  size_t total = sizeof(ZSet);
  if (enc_ == Encoding::kListpack) return total + lp::total_bytes(lp_);
  total += sizeof(ZSkiplist) + node_size(kMaxLevel, 0) + sl_->dict.memory_bytes();
  for (ZNode* x = fwd(sl_->header, 0); x; x = fwd(x, 0))
    total += node_size(x->level, node_member(x).size());
  return total;
}

size_t ZSet::size() const {
  return enc_ == Encoding::kListpack ? LP::view(*this).size() : sl_->length;
}

bool ZSet::score(std::string_view m, double* out) const {
  if (enc_ == Encoding::kListpack) {
    size_t off;
    return LP::find(*this, m, &off, out);
  }
  ZNode* n = sl_->dict.find(m);
  if (!n) return false;
  *out = n->score;
  return true;
}

void ZSet::convert_to_skiplist() {
  if (enc_ == Encoding::kSkiplist) return;
  auto* sl = new ZSkiplist();
  for (Iter it = begin(false); it.valid(); it.next()) sl->add_new(it.member(), it.score());
  std::free(lp_);
  sl_ = sl;
  enc_ = Encoding::kSkiplist;
}

void ZSet::shrink_encoding_if_fits(const Limits& lim) {
  if (enc_ != Encoding::kSkiplist || sl_->length > lim.max_entries) return;
  for (ZNode* x = fwd(sl_->header, 0); x; x = fwd(x, 0))
    if (node_member(x).size() > lim.max_value) return;
  ZSkiplist* sl = sl_;
  lp_ = Listpack::create(kLpPairs).raw();
  enc_ = Encoding::kListpack;
  for (ZNode* x = fwd(sl->header, 0); x; x = fwd(x, 0)) LP::append(*this, node_member(x), x->score);
  delete sl;
}

ZSet::AddResult ZSet::add(std::string_view m, double s, int flags, double* newscore,
                          const Limits& lim) {
  if (std::isnan(s)) return AddResult::kNaN;
  bool listpack = enc_ == Encoding::kListpack;
  size_t off = 0;
  ZNode* node = nullptr;
  double cur;
  bool found = listpack ? LP::find(*this, m, &off, &cur) : (node = sl_->dict.find(m)) != nullptr;
  if (node) cur = node->score;
  if (found) {
    if (flags & kNX) return AddResult::kSkipped;
    if (flags & kIncr) {
      s += cur;
      if (std::isnan(s)) return AddResult::kNaN;
    }
    if (((flags & kLT) && s >= cur) || ((flags & kGT) && s <= cur)) return AddResult::kSkipped;
    *newscore = s;
    if (s == cur) return AddResult::kUnchanged;
    if (listpack) {
      LP::erase(*this, off, 1);
      LP::insert(*this, m, s);
    } else {
      sl_->update_score(node, s);
    }
    return AddResult::kUpdated;
  }
  if (flags & kXX) return AddResult::kSkipped;
  if (listpack && (size() + 1 > lim.max_entries || m.size() > lim.max_value)) {
    convert_to_skiplist();
    listpack = false;
  }
  if (listpack)
    LP::insert(*this, m, s);
  else
    sl_->add_new(m, s);
  *newscore = s;
  return AddResult::kAdded;
}

bool ZSet::remove(std::string_view m) {
  if (enc_ == Encoding::kListpack) {
    size_t off;
    if (!LP::find(*this, m, &off, nullptr)) return false;
    LP::erase(*this, off, 1);
    return true;
  }
  ZNode* n = sl_->dict.find(m);
  if (!n) return false;
  ZNode* update[kMaxLevel];
  sl_->find_path(n->score, m, update);
  sl_->erase(n, update);
  sl_->dict.shrink_if_needed();
  return true;
}

bool ZSet::rank(std::string_view m, bool rev, size_t* out) const {
  size_t r;
  if (enc_ == Encoding::kListpack) {
    r = 0;
    size_t o = LP::begin_off(), end = LP::end_off(*this);
    for (; o < end; ++r) {
      LpEntry e = lp_decode(lp_ + o);
      if (e.member == m) break;
      o += e.size;
    }
    if (o >= end) return false;
  } else {
    ZNode* n = sl_->dict.find(m);
    if (!n) return false;
    r = sl_->rank_of(n) - 1;
  }
  *out = rev ? size() - 1 - r : r;
  return true;
}

// --- iteration ---

std::string_view ZSet::Iter::member() const {
  return z_->enc_ == Encoding::kListpack ? lp_member(z_->lp_ + off_) : node_member(node_);
}
double ZSet::Iter::score() const {
  if (z_->enc_ != Encoding::kListpack) return node_->score;
  const unsigned char* p = z_->lp_ + off_;
  return score_of(p + lp::element_size(p));
}
void ZSet::Iter::next() {
  if (!valid_) return;
  if (z_->enc_ == Encoding::kListpack) {
    if (rev_) {
      if (off_ == LP::begin_off())
        valid_ = false;
      else
        off_ = LP::prev_off(*z_, off_);
    } else {
      off_ = LP::next_off(*z_, off_);
      valid_ = off_ < LP::end_off(*z_);
    }
  } else {
    node_ = rev_ ? node_->backward : fwd(node_, 0);
    valid_ = node_ != nullptr;
  }
}

ZSet::Iter ZSet::begin(bool rev) const {
  Iter it;
  it.z_ = this;
  it.rev_ = rev;
  if (size() == 0) return it;
  it.valid_ = true;
  if (enc_ == Encoding::kListpack)
    it.off_ = rev ? LP::last_off(*this) : LP::begin_off();
  else
    it.node_ = rev ? sl_->tail : fwd(sl_->header, 0);
  return it;
}

ZSet::Iter ZSet::at_rank(size_t rank, bool rev) const {
  Iter it;
  it.z_ = this;
  it.rev_ = rev;
  size_t n = size();
  if (rank >= n) return it;
  size_t fw = rev ? n - 1 - rank : rank;  // rank in ascending order
  if (enc_ == Encoding::kListpack) {
    // Walk from whichever end is nearer.
    if (fw <= n / 2) {
      it.off_ = LP::begin_off();
      for (size_t i = 0; i < fw; ++i) it.off_ = LP::next_off(*this, it.off_);
    } else {
      it.off_ = LP::end_off(*this);
      for (size_t i = n; i > fw; --i) it.off_ = LP::prev_off(*this, it.off_);
    }
  } else {
    it.node_ = sl_->by_rank(fw + 1);
  }
  it.valid_ = true;
  return it;
}

ZSet::Iter ZSet::first_in(const ZScoreRange& r, bool rev) const {
  return LP::first_in(*this, r, rev);
}
ZSet::Iter ZSet::first_in(const ZLexRange& r, bool rev) const {
  return LP::first_in(*this, r, rev);
}

namespace {
template <class Range>
size_t count_impl(const ZSet& z, const Range& r) {
  if constexpr (std::is_same_v<Range, ZLexRange>) {
    // Like Redis, no count unless the range overlaps the ends: the last member not below the
    // minimum, the first not above the maximum.
    if (z.size() == 0 || !r.above_min(z.begin(true).member()) ||
        !r.below_max(z.begin(false).member()))
      return 0;
  }
  ZSet::Iter it = z.first_in(r, false);
  if (!it.valid()) return 0;
  if (z.encoding() == Encoding::kSkiplist) {
    // Counted from the ranks of the first and last elements in range, as Redis does. When the
    // members of a lex range have different scores the order is not lexicographic, and the
    // backward search may find no element (then everything from the first one on counts) or one
    // ranked before the first (Redis's unsigned arithmetic wraps there; so does this).
    size_t a, b;
    z.rank(it.member(), false, &a);
    ZSet::Iter last = z.first_in(r, true);
    if (!last.valid()) return z.size() - a;
    z.rank(last.member(), false, &b);
    return b - a + 1;
  }
  size_t n = 0;
  for (; it.valid(); it.next()) {
    bool in;
    if constexpr (std::is_same_v<Range, ZScoreRange>)
      in = r.below_max(it.score());
    else
      in = r.below_max(it.member());
    if (!in) break;
    ++n;
  }
  return n;
}
}  // namespace

size_t ZSet::count(const ZScoreRange& r) const { return count_impl(*this, r); }
size_t ZSet::count(const ZLexRange& r) const { return count_impl(*this, r); }

size_t ZSet::remove_rank_range(size_t start, size_t end) {
  if (start > end || start >= size()) return 0;
  if (end >= size()) end = size() - 1;
  if (enc_ == Encoding::kListpack) {
    size_t r = 0;
    return LP::erase_run(*this, [&](const LpEntry&) {
      bool in = r >= start && r <= end;
      ++r;
      return in;
    });
  }
  size_t n = sl_->erase_ranks(start + 1, end + 1);
  sl_->dict.shrink_if_needed();
  return n;
}

size_t ZSet::remove_range(const ZScoreRange& r) {
  if (r.empty()) return 0;
  if (enc_ == Encoding::kListpack)
    return LP::erase_run(*this, [&](const LpEntry& e) { return r.contains(e.score); });
  size_t n = sl_->erase_range(r);
  sl_->dict.shrink_if_needed();
  return n;
}

size_t ZSet::remove_range(const ZLexRange& r) {
  if (r.empty()) return 0;
  if (enc_ == Encoding::kListpack)
    return LP::erase_run(*this, [&](const LpEntry& e) { return r.contains(e.member); });
  size_t n = sl_->erase_range(r);
  sl_->dict.shrink_if_needed();
  return n;
}

void ZSet::pop(bool max, size_t count, std::vector<std::pair<std::string, double>>* out) {
  size_t n = size();
  if (count > n) count = n;
  if (count == 0) return;
  size_t i = 0;
  for (Iter it = begin(max); it.valid() && i < count; it.next(), ++i)
    out->emplace_back(std::string(it.member()), it.score());
  if (max)
    remove_rank_range(n - count, n - 1);
  else
    remove_rank_range(0, count - 1);
}

uint64_t ZSet::scan_dict(uint64_t cursor, void (*cb)(void*, std::string_view, double), void* arg,
                         size_t count) const {
  size_t seen = 0;
  size_t max_iter = count * 10;
  auto visit = [&](ZNode* n) {
    cb(arg, node_member(n), n->score);
    ++seen;
  };
  do {
    cursor = sl_->dict.scan(cursor, visit);
  } while (cursor && max_iter-- && seen < count);
  return cursor;
}

bool ZSet::check() const {
  size_t n = 0;
  bool first = true;
  double ps = 0;
  std::string pm;
  for (Iter it = begin(false); it.valid(); it.next(), ++n) {
    if (!first && !zless(ps, pm, it.score(), it.member())) return false;
    first = false;
    ps = it.score();
    pm = std::string(it.member());
  }
  if (n != size()) return false;
  // Reverse walk must see the same number of elements.
  size_t m = 0;
  for (Iter it = begin(true); it.valid(); it.next()) ++m;
  if (m != n) return false;
  if (enc_ == Encoding::kSkiplist) {
    if (sl_->dict.size() != n) return false;
    size_t r = 1;
    for (ZNode* x = fwd(sl_->header, 0); x; x = fwd(x, 0), ++r) {
      if (sl_->dict.find(node_member(x)) != x) return false;
      if (sl_->rank_of(x) != r || sl_->by_rank(r) != x) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Keyspace hooks.

void register_zset_object_ops() {
  ObjectOps ops;
  ops.destroy = [](void* obj, Encoding) { delete static_cast<ZSet*>(obj); };
  ops.clone = [](const void* obj, Encoding) -> void* {
    return static_cast<const ZSet*>(obj)->clone();
  };
  ops.memory = [](const void* obj, Encoding) { return static_cast<const ZSet*>(obj)->memory(); };
  register_object_ops(ObjType::kZSet, ops);
}

}  // namespace sable
