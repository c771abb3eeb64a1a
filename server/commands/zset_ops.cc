// Sorted set commands, part two: set algebra (ZUNION/ZINTER/ZDIFF, their STORE forms and
// ZINTERCARD), pops (ZPOPMIN/ZPOPMAX/ZMPOP and the blocking BZPOPMIN/BZPOPMAX/BZMPOP),
// ZRANDMEMBER and ZSCAN.
#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <deque>
#include <random>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/blocking.h"
#include "server/commands/key_finders.h"
#include "server/commands/mpop.h"
#include "server/commands/scan.h"
#include "server/commands/zset_common.h"

// Plain sets are valid inputs of the set algebra (each member scores 1). The set engine is
// optional at build time so this file compiles on its own.
#if __has_include("datatypes/set_type.h")
#include "datatypes/set_type.h"
#define SABLE_ZSET_WITH_SETS 1
#endif

namespace sable {

namespace {

using namespace zset_cmd;

// --- ZUNION / ZINTER / ZDIFF -----------------------------------------------------------------

enum class SetOp { kUnion, kInter, kDiff };
enum class Aggregate { kSum, kMin, kMax };

// One input of the set algebra: a sorted set, a plain set, or nothing (a missing key).
struct Source {
  const ZSet* z = nullptr;
#ifdef SABLE_ZSET_WITH_SETS
  Set set;
  bool is_set = false;
#endif
  double weight = 1;

