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
  constexpr uint32_t LS = kCmdLoading | kCmdStale;
  constexpr uint32_t ADM = kCmdAdmin | kCmdNoScript | LS;
  auto top = [&](const char* name, int arity, uint32_t flags, Handler h, const char* summary,
                 const char* since, const char* complexity, const char* acl) {
    t.add({.name = name,
           .arity = arity,
           .flags = flags,
           .handler = h,
           .group = "server",
           .summary = summary,
           .since = since,
           .complexity = complexity,
           .acl_categories = acl});
  };

  top("info", -1, LS, CmdInfo, "Get information and statistics about the server", "1.0.0", "O(1)",
      "slow dangerous");
  top("time", 1, LS | kCmdFast, CmdTime, "Return the current server time", "2.6.0", "O(1)", "");
  top("lastsave", 1, LS | kCmdFast, CmdLastSave,
      "Get the UNIX time stamp of the last successful save to disk", "1.0.0", "O(1)",
      "admin dangerous");
  top("shutdown", -1, ADM | kCmdNoMulti | kCmdAllowBusy | kCmdSentinel, CmdShutdown,
      "Synchronously save the dataset to disk and then shut down the server", "1.0.0",
      "O(N) when saving, where N is the total number of keys in all databases when saving data, "
      "otherwise O(1)",
      "");

  top("role", 1, kCmdNoScript | LS | kCmdFast, CmdRole,
      "Return the role of the instance in the context of replication", "2.8.12", "O(1)",
      "admin dangerous");
}

}  // namespace sable
