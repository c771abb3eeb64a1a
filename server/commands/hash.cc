// Hash commands: HSET HGET HDEL HINCRBY HRANDFIELD HSCAN and the rest of the family.
// The engine (datatypes/hash_type.h) does the storage; handlers parse, call it and reply.
// HINCRBY/HINCRBYFLOAT's positional increment is parsed directly (before the lookup, as Redis);
// HRANDFIELD's count goes through parse_random_count (common.h).
#include <algorithm>
#include <climits>
#include <cmath>
#include <unordered_set>

#include "datatypes/hash_type.h"
#include "server/commands/common.h"
#include "server/commands/scan.h"

namespace sable {

namespace {

HashLimits hash_limits(const CommandContext& ctx) {
  const Config& c = ctx.server.config;
  return {static_cast<size_t>(std::max(0LL, c.hash_max_listpack_entries)),
          static_cast<size_t>(std::max(0LL, c.hash_max_listpack_value))};
}

Hash hash_of(const Entry* e) { return Hash(entry::encoding(e), entry::object(e)); }

// Reads a hash key. Returns false after replying WRONGTYPE; *e is null when the key is missing.
bool read_hash(CommandContext& ctx, Entry** e, Hash* h, bool for_write = false) {
  if (!lookup_typed(ctx, ctx.arg(1), ObjType::kHash, e, for_write)) return false;
  if (*e) *h = hash_of(*e);
  return true;
}

// Opens the hash at argv[1] for writing, creating an empty one (not yet stored) when missing.
bool open_hash(CommandContext& ctx, Entry** e, Hash* h) {
  if (!read_hash(ctx, e, h, true)) return false;
  if (!*e) *h = Hash::create();
  return true;
}

// Stores an edited hash at `key` (`e`: its entry, null when the hash is new and not empty).
void store_hash(CommandContext& ctx, std::string_view key, Entry* e, const Hash& h) {
  ctx.db.store_object(key, e, ObjType::kHash, h.enc, h.ptr);
}

// HSET key field value [field value ...] / HMSET (same, replies OK)
void HSetGeneric(CommandContext& ctx, bool hmset) {
  if (ctx.argc() % 2 != 0) return ctx.reply.error(err::wrong_arity(ctx.spec.fullname));
  Entry* e;
  Hash h;
  if (!open_hash(ctx, &e, &h)) return;
  HashLimits lim = hash_limits(ctx);
  for (size_t i = 2; i < ctx.argc(); ++i) h.convert_if_too_long(ctx.arg(i), lim);
  long long created = 0;
  for (size_t i = 2; i < ctx.argc(); i += 2) created += h.set(ctx.arg(i), ctx.arg(i + 1), lim);
  store_hash(ctx, ctx.arg(1), e, h);
  touched(ctx, kNotifyHash, "hset", ctx.arg(1));
  if (hmset)
    ctx.reply.ok();
  else
    ctx.reply.integer(created);
}
void CmdHSet(CommandContext& ctx) { HSetGeneric(ctx, false); }
void CmdHMSet(CommandContext& ctx) { HSetGeneric(ctx, true); }

// HSETNX key field value
void CmdHSetNx(CommandContext& ctx) {
  Entry* e;
  Hash h;
  if (!open_hash(ctx, &e, &h)) return;
  if (h.exists(ctx.arg(2))) return ctx.reply.integer(0);
  h.set(ctx.arg(2), ctx.arg(3), hash_limits(ctx));
  store_hash(ctx, ctx.arg(1), e, h);
  touched(ctx, kNotifyHash, "hset", ctx.arg(1));
  ctx.reply.integer(1);
}

// HGET key field
void CmdHGet(CommandContext& ctx) {
  Entry* e;
  Hash h;
  if (!read_hash(ctx, &e, &h)) return;
  std::string_view v;
  if (!e || !h.get(ctx.arg(2), &v)) return ctx.reply.null();
  ctx.reply.bulk(v);
}

// HMGET key field [field ...]
void CmdHMGet(CommandContext& ctx) {
  Entry* e;
  Hash h;
  if (!read_hash(ctx, &e, &h)) return;
  ctx.reply.array_len(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::string_view v;
    if (e && h.get(ctx.arg(i), &v))
      ctx.reply.bulk(v);
    else
      ctx.reply.null();
  }
}

// HGETALL key / HKEYS key / HVALS key
void HGetAllGeneric(CommandContext& ctx, bool keys, bool vals) {
  Entry* e;
  Hash h;
  if (!read_hash(ctx, &e, &h)) return;
  size_t n = e ? h.size() : 0;
  if (keys && vals)
    ctx.reply.map_len(n);
  else
    ctx.reply.array_len(n);
  if (!e) return;
  h.for_each([&](std::string_view f, std::string_view v) {
    if (keys) ctx.reply.bulk(f);
    if (vals) ctx.reply.bulk(v);
  });
}
void CmdHGetAll(CommandContext& ctx) { HGetAllGeneric(ctx, true, true); }
void CmdHKeys(CommandContext& ctx) { HGetAllGeneric(ctx, true, false); }
void CmdHVals(CommandContext& ctx) { HGetAllGeneric(ctx, false, true); }

// HLEN key
void CmdHLen(CommandContext& ctx) {
  Entry* e;
  Hash h;
  if (!read_hash(ctx, &e, &h)) return;
  ctx.reply.integer(e ? static_cast<long long>(h.size()) : 0);
}

// HEXISTS key field
void CmdHExists(CommandContext& ctx) {
  Entry* e;
  Hash h;
  if (!read_hash(ctx, &e, &h)) return;
  ctx.reply.integer(e && h.exists(ctx.arg(2)) ? 1 : 0);
}

// HSTRLEN key field
void CmdHStrlen(CommandContext& ctx) {
  Entry* e;
  Hash h;
  if (!read_hash(ctx, &e, &h)) return;
  std::string_view v;
  ctx.reply.integer(e && h.get(ctx.arg(2), &v) ? static_cast<long long>(v.size()) : 0);
}

// HDEL key field [field ...]
void CmdHDel(CommandContext& ctx) {
  Entry* e;
  Hash h;
  if (!read_hash(ctx, &e, &h, true)) return;
  if (!e) return ctx.reply.integer(0);
  long long deleted = 0;
  for (size_t i = 2; i < ctx.argc() && !h.empty(); ++i) deleted += h.del(ctx.arg(i));
  store_hash(ctx, ctx.arg(1), e, h);
  if (deleted) {
    touched(ctx, kNotifyHash, "hdel", ctx.arg(1));
    delete_if_empty(ctx, ctx.arg(1), h.empty());
  }
  ctx.reply.integer(deleted);
}

// HINCRBY key field increment
void CmdHIncrBy(CommandContext& ctx) {
  int64_t incr, cur = 0;
  if (!parse_int64(ctx.arg(3), &incr)) return ctx.reply.error(err::kNotInteger);
  Entry* e;
  Hash h;
  if (!open_hash(ctx, &e, &h)) return;
  std::string_view v;
  if (h.get(ctx.arg(2), &v) && !parse_int64(v, &cur)) {
    if (!e) h.destroy();
    return ctx.reply.error(err::kHashNotInteger);
  }
  if ((incr < 0 && cur < 0 && incr < LLONG_MIN - cur) ||
      (incr > 0 && cur > 0 && incr > LLONG_MAX - cur)) {
    if (!e) h.destroy();
    return ctx.reply.error(err::kOverflow);
  }
  char buf[24];
  int64_t result = cur + incr;
  h.set(ctx.arg(2), std::string_view(buf, format_int64(result, buf)), hash_limits(ctx));
  store_hash(ctx, ctx.arg(1), e, h);
  touched(ctx, kNotifyHash, "hincrby", ctx.arg(1));
  ctx.reply.integer(result);
}

// HINCRBYFLOAT key field increment
void CmdHIncrByFloat(CommandContext& ctx) {
  long double incr, cur = 0;
  if (!parse_long_double(ctx.arg(3), &incr)) return ctx.reply.error(err::kNotFloat);
  if (std::isnan(incr) || std::isinf(incr)) return ctx.reply.error(err::kNaNOrInfinity);
  Entry* e;
  Hash h;
  if (!open_hash(ctx, &e, &h)) return;
  std::string_view v;
  std::string_view error;
  if (h.get(ctx.arg(2), &v) && !parse_long_double(v, &cur)) error = err::kHashNotFloat;
  long double result = cur + incr;
  if (error.empty() && (std::isnan(result) || std::isinf(result))) error = err::kIncrFloatNaN;
  if (!error.empty()) {
    if (!e) h.destroy();
    return ctx.reply.error(error);
  }
  std::string s = format_long_double(result);
  h.set(ctx.arg(2), s, hash_limits(ctx));
  store_hash(ctx, ctx.arg(1), e, h);
  touched(ctx, kNotifyHash, "hincrbyfloat", ctx.arg(1));
  ctx.reply.bulk(s);
}

// Replies one HRANDFIELD element: the field, or the field and value (a pair array in RESP3).
void reply_field(ReplyWriter& r, const Hash::Pair& p, bool withvalues) {
  if (withvalues && r.proto() > 2) r.array_len(2);
  r.bulk(p.first);
  if (withvalues) r.bulk(p.second);
}

// HRANDFIELD with a count, following Redis's cases: negative counts may repeat fields; a count
// covering the hash returns all of it; otherwise `count` distinct fields.
void HRandFieldWithCount(CommandContext& ctx, Hash h, size_t size, int64_t l, bool withvalues) {
  bool uniq = l >= 0;
  size_t count = uniq ? static_cast<size_t>(l) : static_cast<size_t>(-l);
  auto& rng = ctx.db.rng();
  if (count == 0) return ctx.reply.empty_array();
  bool flat = withvalues && ctx.reply.proto() == 2;
  if (!uniq || count == 1) {
    ctx.reply.array_len(flat ? count * 2 : count);
    std::vector<Hash::Pair> all;
    if (h.enc == Encoding::kListpack) all = h.pairs();
    while (count--)
      reply_field(ctx.reply, all.empty() ? h.random_pair(rng) : all[rng() % all.size()],
                  withvalues);
    return;
  }
  size_t n = std::min(count, size);
  ctx.reply.array_len(flat ? n * 2 : n);
  if (count >= size) {
    h.for_each([&](std::string_view f, std::string_view v) {
      reply_field(ctx.reply, {f, v}, withvalues);
    });
    return;
  }
  std::vector<Hash::Pair> picked;
  if (h.enc == Encoding::kListpack || count * 3 > size) {
    // Take everything and drop random pairs until `count` remain.
    picked = h.pairs();
    while (picked.size() > count) {
      size_t i = rng() % picked.size();
      picked[i] = picked.back();
      picked.pop_back();
    }
  } else {
    // Sample until `count` distinct fields were seen.
    std::unordered_set<std::string_view> seen;
    while (picked.size() < count) {
      Hash::Pair p = h.random_pair(rng);
      if (seen.insert(p.first).second) picked.push_back(p);
    }
  }
  for (const auto& p : picked) reply_field(ctx.reply, p, withvalues);
}

// HRANDFIELD key [count [WITHVALUES]]
void CmdHRandField(CommandContext& ctx) {
  int64_t l = 0;
  bool withvalues;
  if (!parse_random_count(ctx, "WITHVALUES", &l, &withvalues)) return;
  Entry* e;
  Hash h;
  if (!read_hash(ctx, &e, &h)) return;
  if (ctx.argc() >= 3) {
    if (!e) return ctx.reply.empty_array();
    if (!check_random_draws(ctx, l)) return;
    return HRandFieldWithCount(ctx, h, h.size(), l, withvalues);
  }
  if (!e) return ctx.reply.null();
  ctx.reply.bulk(h.random_pair(ctx.db.rng()).first);
}

// HSCAN key cursor [MATCH pattern] [COUNT count]
void CmdHScan(CommandContext& ctx) {
  ScanOptions o;
  if (!parse_scan_cursor(ctx.arg(2), &o.cursor)) return ctx.reply.error(err::kInvalidCursor);
  Entry* e;
  Hash h;
  if (!read_hash(ctx, &e, &h)) return;
  if (!e) return reply_scan(ctx.reply, 0, {});
  if (!parse_scan_args(ctx, 2, false, &o)) return;
  std::vector<std::string> items;
  auto add = [&](std::string_view f, std::string_view v) {
    if (!o.matches(f)) return;
    items.emplace_back(f);
    items.emplace_back(v);
  };
  uint64_t cursor = o.cursor;
  int64_t budget = o.count > INT64_MAX / 10 ? INT64_MAX : o.count * 10;
  do {
    cursor = h.scan(cursor, add);
  } while (cursor && budget-- > 0 && static_cast<int64_t>(items.size()) < o.count);
  reply_scan(ctx.reply, cursor, items);
}

}  // namespace

void RegisterHashFamily(CommandTable& t) {
  FamilyRows rows(t, "hash");
  rows.add({.name = "hset",
            .arity = -4,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@write @hash @fast",
            .summary = "Set the string value of a hash field",
            .since = "2.0.0",
            .complexity = "O(1) for each field/value pair added, so O(N) to add N field/value "
                          "pairs when the command is called with multiple field/value pairs.",
            .usage = "key <field value> ...",
            .handler = CmdHSet});
  rows.add({.name = "hsetnx",
            .arity = 4,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW insert | index 1 | range 0 1 0",
            .acl = "@write @hash @fast",
            .summary = "Set the value of a hash field, only if the field does not exist",
            .since = "2.0.0",
            .complexity = "O(1)",
            .usage = "key field value",
            .handler = CmdHSetNx});
  rows.add({.name = "hmset",
            .arity = -4,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@write @hash @fast",
            .summary = "Set multiple hash fields to multiple values",
            .since = "2.0.0",
            .complexity = "O(N) where N is the number of fields being set.",
            .usage = "key <field value> ...",
            .handler = CmdHMSet});
  rows.add({.name = "hget",
            .arity = 3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @hash @fast",
            .summary = "Get the value of a hash field",
            .since = "2.0.0",
            .complexity = "O(1)",
            .usage = "key field",
            .handler = CmdHGet});
  rows.add({.name = "hmget",
            .arity = -3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @hash @fast",
            .summary = "Get the values of all the given hash fields",
            .since = "2.0.0",
            .complexity = "O(N) where N is the number of fields being requested.",
            .usage = "key field ...",
            .handler = CmdHMGet});
  rows.add({.name = "hgetall",
            .arity = 2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @hash @slow",
            .summary = "Get all the fields and values in a hash",
            .since = "2.0.0",
            .complexity = "O(N) where N is the size of the hash.",
            .usage = "key",
            .tips = "nondeterministic_output_order",
            .handler = CmdHGetAll});
  rows.add({.name = "hkeys",
            .arity = 2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @hash @slow",
            .summary = "Get all the fields in a hash",
            .since = "2.0.0",
            .complexity = "O(N) where N is the size of the hash.",
            .usage = "key",
            .tips = "nondeterministic_output_order",
            .handler = CmdHKeys});
  rows.add({.name = "hvals",
            .arity = 2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @hash @slow",
            .summary = "Get all the values in a hash",
            .since = "2.0.0",
            .complexity = "O(N) where N is the size of the hash.",
            .usage = "key",
            .tips = "nondeterministic_output_order",
            .handler = CmdHVals});
  rows.add({.name = "hlen",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@read @hash @fast",
            .summary = "Get the number of fields in a hash",
            .since = "2.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdHLen});
  rows.add({.name = "hexists",
            .arity = 3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@read @hash @fast",
            .summary = "Determine if a hash field exists",
            .since = "2.0.0",
            .complexity = "O(1)",
            .usage = "key field",
            .handler = CmdHExists});
  rows.add({.name = "hstrlen",
            .arity = 3,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@read @hash @fast",
            .summary = "Get the length of the value of a hash field",
            .since = "3.2.0",
            .complexity = "O(1)",
            .usage = "key field",
            .handler = CmdHStrlen});
  rows.add({.name = "hdel",
            .arity = -3,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW delete | index 1 | range 0 1 0",
            .acl = "@write @hash @fast",
            .summary = "Delete one or more hash fields",
            .since = "2.0.0",
            .complexity = "O(N) where N is the number of fields to be removed.",
            .usage = "key field ...",
            .handler = CmdHDel});
  rows.add({.name = "hincrby",
            .arity = 4,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@write @hash @fast",
            .summary = "Increment the integer value of a hash field by the given number",
            .since = "2.0.0",
            .complexity = "O(1)",
            .usage = "key field increment",
            .handler = CmdHIncrBy});
  rows.add({.name = "hincrbyfloat",
            .arity = 4,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@write @hash @fast",
            .summary = "Increment the float value of a hash field by the given amount",
            .since = "2.6.0",
            .complexity = "O(1)",
            .usage = "key field increment",
            .handler = CmdHIncrByFloat});
  rows.add({.name = "hrandfield",
            .arity = -2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @hash @slow",
            .summary = "Get one or multiple random fields from a hash",
            .since = "6.2.0",
            .complexity = "O(N) where N is the number of fields returned",
            .usage = "key [count [WITHVALUES]]",
            .tips = "nondeterministic_output",
            .handler = CmdHRandField});
  rows.add({.name = "hscan",
            .arity = -3,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @hash @slow",
            .summary = "Incrementally iterate hash fields and associated values",
            .since = "2.8.0",
            .complexity =
                "O(1) for every call. O(N) for a complete iteration, including enough command "
                "calls for the cursor to return back to 0. N is the size of the collection inside.",
            .usage = "key cursor [MATCH pattern] [COUNT count]",
            .tips = "nondeterministic_output",
            .handler = CmdHScan});
}

}  // namespace sable
