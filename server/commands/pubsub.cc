// Pub/sub commands: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH, the shard variants
// SSUBSCRIBE SUNSUBSCRIBE SPUBLISH, and the PUBSUB introspection container. The engine lives in
// server/pubsub.cc; these handlers only shape the replies.
//
// Every (un)subscription is confirmed with its own three-element frame — kind, name, the number
// of subscriptions the client still has — sent as an array in RESP2 and as a push in RESP3.
#include "server/pubsub.h"

#include <fmt/format.h>

#include "server/commands/common.h"

namespace sable {

namespace {

// One confirmation frame; a null name when there was nothing to unsubscribe from. Like a
// message, it is delivered even when the client turned its replies off.
void reply_subscription(ReplyWriter& r, std::string_view kind, const std::string_view* name,
                        size_t count) {
  ReplyWriter::PushScope push(r);
  if (r.proto() >= 3)
    r.push_len(3);
  else
    r.array_len(3);
  r.bulk(kind);
  if (name)
    r.bulk(*name);
  else
    r.null();
  r.integer(static_cast<long long>(count));
}

// SUBSCRIBE channel [channel ...]  /  SSUBSCRIBE shardchannel [shardchannel ...]
void subscribe_generic(CommandContext& ctx, bool shard) {
  PubSub& ps = *ctx.server.pubsub;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view ch = ctx.arg(i);
    ps.subscribe(ctx.client, ch, shard);
    size_t n = shard ? ps.shard_subscription_count(ctx.client) : ps.subscription_count(ctx.client);
    reply_subscription(ctx.reply, shard ? "ssubscribe" : "subscribe", &ch, n);
  }
}

// UNSUBSCRIBE [channel ...]  /  SUNSUBSCRIBE [shardchannel ...]
void unsubscribe_generic(CommandContext& ctx, bool shard) {
  PubSub& ps = *ctx.server.pubsub;
  Client& c = ctx.client;
  std::string_view kind = shard ? "sunsubscribe" : "unsubscribe";
  auto count = [&] { return shard ? ps.shard_subscription_count(c) : ps.subscription_count(c); };
  if (ctx.argc() == 1) {
    std::vector<std::string> all = ps.client_channels(c, shard);
    for (const std::string& ch : all) {
      ps.unsubscribe(c, ch, shard);
      std::string_view name = ch;
      reply_subscription(ctx.reply, kind, &name, count());
    }
    if (all.empty()) reply_subscription(ctx.reply, kind, nullptr, count());
  } else {
    for (size_t i = 1; i < ctx.argc(); ++i) {
      std::string_view ch = ctx.arg(i);
      ps.unsubscribe(c, ch, shard);
      reply_subscription(ctx.reply, kind, &ch, count());
    }
  }
  ps.update_flag(c);
}

void CmdSubscribe(CommandContext& ctx) { subscribe_generic(ctx, false); }
void CmdUnsubscribe(CommandContext& ctx) { unsubscribe_generic(ctx, false); }
void CmdSunsubscribe(CommandContext& ctx) { unsubscribe_generic(ctx, true); }

// SSUBSCRIBE shardchannel [shardchannel ...]
void CmdSsubscribe(CommandContext& ctx) {
  // Refused where a reply per command is expected (inside EXEC), as in Redis.
  if (ctx.client.has(kClientDenyBlocking)) return ctx.reply.error(err::kSsubscribeDenyBlocking);
  subscribe_generic(ctx, true);
}

// PSUBSCRIBE pattern [pattern ...]
void CmdPsubscribe(CommandContext& ctx) {
  PubSub& ps = *ctx.server.pubsub;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view p = ctx.arg(i);
    ps.psubscribe(ctx.client, p);
    reply_subscription(ctx.reply, "psubscribe", &p, ps.subscription_count(ctx.client));
  }
}

