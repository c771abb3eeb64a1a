// Sorted set commands, part one: ZADD/ZINCRBY, single-member reads, the ZRANGE family (by rank,
// score and lex, with REV/LIMIT/WITHSCORES and ZRANGESTORE), counts and range removals.
// Set algebra, pops (including the blocking forms), ZRANDMEMBER and ZSCAN are in zset_ops.cc.
// The engine is datatypes/zset_type.h; this file parses arguments and writes replies. Options go
// through ArgCursor; positional ranges (ZCOUNT, ZLEXCOUNT, ZREMRANGEBY*, ZRANGE's min and max) are
// parsed directly with Redis's score and lex range grammars.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "server/commands/zset_common.h"

namespace sable {

void RegisterZSetOpsCommands(CommandTable& t);  // zset_ops.cc

namespace {

using namespace zset_cmd;

// Redis's zslParseRange bound: "(1.5" exclusive, "1.5" inclusive, strtod over the text.
bool parse_score_bound(std::string_view s, double* v, bool* ex) {
  *ex = !s.empty() && s[0] == '(';
  if (*ex) s.remove_prefix(1);
  std::string buf(s);
  char* end;
  double d = std::strtod(buf.c_str(), &end);
  if (*end != '\0' || std::isnan(d)) return false;
  *v = d;
  return true;
}
bool parse_score_range(std::string_view min, std::string_view max, ZScoreRange* r) {
  return parse_score_bound(min, &r->min, &r->minex) && parse_score_bound(max, &r->max, &r->maxex);
}

// Redis's zslParseLexRangeItem: "-", "+", "[incl" or "(excl".
bool parse_lex_bound(std::string_view s, std::string_view* v, ZLexRange::Kind* kind, bool* ex) {
  if (s.empty()) return false;
  *ex = false;
  *kind = ZLexRange::kString;
  switch (s[0]) {
    case '+':
    case '-':
      if (s.size() > 1 && s[1] != '\0') return false;
      *kind = s[0] == '+' ? ZLexRange::kPosInf : ZLexRange::kNegInf;
      return true;
    case '(':
      *ex = true;
      [[fallthrough]];
    case '[':
      *v = s.substr(1);
      return true;
    default:
      return false;
  }
}
bool parse_lex_range(std::string_view min, std::string_view max, ZLexRange* r) {
  return parse_lex_bound(min, &r->min, &r->min_kind, &r->minex) &&
         parse_lex_bound(max, &r->max, &r->max_kind, &r->maxex);
}

// --- ZADD / ZINCRBY --------------------------------------------------------------------------

// ZADD's arguments: the flags, then the score/member pairs from argv[first].
struct ZAddArgs {
  int flags = 0;
  bool ch = false;
  size_t first = 0;
  std::vector<double> scores;
};

// Parses ZADD's grammar (ZINCRBY runs it too, with INCR preset) in Redis's order: flags up to
// the first other word, the pair count, the flag conflicts, then every score, all before the key
// is looked up. Replies the error and returns false on bad input.
bool parse_zadd(CommandContext& ctx, ZAddArgs* z) {
  static constexpr int kBits[] = {ZSet::kNX, ZSet::kXX, ZSet::kGT, ZSet::kLT, 0, ZSet::kIncr};
  ArgCursor a(ctx.argv, 2);
  for (int i; (i = a.match_one_of({"NX", "XX", "GT", "LT", "CH", "INCR"})) >= 0;) {
    z->flags |= kBits[i];
    z->ch |= i == 4;
  }
  z->first = a.pos();
  size_t pairs = a.remaining() / 2;
  bool nx = z->flags & ZSet::kNX, xx = z->flags & ZSet::kXX, gt = z->flags & ZSet::kGT,
       lt = z->flags & ZSet::kLT;
  a.check(a.remaining() % 2 == 0 && pairs > 0, err::kSyntax);
  a.check(!(nx && xx), err::kXxNx);
  a.check(!(nx && (gt || lt)) && !(gt && lt), err::kZaddGtLtNx);
  a.check(!(z->flags & ZSet::kIncr) || pairs == 1, err::kZaddIncrPair);
  if (a.ok()) z->scores.reserve(pairs);
  while (!a.done()) {
    z->scores.push_back(a.next<double>());
    a.next();  // the member
  }
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// What ZADD did to the set.
struct ZAddOutcome {
  size_t added = 0, updated = 0, processed = 0;
  double score = 0;  // the last new score (INCR's reply)
  bool nan = false;
};

ZAddOutcome add_members(CommandContext& ctx, ZSet* z, const ZAddArgs& args) {
  ZAddOutcome o;
  ZSet::Limits lim = zlimits(ctx);
  for (size_t j = 0; j < args.scores.size() && !o.nan; ++j) {
    std::string_view member = ctx.arg(args.first + 2 * j + 1);
    switch (z->add(member, args.scores[j], args.flags, &o.score, lim)) {
      case ZSet::AddResult::kAdded:
        ++o.added, ++o.processed;
        break;
      case ZSet::AddResult::kUpdated:
        ++o.updated, ++o.processed;
        break;
      case ZSet::AddResult::kUnchanged:
        ++o.processed;
        break;
      case ZSet::AddResult::kSkipped:
        break;
      case ZSet::AddResult::kNaN:
        o.nan = true;
        break;
    }
  }
  return o;
}

// Shared by ZADD and ZINCRBY (which is ZADD INCR with the pair starting at argv[2]).
void ZAddGeneric(CommandContext& ctx, int flags) {
  ZAddArgs args;
  args.flags = flags;
  if (!parse_zadd(ctx, &args)) return;
  std::string_view key = ctx.arg(1);
  ZSet* z;
  Entry* e;
  if (!find_zset(ctx, key, &z, true, &e)) return;
  ZAddOutcome o;
  if (z || !(args.flags & ZSet::kXX)) {
    if (!z) z = ZSet::create(zlimits(ctx), ctx.arg(args.first + 1).size());
    o = add_members(ctx, z, args);
    if (z->size())
      store_zset(ctx, key, e, z);
    else
      delete z;  // created here and nothing was added
  }
  bool incr = args.flags & ZSet::kIncr;
  if (o.nan)
    ctx.reply.error(err::kScoreNaN);
  else if (incr && o.processed)
    reply_score(ctx.reply, o.score);
  else if (incr)
    ctx.reply.null();
  else
    ctx.reply.integer(static_cast<long long>(args.ch ? o.added + o.updated : o.added));
  if (o.added || o.updated) touched(ctx, kNotifyZset, incr ? "zincr" : "zadd", key);
}

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
void CmdZAdd(CommandContext& ctx) { ZAddGeneric(ctx, 0); }

// ZINCRBY key increment member
void CmdZIncrBy(CommandContext& ctx) { ZAddGeneric(ctx, ZSet::kIncr); }

// --- single-member reads ---------------------------------------------------------------------

// ZSCORE key member
void CmdZScore(CommandContext& ctx) {
  ZSet* z;
  if (!find_zset(ctx, ctx.arg(1), &z)) return;
  double s;
  if (!z || !z->score(ctx.arg(2), &s)) return ctx.reply.null();
  reply_score(ctx.reply, s);
}

// ZMSCORE key member [member ...]
void CmdZMScore(CommandContext& ctx) {
  ZSet* z;
  if (!find_zset(ctx, ctx.arg(1), &z)) return;
  ctx.reply.array_len(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    double s;
    if (z && z->score(ctx.arg(i), &s))
      reply_score(ctx.reply, s);
    else
      ctx.reply.null();
  }
}

// ZCARD key
void CmdZCard(CommandContext& ctx) {
  ZSet* z;
  if (!find_zset(ctx, ctx.arg(1), &z)) return;
  ctx.reply.integer(z ? static_cast<long long>(z->size()) : 0);
}

// ZRANK key member / ZREVRANK key member
void RankGeneric(CommandContext& ctx, bool rev) {
  ZSet* z;
  if (!find_zset(ctx, ctx.arg(1), &z)) return;
  size_t r;
  if (!z || !z->rank(ctx.arg(2), rev, &r)) return ctx.reply.null();
  ctx.reply.integer(static_cast<long long>(r));
}
void CmdZRank(CommandContext& ctx) { RankGeneric(ctx, false); }
void CmdZRevRank(CommandContext& ctx) { RankGeneric(ctx, true); }

// ZCOUNT key min max
void CmdZCount(CommandContext& ctx) {
  ZScoreRange r;
  if (!parse_score_range(ctx.arg(2), ctx.arg(3), &r)) return ctx.reply.error(err::kScoreRange);
  ZSet* z;
  if (!find_zset(ctx, ctx.arg(1), &z)) return;
  ctx.reply.integer(z ? static_cast<long long>(z->count(r)) : 0);
}

// ZLEXCOUNT key min max
void CmdZLexCount(CommandContext& ctx) {
  ZLexRange r;
  if (!parse_lex_range(ctx.arg(2), ctx.arg(3), &r)) return ctx.reply.error(err::kLexRange);
  ZSet* z;
  if (!find_zset(ctx, ctx.arg(1), &z)) return;
  ctx.reply.integer(z ? static_cast<long long>(z->count(r)) : 0);
}

// ZREM key member [member ...]
void CmdZRem(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  ZSet* z;
  Entry* e;
  if (!find_zset(ctx, key, &z, true, &e)) return;
  if (!z) return ctx.reply.integer(0);
  long long deleted = 0;
  for (size_t i = 2; i < ctx.argc() && z->size(); ++i) deleted += z->remove(ctx.arg(i));
  if (deleted) {
    store_zset(ctx, key, e, z);
    elements_removed(ctx, kNotifyZset, "zrem", key, z->size() == 0);
  }
  ctx.reply.integer(deleted);
}

// --- the ZRANGE family -----------------------------------------------------------------------

enum class RangeBy { kAuto, kRank, kScore, kLex };
enum class Dir { kAuto, kForward, kReverse };

// Collects the elements of a score or lex range, skipping `offset` and taking up to `limit`
// (negative: no limit). A negative offset yields nothing, as in Redis.
template <class Range>
void collect_range(const ZSet& z, const Range& r, bool rev, int64_t offset, int64_t limit,
                   std::vector<Scored>* out) {
  if (offset < 0) return;
  ZSet::Iter it = z.first_in(r, rev);
  for (; it.valid() && offset > 0; --offset) it.next();
  for (; it.valid() && limit != 0; it.next()) {
    bool in;
    if constexpr (std::is_same_v<Range, ZScoreRange>)
      in = rev ? r.above_min(it.score()) : r.below_max(it.score());
    else
      in = rev ? r.above_min(it.member()) : r.below_max(it.member());
    if (!in) break;
    out->emplace_back(it.member(), it.score());
    if (limit > 0) --limit;
  }
}

// Collects ranks [start, end] (Redis index rules, negatives from the end).
void collect_ranks(const ZSet& z, int64_t start, int64_t end, bool rev, std::vector<Scored>* out) {
  int64_t len = static_cast<int64_t>(z.size());
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return;
  if (end >= len) end = len - 1;
  ZSet::Iter it = z.at_rank(static_cast<size_t>(start), rev);
  for (int64_t n = end - start + 1; n > 0 && it.valid(); --n, it.next())
    out->emplace_back(it.member(), it.score());
}

// A parsed ZRANGE request (any of its forms).
struct RangeArgs {
  RangeBy by = RangeBy::kRank;
  bool rev = false, withscores = false;
  int64_t offset = 0, limit = -1;  // LIMIT; -1: none
  int64_t start = 0, end = 0;      // kRank
  ZScoreRange score;               // kScore
  ZLexRange lex;                   // kLex
};

// Parses the options after `key min max` (BYSCORE|BYLEX REV LIMIT WITHSCORES; an older form
// presets `by` and `dir`, which then are not options), their conflicts, then the two bounds, in
// Redis's order. The bounds are positional and read after the options (REV swaps them), so they
// are parsed directly. Replies the error and returns false on bad input.
bool parse_range(CommandContext& ctx, size_t first, bool store, RangeBy by, Dir dir, RangeArgs* r) {
  ArgCursor a(ctx.argv, first + 3);
  while (!a.done()) {
    int kind;
    if (!store && a.match("WITHSCORES")) {
      r->withscores = true;
    } else if (a.match("LIMIT", 2)) {
      r->offset = a.next<int64_t>();
      r->limit = a.next<int64_t>();
    } else if (dir == Dir::kAuto && a.match("REV")) {
      dir = Dir::kReverse;
    } else if (by == RangeBy::kAuto && (kind = a.match_one_of({"BYLEX", "BYSCORE"})) >= 0) {
      by = kind == 0 ? RangeBy::kLex : RangeBy::kScore;
    } else {
      a.fail(err::kSyntax);
    }
  }
  r->by = by == RangeBy::kAuto ? RangeBy::kRank : by;
  r->rev = dir == Dir::kReverse;
  a.check(r->limit == -1 || r->by != RangeBy::kRank, err::kZrangeLimitNeedsBy);
  a.check(!r->withscores || r->by != RangeBy::kLex, err::kWithscoresByLex);
  if (!a.ok()) return ctx.reply.error(a.error()), false;
  std::string_view min = ctx.arg(first + 1), max = ctx.arg(first + 2);
  if (r->rev && r->by != RangeBy::kRank) std::swap(min, max);
  if (r->by == RangeBy::kRank && (!parse_int64(min, &r->start) || !parse_int64(max, &r->end)))
    return ctx.reply.error(err::kNotInteger), false;
  if (r->by == RangeBy::kScore && !parse_score_range(min, max, &r->score))
    return ctx.reply.error(err::kScoreRange), false;
  if (r->by == RangeBy::kLex && !parse_lex_range(min, max, &r->lex))
    return ctx.reply.error(err::kLexRange), false;
  return true;
}

// ZRANGE and all its older forms. `first` is the index of the source key; with `store` the
// destination is argv[1] (ZRANGESTORE).
void ZRangeGeneric(CommandContext& ctx, size_t first, bool store, RangeBy by, Dir dir) {
  RangeArgs r;
  if (!parse_range(ctx, first, store, by, dir, &r)) return;
  ZSet* z;
  if (!find_zset(ctx, ctx.arg(first), &z)) return;
  std::vector<Scored> items;
  if (z) {
    if (r.by == RangeBy::kRank)
      collect_ranks(*z, r.start, r.end, r.rev, &items);
    else if (r.by == RangeBy::kScore)
      collect_range(*z, r.score, r.rev, r.offset, r.limit, &items);
    else
      collect_range(*z, r.lex, r.rev, r.offset, r.limit, &items);
  }
  if (!store) return reply_scored(ctx.reply, items, r.withscores);
  size_t n = items.size();
  // Redis sizes the destination up front only when the length is known (rank ranges).
  bool big = r.by == RangeBy::kRank && n > zlimits(ctx).max_entries;
  store_result(ctx, ctx.arg(1), build_zset(ctx, items, big), "zrangestore");
  ctx.reply.integer(static_cast<long long>(n));
}

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
void CmdZRange(CommandContext& ctx) { ZRangeGeneric(ctx, 1, false, RangeBy::kAuto, Dir::kAuto); }
// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
void CmdZRangeStore(CommandContext& ctx) {
  ZRangeGeneric(ctx, 2, true, RangeBy::kAuto, Dir::kAuto);
}
// ZREVRANGE key start stop [WITHSCORES]
void CmdZRevRange(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeBy::kRank, Dir::kReverse);
}
// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
void CmdZRangeByScore(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeBy::kScore, Dir::kForward);
}
// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
void CmdZRevRangeByScore(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeBy::kScore, Dir::kReverse);
}
// ZRANGEBYLEX key min max [LIMIT offset count]
void CmdZRangeByLex(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeBy::kLex, Dir::kForward);
}
// ZREVRANGEBYLEX key max min [LIMIT offset count]
void CmdZRevRangeByLex(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeBy::kLex, Dir::kReverse);
}

