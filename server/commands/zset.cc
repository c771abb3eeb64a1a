// Sorted set commands, part one: ZADD/ZINCRBY, single-member reads, the ZRANGE family (by rank,
// score and lex, with REV/LIMIT/WITHSCORES and ZRANGESTORE), counts and range removals.
// Set algebra, pops (including the blocking forms), ZRANDMEMBER and ZSCAN are in zset_ops.cc.
// The engine is datatypes/zset_type.h; this file parses arguments and writes replies.
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

// Shared by ZADD and ZINCRBY (which is ZADD INCR with the pair starting at argv[2]).
void ZAddGeneric(CommandContext& ctx, int flags) {
  bool ch = false;
  size_t i = 2;
  for (; i < ctx.argc(); ++i) {
    std::string_view a = ctx.arg(i);
    if (iequals(a, "nx"))
      flags |= ZSet::kNX;
    else if (iequals(a, "xx"))
      flags |= ZSet::kXX;
    else if (iequals(a, "gt"))
      flags |= ZSet::kGT;
    else if (iequals(a, "lt"))
      flags |= ZSet::kLT;
    else if (iequals(a, "ch"))
      ch = true;
    else if (iequals(a, "incr"))
      flags |= ZSet::kIncr;
    else
      break;
  }
  size_t elements = ctx.argc() - i;
  if (elements % 2 || !elements) return ctx.reply.error(err::kSyntax);
  elements /= 2;
  bool nx = flags & ZSet::kNX, xx = flags & ZSet::kXX, gt = flags & ZSet::kGT,
       lt = flags & ZSet::kLT, incr = flags & ZSet::kIncr;
  if (nx && xx) return ctx.reply.error(err::kXxNx);
  if ((gt && nx) || (lt && nx) || (gt && lt)) return ctx.reply.error(err::kZaddGtLtNx);
  if (incr && elements > 1) return ctx.reply.error(err::kZaddIncrPair);
  std::vector<double> scores(elements);
  for (size_t j = 0; j < elements; ++j)
    if (!parse_double(ctx.arg(i + 2 * j), &scores[j])) return ctx.reply.error(err::kNotFloat);

  std::string_view key = ctx.arg(1);
  ZSet* z;
  if (!find_zset(ctx, key, &z, true)) return;
  bool created = false;
  size_t added = 0, updated = 0, processed = 0;
  double newscore = 0;
  bool nan = false;
  if (z || !xx) {
    ZSet::Limits lim = zlimits(ctx);
    if (!z) {
      z = ZSet::create(lim, ctx.arg(i + 1).size());
      created = true;
    }
    for (size_t j = 0; j < elements && !nan; ++j) {
      switch (z->add(ctx.arg(i + 2 * j + 1), scores[j], flags, &newscore, lim)) {
        case ZSet::AddResult::kAdded:
          ++added, ++processed;
          break;
        case ZSet::AddResult::kUpdated:
          ++updated, ++processed;
          break;
        case ZSet::AddResult::kUnchanged:
          ++processed;
          break;
        case ZSet::AddResult::kSkipped:
          break;
        case ZSet::AddResult::kNaN:
          nan = true;
          break;
      }
    }
    if (created && z->size())
      ctx.db.set(key, Value::object(ObjType::kZSet, z->encoding(), z));
    else if (created)
      delete z;
    else
      finish_write(ctx, key, z);
  }
  if (nan)
    ctx.reply.error(err::kScoreNaN);
  else if (incr && processed)
    reply_score(ctx.reply, newscore);
  else if (incr)
    ctx.reply.null();
  else
    ctx.reply.integer(static_cast<long long>(ch ? added + updated : added));
  if (added || updated) {
    key_modified(ctx, key);
    notify(ctx, kNotifyZset, incr ? "zincr" : "zadd", key);
  }
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
  if (!find_zset(ctx, key, &z, true)) return;
  if (!z) return ctx.reply.integer(0);
  long long deleted = 0;
  for (size_t i = 2; i < ctx.argc() && z->size(); ++i) deleted += z->remove(ctx.arg(i));
  bool removed = deleted && finish_write(ctx, key, z);
  if (deleted) {
    notify(ctx, kNotifyZset, "zrem", key);
    if (removed) notify(ctx, kNotifyGeneric, "del", key);
    key_modified(ctx, key);
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

// ZRANGE and all its older forms. `first` is the index of the source key; with `store` the
// destination is argv[1] (ZRANGESTORE).
void ZRangeGeneric(CommandContext& ctx, size_t first, bool store, RangeBy by, Dir dir) {
  size_t minidx = first + 1, maxidx = first + 2;
  bool withscores = false;
  int64_t offset = 0, limit = -1;
  for (size_t j = first + 3; j < ctx.argc(); ++j) {
    std::string_view a = ctx.arg(j);
    size_t left = ctx.argc() - j - 1;
    if (!store && iequals(a, "withscores")) {
      withscores = true;
    } else if (iequals(a, "limit") && left >= 2) {
      if (!parse_int64(ctx.arg(j + 1), &offset) || !parse_int64(ctx.arg(j + 2), &limit))
        return ctx.reply.error(err::kNotInteger);
      j += 2;
    } else if (dir == Dir::kAuto && iequals(a, "rev")) {
      dir = Dir::kReverse;
    } else if (by == RangeBy::kAuto && iequals(a, "bylex")) {
      by = RangeBy::kLex;
    } else if (by == RangeBy::kAuto && iequals(a, "byscore")) {
      by = RangeBy::kScore;
    } else {
      return ctx.reply.error(err::kSyntax);
    }
  }
  if (by == RangeBy::kAuto) by = RangeBy::kRank;
  bool rev = dir == Dir::kReverse;
  if (limit != -1 && by == RangeBy::kRank)
    return ctx.reply.error(
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  if (withscores && by == RangeBy::kLex) return ctx.reply.error(err::kWithscoresByLex);
  if (rev && by != RangeBy::kRank) std::swap(minidx, maxidx);

  int64_t start = 0, end = 0;
  ZScoreRange sr;
  ZLexRange lr;
  if (by == RangeBy::kRank) {
    if (!parse_int64(ctx.arg(minidx), &start) || !parse_int64(ctx.arg(maxidx), &end))
      return ctx.reply.error(err::kNotInteger);
  } else if (by == RangeBy::kScore) {
    if (!parse_score_range(ctx.arg(minidx), ctx.arg(maxidx), &sr))
      return ctx.reply.error(err::kScoreRange);
  } else if (!parse_lex_range(ctx.arg(minidx), ctx.arg(maxidx), &lr)) {
    return ctx.reply.error(err::kLexRange);
  }

  ZSet* z;
  if (!find_zset(ctx, ctx.arg(first), &z)) return;
  std::vector<Scored> items;
  if (z) {
    if (by == RangeBy::kRank)
      collect_ranks(*z, start, end, rev, &items);
    else if (by == RangeBy::kScore)
      collect_range(*z, sr, rev, offset, limit, &items);
    else
      collect_range(*z, lr, rev, offset, limit, &items);
  }
  if (!store) return reply_scored(ctx.reply, items, withscores);
  size_t n = items.size();
  // Redis sizes the destination up front only when the length is known (rank ranges).
  bool big = by == RangeBy::kRank && n > zlimits(ctx).max_entries;
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
  if (!find_zset(ctx, key, &z, true)) return;
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
    bool removed = finish_write(ctx, key, z);
    static constexpr std::string_view kEvents[] = {"", "zremrangebyrank", "zremrangebyscore",
                                                   "zremrangebylex"};
    key_modified(ctx, key);
    notify(ctx, kNotifyZset, kEvents[static_cast<int>(by)], key);
    if (removed) notify(ctx, kNotifyGeneric, "del", key);
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
            .acl = "@write @sortedset @slow",
            .summary = "Remove all members in a sorted set between the given lexicographical range",
            .since = "2.8.9",
            .complexity = kRemCx,
            .usage = "key min max",
            .handler = CmdZRemRangeByLex});
  RegisterZSetOpsCommands(t);
}

}  // namespace sable
