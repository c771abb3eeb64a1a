// Server commands: INFO CONFIG COMMAND TIME LASTSAVE SHUTDOWN SLOWLOG MEMORY DEBUG.
//
// COMMAND INFO/DOCS/LIST/COUNT/GETKEYS are generated from the command table rows, so what
// introspecting clients see is exactly what the dispatcher enforces. The INFO text itself is
// built in server_info.cc.
#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cmath>
#include <set>
#include <thread>

#include "datatypes/glob.h"
#include "datatypes/list_type.h"
#include "server/commands/common.h"
#include "server/persistence/rdb.h"
#include "server/commands/server_info.h"

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
// Command table introspection

struct FlagName {
  uint32_t flag;
  const char* name;
};
// Redis 7.0's order. may_replicate, sentinel and protected exist but Redis hides them.
const FlagName kFlagNames[] = {
    {kCmdWrite, "write"},
    {kCmdReadonly, "readonly"},
    {kCmdDenyOom, "denyoom"},
    {kCmdAdmin, "admin"},
    {kCmdPubsub, "pubsub"},
    {kCmdNoScript, "noscript"},
    {kCmdBlocking, "blocking"},
    {kCmdLoading, "loading"},
    {kCmdStale, "stale"},
    {kCmdSkipMonitor, "skip_monitor"},
    {kCmdSkipSlowlog, "skip_slowlog"},
    {kCmdFast, "fast"},
    {kCmdNoAuth, "no_auth"},
    {kCmdNoMandatoryKeys, "no_mandatory_keys"},
    {kCmdNoAsyncLoading, "no_async_loading"},
    {kCmdNoMulti, "no_multi"},
    {kCmdMovableKeys, "movablekeys"},
    {kCmdAllowBusy, "allow_busy"},
};

// ACL categories in Redis's order (the order COMMAND INFO lists them in).
const char* const kAclCategories[] = {
    "keyspace", "read",   "write",       "set",       "sortedset",  "list",        "hash",
    "string",   "bitmap", "hyperloglog", "geo",       "stream",     "pubsub",      "admin",
    "fast",     "slow",   "blocking",    "dangerous", "connection", "transaction", "scripting"};

// The command's categories: the declared ones plus those its flags imply, as Redis does.
std::vector<std::string> acl_categories(const CommandSpec& c) {
  std::set<std::string> have;
  std::string_view s = c.acl_categories;
  while (!s.empty()) {
    size_t sp = s.find(' ');
    std::string_view w = s.substr(0, sp);
    if (!w.empty() && w[0] == '@') w.remove_prefix(1);
    if (!w.empty()) have.insert(std::string(w));
    s = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
  }
  if (c.has_flag(kCmdWrite)) have.insert("write");
  if (c.has_flag(kCmdReadonly)) have.insert("read");
  if (c.has_flag(kCmdAdmin)) {
    have.insert("admin");
    have.insert("dangerous");
  }
  if (c.has_flag(kCmdPubsub)) have.insert("pubsub");
  if (c.has_flag(kCmdBlocking)) have.insert("blocking");
  have.insert(c.has_flag(kCmdFast) ? "fast" : "slow");
  if (c.has_flag(kCmdFast)) have.erase("slow");
  std::vector<std::string> out;
  for (const char* cat : kAclCategories)
    if (have.count(cat)) out.push_back(std::string("@") + cat);
  return out;
}

// Key-spec flags inferred from the command flags (the table has no per-key access flags).
std::vector<const char*> key_spec_flags(const CommandSpec& c) {
  if (c.has_flag(kCmdWrite)) return {"RW", "update"};
  if (c.has_flag(kCmdPubsub)) return {"not_key"};  // shard channels (SSUBSCRIBE …)
  return {"RO", "access"};
}

