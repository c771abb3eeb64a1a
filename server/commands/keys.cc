// Generic key commands (DEL EXISTS TYPE EXPIRE TTL SCAN KEYS RENAME …).
#include "server/commands/common.h"

namespace sable {

namespace {

// DEL key [key ...] / UNLINK key [key ...]
void CmdDel(CommandContext& ctx) {
  long long n = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view k = ctx.arg(i);
    if (lookup_write(ctx, k) && ctx.db.del(k)) {
      key_modified(ctx, k);
      notify(ctx, kNotifyGeneric, "del", k);
      ++n;
    }
  }
  ctx.reply.integer(n);
}

// EXISTS key [key ...]
void CmdExists(CommandContext& ctx) {
  long long n = 0;
  for (size_t i = 1; i < ctx.argc(); ++i)
    if (lookup_read(ctx, ctx.arg(i))) ++n;
  ctx.reply.integer(n);
}

// TYPE key
void CmdType(CommandContext& ctx) {
  Entry* e = ctx.db.find(ctx.arg(1), false);
  ctx.reply.simple(e ? type_name(entry::type(e)) : "none");
}

// Parses the optional ASYNC|SYNC flag of FLUSHDB/FLUSHALL. Replies and returns false on error.
bool parse_flush_flag(CommandContext& ctx) {
  if (ctx.argc() == 1) return true;
  if (ctx.argc() == 2 && (iequals(ctx.arg(1), "ASYNC") || iequals(ctx.arg(1), "SYNC")))
    return true;
  ctx.reply.error(err::kSyntax);
  return false;
}

// Empties one database, signalling every key to watchers first.
void flush_db(CommandContext& ctx, Db& db) {
  db.clear();
  ctx.server.signal_flushed_db(db.id());
}

// FLUSHDB [ASYNC|SYNC]
void CmdFlushDb(CommandContext& ctx) {
  if (!parse_flush_flag(ctx)) return;
  flush_db(ctx, ctx.db);
  ctx.reply.ok();
}

// FLUSHALL [ASYNC|SYNC]
void CmdFlushAll(CommandContext& ctx) {
  if (!parse_flush_flag(ctx)) return;
  for (auto& db : ctx.server.dbs) flush_db(ctx, *db);
  ctx.reply.ok();
}

}  // namespace

void RegisterKeysFamily(CommandTable& t) {
  auto add = [&](const char* name, int arity, uint32_t flags, int first, int last, int step,
                 Handler h, const char* summary, const char* since, const char* complexity,
                 const char* acl) {
    t.add({.name = name, .arity = arity, .flags = flags, .first_key = first, .last_key = last,
           .key_step = step, .handler = h, .group = "generic", .summary = summary,
           .since = since, .complexity = complexity, .acl_categories = acl});
  };
  const uint32_t R = kCmdReadonly, W = kCmdWrite, F = kCmdFast;
  add("del", -2, W, 1, -1, 1, CmdDel, "Delete a key", "1.0.0",
      "O(N) where N is the number of keys that will be removed.", "keyspace write slow");
  add("unlink", -2, W | F, 1, -1, 1, CmdDel,
      "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non "
      "blocking.",
      "4.0.0", "O(1) for each key removed regardless of its size.", "keyspace write fast");
  add("exists", -2, R | F, 1, -1, 1, CmdExists, "Determine if a key exists", "1.0.0",
      "O(N) where N is the number of keys to check.", "keyspace read fast");
  add("type", 2, R | F, 1, 1, 1, CmdType, "Determine the type stored at key", "1.0.0", "O(1)",
      "keyspace read fast");
  add("flushdb", -1, W, 0, 0, 0, CmdFlushDb, "Remove all keys from the current database",
      "1.0.0", "O(N) where N is the number of keys in the selected database",
      "keyspace write slow dangerous");
  add("flushall", -1, W, 0, 0, 0, CmdFlushAll, "Remove all keys from all databases", "1.0.0",
      "O(N) where N is the total number of keys in all databases",
      "keyspace write slow dangerous");
}

}  // namespace sable
