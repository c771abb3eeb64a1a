// CLIENT: the connection-introspection container (ID SETNAME GETNAME LIST INFO KILL NO-EVICT
// NO-TOUCH REPLY SETINFO UNBLOCK HELP).
//
// CLIENT LIST and CLIENT INFO print one line per connection in Redis 7.0's field order, so tools
// that parse them (redis-cli, monitoring agents, client libraries) work unchanged. Figures Sable
// has no counterpart for (replication, memory accounting of the query buffer peak) are reported
// as Redis reports them for an ordinary client.
#include <fmt/format.h>

#include <algorithm>

#include "server/acl/acl.h"
#include "server/commands/common.h"
#include "server/commands/server_info.h"

namespace sable {

namespace {

enum class ClientType { kNormal, kReplica, kPubsub, kMaster, kUnknown };

ClientType client_type_by_name(std::string_view n) {
  if (iequals(n, "normal")) return ClientType::kNormal;
  if (iequals(n, "slave") || iequals(n, "replica")) return ClientType::kReplica;
  if (iequals(n, "pubsub")) return ClientType::kPubsub;
  if (iequals(n, "master")) return ClientType::kMaster;
  return ClientType::kUnknown;
}

ClientType client_type(const Client& c) {
  return c.has(kClientPubsub) ? ClientType::kPubsub : ClientType::kNormal;
}

// The flags field of CLIENT LIST, in Redis's letter order; "N" when none applies.
std::string client_flags(const Client& c) {
  std::string f;
  if (c.has(kClientMonitor)) f += 'O';
  if (c.has(kClientPubsub)) f += 'P';
  if (c.has(kClientMulti)) f += 'x';
  if (c.has(kClientBlocked | kClientPostponed)) f += 'b';  // a CLIENT PAUSE hold is a block
  if (c.tracking & kTrackOn) f += 't';
  if (c.tracking & kTrackBrokenRedir) f += 'R';
  if (c.tracking & kTrackBcast) f += 'B';
  if (c.has(kClientDirtyCas)) f += 'd';
  if (c.has(kClientCloseAfterReply)) f += 'c';
  if (c.has(kClientCloseAsap)) f += 'A';
  if (c.has(kClientUnixSocket)) f += 'U';
  if (c.has(kClientNoEvict)) f += 'e';
  if (c.has(kClientNoTouch)) f += 'T';
  if (f.empty()) f = "N";
  return f;
}

// One CLIENT LIST line (without the newline). `argv` is the running command's arguments when
// `c` is the client asking, so argv-mem can be reported for it.
}  // namespace

std::string client_info_line(Server& s, const Client& c, std::span<const std::string_view> argv) {
  int64_t now = now_ms();
  size_t argv_mem = 0, multi_mem = 0;
  for (std::string_view a : argv) argv_mem += a.size();
  for (auto& q : c.multi_queue)
    for (auto& a : q.argv) multi_mem += a.size() + sizeof(std::string);
  size_t obl = c.reply.buffer().size(), omem = c.inflight.size();
  size_t tot = sizeof(Client) + c.in.cap + c.reply.buffer().capacity() + c.inflight.capacity() +
               argv_mem + multi_mem;
  const CommandSpec* cmd = c.cur_cmd ? c.cur_cmd : c.last_cmd;
  size_t sub = 0, psub = 0, ssub = 0;
  if (c.has(kClientPubsub) && s.pubsub) {
    sub = s.pubsub->client_channels(c).size();
    psub = s.pubsub->client_patterns(c).size();
    ssub = s.pubsub->shard_subscription_count(c);
  }
  std::string events = "r";
  if (c.write_pending || !c.reply.buffer().empty()) events += 'w';
  return fmt::format(
      "id={} addr={} laddr={} fd={} name={} age={} idle={} flags={} db={} sub={} psub={} "
      "ssub={} multi={} qbuf={} qbuf-free={} argv-mem={} multi-mem={} rbs={} rbp={} obl={} "
      "oll={} omem={} tot-mem={} events={} cmd={} user={} redir={} resp={}",
      c.id, c.addr, c.laddr, c.fd, c.name, (now - c.ctime_ms) / 1000,
      (now - c.last_interaction_ms) / 1000, client_flags(c), c.db_index, sub, psub, ssub,
      c.has(kClientMulti) ? static_cast<long long>(c.multi_queue.size()) : -1LL, c.in.len,
      c.in.cap - c.in.len, argv_mem, multi_mem, c.reply_buf_size, c.reply_buf_peak, obl,
      omem ? 1 : 0, omem, tot, events, cmd ? cmd->fullname : "NULL",
      c.user ? std::string_view(c.user->name) : std::string_view("default"),
      (c.tracking & kTrackOn) ? static_cast<long long>(c.tracking_redirect) : -1LL, c.resp());
}

namespace {

std::string info_line_for(CommandContext& ctx, const Client& c) {
  auto argv = &c == &ctx.client ? ctx.argv : std::span<const std::string_view>();
  return client_info_line(ctx.server, c, argv) + "\n";
}

// Redis accepts names made of printable ASCII without spaces.
bool valid_client_name(std::string_view n) {
  for (char ch : n)
    if (ch < '!' || ch > '~') return false;
  return true;
}

// CLIENT ID
void CmdClientId(CommandContext& ctx) { ctx.reply.integer(static_cast<long long>(ctx.client.id)); }

// CLIENT SETNAME connection-name
void CmdClientSetName(CommandContext& ctx) {
  if (!valid_client_name(ctx.arg(2))) return ctx.reply.error(err::kInvalidClientName);
  ctx.client.name = std::string(ctx.arg(2));
  ctx.reply.ok();
}

// CLIENT GETNAME
void CmdClientGetName(CommandContext& ctx) {
  if (ctx.client.name.empty()) return ctx.reply.null();
  ctx.reply.bulk(ctx.client.name);
}

// CLIENT INFO
void CmdClientInfo(CommandContext& ctx) { ctx.reply.verbatim(info_line_for(ctx, ctx.client)); }

// CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]
// As in Redis 7.0 the two filters do not combine: TYPE takes exactly one value, ID one or more.
void CmdClientList(CommandContext& ctx) {
  std::string out;
  ArgCursor a(ctx.argv, 2);
  if (ctx.argc() == 4 && a.match("TYPE")) {
    std::string_view name = a.next();
    ClientType want = client_type_by_name(name);
    if (want == ClientType::kUnknown) return ctx.reply.error(err::unknown_client_type(name));
    for (auto& [id, c] : ctx.server.clients)
      if (client_type(*c) == want) out += info_line_for(ctx, *c);
  } else if (ctx.argc() > 3 && a.match("ID")) {
    while (!a.done()) {
      int64_t id = a.next<int64_t>(err::kInvalidClientId);
      if (!a.ok()) return ctx.reply.error(a.error());
      if (Client* c = ctx.server.find_client(static_cast<uint64_t>(id)))
        out += info_line_for(ctx, *c);
    }
  } else if (ctx.argc() != 2) {
    return ctx.reply.error(err::kSyntax);
  } else {
    for (auto& [id, c] : ctx.server.clients) out += info_line_for(ctx, *c);
  }
  ctx.reply.verbatim(out);
}

// The filters of CLIENT KILL's new form; unset fields match everything.
struct KillFilter {
  int64_t id = 0;
  std::string_view addr, laddr;
  ClientType type = ClientType::kUnknown;
  bool skipme = true;
  const acl::User* user = nullptr;
  bool matches(const Client& c, const Client& self) const {
    if (id && c.id != static_cast<uint64_t>(id)) return false;
    if (user && c.user != user) return false;
    if (!addr.empty() && c.addr != addr) return false;
    if (!laddr.empty() && c.laddr != laddr) return false;
    if (type != ClientType::kUnknown && client_type(c) != type) return false;
    if (skipme && &c == &self) return false;
    return true;
  }
};

// Parses the filter pairs of CLIENT KILL's new form, in order: the first bad pair's error wins,
// an option without its value is a syntax error. Replies the error and returns false on bad input.
bool parse_kill_filter(CommandContext& ctx, KillFilter* f) {
  ArgCursor a(ctx.argv, 2);
  while (!a.done()) {
    switch (a.match_one_of({"ID", "TYPE", "ADDR", "LADDR", "USER", "SKIPME"})) {
      case 0:
        f->id = a.next<int64_t>(err::kClientIdNotPositive);
        a.check(f->id >= 1, err::kClientIdNotPositive);
        break;
      case 1: {
        std::string_view name = a.next();
        f->type = client_type_by_name(name);
        if (a.ok() && f->type == ClientType::kUnknown) a.fail(err::unknown_client_type(name));
        break;
      }
      case 2:
        f->addr = a.next();
        break;
      case 3:
        f->laddr = a.next();
        break;
      case 4: {
        std::string_view user = a.next();
        if (a.ok()) {
          f->user = ctx.server.acl->find(user);
          if (!f->user) a.fail(err::no_such_user(user));
        }
        break;
      }
      case 5: {
        int yes_no = a.match_one_of({"YES", "NO"});
        a.check(yes_no >= 0, err::kSyntax);
        f->skipme = yes_no == 0;
        break;
      }
      default:
        a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// Closes a client: the caller itself after this reply, anyone else at once.
void kill_client(CommandContext& ctx, Client* c) {
  if (c == &ctx.client)
    ctx.server.close_after_reply(*c);
  else
    ctx.server.free_client(c);
}

// CLIENT KILL ip:port
// CLIENT KILL [ID id] [TYPE type] [USER user] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no] ...
// The old form is the filter ADDR ip:port SKIPME no, answered +OK or an error instead of a count.
void CmdClientKill(CommandContext& ctx) {
  bool old_form = ctx.argc() == 3;
  KillFilter f;
  if (old_form) {
    f.addr = ctx.arg(2);
    f.skipme = false;
  } else if (!parse_kill_filter(ctx, &f)) {
    return;
  }
  std::vector<Client*> victims;
  for (auto& [id, c] : ctx.server.clients)
    if (f.matches(*c, ctx.client)) victims.push_back(c);
  if (old_form && victims.empty()) return ctx.reply.error(err::kNoSuchClient);
  if (old_form)
    ctx.reply.ok();
  else
    ctx.reply.integer(static_cast<long long>(victims.size()));
  for (Client* c : victims) kill_client(ctx, c);
}

// Parses the ON|OFF argument into *on; replies a syntax error and returns false otherwise.
bool parse_on_off(CommandContext& ctx, bool* on) {
  ArgCursor a(ctx.argv, 2);
  int v = a.match_one_of({"ON", "OFF"});
  *on = v == 0;
  if (v < 0) ctx.reply.error(err::kSyntax);
  return v >= 0;
}

void set_flag(Client& c, uint32_t flag, bool on) {
  if (on)
    c.flags |= flag;
  else
    c.flags &= ~flag;
}

// CLIENT NO-EVICT ON|OFF
void CmdClientNoEvict(CommandContext& ctx) {
  bool on;
  if (!parse_on_off(ctx, &on)) return;
  set_flag(ctx.client, kClientNoEvict, on);
  ctx.reply.ok();
}

// CLIENT NO-TOUCH ON|OFF
void CmdClientNoTouch(CommandContext& ctx) {
  bool on;
  if (!parse_on_off(ctx, &on)) return;
  set_flag(ctx.client, kClientNoTouch, on);
  ctx.reply.ok();
}

// CLIENT REPLY ON|OFF|SKIP — OFF and SKIP themselves get no reply.
void CmdClientReply(CommandContext& ctx) {
  Client& c = ctx.client;
  ArgCursor a(ctx.argv, 2);
  switch (a.match_one_of({"ON", "OFF", "SKIP"})) {
    case 0:
      c.flags &= ~(kClientReplyOff | kClientReplySkip);
      ctx.reply.set_muted(false);
      ctx.reply.ok();
      break;
    case 1:
      c.flags |= kClientReplyOff;
      break;
    case 2:
      if (!c.has(kClientReplyOff)) c.flags |= kClientReplySkip;
      break;
    default:
      ctx.reply.error(err::kSyntax);
  }
}

// CLIENT SETINFO LIB-NAME|LIB-VER value
void CmdClientSetInfo(CommandContext& ctx) {
  ArgCursor a(ctx.argv, 2);
  int attr = a.match_one_of({"LIB-NAME", "LIB-VER"});
  if (attr < 0) return ctx.reply.error(err::unrecognized_option(ctx.arg(2)));
  bool is_name = attr == 0;
  std::string_view val = a.next();
  if (!valid_client_name(val))
    return ctx.reply.error(err::invalid_client_info(is_name ? "lib-name" : "lib-ver"));
  (is_name ? ctx.client.lib_name : ctx.client.lib_ver) = std::string(val);
  ctx.reply.ok();
}

// CLIENT UNBLOCK client-id [TIMEOUT|ERROR]
// Hand-indexed rather than walked with a cursor: Redis checks the reason (argv[3]) before the
// client id (argv[2]), and that order decides which error a doubly bad call gets.
void CmdClientUnblock(CommandContext& ctx) {
  if (ctx.argc() > 4)
    return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "client"));
  bool with_error = false;
  if (ctx.argc() == 4) {
    ArgCursor reason(ctx.argv, 3);
    int r = reason.match_one_of({"TIMEOUT", "ERROR"});
    if (r < 0) return ctx.reply.error(err::kUnblockReason);
    with_error = r == 1;
  }
  int64_t id;
  if (!parse_int64(ctx.arg(2), &id)) return ctx.reply.error(err::kNotInteger);
  Client* target = ctx.server.find_client(static_cast<uint64_t>(id));
  bool done =
      target && target->has(kClientBlocked) && ctx.server.blocking->unblock(*target, with_error);
  ctx.reply.integer(done ? 1 : 0);
}

// CLIENT HELP
void CmdClientHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "CLIENT",
             {"CACHING (YES|NO)",
              "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
              "GETREDIR",
              "    Return the client ID we are redirecting to when tracking is enabled.",
              "GETNAME",
              "    Return the name of the current connection.",
              "ID",
              "    Return the ID of the current connection.",
              "INFO",
              "    Return information about the current client connection.",
              "KILL <ip:port>",
              "    Kill connection made from <ip:port>.",
              "KILL <option> <value> [<option> <value> [...]]",
              "    Kill connections. Options are:",
              "    * ADDR (<ip:port>|<unixsocket>:0)",
              "      Kill connections made from the specified address",
              "    * LADDR (<ip:port>|<unixsocket>:0)",
              "      Kill connections made to specified local address",
              "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
              "      Kill connections by type.",
              "    * USER <username>",
              "      Kill connections authenticated by <username>.",
              "    * SKIPME (YES|NO)",
              "      Skip killing current connection (default: yes).",
              "LIST [options ...]",
              "    Return information about client connections. Options:",
              "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
              "      Return clients of specified type.",
              "UNPAUSE",
              "    Stop the current client pause, resuming traffic.",
              "PAUSE <timeout> [WRITE|ALL]",
              "    Suspend all, or just write, clients for <timeout> milliseconds.",
              "REPLY (ON|OFF|SKIP)",
              "    Control the replies sent to the current connection.",
              "SETNAME <name>",
              "    Assign the name <name> to the current connection.",
              "UNBLOCK <clientid> [TIMEOUT|ERROR]",
              "    Unblock the specified blocked client.",
              "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
              "         [OPTIN] [OPTOUT] [NOLOOP]",
              "    Control server assisted client side caching.",
              "TRACKINGINFO",
              "    Report tracking status for the current connection.",
              "NO-EVICT (ON|OFF)",
              "    Protect current client connection from eviction."});
}

void CmdClientContainer(CommandContext& ctx) {
  ctx.reply.error(err::unknown_subcommand(ctx.argc() > 1 ? ctx.arg(1) : "", "client"));
}

}  // namespace