// One key specification derived from first/last/step (none for keyless commands).
void reply_key_specs(ReplyWriter& r, const CommandSpec& c) {
  if (c.first_key <= 0) return r.set_len(0);
  r.set_len(1);
  r.map_len(3);
  r.bulk("flags");
  auto flags = key_spec_flags(c);
  r.set_len(flags.size());
  for (const char* f : flags) r.simple(f);
  r.bulk("begin_search");
  r.map_len(2);
  r.bulk("type");
  r.bulk("index");
  r.bulk("spec");
  r.map_len(1);
  r.bulk("index");
  r.integer(c.first_key);
  r.bulk("find_keys");
  r.map_len(2);
  r.bulk("type");
  r.bulk("range");
  r.bulk("spec");
  r.map_len(3);
  r.bulk("lastkey");
  r.integer(c.last_key < 0 ? c.last_key : c.last_key - c.first_key);
  r.bulk("keystep");
  r.integer(c.key_step);
  r.bulk("limit");
  r.integer(0);
}

// The 10-element COMMAND INFO row.
void reply_command_info(ReplyWriter& r, const CommandSpec& c) {
  r.array_len(10);
  r.bulk(c.fullname);
  r.integer(c.arity);
  size_t nflags = 0;
  for (const FlagName& f : kFlagNames) nflags += c.has_flag(f.flag);
  r.set_len(nflags);
  for (const FlagName& f : kFlagNames)
    if (c.has_flag(f.flag)) r.simple(f.name);
  r.integer(c.first_key);
  r.integer(c.last_key);
  r.integer(c.key_step);
  auto cats = acl_categories(c);
  r.set_len(cats.size());
  for (auto& cat : cats) r.simple(cat);
  r.set_len(0);  // tips
  reply_key_specs(r, c);
  if (c.subcommands.empty()) return r.set_len(0);
  r.array_len(c.subcommands.size());
  for (auto& sub : c.subcommands) reply_command_info(r, *sub);
}

// The COMMAND DOCS map of one command.
void reply_command_docs(ReplyWriter& r, const CommandSpec& c) {
  bool with_args = has_argument_docs(c);
  r.map_len(4 + (with_args ? 1 : 0) + (c.subcommands.empty() ? 0 : 1));
  r.bulk("summary");
  r.bulk(c.summary);
  r.bulk("since");
  r.bulk(c.since);
  r.bulk("group");
  r.bulk(c.group);
  r.bulk("complexity");
  r.bulk(c.complexity);
  if (with_args) {
    r.bulk("arguments");
    reply_argument_docs(r, c);
  }
  if (c.subcommands.empty()) return;
  r.bulk("subcommands");
  r.map_len(c.subcommands.size());
  for (auto& sub : c.subcommands) {
    r.bulk(sub->fullname);
    reply_command_docs(r, *sub);
  }
}

// COMMAND
void CmdCommand(CommandContext& ctx) {
  auto& all = ctx.server.commands.all();
  ctx.reply.array_len(all.size());
  for (const CommandSpec* c : all) reply_command_info(ctx.reply, *c);
}

// COMMAND COUNT
void CmdCommandCount(CommandContext& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.server.commands.size()));
}

// COMMAND INFO [command-name ...]
void CmdCommandInfo(CommandContext& ctx) {
  if (ctx.argc() == 2) return CmdCommand(ctx);
  ctx.reply.array_len(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    const CommandSpec* c = ctx.server.commands.find_fullname(ctx.arg(i));
    if (c)
      reply_command_info(ctx.reply, *c);
    else
      ctx.reply.null();
  }
}

// COMMAND DOCS [command-name ...]
void CmdCommandDocs(CommandContext& ctx) {
  std::vector<const CommandSpec*> found;
  if (ctx.argc() == 2) {
    found.assign(ctx.server.commands.all().begin(), ctx.server.commands.all().end());
  } else {
    for (size_t i = 2; i < ctx.argc(); ++i)
      if (const CommandSpec* c = ctx.server.commands.find_fullname(ctx.arg(i))) found.push_back(c);
  }
  ctx.reply.map_len(found.size());
  for (const CommandSpec* c : found) {
    ctx.reply.bulk(c->fullname);
    reply_command_docs(ctx.reply, *c);
  }
}

