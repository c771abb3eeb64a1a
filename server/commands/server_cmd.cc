// Server commands: INFO TIME LASTSAVE SHUTDOWN ROLE, and the HELP reply layout every container
// shares. The INFO text itself is built in server_info.cc; CONFIG lives in config.cc, MEMORY in
// memory.cc, COMMAND in introspection.cc, SLOWLOG and LATENCY in slowlog_latency.cc.
#include <fmt/format.h>

#include "server/commands/common.h"
#include "server/commands/server_info.h"
#include "server/persistence/rdb.h"

namespace sable {

void reply_help(ReplyWriter& r, std::string_view cmd, std::initializer_list<const char*> lines) {
  r.array_len(lines.size() + 3);
  r.simple(fmt::format("{} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", cmd));
  for (const char* l : lines) r.simple(l);
  r.simple("HELP");
  r.simple("    Prints this help.");
}

namespace {

// ---------------------------------------------------------------------------------------------
// INFO, TIME, LASTSAVE, SHUTDOWN

// INFO [section [section ...]]
void CmdInfo(CommandContext& ctx) {
  std::string text = build_info(ctx.server, ctx.argv.subspan(1));
  ctx.reply.verbatim(text);
}

// TIME
void CmdTime(CommandContext& ctx) {
  int64_t us = wall_us();
  ctx.reply.array_len(2);
  ctx.reply.bulk_int(us / 1000000);
  ctx.reply.bulk_int(us % 1000000);
}

// LASTSAVE
void CmdLastSave(CommandContext& ctx) { ctx.reply.integer(ctx.server.lastsave_sec); }

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
void CmdShutdown(CommandContext& ctx) {
  bool nosave = false, save = false, abort = false, other = false;
  ArgCursor a(ctx.argv, 1);
  while (!a.done()) {
    switch (a.match_one_of({"NOSAVE", "SAVE", "NOW", "FORCE", "ABORT"})) {
      case 0:
        nosave = true;
        break;
      case 1:
        save = true;
        break;
      case 2:
      case 3:
        other = true;
        break;
      case 4:
        abort = true;
        break;
      default:
        a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) return ctx.reply.error(a.error());
  if ((abort && (nosave || save || other)) || (nosave && save))
    return ctx.reply.error(err::kSyntax);
  // Shutdown is immediate here, so there is never one in progress to abort.
  if (abort) return ctx.reply.error(err::kNoShutdownInProgress);
  ctx.server.log(kLogWarning, "User requested shutdown...");
  if (save || (!nosave && !ctx.server.config.save_params.empty())) {
    ctx.server.log(kLogNotice, "Saving the final RDB snapshot before exiting.");
    if (!rdb_save(ctx.server, ctx.server.config.dbfilename).empty())
      return ctx.reply.error(err::kShutdownFailed);
  }
  ctx.server.stop();
}

// ROLE: always a master without replicas.
void CmdRole(CommandContext& ctx) {
  ctx.reply.array_len(3);
  ctx.reply.bulk("master");
  ctx.reply.integer(0);
  ctx.reply.array_len(0);
}

}  // namespace

void RegisterServerFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  rows.add({.name = "info",
            .arity = -1,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @dangerous",
            .summary = "Get information and statistics about the server",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "[section ...]",
            .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
            .handler = CmdInfo});
  rows.add({.name = "time",
            .arity = 1,
            .flags = kCmdLoading | kCmdStale | kCmdFast,
            .acl = "@fast",
            .summary = "Return the current server time",
            .since = "2.6.0",
            .complexity = "O(1)",
            .tips = "nondeterministic_output",
            .handler = CmdTime});
  rows.add({.name = "lastsave",
            .arity = 1,
            .flags = kCmdLoading | kCmdStale | kCmdFast,
            .acl = "@admin @fast @dangerous",
            .summary = "Get the UNIX time stamp of the last successful save to disk",
            .since = "1.0.0",
            .complexity = "O(1)",
            .tips = "nondeterministic_output",
            .handler = CmdLastSave});
  rows.add({.name = "shutdown",
            .arity = -1,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale | kCmdNoMulti |
                     kCmdAllowBusy | kCmdSentinel,
            .acl = "@admin @slow @dangerous",
            .summary = "Synchronously save the dataset to disk and then shut down the server",
            .since = "1.0.0",
            .complexity = "O(N) when saving, where N is the total number of keys in all databases "
                          "when saving data, otherwise O(1)",
            .usage = "[NOSAVE | SAVE] [NOW] [FORCE] [ABORT]",
            .handler = CmdShutdown});
  rows.add({.name = "role",
            .arity = 1,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast,
            .acl = "@admin @fast @dangerous",
            .summary = "Return the role of the instance in the context of replication",
            .since = "2.8.12",
            .complexity = "O(1)",
            .handler = CmdRole});
}

}  // namespace sable
