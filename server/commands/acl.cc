// ACL: SETUSER GETUSER DELUSER LIST USERS WHOAMI CAT GENPASS LOG DRYRUN SAVE LOAD HELP. The users
// and the permission check live in server/acl.
#include "server/acl/acl.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include "server/commands/common.h"
#include "server/commands/server_info.h"

namespace sable {

namespace {

constexpr std::string_view kNoAclFile =
    "ERR This Redis instance is not configured to use an ACL file. You may want to specify users "
    "via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis "
    "configuration file set) in order to store users in the Redis configuration.";

acl::Acl& A(CommandContext& ctx) { return *ctx.server.acl; }

// ACL SETUSER username [rule ...]
void CmdAclSetUser(CommandContext& ctx) {
  std::string_view name = ctx.arg(2);
  for (char ch : name)
    if (ch == ' ' || ch == '\0')
      return ctx.reply.error("ERR Usernames can't contain spaces or null characters");
  std::string error;
  if (!A(ctx).set_user(name, ctx.argv.subspan(3), &error)) return ctx.reply.error(error);
  ctx.reply.ok();
}

void reply_selector_fields(acl::Acl& a, ReplyWriter& r, const acl::Selector& s) {
  r.bulk("commands");
  r.bulk(a.describe_commands(s));
  r.bulk("keys");
  r.bulk(acl::Acl::describe_keys(s));
  r.bulk("channels");
  r.bulk(acl::Acl::describe_channels(s));
}

// ACL GETUSER username
void CmdAclGetUser(CommandContext& ctx) {
  acl::Acl& a = A(ctx);
  const acl::User* u = a.find(ctx.arg(2));
  if (!u) return ctx.reply.null();
  ReplyWriter& r = ctx.reply;
  r.map_len(6);
  r.bulk("flags");
  std::vector<std::string_view> flags;
  flags.push_back(u->enabled ? "on" : "off");
  if (u->nopass) flags.push_back("nopass");
  if (u->sanitize == 2) flags.push_back("skip-sanitize-payload");
  if (u->sanitize == 1) flags.push_back("sanitize-payload");
  r.array_len(flags.size());
  for (std::string_view f : flags) r.bulk(f);
  r.bulk("passwords");
  r.array_len(u->passwords.size());
  for (const std::string& p : u->passwords) r.bulk(p);
  reply_selector_fields(a, r, u->root);
  r.bulk("selectors");
  r.array_len(u->selectors.size());
  for (const acl::Selector& s : u->selectors) {
    r.map_len(3);
    reply_selector_fields(a, r, s);
  }
}

// ACL DELUSER username [username ...]
void CmdAclDelUser(CommandContext& ctx) {
  for (size_t i = 2; i < ctx.argc(); ++i)
    if (ctx.arg(i) == "default") return ctx.reply.error("ERR The 'default' user cannot be removed");
  ctx.reply.integer(A(ctx).delete_users(ctx.argv.subspan(2)));
}

// ACL LIST
void CmdAclList(CommandContext& ctx) {
  acl::Acl& a = A(ctx);
  ctx.reply.array_len(a.users().size());
  for (auto& [name, u] : a.users()) ctx.reply.bulk(a.describe_user(*u));
}

// ACL USERS
void CmdAclUsers(CommandContext& ctx) {
  acl::Acl& a = A(ctx);
  ctx.reply.array_len(a.users().size());
  for (auto& [name, u] : a.users()) ctx.reply.bulk(name);
}

// ACL WHOAMI
void CmdAclWhoami(CommandContext& ctx) {
  ctx.reply.bulk(ctx.client.user ? std::string_view(ctx.client.user->name) : "default");
}

// ACL CAT [category]
void CmdAclCat(CommandContext& ctx) {
  if (ctx.argc() == 2) {
    ctx.reply.array_len(std::size(kAclCategoryNames));
    for (const char* n : kAclCategoryNames) ctx.reply.bulk(n);
    return;
  }
  if (ctx.argc() > 3) return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "acl"));
  int cat = acl::Acl::category_index(ctx.arg(2));
  if (cat < 0) return ctx.reply.error(fmt::format("ERR Unknown category '{}'", ctx.arg(2)));
  auto cmds = A(ctx).category_commands(cat);
  ctx.reply.array_len(cmds.size());
  for (const CommandSpec* c : cmds) ctx.reply.bulk(c->fullname);
}

// ACL GENPASS [bits]
void CmdAclGenPass(CommandContext& ctx) {
  long long bits = 256;
  if (ctx.argc() == 3) {
    int64_t b;
    if (!parse_int64(ctx.arg(2), &b)) return ctx.reply.error(err::kNotInteger);
    bits = b;
  }
  if (bits <= 0 || bits > 4096)
    return ctx.reply.error(
        "ERR ACL GENPASS argument must be the number of bits for the output password, a positive "
        "number up to 4096");
  size_t chars = static_cast<size_t>((bits + 3) / 4);
  unsigned char raw[512];
  size_t nbytes = (chars + 1) / 2;
  if (RAND_bytes(raw, static_cast<int>(nbytes)) != 1) {
    for (size_t i = 0; i < nbytes; ++i) raw[i] = static_cast<unsigned char>(ctx.server.rng());
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < chars; ++i) out += hex[(raw[i / 2] >> ((i % 2) ? 0 : 4)) & 15];
  ctx.reply.bulk(out);
}