// COMMAND LIST [FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]
void CmdCommandList(CommandContext& ctx) {
  enum { kAll, kModule, kAclCat, kPattern } mode = kAll;
  std::string_view arg;
  if (ctx.argc() == 5 && iequals(ctx.arg(2), "FILTERBY")) {
    arg = ctx.arg(4);
    if (iequals(ctx.arg(3), "MODULE"))
      mode = kModule;
    else if (iequals(ctx.arg(3), "ACLCAT"))
      mode = kAclCat;
    else if (iequals(ctx.arg(3), "PATTERN"))
      mode = kPattern;
    else
      return ctx.reply.error(err::kSyntax);
  } else if (ctx.argc() != 2) {
    return ctx.reply.error(err::kSyntax);
  }
  std::string cat = "@" + std::string(arg);
  auto matches = [&](const CommandSpec& c) {
    switch (mode) {
      case kAll:
        return true;
      case kModule:
        return false;  // no modules
      case kAclCat: {
        for (auto& x : acl_categories(c))
          if (iequals(x, cat)) return true;
        return false;
      }
      case kPattern:
        return glob_match(arg, c.fullname, true);
    }
    return false;
  };
  std::vector<const CommandSpec*> out;
  for (const CommandSpec* c : ctx.server.commands.all()) {
    if (matches(*c)) out.push_back(c);
    for (auto& sub : c->subcommands)
      if (matches(*sub)) out.push_back(sub.get());
  }
  ctx.reply.array_len(out.size());
  for (const CommandSpec* c : out) ctx.reply.bulk(c->fullname);
}

// Finds the command of a COMMAND GETKEYS[ANDFLAGS] request and its key positions. Replies the
// error and returns nullptr when it has none.
const CommandSpec* getkeys_target(CommandContext& ctx, std::vector<size_t>* keys) {
  std::span<const std::string_view> sub = ctx.argv.subspan(2);
  const CommandSpec* container = nullptr;
  const CommandSpec* c = ctx.server.commands.lookup(sub, &container);
  if (!c) {
    ctx.reply.error("ERR Invalid command specified");
    return nullptr;
  }
  if (c->first_key <= 0 && !c->get_keys) {
    ctx.reply.error("ERR The command has no key arguments");
    return nullptr;
  }
  int argc = static_cast<int>(sub.size());
  if ((c->arity > 0 && c->arity != argc) || argc < -c->arity) {
    ctx.reply.error("ERR Invalid number of arguments specified for command");
    return nullptr;
  }
  *keys = c->key_positions(sub);
  if (keys->empty() && !c->has_flag(kCmdNoMandatoryKeys)) {
    ctx.reply.error("ERR Invalid arguments specified for command");
    return nullptr;
  }
  return c;
}

// COMMAND GETKEYS command [arg ...]
void CmdCommandGetKeys(CommandContext& ctx) {
  std::vector<size_t> keys;
  if (!getkeys_target(ctx, &keys)) return;
  ctx.reply.array_len(keys.size());
  for (size_t k : keys) ctx.reply.bulk(ctx.arg(k + 2));
}

// COMMAND GETKEYSANDFLAGS command [arg ...]
void CmdCommandGetKeysAndFlags(CommandContext& ctx) {
  std::vector<size_t> keys;
  const CommandSpec* c = getkeys_target(ctx, &keys);
  if (!c) return;
  auto flags = key_spec_flags(*c);
  ctx.reply.array_len(keys.size());
  for (size_t k : keys) {
    ctx.reply.array_len(2);
    ctx.reply.bulk(ctx.arg(k + 2));
    ctx.reply.set_len(flags.size());
    for (const char* f : flags) ctx.reply.simple(f);
  }
}

