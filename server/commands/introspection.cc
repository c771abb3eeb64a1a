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
    {kCmdAsking, "asking"},
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
  // Scripting commands are never @read, even the read-only ones (EVAL_RO …), as in Redis.
  if (c.has_flag(kCmdReadonly) && !have.count("scripting")) have.insert("read");
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

// ---------------------------------------------------------------------------------------------
// Key specifications and tips (declared in each command's row: .key_specs, .tips)

void reply_key_spec(ReplyWriter& r, const KeySpec& k) {
  r.map_len(k.notes.empty() ? 3 : 4);
  if (!k.notes.empty()) {
    r.bulk("notes");
    r.bulk(k.notes);
  }
  r.bulk("flags");
  r.set_len(k.flags.size());
  for (std::string_view f : k.flags) r.simple(f);
  r.bulk("begin_search");
  r.map_len(2);
  r.bulk("type");
  r.bulk(k.begin_type);
  r.bulk("spec");
  if (k.begin_type == "index") {
    r.map_len(1);
    r.bulk("index");
    r.integer(k.index);
  } else if (k.begin_type == "keyword") {
    r.map_len(2);
    r.bulk("keyword");
    r.bulk(k.keyword);
    r.bulk("startfrom");
    r.integer(k.startfrom);
  } else {
    r.map_len(0);
  }
  r.bulk("find_keys");
  r.map_len(2);
  r.bulk("type");
  r.bulk(k.find_type);
  r.bulk("spec");
  const char* const kRange[] = {"lastkey", "keystep", "limit"};
  const char* const kKeynum[] = {"keynumidx", "firstkey", "keystep"};
  const char* const* names = k.find_type == "range" ? kRange : kKeynum;
  if (k.find_type == "unknown") return r.map_len(0);
  r.map_len(3);
  const int64_t vals[] = {k.a, k.b, k.c};
  for (int i = 0; i < 3; ++i) {
    r.bulk(names[i]);
    r.integer(vals[i]);
  }
}

void reply_key_specs(ReplyWriter& r, const CommandSpec& c) {
  auto specs = c.key_specs();
  r.set_len(specs.size());
  for (const KeySpec& k : specs) reply_key_spec(r, k);
}

void reply_tips(ReplyWriter& r, const CommandSpec& c) {
  r.set_len(c.tips.size());
  for (const std::string& t : c.tips) r.bulk(t);
}

// The argv positions one key spec finds in an invocation (as Redis evaluates specs), or none when
// the spec cannot be evaluated (unknown begin or find) or does not match.
std::vector<size_t> spec_positions(const KeySpec& k, std::span<const std::string_view> argv) {
  int64_t argc = static_cast<int64_t>(argv.size()), first = -1;
  if (k.begin_type == "index") {
    first = k.index;
  } else if (k.begin_type == "keyword") {
    int64_t from = k.startfrom >= 0 ? k.startfrom : argc + k.startfrom;
    int64_t step = k.startfrom >= 0 ? 1 : -1;
    for (int64_t i = from; i >= 1 && i < argc; i += step)
      if (iequals(argv[static_cast<size_t>(i)], k.keyword)) {
        first = i + 1;
        break;
      }
  }
  if (first < 1 || first >= argc) return {};
  int64_t last = first, step = 1;
  if (k.find_type == "range") {
    step = std::max<int64_t>(k.b, 1);
    if (k.a >= 0)
      last = first + k.a;
    else if (k.c == 0)
      last = argc + k.a;
    else
      last = first + ((argc - first) / k.c + k.a);
  } else if (k.find_type == "keynum") {
    int64_t n;
    size_t at = static_cast<size_t>(first + k.a);
    if (at >= argv.size() || !parse_int64(argv[at], &n) || n <= 0) return {};
    first += k.b;
    step = std::max<int64_t>(k.c, 1);
    last = first + (n - 1) * step;
  } else {
    return {};
  }
  std::vector<size_t> out;
  for (int64_t i = first; i <= last && i < argc; i += step) out.push_back(static_cast<size_t>(i));
  return out;
}

// The access flags of the key at argv position `pos`: those of the first spec that finds it,
// else of the last spec (the STORE-style keys only a command's own parser finds). A spec that
// says variable_flags is decided from the arguments, as Redis's key extraction does.
}  // namespace

