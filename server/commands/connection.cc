// Connection commands: PING ECHO QUIT SELECT AUTH HELLO RESET (CLIENT lives in client_cmd.cc).
#include "server/commands/common.h"
#include "server/version.h"

namespace sable {

namespace {

// PING [message]
void CmdPing(CommandContext& ctx) {
  if (ctx.argc() > 2) return ctx.reply.error(err::wrong_arity("ping"));
  if (ctx.client.has(kClientPubsub) && ctx.client.resp() == 2) {
    ctx.reply.array_len(2);
    ctx.reply.bulk("pong");
    ctx.reply.bulk(ctx.argc() == 2 ? ctx.arg(1) : "");
    return;
  }
  if (ctx.argc() == 2)
    ctx.reply.bulk(ctx.arg(1));
  else
    ctx.reply.simple("PONG");
}

// ECHO message
void CmdEcho(CommandContext& ctx) { ctx.reply.bulk(ctx.arg(1)); }

// QUIT
void CmdQuit(CommandContext& ctx) {
  ctx.reply.ok();
  ctx.server.close_after_reply(ctx.client);
}

// SELECT index
void CmdSelect(CommandContext& ctx) {
  int64_t idx;
  if (!parse_int64(ctx.arg(1), &idx)) return ctx.reply.error(err::kNotInteger);
  if (idx < 0 || idx >= static_cast<int64_t>(ctx.server.dbs.size()))
    return ctx.reply.error(err::kDbIndexOutOfRange);
  ctx.client.db_index = static_cast<int>(idx);
  ctx.reply.ok();
}

// Checks a username/password pair against the default user. Replies the error and returns false
// on failure.
bool check_credentials(CommandContext& ctx, std::string_view user, std::string_view pass) {
  const std::string& required = ctx.server.config.requirepass;
  if (user == "default" && (required.empty() || pass == required)) return true;
  ctx.reply.error(err::kWrongPass);
  return false;
}

// AUTH [username] password
void CmdAuth(CommandContext& ctx) {
  if (ctx.argc() > 3) return ctx.reply.error(err::kSyntax);
  if (ctx.argc() == 2 && ctx.server.config.requirepass.empty())
    return ctx.reply.error(err::kAuthNoPassword);
  std::string_view user = ctx.argc() == 3 ? ctx.arg(1) : "default";
  std::string_view pass = ctx.argc() == 3 ? ctx.arg(2) : ctx.arg(1);
  if (!check_credentials(ctx, user, pass)) return;
  ctx.client.authenticated = true;
  ctx.reply.ok();
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
void CmdHello(CommandContext& ctx) {
  int64_t ver = 0;
  size_t i = 1;
  if (ctx.argc() >= 2) {
    if (!parse_int64(ctx.arg(1), &ver)) return ctx.reply.error(err::kProtoVersion);
    if (ver < 2 || ver > 3) return ctx.reply.error(err::kNoProto);
    i = 2;
  }
  std::string_view setname;
  bool has_setname = false;
  for (; i < ctx.argc(); ++i) {
    size_t more = ctx.argc() - i - 1;
    if (iequals(ctx.arg(i), "AUTH") && more >= 2) {
      if (!check_credentials(ctx, ctx.arg(i + 1), ctx.arg(i + 2))) return;
      ctx.client.authenticated = true;
      i += 2;
    } else if (iequals(ctx.arg(i), "SETNAME") && more >= 1) {
      setname = ctx.arg(i + 1);
      has_setname = true;
      ++i;
    } else {
      return ctx.reply.error("ERR Syntax error in HELLO option '" + std::string(ctx.arg(i)) + "'");
    }
  }
  if (!ctx.client.authenticated)
    return ctx.reply.error(
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
        "<proto> AUTH <user> <pass> option can be used to authenticate the client and select the "
        "RESP protocol version at the same time");
  if (has_setname) {
    for (char c : setname)
      if (c < '!' || c > '~')
        return ctx.reply.error(
            "ERR Client names cannot contain spaces, newlines or special characters.");
    ctx.client.name = std::string(setname);
  }
  if (ver) ctx.reply.set_proto(static_cast<int>(ver));
  ReplyWriter& r = ctx.reply;
  r.map_len(7);
  r.bulk("server");
  r.bulk("redis");
  r.bulk("version");
  r.bulk(kRedisVersion);
  r.bulk("proto");
  r.integer(r.proto());
  r.bulk("id");
  r.integer(static_cast<long long>(ctx.client.id));
  r.bulk("mode");
  r.bulk("standalone");
  r.bulk("role");
  r.bulk("master");
  r.bulk("modules");
  r.array_len(0);
}

// RESET
void CmdReset(CommandContext& ctx) {
  Client& c = ctx.client;
  c.db_index = 0;
  c.name.clear();
  c.reply.set_proto(2);
  c.flags &= ~(kClientMulti | kClientDirtyExec | kClientDirtyCas | kClientNoEvict | kClientNoTouch |
               kClientReplyOff | kClientReplySkip);
  c.reply.set_muted(false);
  c.authenticated = ctx.server.config.requirepass.empty();
  ctx.server.reset_client_state(c);
  ctx.reply.simple("RESET");
}

}  // namespace

void RegisterConnectionFamily(CommandTable& t) {
  FamilyRows rows(t, "connection");
  rows.add({.name = "ping",
            .arity = -1,
            .flags = kCmdFast | kCmdSentinel,
            .acl = "@fast @connection",
            .summary = "Ping the server",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "[message]",
            .handler = CmdPing});
  rows.add({.name = "echo",
            .arity = 2,
            .flags = kCmdFast,
            .acl = "@fast @connection",
            .summary = "Echo the given string",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "message",
            .handler = CmdEcho});
  rows.add({.name = "quit",
            .arity = -1,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth | kCmdAllowBusy,
            .acl = "@fast @connection",
            .summary = "Close the connection",
            .since = "1.0.0",
            .complexity = "O(1)",
            .handler = CmdQuit});
  rows.add({.name = "select",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale | kCmdFast,
            .acl = "@fast @connection",
            .summary = "Change the selected database for the current connection",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "index",
            .handler = CmdSelect});
  rows.add({.name = "auth",
            .arity = -2,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth | kCmdAllowBusy,
            .acl = "@fast @connection",
            .summary = "Authenticate to the server",
            .since = "1.0.0",
            .complexity = "O(N) where N is the number of passwords defined for the user",
            .usage = "[username] password",
            .handler = CmdAuth});
  rows.add({.name = "hello",
            .arity = -1,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth | kCmdAllowBusy,
            .acl = "@fast @connection",
            .summary = "Handshake with Redis",
            .since = "6.0.0",
            .complexity = "O(1)",
            .usage = "[protover [AUTH username password] [SETNAME clientname]]",
            .handler = CmdHello});
  rows.add({.name = "reset",
            .arity = 1,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth | kCmdAllowBusy,
            .acl = "@fast @connection",
            .summary = "Reset the connection",
            .since = "6.2.0",
            .complexity = "O(1)",
            .handler = CmdReset});
}

}  // namespace sable
