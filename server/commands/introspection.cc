// COMMAND and its subcommands (COUNT INFO DOCS LIST GETKEYS GETKEYSANDFLAGS): every reply is
// generated from the command table rows, so what introspecting clients see is exactly what the
// dispatcher enforces.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "datatypes/glob.h"
#include "server/commands/common.h"
#include "server/commands/server_info.h"

namespace sable {
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

// Key-spec access flags, as Redis 7.0 declares them: per command, one group per key
// specification, in the order of the keys they cover. SORT's BY/GET patterns have a spec of
// their own in Redis that never yields a key, so it is left out here.
struct KeySpecFlags {
  const char* command;
  const char* groups;  // "RW access delete; RW insert"
};
const KeySpecFlags kKeySpecFlags[] = {
    {"append", "RW insert"},
    {"bitcount", "RO access"},
    {"bitfield", "RW access update variable_flags"},
    {"bitfield_ro", "RO access"},
    {"bitop", "OW update; RO access"},
    {"bitpos", "RO access"},
    {"blmove", "RW access delete; RW insert"},
    {"blmpop", "RW access delete"},
    {"blpop", "RW access delete"},
    {"brpop", "RW access delete"},
    {"brpoplpush", "RW access delete; RW insert"},
    {"bzmpop", "RW access delete"},
    {"bzpopmax", "RW access delete"},
    {"bzpopmin", "RW access delete"},
    {"copy", "RO access; OW update"},
    {"decr", "RW access update"},
    {"decrby", "RW access update"},
    {"del", "RM delete"},
    {"exists", "RO"},
    {"expire", "RW update"},
    {"expireat", "RW update"},
    {"expiretime", "RO access"},
    {"get", "RO access"},
    {"getbit", "RO access"},
    {"getdel", "RW access delete"},
    {"getex", "RW access update"},
    {"getrange", "RO access"},
    {"getset", "RW access update"},
    {"hdel", "RW delete"},
    {"hexists", "RO"},
    {"hget", "RO access"},
    {"hgetall", "RO access"},
    {"hincrby", "RW access update"},
    {"hincrbyfloat", "RW access update"},
    {"hkeys", "RO access"},
    {"hlen", "RO"},
    {"hmget", "RO access"},
    {"hmset", "RW update"},
    {"hrandfield", "RO access"},
    {"hscan", "RO access"},
    {"hset", "RW update"},
    {"hsetnx", "RW insert"},
    {"hstrlen", "RO"},
    {"hvals", "RO access"},
    {"incr", "RW access update"},
    {"incrby", "RW access update"},
    {"incrbyfloat", "RW access update"},
    {"lcs", "RO access"},
    {"lindex", "RO access"},
    {"linsert", "RW insert"},
    {"llen", "RO"},
    {"lmove", "RW access delete; RW insert"},
    {"lmpop", "RW access delete"},
    {"lpop", "RW access delete"},
    {"lpos", "RO access"},
    {"lpush", "RW insert"},
    {"lpushx", "RW insert"},
    {"lrange", "RO access"},
    {"lrem", "RW delete"},
    {"lset", "RW update"},
    {"ltrim", "RW delete"},
    {"memory|usage", "RO"},
    {"mget", "RO access"},
    {"move", "RW access update"},
    {"mset", "OW update"},
    {"msetnx", "OW insert"},
    {"object|encoding", "RO"},
    {"object|freq", "RO"},
    {"object|idletime", "RO"},
    {"object|refcount", "RO"},
    {"persist", "RW update"},
    {"pexpire", "RW update"},
    {"pexpireat", "RW update"},
    {"pexpiretime", "RO access"},
    {"psetex", "OW update"},
    {"pttl", "RO access"},
    {"rename", "RW access delete; OW update"},
    {"renamenx", "RW access delete; OW insert"},
    {"rpop", "RW access delete"},
    {"rpoplpush", "RW access delete; RW insert"},
    {"rpush", "RW insert"},
    {"rpushx", "RW insert"},
    {"sadd", "RW insert"},
    {"scard", "RO"},
    {"sdiff", "RO access"},
    {"sdiffstore", "OW update; RO access"},
    {"set", "RW access update variable_flags"},
    {"setbit", "RW access update"},
    {"setex", "OW update"},
    {"setnx", "OW insert"},
    {"setrange", "RW update"},
    {"sinter", "RO access"},
    {"sintercard", "RO access"},
    {"sinterstore", "RW update; RO access"},
    {"sismember", "RO"},
    {"smembers", "RO access"},
    {"smismember", "RO access"},
    {"smove", "RW access delete; RW insert"},
    {"spop", "RW access delete"},
    {"spublish", "not_key"},
    {"srandmember", "RO access"},
    {"srem", "RW delete"},
    {"sscan", "RO access"},
    {"ssubscribe", "not_key"},
    {"strlen", "RO"},
    {"substr", "RO access"},
    {"sunion", "RO access"},
    {"sunionstore", "OW update; RO access"},
    {"sunsubscribe", "not_key"},
    {"touch", "RO"},
    {"ttl", "RO access"},
    {"type", "RO"},
    {"unlink", "RM delete"},
    {"watch", "RO"},
    {"zadd", "RW update"},
    {"zcard", "RO"},
    {"zcount", "RO access"},
    {"zdiff", "RO access"},
    {"zdiffstore", "OW update; RO access"},
    {"zincrby", "RW access update"},
    {"zinter", "RO access"},
    {"zintercard", "RO access"},
    {"zinterstore", "OW update; RO access"},
    {"zlexcount", "RO access"},
    {"zmpop", "RW access delete"},
    {"zmscore", "RO access"},
    {"zpopmax", "RW access delete"},
    {"zpopmin", "RW access delete"},
    {"zrandmember", "RO access"},
    {"zrange", "RO access"},
    {"zrangebylex", "RO access"},
    {"zrangebyscore", "RO access"},
    {"zrangestore", "OW update; RO access"},
    {"zrank", "RO access"},
    {"zrem", "RW delete"},
    {"zremrangebylex", "RW delete"},
    {"zremrangebyrank", "RW delete"},
    {"zremrangebyscore", "RW delete"},
    {"zrevrange", "RO access"},
    {"zrevrangebylex", "RO access"},
    {"zrevrangebyscore", "RO access"},
    {"zrevrank", "RO access"},
    {"zscan", "RO access"},
    {"zscore", "RO access"},
    {"zunion", "RO access"},
    {"zunionstore", "OW update; RO access"},
    {"sort", "RO access; OW update"},
    {"sort_ro", "RO access"},
};

using FlagGroup = std::vector<std::string_view>;

std::vector<FlagGroup> split_groups(std::string_view text) {
  std::vector<FlagGroup> out(1);
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find_first_of(" ;", i);
    if (j == std::string_view::npos) j = text.size();
    if (j > i) out.back().push_back(text.substr(i, j - i));
    if (j < text.size() && text[j] == ';') out.emplace_back();
    i = j + 1;
  }
  return out;
}

