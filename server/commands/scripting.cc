// Scripting commands: EVAL EVALSHA EVAL_RO EVALSHA_RO, SCRIPT LOAD EXISTS FLUSH KILL DEBUG HELP,
// FCALL FCALL_RO and FUNCTION LOAD DELETE FLUSH LIST STATS DUMP RESTORE KILL HELP. The work is in
// server/scripting/ (eval.cc runs a script); these are the rows and the thin handlers that parse
// arguments and reply.
#include "server/scripting/scripting.h"

#include <fmt/format.h>

#include "datatypes/glob.h"
#include "server/commands/common.h"
#include "server/commands/key_finders.h"
#include "server/commands/server_info.h"
#include "server/errors.h"
#include "server/persistence/rdb.h"
#include "server/scripting/eval.h"
#include "server/scripting/functions.h"
#include "server/scripting/script_run.h"
#include "server/server.h"

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
    return ctx.reply.error(err::kScriptFlushOptions);
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
    return ctx.reply.error(err::kScriptDebugUnsupported);
  ctx.reply.error(err::kScriptDebugUsage);
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

scripting::Functions& functions(CommandContext& ctx) { return ctx.server.scripting->functions(); }

// FCALL function numkeys [key ...] [arg ...]
void CmdFcall(CommandContext& ctx) { functions(ctx).fcall(ctx.client, ctx.spec, ctx.argv, false); }
// FCALL_RO function numkeys [key ...] [arg ...]
void CmdFcallRo(CommandContext& ctx) { functions(ctx).fcall(ctx.client, ctx.spec, ctx.argv, true); }

// FUNCTION LOAD [REPLACE] function-code
void CmdFunctionLoad(CommandContext& ctx) {
  bool replace = false;
  size_t i = 2;
  for (; i + 1 < ctx.argc(); ++i) {
    if (!iequals(ctx.arg(i), "replace"))
      return ctx.reply.error(fmt::format(err::kFunctionLoadOptionFmt, ctx.arg(i)));
    replace = true;
  }
  std::string name, error;
  if (!functions(ctx).load(ctx.arg(i), replace, &name, &error)) return ctx.reply.error(error);
  ctx.reply.bulk(name);
}

// FUNCTION DELETE library-name
void CmdFunctionDelete(CommandContext& ctx) {
  if (!functions(ctx).remove(ctx.arg(2))) return ctx.reply.error(err::kLibraryNotFound);
  ctx.reply.ok();
}

// FUNCTION FLUSH [ASYNC | SYNC]: the libraries are small, so either mode frees them at once.
void CmdFunctionFlush(CommandContext& ctx) {
  if (ctx.argc() > 3)
    return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "function"));
  if (ctx.argc() == 3 && !iequals(ctx.arg(2), "sync") && !iequals(ctx.arg(2), "async"))
    return ctx.reply.error(err::kFunctionFlushOptions);
  functions(ctx).flush();
  ctx.reply.ok();
}

// FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
void CmdFunctionList(CommandContext& ctx) {
  bool with_code = false;
  bool have_pattern = false;
  std::string_view pattern;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::string_view a = ctx.arg(i);
    if (iequals(a, "withcode") && !with_code) {
      with_code = true;
    } else if (iequals(a, "libraryname") && !have_pattern) {
      if (i + 1 >= ctx.argc()) return ctx.reply.error(err::kLibraryNameArgMissing);
      pattern = ctx.arg(++i);
      have_pattern = true;
    } else {
      return ctx.reply.error(fmt::format(err::kFunctionListArgFmt, a));
    }
  }
  ReplyWriter& r = ctx.reply;
  const auto& libs = functions(ctx).libraries();
  size_t n = 0;
  for (const auto& [name, lib] : libs)
    if (!have_pattern || glob_match(pattern, name)) ++n;
  r.array_len(n);
  for (const auto& [name, lib] : libs) {
    if (have_pattern && !glob_match(pattern, name)) continue;
    r.map_len(with_code ? 4 : 3);
    r.bulk("library_name");
    r.bulk(name);
    r.bulk("engine");
    r.bulk("LUA");
    r.bulk("functions");
    r.array_len(lib.functions.size());
    for (const auto& [fname, fn] : lib.functions) {
      r.map_len(3);
      r.bulk("name");
      r.bulk(fname);
      r.bulk("description");
      if (fn.has_description)
        r.bulk(fn.description);
      else
        r.null();
      r.bulk("flags");
      size_t count = 0;
      for (uint32_t bit = 1; bit; bit <<= 1)
        if ((fn.flags & bit) && scripting::script_flag_name(bit)) ++count;
      r.set_len(count);
      for (uint32_t bit = 1; bit; bit <<= 1)
        if ((fn.flags & bit) && scripting::script_flag_name(bit))
          r.simple(scripting::script_flag_name(bit));
    }
    if (with_code) {
      r.bulk("library_code");
      r.bulk(lib.code);
    }
  }
}

// FUNCTION STATS
void CmdFunctionStats(CommandContext& ctx) {
  ReplyWriter& r = ctx.reply;
  r.map_len(2);
  r.bulk("running_script");
  scripting::ScriptRun* run = ctx.server.scripting->current();
  if (!run || run->eval_mode()) {
    r.null();
  } else {
    r.map_len(3);
    r.bulk("name");
    r.bulk(run->name());
    r.bulk("command");
    r.array_len(run->argv().size());
    for (std::string_view a : run->argv()) r.bulk(a);
    r.bulk("duration_ms");
    r.integer(run->elapsed_ms());
  }
  r.bulk("engines");
  r.map_len(1);
  r.bulk("LUA");
  r.map_len(2);
  r.bulk("libraries_count");
  r.integer(static_cast<long long>(functions(ctx).libraries().size()));
  r.bulk("functions_count");
  r.integer(static_cast<long long>(functions(ctx).function_count()));
}

// FUNCTION DUMP
void CmdFunctionDump(CommandContext& ctx) { ctx.reply.bulk(function_dump_payload(ctx.server)); }

// FUNCTION RESTORE serialized-value [FLUSH | APPEND | REPLACE]
void CmdFunctionRestore(CommandContext& ctx) {
  if (ctx.argc() > 4)
    return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "function"));
  using Policy = scripting::Functions::RestorePolicy;
  Policy policy = Policy::kAppend;
  if (ctx.argc() == 4) {
    std::string_view p = ctx.arg(3);
    if (iequals(p, "flush")) {
      policy = Policy::kFlush;
    } else if (iequals(p, "replace")) {
      policy = Policy::kReplace;
    } else if (!iequals(p, "append")) {
      return ctx.reply.error(err::kFunctionRestorePolicy);
    }
  }
  std::vector<std::string> codes;
  std::string error = read_function_payload(ctx.arg(2), &codes);
  if (error.empty()) functions(ctx).restore(codes, policy, &error);
  if (!error.empty()) return ctx.reply.error(error);
  ctx.reply.ok();
}

// FUNCTION KILL
void CmdFunctionKill(CommandContext& ctx) { ctx.server.scripting->kill(ctx.reply, false); }

