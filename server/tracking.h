// Client-side caching: CLIENT TRACKING and invalidation messages.
//
// Default mode remembers, for every key a tracking client read, which clients may hold it in
// their cache; the first write to the key sends each of them one invalidation and forgets the
// entry. BCAST mode instead registers prefixes: every write to a key under a prefix is reported
// to the clients that registered it, batched once per event-loop turn. Messages go to the client
// itself as RESP3 push frames, or to a REDIRECT client — as a push frame when that client speaks
// RESP3, or as a message on the `__redis__:invalidate` channel when it is a RESP2 subscriber.
// Messages are out-of-band: they reach a client even under CLIENT REPLY OFF.
//
// An invalidation caused by the command a client is running, about a key that client itself
// tracks, waits until that command (or the whole EXEC) has replied, so a push never lands inside
// a reply. The key table is bounded by `tracking-table-max-keys`: past it, keys are invalidated
// (and forgotten) a batch at a time, before each command and on the cron.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sable {

class Client;
class Server;
struct CommandSpec;

enum TrackingFlag : uint32_t {
  kTrackOn = 1u << 0,
  kTrackBcast = 1u << 1,
  kTrackOptin = 1u << 2,
  kTrackOptout = 1u << 3,
  kTrackNoloop = 1u << 4,
  kTrackCachingYes = 1u << 5,  // OPTIN: the next command's keys are tracked
  kTrackCachingNo = 1u << 6,   // OPTOUT: the next command's keys are not tracked
  kTrackBrokenRedir = 1u << 7,
};

class Tracking {
 public:
  explicit Tracking(Server& s) : server_(s) {}

  // CLIENT TRACKING ON/OFF. Returns an error text or empty.
  std::string enable(Client& c, uint32_t flags, uint64_t redirect,
                     const std::vector<std::string>& prefixes);
  void disable(Client& c);
  // After a read-only command of a tracking client: remember the keys it read. The scripting
  // commands (EVAL_RO …) remember nothing themselves: the commands their scripts run do.
  void after_command(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv);
  // After a read-only command `cmd` that a script of `c` ran: as Redis 7.0 does, the keys
  // remembered are those the script's own command (EVAL `script_cmd` with `script_argv`)
  // declares.
  void after_script_command(Client& c, const CommandSpec& cmd, const CommandSpec& script_cmd,
                            std::span<const std::string_view> script_argv);
  // A key was written by `writer` (may be null: expiry, internal).
  void invalidate_key(std::string_view key, const Client* writer) {
    if (!table_.empty() || !prefixes_.empty()) invalidate_key_slow(key, writer);
  }
  // FLUSHDB/FLUSHALL: every tracking client is told to drop everything.
  void invalidate_all();
  // Sends the batched BCAST invalidations (once per loop turn).
  void flush_broadcasts();
  // After the outermost command of the running client: sends the invalidations held back for it.
  void flush_pending();
  // Invalidates keys while the table holds more than `tracking-table-max-keys`.
  void limit_table();
  size_t tracked_keys() const { return table_.size(); }
  size_t tracked_items() const { return items_; }
  size_t tracked_prefixes() const { return prefixes_.size(); }
  size_t tracking_clients() const { return clients_; }

 private:
  void invalidate_key_slow(std::string_view key, const Client* writer);
  // The default-mode part of an invalidation: the clients that read `key` (not BCAST prefixes).
  void invalidate_tracked(std::string_view key, const Client* writer);
  // Writes one invalidation message for `keys` (null: all keys) on behalf of client `c`.
  void send(Client& c, const std::vector<std::string>* keys);
  // Sends now, or holds the message back when `c` is the client whose command is running.
  void send_or_defer(Client& c, const std::string* key);

  struct Pending {
    bool all = false;  // a flush: invalidate everything
    std::string key;
  };

  Server& server_;
  std::unordered_map<std::string, std::set<uint64_t>> table_;  // key → clients that read it
  std::map<std::string, std::set<uint64_t>> prefixes_;         // BCAST prefix → clients
  std::map<uint64_t, std::map<std::string, std::vector<std::string>>> pending_bcast_;
  size_t clients_ = 0;
  size_t items_ = 0;  // (key, client) pairs in table_
  uint64_t pending_client_ = 0;
  std::vector<Pending> pending_;
  unsigned limit_rounds_ = 0;  // consecutive limit_table() runs that ended still over the limit
};

}  // namespace sable
