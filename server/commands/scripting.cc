// Scripting commands: EVAL EVALSHA EVAL_RO EVALSHA_RO, and SCRIPT LOAD EXISTS FLUSH KILL DEBUG
// HELP. The work is in server/scripting/ (eval.cc runs a script); these are the rows and the thin
// handlers that parse arguments and reply.
#include "server/scripting/scripting.h"

#include "server/commands/common.h"
#include "server/commands/key_finders.h"
#include "server/commands/server_info.h"
#include "server/scripting/eval.h"

namespace sable {

namespace {

using scripting::EvalScripts;

EvalScripts& eval(CommandContext& ctx) { return ctx.server.scripting->eval(); }

// EVAL script numkeys [key ...] [arg ...]
void CmdEval(CommandContext& ctx) { eval(ctx).eval(ctx.client, ctx.spec, ctx.argv, false, false); }
// EVALSHA sha1 numkeys [key ...] [arg ...]
void CmdEvalSha(CommandContext& ctx) {
  eval(ctx).eval(ctx.client, ctx.spec, ctx.argv, true, false);
}
// EVAL_RO script numkeys [key ...] [arg ...]
void CmdEvalRo(CommandContext& ctx) { eval(ctx).eval(ctx.client, ctx.spec, ctx.argv, false, true); }
// EVALSHA_RO sha1 numkeys [key ...] [arg ...]
void CmdEvalShaRo(CommandContext& ctx) {
  eval(ctx).eval(ctx.client, ctx.spec, ctx.argv, true, true);
}

// SCRIPT LOAD script
void CmdScriptLoad(CommandContext& ctx) {
  std::string sha, error;
  if (!eval(ctx).load(ctx.arg(2), &sha, &error)) return ctx.reply.error(error);
  ctx.reply.bulk(sha);
}

// SCRIPT EXISTS sha1 [sha1 ...]
void CmdScriptExists(CommandContext& ctx) {
  ctx.reply.array_len(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) ctx.reply.integer(eval(ctx).exists(ctx.arg(i)) ? 1 : 0);
}

// SCRIPT FLUSH [ASYNC | SYNC]: the cache is small, so either mode frees it at once.
void CmdScriptFlush(CommandContext& ctx) {
  if (ctx.argc() > 3 ||
      (ctx.argc() == 3 && !iequals(ctx.arg(2), "sync") && !iequals(ctx.arg(2), "async")))
    return ctx.reply.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
  eval(ctx).flush();
  ctx.reply.ok();
}

// SCRIPT KILL
void CmdScriptKill(CommandContext& ctx) { ctx.server.scripting->kill(ctx.reply, true); }

// SCRIPT DEBUG YES | SYNC | NO: there is no Lua debugger, so only NO (the default) is accepted.
void CmdScriptDebug(CommandContext& ctx) {
  std::string_view mode = ctx.arg(2);
  if (iequals(mode, "no")) return ctx.reply.ok();
  if (iequals(mode, "yes") || iequals(mode, "sync"))
    return ctx.reply.error("ERR SCRIPT DEBUG is not supported: this server has no Lua debugger");
  ctx.reply.error("ERR Use SCRIPT DEBUG YES/SYNC/NO");
}

// SCRIPT HELP
void CmdScriptHelp(CommandContext& ctx) {
  reply_help(
      ctx.reply, "SCRIPT",
      {"DEBUG (YES|SYNC|NO)", "    Set the debug mode for subsequent scripts executed.",
       "EXISTS <sha1> [<sha1> ...]",
       "    Return information about the existence of the scripts in the script cache.",
       "FLUSH [ASYNC|SYNC]", "    Flush the Lua scripts cache. Very dangerous on replicas.",
       "    When called without the optional mode argument, the behavior is determined by the",
       "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
       "    * ASYNC: Asynchronously flush the scripts cache.",
       "    * SYNC: Synchronously flush the scripts cache.", "KILL",
       "    Kill the currently executing Lua script.", "LOAD <script>",
       "    Load a script into the scripts cache without executing it."});
}

}  // namespace

void RegisterScriptingFamily(CommandTable& t) {
  FamilyRows rows(t, "scripting");
  constexpr uint32_t kEval = kCmdNoScript | kCmdSkipMonitor | kCmdNoMandatoryKeys | kCmdStale;
  const char* kDepends = "Depends on the script that is executed.";
  rows.add({.name = "eval",
            .arity = -3,
            .flags = kEval | kCmdMayReplicate,
            .key_finder = keys_by_numkeys<2, false>,
            .acl = "@slow @scripting",
            .summary = "Execute a Lua script server side",
            .since = "2.6.0",
            .complexity = kDepends,
            .usage = "script numkeys [key ...] [arg ...]",
            .handler = CmdEval});
  rows.add({.name = "evalsha",
            .arity = -3,
            .flags = kEval | kCmdMayReplicate,
            .key_finder = keys_by_numkeys<2, false>,
            .acl = "@slow @scripting",
            .summary = "Execute a Lua script server side",
            .since = "2.6.0",
            .complexity = kDepends,
            .usage = "sha1 numkeys [key ...] [arg ...]",
            .handler = CmdEvalSha});
  rows.add({.name = "eval_ro",
            .arity = -3,
            .flags = kEval | kCmdReadonly,
            .key_finder = keys_by_numkeys<2, false>,
            .acl = "@slow @scripting",
            .summary = "Execute a read-only Lua script server side",
            .since = "7.0.0",
            .complexity = kDepends,
            .usage = "script numkeys [key ...] [arg ...]",
            .handler = CmdEvalRo});
  rows.add({.name = "evalsha_ro",
            .arity = -3,
            .flags = kEval | kCmdReadonly,
            .key_finder = keys_by_numkeys<2, false>,
            .acl = "@slow @scripting",
            .summary = "Execute a read-only Lua script server side",
            .since = "7.0.0",
            .complexity = kDepends,
            .usage = "sha1 numkeys [key ...] [arg ...]",
            .handler = CmdEvalShaRo});

  rows.add({.name = "script",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for Lua scripts management commands",
            .since = "2.6.0",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "script",
            .name = "exists",
            .arity = -3,
            .flags = kCmdNoScript,
            .acl = "@slow @scripting",
            .summary = "Check existence of scripts in the script cache.",
            .since = "2.6.0",
            .complexity = "O(N) with N being the number of scripts to check (so checking a "
                          "single script is an O(1) operation).",
            .usage = "sha1 ...",
            .handler = CmdScriptExists});
  rows.add({.container = "script",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @scripting",
            .summary = "Show helpful text about the different subcommands",
            .since = "5.0.0",
            .complexity = "O(1)",
            .handler = CmdScriptHelp});
  rows.add({.container = "script",
            .name = "debug",
            .arity = 3,
            .flags = kCmdNoScript,
            .acl = "@slow @scripting",
            .summary = "Set the debug mode for executed scripts.",
            .since = "3.2.0",
            .complexity = "O(1)",
            .usage = "<YES | SYNC | NO>",
            .handler = CmdScriptDebug});
  rows.add({.container = "script",
            .name = "flush",
            .arity = -2,
            .flags = kCmdNoScript,
            .acl = "@slow @scripting",
            .summary = "Remove all the scripts from the script cache.",
            .since = "2.6.0",
            .complexity = "O(N) with N being the number of scripts in cache",
            .usage = "[ASYNC | SYNC]",
            .handler = CmdScriptFlush});
  rows.add({.container = "script",
            .name = "kill",
            .arity = 2,
            .flags = kCmdNoScript | kCmdAllowBusy,
            .acl = "@slow @scripting",
            .summary = "Kill the script currently in execution.",
            .since = "2.6.0",
            .complexity = "O(1)",
            .handler = CmdScriptKill});
  rows.add({.container = "script",
            .name = "load",
            .arity = 3,
            .flags = kCmdNoScript | kCmdStale,
            .acl = "@slow @scripting",
            .summary = "Load the specified Lua script into the script cache.",
            .since = "2.6.0",
            .complexity = "O(N) with N being the length in bytes of the script body.",
            .usage = "script",
            .handler = CmdScriptLoad});
}

}  // namespace sable
