// String commands: GET/SET and their variants (SETNX SETEX PSETEX GETSET GETDEL GETEX MGET MSET
// MSETNX), counters (INCR DECR INCRBY DECRBY INCRBYFLOAT), APPEND/STRLEN and ranges (GETRANGE
// SUBSTR SETRANGE). Edited strings are kept raw and changed in place (string_for_write).
// (Bit operations and LCS live in bitops.cc.)
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>

#include "server/commands/common.h"

namespace sable {

namespace {

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
    ctx.reply.error(invalid_expire_error(ctx.spec.fullname));
    return false;
  }
  v *= unit_ms;
  if (relative) {
    if (v > LLONG_MAX - now_ms()) {
      ctx.reply.error(invalid_expire_error(ctx.spec.fullname));
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
  ctx.db.set(key, Value::string(val), keep_ttl);
  if (when >= 0) ctx.db.set_expire(key, when);
  key_modified(ctx, key);
  notify(ctx, kNotifyString, "set", key);
  if (when >= 0) notify(ctx, kNotifyGeneric, "expire", key);
}

// Option bits of SET and GETEX, parsed by one routine as Redis's parseExtendedStringArguments.
enum ExtOpt : int {
  kOptNx = 1 << 0,
  kOptXx = 1 << 1,
  kOptGet = 1 << 2,
  kOptKeepTtl = 1 << 3,
  kOptPersist = 1 << 4,
  kOptEx = 1 << 5,
  kOptPx = 1 << 6,
  kOptExAt = 1 << 7,
  kOptPxAt = 1 << 8,
};
constexpr int kOptAnyExpire = kOptEx | kOptPx | kOptExAt | kOptPxAt;

// Walks SET's (for_set) or GETEX's options from argv[3] / argv[2]. Options may repeat; a second
// expire option of another kind, or one the command does not know, is a syntax error. The last
// expire argument wins. Replies the error and returns false on failure.
bool parse_ext_options(CommandContext& ctx, bool for_set, int* flags, std::string_view* expire) {
  *flags = 0;
  const std::pair<const char*, int> expire_opts[] = {
      {"EX", kOptEx}, {"PX", kOptPx}, {"EXAT", kOptExAt}, {"PXAT", kOptPxAt}};
  for (size_t j = for_set ? 3 : 2; j < ctx.argc(); ++j) {
    std::string_view a = ctx.arg(j);
    bool has_next = j + 1 < ctx.argc();
    int expire_bit = 0;
    for (auto& [name, bit] : expire_opts)
      if (iequals(a, name)) expire_bit = bit;
    if (for_set && iequals(a, "NX") && !(*flags & kOptXx)) {
      *flags |= kOptNx;
    } else if (for_set && iequals(a, "XX") && !(*flags & kOptNx)) {
      *flags |= kOptXx;
    } else if (for_set && iequals(a, "GET")) {
      *flags |= kOptGet;
    } else if (for_set && iequals(a, "KEEPTTL") && !(*flags & (kOptPersist | kOptAnyExpire))) {
      *flags |= kOptKeepTtl;
    } else if (!for_set && iequals(a, "PERSIST") && !(*flags & (kOptKeepTtl | kOptAnyExpire))) {
      *flags |= kOptPersist;
    } else if (expire_bit && has_next &&
               !(*flags & (kOptKeepTtl | kOptPersist | (kOptAnyExpire & ~expire_bit)))) {
      *flags |= expire_bit;
      *expire = ctx.arg(++j);
    } else {
      ctx.reply.error(err::kSyntax);
      return false;
    }
  }
  return true;
}

// Converts the parsed expire option into an absolute unix time in ms (-1 when there is none).
bool ext_expire_time(CommandContext& ctx, int flags, std::string_view expire, int64_t* when) {
  *when = -1;
  if (!(flags & kOptAnyExpire)) return true;
  int64_t unit = (flags & (kOptEx | kOptExAt)) ? 1000 : 1;
  return parse_expire(ctx, expire, unit, (flags & (kOptEx | kOptPx)) != 0, when);
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
//     PXAT unix-time-milliseconds | KEEPTTL]
void CmdSet(CommandContext& ctx) {
  int flags;
  std::string_view expire;
  int64_t when;
  if (!parse_ext_options(ctx, true, &flags, &expire)) return;
  if (!ext_expire_time(ctx, flags, expire, &when)) return;
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
  int64_t cur = 0;
  if (e) {
    if (entry::encoding(e) == Encoding::kInt) {
      cur = entry::int_value(e);
    } else {
      char scratch[24];
      if (!parse_int64(entry::string_value(e, scratch), &cur))
        return ctx.reply.error(err::kNotInteger);
    }
  }
  if ((delta < 0 && cur < 0 && delta < LLONG_MIN - cur) ||
      (delta > 0 && cur > 0 && delta > LLONG_MAX - cur))
    return ctx.reply.error(err::kOverflow);
  int64_t v = cur + delta;
  if (e && entry::encoding(e) == Encoding::kInt) {
    entry::set_int_value(e, v);
  } else if (e) {
    ctx.db.update(key, Value::integer(v));
  } else {
    ctx.db.set(key, Value::integer(v));
  }
  key_modified(ctx, key);
  notify(ctx, kNotifyString, "incrby", key);
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
  long double cur = 0, incr;
  if (e) {
    char scratch[24];
    if (!parse_long_double(entry::string_value(e, scratch), &cur))
      return ctx.reply.error(err::kNotFloat);
  }
  if (!parse_long_double(ctx.arg(2), &incr)) return ctx.reply.error(err::kNotFloat);
  long double v = cur + incr;
  if (std::isnan(v) || std::isinf(v)) return ctx.reply.error(err::kIncrFloatNaN);
  // Stored as text, never int-encoded, as Redis's createStringObjectFromLongDouble does.
  std::string s = format_long_double(v);
  Value val = Value::raw(s);
  if (s.size() <= kEmbstrMaxLen) val.enc = Encoding::kEmbStr;
  if (e)
    ctx.db.update(key, val);
  else
    ctx.db.set(key, val);
  key_modified(ctx, key);
  notify(ctx, kNotifyString, "incrbyfloat", key);
  ctx.reply.bulk(s);
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
  key_modified(ctx, ctx.arg(1));
  notify(ctx, kNotifyGeneric, "del", ctx.arg(1));
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
  std::string_view key = ctx.arg(1), add = ctx.arg(2);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kString, &e, true)) return;
  size_t len;
  if (!e) {
    ctx.db.set(key, Value::string(add));
    len = add.size();
  } else {
    char scratch[24];
    std::string_view cur = entry::string_value(e, scratch);
    if (static_cast<long long>(cur.size() + add.size()) > ctx.server.config.proto_max_bulk_len)
      return ctx.reply.error(err::kStringTooLong);
    len = cur.size() + add.size();
    if (entry::encoding(e) == Encoding::kRaw) {
      RawString* r = RawString::reserve(entry::raw(e), len);
      std::memcpy(r->data + r->len, add.data(), add.size());
      r->len = len;
      entry::set_object(e, r);
    } else {
      RawString* r = RawString::create(cur, len);
      std::memcpy(r->data + cur.size(), add.data(), add.size());
      r->len = len;
      ctx.db.update(key, Value::object(ObjType::kString, Encoding::kRaw, r));
    }
  }
  key_modified(ctx, key);
  notify(ctx, kNotifyString, "append", key);
  ctx.reply.integer(static_cast<long long>(len));
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds |
//     PXAT unix-time-milliseconds | PERSIST]
void CmdGetEx(CommandContext& ctx) {
  int flags;
  std::string_view expire, key = ctx.arg(1), v;
  if (!parse_ext_options(ctx, false, &flags, &expire)) return;
  Entry* e;
  char scratch[24];
  if (!read_string(ctx, key, &e, &v, scratch)) return;
  if (!e) return ctx.reply.null();
  int64_t when;
  if (!ext_expire_time(ctx, flags, expire, &when)) return;
  ctx.reply.bulk(v);
  if ((flags & (kOptExAt | kOptPxAt)) && when <= now_ms()) {
    // An absolute time already in the past deletes the key at once.
    ctx.db.del(key);
    key_modified(ctx, key);
    notify(ctx, kNotifyGeneric, "del", key);
  } else if (when >= 0) {
    ctx.db.set_expire(key, when);
    key_modified(ctx, key);
    notify(ctx, kNotifyGeneric, "expire", key);
  } else if ((flags & kOptPersist) && ctx.db.persist(key)) {
    key_modified(ctx, key);
    notify(ctx, kNotifyGeneric, "persist", key);
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
  const int64_t len = static_cast<int64_t>(v.size());
  if (!e || len == 0 || (start < 0 && end < 0 && start > end)) return ctx.reply.bulk("");
  if (start < 0) start = std::max<int64_t>(0, len + start);
  if (end < 0) end = std::max<int64_t>(0, len + end);
  if (end >= len) end = len - 1;
  if (start > end) return ctx.reply.bulk("");
  ctx.reply.bulk(v.substr(start, end - start + 1));
}

// SETRANGE key offset value
void CmdSetRange(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), val = ctx.arg(3);
  int64_t offset;
  if (!parse_int64(ctx.arg(2), &offset)) return ctx.reply.error(err::kNotInteger);
  if (offset < 0) return ctx.reply.error(err::kOffsetOutOfRange);
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kString, &e, true)) return;
  if (val.empty()) {
    // Writing nothing changes nothing, not even a missing key.
    char scratch[24];
    return ctx.reply.integer(e ? static_cast<long long>(entry::string_value(e, scratch).size())
                               : 0);
  }
  if (static_cast<uint64_t>(offset) + val.size() >
      static_cast<uint64_t>(ctx.server.config.proto_max_bulk_len))
    return ctx.reply.error(err::kStringTooLong);
  RawString* r = string_for_write(ctx, key, e, offset + val.size());
  std::memcpy(r->data + offset, val.data(), val.size());
  key_modified(ctx, key);
  notify(ctx, kNotifyString, "setrange", key);
  ctx.reply.integer(static_cast<long long>(r->len));
}

}  // namespace

