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
  FamilyRows rows(t, "pubsub");
  rows.add({.name = "subscribe",
            .arity = -2,
            .flags = kCmdPubsub | kCmdNoScript | kCmdLoading | kCmdStale | kCmdSubscribeContext,
            .acl = "@pubsub @slow",
            .summary = "Listen for messages published to the given channels",
            .since = "2.0.0",
            .complexity = "O(N) where N is the number of channels to subscribe to.",
            .usage = "channel ...",
            .handler = CmdSubscribe});
  rows.add({.name = "unsubscribe",
            .arity = -1,
            .flags = kCmdPubsub | kCmdNoScript | kCmdLoading | kCmdStale | kCmdSubscribeContext,
            .acl = "@pubsub @slow",
            .summary = "Stop listening for messages posted to the given channels",
            .since = "2.0.0",
            .complexity = "O(N) where N is the number of clients already subscribed to a channel.",
            .usage = "[channel ...]",
            .handler = CmdUnsubscribe});
  rows.add(
      {.name = "psubscribe",
       .arity = -2,
       .flags = kCmdPubsub | kCmdNoScript | kCmdLoading | kCmdStale | kCmdSubscribeContext,
       .acl = "@pubsub @slow",
       .summary = "Listen for messages published to channels matching the given patterns",
       .since = "2.0.0",
       .complexity = "O(N) where N is the number of patterns the client is already subscribed to.",
       .usage = "pattern ...",
       .handler = CmdPsubscribe});
  rows.add({.name = "punsubscribe",
            .arity = -1,
            .flags = kCmdPubsub | kCmdNoScript | kCmdLoading | kCmdStale | kCmdSubscribeContext,
            .acl = "@pubsub @slow",
            .summary = "Stop listening for messages posted to channels matching the given patterns",
            .since = "2.0.0",
            .complexity =
                "O(N+M) where N is the number of patterns the client is already subscribed and M "
                "is the number of total patterns subscribed in the system (by any client).",
            .usage = "[pattern ...]",
            .handler = CmdPunsubscribe});
  rows.add({.name = "publish",
            .arity = 3,
            .flags = kCmdPubsub | kCmdLoading | kCmdStale | kCmdFast | kCmdMayReplicate,
            .acl = "@pubsub @fast",
            .summary = "Post a message to a channel",
            .since = "2.0.0",
            .complexity =
                "O(N+M) where N is the number of clients subscribed to the receiving channel "
                "and M is the total number of subscribed patterns (by any client).",
            .usage = "channel message",
            .handler = CmdPublish});
  rows.add({.name = "ssubscribe",
            .arity = -2,
            .flags = kCmdPubsub | kCmdNoScript | kCmdLoading | kCmdStale | kCmdSubscribeContext,
            .keys = {1, -1, 1},
            .key_specs = "not_key | index 1 | range -1 1 0",
            .acl = "@pubsub @slow",
            .summary = "Listen for messages published to the given shard channels",
            .since = "7.0.0",
            .complexity = "O(N) where N is the number of shard channels to subscribe to.",
            .usage = "shardchannel ...",
            .handler = CmdSsubscribe});
  rows.add(
      {.name = "sunsubscribe",
       .arity = -1,
       .flags = kCmdPubsub | kCmdNoScript | kCmdLoading | kCmdStale | kCmdSubscribeContext,
       .keys = {1, -1, 1},
       .key_specs = "not_key | index 1 | range -1 1 0",
       .acl = "@pubsub @slow",
       .summary = "Stop listening for messages posted to the given shard channels",
       .since = "7.0.0",
       .complexity = "O(N) where N is the number of clients already subscribed to a shard channel.",
       .usage = "[shardchannel ...]",
       .handler = CmdSunsubscribe});
  rows.add({.name = "spublish",
            .arity = 3,
            .flags = kCmdPubsub | kCmdLoading | kCmdStale | kCmdFast | kCmdMayReplicate,
            .keys = {1, 1, 1},
            .key_specs = "not_key | index 1 | range 0 1 0",
            .acl = "@pubsub @fast",
            .summary = "Post a message to a shard channel",
            .since = "7.0.0",
            .complexity =
                "O(N) where N is the number of clients subscribed to the receiving shard channel.",
            .usage = "shardchannel message",
            .handler = CmdSpublish});
  rows.add({.name = "pubsub",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for Pub/Sub commands",
            .since = "2.8.0",
            .complexity = "Depends on subcommand.",
            .handler = CmdPubsubContainer});
  // Subcommands in the order Redis 7.0 lists them (COMMAND INFO / DOCS).
  rows.add({.container = "pubsub",
            .name = "channels",
            .arity = -2,
            .flags = kCmdPubsub | kCmdLoading | kCmdStale,
            .acl = "@pubsub @slow",
            .summary = "List active channels",
            .since = "2.8.0",
            .complexity = "O(N) where N is the number of active channels, and assuming constant "
                          "time pattern matching (relatively short channels and patterns)",
            .usage = "[pattern]",
            .handler = CmdPubsubChannels});
  rows.add({.container = "pubsub",
            .name = "numpat",
            .arity = 2,
            .flags = kCmdPubsub | kCmdLoading | kCmdStale,
            .acl = "@pubsub @slow",
            .summary = "Get the count of unique patterns pattern subscriptions",
            .since = "2.8.0",
            .complexity = "O(1)",
            .handler = CmdPubsubNumpat});
  rows.add(
      {.container = "pubsub",
       .name = "shardnumsub",
       .arity = -2,
       .flags = kCmdPubsub | kCmdLoading | kCmdStale,
       .acl = "@pubsub @slow",
       .summary = "Get the count of subscribers for shard channels",
       .since = "7.0.0",
       .complexity =
           "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
       .usage = "[shardchannel ...]",
       .handler = CmdPubsubShardNumsub});
  rows.add({.container = "pubsub",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow",
            .summary = "Show helpful text about the different subcommands",
            .since = "6.2.0",
            .complexity = "O(1)",
            .handler = CmdPubsubHelp});
  rows.add(
      {.container = "pubsub",
       .name = "numsub",
       .arity = -2,
       .flags = kCmdPubsub | kCmdLoading | kCmdStale,
       .acl = "@pubsub @slow",
       .summary = "Get the count of subscribers for channels",
       .since = "2.8.0",
       .complexity = "O(N) for the NUMSUB subcommand, where N is the number of requested channels",
       .usage = "[channel ...]",
       .handler = CmdPubsubNumsub});
  rows.add({.container = "pubsub",
            .name = "shardchannels",
            .arity = -2,
            .flags = kCmdPubsub | kCmdLoading | kCmdStale,
            .acl = "@pubsub @slow",
            .summary = "List active shard channels",
            .since = "7.0.0",
            .complexity = "O(N) where N is the number of active shard channels, and assuming "
                          "constant time pattern matching (relatively short shard channels).",
            .usage = "[pattern]",
            .handler = CmdPubsubShardChannels});
}

}  // namespace sable