// COMMAND HELP
void CmdCommandHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "COMMAND",
             {"(no subcommand)", "    Return details about all Redis commands.", "COUNT",
              "    Return the total number of commands in this Redis server.", "LIST",
              "    Return a list of all commands in this Redis server.",
              "INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
              "    If no command names are given, documentation details for all",
              "    commands are returned.", "DOCS [<command-name> ...]",
              "    Return documentation details about multiple Redis commands.",
              "    If no command names are given, documentation details for all",
              "    commands are returned.", "GETKEYS <full-command>",
              "    Return the keys from a full Redis command.", "GETKEYSANDFLAGS <full-command>",
              "    Return the keys and the access flags from a full Redis command."});
}

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

// DEBUG RELOAD: saves the snapshot, empties every database and loads it back.
void DebugReload(CommandContext& ctx) {
  Server& s = ctx.server;
  if (!rdb_save(s, s.config.dbfilename).empty()) return ctx.reply.error("ERR");
  for (int i = 0; i < static_cast<int>(s.dbs.size()); ++i) {
    s.signal_flushed_db(i);
    s.db(i).clear();
  }
  bool missing = false;
  size_t keys = 0;
  std::string err = rdb_load(s, s.config.dbfilename, &missing, &keys);
  if (!err.empty() || missing) {
    // The file we just wrote does not load back: stop rather than serve an empty dataset.
    s.log(kLogWarning, err.empty() ? "The RDB file vanished during DEBUG RELOAD" : err);
    std::exit(1);
  }
  s.log(kLogNotice, "DB reloaded by DEBUG RELOAD");
  ctx.reply.ok();
}

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
// LATENCY: Sable keeps no latency events (latency-monitor-threshold is 0, as Redis's default), so
// the event views are empty; HISTOGRAM reports call counts without per-bucket figures.

// LATENCY LATEST / LATENCY HISTORY event
void CmdLatencyEmpty(CommandContext& ctx) { ctx.reply.array_len(0); }

// LATENCY RESET [event ...]
void CmdLatencyReset(CommandContext& ctx) { ctx.reply.integer(0); }

// LATENCY GRAPH event
void CmdLatencyGraph(CommandContext& ctx) {
  ctx.reply.error(fmt::format("ERR No samples available for event '{}'", ctx.arg(2)));
}

// LATENCY DOCTOR
void CmdLatencyDoctor(CommandContext& ctx) {
  ctx.reply.verbatim(
      "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. "
      "You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable "
      "it. If we weren't in a deep space mission I'd suggest to take a look at "
      "https://redis.io/topics/latency-monitor.\n");
}

void latency_histogram_entry(ReplyWriter& r, const CommandSpec& c) {
  r.bulk(c.fullname);
  r.map_len(2);
  r.bulk("calls");
  r.integer(static_cast<long long>(c.stats.calls));
  r.bulk("histogram_usec");
  r.map_len(0);
}

// LATENCY HISTOGRAM [command ...]
void CmdLatencyHistogram(CommandContext& ctx) {
  std::vector<const CommandSpec*> cmds;
  auto add = [&](const CommandSpec* c) {
    if (c->stats.calls && std::find(cmds.begin(), cmds.end(), c) == cmds.end()) cmds.push_back(c);
  };
  for (const CommandSpec* c : ctx.server.commands.all()) {
    if (ctx.argc() > 2) break;
    add(c);
    for (auto& sub : c->subcommands) add(sub.get());
  }
  for (size_t i = 2; i < ctx.argc(); ++i) {
    const CommandSpec* c = ctx.server.commands.find_fullname(ctx.arg(i));
    if (!c) continue;
    add(c);
    if (ctx.arg(i).find('|') == std::string_view::npos)
      for (auto& sub : c->subcommands) add(sub.get());
  }
  ctx.reply.map_len(cmds.size());
  for (const CommandSpec* c : cmds) latency_histogram_entry(ctx.reply, *c);
}