// FUNCTION HELP
void CmdFunctionHelp(CommandContext& ctx) {
  reply_help(
      ctx.reply, "FUNCTION",
      {"LOAD [REPLACE] <FUNCTION CODE>",
       "    Create a new library with the given library name and code.",
       "DELETE <LIBRARY NAME>",
       "    Delete the given library.",
       "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
       "    Return general information on all the libraries:",
       "    * Library name",
       "    * The engine used to run the Library",
       "    * Library description",
       "    * Functions list",
       "    * Library code (if WITHCODE is given)",
       "    It also possible to get only function that matches a pattern using LIBRARYNAME "
       "argument.",
       "STATS",
       "    Return information about the current function running:",
       "    * Function name",
       "    * Command used to run the function",
       "    * Duration in MS that the function is running",
       "    If no function is running, return nil",
       "    In addition, returns a list of available engines.",
       "KILL",
       "    Kill the current running function.",
       "FLUSH [ASYNC|SYNC]",
       "    Delete all the libraries.",
       "    When called without the optional mode argument, the behavior is determined by the",
       "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
       "    * ASYNC: Asynchronously flush the libraries.",
       "    * SYNC: Synchronously flush the libraries.",
       "DUMP",
       "    Return a serialized payload representing the current libraries, can be restored using "
       "FUNCTION RESTORE command",
       "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
       "    Restore the libraries represented by the given payload, it is possible to give a "
       "restore policy to",
       "    control how to handle existing libraries (default APPEND):",
       "    * FLUSH: delete all existing libraries.",
       "    * APPEND: appends the restored libraries to the existing libraries. On collision, "
       "abort.",
       "    * REPLACE: appends the restored libraries to the existing libraries, On collision, "
       "replace the old",
       "      libraries with the new libraries (notice that even on this option there is a "
       "chance of failure",
       "      in case of functions name collision with another library)."});
}

}  // namespace