// The flag groups of a command's key specs: Redis's where known, else inferred from the command
// flags.
std::vector<FlagGroup> key_spec_flags(const CommandSpec& c) {
  static const auto* table = [] {
    auto* m = new std::unordered_map<std::string_view, std::vector<FlagGroup>>;
    for (const KeySpecFlags& k : kKeySpecFlags) (*m)[k.command] = split_groups(k.groups);
    return m;
  }();
  auto it = table->find(c.fullname);
  if (it != table->end()) return it->second;
  if (c.has_flag(kCmdWrite)) return {{"RW", "update"}};
  if (c.has_flag(kCmdPubsub)) return {{"not_key"}};  // shard channels (SSUBSCRIBE …)
  return {{"RO", "access"}};
}

// The flags of the key at ordinal `n` of one invocation. A command whose spec says
// variable_flags decides from its arguments, as Redis's key extraction does for it.
FlagGroup key_flags_for(const CommandSpec& c, std::span<const std::string_view> argv, size_t n) {
  auto groups = key_spec_flags(c);
  FlagGroup g = groups[std::min(n, groups.size() - 1)];
  if (std::find(g.begin(), g.end(), "variable_flags") == g.end()) return g;
  if (c.fullname == "set") {
    for (size_t i = 3; i < argv.size(); ++i)
      if (iequals(argv[i], "GET")) return {"RW", "access", "update"};
    return {"OW", "update"};
  }
  if (c.fullname == "bitfield") {
    for (size_t i = 2; i < argv.size(); ++i)
      if (iequals(argv[i], "SET") || iequals(argv[i], "INCRBY")) return {"RW", "access", "update"};
    return {"RO", "access"};
  }
  g.erase(std::find(g.begin(), g.end(), "variable_flags"));
  return g;
}

