// Helpers shared by the command families: typed key lookups that count hits and misses and reply
// WRONGTYPE, and small reply shortcuts. Handlers include this one header.
#pragma once

#include <string>
#include <string_view>

#include "datatypes/clock.h"
#include "datatypes/keyspace.h"
#include "datatypes/numbers.h"
#include "protocol/reply.h"
#include "server/arg_parser.h"
#include "server/client.h"
#include "server/command.h"
#include "server/errors.h"
#include "server/server.h"

namespace sable {

// Looks a key up for reading: counts keyspace hits/misses and honours CLIENT NO-TOUCH. Pass
// touch=false for commands that never update the access time (EXISTS, like TYPE and TTL).
inline Entry* lookup_read(CommandContext& ctx, std::string_view key, bool touch = true) {
  Entry* e = ctx.db.find(key, touch && !ctx.client.has(kClientNoTouch));
  if (e) {
    ++ctx.server.stats.keyspace_hits;
  } else {
    ++ctx.server.stats.keyspace_misses;
    ctx.server.notify_keyspace_event(1 << 11 /* kNotifyKeyMiss */, "keymiss", key, ctx.db.id());
  }
  return e;
}

// Looks a key up for writing (no hit/miss accounting).
inline Entry* lookup_write(CommandContext& ctx, std::string_view key) {
  return ctx.db.find(key, true);
}

// Looks a key up and checks its type. Returns false (having replied WRONGTYPE) when the key holds
// another type; *out is nullptr when the key does not exist.
inline bool lookup_typed(CommandContext& ctx, std::string_view key, ObjType type, Entry** out,
                         bool for_write = false) {
  Entry* e = for_write ? lookup_write(ctx, key) : lookup_read(ctx, key);
  if (e && entry::type(e) != type) {
    ctx.reply.error(err::kWrongType);
    return false;
  }
  *out = e;
  return true;
}

// Marks a key as changed (WATCH, blocked clients) and counts it as a dirty change.
inline void key_modified(CommandContext& ctx, std::string_view key) {
  ctx.server.signal_modified_key(ctx.db, key);
}

inline void notify(CommandContext& ctx, int cls, std::string_view event, std::string_view key) {
  ctx.server.notify_keyspace_event(cls, event, key, ctx.db.id());
}

// Everything a write owes the rest of the server, in one call: the dirty count, WATCH, blocked
// clients waiting on the key, tracking invalidation, then the keyspace event `event` of class
// `cls`. Handlers call this once per changed key instead of pairing key_modified and notify.
inline void touched(CommandContext& ctx, NotifyClass cls, std::string_view event,
                    std::string_view key) {
  key_modified(ctx, key);
  notify(ctx, cls, event, key);
}

// Deletes `key` after its collection became empty, with the generic "del" event Redis sends
// then. Returns true when it did (the caller's entry pointer is dangling afterwards).
inline bool delete_if_empty(CommandContext& ctx, std::string_view key, bool empty) {
  if (!empty) return false;
  ctx.db.del(key);
  notify(ctx, kNotifyGeneric, "del", key);
  return true;
}

// The order Redis keeps after removing elements from a collection (list pops, LTRIM, ZREM, the
// sorted-set pops, SPOP, SMOVE's source): the keyspace event `event` first, then the deletion of
// the key when `empty` with its "del" event, then the key's signal (dirty count, WATCH, blocked
// clients, tracking invalidation). Returns true when the key was deleted.
inline bool elements_removed(CommandContext& ctx, NotifyClass cls, std::string_view event,
                             std::string_view key, bool empty) {
  notify(ctx, cls, event, key);
  bool deleted = delete_if_empty(ctx, key, empty);
  key_modified(ctx, key);
  return deleted;
}

// Makes the string at `key` (entry `e`, null when missing) raw-encoded and at least `min_len`
// bytes long, zero-padding any growth, and returns it for in-place edits (BITFIELD). Creates the
// key when missing; *grew (when given) says whether it was created or lengthened. The entry may
// move. The string engine's strings::make_raw does the work; defined in string.cc.
RawString* string_for_write(CommandContext& ctx, std::string_view key, Entry* e, size_t min_len,
                            bool* grew = nullptr);

// A negative count in SRANDMEMBER/HRANDFIELD/ZRANDMEMBER asks for that many draws with
// repetition, so the reply's size is the client's number rather than the data's. Redis 7.0 tries
// to build any such reply and runs out of memory on the huge ones; Sable refuses counts below
// -kMaxRandomDraws on an existing key with Redis's out-of-range error (a hundred million draws is a
// reply of about a gigabyte already).
constexpr int64_t kMaxRandomDraws = 100'000'000;
inline bool check_random_draws(CommandContext& ctx, int64_t count) {
  if (count >= -kMaxRandomDraws) return true;
  ctx.reply.error(err::kValueOutOfRange);
  return false;
}

// Parses "[count [WITH…]]" of HRANDFIELD/ZRANDMEMBER (argv[2], argv[3]) with Redis's checks in
// its order. Replies the error and returns false on bad input. `count` stays 0 when absent.
inline bool parse_random_count(CommandContext& ctx, std::string_view with_kw, int64_t* count,
                               bool* with) {
  ArgCursor a(ctx.argv, 2);
  *with = false;
  if (a.done()) return true;
  *count = a.next<int64_t>();
  a.check(*count != INT64_MIN, err::kCountRange);
  *with = a.match(with_kw);
  a.check(a.remaining() == 0, err::kSyntax);
  a.check(!*with || (*count >= -INT64_MAX / 2 && *count <= INT64_MAX / 2), err::kValueOutOfRange);
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

}  // namespace sable
