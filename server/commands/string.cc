// String commands: GET/SET and their variants (SETNX SETEX PSETEX GETSET GETDEL GETEX MGET MSET
// MSETNX), counters (INCR DECR INCRBY DECRBY INCRBYFLOAT), APPEND/STRLEN and ranges (GETRANGE
// SUBSTR SETRANGE). The arithmetic, the edits and the choice of encoding are the string engine's
// (datatypes/string_type.h); handlers parse, look up, call it and reply. (Bit operations and LCS
// live in bitops.cc.)
//
// Options (SET, GETEX) are walked with ArgCursor. Fixed-position numbers (INCRBY's increment,
// SETEX's seconds, GETRANGE's start/end, SETRANGE's offset) are read with parse_int64 directly:
// there is no option list to walk, and Redis checks them at fixed points around the key lookup.
#include <algorithm>
#include <climits>

#include "datatypes/string_type.h"
#include "server/commands/common.h"

namespace sable {

namespace {

// The one place an engine status becomes Redis's error text.
std::string_view status_error(strings::Status s) {
  switch (s) {
    case strings::Status::kNotInteger:
      return err::kNotInteger;
    case strings::Status::kNotFloat:
      return err::kNotFloat;
    case strings::Status::kOverflow:
      return err::kOverflow;
    case strings::Status::kNaNOrInfinity:
      return err::kIncrFloatNaN;
    case strings::Status::kTooLong:
      return err::kStringTooLong;
    case strings::Status::kOk:
      break;
  }
  return err::kGenericErr;
}

uint64_t max_string_len(const CommandContext& ctx) {
  return static_cast<uint64_t>(std::max<long long>(ctx.server.config.proto_max_bulk_len, 0));
}

// Reads a string key. Returns false after replying WRONGTYPE; *out is empty/null when missing.
bool read_string(CommandContext& ctx, std::string_view key, Entry** e, std::string_view* out,
                 char* scratch) {
  if (!lookup_typed(ctx, key, ObjType::kString, e)) return false;
  if (*e) *out = entry::string_value(*e, scratch);
  return true;
}

// GET key
void CmdGet(CommandContext& ctx) {
  Entry* e;
  std::string_view v;
  char scratch[24];
  if (!read_string(ctx, ctx.arg(1), &e, &v, scratch)) return;
  if (!e) return ctx.reply.null();
  ctx.reply.bulk(v);
}

// Parses an expire argument in `unit_ms` units into an absolute unix time in ms. `relative`
// adds the current time (EX/PX). Replies the error and returns false on bad input.
bool parse_expire(CommandContext& ctx, std::string_view arg, int64_t unit_ms, bool relative,
                  int64_t* when) {
  int64_t v;
  if (!parse_int64(arg, &v)) {
    ctx.reply.error(err::kNotInteger);
    return false;
  }
  if (v <= 0 || (unit_ms == 1000 && v > LLONG_MAX / 1000)) {
    ctx.reply.error(err::invalid_expire(ctx.spec.fullname));
    return false;
  }
  v *= unit_ms;
  if (relative) {
    if (v > LLONG_MAX - now_ms()) {
      ctx.reply.error(err::invalid_expire(ctx.spec.fullname));
      return false;
    }
    v += now_ms();
  }
  *when = v;
  return true;
}

// Stores a string value, optionally with an absolute expire time (-1: none), and signals it.
void store_string(CommandContext& ctx, std::string_view key, std::string_view val, int64_t when,
                  bool keep_ttl) {
  ctx.db.set(key, strings::encode(val), keep_ttl);
  if (when < 0) return touched(ctx, kNotifyString, "set", key);
  ctx.db.set_expire(key, when);
  touched(ctx, kNotifyString, "set", key);
  notify(ctx, kNotifyGeneric, "expire", key);
}

// Option bits of SET and GETEX, parsed by one routine as Redis's parseExtendedStringArguments.
enum ExtOpt : int {
  kOptNx = 1 << 0,
  kOptXx = 1 << 1,
  kOptGet = 1 << 2,
  kOptKeepTtl = 1 << 3,
  kOptPersist = 1 << 4,
  kOptEx = 1 << 5,  // EX, PX, EXAT, PXAT: consecutive bits, in this order
  kOptPx = 1 << 6,
  kOptExAt = 1 << 7,
  kOptPxAt = 1 << 8,
};
constexpr int kOptAnyExpire = kOptEx | kOptPx | kOptExAt | kOptPxAt;

struct ExtOptions {
  int flags = 0;
  std::string_view expire;  // the last expire option's argument
};

// Walks SET's (for_set) or GETEX's options from argv[3] / argv[2]. Options may repeat; a keyword
// is accepted only when it does not conflict with those seen before it (NX after XX, KEEPTTL
// after EX, a second expire option of another kind …), and anything else, including a keyword
// the command does not know, is a syntax error. The last expire argument wins; its number is
// checked later (ext_expire_time), as Redis does. Replies the error and returns false on failure.
bool parse_ext_options(CommandContext& ctx, bool for_set, ExtOptions* o) {
  const size_t start = for_set ? 3 : 2;
  if (ctx.argc() <= start) return true;
  ArgCursor a(ctx.argv, start);
  int& f = o->flags;
  while (!a.done()) {
    if (for_set && !(f & kOptXx) && a.match("NX")) {
      f |= kOptNx;
    } else if (for_set && !(f & kOptNx) && a.match("XX")) {
      f |= kOptXx;
    } else if (for_set && a.match("GET")) {
      f |= kOptGet;
    } else if (for_set && !(f & (kOptPersist | kOptAnyExpire)) && a.match("KEEPTTL")) {
      f |= kOptKeepTtl;
    } else if (!for_set && !(f & (kOptKeepTtl | kOptAnyExpire)) && a.match("PERSIST")) {
      f |= kOptPersist;
    } else if (int k = a.match_one_of({"EX", "PX", "EXAT", "PXAT"}); k >= 0) {
      const int bit = kOptEx << k;
      a.check(!(f & (kOptKeepTtl | kOptPersist | (kOptAnyExpire & ~bit))), err::kSyntax);
      o->expire = a.next();  // a syntax error when the number is missing
      f |= bit;
    } else {
      a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// Converts the parsed expire option into an absolute unix time in ms (-1 when there is none).
bool ext_expire_time(CommandContext& ctx, const ExtOptions& o, int64_t* when) {
  *when = -1;
  if (!(o.flags & kOptAnyExpire)) return true;
  int64_t unit = (o.flags & (kOptEx | kOptExAt)) ? 1000 : 1;
  return parse_expire(ctx, o.expire, unit, (o.flags & (kOptEx | kOptPx)) != 0, when);
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
//     PXAT unix-time-milliseconds | KEEPTTL]
void CmdSet(CommandContext& ctx) {
  ExtOptions o;
  int64_t when;
  if (!parse_ext_options(ctx, true, &o)) return;
  if (!ext_expire_time(ctx, o, &when)) return;
  const int flags = o.flags;
  std::string_view key = ctx.arg(1);
  Entry* e = nullptr;
  if (flags & kOptGet) {
    std::string_view old;
    char scratch[24];
    if (!read_string(ctx, key, &e, &old, scratch)) return;
    if (e)
      ctx.reply.bulk(old);
    else
      ctx.reply.null();
  }
  e = lookup_write(ctx, key);
  if (((flags & kOptNx) && e) || ((flags & kOptXx) && !e)) {
    if (!(flags & kOptGet)) ctx.reply.null();
    return;
  }
  store_string(ctx, key, ctx.arg(2), when, flags & kOptKeepTtl);
  if (!(flags & kOptGet)) ctx.reply.ok();
}

// SETNX key value
void CmdSetNx(CommandContext& ctx) {
  if (lookup_write(ctx, ctx.arg(1))) return ctx.reply.integer(0);
  store_string(ctx, ctx.arg(1), ctx.arg(2), -1, false);
  ctx.reply.integer(1);
}

// SETEX key seconds value / PSETEX key milliseconds value
void SetExGeneric(CommandContext& ctx, int64_t unit_ms) {
  int64_t when;
  if (!parse_expire(ctx, ctx.arg(2), unit_ms, true, &when)) return;
  store_string(ctx, ctx.arg(1), ctx.arg(3), when, false);
  ctx.reply.ok();
}
void CmdSetEx(CommandContext& ctx) { SetExGeneric(ctx, 1000); }
void CmdPSetEx(CommandContext& ctx) { SetExGeneric(ctx, 1); }

// MGET key [key ...]
void CmdMGet(CommandContext& ctx) {
  ctx.reply.array_len(ctx.argc() - 1);
  char scratch[24];
  for (size_t i = 1; i < ctx.argc(); ++i) {
    Entry* e = lookup_read(ctx, ctx.arg(i));
    if (!e || entry::type(e) != ObjType::kString)
      ctx.reply.null();
    else
      ctx.reply.bulk(entry::string_value(e, scratch));
  }
}

// MSET key value [key value ...] / MSETNX key value [key value ...]
void MSetGeneric(CommandContext& ctx, bool nx) {
  // Pairs, not options: the count is checked here as Redis's msetGenericCommand does.
  if (ctx.argc() % 2 == 0) return ctx.reply.error(err::wrong_arity(ctx.spec.fullname));
  if (nx) {
    for (size_t i = 1; i < ctx.argc(); i += 2)
      if (lookup_write(ctx, ctx.arg(i))) return ctx.reply.integer(0);
  }
  for (size_t i = 1; i < ctx.argc(); i += 2)
    store_string(ctx, ctx.arg(i), ctx.arg(i + 1), -1, false);
  if (nx)
    ctx.reply.integer(1);
  else
    ctx.reply.ok();
}
void CmdMSet(CommandContext& ctx) { MSetGeneric(ctx, false); }
void CmdMSetNx(CommandContext& ctx) { MSetGeneric(ctx, true); }

// INCR / DECR / INCRBY / DECRBY: adds `delta` to the integer at key.
void IncrGeneric(CommandContext& ctx, int64_t delta) {
  std::string_view key = ctx.arg(1);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kString, &e, true)) return;
  int64_t v;
  if (auto s = strings::incr_by(ctx.db, key, e, delta, &v); s != strings::Status::kOk)
    return ctx.reply.error(status_error(s));
  touched(ctx, kNotifyString, "incrby", key);
  ctx.reply.integer(v);
}
void CmdIncr(CommandContext& ctx) { IncrGeneric(ctx, 1); }
void CmdDecr(CommandContext& ctx) { IncrGeneric(ctx, -1); }
void CmdIncrBy(CommandContext& ctx) {
  int64_t d;
  if (!parse_int64(ctx.arg(2), &d)) return ctx.reply.error(err::kNotInteger);
  IncrGeneric(ctx, d);
}
void CmdDecrBy(CommandContext& ctx) {
  int64_t d;
  if (!parse_int64(ctx.arg(2), &d)) return ctx.reply.error(err::kNotInteger);
  if (d == LLONG_MIN) return ctx.reply.error(err::kDecrOverflow);
  IncrGeneric(ctx, -d);
}

// INCRBYFLOAT key increment
void CmdIncrByFloat(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kString, &e, true)) return;
  // Redis reads the stored value before the increment; both fail with the same text, so the
  // order is not visible.
  long double incr;
  if (!parse_long_double(ctx.arg(2), &incr)) return ctx.reply.error(err::kNotFloat);
  std::string v;
  if (auto s = strings::incr_by_float(ctx.db, key, e, incr, &v); s != strings::Status::kOk)
    return ctx.reply.error(status_error(s));
  touched(ctx, kNotifyString, "incrbyfloat", key);
  ctx.reply.bulk(v);
}

// GETSET key value
void CmdGetSet(CommandContext& ctx) {
  Entry* e;
  std::string_view old;
  char scratch[24];
  if (!read_string(ctx, ctx.arg(1), &e, &old, scratch)) return;
  if (e)
    ctx.reply.bulk(old);
  else
    ctx.reply.null();
  store_string(ctx, ctx.arg(1), ctx.arg(2), -1, false);
}

// GETDEL key
void CmdGetDel(CommandContext& ctx) {
  Entry* e;
  std::string_view v;
  char scratch[24];
  if (!read_string(ctx, ctx.arg(1), &e, &v, scratch)) return;
  if (!e) return ctx.reply.null();
  ctx.reply.bulk(v);
  ctx.db.del(ctx.arg(1));
  touched(ctx, kNotifyGeneric, "del", ctx.arg(1));
}

// STRLEN key
void CmdStrlen(CommandContext& ctx) {
  Entry* e;
  std::string_view v;
  char scratch[24];
  if (!read_string(ctx, ctx.arg(1), &e, &v, scratch)) return;
  ctx.reply.integer(e ? static_cast<long long>(v.size()) : 0);
}

// APPEND key value
void CmdAppend(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kString, &e, true)) return;
  size_t len;
  auto s = strings::append(ctx.db, key, e, ctx.arg(2), max_string_len(ctx), &len);
  if (s != strings::Status::kOk) return ctx.reply.error(status_error(s));
  touched(ctx, kNotifyString, "append", key);
  ctx.reply.integer(static_cast<long long>(len));
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds |
//     PXAT unix-time-milliseconds | PERSIST]
void CmdGetEx(CommandContext& ctx) {
  ExtOptions o;
  std::string_view key = ctx.arg(1), v;
  if (!parse_ext_options(ctx, false, &o)) return;
  Entry* e;
  char scratch[24];
  if (!read_string(ctx, key, &e, &v, scratch)) return;
  if (!e) return ctx.reply.null();
  int64_t when;
  if (!ext_expire_time(ctx, o, &when)) return;
  ctx.reply.bulk(v);
  if ((o.flags & (kOptExAt | kOptPxAt)) && when <= now_ms()) {
    // An absolute time already in the past deletes the key at once.
    ctx.db.del(key);
    touched(ctx, kNotifyGeneric, "del", key);
  } else if (when >= 0) {
    ctx.db.set_expire(key, when);
    touched(ctx, kNotifyGeneric, "expire", key);
  } else if ((o.flags & kOptPersist) && ctx.db.persist(key)) {
    touched(ctx, kNotifyGeneric, "persist", key);
  }
}

// GETRANGE key start end / SUBSTR key start end
void CmdGetRange(CommandContext& ctx) {
  int64_t start, end;
  if (!parse_int64(ctx.arg(2), &start) || !parse_int64(ctx.arg(3), &end))
    return ctx.reply.error(err::kNotInteger);
  Entry* e;
  std::string_view v;
  char scratch[24];
  if (!read_string(ctx, ctx.arg(1), &e, &v, scratch)) return;
  ctx.reply.bulk(e ? strings::range(v, start, end) : std::string_view());
}

// SETRANGE key offset value
void CmdSetRange(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), val = ctx.arg(3);
  int64_t offset;
  if (!parse_int64(ctx.arg(2), &offset)) return ctx.reply.error(err::kNotInteger);
  if (offset < 0) return ctx.reply.error(err::kOffsetOutOfRange);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kString, &e, true)) return;
  size_t len;
  auto s = strings::set_range(ctx.db, key, e, offset, val, max_string_len(ctx), &len);
  if (s != strings::Status::kOk) return ctx.reply.error(status_error(s));
  if (!val.empty()) touched(ctx, kNotifyString, "setrange", key);
  ctx.reply.integer(static_cast<long long>(len));
}

}  // namespace

