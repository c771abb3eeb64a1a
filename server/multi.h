// Transactions: MULTI/EXEC queueing and optimistic locking with WATCH.
//
// Queueing is decided by the dispatcher: inside MULTI every command except EXEC, DISCARD, MULTI,
// WATCH, QUIT and RESET is checked as usual (unknown command, arity, auth …) and then queued with
// a private copy of its arguments; a check failure marks the transaction dirty so EXEC aborts.
// WATCH registers (db, key) → clients; every key write goes through Server::signal_modified_key,
// which marks the watching clients' transactions as failed (EXEC then replies a null array).
//
// A key that was already logically expired when it was watched ("stale") is treated as absent:
// deleting it (lazily, by the active cycle, by DEL or a flush) is no change, and neither is a
// SWAPDB that replaces it with nothing or with another stale key. Each watcher carries that
// "expired at WATCH" mark; once the stale key is gone the mark is cleared, so a later write to
// the key does touch the watcher.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sable {

class Client;
class Server;

class Transactions {
 public:
  explicit Transactions(Server& s) : server_(s) {}

  void watch(Client& c, std::string_view key);
  void unwatch_all(Client& c);
  // A key changed: every client watching it will fail its EXEC.
  void touch_key(int db, std::string_view key) {
    if (!watched_.empty()) touch_key_slow(db, key);
  }
  // A database is about to be emptied (or swapped with `other`): watched keys that exist in it
  // (or in `other`) are touched.
  void touch_db(int db, int other);
  // True when a watched key that was live at WATCH time has expired since.
  bool watched_key_expired(Client& c) const;
  size_t watched_keys() const { return watched_.size(); }

  // Discards a client's transaction state (DISCARD, RESET, disconnect).
  void discard(Client& c);

 private:
  struct KeyRef {
    int db;
    std::string key;
    bool operator<(const KeyRef& o) const { return db != o.db ? db < o.db : key < o.key; }
  };
  struct Watcher {
    uint64_t client_id;
    bool expired;  // the key was logically expired when this client watched it
  };
  void touch_key_slow(int db, std::string_view key);
  void mark_dirty(uint64_t client_id);
  bool key_is_stale(int db, std::string_view key) const;
  Server& server_;
  std::map<KeyRef, std::vector<Watcher>> watched_;
};

}  // namespace sable
