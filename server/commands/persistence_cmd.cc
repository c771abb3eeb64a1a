// Persistence commands: SAVE, BGSAVE and BGREWRITEAOF (the snapshot machinery is in
// server/persistence, the append-only file in server/aof).
#include "server/aof/aof.h"
#include "server/commands/common.h"
#include "server/persistence/rdb.h"

namespace sable {
namespace {

// SAVE
void CmdSave(CommandContext& ctx) {
  if (ctx.server.bgsave_in_progress()) return ctx.reply.error(err::kBgsaveInProgress);
  if (rdb_save(ctx.server, ctx.server.config.dbfilename).empty())
    ctx.reply.ok();
  else
    ctx.reply.error(err::kGenericErr);
}

// BGSAVE [SCHEDULE]
void CmdBgsave(CommandContext& ctx) {
  bool schedule = false;
  if (ctx.argc() > 1) {
    if (ctx.argc() == 2 && iequals(ctx.arg(1), "SCHEDULE"))
      schedule = true;
    else
      return ctx.reply.error(err::kSyntax);
  }
  if (ctx.server.bgsave_in_progress()) {
    if (!schedule) return ctx.reply.error(err::kBgsaveInProgress);
    ctx.server.rdb_bgsave_scheduled = true;
    return ctx.reply.simple("Background saving scheduled");
  }
  if (rdb_bgsave(ctx.server).empty())
    ctx.reply.simple("Background saving started");
  else
    ctx.reply.error(err::kGenericErr);
}

// BGREWRITEAOF
void CmdBgrewriteaof(CommandContext& ctx) {
  if (ctx.server.aof->rewrite_in_progress()) return ctx.reply.error(err::kAofRewriteInProgress);
  bool scheduled = false;
  std::string error = ctx.server.aof->rewrite_background(&scheduled);
  if (!error.empty()) return ctx.reply.error(err::kGenericErr);
  ctx.reply.simple(scheduled ? "Background append only file rewriting scheduled"
                             : "Background append only file rewriting started");
}

}  // namespace

void RegisterPersistenceFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  rows.add({.name = "save",
            .arity = 1,
            .flags = kCmdAdmin | kCmdNoScript | kCmdNoMulti | kCmdNoAsyncLoading,
            .acl = "@admin @slow @dangerous",
            .summary = "Synchronously save the dataset to disk",
            .since = "1.0.0",
            .complexity = "O(N) where N is the total number of keys in all databases",
            .handler = CmdSave});
  rows.add({.name = "bgsave",
            .arity = -1,
            .flags = kCmdAdmin | kCmdNoScript | kCmdNoAsyncLoading,
            .acl = "@admin @slow @dangerous",
            .summary = "Asynchronously save the dataset to disk",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "[SCHEDULE]",
            .handler = CmdBgsave});
  rows.add({.name = "bgrewriteaof",
            .arity = 1,
            .flags = kCmdAdmin | kCmdNoScript | kCmdNoAsyncLoading,
            .acl = "@admin @slow @dangerous",
            .summary = "Asynchronously rewrite the append-only file",
            .since = "1.0.0",
            .complexity = "O(1)",
            .handler = CmdBgrewriteaof});
}

}  // namespace sable
