// Client-side caching: tracking table, BCAST prefixes, invalidation messages.
#include "server/tracking.h"

#include "server/client.h"
#include "server/command.h"
#include "server/errors.h"
#include "server/server.h"

namespace sable {

namespace {
bool prefixes_overlap(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  return a.substr(0, n) == b.substr(0, n);
}
}  // namespace

std::string Tracking::enable(Client& c, uint32_t flags, uint64_t redirect,
                             const std::vector<std::string>& prefixes) {
  if (flags & kTrackBcast) {
    // New prefixes may overlap neither the client's existing ones nor each other.
    for (size_t i = 0; i < prefixes.size(); ++i) {
      for (auto& q : c.tracking_prefixes)
        if (prefixes_overlap(prefixes[i], q)) return err::prefix_overlaps_existing(prefixes[i], q);
      for (size_t j = i + 1; j < prefixes.size(); ++j)
        if (prefixes_overlap(prefixes[i], prefixes[j]))
          return err::prefix_overlaps_provided(prefixes[i], prefixes[j]);
    }
    std::vector<std::string> add = prefixes;
    if (add.empty()) add.push_back("");
    for (auto& p : add) {
      prefixes_[p].insert(c.id);
      bool have = false;
      for (auto& q : c.tracking_prefixes) have = have || q == p;
      if (!have) c.tracking_prefixes.push_back(p);
    }
  }
  if (!(c.tracking & kTrackOn)) ++clients_;
  c.tracking = (flags & ~(kTrackCachingYes | kTrackCachingNo | kTrackBrokenRedir)) | kTrackOn;
  c.tracking_redirect = redirect;
  return {};
}

void Tracking::disable(Client& c) {
  if (!(c.tracking & kTrackOn)) return;
  for (auto& p : c.tracking_prefixes) {
    auto it = prefixes_.find(p);
    if (it == prefixes_.end()) continue;
    it->second.erase(c.id);
    if (it->second.empty()) prefixes_.erase(it);
  }
  pending_bcast_.erase(c.id);
  c.tracking_prefixes.clear();
  c.tracking = 0;
  c.tracking_redirect = 0;
  --clients_;
  // Entries in the key table that name this client are dropped lazily: sending to a client id
  // that no longer tracks is skipped.
}

void Tracking::after_command(Client& c, const CommandSpec& cmd,
                             std::span<const std::string_view> argv) {
  uint32_t t = c.tracking;
  bool caching_yes = t & kTrackCachingYes, caching_no = t & kTrackCachingNo;
  // CLIENT CACHING applies to the next command: it survives CLIENT commands and MULTI queueing.
  bool is_client_cmd = cmd.parent && cmd.parent->name == "client";
  if (!is_client_cmd && !c.has(kClientMulti)) c.tracking &= ~(kTrackCachingYes | kTrackCachingNo);
  if (!cmd.has_flag(kCmdReadonly) || (t & kTrackBcast) || cmd.group == "scripting") return;
  if ((t & kTrackOptin) && !caching_yes) return;
  if ((t & kTrackOptout) && caching_no) return;
  for (size_t pos : cmd.key_positions(argv))
    if (table_[std::string(argv[pos])].insert(c.id).second) ++items_;
}

void Tracking::after_script_command(Client& c, const CommandSpec& cmd,
                                    const CommandSpec& script_cmd,
                                    std::span<const std::string_view> script_argv) {
  uint32_t t = c.tracking;
  if (!cmd.has_flag(kCmdReadonly) || (t & kTrackBcast)) return;
  if ((t & kTrackOptin) && !(t & kTrackCachingYes)) return;
  if ((t & kTrackOptout) && (t & kTrackCachingNo)) return;
  for (size_t pos : script_cmd.key_positions(script_argv))
    if (table_[std::string(script_argv[pos])].insert(c.id).second) ++items_;
}

void Tracking::invalidate_key_slow(std::string_view key, const Client* writer) {
  if (!prefixes_.empty()) {
    for (auto& [prefix, ids] : prefixes_) {
      if (key.substr(0, prefix.size()) != prefix) continue;
      for (uint64_t id : ids) {
        Client* c = server_.find_client(id);
        if (!c || ((c->tracking & kTrackNoloop) && c == writer)) continue;
        pending_bcast_[id][prefix].emplace_back(key);
      }
    }
  }
  invalidate_tracked(key, writer);
}

void Tracking::invalidate_tracked(std::string_view key, const Client* writer) {
  auto it = table_.find(std::string(key));
  if (it == table_.end()) return;
  std::set<uint64_t> ids;
  ids.swap(it->second);
  std::string k = std::move(it->first);
  table_.erase(it);
  items_ -= ids.size();
  for (uint64_t id : ids) {
    Client* c = server_.find_client(id);
    if (!c || !(c->tracking & kTrackOn) || (c->tracking & kTrackBcast)) continue;
    if ((c->tracking & kTrackNoloop) && c == writer) continue;
    send_or_defer(*c, &k);
  }
}

void Tracking::invalidate_all() {
  table_.clear();
  items_ = 0;
  if (clients_ == 0) return;
  std::vector<Client*> targets;
  for (auto& [id, c] : server_.clients)
    if (c->tracking & kTrackOn) targets.push_back(c);
  for (Client* c : targets) send_or_defer(*c, nullptr);
}

void Tracking::send_or_defer(Client& c, const std::string* key) {
  if (&c != server_.current_client) {
    if (key) {
      std::vector<std::string> keys{*key};
      send(c, &keys);
    } else {
      send(c, nullptr);
    }
    return;
  }
  if (pending_client_ != c.id) {
    pending_.clear();
    pending_client_ = c.id;
  }
  pending_.push_back(Pending{.all = key == nullptr, .key = key ? *key : std::string()});
}

void Tracking::flush_pending() {
  if (pending_.empty()) return;
  std::vector<Pending> pending;
  pending.swap(pending_);
  Client* c = server_.find_client(pending_client_);
  pending_client_ = 0;
  if (!c || !(c->tracking & kTrackOn)) return;
  for (Pending& p : pending) {
    if (p.all) {
      send(*c, nullptr);
    } else {
      std::vector<std::string> keys{std::move(p.key)};
      send(*c, &keys);
    }
  }
}

void Tracking::limit_table() {
  auto max = static_cast<size_t>(server_.config.tracking_table_max_keys);
  if (max == 0 || table_.size() <= max) {
    limit_rounds_ = 0;
    return;
  }
  // The effort grows with every run that could not get under the limit, like Redis's.
  size_t effort = 100 * (static_cast<size_t>(limit_rounds_) + 1);
  while (effort-- > 0 && !table_.empty()) {
    std::string key = table_.begin()->first;
    invalidate_tracked(key, nullptr);
    if (table_.size() <= max) {
      limit_rounds_ = 0;
      return;
    }
  }
  ++limit_rounds_;
}

void Tracking::flush_broadcasts() {
  if (pending_bcast_.empty()) return;
  auto pending = std::move(pending_bcast_);
  pending_bcast_.clear();
  for (auto& [id, by_prefix] : pending) {
    Client* c = server_.find_client(id);
    if (!c || !(c->tracking & kTrackOn)) continue;
    for (auto& [prefix, keys] : by_prefix) send(*c, &keys);
  }
}

void Tracking::send(Client& c, const std::vector<std::string>* keys) {
  Client* target = &c;
  bool redirected = c.tracking_redirect != 0;
  if (redirected) {
    target = server_.find_client(c.tracking_redirect);
    if (!target) {
      // The redirect client went away: tell a RESP3 client, with the id it redirected to.
      c.tracking |= kTrackBrokenRedir;
      if (c.resp() == 3) {
        ReplyWriter::PushScope push(c.reply);
        c.reply.push_len(2);
        c.reply.bulk("tracking-redir-broken");
        c.reply.integer(static_cast<long long>(c.tracking_redirect));
        server_.queue_write(c);
      }
      return;
    }
  }
  ReplyWriter& r = target->reply;
  ReplyWriter::PushScope push(r);  // invalidations ignore CLIENT REPLY OFF/SKIP
  if (target->resp() == 3) {
    r.push_len(2);
    r.bulk("invalidate");
  } else if (redirected && target->has(kClientPubsub)) {
    r.array_len(3);
    r.bulk("message");
    r.bulk("__redis__:invalidate");
  } else {
    return;
  }
  if (!keys) {
    r.null();
  } else {
    r.array_len(keys->size());
    for (auto& k : *keys) r.bulk(k);
  }
  server_.queue_write(*target);
}

}  // namespace sable
