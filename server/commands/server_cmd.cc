// Server commands: INFO CONFIG TIME LASTSAVE SHUTDOWN ROLE MEMORY.
//
// COMMAND INFO/DOCS/LIST/COUNT/GETKEYS are generated from the command table rows, so what
// introspecting clients see is exactly what the dispatcher enforces. The INFO text itself is
// built in server_info.cc.
#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <set>
#include <thread>

#include "datatypes/glob.h"
#include "datatypes/list_type.h"
#include "server/commands/common.h"
#include "server/commands/server_info.h"
#include "server/persistence/rdb.h"

#ifdef SABLE_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

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
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view a = ctx.arg(i);
    if (iequals(a, "NOSAVE"))
      nosave = true;
    else if (iequals(a, "SAVE"))
      save = true;
    else if (iequals(a, "NOW") || iequals(a, "FORCE"))
      other = true;
    else if (iequals(a, "ABORT"))
      abort = true;
    else
      return ctx.reply.error(err::kSyntax);
  }
  if ((abort && (nosave || save || other)) || (nosave && save))
    return ctx.reply.error(err::kSyntax);
  // Shutdown is immediate here, so there is never one in progress to abort.
  if (abort) return ctx.reply.error("ERR No shutdown in progress.");
  ctx.server.log(kLogWarning, "User requested shutdown...");
  if (save || (!nosave && !ctx.server.config.save_params.empty())) {
    ctx.server.log(kLogNotice, "Saving the final RDB snapshot before exiting.");
    if (!rdb_save(ctx.server, ctx.server.config.dbfilename).empty())
      return ctx.reply.error("ERR Errors trying to SHUTDOWN. Check logs.");
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

// ---------------------------------------------------------------------------------------------
// CONFIG

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
      if (errstr.empty()) errstr = "unknown";
      continue;
    }
    if (!errstr.empty()) continue;
    if (!d->mutable_at_runtime ||
        (is_protected_config(d->name) &&
         !ctx.server.allows_protected(ctx.server.config.enable_protected_configs, ctx.client))) {
      errstr = d->mutable_at_runtime ? "can't set protected config" : "can't set immutable config";
      err_arg = ctx.arg(i);
      continue;
    }
    if (std::find(dirs.begin(), dirs.end(), d) != dirs.end()) {
      errstr = "duplicate parameter";
      err_arg = ctx.arg(i);
    }
    dirs.push_back(d);
  }
  if (!unknown.empty())
    return ctx.reply.error(
        fmt::format("ERR Unknown option or number of arguments for CONFIG SET - '{}'", unknown));
  if (errstr.empty()) {
    std::vector<std::string> old;
    for (const Directive* d : dirs) old.push_back(reg.format(*d));
    bool listeners = false;  // bind or port changed: the sockets follow
    for (size_t k = 0; k < dirs.size(); ++k) {
      errstr = reg.set(dirs[k]->name, std::string(ctx.arg(2 + 2 * k + 1)));
      if (errstr.empty() && (dirs[k]->name == "bind" || dirs[k]->name == "port")) {
        listeners = true;
        if (!ctx.server.rebind_listeners().empty())
          errstr = dirs[k]->name == "port" ? "Unable to listen on this port. Check server logs."
                                           : "Failed to bind to specified addresses.";
      }
      if (errstr.empty()) continue;
      for (size_t j = 0; j <= k; ++j) reg.set(dirs[j]->name, old[j], true);
      if (listeners) ctx.server.rebind_listeners();
      err_arg = dirs[k]->name;
      break;
    }
  }
  if (!errstr.empty())
    return ctx.reply.error(fmt::format(
        "ERR CONFIG SET failed (possibly related to argument '{}') - {}", err_arg, errstr));
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
    return ctx.reply.error("ERR " + e);
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

// ---------------------------------------------------------------------------------------------
// MEMORY

// MEMORY USAGE key [SAMPLES count]
void CmdMemoryUsage(CommandContext& ctx) {
  for (size_t i = 3; i < ctx.argc(); ++i) {
    if (iequals(ctx.arg(i), "SAMPLES") && i + 1 < ctx.argc()) {
      int64_t samples;
      if (!parse_int64(ctx.arg(i + 1), &samples)) return ctx.reply.error(err::kNotInteger);
      if (samples < 0) return ctx.reply.error(err::kSyntax);
      ++i;  // every element is counted exactly, so the sample size changes nothing
    } else {
      return ctx.reply.error(err::kSyntax);
    }
  }
  Entry* e = ctx.db.find_raw(ctx.arg(2));
  if (!e) return ctx.reply.null();
  ctx.reply.integer(static_cast<long long>(entry_memory(e)));
}

