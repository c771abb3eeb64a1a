// CLIENT subcommands for client-side caching and pausing: TRACKING CACHING GETREDIR
// TRACKINGINFO PAUSE UNPAUSE. (The other CLIENT subcommands live in client_cmd.cc.)
#include <algorithm>

#include "server/blocking.h"
#include "server/commands/common.h"
#include "server/tracking.h"

namespace sable {

namespace {

// Parses the options after CLIENT TRACKING ON|OFF, in order (the first bad one's error wins). As
// in Redis, REDIRECT and PREFIX without a value are syntax errors, and a second REDIRECT is
// refused before its value is read. Replies and returns false on error.
bool parse_tracking_options(CommandContext& ctx, uint32_t* flags, uint64_t* redirect,
                            std::vector<std::string>* prefixes) {
  int64_t redir = 0;
  ArgCursor a(ctx.argv, 3);
  while (!a.done()) {
    if (a.remaining() >= 2 && a.match("REDIRECT")) {
      a.check(redir == 0, err::kTrackingOneRedirect);
      redir = a.next<int64_t>();
      a.check(ctx.server.find_client(static_cast<uint64_t>(redir)) != nullptr,
              err::kTrackingNoRedirectClient);
    } else if (a.remaining() >= 2 && a.match("PREFIX")) {
      prefixes->emplace_back(a.next());
    } else {
      static constexpr uint32_t kModes[] = {kTrackBcast, kTrackOptin, kTrackOptout, kTrackNoloop};
      int mode = a.match_one_of({"BCAST", "OPTIN", "OPTOUT", "NOLOOP"});
      if (a.check(mode >= 0, err::kSyntax)) *flags |= kModes[mode];
    }
  }
  if (!a.ok()) return ctx.reply.error(a.error()), false;
  *redirect = static_cast<uint64_t>(redir);
  return true;
}

// The first incompatibility between new tracking options and the client's state, or empty.
std::string tracking_conflict(const Client& c, uint32_t f, size_t nprefixes) {
  std::string_view e;
  if (!(f & kTrackBcast) && nprefixes)
    e = err::kTrackingPrefixNeedsBcast;
  else if ((c.tracking & kTrackOn) && bool(c.tracking & kTrackBcast) != bool(f & kTrackBcast))
    e = err::kTrackingBcastSwitch;
  else if ((f & kTrackBcast) && (f & (kTrackOptin | kTrackOptout)))
    e = err::kTrackingOptWithBcast;
  else if ((f & kTrackOptin) && (f & kTrackOptout))
    e = err::kTrackingOptinAndOptout;
  else if (((f & kTrackOptin) && (c.tracking & kTrackOptout)) ||
           ((f & kTrackOptout) && (c.tracking & kTrackOptin)))
    e = err::kTrackingOptSwitch;
  return std::string(e);
}

// CLIENT TRACKING ON|OFF [REDIRECT client-id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT]
//     [NOLOOP]
void CmdClientTracking(CommandContext& ctx) {
  uint32_t flags = 0;
  uint64_t redirect = 0;
  std::vector<std::string> prefixes;
  if (!parse_tracking_options(ctx, &flags, &redirect, &prefixes)) return;
  Tracking& t = *ctx.server.tracking;
  // ON|OFF is checked after the options, as Redis does.
  ArgCursor a(ctx.argv, 2);
  int on_off = a.match_one_of({"ON", "OFF"});
  if (on_off == 0) {
    std::string conflict = tracking_conflict(ctx.client, flags, prefixes.size());
    if (conflict.empty()) conflict = t.enable(ctx.client, flags, redirect, prefixes);
    if (!conflict.empty()) return ctx.reply.error(conflict);
  } else if (on_off == 1) {
    t.disable(ctx.client);
  } else {
    return ctx.reply.error(err::kSyntax);
  }
  ctx.reply.ok();
}

// CLIENT CACHING YES|NO
void CmdClientCaching(CommandContext& ctx) {
  Client& c = ctx.client;
  if (!(c.tracking & kTrackOn)) return ctx.reply.error(err::kCachingNotTracking);
  ArgCursor a(ctx.argv, 2);
  int yes_no = a.match_one_of({"YES", "NO"});
  if (yes_no == 0) {
    if (!(c.tracking & kTrackOptin)) return ctx.reply.error(err::kCachingYesNeedsOptin);
    c.tracking |= kTrackCachingYes;
  } else if (yes_no == 1) {
    if (!(c.tracking & kTrackOptout)) return ctx.reply.error(err::kCachingNoNeedsOptout);
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
// Hand-indexed: Redis checks the mode (argv[3]) before the timeout (argv[2]).
void CmdClientPause(CommandContext& ctx) {
  if (ctx.argc() > 4)
    return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "client"));
  bool all = true;
  if (ctx.argc() == 4) {
    ArgCursor mode(ctx.argv, 3);
    int m = mode.match_one_of({"WRITE", "ALL"});
    if (m < 0) return ctx.reply.error(err::kPauseMode);
    all = m == 1;
  }
  int64_t ms;
  if (!parse_int64(ctx.arg(2), &ms)) return ctx.reply.error(err::kTimeoutNotInteger);
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