RawString* string_for_write(CommandContext& ctx, std::string_view key, Entry* e, size_t min_len,
                            bool* grew) {
  return strings::make_raw(ctx.db, key, e, min_len, grew);
}

void RegisterStringFamily(CommandTable& t) {
  FamilyRows rows(t, "string");
  const char* range_complexity =
      "O(N) where N is the length of the returned string. The complexity is ultimately determined "
      "by the returned length, but because creating a substring from an existing string is very "
      "cheap, it can be considered O(1) for small strings.";
  rows.add({.name = "get",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @string @fast",
            .summary = "Get the value of a key",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdGet});
  rows.add({.name = "set",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .key_specs = "RW access update variable_flags | index 1 | range 0 1 0 | RW and ACCESS "
                         "due to the optional `GET` argument",
            .acl = "@write @string @slow",
            .summary = "Set the string value of a key",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT "
                     "unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]",
            .handler = CmdSet});
  rows.add({.name = "setnx",
            .arity = 3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "OW insert | index 1 | range 0 1 0",
            .acl = "@write @string @fast",
            .summary = "Set the value of a key, only if the key does not exist",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key value",
            .handler = CmdSetNx});
  rows.add({.name = "setex",
            .arity = 4,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .key_specs = "OW update | index 1 | range 0 1 0",
            .acl = "@write @string @slow",
            .summary = "Set the value and expiration of a key",
            .since = "2.0.0",
            .complexity = "O(1)",
            .usage = "key seconds value",
            .handler = CmdSetEx});
  rows.add({.name = "psetex",
            .arity = 4,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .key_specs = "OW update | index 1 | range 0 1 0",
            .acl = "@write @string @slow",
            .summary = "Set the value and expiration in milliseconds of a key",
            .since = "2.6.0",
            .complexity = "O(1)",
            .usage = "key milliseconds value",
            .handler = CmdPSetEx});
  rows.add({.name = "mget",
            .arity = -2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, -1, 1},
            .key_specs = "RO access | index 1 | range -1 1 0",
            .acl = "@read @string @fast",
            .summary = "Get the values of all the given keys",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of keys to retrieve.",
            .usage = "key ...",
            .tips = "request_policy:multi_shard",
            .handler = CmdMGet});
  rows.add({.name = "mset",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, -1, 2},
            .key_specs = "OW update | index 1 | range -1 2 0",
            .acl = "@write @string @slow",
            .summary = "Set multiple keys to multiple values",
            .since = "1.0.1",
            .complexity = "O(N) where N is the number of keys to set.",
            .usage = "<key value> ...",
            .tips = "request_policy:multi_shard response_policy:all_succeeded",
            .handler = CmdMSet});
  rows.add({.name = "msetnx",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, -1, 2},
            .key_specs = "OW insert | index 1 | range -1 2 0",
            .acl = "@write @string @slow",
            .summary = "Set multiple keys to multiple values, only if none of the keys exist",
            .since = "1.0.1",
            .complexity = "O(N) where N is the number of keys to set.",
            .usage = "<key value> ...",
            .tips = "request_policy:multi_shard response_policy:agg_min",
            .handler = CmdMSetNx});
  rows.add({.name = "incr",
            .arity = 2,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@write @string @fast",
            .summary = "Increment the integer value of a key by one",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdIncr});
  rows.add({.name = "decr",
            .arity = 2,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@write @string @fast",
            .summary = "Decrement the integer value of a key by one",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdDecr});
  rows.add({.name = "incrby",
            .arity = 3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@write @string @fast",
            .summary = "Increment the integer value of a key by the given amount",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key increment",
            .handler = CmdIncrBy});
  rows.add({.name = "decrby",
            .arity = 3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@write @string @fast",
            .summary = "Decrement the integer value of a key by the given number",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key decrement",
            .handler = CmdDecrBy});
  rows.add({.name = "incrbyfloat",
            .arity = 3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@write @string @fast",
            .summary = "Increment the float value of a key by the given amount",
            .since = "2.6.0",
            .complexity = "O(1)",
            .usage = "key increment",
            .handler = CmdIncrByFloat});
  rows.add({.name = "getset",
            .arity = 3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@write @string @fast",
            .summary = "Set the string value of a key and return its old value",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key value",
            .handler = CmdGetSet});
  rows.add({.name = "getdel",
            .arity = 2,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access delete | index 1 | range 0 1 0",
            .acl = "@write @string @fast",
            .summary = "Get the value of a key and delete the key",
            .since = "6.2.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdGetDel});
  rows.add({.name = "strlen",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@read @string @fast",
            .summary = "Get the length of the value stored in a key",
            .since = "2.2.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdStrlen});
  rows.add({.name = "append",
            .arity = 3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW insert | index 1 | range 0 1 0",
            .acl = "@write @string @fast",
            .summary = "Append a value to a key",
            .since = "2.0.0",
            .complexity =
                "O(1). The amortized time complexity is O(1) assuming the appended value is small "
                "and the already present value is of any size, since the dynamic string library "
                "used by Redis will double the free space available on every reallocation.",
            .usage = "key value",
            .handler = CmdAppend});
  rows.add(
      {.name = "getex",
       .arity = -2,
       .flags = kCmdWrite | kCmdFast,
       .keys = {1, 1, 1},
       .key_specs =
           "RW access update | index 1 | range 0 1 0 | RW and UPDATE because it changes the TTL",
       .acl = "@write @string @fast",
       .summary = "Get the value of a key and optionally set its expiration",
       .since = "6.2.0",
       .complexity = "O(1)",
       .usage = "key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT "
                "unix-time-milliseconds | PERSIST]",
       .handler = CmdGetEx});
  rows.add({.name = "getrange",
            .arity = 4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @string @slow",
            .summary = "Get a substring of the string stored at a key",
            .since = "2.4.0",
            .complexity = range_complexity,
            .usage = "key start end",
            .handler = CmdGetRange});
  rows.add({.name = "substr",
            .arity = 4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@read @string @slow",
            .summary = "Get a substring of the string stored at a key",
            .since = "1.0.0",
            .complexity = range_complexity,
            .usage = "key start end",
            .handler = CmdGetRange});
  rows.add({.name = "setrange",
            .arity = 4,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@write @string @slow",
            .summary = "Overwrite part of a string at key starting at the specified offset",
            .since = "2.2.0",
            .complexity =
                "O(1), not counting the time taken to copy the new string in place. Usually, "
                "this string is very small so the amortized complexity is O(1). Otherwise, "
                "complexity is O(M) with M being the length of the value argument.",
            .usage = "key offset value",
            .handler = CmdSetRange});
}

}  // namespace sable