// PUNSUBSCRIBE [pattern ...]
void CmdPunsubscribe(CommandContext& ctx) {
  PubSub& ps = *ctx.server.pubsub;
  Client& c = ctx.client;
  if (ctx.argc() == 1) {
    std::vector<std::string> all = ps.client_patterns(c);
    for (const std::string& p : all) {
      ps.punsubscribe(c, p);
      std::string_view name = p;
      reply_subscription(ctx.reply, "punsubscribe", &name, ps.subscription_count(c));
    }
    if (all.empty())
      reply_subscription(ctx.reply, "punsubscribe", nullptr, ps.subscription_count(c));
  } else {
    for (size_t i = 1; i < ctx.argc(); ++i) {
      std::string_view p = ctx.arg(i);
      ps.punsubscribe(c, p);
      reply_subscription(ctx.reply, "punsubscribe", &p, ps.subscription_count(c));
    }
  }
  ps.update_flag(c);
}

// PUBLISH channel message
void CmdPublish(CommandContext& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.server.pubsub->publish(ctx.arg(1), ctx.arg(2))));
}

// SPUBLISH shardchannel message
void CmdSpublish(CommandContext& ctx) {
  ctx.reply.integer(
      static_cast<long long>(ctx.server.pubsub->publish(ctx.arg(1), ctx.arg(2), true)));
}

// PUBSUB CHANNELS [pattern]  /  PUBSUB SHARDCHANNELS [pattern]
void channels_generic(CommandContext& ctx, bool shard) {
  if (ctx.argc() > 3)
    return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "pubsub"));
  std::vector<std::string> names =
      ctx.server.pubsub->active_channels(ctx.argc() == 3 ? ctx.arg(2) : "", shard);
  ctx.reply.array_len(names.size());
  for (const std::string& n : names) ctx.reply.bulk(n);
}

// PUBSUB NUMSUB [channel ...]  /  PUBSUB SHARDNUMSUB [shardchannel ...]
void numsub_generic(CommandContext& ctx, bool shard) {
  ctx.reply.array_len((ctx.argc() - 2) * 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    ctx.reply.bulk(ctx.arg(i));
    ctx.reply.integer(
        static_cast<long long>(ctx.server.pubsub->subscriber_count(ctx.arg(i), shard)));
  }
}

void CmdPubsubChannels(CommandContext& ctx) { channels_generic(ctx, false); }
void CmdPubsubShardChannels(CommandContext& ctx) { channels_generic(ctx, true); }
void CmdPubsubNumsub(CommandContext& ctx) { numsub_generic(ctx, false); }
void CmdPubsubShardNumsub(CommandContext& ctx) { numsub_generic(ctx, true); }

// PUBSUB NUMPAT
void CmdPubsubNumpat(CommandContext& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.server.pubsub->pattern_count()));
}

// PUBSUB HELP
void CmdPubsubHelp(CommandContext& ctx) {
  static const char* const lines[] = {
      "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CHANNELS [<pattern>]",
      "    Return the currently active channels matching a <pattern> (default: '*').",
      "NUMPAT",
      "    Return number of subscriptions to patterns.",
      "NUMSUB [<channel> ...]",
      "    Return the number of subscribers for the specified channels, excluding",
      "    pattern subscriptions(default: no channels).",
      "SHARDCHANNELS [<pattern>]",
      "    Return the currently active shard level channels matching a <pattern> (default: '*').",
      "SHARDNUMSUB [<shardchannel> ...]",
      "    Return the number of subscribers for the specified shard level channel(s)",
      "HELP",
      "    Prints this help.",
  };
  ctx.reply.array_len(std::size(lines));
  for (const char* l : lines) ctx.reply.simple(l);
}

// The PUBSUB container itself never runs: the table resolves its subcommands.
void CmdPubsubContainer(CommandContext& ctx) { ctx.reply.error(err::wrong_arity("pubsub")); }

}  // namespace

