// CONFIG: GET, SET, RESETSTAT, REWRITE and HELP. The directives themselves (names, types, limits,
// parsing and formatting) are rows of the table in server/config.cc; these handlers add what is
// specific to the command: CONFIG SET's all-or-nothing semantics, protected directives, and the
// side effects a change has at once (listeners, maxmemory).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "server/commands/common.h"
#include "server/commands/server_info.h"

namespace sable {

namespace {

// CONFIG GET parameter [parameter ...]
void CmdConfigGet(CommandContext& ctx) {
  std::vector<std::string> patterns(ctx.argv.begin() + 2, ctx.argv.end());
  auto pairs = ctx.server.config_registry.get(patterns);
  std::set<std::string> seen;
  std::vector<std::pair<std::string, std::string>> unique;
  for (auto& p : pairs)
    if (seen.insert(p.first).second) unique.push_back(std::move(p));
  ctx.reply.map_len(unique.size());
  for (auto& [name, value] : unique) {
    ctx.reply.bulk(name);
    ctx.reply.bulk(value);
  }
}

// Directives CONFIG SET refuses while enable-protected-configs is off (its default in 7.0).
bool is_protected_config(const std::string& name) { return name == "dir" || name == "dbfilename"; }

// A lowered maxmemory takes effect at once: keys are evicted now, as Redis does, not only before
// the next write.
void apply_maxmemory(Server& s) {
  if (s.config.maxmemory <= 0) return;
  size_t used = Server::used_memory();
  if (used <= static_cast<size_t>(s.config.maxmemory)) return;
  s.log(kLogWarning,
        fmt::format("WARNING: the new maxmemory value set via CONFIG SET ({}) is smaller than the "
                    "current memory usage ({}). This will result in key eviction and/or the "
                    "inability to accept new write commands depending on the maxmemory-policy.",
                    s.config.maxmemory, used));
  s.evict_to_limit();
}

// CONFIG SET parameter value [parameter value ...]
// All-or-nothing, like Redis 7: every name is checked first; if any value fails to apply, the
// ones already applied are put back.
// Walked by index rather than with a cursor: the names are checked in a first pass and the values
// applied by position in a second.
void CmdConfigSet(CommandContext& ctx) {
  if (ctx.argc() % 2) return ctx.reply.error(err::kSyntax);
  using Directive = ConfigRegistry::Directive;
  ConfigRegistry& reg = ctx.server.config_registry;
  std::vector<const Directive*> dirs;
  std::string_view unknown, err_arg;
  std::string errstr;
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    const Directive* d = reg.find(ctx.arg(i));
    if (!d) {
      if (errstr.empty() && unknown.empty()) unknown = ctx.arg(i);
      if (errstr.empty()) errstr = err::kConfigUnknown;
      continue;
    }
    if (!errstr.empty()) continue;
    if (!d->mutable_at_runtime ||
        (is_protected_config(d->name) &&
         !ctx.server.allows_protected(ctx.server.config.enable_protected_configs, ctx.client))) {
      errstr = d->mutable_at_runtime ? err::kConfigProtected : err::kConfigImmutable;
      err_arg = ctx.arg(i);
      continue;
    }
    if (std::find(dirs.begin(), dirs.end(), d) != dirs.end()) {
      errstr = err::kConfigDuplicate;
      err_arg = ctx.arg(i);
    }
    dirs.push_back(d);
  }
  if (!unknown.empty()) return ctx.reply.error(err::config_set_unknown(unknown));
  if (errstr.empty()) {
    std::vector<std::string> old;
    for (const Directive* d : dirs) old.push_back(reg.format(*d));
    bool listeners = false;  // bind, port or tls-port changed: the sockets follow
    const Directive* tls_dir = nullptr;  // the first other tls-* directive set
    auto put_back = [&](size_t upto) {
      for (size_t j = 0; j <= upto; ++j) reg.set(dirs[j]->name, old[j], true);
      if (listeners) ctx.server.rebind_listeners();
      if (tls_dir) ctx.server.apply_tls_config();
    };
    for (size_t k = 0; k < dirs.size(); ++k) {
      const std::string& name = dirs[k]->name;
      errstr = reg.set(name, std::string(ctx.arg(2 + 2 * k + 1)));
      if (errstr.empty() && (name == "bind" || name == "port" || name == "tls-port")) {
        listeners = true;
        if (!ctx.server.rebind_listeners().empty())
          errstr = name == "bind" ? err::kConfigBindFailed : err::kConfigListenPort;
      } else if (errstr.empty() && !tls_dir && name.rfind("tls-", 0) == 0) {
        tls_dir = dirs[k];
      }
      if (errstr.empty()) continue;
      put_back(k);
      err_arg = name;
      break;
    }
    // TLS settings are applied together, once all of them are set (a certificate and its key
    // change in one CONFIG SET).
    if (errstr.empty() && tls_dir && !ctx.server.apply_tls_config().empty()) {
      errstr = err::kConfigTlsFailed;
      err_arg = tls_dir->name;
      put_back(dirs.size() - 1);
    }
  }
  if (!errstr.empty()) return ctx.reply.error(err::config_set_failed(err_arg, errstr));
  for (const Directive* d : dirs)
    if (d->name == "maxmemory") apply_maxmemory(ctx.server);
  ctx.reply.ok();
}

void reset_command_stats(const CommandSpec& c) {
  c.stats = CommandStats{};
  for (auto& sub : c.subcommands) reset_command_stats(*sub);
}

// CONFIG RESETSTAT
void CmdConfigResetStat(CommandContext& ctx) {
  ServerStats& st = ctx.server.stats;
  uint64_t sample_ms = st.last_sample_ms;
  st = ServerStats{};
  st.last_sample_ms = sample_ms;
  for (const CommandSpec* c : ctx.server.commands.all()) reset_command_stats(*c);
  ctx.server.error_stats.clear();
  ctx.server.lazyfree->reset_stats();
  ctx.reply.ok();
}

// CONFIG REWRITE
void CmdConfigRewrite(CommandContext& ctx) {
  std::string e = ctx.server.config_registry.rewrite();
  if (!e.empty()) {
    ctx.server.log(kLogWarning, "CONFIG REWRITE failed: " + e);
    return ctx.reply.error(err::config_rewrite_failed(e));
  }
  ctx.server.log(kLogNotice, "CONFIG REWRITE executed with success.");
  ctx.reply.ok();
}

// CONFIG HELP
void CmdConfigHelp(CommandContext& ctx) {
  reply_help(
      ctx.reply, "CONFIG",
      {"GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
       "SET <directive> <value>", "    Set the configuration <directive> to <value>.", "RESETSTAT",
       "    Reset statistics reported by the INFO command.", "REWRITE",
       "    Rewrite the configuration file."});
}

}  // namespace

void RegisterConfigFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  const char* kHelpSummary = "Show helpful text about the different subcommands";
  const char* kConfigN = "O(N) when N is the number of configuration parameters provided";
  rows.add({.name = "config",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for server configuration commands",
            .since = "2.0.0",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "config",
            .name = "get",
            .arity = -3,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Get the values of configuration parameters",
            .since = "2.0.0",
            .complexity = kConfigN,
            .usage = "parameter ...",
            .handler = CmdConfigGet});
  rows.add({.container = "config",
            .name = "set",
            .arity = -4,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale | kCmdMayReplicate,
            .acl = "@admin @slow @dangerous",
            .summary = "Set configuration parameters to the given values",
            .since = "2.0.0",
            .complexity = kConfigN,
            .usage = "<parameter value> ...",
            .tips = "request_policy:all_nodes response_policy:all_succeeded",
            .handler = CmdConfigSet});
  rows.add({.container = "config",
            .name = "resetstat",
            .arity = 2,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Reset the stats returned by INFO",
            .since = "2.0.0",
            .complexity = "O(1)",
            .handler = CmdConfigResetStat});
  rows.add({.container = "config",
            .name = "rewrite",
            .arity = 2,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Rewrite the configuration file with the in memory configuration",
            .since = "2.8.0",
            .complexity = "O(1)",
            .handler = CmdConfigRewrite});
  rows.add({.container = "config",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow",
            .summary = kHelpSummary,
            .since = "5.0.0",
            .complexity = "O(1)",
            .handler = CmdConfigHelp});
}

}  // namespace sable