// LATENCY HELP
void CmdLatencyHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "LATENCY",
             {"DOCTOR", "    Return a human readable latency analysis report.", "GRAPH <event>",
              "    Return an ASCII latency graph for the <event> class.", "HISTORY <event>",
              "    Return time-latency samples for the <event> class.", "LATEST",
              "    Return the latest latency samples for all events.", "RESET [<event> ...]",
              "    Reset latency data of one or more <event> classes.",
              "    (default: reset all data for all event classes)", "HISTOGRAM [COMMAND ...]",
              "    Return a cumulative distribution of latencies in the format of a histogram for "
              "the specified command names.",
              "    If no commands are specified then all histograms are replied."});
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
    if (!d->mutable_at_runtime || is_protected_config(d->name)) {
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
    for (size_t k = 0; k < dirs.size(); ++k) {
      errstr = reg.set(dirs[k]->name, std::string(ctx.arg(2 + 2 * k + 1)));
      if (errstr.empty()) continue;
      for (size_t j = 0; j <= k; ++j) reg.set(dirs[j]->name, old[j], true);
      err_arg = dirs[k]->name;
      break;
    }
  }
  if (!errstr.empty())
    return ctx.reply.error(fmt::format(
        "ERR CONFIG SET failed (possibly related to argument '{}') - {}", err_arg, errstr));
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
// SLOWLOG

// SLOWLOG GET [count]
void CmdSlowlogGet(CommandContext& ctx) {
  int64_t count = 10;
  if (ctx.argc() > 3)
    return ctx.reply.error(fmt::format(
        "ERR unknown subcommand or wrong number of arguments for '{:.128}'. Try SLOWLOG HELP.",
        ctx.arg(1)));
  if (ctx.argc() == 3 && (!parse_int64(ctx.arg(2), &count) || count < -1))
    return ctx.reply.error("ERR count should be greater than or equal to -1");
  auto& log = ctx.server.slowlog;
  size_t n = count == -1 ? log.size() : std::min<size_t>(log.size(), static_cast<size_t>(count));
  ReplyWriter& r = ctx.reply;
  r.array_len(n);
  for (size_t i = 0; i < n; ++i) {
    const SlowlogEntry& e = log[i];
    r.array_len(6);
    r.integer(static_cast<long long>(e.id));
    r.integer(e.time_sec);
    r.integer(e.duration_us);
    r.array_len(e.args.size());
    for (auto& a : e.args) r.bulk(a);
    r.bulk(e.peer);
    r.bulk(e.client_name);
  }
}

// SLOWLOG LEN
void CmdSlowlogLen(CommandContext& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.server.slowlog.size()));
}

// SLOWLOG RESET
void CmdSlowlogReset(CommandContext& ctx) {
  ctx.server.slowlog.clear();
  ctx.reply.ok();
}

// SLOWLOG HELP
void CmdSlowlogHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "SLOWLOG",
             {"GET [<count>]",
              "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
              "    Entries are made of:",
              "    id, timestamp, time in microseconds, arguments array, client IP and port,",
              "    client name", "LEN", "    Return the length of the slowlog.", "RESET",
              "    Reset the slowlog."});
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

// ---------------------------------------------------------------------------------------------
// DEBUG

// Length of a string as the RDB writer would store it (without LZF compression).
size_t rdb_string_length(std::string_view s) {
  int64_t v;
  if (s.size() <= 20 && parse_int64(s, &v)) {
    if (v >= -(1 << 7) && v < (1 << 7)) return 2;
    if (v >= -(1 << 15) && v < (1 << 15)) return 3;
    if (v >= INT32_MIN && v <= INT32_MAX) return 5;
  }
  size_t len = s.size();
  size_t prefix = len < (1 << 6) ? 1 : len < (1 << 14) ? 2 : len <= UINT32_MAX ? 5 : 9;
  return prefix + len;
}

