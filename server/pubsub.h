// Pub/sub: channel and pattern subscriptions, message delivery, keyspace notifications and the
// output-buffer limits that protect the server from subscribers that do not read.
//
// The model follows Redis. A channel maps to the clients subscribed to it, in the order they
// subscribed (that is the delivery order); a pattern maps to its clients the same way. Shard
// channels (SSUBSCRIBE/SPUBLISH) are a second, separate channel namespace that patterns never see.
// Each client's own subscriptions are kept here too, keyed by client id, so the Client class only
// carries the kClientPubsub flag (set while the client has at least one subscription).
//
// Delivery appends the message frame to the subscriber's reply buffer: an array in RESP2, a push
// frame in RESP3. After each delivery the subscriber's pending output (reply buffer plus bytes
// still being written) is checked against `client-output-buffer-limit`: past the hard limit, or
// above the soft limit for longer than its seconds, the client is marked to close and is freed
// on the next flush (close_pending), never in the middle of a publish.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "server/config.h"

namespace sable {

// Keyspace event classes, as Redis's NOTIFY_* bits.
enum NotifyClass : int {
  kNotifyKeyspace = 1 << 0,
  kNotifyKeyevent = 1 << 1,
  kNotifyGeneric = 1 << 2,
  kNotifyString = 1 << 3,
  kNotifyList = 1 << 4,
  kNotifySet = 1 << 5,
  kNotifyHash = 1 << 6,
  kNotifyZset = 1 << 7,
  kNotifyExpired = 1 << 8,
  kNotifyEvicted = 1 << 9,
  kNotifyStream = 1 << 10,
  kNotifyKeyMiss = 1 << 11,
  kNotifyLoaded = 1 << 12,
  kNotifyModule = 1 << 13,
  kNotifyNew = 1 << 14,
};

class Client;
class Server;

class PubSub {
 public:
  explicit PubSub(Server& server);

  // Subscriptions. Each returns true when the subscription is new. `shard` selects the shard
  // channel namespace (SSUBSCRIBE …). Subscribing maintains kClientPubsub.
  bool subscribe(Client& c, std::string_view channel, bool shard = false);
  bool unsubscribe(Client& c, std::string_view channel, bool shard = false);
  bool psubscribe(Client& c, std::string_view pattern);
  bool punsubscribe(Client& c, std::string_view pattern);

  // What the client is subscribed to: channels (unspecified order), patterns (in order).
  std::vector<std::string> client_channels(const Client& c, bool shard = false) const;
  std::vector<std::string> client_patterns(const Client& c) const;
  // Channels plus patterns (the count SUBSCRIBE/UNSUBSCRIBE replies carry).
  size_t subscription_count(const Client& c) const;
  size_t shard_subscription_count(const Client& c) const;
  // Clears kClientPubsub once the client has no subscription of any kind left.
  void update_flag(Client& c);

  // Delivers a message; returns the number of clients that received it.
  size_t publish(std::string_view channel, std::string_view message, bool shard = false);

  // Drops every subscription of a client silently (disconnect, RESET).
  void remove_client(Client& c);

  // Introspection for PUBSUB.
  std::vector<std::string> active_channels(std::string_view pattern, bool shard = false) const;
  size_t subscriber_count(std::string_view channel, bool shard = false) const;
  size_t pattern_count() const { return patterns_.size(); }
  size_t channel_count(bool shard = false) const { return channels_[shard].size(); }

  // Keyspace notifications (Server::notify_keyspace_event forwards here).
  void notify_keyspace_event(int type, std::string_view event, std::string_view key, int dbid);

  // Frees the clients that overran their output-buffer limits (called before each flush).
  void close_pending();

 private:
  struct ClientSubs {
    std::unordered_set<std::string> channels[2];  // [0] plain, [1] shard
    std::vector<std::string> patterns;            // in subscription order
    int64_t soft_limit_since_ms = 0;              // when the soft limit was first exceeded
  };
  using Subscribers = std::vector<Client*>;

  ClientSubs& subs_of(Client& c);
  const ClientSubs* find_subs(const Client& c) const;
  void drop_if_empty(const Client& c);
  // Appends one message frame to a subscriber and enforces its output-buffer limit.
  void deliver(Client& c, std::string_view kind, std::string_view pattern, std::string_view channel,
               std::string_view message);
  bool over_output_limit(Client& c, ClientSubs& s);

  Server& server_;
  std::unordered_map<std::string, Subscribers> channels_[2];
  std::unordered_map<std::string, Subscribers> patterns_;
  std::unordered_map<uint64_t, ClientSubs> clients_;
  std::vector<uint64_t> pending_close_;
};

// Parses a `notify-keyspace-events` class string ("KEA", "Kx" …) into NotifyClass bits; returns
// -1 on an unknown character. Formats the bits back as Redis does for CONFIG GET.
int parse_keyspace_events(std::string_view classes);
std::string format_keyspace_events(int flags);

// Parses `client-output-buffer-limit` arguments (<class> <hard> <soft> <seconds> …) into the
// three limits (normal, replica, pubsub); on error returns Redis's message and changes nothing.
std::string parse_output_buffer_limits(const std::vector<std::string>& args,
                                       Config::OutputBufferLimit* limits);
std::string format_output_buffer_limits(const Config::OutputBufferLimit* limits);

}  // namespace sable
