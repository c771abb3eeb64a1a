// Transaction commands: MULTI EXEC DISCARD WATCH UNWATCH.
#include "server/acl/acl.h"
#include "server/commands/common.h"
#include "server/multi.h"

namespace sable {

namespace {

// MULTI
void CmdMulti(CommandContext& ctx) {
  if (ctx.client.has(kClientMulti)) return ctx.reply.error(err::kMultiNested);
  ctx.client.flags |= kClientMulti;
  ctx.reply.ok();
}

// DISCARD
void CmdDiscard(CommandContext& ctx) {
  if (!ctx.client.has(kClientMulti)) return ctx.reply.error(err::kDiscardWithoutMulti);
  ctx.server.transactions->discard(ctx.client);
  ctx.reply.ok();
}

// EXEC
void CmdExec(CommandContext& ctx) {
  Client& c = ctx.client;
  Transactions& tx = *ctx.server.transactions;
  if (!c.has(kClientMulti)) return ctx.reply.error(err::kExecWithoutMulti);
  if (c.has(kClientDirtyExec)) {
    tx.discard(c);
    return ctx.reply.error(err::kExecAbort);
  }
  if (c.has(kClientDirtyCas) || tx.watched_key_expired(c)) {
    tx.discard(c);
    return ctx.reply.null_array();
  }
  // Take the queue: commands run with blocking denied, and the client leaves MULTI first so
  // the queued commands execute instead of being queued again.
  std::vector<QueuedCommand> queue;
  queue.swap(c.multi_queue);
  c.flags &= ~kClientMulti;
  tx.unwatch_all(c);
  c.flags |= kClientDenyBlocking;
  ctx.reply.array_len(queue.size());
  for (QueuedCommand& q : queue) {
    std::vector<std::string_view> argv(q.argv.begin(), q.argv.end());
    // Permissions are checked again: the user's rules may have changed since the queueing.
    if (!c.user->unrestricted && !ctx.server.acl_permits(c, *q.cmd, argv, "multi")) {
      ctx.reply.error(acl::Acl::exec_denial_error(c.acl_denial));
      continue;
    }
    ctx.server.call(c, *q.cmd, argv);
    if (c.has(kClientCloseAfterReply | kClientCloseAsap)) break;
  }
  c.flags &= ~kClientDenyBlocking;
}

// WATCH key [key ...]
void CmdWatch(CommandContext& ctx) {
  if (ctx.client.has(kClientMulti)) return ctx.reply.error(err::kWatchInsideMulti);
  for (size_t i = 1; i < ctx.argc(); ++i) ctx.server.transactions->watch(ctx.client, ctx.arg(i));
  ctx.reply.ok();
}

// UNWATCH
void CmdUnwatch(CommandContext& ctx) {
  ctx.server.transactions->unwatch_all(ctx.client);
  ctx.reply.ok();
}

}  // namespace

void RegisterTxFamily(CommandTable& t) {
  FamilyRows rows(t, "transactions");
  rows.add(
      {.name = "multi",
       .arity = 1,
       .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdAllowBusy | kCmdTxControl,
       .acl = "@fast @transaction",
       .summary = "Mark the start of a transaction block",
       .since = "1.2.0",
       .complexity = "O(1)",
       .handler = CmdMulti});
  rows.add({.name = "exec",
            .arity = 1,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdSkipSlowlog | kCmdTxControl |
                     kCmdRunsQueue | kCmdMultiNoOom,
            .acl = "@slow @transaction",
            .summary = "Execute all commands issued after MULTI",
            .since = "1.2.0",
            .complexity = "Depends on commands in the transaction",
            .handler = CmdExec});
  rows.add({.name = "discard",
            .arity = 1,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdAllowBusy |
                     kCmdTxControl | kCmdMultiNoOom,
            .acl = "@fast @transaction",
            .summary = "Discard all commands issued after MULTI",
            .since = "2.0.0",
            .complexity = "O(N), when N is the number of queued commands",
            .handler = CmdDiscard});
  rows.add(
      {.name = "watch",
       .arity = -2,
       .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdAllowBusy | kCmdTxControl,
       .keys = {1, -1, 1},
       .key_specs = "RO | index 1 | range -1 1 0",
       .acl = "@fast @transaction",
       .summary = "Watch the given keys to determine execution of the MULTI/EXEC block",
       .since = "2.2.0",
       .complexity = "O(1) for every key.",
       .usage = "key ...",
       .handler = CmdWatch});
  rows.add({.name = "unwatch",
            .arity = 1,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdAllowBusy,
            .acl = "@fast @transaction",
            .summary = "Forget about all watched keys",
            .since = "2.2.0",
            .complexity = "O(1)",
            .handler = CmdUnwatch});
}

}  // namespace sable