// DEBUG OBJECT key
void DebugObject(CommandContext& ctx) {
  Entry* e = ctx.db.find(ctx.arg(2), false);
  if (!e) return ctx.reply.error(err::kNoSuchKey);
  char scratch[32];
  size_t serialized = entry::type(e) == ObjType::kString
                          ? rdb_string_length(entry::string_value(e, scratch))
                          : entry_memory(e);
  uint32_t now = lru_clock();
  uint32_t lru = entry::lru(e);
  uint32_t idle = now >= lru ? now - lru : now + 0xFFFFFF - lru;
  bool shared_int = entry::encoding(e) == Encoding::kInt && entry::int_value(e) >= 0 &&
                    entry::int_value(e) < 10000;
  std::string line = fmt::format(
      "Value at:{} refcount:{} encoding:{} serializedlength:{} lru:{} lru_seconds_idle:{}",
      static_cast<const void*>(e), shared_int ? 2147483647 : 1, encoding_name(entry::encoding(e)),
      serialized, lru, idle);
  if (entry::type(e) == ObjType::kList && entry::encoding(e) == Encoding::kQuicklist) {
    List l(entry::object(e));
    size_t nodes = l.node_count();
    line += fmt::format(
        " ql_nodes:{} ql_avg_node:{:.2f} ql_listpack_max:{} ql_compressed:0 "
        "ql_uncompressed_size:{}",
        nodes, nodes ? static_cast<double>(l.size()) / nodes : 0.0,
        ctx.server.config.list_max_listpack_size, l.memory());
  }
  ctx.reply.simple(line);
}