void RegisterPubsubFamily(CommandTable& t) {
  const uint32_t sub_flags = kCmdPubsub | kCmdNoScript | kCmdLoading | kCmdStale;
  const uint32_t pub_flags = kCmdPubsub | kCmdLoading | kCmdStale | kCmdFast;
  auto add = [&](const char* name, int arity, uint32_t flags, Handler h, const char* summary,
                 const char* since, const char* complexity, const char* acl, int first = 0,
                 int last = 0) {
    t.add({.name = name,
           .arity = arity,
           .flags = flags,
           .first_key = first,
           .last_key = last,
           .key_step = first ? 1 : 0,
           .handler = h,
           .group = "pubsub",
           .summary = summary,
           .since = since,
           .complexity = complexity,
           .acl_categories = acl});
  };
  add("subscribe", -2, sub_flags, CmdSubscribe,
      "Listen for messages published to the given channels", "2.0.0",
      "O(N) where N is the number of channels to subscribe to.", "pubsub slow");
  add("unsubscribe", -1, sub_flags, CmdUnsubscribe,
      "Stop listening for messages posted to the given channels", "2.0.0",
      "O(N) where N is the number of clients already subscribed to a channel.", "pubsub slow");
  add("psubscribe", -2, sub_flags, CmdPsubscribe,
      "Listen for messages published to channels matching the given patterns", "2.0.0",
      "O(N) where N is the number of patterns the client is already subscribed to.", "pubsub slow");
  add("punsubscribe", -1, sub_flags, CmdPunsubscribe,
      "Stop listening for messages posted to channels matching the given patterns", "2.0.0",
      "O(N+M) where N is the number of patterns the client is already subscribed and M is the "
      "number of total patterns subscribed in the system (by any client).",
      "pubsub slow");
  add("publish", 3, pub_flags, CmdPublish, "Post a message to a channel", "2.0.0",
      "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the "
      "total number of subscribed patterns (by any client).",
      "pubsub fast");
  add("ssubscribe", -2, sub_flags, CmdSsubscribe,
      "Listen for messages published to the given shard channels", "7.0.0",
      "O(N) where N is the number of shard channels to subscribe to.", "pubsub slow", 1, -1);
  add("sunsubscribe", -1, sub_flags, CmdSunsubscribe,
      "Stop listening for messages posted to the given shard channels", "7.0.0",
      "O(N) where N is the number of clients already subscribed to a shard channel.", "pubsub slow",
      1, -1);
  add("spublish", 3, pub_flags, CmdSpublish, "Post a message to a shard channel", "7.0.0",
      "O(N) where N is the number of clients subscribed to the receiving shard channel.",
      "pubsub fast", 1, 1);

  t.add({.name = "pubsub",
         .arity = -2,
         .flags = 0,
         .handler = CmdPubsubContainer,
         .group = "pubsub",
         .summary = "A container for Pub/Sub commands",
         .since = "2.8.0",
         .complexity = "Depends on subcommand.",
         .acl_categories = "slow"});
  // Subcommands in the order Redis 7.0 lists them (COMMAND INFO / DOCS).
  const uint32_t intro = kCmdPubsub | kCmdLoading | kCmdStale;
  auto sub = [&](const char* name, int arity, uint32_t flags, Handler h, const char* summary,
                 const char* since, const char* complexity, const char* acl) {
    t.add_sub("pubsub", {.name = name,
                         .arity = arity,
                         .flags = flags,
                         .handler = h,
                         .group = "pubsub",
                         .summary = summary,
                         .since = since,
                         .complexity = complexity,
                         .acl_categories = acl});
  };
  sub("channels", -2, intro, CmdPubsubChannels, "List active channels", "2.8.0",
      "O(N) where N is the number of active channels, and assuming constant time pattern "
      "matching (relatively short channels and patterns)",
      "pubsub slow");
  sub("numpat", 2, intro, CmdPubsubNumpat, "Get the count of unique patterns pattern subscriptions",
      "2.8.0", "O(1)", "pubsub slow");
  sub("shardnumsub", -2, intro, CmdPubsubShardNumsub,
      "Get the count of subscribers for shard channels", "7.0.0",
      "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
      "pubsub slow");
  sub("help", 2, kCmdLoading | kCmdStale, CmdPubsubHelp,
      "Show helpful text about the different subcommands", "6.2.0", "O(1)", "slow");
  sub("numsub", -2, intro, CmdPubsubNumsub, "Get the count of subscribers for channels", "2.8.0",
      "O(N) for the NUMSUB subcommand, where N is the number of requested channels", "pubsub slow");
  sub("shardchannels", -2, intro, CmdPubsubShardChannels, "List active shard channels", "7.0.0",
      "O(N) where N is the number of active shard channels, and assuming constant time pattern "
      "matching (relatively short shard channels).",
      "pubsub slow");
}

}  // namespace sable