  size_t size() const {
#ifdef SABLE_ZSET_WITH_SETS
    if (is_set) return set.size();
#endif
    return z ? z->size() : 0;
  }
  // Calls fn(member, score) for every element. Members of a plain set are only valid during
  // the call.
  template <class F>
  void for_each(F&& fn) const {
#ifdef SABLE_ZSET_WITH_SETS
    if (is_set) return set.for_each([&](std::string_view m) { fn(m, 1.0, false); });
#endif
    if (z)
      for (auto it = z->begin(false); it.valid(); it.next()) fn(it.member(), it.score(), true);
  }
  bool find(std::string_view m, double* score) const {
#ifdef SABLE_ZSET_WITH_SETS
    if (is_set) return set.contains(m) && (*score = 1.0, true);
#endif
    return z && z->score(m, score);
  }
};

void aggregate(double* target, double v, Aggregate agg) {
  if (agg == Aggregate::kSum) {
    *target += v;
    if (std::isnan(*target)) *target = 0;
  } else if (agg == Aggregate::kMin) {
    *target = v < *target ? v : *target;
  } else {
    *target = v > *target ? v : *target;
  }
}

// Looks up one input of the set algebra; false after replying WRONGTYPE.
bool load_source(CommandContext& ctx, std::string_view key, Source* s) {
  Entry* e = lookup_read(ctx, key);
  if (e && entry::type(e) == ObjType::kZSet) {
    s->z = static_cast<const ZSet*>(entry::object(e));
#ifdef SABLE_ZSET_WITH_SETS
  } else if (e && entry::type(e) == ObjType::kSet) {
    s->set = Set(entry::encoding(e), entry::object(e));
    s->is_set = true;
#endif
  } else if (e) {
    return ctx.reply.error(err::kWrongType), false;
  }
  return true;
}

// Parses the inputs and options from argv[numkeys_idx] in Redis's order: numkeys, the keys
// (looked up, so WRONGTYPE comes before any option error), then WEIGHTS/AGGREGATE/WITHSCORES
// or ZINTERCARD's LIMIT. Replies and returns false on error.
bool parse_setop(CommandContext& ctx, size_t numkeys_idx, SetOp op, bool store, bool card_only,
                 std::vector<Source>* src, Aggregate* agg, bool* withscores, int64_t* limit) {
  ArgCursor a(ctx.argv, numkeys_idx);
  int64_t n = a.next<int64_t>();
  if (a.ok() && n < 1) a.fail(fmt::format(err::kSetOpNoKeysFmt, ctx.spec.fullname));
  a.check(static_cast<uint64_t>(n) <= a.remaining(), err::kSyntax);
  if (!a.ok()) return ctx.reply.error(a.error()), false;
  for (std::string_view key : a.take(static_cast<size_t>(n)))
    if (!load_source(ctx, key, &src->emplace_back())) return false;
  bool algebra = op != SetOp::kDiff && !card_only;
  while (!a.done()) {
    if (algebra && a.match("WEIGHTS", src->size())) {
      for (auto& s : *src) s.weight = a.next<double>(err::kWeightNotFloat);
    } else if (algebra && a.match("AGGREGATE", 1)) {
      int k = a.match_one_of({"SUM", "MIN", "MAX"});
      a.check(k >= 0, err::kSyntax);
      *agg = k == 1 ? Aggregate::kMin : k == 2 ? Aggregate::kMax : Aggregate::kSum;
    } else if (!store && !card_only && a.match("WITHSCORES")) {
      *withscores = true;
    } else if (card_only && a.match("LIMIT", 1)) {
      *limit = a.next_at_least(0, err::kLimitNegative);
    } else {
      a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// Computes the result of the operation as (member, score) pairs in no particular order.
// With card_only, only counts the intersection (stopping at `limit` when non-zero). Members
// that do not live in a sorted set are copied into `arena`.
size_t compute_setop(std::vector<Source>& src, SetOp op, Aggregate agg, bool card_only,
                     int64_t limit, std::vector<Scored>* out, std::deque<std::string>* arena) {
  auto keep = [&](std::string_view m, bool stable) {
    return stable ? m : std::string_view(arena->emplace_back(m));
  };
  if (op != SetOp::kDiff)
    std::stable_sort(src.begin(), src.end(),
                     [](const Source& a, const Source& b) { return a.size() < b.size(); });
  if (op == SetOp::kUnion) {
    std::unordered_map<std::string_view, size_t> index;
    for (const Source& s : src) {
      s.for_each([&](std::string_view m, double sc, bool stable) {
        double score = s.weight * sc;
        if (std::isnan(score)) score = 0;
        auto found = index.find(m);
        if (found != index.end()) return aggregate(&(*out)[found->second].second, score, agg);
        m = keep(m, stable);
        index.emplace(m, out->size());
        out->emplace_back(m, score);
      });
    }
    return out->size();
  }
  if (src[0].size() == 0) return 0;
  size_t card = 0;
  bool done = false;
  src[0].for_each([&](std::string_view m, double sc, bool stable) {
    if (done) return;
    double score, v;
    if (op == SetOp::kInter) {
      score = src[0].weight * sc;
      if (std::isnan(score)) score = 0;
      for (size_t j = 1; j < src.size(); ++j) {
        if (!src[j].find(m, &v)) return;
        aggregate(&score, v * src[j].weight, agg);
      }
    } else {
      score = sc;
      for (size_t j = 1; j < src.size(); ++j)
        if (src[j].find(m, &v)) return;
    }
    ++card;
    if (card_only)
      done = limit && card >= static_cast<size_t>(limit);
    else
      out->emplace_back(keep(m, stable), score);
  });
  return card;
}

// ZUNION/ZINTER/ZDIFF numkeys key ... and the STORE forms (dst first) and ZINTERCARD.
void SetOpGeneric(CommandContext& ctx, SetOp op, bool store, bool card_only = false) {
  std::vector<Source> src;
  Aggregate agg = Aggregate::kSum;
  bool withscores = false;
  int64_t limit = 0;
  if (!parse_setop(ctx, store ? 2 : 1, op, store, card_only, &src, &agg, &withscores, &limit))
    return;
  std::vector<Scored> items;
  std::deque<std::string> arena;
  size_t n = compute_setop(src, op, agg, card_only, limit, &items, &arena);
  if (card_only) return ctx.reply.integer(static_cast<long long>(n));
  if (store) {
    static constexpr std::string_view kEvents[] = {"zunionstore", "zinterstore", "zdiffstore"};
    store_result(ctx, ctx.arg(1), build_zset(ctx, items, true), kEvents[static_cast<int>(op)]);
    return ctx.reply.integer(static_cast<long long>(n));
  }
  std::sort(items.begin(), items.end(), [](const Scored& a, const Scored& b) {
    return a.second < b.second || (a.second == b.second && a.first < b.first);
  });
  reply_scored(ctx.reply, items, withscores);
}

// ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
void CmdZUnion(CommandContext& ctx) { SetOpGeneric(ctx, SetOp::kUnion, false); }
// ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
void CmdZInter(CommandContext& ctx) { SetOpGeneric(ctx, SetOp::kInter, false); }
// ZDIFF numkeys key [key ...] [WITHSCORES]
void CmdZDiff(CommandContext& ctx) { SetOpGeneric(ctx, SetOp::kDiff, false); }
// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
void CmdZUnionStore(CommandContext& ctx) { SetOpGeneric(ctx, SetOp::kUnion, true); }
// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
void CmdZInterStore(CommandContext& ctx) { SetOpGeneric(ctx, SetOp::kInter, true); }
// ZDIFFSTORE destination numkeys key [key ...]
void CmdZDiffStore(CommandContext& ctx) { SetOpGeneric(ctx, SetOp::kDiff, true); }
// ZINTERCARD numkeys key [key ...] [LIMIT limit]
void CmdZInterCard(CommandContext& ctx) { SetOpGeneric(ctx, SetOp::kInter, false, true); }

// --- pops ------------------------------------------------------------------------------------

// How a pop reply is shaped.
enum class PopShape {
  kFlat,       // ZPOPMIN (RESP2, or without COUNT): [m, s, m, s ...]
  kPairs,      // ZPOPMIN with COUNT in RESP3: [[m, s] ...]
  kKeyFlat,    // BZPOPMIN: [key, m, s]
  kKeyNested,  // ZMPOP/BZMPOP: [key, [[m, s] ...]]
};

// Pops up to `count` elements from the set at `key` (non-empty), replies, and signals the write.
void pop_and_reply(CommandContext& ctx, std::string_view key, Entry* e, ZSet* z, bool max,
                   size_t count, PopShape shape) {
  std::vector<std::pair<std::string, double>> popped;
  z->pop(max, count, &popped);
  ReplyWriter& r = ctx.reply;
  bool pairs = shape == PopShape::kPairs || shape == PopShape::kKeyNested;
  if (shape == PopShape::kFlat) {
    r.array_len(popped.size() * 2);
  } else if (shape == PopShape::kPairs) {
    r.array_len(popped.size());
  } else if (shape == PopShape::kKeyFlat) {
    r.array_len(popped.size() * 2 + 1);
    r.bulk(key);
  } else {
    r.array_len(2);
    r.bulk(key);
    r.array_len(popped.size());
  }
  for (const auto& [m, s] : popped) {
    if (pairs) r.array_len(2);
    r.bulk(m);
    reply_score(r, s);
  }
  store_zset(ctx, key, e, z);
  elements_removed(ctx, kNotifyZset, max ? "zpopmax" : "zpopmin", key, z->size() == 0);
}

// Finds the first existing key among `keys` (its index, entry and set). False after replying
// WRONGTYPE.
bool first_zset(CommandContext& ctx, std::span<const std::string_view> keys, size_t* idx, Entry** e,
                ZSet** z) {
  *z = nullptr;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!find_zset(ctx, keys[i], z, true, e)) return false;
    if (*z) {
      *idx = i;
      return true;
    }
  }
  return true;
}

// ZPOPMIN key [count] / ZPOPMAX key [count]
void ZPopGeneric(CommandContext& ctx, bool max) {
  if (ctx.argc() > 3) return ctx.reply.error(err::kSyntax);  // before the count, as Redis
  ArgCursor a(ctx.argv, 2);
  int64_t count = a.done() ? 1 : a.next_at_least(0, err::kNotPositive);
  if (!a.ok()) return ctx.reply.error(a.error());
  ZSet* z;
  Entry* e;
  if (!find_zset(ctx, ctx.arg(1), &z, true, &e)) return;
  if (!z || count == 0) return ctx.reply.empty_array();
  PopShape shape = ctx.argc() == 3 && ctx.reply.proto() > 2 ? PopShape::kPairs : PopShape::kFlat;
  pop_and_reply(ctx, ctx.arg(1), e, z, max, static_cast<size_t>(count), shape);
}
void CmdZPopMin(CommandContext& ctx) { ZPopGeneric(ctx, false); }
void CmdZPopMax(CommandContext& ctx) { ZPopGeneric(ctx, true); }

// BZPOPMIN key [key ...] timeout / BZPOPMAX key [key ...] timeout
void BZPopGeneric(CommandContext& ctx, bool max) {
  int64_t deadline;
  if (!parse_block_timeout(ctx, ctx.arg(ctx.argc() - 1), &deadline)) return;
  auto keys = ctx.argv.subspan(1, ctx.argc() - 2);
  size_t idx;
  Entry* e;
  ZSet* z;
  if (!first_zset(ctx, keys, &idx, &e, &z)) return;
  if (z) return pop_and_reply(ctx, keys[idx], e, z, max, 1, PopShape::kKeyFlat);
  if (!can_block(ctx)) return ctx.reply.null_array();
  block_on_keys(ctx, keys, ObjType::kZSet, deadline, BlockTimeoutReply::kNullArray);
}
void CmdBZPopMin(CommandContext& ctx) { BZPopGeneric(ctx, false); }
void CmdBZPopMax(CommandContext& ctx) { BZPopGeneric(ctx, true); }

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
void MPopGeneric(CommandContext& ctx, bool blocking) {
  MPopArgs a;
  if (!parse_mpop(ctx, blocking ? 2 : 1, "MIN", "MAX", &a)) return;
  int64_t deadline = 0;
  if (blocking && !parse_block_timeout(ctx, ctx.arg(1), &deadline)) return;
  size_t idx;
  Entry* e;
  ZSet* z;
  if (!first_zset(ctx, a.keys, &idx, &e, &z)) return;
  if (z) {
    return pop_and_reply(ctx, a.keys[idx], e, z, a.second_side, static_cast<size_t>(a.count),
                         PopShape::kKeyNested);
  }
  if (!blocking || !can_block(ctx)) return ctx.reply.null_array();
  block_on_keys(ctx, a.keys, ObjType::kZSet, deadline, BlockTimeoutReply::kNullArray);
}
void CmdZMPop(CommandContext& ctx) { MPopGeneric(ctx, false); }
void CmdBZMPop(CommandContext& ctx) { MPopGeneric(ctx, true); }

// --- ZRANDMEMBER -----------------------------------------------------------------------------

// ZRANDMEMBER key [count [WITHSCORES]]
void CmdZRandMember(CommandContext& ctx) {
  int64_t l = 0;
  bool withscores;
  if (!parse_random_count(ctx, "WITHSCORES", &l, &withscores)) return;
  ZSet* z;
  if (!find_zset(ctx, ctx.arg(1), &z)) return;
  auto& rng = ctx.db.rng();
  if (ctx.argc() == 2) {
    if (!z) return ctx.reply.null();
    return ctx.reply.bulk(z->at_rank(rng() % z->size(), false).member());
  }
  if (!z || l == 0) return ctx.reply.empty_array();
  if (!check_random_draws(ctx, l)) return;
  size_t size = z->size();
  std::vector<Scored> out;
  if (l < 0 || l == 1) {
    // With repetition (and the single-element case): independent draws.
    uint64_t count = l < 0 ? static_cast<uint64_t>(-l) : 1;
    std::vector<Scored> all;
    if (size <= 1024)
      for (auto it = z->begin(false); it.valid(); it.next())
        all.emplace_back(it.member(), it.score());
    out.reserve(std::min<uint64_t>(count, 1 << 20));
    for (uint64_t i = 0; i < count; ++i) {
      size_t k = rng() % size;
      if (!all.empty()) {
        out.push_back(all[k]);
      } else {
        auto it = z->at_rank(k, false);
        out.emplace_back(it.member(), it.score());
      }
    }
  } else if (static_cast<uint64_t>(l) >= size) {
    // The whole set, highest score first (the order Redis 7.0 returns it in).
    for (auto it = z->begin(true); it.valid(); it.next()) out.emplace_back(it.member(), it.score());
  } else {
    // Distinct: a partial Fisher-Yates shuffle of the ranks.
    std::vector<size_t> ranks(size);
    for (size_t i = 0; i < size; ++i) ranks[i] = i;
    for (size_t i = 0; i < static_cast<size_t>(l); ++i) {
      std::swap(ranks[i], ranks[i + rng() % (size - i)]);
      auto it = z->at_rank(ranks[i], false);
      out.emplace_back(it.member(), it.score());
    }
  }
  reply_scored(ctx.reply, out, withscores);
}

// --- ZSCAN -----------------------------------------------------------------------------------

// ZSCAN key cursor [MATCH pattern] [COUNT count]
void CmdZScan(CommandContext& ctx) {
  uint64_t cursor;
  if (!parse_scan_cursor(ctx.arg(2), &cursor)) return ctx.reply.error(err::kInvalidCursor);
  ZSet* z;
  if (!find_zset(ctx, ctx.arg(1), &z)) return;
  if (!z) return reply_scan(ctx.reply, 0, {});
  ScanOptions o;
  if (!parse_scan_args(ctx, 2, false, &o)) return;
  std::vector<std::string> items;
  uint64_t next =
      z->scan(o.cursor, static_cast<size_t>(o.count), [&](std::string_view m, double s) {
        if (!o.matches(m)) return;
        items.emplace_back(m);
        items.push_back(format_double(s));
      });
  reply_scan(ctx.reply, next, items);
}

}  // namespace

void RegisterZSetOpsCommands(CommandTable& t) {
  FamilyRows rows(t, "sorted-set");
  const char* kUnionCx =
      "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being "
      "the number of elements in the resulting sorted set.";
  const char* kInterCx =
      "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
      "number of input sorted sets and M being the number of elements in the resulting sorted set.";
  const char* kDiffCx =
      "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is "
      "the size of the first set, and K is the size of the result set.";
  const char* kPopCx =
      "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number "
      "of elements popped.";
  const char* kMPopCx =
      "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements "
      "in the sorted set, and M being the number of elements popped.";
  rows.add(
      {.name = "zunion",
       .arity = -3,
       .flags = kCmdReadonly,
       .key_finder = keys_by_numkeys<1, false>,
       .key_specs = "RO access | index 1 | keynum 0 1 1",
       .acl = "@read @sortedset @slow",
       .summary = "Add multiple sorted sets",
       .since = "6.2.0",
       .complexity = kUnionCx,
       .usage = "numkeys key ... [WEIGHTS weight ...] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]",
       .handler = CmdZUnion});
  rows.add(
      {.name = "zinter",
       .arity = -3,
       .flags = kCmdReadonly,
       .key_finder = keys_by_numkeys<1, false>,
       .key_specs = "RO access | index 1 | keynum 0 1 1",
       .acl = "@read @sortedset @slow",
       .summary = "Intersect multiple sorted sets",
       .since = "6.2.0",
       .complexity = kInterCx,
       .usage = "numkeys key ... [WEIGHTS weight ...] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]",
       .handler = CmdZInter});
  rows.add({.name = "zdiff",
            .arity = -3,
            .flags = kCmdReadonly,
            .key_finder = keys_by_numkeys<1, false>,
            .key_specs = "RO access | index 1 | keynum 0 1 1",
            .acl = "@read @sortedset @slow",
            .summary = "Subtract multiple sorted sets",
            .since = "6.2.0",
            .complexity = kDiffCx,
            .usage = "numkeys key ... [WITHSCORES]",
            .handler = CmdZDiff});
  rows.add(
      {.name = "zunionstore",
       .arity = -4,
       .flags = kCmdWrite | kCmdDenyOom,
       .keys = {1, 1, 1},
       .key_finder = keys_by_numkeys<2, true>,
       .key_specs = "OW update | index 1 | range 0 1 0; RO access | index 2 | keynum 0 1 1",
       .acl = "@write @sortedset @slow",
       .summary = "Add multiple sorted sets and store the resulting sorted set in a new key",
       .since = "2.0.0",
       .complexity = kUnionCx,
       .usage = "destination numkeys key ... [WEIGHTS weight ...] [AGGREGATE <SUM | MIN | MAX>]",
       .handler = CmdZUnionStore});
  rows.add(
      {.name = "zinterstore",
       .arity = -4,
       .flags = kCmdWrite | kCmdDenyOom,
       .keys = {1, 1, 1},
       .key_finder = keys_by_numkeys<2, true>,
       .key_specs = "OW update | index 1 | range 0 1 0; RO access | index 2 | keynum 0 1 1",
       .acl = "@write @sortedset @slow",
       .summary = "Intersect multiple sorted sets and store the resulting sorted set in a new key",
       .since = "2.0.0",
       .complexity = kInterCx,
       .usage = "destination numkeys key ... [WEIGHTS weight ...] [AGGREGATE <SUM | MIN | MAX>]",
       .handler = CmdZInterStore});
  rows.add(
      {.name = "zdiffstore",
       .arity = -4,
       .flags = kCmdWrite | kCmdDenyOom,
       .keys = {1, 1, 1},
       .key_finder = keys_by_numkeys<2, true>,
       .key_specs = "OW update | index 1 | range 0 1 0; RO access | index 2 | keynum 0 1 1",
       .acl = "@write @sortedset @slow",
       .summary = "Subtract multiple sorted sets and store the resulting sorted set in a new key",
       .since = "6.2.0",
       .complexity = kDiffCx,
       .usage = "destination numkeys key ...",
       .handler = CmdZDiffStore});
  rows.add({.name = "zintercard",
            .arity = -3,
            .flags = kCmdReadonly,
            .key_finder = keys_by_numkeys<1, false>,
            .key_specs = "RO access | index 1 | keynum 0 1 1",
            .acl = "@read @sortedset @slow",
            .summary = "Intersect multiple sorted sets and return the cardinality of the result",
            .since = "7.0.0",
            .complexity = "O(N*K) worst case with N being the smallest input sorted set, K being "
                          "the number of input sorted sets.",
            .usage = "numkeys key ... [LIMIT limit]",
            .handler = CmdZInterCard});
  rows.add({.name = "zpopmin",
            .arity = -2,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access delete | index 1 | range 0 1 0",
            .acl = "@write @sortedset @fast",
            .summary = "Remove and return members with the lowest scores in a sorted set",
            .since = "5.0.0",
            .complexity = kPopCx,
            .usage = "key [count]",
            .handler = CmdZPopMin});
  rows.add({.name = "zpopmax",
            .arity = -2,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access delete | index 1 | range 0 1 0",
            .acl = "@write @sortedset @fast",
            .summary = "Remove and return members with the highest scores in a sorted set",
            .since = "5.0.0",
            .complexity = kPopCx,
            .usage = "key [count]",
            .handler = CmdZPopMax});
  rows.add({.name = "bzpopmin",
            .arity = -3,
            .flags = kCmdWrite | kCmdNoScript | kCmdBlocking | kCmdFast,
            .keys = {1, -2, 1},
            .key_specs = "RW access delete | index 1 | range -2 1 0",
            .acl = "@write @sortedset @fast @blocking",
            .summary = "Remove and return the member with the lowest score from one or more sorted "
                       "sets, or block until one is available",
            .since = "5.0.0",
            .complexity = "O(log(N)) with N being the number of elements in the sorted set.",
            .usage = "key ... timeout",
            .handler = CmdBZPopMin});
  rows.add({.name = "bzpopmax",
            .arity = -3,
            .flags = kCmdWrite | kCmdNoScript | kCmdBlocking | kCmdFast,
            .keys = {1, -2, 1},
            .key_specs = "RW access delete | index 1 | range -2 1 0",
            .acl = "@write @sortedset @fast @blocking",
            .summary = "Remove and return the member with the highest score from one or more "
                       "sorted sets, or block until one is available",
            .since = "5.0.0",
            .complexity = "O(log(N)) with N being the number of elements in the sorted set.",
            .usage = "key ... timeout",
            .handler = CmdBZPopMax});
  rows.add({.name = "zmpop",
            .arity = -4,
            .flags = kCmdWrite,
            .key_finder = keys_by_numkeys<1, false>,
            .key_specs = "RW access delete | index 1 | keynum 0 1 1",
            .acl = "@write @sortedset @slow",
            .summary = "Remove and return members with scores in a sorted set",
            .since = "7.0.0",
            .complexity = kMPopCx,
            .usage = "numkeys key ... <MIN | MAX> [COUNT count]",
            .handler = CmdZMPop});
  rows.add(
      {.name = "bzmpop",
       .arity = -5,
       .flags = kCmdWrite | kCmdBlocking,
       .key_finder = keys_by_numkeys<2, false>,
       .key_specs = "RW access delete | index 2 | keynum 0 1 1",
       .acl = "@write @sortedset @slow @blocking",
       .summary =
           "Remove and return members with scores in a sorted set or block until one is available",
       .since = "7.0.0",
       .complexity = kMPopCx,
       .usage = "timeout numkeys key ... <MIN | MAX> [COUNT count]",
       .handler = CmdBZMPop});
  rows.add({.name = "zrandmember",
            .arity = -2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @slow",
            .summary = "Get one or multiple random elements from a sorted set",
            .since = "6.2.0",
            .complexity = "O(N) where N is the number of elements returned",
            .usage = "key [count [WITHSCORES]]",
            .tips = "nondeterministic_output",
            .handler = CmdZRandMember});
  rows.add(
      {.name = "zscan",
       .arity = -3,
       .flags = kCmdReadonly,
       .keys = {1, 1, 1},
       .key_specs = "RO access | index 1 | range 0 1 0",
       .acl = "@read @sortedset @slow",
       .summary = "Incrementally iterate sorted sets elements and associated scores",
       .since = "2.8.0",
       .complexity =
           "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
           "the cursor to return back to 0. N is the number of elements inside the collection..",
       .usage = "key cursor [MATCH pattern] [COUNT count]",
       .tips = "nondeterministic_output",
       .handler = CmdZScan});
}

}  // namespace sable