// One key specification derived from first/last/step (none for keyless commands).
void reply_key_specs(ReplyWriter& r, const CommandSpec& c) {
  if (c.first_key <= 0) return r.set_len(0);
  r.set_len(1);
  r.map_len(3);
  r.bulk("flags");
  FlagGroup flags = key_spec_flags(c)[0];
  r.set_len(flags.size());
  for (std::string_view f : flags) r.simple(f);
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
  // Shard channels (SPUBLISH, SSUBSCRIBE …) have a key spec but no keys to report.
  bool channels_only = key_spec_flags(*c)[0] == FlagGroup{"not_key"};
  if ((c->first_key <= 0 && !c->get_keys) || channels_only) {
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
  std::span<const std::string_view> sub = ctx.argv.subspan(2);
  ctx.reply.array_len(keys.size());
  for (size_t n = 0; n < keys.size(); ++n) {
    FlagGroup flags = key_flags_for(*c, sub, n);
    ctx.reply.array_len(2);
    ctx.reply.bulk(sub[keys[n]]);
    ctx.reply.set_len(flags.size());
    for (std::string_view f : flags) ctx.reply.simple(f);
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

}  // namespace

void RegisterIntrospectionFamily(CommandTable& t) {
  constexpr uint32_t LS = kCmdLoading | kCmdStale;
  FamilyRows add(t, "server");
  const char* kHelpSummary = "Show helpful text about the different subcommands";
  add.top("command", -1, LS, CmdCommand, "Get array of Redis command details", "2.8.13",
          "O(N) where N is the total number of Redis commands", "connection");
  add.sub("command", "count", 2, LS, CmdCommandCount, "Get total number of Redis commands",
          "2.8.13", "O(1)", "connection");
  add.sub("command", "list", -2, LS, CmdCommandList, "Get an array of Redis command names", "7.0.0",
          "O(N) where N is the total number of Redis commands", "connection");
  add.sub("command", "info", -2, LS, CmdCommandInfo,
          "Get array of specific Redis command details, or all when no argument is given.",
          "2.8.13", "O(N) where N is the number of commands to look up", "connection");
  add.sub("command", "docs", -2, LS, CmdCommandDocs,
          "Get array of specific Redis command documentation", "7.0.0",
          "O(N) where N is the number of commands to look up", "connection");
  add.sub("command", "getkeys", -4, LS, CmdCommandGetKeys,
          "Extract keys given a full Redis command", "2.8.13",
          "O(N) where N is the number of arguments to the command", "connection");
  add.sub("command", "getkeysandflags", -4, LS, CmdCommandGetKeysAndFlags,
          "Extract keys and access flags given a full Redis command", "7.0.0",
          "O(N) where N is the number of arguments to the command", "connection");
  add.sub("command", "help", 2, LS, CmdCommandHelp, kHelpSummary, "5.0.0", "O(1)", "connection");
}

}  // namespace sable
