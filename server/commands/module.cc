// MODULE: Sable answers as a Redis with no module loaded. It never loads one: Redis modules are
// shared objects written against Redis's own module API, and running foreign code in the server
// is not something a request may cause. MODULE LOAD / LOADEX therefore fail with Redis's reply
// and log why, as Redis logs a failed load; LOAD, LOADEX and UNLOAD are protected by
// enable-module-command (checked by the dispatcher, like DEBUG's enable-debug-command).
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "server/commands/common.h"
#include "server/commands/server_info.h"

namespace sable {
namespace {

constexpr std::string_view kLoadFailed =
    "ERR Error loading the extension. Please check the server logs.";
constexpr std::string_view kNoSuchModule =
    "ERR Error unloading module: no such module with that name";

// Logs why loading `path` failed, in the words Redis logs for the same file: a missing or
// unreadable file gets the dynamic loader's message, a file without execute permission Redis's
// own; anything else is refused because Sable does not run modules.
void log_load_failure(Server& s, const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    s.log(kLogWarning, fmt::format("Module {} failed to load: {}: cannot open shared object file: "
                                   "{}",
                                   path, path, std::strerror(errno)));
  } else if (!(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
    s.log(kLogWarning,
          fmt::format("Module {} failed to load: It does not have execute permissions.", path));
  } else {
    s.log(kLogWarning, fmt::format("Module {} failed to load: Sable does not load Redis modules "
                                   "(module API not supported)",
                                   path));
  }
}

// MODULE LIST
void CmdModuleList(CommandContext& ctx) { ctx.reply.array_len(0); }

// MODULE LOAD path [arg ...]
void CmdModuleLoad(CommandContext& ctx) {
  log_load_failure(ctx.server, std::string(ctx.arg(2)));
  ctx.reply.error(kLoadFailed);
}

// MODULE LOADEX path [CONFIG name value [CONFIG name value ...]] [ARGS args [args ...]]
// The arguments are checked as Redis checks them (a malformed list is logged, and the reply is
// the same load failure), then the load fails as MODULE LOAD's does.
void CmdModuleLoadex(CommandContext& ctx) {
  size_t i = 3, n = ctx.argc();
  while (i < n) {
    if (iequals(ctx.arg(i), "config")) {
      if (i + 2 >= n) {
        ctx.server.log(kLogWarning, "Module Configs malformed");
        return ctx.reply.error(kLoadFailed);
      }
      i += 3;
    } else if (iequals(ctx.arg(i), "args")) {
      break;  // the rest belongs to the module
    } else {
      ctx.server.log(kLogWarning,
                     fmt::format("Syntax Error from arguments to loadex around {}.", ctx.arg(i)));
      return ctx.reply.error(kLoadFailed);
    }
  }
  CmdModuleLoad(ctx);
}

// MODULE UNLOAD name
void CmdModuleUnload(CommandContext& ctx) { ctx.reply.error(kNoSuchModule); }

// MODULE HELP
void CmdModuleHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "MODULE",
             {"LIST", "    Return a list of loaded modules.", "LOAD <path> [<arg> ...]",
              "    Load a module library from <path>, passing to it any optional arguments.",
              "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
              "    Load a module library from <path>, while passing it module configurations and "
              "optional arguments.",
              "UNLOAD <name>", "    Unload a module."});
}

}  // namespace

void RegisterModuleFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  constexpr uint32_t kLoadFlags = kCmdAdmin | kCmdNoScript | kCmdNoAsyncLoading | kCmdProtected;
  rows.add({.name = "module",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for module commands",
            .since = "4.0.0",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "module",
            .name = "load",
            .arity = -3,
            .flags = kLoadFlags,
            .acl = "@admin @slow @dangerous",
            .summary = "Load a module",
            .since = "4.0.0",
            .complexity = "O(1)",
            .usage = "path [arg ...]",
            .handler = CmdModuleLoad});
  rows.add({.container = "module",
            .name = "loadex",
            .arity = -3,
            .flags = kLoadFlags,
            .acl = "@admin @slow @dangerous",
            .summary = "Load a module with extended parameters",
            .since = "7.0.0",
            .complexity = "O(1)",
            .usage = "path [@configs CONFIG name value ...+] [@args ARGS arg ...]",
            .handler = CmdModuleLoadex});
  rows.add({.container = "module",
            .name = "unload",
            .arity = 3,
            .flags = kLoadFlags,
            .acl = "@admin @slow @dangerous",
            .summary = "Unload a module",
            .since = "4.0.0",
            .complexity = "O(1)",
            .usage = "name",
            .handler = CmdModuleUnload});
  rows.add({.container = "module",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow",
            .summary = "Show helpful text about the different subcommands",
            .since = "5.0.0",
            .complexity = "O(1)",
            .handler = CmdModuleHelp});
  rows.add({.container = "module",
            .name = "list",
            .arity = 2,
            .flags = kCmdAdmin | kCmdNoScript,
            .acl = "@admin @slow @dangerous",
            .summary = "List all modules loaded by the server",
            .since = "4.0.0",
            .complexity = "O(N) where N is the number of loaded modules.",
            .tips = "nondeterministic_output_order",
            .handler = CmdModuleList});
}

}  // namespace sable