RawString* string_for_write(CommandContext& ctx, std::string_view key, Entry* e, size_t min_len) {
  auto zero_pad = [min_len](RawString* r) {
    if (r->len < min_len) {
      std::memset(r->data + r->len, 0, min_len - r->len);
      r->len = min_len;
    }
  };
  if (e && entry::encoding(e) == Encoding::kRaw) {
    RawString* r = entry::raw(e);
    if (r->len >= min_len) return r;
    r = RawString::reserve(r, min_len);
    zero_pad(r);
    entry::set_object(e, r);
    return r;
  }
  char scratch[24];
  std::string_view cur = e ? entry::string_value(e, scratch) : std::string_view();
  RawString* r = RawString::create(cur, std::max(min_len, cur.size()));
  zero_pad(r);
  if (e)
    ctx.db.update(key, Value::object(ObjType::kString, Encoding::kRaw, r));
  else
    ctx.db.set(key, Value::object(ObjType::kString, Encoding::kRaw, r));
  return r;
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
            .acl = "@read @string @fast",
            .summary = "Get the values of all the given keys",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of keys to retrieve.",
            .usage = "key ...",
            .handler = CmdMGet});
  rows.add({.name = "mset",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, -1, 2},
            .acl = "@write @string @slow",
            .summary = "Set multiple keys to multiple values",
            .since = "1.0.1",
            .complexity = "O(N) where N is the number of keys to set.",
            .usage = "<key value> ...",
            .handler = CmdMSet});
  rows.add({.name = "msetnx",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, -1, 2},
            .acl = "@write @string @slow",
            .summary = "Set multiple keys to multiple values, only if none of the keys exist",
            .since = "1.0.1",
            .complexity = "O(N) where N is the number of keys to set.",
            .usage = "<key value> ...",
            .handler = CmdMSetNx});
  rows.add({.name = "incr",
            .arity = 2,
            .flags = kCmdWrite | kCmdDenyOom | kCmdFast,
            .keys = {1, 1, 1},
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
            .acl = "@write @string @fast",
            .summary = "Append a value to a key",
            .since = "2.0.0",
            .complexity =
                "O(1). The amortized time complexity is O(1) assuming the appended value is small "
                "and the already present value is of any size, since the dynamic string library "
                "used by Redis will double the free space available on every reallocation.",
            .usage = "key value",
            .handler = CmdAppend});
  rows.add({.name = "getex",
            .arity = -2,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
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
            .acl = "@read @string @slow",
            .summary = "Get a substring of the string stored at a key",
            .since = "1.0.0",
            .complexity = range_complexity,
            .usage = "key start end",
            .handler = CmdGetRange});
  rows.add(
      {.name = "setrange",
       .arity = 4,
       .flags = kCmdWrite | kCmdDenyOom,
       .keys = {1, 1, 1},
       .acl = "@write @string @slow",
       .summary = "Overwrite part of a string at key starting at the specified offset",
       .since = "2.2.0",
       .complexity = "O(1), not counting the time taken to copy the new string in place. Usually, "
                     "this string is very small so the amortized complexity is O(1). Otherwise, "
                     "complexity is O(M) with M being the length of the value argument.",
       .usage = "key offset value",
       .handler = CmdSetRange});
}

}  // namespace sable
