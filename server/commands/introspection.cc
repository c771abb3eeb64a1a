// COMMAND and its subcommands (COUNT INFO DOCS LIST GETKEYS GETKEYSANDFLAGS): every reply is
// generated from the command table rows, so what introspecting clients see is exactly what the
// dispatcher enforces.
#include <fmt/format.h>

#include <algorithm>
#include <set>

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