void RegisterClientFamily(CommandTable& t) {
  FamilyRows rows(t, "connection");
  const char* kPerClient = "O(N) where N is the number of client connections";
  rows.add({.name = "client",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for client connection commands",
            .since = "2.4.0",
            .complexity = "Depends on subcommand.",
            .handler = CmdClientContainer});
  rows.add({.container = "client",
            .name = "id",
            .arity = 2,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Returns the client ID for the current connection",
            .since = "5.0.0",
            .complexity = "O(1)",
            .handler = CmdClientId});
  rows.add({.container = "client",
            .name = "setname",
            .arity = 3,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Set the current connection name",
            .since = "2.6.9",
            .complexity = "O(1)",
            .usage = "connection-name",
            .handler = CmdClientSetName});
  rows.add({.container = "client",
            .name = "getname",
            .arity = 2,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Get the current connection name",
            .since = "2.6.9",
            .complexity = "O(1)",
            .handler = CmdClientGetName});
  rows.add({.container = "client",
            .name = "info",
            .arity = 2,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Returns information about the current client connection.",
            .since = "6.2.0",
            .complexity = "O(1)",
            .tips = "nondeterministic_output",
            .handler = CmdClientInfo});
  rows.add({.container = "client",
            .name = "list",
            .arity = -2,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous @connection",
            .summary = "Get the list of client connections",
            .since = "2.4.0",
            .complexity = kPerClient,
            .usage = "[TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id ...]",
            .tips = "nondeterministic_output",
            .handler = CmdClientList});
  rows.add({.container = "client",
            .name = "kill",
            .arity = -3,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous @connection",
            .summary = "Kill the connection of a client",
            .since = "2.4.0",
            .complexity = kPerClient,
            .usage =
                "<ip:port | <[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] "
                "| [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no]> ...>",
            .handler = CmdClientKill});
  rows.add({.container = "client",
            .name = "no-evict",
            .arity = 3,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous @connection",
            .summary = "Set client eviction mode for the current connection",
            .since = "7.0.0",
            .complexity = "O(1)",
            .usage = "<ON | OFF>",
            .handler = CmdClientNoEvict});
  rows.add({.container = "client",
            .name = "no-touch",
            .arity = 3,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Controls whether commands sent by the client will alter the LRU/LFU of the "
                       "keys they access.",
            .since = "7.2.0",
            .complexity = "O(1)",
            .usage = "<ON | OFF>",
            .handler = CmdClientNoTouch});
  rows.add({.container = "client",
            .name = "reply",
            .arity = 3,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Instruct the server whether to reply to commands",
            .since = "3.2.0",
            .complexity = "O(1)",
            .usage = "<ON | OFF | SKIP>",
            .handler = CmdClientReply});
  rows.add({.container = "client",
            .name = "setinfo",
            .arity = 4,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Set client or connection specific info",
            .since = "7.2.0",
            .complexity = "O(1)",
            .usage = "<LIB-NAME libname | LIB-VER libver>",
            .handler = CmdClientSetInfo});
  rows.add({.container = "client",
            .name = "unblock",
            .arity = -3,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous @connection",
            .summary = "Unblock a client blocked in a blocking command from a different connection",
            .since = "5.0.0",
            .complexity = "O(log N) where N is the number of client connections",
            .usage = "client-id [TIMEOUT | ERROR]",
            .handler = CmdClientUnblock});
  rows.add({.container = "client",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Show helpful text about the different subcommands",
            .since = "5.0.0",
            .complexity = "O(1)",
            .handler = CmdClientHelp});
}

}  // namespace sable
