// Scripting commands: EVAL EVALSHA EVAL_RO EVALSHA_RO, and SCRIPT LOAD EXISTS FLUSH KILL DEBUG
// HELP. The work is in server/scripting/ (eval.cc runs a script); these are the rows and the thin
// handlers that parse arguments and reply.
#include "server/commands/common.h"
#include "server/commands/server_info.h"
#include "server/scripting/eval.h"
#include "server/scripting/scripting.h"

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

// The keys of EVAL and its variants: numkeys (argv[2]) names the ones after it.
std::vector<size_t> eval_keys(std::span<const std::string_view> argv) {
  std::vector<size_t> keys;
  int64_t n;
  if (argv.size() < 3 || !parse_int64(argv[2], &n) || n <= 0) return keys;
  for (size_t i = 3; i < argv.size() && n-- > 0; ++i) keys.push_back(i);
  return keys;
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
  if (ctx.argc() > 3 || (ctx.argc() == 3 && !iequals(ctx.arg(2), "sync") &&
                         !iequals(ctx.arg(2), "async")))
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
  constexpr uint32_t kEvalFlags =
      kCmdNoScript | kCmdSkipMonitor | kCmdNoMandatoryKeys | kCmdStale | kCmdMovableKeys;
  const char* kDepends = "Depends on the script that is executed.";
  auto eval_row = [&](const char* name, uint32_t flags, Handler h, const char* summary,
                      const char* since) {
    t.add({.name = name,
           .arity = -3,
           .flags = flags,
           .handler = h,
           .group = "scripting",
           .summary = summary,
           .since = since,
           .complexity = kDepends,
           .acl_categories = "scripting",
           .get_keys = eval_keys});
  };
  eval_row("eval", kEvalFlags | kCmdMayReplicate, CmdEval, "Execute a Lua script server side",
           "2.6.0");
  eval_row("evalsha", kEvalFlags | kCmdMayReplicate, CmdEvalSha,
           "Execute a Lua script server side", "2.6.0");
  eval_row("eval_ro", kEvalFlags | kCmdReadonly, CmdEvalRo,
           "Execute a read-only Lua script server side", "7.0.0");
  eval_row("evalsha_ro", kEvalFlags | kCmdReadonly, CmdEvalShaRo,
           "Execute a read-only Lua script server side", "7.0.0");

  t.add({.name = "script",
         .arity = -2,
         .handler = FamilyRows::CmdContainer,
         .group = "scripting",
         .summary = "A container for Lua scripts management commands",
         .since = "2.6.0",
         .complexity = "Depends on subcommand."});
  auto sub = [&](const char* name, int arity, uint32_t flags, Handler h, const char* summary,
                 const char* since, const char* complexity) {
    t.add_sub("script", {.name = name,
                         .arity = arity,
                         .flags = flags,
                         .handler = h,
                         .group = "scripting",
                         .summary = summary,
                         .since = since,
                         .complexity = complexity,
                         .acl_categories = "scripting"});
  };
  sub("exists", -3, kCmdNoScript, CmdScriptExists,
      "Check existence of scripts in the script cache.", "2.6.0",
      "O(N) with N being the number of scripts to check (so checking a single script is an O(1) "
      "operation).");
  sub("help", 2, kCmdLoading | kCmdStale, CmdScriptHelp,
      "Show helpful text about the different subcommands", "5.0.0", "O(1)");
  sub("debug", 3, kCmdNoScript, CmdScriptDebug, "Set the debug mode for executed scripts.",
      "3.2.0", "O(1)");
  sub("flush", -2, kCmdNoScript, CmdScriptFlush, "Remove all the scripts from the script cache.",
      "2.6.0", "O(N) with N being the number of scripts in cache");
  sub("kill", 2, kCmdNoScript | kCmdAllowBusy, CmdScriptKill,
      "Kill the script currently in execution.", "2.6.0", "O(1)");
  sub("load", 3, kCmdNoScript | kCmdStale, CmdScriptLoad,
      "Load the specified Lua script into the script cache.", "2.6.0",
      "O(N) with N being the length in bytes of the script body.");
}

}  // namespace sable
