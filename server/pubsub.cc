// Pub/sub engine: subscriptions, delivery, keyspace notifications, output-buffer limits.
#include "server/pubsub.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "datatypes/clock.h"
#include "datatypes/glob.h"
#include "server/client.h"
#include "server/errors.h"
#include "server/pubsub.h"
#include "server/server.h"

namespace sable {

namespace {
constexpr int kNotifyAll = kNotifyGeneric | kNotifyString | kNotifyList | kNotifySet | kNotifyHash |
                           kNotifyZset | kNotifyExpired | kNotifyEvicted | kNotifyStream |
                           kNotifyModule;

// Removes one client from a subscriber list; erases the map entry once nobody is left.
void remove_subscriber(std::unordered_map<std::string, std::vector<Client*>>& map,
                       const std::string& name, Client* c) {
  auto it = map.find(name);
  if (it == map.end()) return;
  auto& v = it->second;
  auto pos = std::find(v.begin(), v.end(), c);
  if (pos != v.end()) v.erase(pos);
  if (v.empty()) map.erase(it);
}

// A short CLIENT LIST style description for the log line about a closed client.
std::string describe_client(const Client& c, size_t sub, size_t psub, size_t ssub) {
  int64_t now = now_ms();
  return fmt::format(
      "id={} addr={} laddr={} fd={} name={} age={} idle={} flags=P db={} sub={} psub={} ssub={} "
      "multi=-1 omem={} cmd={} resp={}",
      c.id, c.addr, c.laddr, c.fd, c.name, (now - c.ctime_ms) / 1000,
      (now - c.last_interaction_ms) / 1000, c.db_index, sub, psub, ssub,
      c.reply.buffer().size() + c.inflight.size(), c.last_cmd ? c.last_cmd->fullname : "NULL",
      c.resp());
}
}  // namespace

PubSub::PubSub(Server& server) : server_(server) {}

PubSub::ClientSubs& PubSub::subs_of(Client& c) { return clients_[c.id]; }

const PubSub::ClientSubs* PubSub::find_subs(const Client& c) const {
  auto it = clients_.find(c.id);
  return it == clients_.end() ? nullptr : &it->second;
}

void PubSub::drop_if_empty(const Client& c) {
  auto it = clients_.find(c.id);
  if (it == clients_.end()) return;
  const ClientSubs& s = it->second;
  if (s.channels[0].empty() && s.channels[1].empty() && s.patterns.empty()) clients_.erase(it);
}

bool PubSub::subscribe(Client& c, std::string_view channel, bool shard) {
  c.flags |= kClientPubsub;
  auto [it, added] = subs_of(c).channels[shard].emplace(channel);
  if (added) channels_[shard][*it].push_back(&c);
  return added;
}

bool PubSub::unsubscribe(Client& c, std::string_view channel, bool shard) {
  auto cit = clients_.find(c.id);
  if (cit == clients_.end()) return false;
  auto& set = cit->second.channels[shard];
  auto it = set.find(std::string(channel));
  if (it == set.end()) return false;
  remove_subscriber(channels_[shard], *it, &c);
  set.erase(it);
  drop_if_empty(c);
  return true;
}

bool PubSub::psubscribe(Client& c, std::string_view pattern) {
  c.flags |= kClientPubsub;
  ClientSubs& s = subs_of(c);
  if (std::find(s.patterns.begin(), s.patterns.end(), pattern) != s.patterns.end()) return false;
  s.patterns.emplace_back(pattern);
  patterns_[s.patterns.back()].push_back(&c);
  return true;
}

bool PubSub::punsubscribe(Client& c, std::string_view pattern) {
  auto cit = clients_.find(c.id);
  if (cit == clients_.end()) return false;
  auto& v = cit->second.patterns;
  auto it = std::find(v.begin(), v.end(), pattern);
  if (it == v.end()) return false;
  remove_subscriber(patterns_, *it, &c);
  v.erase(it);
  drop_if_empty(c);
  return true;
}

std::vector<std::string> PubSub::client_channels(const Client& c, bool shard) const {
  const ClientSubs* s = find_subs(c);
  if (!s) return {};
  return {s->channels[shard].begin(), s->channels[shard].end()};
}

std::vector<std::string> PubSub::client_patterns(const Client& c) const {
  const ClientSubs* s = find_subs(c);
  return s ? s->patterns : std::vector<std::string>{};
}

size_t PubSub::subscription_count(const Client& c) const {
  const ClientSubs* s = find_subs(c);
  return s ? s->channels[0].size() + s->patterns.size() : 0;
}

size_t PubSub::shard_subscription_count(const Client& c) const {
  const ClientSubs* s = find_subs(c);
  return s ? s->channels[1].size() : 0;
}

void PubSub::update_flag(Client& c) {
  if (!find_subs(c)) c.flags &= ~kClientPubsub;
}

void PubSub::remove_client(Client& c) {
  auto it = clients_.find(c.id);
  if (it != clients_.end()) {
    ClientSubs& s = it->second;
    for (int k = 0; k < 2; ++k)
      for (const std::string& ch : s.channels[k]) remove_subscriber(channels_[k], ch, &c);
    for (const std::string& p : s.patterns) remove_subscriber(patterns_, p, &c);
    clients_.erase(it);
  }
  c.flags &= ~kClientPubsub;
}

size_t PubSub::publish(std::string_view channel, std::string_view message, bool shard) {
  size_t receivers = 0;
  auto& map = channels_[shard];
  if (auto it = map.find(std::string(channel)); it != map.end()) {
    // Delivery never changes subscriptions (closing is deferred), so the list is stable.
    for (Client* c : it->second) {
      deliver(*c, shard ? "smessage" : "message", {}, channel, message);
      ++receivers;
    }
  }
  if (shard) return receivers;  // shard channels are invisible to patterns
  for (auto& [pattern, subscribers] : patterns_) {
    if (!glob_match(pattern, channel)) continue;
    for (Client* c : subscribers) {
      deliver(*c, "pmessage", pattern, channel, message);
      ++receivers;
    }
  }
  return receivers;
}

void PubSub::deliver(Client& c, std::string_view kind, std::string_view pattern,
                     std::string_view channel, std::string_view message) {
  if (c.has(kClientCloseAsap | kClientClosing)) return;  // on its way out: send nothing more
  ReplyWriter& r = c.reply;
  ReplyWriter::PushScope push(r);  // messages ignore CLIENT REPLY OFF/SKIP
  bool pmessage = !pattern.empty() || kind == "pmessage";
  size_t n = pmessage ? 4 : 3;
  if (c.resp() >= 3)
    r.push_len(n);
  else
    r.array_len(n);
  r.bulk(kind);
  if (pmessage) r.bulk(pattern);
  r.bulk(channel);
  r.bulk(message);
  server_.queue_write(c);
  if (!c.has_conn) return;  // in-process clients have no socket to protect
  auto it = clients_.find(c.id);
  if (it == clients_.end() || !over_output_limit(c, it->second)) return;
  const ClientSubs& s = it->second;
  server_.log(kLogWarning,
              fmt::format("Client {} scheduled to be closed ASAP for overcoming of output buffer "
                          "limits.",
                          describe_client(c, s.channels[0].size(), s.patterns.size(),
                                          s.channels[1].size())));
  c.flags |= kClientCloseAsap;
  pending_close_.push_back(c.id);
}

bool PubSub::over_output_limit(Client& c, ClientSubs& s) {
  const Config::OutputBufferLimit& lim = server_.config.obuf_limits[Config::kObufPubsub];
  long long used = static_cast<long long>(c.reply.buffer().size() + c.inflight.size());
  if (lim.hard > 0 && used >= lim.hard) return true;
  if (lim.soft <= 0 || used < lim.soft) {
    s.soft_limit_since_ms = 0;
    return false;
  }
  int64_t now = now_ms();
  if (s.soft_limit_since_ms == 0) {
    s.soft_limit_since_ms = now;  // first time over: start the clock
    return false;
  }
  return now - s.soft_limit_since_ms > lim.soft_seconds * 1000;
}

void PubSub::close_pending() {
  if (pending_close_.empty()) return;
  std::vector<uint64_t> ids;
  ids.swap(pending_close_);
  for (uint64_t id : ids)
    if (Client* c = server_.find_client(id)) server_.free_client(c);
}

std::vector<std::string> PubSub::active_channels(std::string_view pattern, bool shard) const {
  std::vector<std::string> out;
  for (const auto& [name, subscribers] : channels_[shard])
    if (pattern.empty() || glob_match(pattern, name)) out.push_back(name);
  return out;
}

size_t PubSub::subscriber_count(std::string_view channel, bool shard) const {
  auto it = channels_[shard].find(std::string(channel));
  return it == channels_[shard].end() ? 0 : it->second.size();
}

void PubSub::notify_keyspace_event(int type, std::string_view event, std::string_view key,
                                   int dbid) {
  int flags = server_.config.notify_keyspace_flags;
  if (!(flags & type)) return;
  if (flags & kNotifyKeyspace) {
    std::string channel = fmt::format("__keyspace@{}__:", dbid);
    channel.append(key);
    publish(channel, event);
  }
  if (flags & kNotifyKeyevent) {
    std::string channel = fmt::format("__keyevent@{}__:", dbid);
    channel.append(event);
    publish(channel, key);
  }
}

int parse_keyspace_events(std::string_view classes) {
  int flags = 0;
  for (char ch : classes) {
    switch (ch) {
      case 'A':
        flags |= kNotifyAll;
        break;
      case 'g':
        flags |= kNotifyGeneric;
        break;
      case '$':
        flags |= kNotifyString;
        break;
      case 'l':
        flags |= kNotifyList;
        break;
      case 's':
        flags |= kNotifySet;
        break;
      case 'h':
        flags |= kNotifyHash;
        break;
      case 'z':
        flags |= kNotifyZset;
        break;
      case 'x':
        flags |= kNotifyExpired;
        break;
      case 'e':
        flags |= kNotifyEvicted;
        break;
      case 'K':
        flags |= kNotifyKeyspace;
        break;
      case 'E':
        flags |= kNotifyKeyevent;
        break;
      case 't':
        flags |= kNotifyStream;
        break;
      case 'm':
        flags |= kNotifyKeyMiss;
        break;
      case 'd':
        flags |= kNotifyModule;
        break;
      case 'n':
        flags |= kNotifyNew;
        break;
      default:
        return -1;
    }
  }
  return flags;
}

std::string format_keyspace_events(int flags) {
  std::string s;
  if ((flags & kNotifyAll) == kNotifyAll) {
    s += 'A';
  } else {
    static const std::pair<int, char> order[] = {
        {kNotifyGeneric, 'g'}, {kNotifyString, '$'}, {kNotifyList, 'l'},    {kNotifySet, 's'},
        {kNotifyHash, 'h'},    {kNotifyZset, 'z'},   {kNotifyExpired, 'x'}, {kNotifyEvicted, 'e'},
        {kNotifyStream, 't'},  {kNotifyModule, 'd'}, {kNotifyNew, 'n'}};
    for (auto [bit, ch] : order)
      if (flags & bit) s += ch;
  }
  if (flags & kNotifyKeyspace) s += 'K';
  if (flags & kNotifyKeyevent) s += 'E';
  if (flags & kNotifyKeyMiss) s += 'm';
  return s;
}

namespace {
// Redis's memtoull: digits then an optional unit (b k kb m mb g gb, any case); no sign.
bool parse_unsigned_memory(const std::string& s, long long* out) {
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  std::string unit = s.substr(i);
  for (char& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  long long mul;
  if (unit.empty() || unit == "b")
    mul = 1;
  else if (unit == "k")
    mul = 1000;
  else if (unit == "kb")
    mul = 1024;
  else if (unit == "m")
    mul = 1000LL * 1000;
  else if (unit == "mb")
    mul = 1024LL * 1024;
  else if (unit == "g")
    mul = 1000LL * 1000 * 1000;
  else if (unit == "gb")
    mul = 1024LL * 1024 * 1024;
  else
    return false;
  errno = 0;
  unsigned long long v = std::strtoull(s.substr(0, i).c_str(), nullptr, 10);
  if (errno == ERANGE || v > static_cast<unsigned long long>(LLONG_MAX / mul)) return false;
  *out = static_cast<long long>(v) * mul;
  return true;
}

int obuf_class(const std::string& name) {
  std::string n = name;
  for (char& ch : n) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (n == "normal") return Config::kObufNormal;
  if (n == "slave" || n == "replica") return Config::kObufReplica;
  if (n == "pubsub") return Config::kObufPubsub;
  return -1;  // "master" is a class Redis knows but refuses here, like any unknown name
}
}  // namespace

std::string parse_output_buffer_limits(const std::vector<std::string>& in,
                                       Config::OutputBufferLimit* limits) {
  // CONFIG SET passes the whole value as one argument; a config file line arrives split.
  std::vector<std::string> args;
  for (const std::string& a : in) {
    size_t i = 0;
    while (i < a.size()) {
      while (i < a.size() && std::isspace(static_cast<unsigned char>(a[i]))) ++i;
      size_t j = i;
      while (j < a.size() && !std::isspace(static_cast<unsigned char>(a[j]))) ++j;
      if (j > i) args.push_back(a.substr(i, j - i));
      i = j;
    }
  }
  if (args.size() % 4) return std::string(err::kConfigObufArgCount);
  Config::OutputBufferLimit next[3];
  std::copy(limits, limits + 3, next);
  for (size_t k = 0; k < args.size(); k += 4) {
    int cls = obuf_class(args[k]);
    if (cls < 0) return std::string(err::kConfigObufClass);
    Config::OutputBufferLimit l;
    char* end = nullptr;
    const char* secs = args[k + 3].c_str();
    l.soft_seconds = std::strtoll(secs, &end, 10);
    if (!parse_unsigned_memory(args[k + 1], &l.hard) ||
        !parse_unsigned_memory(args[k + 2], &l.soft) || *end != '\0' || l.soft_seconds < 0)
      return std::string(err::kConfigObufLimits);
    next[cls] = l;
  }
  std::copy(next, next + 3, limits);
  return {};
}

std::string format_output_buffer_limits(const Config::OutputBufferLimit* limits) {
  static const char* names[] = {"normal", "slave", "pubsub"};
  std::string s;
  for (int k = 0; k < 3; ++k)
    s += fmt::format("{}{} {} {} {}", k ? " " : "", names[k], limits[k].hard, limits[k].soft,
                     limits[k].soft_seconds);
  return s;
}

}  // namespace sable