// MEMORY STATS
void CmdMemoryStats(CommandContext& ctx) {
  Server& s = ctx.server;
  size_t used = Server::used_memory(), rss = Server::rss_memory();
  size_t peak = peak_used_memory(used), startup = std::min(startup_used_memory(), used);
  size_t clients_mem = 0, keys = 0, overhead = startup;
  for (auto& [id, c] : s.clients)
    clients_mem += c->in.cap + c->reply.buffer().capacity() + c->inflight.capacity();
  std::vector<Db*> used_dbs;
  for (auto& db : s.dbs) {
    keys += db->size();
    overhead += db->overhead_bytes();
    if (db->size()) used_dbs.push_back(db.get());
  }
  overhead = std::min(overhead + clients_mem, used);
  size_t dataset = used - overhead;
  ReplyWriter& r = ctx.reply;
  r.map_len(27 + used_dbs.size());
  auto num = [&](const char* k, long long v) {
    r.bulk(k);
    r.integer(v);
  };
  auto dbl = [&](const char* k, double v) {
    r.bulk(k);
    r.dbl(v);
  };
  num("peak.allocated", peak);
  num("total.allocated", used);
  num("startup.allocated", startup);
  for (const char* k : {"replication.backlog", "clients.slaves"}) num(k, 0);
  num("clients.normal", clients_mem);
  for (const char* k : {"cluster.links", "aof.buffer", "lua.caches", "functions.caches"}) num(k, 0);
  for (Db* db : used_dbs) {
    r.bulk(fmt::format("db.{}", db->id()));
    r.map_len(3);
    num("overhead.hashtable.main", db->overhead_bytes());
    num("overhead.hashtable.expires", db->expires_size() * sizeof(void*));
    num("overhead.hashtable.slot-to-keys", 0);
  }
  num("overhead.total", overhead);
  num("keys.count", keys);
  num("keys.bytes-per-key", keys ? (used - startup) / keys : 0);
  num("dataset.bytes", dataset);
  dbl("dataset.percentage", used > startup ? 100.0 * dataset / (used - startup) : 0);
  dbl("peak.percentage", peak ? 100.0 * used / peak : 0);
  AllocatorFigures a = allocator_figures();
  auto diff = [](size_t x, size_t y) {
    return static_cast<long long>(x) - static_cast<long long>(y);
  };
  auto ratio = [](size_t x, size_t y) {
    return y ? static_cast<double>(x) / static_cast<double>(y) : 0;
  };
  num("allocator.allocated", a.allocated);
  num("allocator.active", a.active);
  num("allocator.resident", a.resident);
  dbl("allocator-fragmentation.ratio", ratio(a.active, a.allocated));
  num("allocator-fragmentation.bytes", diff(a.active, a.allocated));
  dbl("allocator-rss.ratio", ratio(a.resident, a.active));
  num("allocator-rss.bytes", diff(a.resident, a.active));
  dbl("rss-overhead.ratio", ratio(rss, a.resident));
  num("rss-overhead.bytes", diff(rss, a.resident));
  dbl("fragmentation", ratio(rss, used));
  num("fragmentation.bytes", diff(rss, used));
}

// MEMORY DOCTOR
void CmdMemoryDoctor(CommandContext& ctx) {
  size_t used = Server::used_memory();
  if (used < 5 * 1024 * 1024)
    return ctx.reply.verbatim(
        "Hi Sam, this instance is empty or is using very little memory, my issues detector can't "
        "be used in these conditions. Please, leave for your mission on Earth and fill it with "
        "some data. The new Sam and I will be back to our programming as soon as I finished "
        "rebooting.");
  ctx.reply.verbatim(
      "Hi Sam, I can't find any memory issue in your instance. I can only account for what "
      "occurs on this base.");
}

// MEMORY MALLOC-STATS
void CmdMemoryMallocStats(CommandContext& ctx) {
#ifdef SABLE_HAVE_JEMALLOC
  std::string out;
  malloc_stats_print([](void* p, const char* s) { static_cast<std::string*>(p)->append(s); }, &out,
                     nullptr);
  ctx.reply.verbatim(out);
#else
  ctx.reply.verbatim("Stats not supported for the current allocator");
#endif
}