// DEBUG PROTOCOL type: replies a sample of one RESP type.
void DebugProtocol(CommandContext& ctx) {
  std::string_view t = ctx.arg(2);
  ReplyWriter& r = ctx.reply;
  if (iequals(t, "string")) return r.bulk("Hello World");
  if (iequals(t, "integer")) return r.integer(12345);
  if (iequals(t, "double")) return r.dbl(3.141);
  if (iequals(t, "bignum"))
    return r.proto() == 3 ? r.raw("(1234567999999999999999999999999999999\r\n")
                          : r.bulk("1234567999999999999999999999999999999");
  if (iequals(t, "null")) return r.null();
  if (iequals(t, "array") || iequals(t, "set") || iequals(t, "push")) {
    iequals(t, "array") ? r.array_len(3) : iequals(t, "set") ? r.set_len(3) : r.push_len(3);
    for (int j = 0; j < 3; ++j) r.integer(j);
    return;
  }
  if (iequals(t, "map")) {
    r.map_len(3);
    for (int j = 0; j < 3; ++j) {
      r.integer(j);
      r.boolean(j == 1);
    }
    return;
  }
  if (iequals(t, "verbatim")) return r.verbatim("This is a verbatim\nstring");
  if (iequals(t, "true")) return r.boolean(true);
  if (iequals(t, "false")) return r.boolean(false);
  r.error(
      "ERR Wrong protocol type name. Please use one of the following: "
      "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
}

void DebugHelp(CommandContext& ctx) {
  reply_help(
      ctx.reply, "DEBUG",
      {"ERROR <string>", "    Return a Redis protocol error with <string> as message.",
       "LOG <message>", "    Write <message> to the server log.", "OBJECT <key>",
       "    Show low level info about the `key` and associated value.", "PROTOCOL <type>",
       "    Reply with a test value of the specified type. <type> can be: string,",
       "    integer, double, bignum, null, array, set, map, attrib, push, verbatim, true, false.",
       "SET-ACTIVE-EXPIRE <0|1>",
       "    Setting it to 0 disables expiring keys in background when they are not",
       "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
       "    default.", "SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed."});
}

// DEBUG subcommand [arg ...]
void CmdDebug(CommandContext& ctx) {
  std::string_view sub = ctx.arg(1);
  size_t n = ctx.argc();
  if (iequals(sub, "HELP") && n == 2) return DebugHelp(ctx);
  if (iequals(sub, "SLEEP") && n == 3) {
    double secs = std::atof(std::string(ctx.arg(2)).c_str());
    if (secs > 0) std::this_thread::sleep_for(std::chrono::microseconds(int64_t(secs * 1e6)));
    return ctx.reply.ok();
  }
  if (iequals(sub, "OBJECT") && n == 3) return DebugObject(ctx);
  if (iequals(sub, "RELOAD") && n == 2) return DebugReload(ctx);
  if (iequals(sub, "SET-ACTIVE-EXPIRE") && n == 3) {
    ctx.server.active_expire_enabled = std::atoi(std::string(ctx.arg(2)).c_str()) != 0;
    return ctx.reply.ok();
  }
  if (iequals(sub, "LOG") && n == 3) {
    ctx.server.log(kLogWarning, "DEBUG LOG: " + std::string(ctx.arg(2)));
    return ctx.reply.ok();
  }
  if (iequals(sub, "ERROR") && n == 3) return ctx.reply.error(ctx.arg(2));
  if (iequals(sub, "PROTOCOL") && n == 3) return DebugProtocol(ctx);
  ctx.reply.error(fmt::format(
      "ERR unknown subcommand or wrong number of arguments for '{:.128}'. Try DEBUG HELP.", sub));
}

// Containers never run: the dispatcher answers for a missing or unknown subcommand.
void CmdContainer(CommandContext& ctx) {
  ctx.reply.error(err::unknown_subcommand(ctx.argc() > 1 ? ctx.arg(1) : "", ctx.spec.name));
}

// INFO errorstats: counts every error reply by its code (the first word), capped like Redis.
void count_error(std::string_view msg) {
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

}  // namespace

void RegisterServerFamily(CommandTable& t) {
  record_startup_memory();
  ReplyWriter::error_observer = count_error;
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
  auto sub = [&](const char* parent, const char* name, int arity, uint32_t flags, Handler h,
                 const char* summary, const char* since, const char* complexity,
                 const char* acl = "") {
    t.add_sub(parent, {.name = name,
                       .arity = arity,
                       .flags = flags,
                       .handler = h,
                       .group = "server",
                       .summary = summary,
                       .since = since,
                       .complexity = complexity,
                       .acl_categories = acl});
  };
  const char* kHelpSummary = "Show helpful text about the different subcommands";

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
  top("debug", -2, ADM | kCmdProtected, CmdDebug, "A container for debugging commands", "1.0.0",
      "Depends on subcommand.", "");

  top("role", 1, kCmdNoScript | LS | kCmdFast, CmdRole,
      "Return the role of the instance in the context of replication", "2.8.12", "O(1)",
      "admin dangerous");
  top("latency", -2, 0, CmdContainer, "A container for latency diagnostics commands", "2.8.13",
      "Depends on subcommand.", "");
  sub("latency", "latest", 2, ADM, CmdLatencyEmpty,
      "Return the latest latency samples for all events.", "2.8.13", "O(1)");
  sub("latency", "history", 3, ADM, CmdLatencyEmpty,
      "Return timestamp-latency samples for the event.", "2.8.13", "O(1)");
  sub("latency", "reset", -2, ADM, CmdLatencyReset, "Reset latency data for one or more events.",
      "2.8.13", "O(1)");
  sub("latency", "graph", 3, ADM, CmdLatencyGraph, "Return a latency graph for the event.",
      "2.8.13", "O(1)");
  sub("latency", "doctor", 2, ADM, CmdLatencyDoctor,
      "Return a human readable latency analysis report.", "2.8.13", "O(1)");
  sub("latency", "histogram", -2, ADM, CmdLatencyHistogram,
      "Return the cumulative distribution of latencies of a subset of commands or all.", "7.0.0",
      "O(N) where N is the number of commands with latency information being retrieved.");
  sub("latency", "help", 2, LS, CmdLatencyHelp,
      "Show helpful text about the different subcommands.", "2.8.13", "O(1)");

  top("config", -2, 0, CmdContainer, "A container for server configuration commands", "2.0.0",
      "Depends on subcommand.", "");
  const char* kConfigN = "O(N) when N is the number of configuration parameters provided";
  sub("config", "get", -3, ADM, CmdConfigGet, "Get the values of configuration parameters", "2.0.0",
      kConfigN);
  sub("config", "set", -4, ADM | kCmdMayReplicate, CmdConfigSet,
      "Set configuration parameters to the given values", "2.0.0", kConfigN);
  sub("config", "resetstat", 2, ADM, CmdConfigResetStat, "Reset the stats returned by INFO",
      "2.0.0", "O(1)");
  sub("config", "rewrite", 2, ADM, CmdConfigRewrite,
      "Rewrite the configuration file with the in memory configuration", "2.8.0", "O(1)");
  sub("config", "help", 2, LS, CmdConfigHelp, kHelpSummary, "5.0.0", "O(1)");

  top("command", -1, LS, CmdCommand, "Get array of Redis command details", "2.8.13",
      "O(N) where N is the total number of Redis commands", "connection");
  sub("command", "count", 2, LS, CmdCommandCount, "Get total number of Redis commands", "2.8.13",
      "O(1)", "connection");
  sub("command", "list", -2, LS, CmdCommandList, "Get an array of Redis command names", "7.0.0",
      "O(N) where N is the total number of Redis commands", "connection");
  sub("command", "info", -2, LS, CmdCommandInfo,
      "Get array of specific Redis command details, or all when no argument is given.", "2.8.13",
      "O(N) where N is the number of commands to look up", "connection");
  sub("command", "docs", -2, LS, CmdCommandDocs,
      "Get array of specific Redis command documentation", "7.0.0",
      "O(N) where N is the number of commands to look up", "connection");
  sub("command", "getkeys", -4, LS, CmdCommandGetKeys, "Extract keys given a full Redis command",
      "2.8.13", "O(N) where N is the number of arguments to the command", "connection");
  sub("command", "getkeysandflags", -4, LS, CmdCommandGetKeysAndFlags,
      "Extract keys and access flags given a full Redis command", "7.0.0",
      "O(N) where N is the number of arguments to the command", "connection");
  sub("command", "help", 2, LS, CmdCommandHelp, kHelpSummary, "5.0.0", "O(1)", "connection");

  top("slowlog", -2, 0, CmdContainer, "A container for slow log commands", "2.2.12",
      "Depends on subcommand.", "");
  sub("slowlog", "get", -2, kCmdAdmin | LS, CmdSlowlogGet, "Get the slow log's entries", "2.2.12",
      "O(N) where N is the number of entries returned");
  sub("slowlog", "len", 2, kCmdAdmin | LS, CmdSlowlogLen, "Get the slow log's length", "2.2.12",
      "O(1)");
  sub("slowlog", "reset", 2, kCmdAdmin | LS, CmdSlowlogReset, "Clear all entries from the slow log",
      "2.2.12", "O(N) where N is the number of entries in the slowlog");
  sub("slowlog", "help", 2, LS, CmdSlowlogHelp, kHelpSummary, "6.2.0", "O(1)");

  top("memory", -2, 0, CmdContainer, "A container for memory diagnostics commands", "4.0.0",
      "Depends on subcommand.", "");
  t.add_sub("memory", {.name = "usage",
                       .arity = -3,
                       .flags = kCmdReadonly,
                       .first_key = 2,
                       .last_key = 2,
                       .key_step = 1,
                       .handler = CmdMemoryUsage,
                       .group = "server",
                       .summary = "Estimate the memory usage of a key",
                       .since = "4.0.0",
                       .complexity = "O(N) where N is the number of samples.",
                       .acl_categories = ""});
  sub("memory", "stats", 2, 0, CmdMemoryStats, "Show memory usage details", "4.0.0", "O(1)");
  sub("memory", "doctor", 2, 0, CmdMemoryDoctor, "Outputs memory problems report", "4.0.0", "O(1)");
  sub("memory", "malloc-stats", 2, 0, CmdMemoryMallocStats, "Show allocator internal stats",
      "4.0.0", "Depends on how much memory is allocated, could be slow");
  sub("memory", "purge", 2, 0, CmdMemoryPurge, "Ask the allocator to release memory", "4.0.0",
      "Depends on how much memory is allocated, could be slow");
  sub("memory", "help", 2, LS, CmdMemoryHelp, kHelpSummary, "4.0.0", "O(1)");
}

}  // namespace sable
