// Set commands: SADD SREM SPOP SRANDMEMBER SMOVE, the SINTER/SUNION/SDIFF algebra and SSCAN.
// The engine (datatypes/set_type.h) does the storage; handlers parse, call it and reply.
#include <algorithm>
#include <climits>
#include <unordered_set>

#include "datatypes/set_type.h"
#include "server/commands/common.h"
#include "server/commands/key_finders.h"
#include "server/commands/scan.h"

namespace sable {

namespace {

SetLimits set_limits(const CommandContext& ctx) {
  return {static_cast<size_t>(std::max(0LL, ctx.server.config.set_max_intset_entries))};
}

Set set_of(const Entry* e) { return Set(entry::encoding(e), entry::object(e)); }

// Reads the set at `key`. Returns false after replying WRONGTYPE; *e is null when missing.
bool read_set(CommandContext& ctx, std::string_view key, Entry** e, Set* s,
              bool for_write = false) {
  if (!lookup_typed(ctx, key, ObjType::kSet, e, for_write)) return false;
  if (*e) *s = set_of(*e);
  return true;
}

// Stores an edited set at `key` (`e`: its entry, null when the set is new and not empty).
void store_set(CommandContext& ctx, std::string_view key, Entry* e, const Set& s) {
  ctx.db.store_object(key, e, ObjType::kSet, s.enc, s.ptr);
}

// Replaces `dst` with a freshly built result set (dropping any TTL), or deletes it when the
// result is empty. Replies the result's size and notifies `event`.
void store_result(CommandContext& ctx, std::string_view dst, Set result, std::string_view event) {
  size_t n = result.size();
  if (n > 0) {
    ctx.db.set(dst, Value::object(ObjType::kSet, result.enc, result.ptr));
    touched(ctx, kNotifySet, event, dst);
  } else {
    result.destroy();
    if (lookup_write(ctx, dst) && ctx.db.del(dst)) touched(ctx, kNotifyGeneric, "del", dst);
  }
  ctx.reply.integer(static_cast<long long>(n));
}

void reply_members(ReplyWriter& r, const Set& s) {
  r.set_len(s.size());
  s.for_each([&](std::string_view m) { r.bulk(m); });
}

// SADD key member [member ...]
void CmdSAdd(CommandContext& ctx) {
  Entry* e;
  Set s;
  if (!read_set(ctx, ctx.arg(1), &e, &s, true)) return;
  if (!e) s = Set::create_intset();
  SetLimits lim = set_limits(ctx);
  long long added = 0;
  for (size_t i = 2; i < ctx.argc(); ++i) added += s.add(ctx.arg(i), lim);
  store_set(ctx, ctx.arg(1), e, s);
  if (added) touched(ctx, kNotifySet, "sadd", ctx.arg(1));
  ctx.reply.integer(added);
}

// SREM key member [member ...]
void CmdSRem(CommandContext& ctx) {
  Entry* e;
  Set s;
  if (!read_set(ctx, ctx.arg(1), &e, &s, true)) return;
  if (!e) return ctx.reply.integer(0);
  long long removed = 0;
  for (size_t i = 2; i < ctx.argc() && !s.empty(); ++i) removed += s.remove(ctx.arg(i));
  store_set(ctx, ctx.arg(1), e, s);
  if (removed) {
    touched(ctx, kNotifySet, "srem", ctx.arg(1));
    delete_if_empty(ctx, ctx.arg(1), s.empty());
  }
  ctx.reply.integer(removed);
}

// SMEMBERS key
void CmdSMembers(CommandContext& ctx) {
  Entry* e;
  Set s;
  if (!read_set(ctx, ctx.arg(1), &e, &s)) return;
  if (!e) return ctx.reply.set_len(0);
  reply_members(ctx.reply, s);
}

// SISMEMBER key member
void CmdSIsMember(CommandContext& ctx) {
  Entry* e;
  Set s;
  if (!read_set(ctx, ctx.arg(1), &e, &s)) return;
  ctx.reply.integer(e && s.contains(ctx.arg(2)) ? 1 : 0);
}

// SMISMEMBER key member [member ...]
void CmdSMIsMember(CommandContext& ctx) {
  Entry* e;
  Set s;
  if (!read_set(ctx, ctx.arg(1), &e, &s)) return;
  ctx.reply.array_len(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) ctx.reply.integer(e && s.contains(ctx.arg(i)) ? 1 : 0);
}

// SCARD key
void CmdSCard(CommandContext& ctx) {
  Entry* e;
  Set s;
  if (!read_set(ctx, ctx.arg(1), &e, &s)) return;
  ctx.reply.integer(e ? static_cast<long long>(s.size()) : 0);
}

// SPOP key [count]
void CmdSPop(CommandContext& ctx) {
  if (ctx.argc() > 3) return ctx.reply.error(err::kSyntax);  // before the count, as Redis
  ArgCursor a(ctx.argv, 2);
  int64_t count = a.done() ? -1 : a.next_at_least(0, err::kNotPositive);  // -1: no count
  if (!a.ok()) return ctx.reply.error(a.error());
  std::string_view key = ctx.arg(1);
  Entry* e;
  Set s;
  if (!read_set(ctx, key, &e, &s, true)) return;
  if (!e) return count < 0 ? ctx.reply.null() : ctx.reply.set_len(0);
  if (count == 0) return ctx.reply.set_len(0);
  bool whole = count > 0 && static_cast<uint64_t>(count) >= s.size();
  notify(ctx, kNotifySet, "spop", key);  // Redis sends the event before the reply
  if (count < 0) {
    ctx.reply.bulk(s.pop_random(ctx.db.rng()));
  } else if (whole) {
    reply_members(ctx.reply, s);  // the key is deleted as it is
  } else {
    ctx.reply.set_len(static_cast<size_t>(count));
    while (count-- > 0) ctx.reply.bulk(s.pop_random(ctx.db.rng()));
  }
  if (!whole) store_set(ctx, key, e, s);
  delete_if_empty(ctx, key, whole || s.empty());
  key_modified(ctx, key);
}

// SRANDMEMBER key [count]: negative counts may repeat members, a count covering the set returns
// all of it, otherwise `count` distinct members (Redis's cases, up to the randomness).
void CmdSRandMember(CommandContext& ctx) {
  if (ctx.argc() > 3) return ctx.reply.error(err::kSyntax);  // before the count, as Redis
  ArgCursor a(ctx.argv, 2);
  int64_t l = a.done() ? 0 : a.next<int64_t>();
  a.check(l != INT64_MIN, err::kCountRange);
  if (!a.ok()) return ctx.reply.error(a.error());
  Entry* e;
  Set s;
  if (!read_set(ctx, ctx.arg(1), &e, &s)) return;
  auto& rng = ctx.db.rng();
  if (ctx.argc() == 2) return e ? ctx.reply.bulk(s.random_member(rng)) : ctx.reply.null();
  if (!e || l == 0) return ctx.reply.empty_array();
  if (!check_random_draws(ctx, l)) return;
  size_t count = l < 0 ? static_cast<size_t>(-l) : static_cast<size_t>(l), size = s.size();
  if (l < 0 || count == 1) {
    ctx.reply.array_len(count);
    while (count--) ctx.reply.bulk(s.random_member(rng));
    return;
  }
  if (count >= size) {
    ctx.reply.array_len(size);
    s.for_each([&](std::string_view m) { ctx.reply.bulk(m); });
    return;
  }
  std::vector<std::string> picked;
  if (count * 3 > size) {
    s.for_each([&](std::string_view m) { picked.emplace_back(m); });
    while (picked.size() > count) {
      size_t i = rng() % picked.size();
      picked[i] = std::move(picked.back());
      picked.pop_back();
    }
  } else {
    std::unordered_set<std::string> seen;
    while (picked.size() < count) {
      std::string m = s.random_member(rng);
      if (seen.insert(m).second) picked.push_back(std::move(m));
    }
  }
  ctx.reply.array_len(picked.size());
  for (const auto& m : picked) ctx.reply.bulk(m);
}

// SMOVE source destination member
void CmdSMove(CommandContext& ctx) {
  std::string_view src = ctx.arg(1), dst = ctx.arg(2), member = ctx.arg(3);
  Entry* se = lookup_write(ctx, src);
  Entry* de = lookup_write(ctx, dst);
  if (!se) return ctx.reply.integer(0);
  if (entry::type(se) != ObjType::kSet || (de && entry::type(de) != ObjType::kSet))
    return ctx.reply.error(err::kWrongType);
  Set s = set_of(se);
  if (se == de) return ctx.reply.integer(s.contains(member) ? 1 : 0);
  if (!s.remove(member)) return ctx.reply.integer(0);
  store_set(ctx, src, se, s);
  elements_removed(ctx, kNotifySet, "srem", src, s.empty());
  Set d = de ? set_of(de) : Set::create_intset();
  if (d.add(member, set_limits(ctx))) {
    store_set(ctx, dst, de, d);
    touched(ctx, kNotifySet, "sadd", dst);
  }
  ctx.reply.integer(1);
}

// Looks up the sets named by argv[first, last). Missing keys give a null Set (ptr == nullptr).
// Returns false after replying WRONGTYPE.
bool load_sets(CommandContext& ctx, size_t first, size_t last, std::vector<Set>* sets) {
  for (size_t i = first; i < last; ++i) {
    Entry* e;
    Set s(Encoding::kIntset, nullptr);
    if (!read_set(ctx, ctx.arg(i), &e, &s)) return false;
    sets->push_back(s);
  }
  return true;
}

// Calls fn(member) for each member of the intersection, smallest set first, until fn returns
// false. Any missing set makes the intersection empty.
template <class F>
void for_each_common(std::vector<Set> sets, F&& fn) {
  for (const Set& s : sets)
    if (!s.ptr) return;
  std::sort(sets.begin(), sets.end(),
            [](const Set& a, const Set& b) { return a.size() < b.size(); });
  // A lookup may move a bucket of an incrementally rehashing table, so the set being walked is
  // never probed while it is walked: a repeated key is trivially satisfied.
  std::vector<Set> probe;
  for (size_t j = 1; j < sets.size(); ++j)
    if (sets[j].ptr != sets[0].ptr) probe.push_back(sets[j]);
  bool more = true;
  sets[0].for_each([&](std::string_view m) {
    if (!more) return;
    for (const Set& p : probe)
      if (!p.contains(m)) return;
    more = fn(m);
  });
}

// Builds the union (or the difference first − others) as a new set object.
Set combine(const std::vector<Set>& sets, bool diff, const SetLimits& lim) {
  Set out = Set::create_intset();
  if (!diff) {
    for (const Set& s : sets)
      if (s.ptr) s.for_each([&](std::string_view m) { out.add(m, lim); });
    return out;
  }
  if (!sets[0].ptr) return out;
  // The first set minus itself is empty (and must not be probed while it is walked).
  for (size_t j = 1; j < sets.size(); ++j)
    if (sets[j].ptr == sets[0].ptr) return out;
  sets[0].for_each([&](std::string_view m) {
    for (size_t j = 1; j < sets.size(); ++j)
      if (sets[j].ptr && sets[j].contains(m)) return;
    out.add(m, lim);
  });
  return out;
}

// SINTER key [key ...]
void CmdSInter(CommandContext& ctx) {
  std::vector<Set> sets;
  if (!load_sets(ctx, 1, ctx.argc(), &sets)) return;
  std::vector<std::string> out;
  for_each_common(sets, [&](std::string_view m) {
    out.emplace_back(m);
    return true;
  });
  ctx.reply.set_len(out.size());
  for (const auto& m : out) ctx.reply.bulk(m);
}

// SINTERSTORE destination key [key ...]
void CmdSInterStore(CommandContext& ctx) {
  std::vector<Set> sets;
  if (!load_sets(ctx, 2, ctx.argc(), &sets)) return;
  Set result = Set::create_intset();
  SetLimits lim = set_limits(ctx);
  for_each_common(sets, [&](std::string_view m) {
    result.add(m, lim);
    return true;
  });
  store_result(ctx, ctx.arg(1), result, "sinterstore");
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
void CmdSInterCard(CommandContext& ctx) {
  ArgCursor a(ctx.argv, 1);
  int64_t numkeys = a.next_at_least(1, err::kNumkeysNotPositive), limit = 0;
  a.check(static_cast<uint64_t>(numkeys) <= a.remaining(), err::kNumkeysTooMany);
  a.take(static_cast<size_t>(numkeys));
  while (!a.done()) {
    if (a.match("LIMIT", 1))
      limit = a.next_at_least(0, err::kLimitNegative);
    else
      a.fail(err::kSyntax);
  }
  if (!a.ok()) return ctx.reply.error(a.error());
  size_t end = 2 + static_cast<size_t>(numkeys);
  std::vector<Set> sets;
  if (!load_sets(ctx, 2, end, &sets)) return;
  long long n = 0;
  for_each_common(sets, [&](std::string_view) { return !(++n == limit); });
  ctx.reply.integer(n);
}

// SUNION/SDIFF key [key ...] and their STORE forms (destination first).
void UnionDiffGeneric(CommandContext& ctx, bool diff, bool store) {
  std::vector<Set> sets;
  if (!load_sets(ctx, store ? 2 : 1, ctx.argc(), &sets)) return;
  Set result = combine(sets, diff, set_limits(ctx));
  if (store) return store_result(ctx, ctx.arg(1), result, diff ? "sdiffstore" : "sunionstore");
  reply_members(ctx.reply, result);
  result.destroy();
}
void CmdSUnion(CommandContext& ctx) { UnionDiffGeneric(ctx, false, false); }
void CmdSUnionStore(CommandContext& ctx) { UnionDiffGeneric(ctx, false, true); }
void CmdSDiff(CommandContext& ctx) { UnionDiffGeneric(ctx, true, false); }
void CmdSDiffStore(CommandContext& ctx) { UnionDiffGeneric(ctx, true, true); }

// SSCAN key cursor [MATCH pattern] [COUNT count]
void CmdSScan(CommandContext& ctx) {
  ScanOptions o;
  if (!parse_scan_cursor(ctx.arg(2), &o.cursor)) return ctx.reply.error(err::kInvalidCursor);
  Entry* e;
  Set s;
  if (!read_set(ctx, ctx.arg(1), &e, &s)) return;
  if (!e) return reply_scan(ctx.reply, 0, {});
  if (!parse_scan_args(ctx, 2, false, &o)) return;
  std::vector<std::string> items;
  auto add = [&](std::string_view m) {
    if (o.matches(m)) items.emplace_back(m);
  };
  uint64_t cursor = o.cursor;
  int64_t budget = o.count > INT64_MAX / 10 ? INT64_MAX : o.count * 10;
  do {
    cursor = s.scan(cursor, add);
  } while (cursor && budget-- > 0 && static_cast<int64_t>(items.size()) < o.count);
  reply_scan(ctx.reply, cursor, items);
}

}  // namespace

void RegisterSortFamily(CommandTable& t);

void RegisterSetFamily(CommandTable& t) {
  FamilyRows rows(t, "set");
  rows.add({.name = "sadd",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW insert | index 1 | range 0 1 0",
            .acl = "@write @set @fast",
            .summary = "Add one or more members to a set",
            .since = "1.0.0",
            .complexity = "O(1) for each element added, so O(N) to add N elements when the command "
                          "is called with multiple arguments.",
            .usage = "key member ...",
            .handler = CmdSAdd});
  rows.add({.name = "srem",
            .arity = -3,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @set @fast",
            .summary = "Remove one or more members from a set",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of members to be removed.",
            .usage = "key member ...",
            .handler = CmdSRem});
  rows.add({.name = "smembers",
            .arity = 2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @set @slow",
            .summary = "Get all the members in a set",
            .since = "1.0.0",
            .complexity = "O(N) where N is the set cardinality.",
            .usage = "key",
            .tips = "nondeterministic_output_order",
            .handler = CmdSMembers});
  rows.add({.name = "sismember",
            .arity = 3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@read @set @fast",
            .summary = "Determine if a given value is a member of a set",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key member",
            .handler = CmdSIsMember});
  rows.add({.name = "smismember",
            .arity = -3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @set @fast",
            .summary = "Returns the membership associated with the given elements for a set",
            .since = "6.2.0",
            .complexity = "O(N) where N is the number of elements being checked for membership",
            .usage = "key member ...",
            .handler = CmdSMIsMember});
  rows.add({.name = "scard",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@read @set @fast",
            .summary = "Get the number of members in a set",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdSCard});
  rows.add({.name = "spop",
            .arity = -2,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access delete | index 1 | range 0 1 0",
            .acl = "@write @set @fast",
            .summary = "Remove and return one or multiple random members from a set",
            .since = "1.0.0",
            .complexity = "Without the count argument O(1), otherwise O(N) where N is the value of "
                          "the passed count.",
            .usage = "key [count]",
            .tips = "nondeterministic_output",
            .handler = CmdSPop});
  rows.add({.name = "srandmember",
            .arity = -2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @set @slow",
            .summary = "Get one or multiple random members from a set",
            .since = "1.0.0",
            .complexity = "Without the count argument O(1), otherwise O(N) where N is the absolute "
                          "value of the passed count.",
            .usage = "key [count]",
            .tips = "nondeterministic_output",
            .handler = CmdSRandMember});
  rows.add(
      {.name = "smove",
       .arity = 4,
       .flags = kCmdWrite | kCmdFast,
       .keys = {1, 2, 1},
       .key_specs = "RW access delete | index 1 | range 0 1 0; RW insert | index 2 | range 0 1 0",
       .acl = "@write @set @fast",
       .summary = "Move a member from one set to another",
       .since = "1.0.0",
       .complexity = "O(1)",
       .usage = "source destination member",
       .handler = CmdSMove});
  rows.add({.name = "sinter",
            .arity = -2,
            .flags = kCmdReadonly,
            .keys = {1, -1, 1},
            .key_specs = "RO access | index 1 | range -1 1 0",
            .acl = "@read @set @slow",
            .summary = "Intersect multiple sets",
            .since = "1.0.0",
            .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M "
                          "is the number of sets.",
            .usage = "key ...",
            .tips = "nondeterministic_output_order",
            .handler = CmdSInter});
  rows.add({.name = "sintercard",
            .arity = -3,
            .flags = kCmdReadonly,
            .key_finder = keys_by_numkeys<1, false>,
            .key_specs = "RO access | index 1 | keynum 0 1 1",
            .acl = "@read @set @slow",
            .summary = "Intersect multiple sets and return the cardinality of the result",
            .since = "7.0.0",
            .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M "
                          "is the number of sets.",
            .usage = "numkeys key ... [LIMIT limit]",
            .handler = CmdSInterCard});
  rows.add({.name = "sinterstore",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, -1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0; RO access | index 2 | range -1 1 0",
            .acl = "@write @set @slow",
            .summary = "Intersect multiple sets and store the resulting set in a key",
            .since = "1.0.0",
            .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M "
                          "is the number of sets.",
            .usage = "destination key ...",
            .handler = CmdSInterStore});
  rows.add({.name = "sunion",
            .arity = -2,
            .flags = kCmdReadonly,
            .keys = {1, -1, 1},
            .key_specs = "RO access | index 1 | range -1 1 0",
            .acl = "@read @set @slow",
            .summary = "Add multiple sets",
            .since = "1.0.0",
            .complexity = "O(N) where N is the total number of elements in all given sets.",
            .usage = "key ...",
            .tips = "nondeterministic_output_order",
            .handler = CmdSUnion});
  rows.add({.name = "sunionstore",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, -1, 1},
            .key_specs = "OW update | index 1 | range 0 1 0; RO access | index 2 | range -1 1 0",
            .acl = "@write @set @slow",
            .summary = "Add multiple sets and store the resulting set in a key",
            .since = "1.0.0",
            .complexity = "O(N) where N is the total number of elements in all given sets.",
            .usage = "destination key ...",
            .handler = CmdSUnionStore});
  rows.add({.name = "sdiff",
            .arity = -2,
            .flags = kCmdReadonly,
            .keys = {1, -1, 1},
            .key_specs = "RO access | index 1 | range -1 1 0",
            .acl = "@read @set @slow",
            .summary = "Subtract multiple sets",
            .since = "1.0.0",
            .complexity = "O(N) where N is the total number of elements in all given sets.",
            .usage = "key ...",
            .tips = "nondeterministic_output_order",
            .handler = CmdSDiff});
  rows.add({.name = "sdiffstore",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, -1, 1},
            .key_specs = "OW update | index 1 | range 0 1 0; RO access | index 2 | range -1 1 0",
            .acl = "@write @set @slow",
            .summary = "Subtract multiple sets and store the resulting set in a key",
            .since = "1.0.0",
            .complexity = "O(N) where N is the total number of elements in all given sets.",
            .usage = "destination key ...",
            .handler = CmdSDiffStore});
  rows.add({.name = "sscan",
            .arity = -3,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @set @slow",
            .summary = "Incrementally iterate Set elements",
            .since = "2.8.0",
            .complexity =
                "O(1) for every call. O(N) for a complete iteration, including enough command "
                "calls for the cursor to return back to 0. N is the size of the collection inside.",
            .usage = "key cursor [MATCH pattern] [COUNT count]",
            .tips = "nondeterministic_output",
            .handler = CmdSScan});
  RegisterSortFamily(t);
}

}  // namespace sable