void RegisterScriptingFamily(CommandTable& t) {
  FamilyRows rows(t, "scripting");
  constexpr uint32_t kEval =
      kCmdNoScript | kCmdSkipMonitor | kCmdNoMandatoryKeys | kCmdStale | kCmdScriptFlags;
  const char* kDepends = "Depends on the script that is executed.";
  rows.add({.name = "eval",
            .arity = -3,
            .flags = kEval | kCmdMayReplicate,
            .key_finder = keys_by_numkeys<2, false>,
            .key_specs = "RW access update | index 2 | keynum 0 1 1 | We cannot tell how the keys "
                         "will be used so we assume the worst, RW and UPDATE",
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
            .key_specs = "RW access update | index 2 | keynum 0 1 1",
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
            .key_specs = "RO access | index 2 | keynum 0 1 1 | We cannot tell how the keys will be "
                         "used so we assume the worst, RO and ACCESS",
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
            .key_specs = "RO access | index 2 | keynum 0 1 1",
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
            .tips = "request_policy:all_shards response_policy:agg_logical_and",
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
            .tips = "request_policy:all_nodes response_policy:all_succeeded",
            .handler = CmdScriptFlush});
  rows.add({.container = "script",
            .name = "kill",
            .arity = 2,
            .flags = kCmdNoScript | kCmdAllowBusy,
            .acl = "@slow @scripting",
            .summary = "Kill the script currently in execution.",
            .since = "2.6.0",
            .complexity = "O(1)",
            .tips = "request_policy:all_shards response_policy:one_succeeded",
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
            .tips = "request_policy:all_nodes response_policy:all_succeeded",
            .handler = CmdScriptLoad});
  rows.add({.name = "fcall",
            .arity = -3,
            .flags = kEval,
            .key_finder = keys_by_numkeys<2, false>,
            .key_specs = "RW access update | index 2 | keynum 0 1 1 | We cannot tell how the keys "
                         "will be used so we assume the worst, RW and UPDATE",
            .acl = "@slow @scripting",
            .summary = "Invoke a function",
            .since = "7.0.0",
            .complexity = kDepends,
            .usage = "function numkeys [key ...] [arg ...]",
            .handler = CmdFcall});
  rows.add({.name = "fcall_ro",
            .arity = -3,
            .flags = kEval | kCmdReadonly,
            .key_finder = keys_by_numkeys<2, false>,
            .key_specs = "RO access | index 2 | keynum 0 1 1 | We cannot tell how the keys will be "
                         "used so we assume the worst, RO and ACCESS",
            .acl = "@slow @scripting",
            .summary = "Invoke a read-only function",
            .since = "7.0.0",
            .complexity = kDepends,
            .usage = "function numkeys [key ...] [arg ...]",
            .handler = CmdFcallRo});

  rows.add({.name = "function",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for function commands",
            .since = "7.0.0",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "function",
            .name = "load",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdNoScript,
            .acl = "@write @slow @scripting",
            .summary = "Create a function with the given arguments (name, code, description)",
            .since = "7.0.0",
            .complexity = "O(1) (considering compilation time is redundant)",
            .usage = "[REPLACE] function-code",
            .tips = "request_policy:all_shards response_policy:all_succeeded",
            .handler = CmdFunctionLoad});
  rows.add({.container = "function",
            .name = "delete",
            .arity = 3,
            .flags = kCmdWrite | kCmdNoScript,
            .acl = "@write @slow @scripting",
            .summary = "Delete a function by name",
            .since = "7.0.0",
            .complexity = "O(1)",
            .usage = "library-name",
            .tips = "request_policy:all_shards response_policy:all_succeeded",
            .handler = CmdFunctionDelete});
  rows.add({.container = "function",
            .name = "flush",
            .arity = -2,
            .flags = kCmdWrite | kCmdNoScript,
            .acl = "@write @slow @scripting",
            .summary = "Deleting all functions",
            .since = "7.0.0",
            .complexity = "O(N) where N is the number of functions deleted",
            .usage = "[ASYNC | SYNC]",
            .tips = "request_policy:all_shards response_policy:all_succeeded",
            .handler = CmdFunctionFlush});
  rows.add({.container = "function",
            .name = "list",
            .arity = -2,
            .flags = kCmdNoScript,
            .acl = "@slow @scripting",
            .summary = "List information about all the functions",
            .since = "7.0.0",
            .complexity = "O(N) where N is the number of functions",
            .usage = "[LIBRARYNAME library-name-pattern] [WITHCODE]",
            .tips = "nondeterministic_output_order",
            .handler = CmdFunctionList});
  rows.add({.container = "function",
            .name = "stats",
            .arity = 2,
            .flags = kCmdNoScript | kCmdAllowBusy,
            .acl = "@slow @scripting",
            .summary = "Return information about the function currently running (name, "
                       "description, duration)",
            .since = "7.0.0",
            .complexity = "O(1)",
            .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
            .handler = CmdFunctionStats});
  rows.add({.container = "function",
            .name = "dump",
            .arity = 2,
            .flags = kCmdNoScript,
            .acl = "@slow @scripting",
            .summary = "Dump all functions into a serialized binary payload",
            .since = "7.0.0",
            .complexity = "O(N) where N is the number of functions",
            .handler = CmdFunctionDump});
  rows.add({.container = "function",
            .name = "restore",
            .arity = -3,
            .flags = kCmdWrite | kCmdDenyOom | kCmdNoScript,
            .acl = "@write @slow @scripting",
            .summary = "Restore all the functions on the given payload",
            .since = "7.0.0",
            .complexity = "O(N) where N is the number of functions on the payload",
            .usage = "serialized-value [FLUSH | APPEND | REPLACE]",
            .tips = "request_policy:all_shards response_policy:all_succeeded",
            .handler = CmdFunctionRestore});
  rows.add({.container = "function",
            .name = "kill",
            .arity = 2,
            .flags = kCmdNoScript | kCmdAllowBusy,
            .acl = "@slow @scripting",
            .summary = "Kill the function currently in execution.",
            .since = "7.0.0",
            .complexity = "O(1)",
            .tips = "request_policy:all_shards response_policy:one_succeeded",
            .handler = CmdFunctionKill});
  rows.add({.container = "function",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @scripting",
            .summary = "Show helpful text about the different subcommands",
            .since = "7.0.0",
            .complexity = "O(1)",
            .handler = CmdFunctionHelp});
}

}  // namespace sable
