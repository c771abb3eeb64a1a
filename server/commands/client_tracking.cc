// CLIENT subcommands for client-side caching and pausing: TRACKING CACHING GETREDIR
// TRACKINGINFO PAUSE UNPAUSE. (The other CLIENT subcommands live in client_cmd.cc.)
#include <algorithm>

#include "server/blocking.h"
#include "server/commands/common.h"
#include "server/tracking.h"

namespace sable {

namespace {

// Parses the options after CLIENT TRACKING ON|OFF. Replies and returns false on error.
bool parse_tracking_options(CommandContext& ctx, uint32_t* flags, uint64_t* redirect,
                            std::vector<std::string>* prefixes) {
  int64_t redir = 0;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    std::string_view a = ctx.arg(j);
    bool more = j + 1 < ctx.argc();
    if (iequals(a, "REDIRECT") && more) {
      if (redir != 0) {
        ctx.reply.error("ERR A client can only redirect to a single other client");
        return false;
      }
      if (!parse_int64(ctx.arg(++j), &redir)) {
        ctx.reply.error(err::kNotInteger);
        return false;
      }
      if (!ctx.server.find_client(static_cast<uint64_t>(redir))) {
        ctx.reply.error("ERR The client ID you want redirect to does not exist");
        return false;
      }
    } else if (iequals(a, "BCAST")) {
      *flags |= kTrackBcast;
    } else if (iequals(a, "OPTIN")) {
      *flags |= kTrackOptin;
    } else if (iequals(a, "OPTOUT")) {
      *flags |= kTrackOptout;
    } else if (iequals(a, "NOLOOP")) {
      *flags |= kTrackNoloop;
    } else if (iequals(a, "PREFIX") && more) {
      prefixes->emplace_back(ctx.arg(++j));
    } else {
      ctx.reply.error(err::kSyntax);
      return false;
    }
  }
  *redirect = static_cast<uint64_t>(redir);
  return true;
}

// The first incompatibility between new tracking options and the client's state, or empty.
std::string tracking_conflict(const Client& c, uint32_t f, size_t nprefixes) {
  if (!(f & kTrackBcast) && nprefixes) return "ERR PREFIX option requires BCAST mode to be enabled";
  if ((c.tracking & kTrackOn) && bool(c.tracking & kTrackBcast) != bool(f & kTrackBcast))
    return "ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
           "and then re-enabling it with a different mode.";
  if ((f & kTrackBcast) && (f & (kTrackOptin | kTrackOptout)))
    return "ERR OPTIN and OPTOUT are not compatible with BCAST";
  if ((f & kTrackOptin) && (f & kTrackOptout)) return "ERR You can't specify both OPTIN mode and OPTOUT mode";
  if (((f & kTrackOptin) && (c.tracking & kTrackOptout)) ||
      ((f & kTrackOptout) && (c.tracking & kTrackOptin)))
    return "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
           "and then re-enabling it with a different mode.";
  return {};
}

// CLIENT TRACKING ON|OFF [REDIRECT client-id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT]
//     [NOLOOP]
void CmdClientTracking(CommandContext& ctx) {
  uint32_t flags = 0;
  uint64_t redirect = 0;
  std::vector<std::string> prefixes;
  if (!parse_tracking_options(ctx, &flags, &redirect, &prefixes)) return;
  Tracking& t = *ctx.server.tracking;
  if (iequals(ctx.arg(2), "ON")) {
    std::string conflict = tracking_conflict(ctx.client, flags, prefixes.size());
    if (conflict.empty()) conflict = t.enable(ctx.client, flags, redirect, prefixes);
    if (!conflict.empty()) return ctx.reply.error(conflict);
  } else if (iequals(ctx.arg(2), "OFF")) {
    t.disable(ctx.client);
  } else {
    return ctx.reply.error(err::kSyntax);
  }
  ctx.reply.ok();
}

// CLIENT CACHING YES|NO
void CmdClientCaching(CommandContext& ctx) {
  Client& c = ctx.client;
  if (!(c.tracking & kTrackOn))
    return ctx.reply.error(
        "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
        "OPTOUT mode enabled");
  if (iequals(ctx.arg(2), "YES")) {
    if (!(c.tracking & kTrackOptin))
      return ctx.reply.error(
          "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
    c.tracking |= kTrackCachingYes;
  } else if (iequals(ctx.arg(2), "NO")) {
    if (!(c.tracking & kTrackOptout))
      return ctx.reply.error(
          "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
    c.tracking |= kTrackCachingNo;
  } else {
    return ctx.reply.error(err::kSyntax);
  }
  ctx.reply.ok();
}

// CLIENT GETREDIR
void CmdClientGetRedir(CommandContext& ctx) {
  const Client& c = ctx.client;
  ctx.reply.integer((c.tracking & kTrackOn) ? static_cast<long long>(c.tracking_redirect) : -1);
}

// CLIENT TRACKINGINFO
void CmdClientTrackingInfo(CommandContext& ctx) {
  const Client& c = ctx.client;
  ReplyWriter& r = ctx.reply;
  std::vector<const char*> flags{(c.tracking & kTrackOn) ? "on" : "off"};
  if (c.tracking & kTrackBcast) flags.push_back("bcast");
  if (c.tracking & kTrackOptin) {
    flags.push_back("optin");
    if (c.tracking & kTrackCachingYes) flags.push_back("caching-yes");
  }
  if (c.tracking & kTrackOptout) {
    flags.push_back("optout");
    if (c.tracking & kTrackCachingNo) flags.push_back("caching-no");
  }
  if (c.tracking & kTrackNoloop) flags.push_back("noloop");
  if (c.tracking & kTrackBrokenRedir) flags.push_back("broken_redirect");
  r.map_len(3);
  r.bulk("flags");
  r.set_len(flags.size());
  for (const char* f : flags) r.bulk(f);
  r.bulk("redirect");
  r.integer((c.tracking & kTrackOn) ? static_cast<long long>(c.tracking_redirect) : -1);
  r.bulk("prefixes");
  std::vector<std::string> prefixes = c.tracking_prefixes;
  std::sort(prefixes.begin(), prefixes.end());
  r.array_len(prefixes.size());
  for (auto& p : prefixes) r.bulk(p);
}

// CLIENT PAUSE timeout [WRITE|ALL]
void CmdClientPause(CommandContext& ctx) {
  bool all = true;
  if (ctx.argc() == 4) {
    if (iequals(ctx.arg(3), "WRITE"))
      all = false;
    else if (!iequals(ctx.arg(3), "ALL"))
      return ctx.reply.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
  }
  int64_t ms;
  if (!parse_int64(ctx.arg(2), &ms))
    return ctx.reply.error("ERR timeout is not an integer or out of range");
  if (ms < 0) return ctx.reply.error(err::kTimeoutNegative);
  int64_t end = ms > INT64_MAX - now_ms() ? INT64_MAX : ms + now_ms();
  Server& s = ctx.server;
  s.pause_all = all;
  s.pause_end_ms = std::max(s.pause_end_ms, end);
  ctx.reply.ok();
}

// CLIENT UNPAUSE
void CmdClientUnpause(CommandContext& ctx) {
  ctx.server.unpause_clients();
  ctx.reply.ok();
}

}  // namespace

void RegisterClientTrackingCommands(CommandTable& t) {
  FamilyRows rows(t, "connection");
  rows.add(
      {.container = "client",
       .name = "tracking",
       .arity = -3,
       .flags = kCmdNoScript | kCmdLoading | kCmdStale,
       .acl = "@slow @connection",
       .summary = "Enable or disable server assisted client side caching support",
       .since = "6.0.0",
       .complexity = "O(1)",
       .usage =
           "<ON | OFF> [REDIRECT client-id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]",
       .handler = CmdClientTracking});
  rows.add({.container = "client",
            .name = "caching",
            .arity = 3,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Instruct the server about tracking or not keys in the next request",
            .since = "6.0.0",
            .complexity = "O(1)",
            .usage = "<YES | NO>",
            .handler = CmdClientCaching});
  rows.add({.container = "client",
            .name = "getredir",
            .arity = 2,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Get tracking notifications redirection client ID if any",
            .since = "6.0.0",
            .complexity = "O(1)",
            .handler = CmdClientGetRedir});
  rows.add({.container = "client",
            .name = "trackinginfo",
            .arity = 2,
            .flags = kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@slow @connection",
            .summary = "Return information about server assisted client side caching for the "
                       "current connection",
            .since = "6.2.0",
            .complexity = "O(1)",
            .handler = CmdClientTrackingInfo});
  rows.add({.container = "client",
            .name = "pause",
            .arity = -3,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous @connection",
            .summary = "Stop processing commands from clients for some time",
            .since = "2.9.50",
            .complexity = "O(1)",
            .usage = "timeout [WRITE | ALL]",
            .handler = CmdClientPause});
  rows.add({.container = "client",
            .name = "unpause",
            .arity = 2,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous @connection",
            .summary = "Resume processing of clients that were paused",
            .since = "6.2.0",
            .complexity = "O(1)",
            .handler = CmdClientUnpause});
}

}  // namespace sable