// Also used by the ACL key check (server/acl).
std::vector<std::string> key_flags_at(const CommandSpec& c, std::span<const std::string_view> argv,
                                      size_t pos) {
  auto specs = c.key_specs();
  if (specs.empty()) return {};
  std::vector<std::string> g = specs.back().flags;
  for (const KeySpec& k : specs) {
    auto found = spec_positions(k, argv);
    if (std::find(found.begin(), found.end(), pos) != found.end()) {
      g = k.flags;
      break;
    }
  }
  // An incomplete spec makes Redis ask the command's key function, whose flags never say so.
  if (auto inc = std::find(g.begin(), g.end(), "incomplete"); inc != g.end()) g.erase(inc);
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

namespace {

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
  reply_tips(r, c);
  reply_key_specs(r, c);
  if (c.subcommands.empty()) return r.set_len(0);
  r.array_len(c.subcommands.size());
  for (auto& sub : c.subcommands) reply_command_info(r, *sub);
}

// The COMMAND DOCS map of one command.
void reply_command_docs(ReplyWriter& r, const CommandSpec& c) {
  bool with_args = has_argument_docs(c);
  bool with_complexity = !c.complexity.empty();  // Redis leaves it out when it has none (LOLWUT)
  r.map_len(3 + with_complexity + (with_args ? 1 : 0) + (c.subcommands.empty() ? 0 : 1));
  r.bulk("summary");
  r.bulk(c.summary);
  r.bulk("since");
  r.bulk(c.since);
  r.bulk("group");
  r.bulk(c.group);
  if (with_complexity) {
    r.bulk("complexity");
    r.bulk(c.complexity);
  }
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
  ArgCursor a(ctx.argv, 2);
  if (ctx.argc() == 5 && a.match("FILTERBY")) {
    static constexpr decltype(mode) kModes[] = {kModule, kAclCat, kPattern};
    int m = a.match_one_of({"MODULE", "ACLCAT", "PATTERN"});
    if (m < 0) return ctx.reply.error(err::kSyntax);
    mode = kModes[m];
    arg = a.next();
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
    ctx.reply.error(err::kGetkeysInvalidCommand);
    return nullptr;
  }
  // Shard channels (SPUBLISH, SSUBSCRIBE …) have a key spec but no keys to report.
  auto specs = c->key_specs();
  bool channels_only = !specs.empty() && specs[0].flags == std::vector<std::string>{"not_key"};
  if ((c->first_key <= 0 && !c->get_keys) || channels_only) {
    ctx.reply.error(err::kGetkeysNoKeys);
    return nullptr;
  }
  int argc = static_cast<int>(sub.size());
  if ((c->arity > 0 && c->arity != argc) || argc < -c->arity) {
    ctx.reply.error(err::kGetkeysArity);
    return nullptr;
  }
  *keys = c->key_positions(sub);
  if (keys->empty() && !c->has_flag(kCmdNoMandatoryKeys)) {
    ctx.reply.error(err::kGetkeysInvalidArgs);
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
    std::vector<std::string> flags = key_flags_at(*c, sub, keys[n]);
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
  FamilyRows rows(t, "server");
  rows.add({.name = "command",
            .arity = -1,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Get array of Redis command details",
            .since = "2.8.13",
            .complexity = "O(N) where N is the total number of Redis commands",
            .tips = "nondeterministic_output_order",
            .handler = CmdCommand});
  rows.add({.container = "command",
            .name = "count",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Get total number of Redis commands",
            .since = "2.8.13",
            .complexity = "O(1)",
            .handler = CmdCommandCount});
  rows.add({.container = "command",
            .name = "list",
            .arity = -2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Get an array of Redis command names",
            .since = "7.0.0",
            .complexity = "O(N) where N is the total number of Redis commands",
            .usage = "[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]",
            .tips = "nondeterministic_output_order",
            .handler = CmdCommandList});
  rows.add(
      {.container = "command",
       .name = "info",
       .arity = -2,
       .flags = kCmdLoading | kCmdStale,
       .acl = "@slow @connection",
       .summary = "Get array of specific Redis command details, or all when no argument is given.",
       .since = "2.8.13",
       .complexity = "O(N) where N is the number of commands to look up",
       .usage = "[command-name ...]",
       .tips = "nondeterministic_output_order",
       .handler = CmdCommandInfo});
  rows.add({.container = "command",
            .name = "docs",
            .arity = -2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Get array of specific Redis command documentation",
            .since = "7.0.0",
            .complexity = "O(N) where N is the number of commands to look up",
            .usage = "[command-name ...]",
            .tips = "nondeterministic_output_order",
            .handler = CmdCommandDocs});
  rows.add({.container = "command",
            .name = "getkeys",
            .arity = -4,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Extract keys given a full Redis command",
            .since = "2.8.13",
            .complexity = "O(N) where N is the number of arguments to the command",
            .usage = "command [arg ...]",
            .handler = CmdCommandGetKeys});
  rows.add({.container = "command",
            .name = "getkeysandflags",
            .arity = -4,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Extract keys and access flags given a full Redis command",
            .since = "7.0.0",
            .complexity = "O(N) where N is the number of arguments to the command",
            .usage = "command [arg ...]",
            .handler = CmdCommandGetKeysAndFlags});
  rows.add({.container = "command",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Show helpful text about the different subcommands",
            .since = "5.0.0",
            .complexity = "O(1)",
            .handler = CmdCommandHelp});
}

}  // namespace sable
