// Connection commands: PING ECHO QUIT SELECT AUTH HELLO RESET (CLIENT lives in client_cmd.cc).
#include "server/acl/acl.h"
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

// Checks a username/password pair against the ACL users and logs the client in as that user.
// Replies the error (and records it in ACL LOG) and returns false on failure.
bool check_credentials(CommandContext& ctx, std::string_view user, std::string_view pass) {
  acl::Acl& acl = *ctx.server.acl;
  if (const acl::User* u = acl.authenticate(user, pass)) {
    ctx.client.user = u;
    ctx.client.authenticated = true;
    return true;
  }
  acl.add_log(ctx.client, acl::kDeniedAuth, ctx.client.has(kClientMulti) ? "multi" : "toplevel",
              ctx.arg(0), user);
  ctx.reply.error(err::kWrongPass);
  return false;
}

// AUTH [username] password
void CmdAuth(CommandContext& ctx) {
  if (ctx.argc() > 3) return ctx.reply.error(err::kSyntax);
  if (ctx.argc() == 2 && ctx.server.acl->default_user()->nopass)
    return ctx.reply.error(err::kAuthNoPassword);
  std::string_view user = ctx.argc() == 3 ? ctx.arg(1) : "default";
  std::string_view pass = ctx.argc() == 3 ? ctx.arg(2) : ctx.arg(1);
  if (!check_credentials(ctx, user, pass)) return;
  ctx.reply.ok();
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
// As in Redis 7.0, AUTH is checked where it appears (a wrong password ends the parse there) and
// an option short of its values is a syntax error naming it.
void CmdHello(CommandContext& ctx) {
  ArgCursor a(ctx.argv, 1);
  int64_t ver = 0;
  if (!a.done()) {
    ver = a.next<int64_t>(err::kProtoVersion);
    if (!a.ok()) return ctx.reply.error(a.error());
    if (ver < 2 || ver > 3) return ctx.reply.error(err::kNoProto);
  }
  std::string_view setname;
  bool has_setname = false;
  while (!a.done()) {
    if (a.remaining() >= 3 && a.match("AUTH")) {
      std::string_view user = a.next(), pass = a.next();
      if (!check_credentials(ctx, user, pass)) return;
    } else if (a.remaining() >= 2 && a.match("SETNAME")) {
      setname = a.next();
      has_setname = true;
    } else {
      return ctx.reply.error(err::hello_syntax(a.peek()));
    }
  }
  if (!ctx.client.authenticated) return ctx.reply.error(err::kHelloNoAuth);
  if (has_setname) {
    for (char c : setname)
      if (c < '!' || c > '~') return ctx.reply.error(err::kInvalidClientName);
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
  c.user = ctx.server.acl->default_user();
  c.authenticated = ctx.server.acl->default_needs_no_auth();
  ctx.server.reset_client_state(c);
  ctx.reply.simple("RESET");
}

}  // namespace

void RegisterConnectionFamily(CommandTable& t) {
  FamilyRows rows(t, "connection");
  rows.add({.name = "ping",
            .arity = -1,
            .flags = kCmdFast | kCmdSentinel | kCmdSubscribeContext | kCmdDenyOnDiskError,
            .acl = "@fast @connection",
            .summary = "Ping the server",
            .since = "1.0.0",
            .complexity = "O(1)",
            .usage = "[message]",
            .tips = "request_policy:all_shards response_policy:all_succeeded",
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
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth |
                     kCmdAllowBusy | kCmdTxControl | kCmdMultiNoOom | kCmdSubscribeContext,
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
            .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth |
                     kCmdAllowBusy | kCmdTxControl | kCmdMultiNoOom | kCmdSubscribeContext,
            .acl = "@fast @connection",
            .summary = "Reset the connection",
            .since = "6.2.0",
            .complexity = "O(1)",
            .handler = CmdReset});
}

}  // namespace sable