// MEMORY PURGE
void CmdMemoryPurge(CommandContext& ctx) {
#ifdef SABLE_HAVE_JEMALLOC
  std::string name = fmt::format("arena.{}.purge", MALLCTL_ARENAS_ALL);
  mallctl(name.c_str(), nullptr, nullptr, nullptr, 0);
#else
  malloc_trim(0);
#endif
  ctx.reply.ok();
}

// MEMORY HELP
void CmdMemoryHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "MEMORY",
             {"DOCTOR", "    Return memory problems reports.", "MALLOC-STATS",
              "    Return internal statistics report from the memory allocator.", "PURGE",
              "    Attempt to purge dirty pages for reclamation by the allocator.", "STATS",
              "    Return information about the memory usage of the server.",
              "USAGE <key> [SAMPLES <count>]",
              "    Return memory in bytes used by <key> and its value. Nested values are",
              "    sampled up to <count> times (default: 5, 0 means sample all)."});
}

}  // namespace

// INFO errorstats: counts every error reply by its code (the first word), capped like Redis.
void count_error_reply(std::string_view msg) {
  if (!g_server) return;
  size_t sp = msg.substr(0, 32).find(' ');
  std::string code(sp == std::string_view::npos ? std::string_view("ERR") : msg.substr(0, sp));
  auto& stats = g_server->error_stats;
  auto it = stats.find(code);
  if (it != stats.end())
    ++it->second;
  else if (stats.size() < 128)
    stats.emplace(std::move(code), 1);
}

void RegisterServerFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  const char* kHelpSummary = "Show helpful text about the different subcommands";
  const char* kConfigN = "O(N) when N is the number of configuration parameters provided";
  rows.add({.name = "info",
            .arity = -1,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @dangerous",
            .summary = "Get information and statistics about the server",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "[section ...]",
            .handler = CmdInfo});
  rows.add({.name = "time",
            .arity = 1,
            .flags = kCmdLoading | kCmdStale | kCmdFast,
            .acl = "@fast",
            .summary = "Return the current server time",
            .since = "2.6.0",
            .complexity = "O(1)",
            .handler = CmdTime});
  rows.add({.name = "lastsave",
            .arity = 1,
            .flags = kCmdLoading | kCmdStale | kCmdFast,
            .acl = "@admin @fast @dangerous",
            .summary = "Get the UNIX time stamp of the last successful save to disk",
            .since = "1.0.0",
            .complexity = "O(1)",
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
  rows.add({.name = "memory",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for memory diagnostics commands",
            .since = "4.0.0",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "memory",
            .name = "usage",
            .arity = -3,
            .flags = kCmdReadonly,
            .keys = {2, 2, 1},
            .acl = "@read @slow",
            .summary = "Estimate the memory usage of a key",
            .since = "4.0.0",
            .complexity = "O(N) where N is the number of samples.",
            .usage = "key [SAMPLES count]",
            .handler = CmdMemoryUsage});
  rows.add({.container = "memory",
            .name = "stats",
            .arity = 2,
            .acl = "@slow",
            .summary = "Show memory usage details",
            .since = "4.0.0",
            .complexity = "O(1)",
            .handler = CmdMemoryStats});
  rows.add({.container = "memory",
            .name = "doctor",
            .arity = 2,
            .acl = "@slow",
            .summary = "Outputs memory problems report",
            .since = "4.0.0",
            .complexity = "O(1)",
            .handler = CmdMemoryDoctor});
  rows.add({.container = "memory",
            .name = "malloc-stats",
            .arity = 2,
            .acl = "@slow",
            .summary = "Show allocator internal stats",
            .since = "4.0.0",
            .complexity = "Depends on how much memory is allocated, could be slow",
            .handler = CmdMemoryMallocStats});
  rows.add({.container = "memory",
            .name = "purge",
            .arity = 2,
            .acl = "@slow",
            .summary = "Ask the allocator to release memory",
            .since = "4.0.0",
            .complexity = "Depends on how much memory is allocated, could be slow",
            .handler = CmdMemoryPurge});
  rows.add({.container = "memory",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow",
            .summary = kHelpSummary,
            .since = "4.0.0",
            .complexity = "O(1)",
            .handler = CmdMemoryHelp});
}

}  // namespace sable
