// Generic key commands: existence and deletion (DEL EXISTS TYPE TOUCH), naming (RENAME MOVE COPY
// SWAPDB), iteration (KEYS SCAN RANDOMKEY), expiry (EXPIRE family, TTL family, PERSIST) and
// OBJECT introspection. Values move between names and databases without being copied
// (Db::take), so every handler here works for any value type. Options are read with ArgCursor.
#include <climits>
#include <iterator>
#include <string>
#include <vector>

#include "datatypes/glob.h"
#include "datatypes/lfu.h"
#include "server/commands/common.h"
#include "server/commands/scan.h"
#include "server/persistence/rdb.h"
#include "server/persistence/snapshot.h"

namespace sable {

namespace {

// Removes a key, leaving a big value to the lazy-free thread when `lazy`.
bool delete_key(CommandContext& ctx, std::string_view k, bool lazy) {
  if (!lazy) return ctx.db.del(k);
  Value v;
  std::string embedded;
  int64_t expire;
  if (!ctx.db.take(k, &v, &embedded, &expire)) return false;
  ctx.server.lazyfree->free_value(v);
  return true;
}

void delete_keys(CommandContext& ctx, bool lazy) {
  long long n = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view k = ctx.arg(i);
    if (lookup_write(ctx, k) && delete_key(ctx, k, lazy)) {
      touched(ctx, kNotifyGeneric, "del", k);
      ++n;
    }
  }
  ctx.reply.integer(n);
}

// DEL key [key ...]
void CmdDel(CommandContext& ctx) { delete_keys(ctx, ctx.server.config.lazyfree_lazy_user_del); }

// UNLINK key [key ...]
void CmdUnlink(CommandContext& ctx) { delete_keys(ctx, true); }

// EXISTS key [key ...]
void CmdExists(CommandContext& ctx) {
  long long n = 0;
  for (size_t i = 1; i < ctx.argc(); ++i)
    if (lookup_read(ctx, ctx.arg(i), false)) ++n;
  ctx.reply.integer(n);
}

// TYPE key
void CmdType(CommandContext& ctx) {
  Entry* e = ctx.db.find(ctx.arg(1), false);
  ctx.reply.simple(e ? type_name(entry::type(e)) : "none");
}

// Parses the optional ASYNC|SYNC flag of FLUSHDB/FLUSHALL into `async` (without a flag,
// lazyfree-lazy-user-flush decides). Replies and returns false on error.
bool parse_flush_flag(CommandContext& ctx, bool* async) {
  *async = ctx.server.config.lazyfree_lazy_user_flush;
  if (ctx.argc() == 1) return true;
  ArgCursor a(ctx.argv, 1);
  *async = a.next_one_of({"SYNC", "ASYNC"}) == 1;
  a.expect_end();
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// Empties one database, signalling every key to watchers first. ASYNC hands the old contents
// to the lazy-free thread.
void flush_db(CommandContext& ctx, Db& db, bool async) {
  ctx.server.signal_flushed_db(db.id());
  // During a forkless BGSAVE clear() hands the contents to the snapshot, which frees them later.
  if (!async || db.size() == 0 || snapshot_mark::g_active) return db.clear();
  auto old = std::make_unique<Db>(db.id());
  db.swap_contents(*old);
  ctx.server.lazyfree->free_db(std::move(old));
}

// FLUSHDB [ASYNC|SYNC]
void CmdFlushDb(CommandContext& ctx) {
  bool async;
  if (!parse_flush_flag(ctx, &async)) return;
  flush_db(ctx, ctx.db, async);
  ctx.reply.ok();
}

// FLUSHALL [ASYNC|SYNC]
void CmdFlushAll(CommandContext& ctx) {
  bool async;
  if (!parse_flush_flag(ctx, &async)) return;
  for (auto& db : ctx.server.dbs) flush_db(ctx, *db, async);
  ctx.reply.ok();
}

// Looks a key up for introspection (TTL, OBJECT …): counts hits and misses but leaves the LRU
// clock alone.
Entry* lookup_notouch(CommandContext& ctx, std::string_view key) {
  Entry* e = ctx.db.find(key, false);
  if (e)
    ++ctx.server.stats.keyspace_hits;
  else
    ++ctx.server.stats.keyspace_misses;
  return e;
}

// Reads a database index the way Redis's getIntFromObjectOrReply does: `custom_err` (when
// given) replaces both of its errors, not-an-integer and outside the int range. The error is
// captured in the cursor.
int next_db_index(ArgCursor& a, std::string_view custom_err = {}) {
  int64_t v = a.next<int64_t>(custom_err);
  a.check(v >= INT_MIN && v <= INT_MAX, custom_err.empty() ? err::kIntRange : custom_err);
  return a.ok() ? static_cast<int>(v) : 0;
}

bool db_in_range(CommandContext& ctx, int id) {
  return id >= 0 && static_cast<size_t>(id) < ctx.server.dbs.size();
}

// RENAME key newkey / RENAMENX key newkey: moves the value (and its TTL) to another name without
// copying it.
void RenameGeneric(CommandContext& ctx, bool nx) {
  std::string_view src = ctx.arg(1), dst = ctx.arg(2);
  if (!lookup_write(ctx, src)) return ctx.reply.error(err::kNoSuchKey);
  if (src == dst) return nx ? ctx.reply.integer(0) : ctx.reply.ok();
  if (nx && lookup_write(ctx, dst)) return ctx.reply.integer(0);
  Value v;
  std::string embedded;
  int64_t expire;
  ctx.db.take(src, &v, &embedded, &expire);
  ctx.db.set(dst, v);
  if (expire >= 0) ctx.db.set_expire(dst, expire);
  // Not two touched() calls: both keys are signalled before either event, as in Redis (tracking
  // invalidations and keyspace events reach a client in this order).
  key_modified(ctx, src);
  key_modified(ctx, dst);
  notify(ctx, kNotifyGeneric, "rename_from", src);
  notify(ctx, kNotifyGeneric, "rename_to", dst);
  if (nx)
    ctx.reply.integer(1);
  else
    ctx.reply.ok();
}
void CmdRename(CommandContext& ctx) { RenameGeneric(ctx, false); }
void CmdRenameNx(CommandContext& ctx) { RenameGeneric(ctx, true); }

// KEYS pattern
void CmdKeys(CommandContext& ctx) {
  std::string_view pattern = ctx.arg(1);
  bool all = pattern == "*";
  std::vector<std::string_view> found;
  ctx.db.for_each([&](Entry* e) {
    std::string_view k = entry::key(e);
    if ((all || glob_match(pattern, k)) && !ctx.db.is_expired(e)) found.push_back(k);
  });
  ctx.reply.array_len(found.size());
  for (std::string_view k : found) ctx.reply.bulk(k);
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
void CmdScan(CommandContext& ctx) {
  ScanOptions o;
  if (!parse_scan_args(ctx, 1, true, &o)) return;
  std::vector<std::string> keys;
  uint64_t cursor = o.cursor;
  // Like Redis: visit buckets until COUNT keys are gathered, but at most COUNT*10 buckets.
  int64_t budget = o.count > INT64_MAX / 10 ? INT64_MAX : o.count * 10;
  do {
    cursor = ctx.db.scan(cursor, [&](Entry* e) { keys.emplace_back(entry::key(e)); });
  } while (cursor && budget-- && static_cast<int64_t>(keys.size()) < o.count);
  // Filter after the walk: dropping an expired key changes the table, so it cannot happen inside.
  std::vector<std::string> out;
  out.reserve(keys.size());
  for (auto& k : keys) {
    if (!o.matches(k)) continue;
    Entry* e = ctx.db.find(k, false);  // deletes the key when its TTL has passed
    if (!e) continue;
    if (o.has_type && !iequals(o.type, type_name(entry::type(e)))) continue;
    out.push_back(std::move(k));
  }
  reply_scan(ctx.reply, cursor, out);
}

// RANDOMKEY
void CmdRandomKey(CommandContext& ctx) {
  Entry* e = ctx.db.random_entry();
  if (!e) return ctx.reply.null();
  ctx.reply.bulk(entry::key(e));
}

// DBSIZE
void CmdDbSize(CommandContext& ctx) { ctx.reply.integer(static_cast<long long>(ctx.db.size())); }

// Option bits of EXPIRE and friends.
enum ExpireFlag { kExpireNx = 1, kExpireXx = 2, kExpireGt = 4, kExpireLt = 8 };

// Parses the NX|XX|GT|LT options from argv[3]: all of them first (an unknown one is reported by
// name), then their combination. Replies and returns false on error.
bool parse_expire_flags(CommandContext& ctx, int* flags) {
  if (ctx.argc() <= 3) return true;
  ArgCursor a(ctx.argv, 3);
  while (!a.done()) {
    int k = a.match_one_of({"NX", "XX", "GT", "LT"});  // the order of the ExpireFlag bits
    if (k < 0)
      a.fail(err::unsupported_option(a.peek()));
    else
      *flags |= 1 << k;
  }
  a.check(!((*flags & kExpireNx) && (*flags & (kExpireXx | kExpireGt | kExpireLt))),
          err::kZaddNxXxGtLt);
  a.check(!((*flags & kExpireGt) && (*flags & kExpireLt)), err::kGtLt);
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// True when the NX|XX|GT|LT conditions allow replacing expire time `cur` (-1: none) by `when`.
// A key without a TTL counts as living forever: GT never passes, LT always does.
bool expire_condition_holds(int flags, int64_t cur, int64_t when) {
  if ((flags & kExpireNx) && cur != -1) return false;
  if ((flags & kExpireXx) && cur == -1) return false;
  if ((flags & kExpireGt) && (cur == -1 || when <= cur)) return false;
  if ((flags & kExpireLt) && cur != -1 && when >= cur) return false;
  return true;
}

// EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT key time [NX | XX | GT | LT]. `basetime` is added to the
// time (now for the relative forms, 0 for the absolute ones); `seconds` scales it to ms.
void ExpireGeneric(CommandContext& ctx, int64_t basetime, bool seconds) {
  std::string_view key = ctx.arg(1);
  int flags = 0;
  if (!parse_expire_flags(ctx, &flags)) return;
  int64_t when;
  if (!parse_int64(ctx.arg(2), &when)) return ctx.reply.error(err::kNotInteger);
  if (seconds) {
    if (when > INT64_MAX / 1000 || when < INT64_MIN / 1000)
      return ctx.reply.error(err::invalid_expire(ctx.spec.fullname));
    when *= 1000;
  }
  if (when > INT64_MAX - basetime) return ctx.reply.error(err::invalid_expire(ctx.spec.fullname));
  when += basetime;
  Entry* e = lookup_write(ctx, key);
  if (!e || !expire_condition_holds(flags, entry::expire_at(e), when)) return ctx.reply.integer(0);
  if (when <= now_ms()) {
    // Already in the past: the key goes away at once, reported as a deletion.
    ctx.db.del(key);
    touched(ctx, kNotifyGeneric, "del", key);
  } else {
    ctx.db.set_expire(key, when);
    touched(ctx, kNotifyGeneric, "expire", key);
  }
  ctx.reply.integer(1);
}
void CmdExpire(CommandContext& ctx) { ExpireGeneric(ctx, now_ms(), true); }
void CmdPExpire(CommandContext& ctx) { ExpireGeneric(ctx, now_ms(), false); }
void CmdExpireAt(CommandContext& ctx) { ExpireGeneric(ctx, 0, true); }
void CmdPExpireAt(CommandContext& ctx) { ExpireGeneric(ctx, 0, false); }

// TTL/PTTL/EXPIRETIME/PEXPIRETIME key: -2 when missing, -1 without a TTL, else the remaining
// time (`absolute`: the unix expire time), in ms or rounded to seconds.
void TtlGeneric(CommandContext& ctx, bool ms, bool absolute) {
  Entry* e = lookup_notouch(ctx, ctx.arg(1));
  if (!e) return ctx.reply.integer(-2);
  int64_t expire = entry::expire_at(e);
  if (expire == -1) return ctx.reply.integer(-1);
  int64_t t = absolute ? expire : expire - now_ms();
  if (t < 0) t = 0;
  if (ms) return ctx.reply.integer(t);
  // Rounded to the nearest second, without overflowing for expire times near INT64_MAX.
  ctx.reply.integer(t / 1000 + (t % 1000 >= 500 ? 1 : 0));
}
void CmdTtl(CommandContext& ctx) { TtlGeneric(ctx, false, false); }
void CmdPTtl(CommandContext& ctx) { TtlGeneric(ctx, true, false); }
void CmdExpireTime(CommandContext& ctx) { TtlGeneric(ctx, false, true); }
void CmdPExpireTime(CommandContext& ctx) { TtlGeneric(ctx, true, true); }

// PERSIST key
void CmdPersist(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  if (!lookup_write(ctx, key) || !ctx.db.persist(key)) return ctx.reply.integer(0);
  touched(ctx, kNotifyGeneric, "persist", key);
  ctx.reply.integer(1);
}

// TOUCH key [key ...]
void CmdTouch(CommandContext& ctx) {
  long long n = 0;
  for (size_t i = 1; i < ctx.argc(); ++i)
    if (lookup_read(ctx, ctx.arg(i))) ++n;
  ctx.reply.integer(n);
}

// MOVE key db
void CmdMove(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  ArgCursor a(ctx.argv, 2);
  int id = next_db_index(a);
  a.check(db_in_range(ctx, id), err::kDbIndexOutOfRange);
  a.check(id != ctx.db.id(), err::kSameObject);
  if (!a.ok()) return ctx.reply.error(a.error());
  Db& dst = ctx.server.db(id);
  if (!lookup_write(ctx, key) || dst.find(key, true)) return ctx.reply.integer(0);
  Value v;
  std::string embedded;
  int64_t expire;
  ctx.db.take(key, &v, &embedded, &expire);
  dst.set(key, v);
  if (expire >= 0) dst.set_expire(key, expire);
  // Two databases, so not touched(): both keys are signalled before either event, as in Redis.
  key_modified(ctx, key);
  ctx.server.signal_modified_key(dst, key);
  notify(ctx, kNotifyGeneric, "move_from", key);
  ctx.server.notify_keyspace_event(kNotifyGeneric, "move_to", key, dst.id());
  ctx.reply.integer(1);
}

// COPY source destination [DB destination-db] [REPLACE]
void CmdCopy(CommandContext& ctx) {
  std::string_view src = ctx.arg(1), dst_key = ctx.arg(2);
  bool replace = false;
  int id = ctx.db.id();
  ArgCursor a(ctx.argv, 3);
  while (!a.done()) {
    if (a.match("REPLACE")) {
      replace = true;
    } else if (a.match("DB", 1)) {
      id = next_db_index(a);
      a.check(db_in_range(ctx, id), err::kDbIndexOutOfRange);  // checked at once, as Redis
    } else {
      a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) return ctx.reply.error(a.error());
  Db& dst = ctx.server.db(id);
  if (&dst == &ctx.db && src == dst_key) return ctx.reply.error(err::kSameObject);
  Entry* e = lookup_read(ctx, src);
  if (!e) return ctx.reply.integer(0);
  if (dst.find(dst_key, true) && !replace) return ctx.reply.integer(0);
  int64_t expire = entry::expire_at(e);
  // The clone may still point into `e` (embedded strings); storing it copies those bytes.
  dst.set(dst_key, clone_value(e));
  if (expire >= 0) dst.set_expire(dst_key, expire);
  // The destination may be another database, which touched() (current database) cannot name.
  ctx.server.signal_modified_key(dst, dst_key);
  ctx.server.notify_keyspace_event(kNotifyGeneric, "copy_to", dst_key, dst.id());
  ctx.reply.integer(1);
}

// DUMP key
void CmdDump(CommandContext& ctx) {
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return ctx.reply.null();
  ctx.reply.bulk(dump_payload(ctx.server, e));
}

// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
void CmdRestore(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  bool replace = false, absttl = false;
  int64_t idle = -1, freq = -1;
  ArgCursor a(ctx.argv, 4);
  while (!a.done()) {
    if (a.match("REPLACE")) {
      replace = true;
    } else if (a.match("ABSTTL")) {
      absttl = true;
    } else if (freq < 0 && a.match("IDLETIME", 1)) {  // not with FREQ, as Redis
      idle = a.next<int64_t>();
      a.check(idle >= 0, err::kRestoreIdletime);
    } else if (idle < 0 && a.match("FREQ", 1)) {
      freq = a.next<int64_t>();
      a.check(freq >= 0 && freq <= 255, err::kRestoreFreq);
    } else {
      a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) return ctx.reply.error(a.error());
  if (!replace && lookup_write(ctx, key)) return ctx.reply.error(err::kBusyKey);
  int64_t ttl;
  if (!parse_int64(ctx.arg(2), &ttl)) return ctx.reply.error(err::kNotInteger);
  if (ttl < 0) return ctx.reply.error(err::kRestoreTtl);
  Value v;
  std::string holder;
  std::string error = read_dump_payload(ctx.server, ctx.arg(3), &v, &holder);
  if (!error.empty()) return ctx.reply.error(error);
  bool deleted = replace && ctx.db.del(key);
  if (ttl > 0 && !absttl) ttl += wall_ms();
  if (ttl > 0 && ttl <= wall_ms()) {
    // Already expired: nothing is created, but a replaced key is gone.
    free_value(v);
    if (deleted) touched(ctx, kNotifyGeneric, "del", key);
    return ctx.reply.ok();
  }
  ctx.db.set(key, v);
  if (ttl > 0) ctx.db.set_expire(key, ttl);
  // The access field as Redis sets it: FREQ under an LFU policy, IDLETIME otherwise.
  if (Entry* e = ctx.db.find(key, false)) {
    constexpr uint32_t kLruMask = (1u << 24) - 1;
    if (lfu::enabled() && freq >= 0)
      entry::set_lru(e, lfu::with_counter(static_cast<uint32_t>(freq)));
    else if (!lfu::enabled() && idle >= 0)
      entry::set_lru(e, (lru_clock() - static_cast<uint32_t>(idle)) & kLruMask);
  }
  touched(ctx, kNotifyGeneric, "restore", key);
  ctx.reply.ok();
}

// SWAPDB index1 index2
void CmdSwapDb(CommandContext& ctx) {
  ArgCursor args(ctx.argv, 1);
  int a = next_db_index(args, err::kInvalidFirstDb);
  int b = next_db_index(args, err::kInvalidSecondDb);
  args.check(db_in_range(ctx, a) && db_in_range(ctx, b), err::kDbIndexOutOfRange);
  if (!args.ok()) return ctx.reply.error(args.error());
  if (a != b) {
    ctx.server.signal_flushed_db(a, b);
    ctx.server.signal_flushed_db(b, a);
    Db& da = ctx.server.db(a);
    Db& db = ctx.server.db(b);
    da.swap_contents(db);
    ctx.server.snapshot->swapped(da, db);
    // Clients blocked on a key that exists after the swap get a chance to be served.
    if (ctx.server.blocking->keys_with_waiters() > 0) {
      for (Db* d : {&da, &db})
        d->for_each([&](Entry* e) { ctx.server.blocking->signal_key(d->id(), entry::key(e)); });
    }
  }
  ctx.reply.ok();
}

bool lfu_policy(const CommandContext& ctx) {
  return ctx.server.config.maxmemory_policy.find("lfu") != std::string::npos;
}

// OBJECT ENCODING key
void CmdObjectEncoding(CommandContext& ctx) {
  Entry* e = lookup_notouch(ctx, ctx.arg(2));
  if (!e) return ctx.reply.null();
  ctx.reply.bulk(encoding_name(entry::encoding(e)));
}

// OBJECT REFCOUNT key. Sable never shares values, but Redis shares the integers 0..9999 (unless
// an LRU/LFU maxmemory policy is active) and reports INT_MAX for them; we report the same.
void CmdObjectRefcount(CommandContext& ctx) {
  Entry* e = lookup_notouch(ctx, ctx.arg(2));
  if (!e) return ctx.reply.null();
  const auto& cfg = ctx.server.config;
  bool sharing = cfg.maxmemory == 0 || (cfg.maxmemory_policy.find("lru") == std::string::npos &&
                                        cfg.maxmemory_policy.find("lfu") == std::string::npos);
  bool shared = entry::encoding(e) == Encoding::kInt && entry::int_value(e) >= 0 &&
                entry::int_value(e) < 10000 && sharing;
  ctx.reply.integer(shared ? INT_MAX : 1);
}

// Seconds since the key was last accessed, from the 24-bit LRU clock (which wraps).
int64_t idle_seconds(const Entry* e) {
  constexpr uint32_t kLruMax = (1u << 24) - 1;
  uint32_t now = lru_clock(), then = entry::lru(e);
  return now >= then ? now - then : now + (kLruMax - then);
}

// OBJECT IDLETIME key
void CmdObjectIdletime(CommandContext& ctx) {
  Entry* e = lookup_notouch(ctx, ctx.arg(2));
  if (!e) return ctx.reply.null();
  if (lfu_policy(ctx)) return ctx.reply.error(err::kLfuNoIdletime);
  ctx.reply.integer(idle_seconds(e));
}

// OBJECT FREQ key: the key's LFU counter after decay (kept only under an LFU policy).
void CmdObjectFreq(CommandContext& ctx) {
  Entry* e = lookup_notouch(ctx, ctx.arg(2));
  if (!e) return ctx.reply.null();
  if (!lfu_policy(ctx)) return ctx.reply.error(err::kNoLfuFreq);
  ctx.reply.integer(lfu::decayed(entry::lru(e)));
}

// OBJECT HELP
void CmdObjectHelp(CommandContext& ctx) {
  static const char* const kLines[] = {
      "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP",
      "    Prints this help.",
  };
  ctx.reply.array_len(std::size(kLines));
  for (const char* line : kLines) ctx.reply.simple(line);
}

}  // namespace

void RegisterKeysFamily(CommandTable& t) {
  FamilyRows rows(t, "generic");
  rows.add({.name = "del",
            .arity = -2,
            .flags = kCmdWrite,
            .keys = {1, -1, 1},
            .key_specs = "RM delete | index 1 | range -1 1 0",
            .acl = "@keyspace @write @slow",
            .summary = "Delete a key",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of keys that will be removed.",
            .usage = "key ...",
            .tips = "request_policy:multi_shard response_policy:agg_sum",
            .handler = CmdDel});
  rows.add({.name = "unlink",
            .arity = -2,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, -1, 1},
            .key_specs = "RM delete | index 1 | range -1 1 0",
            .acl = "@keyspace @write @fast",
            .summary = "Delete a key asynchronously in another thread. Otherwise it is just as "
                       "DEL, but non blocking.",
            .since = "4.0.0",
            .complexity = "O(1) for each key removed regardless of its size.",
            .usage = "key ...",
            .tips = "request_policy:multi_shard response_policy:agg_sum",
            .handler = CmdUnlink});
  rows.add({.name = "exists",
            .arity = -2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, -1, 1},
            .key_specs = "RO | index 1 | range -1 1 0",
            .acl = "@keyspace @read @fast",
            .summary = "Determine if a key exists",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of keys to check.",
            .usage = "key ...",
            .tips = "request_policy:multi_shard response_policy:agg_sum",
            .handler = CmdExists});
  rows.add({.name = "type",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO | index 1 | range 0 1 0",
            .acl = "@keyspace @read @fast",
            .summary = "Determine the type stored at key",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdType});
  rows.add({.name = "flushdb",
            .arity = -1,
            .flags = kCmdWrite,
            .acl = "@keyspace @write @slow @dangerous",
            .summary = "Remove all keys from the current database",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of keys in the selected database",
            .usage = "[ASYNC | SYNC]",
            .tips = "request_policy:all_shards response_policy:all_succeeded",
            .handler = CmdFlushDb});
  rows.add({.name = "flushall",
            .arity = -1,
            .flags = kCmdWrite,
            .acl = "@keyspace @write @slow @dangerous",
            .summary = "Remove all keys from all databases",
            .since = "1.0.0",
            .complexity = "O(N) where N is the total number of keys in all databases",
            .usage = "[ASYNC | SYNC]",
            .tips = "request_policy:all_shards response_policy:all_succeeded",
            .handler = CmdFlushAll});
  rows.add(
      {.name = "rename",
       .arity = 3,
       .flags = kCmdWrite,
       .keys = {1, 2, 1},
       .key_specs = "RW access delete | index 1 | range 0 1 0; OW update | index 2 | range 0 1 0",
       .acl = "@keyspace @write @slow",
       .summary = "Rename a key",
       .since = "1.0.0",
       .complexity = "O(1)",
       .usage = "key newkey",
       .handler = CmdRename});
  rows.add(
      {.name = "renamenx",
       .arity = 3,
       .flags = kCmdWrite | kCmdFast,
       .keys = {1, 2, 1},
       .key_specs = "RW access delete | index 1 | range 0 1 0; OW insert | index 2 | range 0 1 0",
       .acl = "@keyspace @write @fast",
       .summary = "Rename a key, only if the new key does not exist",
       .since = "1.0.0",
       .complexity = "O(1)",
       .usage = "key newkey",
       .handler = CmdRenameNx});
  rows.add({.name = "dump",
            .arity = 2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .acl = "@keyspace @read @slow",
            .summary = "Return a serialized version of the value stored at the specified key.",
            .since = "2.6.0",
            .complexity =
                "O(1) to access the key and additional O(N*M) to serialize it, where N is "
                "the number of Redis objects composing the value and M their average "
                "size. For small string values the time complexity is thus O(1)+O(1*M) "
                "where M is small, so simply O(1).",
            .usage = "key",
            .tips = "nondeterministic_output",
            .handler = CmdDump});
  rows.add({.name = "restore",
            .arity = -4,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .key_specs = "OW update | index 1 | range 0 1 0",
            .acl = "@keyspace @write @slow @dangerous",
            .summary = "Create a key using the provided serialized value, previously obtained "
                       "using DUMP.",
            .since = "2.6.0",
            .complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the "
                          "serialized value, where N is the number of Redis objects composing the "
                          "value and M their average size. For small string values the time "
                          "complexity is thus O(1)+O(1*M) where M is small, so simply O(1). "
                          "However for sorted set values the complexity is O(N*M*log(N)) because "
                          "inserting values into sorted sets is O(log(N)).",
            .usage = "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] "
                     "[FREQ frequency]",
            .handler = CmdRestore});
  // What MIGRATE sends in cluster mode; outside it, RESTORE under another name.
  rows.add({.name = "restore-asking",
            .arity = -4,
            .flags = kCmdWrite | kCmdDenyOom | kCmdAsking,
            .keys = {1, 1, 1},
            .key_specs = "OW update | index 1 | range 0 1 0",
            .acl = "@keyspace @write @slow @dangerous",
            .summary = "An internal command for migrating keys in a cluster",
            .since = "3.0.0",
            .complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the "
                          "serialized value, where N is the number of Redis objects composing the "
                          "value and M their average size. For small string values the time "
                          "complexity is thus O(1)+O(1*M) where M is small, so simply O(1). "
                          "However for sorted set values the complexity is O(N*M*log(N)) because "
                          "inserting values into sorted sets is O(log(N)).",
            .usage = "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] "
                     "[FREQ frequency]",
            .handler = CmdRestore,
            .group = "server"});
  rows.add({.name = "keys",
            .arity = 2,
            .flags = kCmdReadonly,
            .acl = "@keyspace @read @slow @dangerous",
            .summary = "Find all keys matching the given pattern",
            .since = "1.0.0",
            .complexity =
                "O(N) with N being the number of keys in the database, under the assumption that "
                "the key names in the database and the given pattern have limited length.",
            .usage = "pattern",
            .tips = "request_policy:all_shards nondeterministic_output_order",
            .handler = CmdKeys});
  rows.add(
      {.name = "scan",
       .arity = -2,
       .flags = kCmdReadonly,
       .acl = "@keyspace @read @slow",
       .summary = "Incrementally iterate the keys space",
       .since = "2.8.0",
       .complexity =
           "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
           "the cursor to return back to 0. N is the number of elements inside the collection.",
       .usage = "cursor [MATCH pattern] [COUNT count] [TYPE type]",
       .tips = "nondeterministic_output request_policy:special",
       .handler = CmdScan});
  rows.add({.name = "randomkey",
            .arity = 1,
            .flags = kCmdReadonly,
            .acl = "@keyspace @read @slow",
            .summary = "Return a random key from the keyspace",
            .since = "1.0.0",
            .complexity = "O(1)",
            .tips = "request_policy:all_shards nondeterministic_output",
            .handler = CmdRandomKey});
  rows.add({.name = "dbsize",
            .arity = 1,
            .flags = kCmdReadonly | kCmdFast,
            .acl = "@keyspace @read @fast",
            .summary = "Return the number of keys in the selected database",
            .since = "1.0.0",
            .complexity = "O(1)",
            .tips = "request_policy:all_shards response_policy:agg_sum",
            .handler = CmdDbSize,
            .group = "server"});
  rows.add({.name = "expire",
            .arity = -3,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@keyspace @write @fast",
            .summary = "Set a key's time to live in seconds",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key seconds [NX | XX | GT | LT]",
            .handler = CmdExpire});
  rows.add({.name = "pexpire",
            .arity = -3,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@keyspace @write @fast",
            .summary = "Set a key's time to live in milliseconds",
            .since = "2.6.0",
            .complexity = "O(1)",
            .usage = "key milliseconds [NX | XX | GT | LT]",
            .handler = CmdPExpire});
  rows.add({.name = "expireat",
            .arity = -3,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@keyspace @write @fast",
            .summary = "Set the expiration for a key as a UNIX timestamp",
            .since = "1.2.0",
            .complexity = "O(1)",
            .usage = "key unix-time-seconds [NX | XX | GT | LT]",
            .handler = CmdExpireAt});
  rows.add({.name = "pexpireat",
            .arity = -3,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@keyspace @write @fast",
            .summary = "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
            .since = "2.6.0",
            .complexity = "O(1)",
            .usage = "key unix-time-milliseconds [NX | XX | GT | LT]",
            .handler = CmdPExpireAt});
  rows.add({.name = "ttl",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@keyspace @read @fast",
            .summary = "Get the time to live for a key in seconds",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .tips = "nondeterministic_output",
            .handler = CmdTtl});
  rows.add({.name = "pttl",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@keyspace @read @fast",
            .summary = "Get the time to live for a key in milliseconds",
            .since = "2.6.0",
            .complexity = "O(1)",
            .usage = "key",
            .tips = "nondeterministic_output",
            .handler = CmdPTtl});
  rows.add({.name = "expiretime",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@keyspace @read @fast",
            .summary = "Get the expiration Unix timestamp for a key",
            .since = "7.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdExpireTime});
  rows.add({.name = "pexpiretime",
            .arity = 2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RO access | index 1 | range 0 1 0",
            .acl = "@keyspace @read @fast",
            .summary = "Get the expiration Unix timestamp for a key in milliseconds",
            .since = "7.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdPExpireTime});
  rows.add({.name = "persist",
            .arity = 2,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW update | index 1 | range 0 1 0",
            .acl = "@keyspace @write @fast",
            .summary = "Remove the expiration from a key",
            .since = "2.2.0",
            .complexity = "O(1)",
            .usage = "key",
            .handler = CmdPersist});
  rows.add({.name = "touch",
            .arity = -2,
            .flags = kCmdReadonly | kCmdFast,
            .keys = {1, -1, 1},
            .key_specs = "RO | index 1 | range -1 1 0",
            .acl = "@keyspace @read @fast",
            .summary = "Alters the last access time of a key(s). Returns the number of existing "
                       "keys specified.",
            .since = "3.2.1",
            .complexity = "O(N) where N is the number of keys that will be touched.",
            .usage = "key ...",
            .tips = "request_policy:multi_shard response_policy:agg_sum",
            .handler = CmdTouch});
  rows.add({.name = "move",
            .arity = 3,
            .flags = kCmdWrite | kCmdFast,
            .keys = {1, 1, 1},
            .key_specs = "RW access update | index 1 | range 0 1 0",
            .acl = "@keyspace @write @fast",
            .summary = "Move a key to another database",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "key db",
            .handler = CmdMove});
  rows.add({.name = "copy",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 2, 1},
            .key_specs = "RO access | index 1 | range 0 1 0; OW update | index 2 | range 0 1 0",
            .acl = "@keyspace @write @slow",
            .summary = "Copy a key",
            .since = "6.2.0",
            .complexity = "O(N) worst case for collections, where N is the number of nested items. "
                          "O(1) for string values.",
            .usage = "source destination [DB destination-db] [REPLACE]",
            .handler = CmdCopy});
  rows.add(
      {.name = "swapdb",
       .arity = 3,
       .flags = kCmdWrite | kCmdFast,
       .acl = "@keyspace @write @fast @dangerous",
       .summary = "Swaps two Redis databases",
       .since = "4.0.0",
       .complexity =
           "O(N) where N is the count of clients watching or blocking on keys from both databases.",
       .usage = "index1 index2",
       .handler = CmdSwapDb,
       .group = "server"});
  // OBJECT is a container: each subcommand is a row of its own.
  rows.add({.name = "object",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for object introspection commands",
            .since = "2.2.3",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "object",
            .name = "encoding",
            .arity = 3,
            .flags = kCmdReadonly,
            .keys = {2, 2, 1},
            .key_specs = "RO | index 2 | range 0 1 0",
            .acl = "@keyspace @read @slow",
            .summary = "Inspect the internal encoding of a Redis object",
            .since = "2.2.3",
            .complexity = "O(1)",
            .usage = "key",
            .tips = "nondeterministic_output",
            .handler = CmdObjectEncoding});
  rows.add({.container = "object",
            .name = "freq",
            .arity = 3,
            .flags = kCmdReadonly,
            .keys = {2, 2, 1},
            .key_specs = "RO | index 2 | range 0 1 0",
            .acl = "@keyspace @read @slow",
            .summary = "Get the logarithmic access frequency counter of a Redis object",
            .since = "4.0.0",
            .complexity = "O(1)",
            .usage = "key",
            .tips = "nondeterministic_output",
            .handler = CmdObjectFreq});
  rows.add({.container = "object",
            .name = "idletime",
            .arity = 3,
            .flags = kCmdReadonly,
            .keys = {2, 2, 1},
            .key_specs = "RO | index 2 | range 0 1 0",
            .acl = "@keyspace @read @slow",
            .summary = "Get the time since a Redis object was last accessed",
            .since = "2.2.3",
            .complexity = "O(1)",
            .usage = "key",
            .tips = "nondeterministic_output",
            .handler = CmdObjectIdletime});
  rows.add({.container = "object",
            .name = "refcount",
            .arity = 3,
            .flags = kCmdReadonly,
            .keys = {2, 2, 1},
            .key_specs = "RO | index 2 | range 0 1 0",
            .acl = "@keyspace @read @slow",
            .summary = "Get the number of references to the value of the key",
            .since = "2.2.3",
            .complexity = "O(1)",
            .usage = "key",
            .tips = "nondeterministic_output",
            .handler = CmdObjectRefcount});
  rows.add({.container = "object",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@keyspace @slow",
            .summary = "Show helpful text about the different subcommands",
            .since = "6.2.0",
            .complexity = "O(1)",
            .handler = CmdObjectHelp});
}

}  // namespace sable