// --- range removals --------------------------------------------------------------------------

// ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX key min max
void ZRemRangeGeneric(CommandContext& ctx, RangeBy by) {
  std::string_view key = ctx.arg(1);
  int64_t start = 0, end = 0;
  ZScoreRange sr;
  ZLexRange lr;
  if (by == RangeBy::kRank) {
    if (!parse_int64(ctx.arg(2), &start) || !parse_int64(ctx.arg(3), &end))
      return ctx.reply.error(err::kNotInteger);
  } else if (by == RangeBy::kScore) {
    if (!parse_score_range(ctx.arg(2), ctx.arg(3), &sr)) return ctx.reply.error(err::kScoreRange);
  } else if (!parse_lex_range(ctx.arg(2), ctx.arg(3), &lr)) {
    return ctx.reply.error(err::kLexRange);
  }
  ZSet* z;
  Entry* e;
  if (!find_zset(ctx, key, &z, true, &e)) return;
  if (!z) return ctx.reply.integer(0);
  size_t deleted = 0;
  if (by == RangeBy::kRank) {
    int64_t len = static_cast<int64_t>(z->size());
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (start > end || start >= len) return ctx.reply.integer(0);
    deleted = z->remove_rank_range(static_cast<size_t>(start), static_cast<size_t>(end));
  } else if (by == RangeBy::kScore) {
    deleted = z->remove_range(sr);
  } else {
    deleted = z->remove_range(lr);
  }
  if (deleted) {
    static constexpr std::string_view kEvents[] = {"", "zremrangebyrank", "zremrangebyscore",
                                                   "zremrangebylex"};
    store_zset(ctx, key, e, z);
    touched(ctx, kNotifyZset, kEvents[static_cast<int>(by)], key);
    delete_if_empty(ctx, key, z->size() == 0);
  }
  ctx.reply.integer(static_cast<long long>(deleted));
}
void CmdZRemRangeByRank(CommandContext& ctx) { ZRemRangeGeneric(ctx, RangeBy::kRank); }
void CmdZRemRangeByScore(CommandContext& ctx) { ZRemRangeGeneric(ctx, RangeBy::kScore); }
void CmdZRemRangeByLex(CommandContext& ctx) { ZRemRangeGeneric(ctx, RangeBy::kLex); }

}  // namespace