// ACL LOG [count | RESET]
void CmdAclLog(CommandContext& ctx) {
  acl::Acl& a = A(ctx);
  long long count = 10;
  if (ctx.argc() == 3) {
    if (iequals(ctx.arg(2), "reset")) {
      a.reset_log();
      return ctx.reply.ok();
    }
    int64_t n;
    if (!parse_int64(ctx.arg(2), &n)) return ctx.reply.error(err::kNotInteger);
    count = n < 0 ? 0 : n;
  }
  static const char* reasons[] = {"", "command", "key", "auth", "channel"};
  const auto& log = a.log();
  size_t n = std::min<size_t>(static_cast<size_t>(count), log.size());
  int64_t now = wall_ms();
  ReplyWriter& r = ctx.reply;
  r.array_len(n);
  for (size_t i = 0; i < n; ++i) {
    const acl::LogEntry& e = log[i];
    r.map_len(7);
    r.bulk("count");
    r.integer(static_cast<long long>(e.count));
    r.bulk("reason");
    r.bulk(e.reason >= 1 && e.reason <= 4 ? reasons[e.reason] : "unknown");
    r.bulk("context");
    r.bulk(e.context);
    r.bulk("object");
    r.bulk(e.object);
    r.bulk("username");
    r.bulk(e.username);
    r.bulk("age-seconds");
    r.dbl(static_cast<double>(now - e.ctime_ms) / 1000.0);
    r.bulk("client-info");
    r.bulk(e.client_info);
  }
}

// ACL DRYRUN username command [arg ...]
void CmdAclDryRun(CommandContext& ctx) {
  acl::Acl& a = A(ctx);
  const acl::User* u = a.find(ctx.arg(2));
  if (!u) return ctx.reply.error(fmt::format("ERR User '{}' not found", ctx.arg(2)));
  auto argv = ctx.argv.subspan(3);
  const CommandSpec* container = nullptr;
  const CommandSpec* cmd = ctx.server.commands.lookup(argv, &container);
  if (!cmd) return ctx.reply.error(fmt::format("ERR Command '{}' not found", ctx.arg(3)));
  int argc = static_cast<int>(argv.size());
  if ((cmd->arity > 0 && cmd->arity != argc) || argc < -cmd->arity)
    return ctx.reply.error(
        fmt::format("ERR wrong number of arguments for '{}' command", cmd->fullname));
  size_t pos = 0;
  int res = a.check(*u, *cmd, argv, &pos);
  switch (res) {
    case acl::kOk:
      return ctx.reply.ok();
    case acl::kDeniedCmd:
      return ctx.reply.bulk(
          fmt::format("This user has no permissions to run the '{}' command", cmd->fullname));
    case acl::kDeniedKey:
      return ctx.reply.bulk(
          fmt::format("This user has no permissions to access the '{}' key", argv[pos]));
    case acl::kDeniedChannel:
      return ctx.reply.bulk(
          fmt::format("This user has no permissions to access the '{}' channel", argv[pos]));
    default:
      return ctx.reply.bulk("This user has no permissions");
  }
}

// ACL SAVE
void CmdAclSave(CommandContext& ctx) {
  const std::string& path = ctx.server.config.aclfile;
  if (path.empty()) return ctx.reply.error(kNoAclFile);
  std::string e = A(ctx).save_file(path);
  if (!e.empty()) {
    ctx.server.log(kLogWarning, e);
    return ctx.reply.error(
        "ERR There was an error trying to save the ACLs. Please check the server logs for more "
        "information");
  }
  ctx.reply.ok();
}

// ACL LOAD
void CmdAclLoad(CommandContext& ctx) {
  const std::string& path = ctx.server.config.aclfile;
  if (path.empty()) return ctx.reply.error(kNoAclFile);
  std::string e = A(ctx).load_file(path);
  if (!e.empty()) return ctx.reply.error("ERR " + e);
  ctx.reply.ok();
}

// ACL HELP
void CmdAclHelp(CommandContext& ctx) {
  reply_help(
      ctx.reply, "ACL",
      {"CAT [<category>]",
       "    List all commands that belong to <category>, or all command categories",
       "    when no category is specified.",
       "DELUSER <username> [<username> ...]",
       "    Delete a list of users.",
       "DRYRUN <username> <command> [<arg> ...]",
       "    Returns whether the user can execute the given command without executing the command.",
       "GETUSER <username>",
       "    Get the user's details.",
       "GENPASS [<bits>]",
       "    Generate a secure 256-bit user password. The optional `bits` argument can",
       "    be used to specify a different size.",
       "LIST",
       "    Show users details in config file format.",
       "LOAD",
       "    Reload users from the ACL file.",
       "LOG [<count> | RESET]",
       "    Show the ACL log entries.",
       "SAVE",
       "    Save the current config to the ACL file.",
       "SETUSER <username> <attribute> [<attribute> ...]",
       "    Create or modify a user with the specified attributes.",
       "USERS",
       "    List all the registered usernames.",
       "WHOAMI",
       "    Return the current connection username."});
}

}  // namespace

void RegisterAclFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  constexpr uint32_t kAdminRow = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale;
  constexpr uint32_t kPlainRow = kCmdNoScript | kCmdLoading | kCmdStale;
  rows.add({.name = "acl",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for Access List Control commands ",
            .since = "6.0.0",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "acl",
            .name = "cat",
            .arity = -2,
            .flags = kPlainRow,
            .acl = "@slow",
            .summary = "List the ACL categories or the commands inside a category",
            .since = "6.0.0",
            .complexity = "O(1) since the categories and commands are a fixed set.",
            .usage = "[categoryname]",
            .handler = CmdAclCat});
  rows.add({.container = "acl",
            .name = "deluser",
            .arity = -3,
            .flags = kAdminRow,
            .acl = "@admin @slow @dangerous",
            .summary = "Remove the specified ACL users and the associated rules",
            .since = "6.0.0",
            .complexity = "O(1) amortized time considering the typical user.",
            .usage = "username ...",
            .handler = CmdAclDelUser});
  rows.add({.container = "acl",
            .name = "dryrun",
            .arity = -4,
            .flags = kAdminRow,
            .acl = "@admin @slow @dangerous",
            .summary = "Returns whether the user can execute the given command without executing "
                       "the command.",
            .since = "7.0.0",
            .complexity = "O(1).",
            .usage = "username command [arg ...]",
            .handler = CmdAclDryRun});
  rows.add({.container = "acl",
            .name = "genpass",
            .arity = -2,
            .flags = kPlainRow,
            .acl = "@slow",
            .summary = "Generate a pseudorandom secure password to use for ACL users",
            .since = "6.0.0",
            .complexity = "O(1)",
            .usage = "[bits]",
            .handler = CmdAclGenPass});
  rows.add({.container = "acl",
            .name = "getuser",
            .arity = 3,
            .flags = kAdminRow,
            .acl = "@admin @slow @dangerous",
            .summary = "Get the rules for a specific ACL user",
            .since = "6.0.0",
            .complexity = "O(N). Where N is the number of password, command and pattern rules "
                          "that the user has.",
            .usage = "username",
            .handler = CmdAclGetUser});
  rows.add({.container = "acl",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow",
            .summary = "Show helpful text about the different subcommands",
            .since = "6.0.0",
            .complexity = "O(1)",
            .handler = CmdAclHelp});
  rows.add({.container = "acl",
            .name = "list",
            .arity = 2,
            .flags = kAdminRow,
            .acl = "@admin @slow @dangerous",
            .summary = "List the current ACL rules in ACL config file format",
            .since = "6.0.0",
            .complexity = "O(N). Where N is the number of configured users.",
            .handler = CmdAclList});
  rows.add({.container = "acl",
            .name = "load",
            .arity = 2,
            .flags = kAdminRow,
            .acl = "@admin @slow @dangerous",
            .summary = "Reload the ACLs from the configured ACL file",
            .since = "6.0.0",
            .complexity = "O(N). Where N is the number of configured users.",
            .handler = CmdAclLoad});
  rows.add({.container = "acl",
            .name = "log",
            .arity = -2,
            .flags = kAdminRow,
            .acl = "@admin @slow @dangerous",
            .summary = "List latest events denied because of ACLs in place",
            .since = "6.0.0",
            .complexity = "O(N) with N being the number of entries shown.",
            .usage = "[count | RESET]",
            .handler = CmdAclLog});
  rows.add({.container = "acl",
            .name = "save",
            .arity = 2,
            .flags = kAdminRow,
            .acl = "@admin @slow @dangerous",
            .summary = "Save the current ACL rules in the configured ACL file",
            .since = "6.0.0",
            .complexity = "O(N). Where N is the number of configured users.",
            .handler = CmdAclSave});
  rows.add({.container = "acl",
            .name = "setuser",
            .arity = -3,
            .flags = kAdminRow,
            .acl = "@admin @slow @dangerous",
            .summary = "Modify or create the rules for a specific ACL user",
            .since = "6.0.0",
            .complexity = "O(N). Where N is the number of rules provided.",
            .usage = "username [rule ...]",
            .handler = CmdAclSetUser});
  rows.add({.container = "acl",
            .name = "users",
            .arity = 2,
            .flags = kAdminRow,
            .acl = "@admin @slow @dangerous",
            .summary = "List the username of all the configured ACL rules",
            .since = "6.0.0",
            .complexity = "O(N). Where N is the number of configured users.",
            .handler = CmdAclUsers});
  rows.add({.container = "acl",
            .name = "whoami",
            .arity = 2,
            .flags = kPlainRow,
            .acl = "@slow",
            .summary = "Return the name of the user associated to the current connection",
            .since = "6.0.0",
            .complexity = "O(1)",
            .handler = CmdAclWhoami});
}

}  // namespace sable