void RegisterZSetFamily(CommandTable& t) {
  FamilyRows rows(t, "sorted-set");
  const char* kLogN = "O(log(N)) where N is the number of elements in the sorted set.";
  const char* kRangeCx =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements returned.";
  const char* kRemCx =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements removed by the operation.";
  rows.add(
      {.name = "zadd",
       .arity = -4,
       .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
       .keys = {1, 1, 1},
       .key_specs = "RW update | index 1 | range 0 1 0",
       .acl = "@write @sortedset @fast",
       .summary =
           "Add one or more members to a sorted set, or update its score if it already exists",
       .since = "1.2.0",
       .complexity =
           "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
       .usage = "key [NX | XX] [GT | LT] [CH] [INCR] <score member> ...",
       .handler = CmdZAdd});
  rows.add({.name = "zincrby",
            .arity = 4,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@write @sortedset @fast",
            .summary = "Increment the score of a member in a sorted set",
            .since = "1.2.0",
            .complexity = kLogN,
            .usage = "key increment member",
            .handler = CmdZIncrBy});
  rows.add({.name = "zscore",
            .arity = 3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @fast",
            .summary = "Get the score associated with the given member in a sorted set",
            .since = "1.2.0",
            .complexity = "O(1)",
            .usage = "key member",
            .handler = CmdZScore});
  rows.add({.name = "zmscore",
            .arity = -3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @fast",
            .summary = "Get the score associated with the given members in a sorted set",
            .since = "6.2.0",
            .complexity = "O(N) where N is the number of members being requested.",
            .usage = "key member ...",
            .handler = CmdZMScore});
  rows.add({.name = "zcard",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@read @sortedset @fast",
            .summary = "Get the number of members in a sorted set",
            .since = "1.2.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdZCard});
  rows.add({.name = "zrank",
            .arity = 3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @fast",
            .summary = "Determine the index of a member in a sorted set",
            .since = "2.0.0",
            .complexity = "O(log(N))",
            .usage = "key member",
            .handler = CmdZRank});
  rows.add(
      {.name = "zrevrank",
       .arity = 3,
       .flags = kCmdReadonly | kCmdFast,
       .keys = {1, 1, 1},
       .key_specs = "RO access | index 1 | range 0 1 0",
       .acl = "@read @sortedset @fast",
       .summary =
           "Determine the index of a member in a sorted set, with scores ordered from high to low",
       .since = "2.0.0",
       .complexity = "O(log(N))",
       .usage = "key member",
       .handler = CmdZRevRank});
  rows.add({.name = "zcount",
            .arity = 4,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @fast",
            .summary = "Count the members in a sorted set with scores within the given values",
            .since = "2.0.0",
            .complexity = kLogN,
            .usage = "key min max",
            .handler = CmdZCount});
  rows.add({.name = "zlexcount",
            .arity = 4,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @fast",
            .summary =
                "Count the number of members in a sorted set between a given lexicographical range",
            .since = "2.8.9",
            .complexity = kLogN,
            .usage = "key min max",
            .handler = CmdZLexCount});
  rows.add({.name = "zrem",
            .arity = -3,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @sortedset @fast",
            .summary = "Remove one or more members from a sorted set",
            .since = "1.2.0",
            .complexity = "O(M*log(N)) with N being the number of elements in the sorted set and M "
                          "the number of elements to be removed.",
            .usage = "key member ...",
            .handler = CmdZRem});
  rows.add({.name = "zrange",
            .arity = -4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @slow",
            .summary = "Return a range of members in a sorted set",
            .since = "1.2.0",
            .complexity = kRangeCx,
            .usage = "key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]",
            .handler = CmdZRange});
  rows.add({.name = "zrangestore",
            .arity = -5,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 2, 1},
            .key_specs = "OW update | index 1 | range 0 1 0; RO access | index 2 | range 0 1 0",
            .acl = "@write @sortedset @slow",
            .summary = "Store a range of members from sorted set into another key",
            .since = "6.2.0",
            .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M "
                          "the number of elements stored into the destination key.",
            .usage = "dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]",
            .handler = CmdZRangeStore});
  rows.add({.name = "zrevrange",
            .arity = -4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @slow",
            .summary = "Return a range of members in a sorted set, by index, with scores ordered "
                       "from high to low",
            .since = "1.2.0",
            .complexity = kRangeCx,
            .usage = "key start stop [WITHSCORES]",
            .handler = CmdZRevRange});
  rows.add({.name = "zrangebyscore",
            .arity = -4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @slow",
            .summary = "Return a range of members in a sorted set, by score",
            .since = "1.0.5",
            .complexity = kRangeCx,
            .usage = "key min max [WITHSCORES] [LIMIT offset count]",
            .handler = CmdZRangeByScore});
  rows.add({.name = "zrevrangebyscore",
            .arity = -4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @slow",
            .summary = "Return a range of members in a sorted set, by score, with scores ordered "
                       "from high to low",
            .since = "2.2.0",
            .complexity = kRangeCx,
            .usage = "key max min [WITHSCORES] [LIMIT offset count]",
            .handler = CmdZRevRangeByScore});
  rows.add({.name = "zrangebylex",
            .arity = -4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @slow",
            .summary = "Return a range of members in a sorted set, by lexicographical range",
            .since = "2.8.9",
            .complexity = kRangeCx,
            .usage = "key min max [LIMIT offset count]",
            .handler = CmdZRangeByLex});
  rows.add({.name = "zrevrangebylex",
            .arity = -4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @sortedset @slow",
            .summary = "Return a range of members in a sorted set, by lexicographical range, "
                       "ordered from higher to lower strings.",
            .since = "2.8.9",
            .complexity = kRangeCx,
            .usage = "key max min [LIMIT offset count]",
            .handler = CmdZRevRangeByLex});
  rows.add({.name = "zremrangebyrank",
            .arity = 4,
            .flags = kCmdWrite,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @sortedset @slow",
            .summary = "Remove all members in a sorted set within the given indexes",
            .since = "2.0.0",
            .complexity = kRemCx,
            .usage = "key start stop",
            .handler = CmdZRemRangeByRank});
  rows.add({.name = "zremrangebyscore",
            .arity = 4,
            .flags = kCmdWrite,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @sortedset @slow",
            .summary = "Remove all members in a sorted set within the given scores",
            .since = "1.2.0",
            .complexity = kRemCx,
            .usage = "key min max",
            .handler = CmdZRemRangeByScore});
  rows.add({.name = "zremrangebylex",
            .arity = 4,
            .flags = kCmdWrite,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @sortedset @slow",
            .summary = "Remove all members in a sorted set between the given lexicographical range",
            .since = "2.8.9",
            .complexity = kRemCx,
            .usage = "key min max",
            .handler = CmdZRemRangeByLex});
  RegisterZSetOpsCommands(t);
}

}  // namespace sable
