// Transactions: WATCH bookkeeping and transaction state.
#include "server/multi.h"

#include <algorithm>

#include "server/client.h"
#include "server/server.h"

namespace sable {

bool Transactions::key_is_stale(int db, std::string_view key) const {
  Db& d = server_.db(db);
  Entry* e = d.find_raw(key);
  return e && d.is_expired(e);
}

void Transactions::watch(Client& c, std::string_view key) {
  for (auto& w : c.watched)
    if (w.db == c.db_index && w.key == key) return;
  WatchedKey wk{c.db_index, std::string(key)};
  watched_[KeyRef{c.db_index, wk.key}].push_back(Watcher{c.id, key_is_stale(c.db_index, key)});
  c.watched.push_back(std::move(wk));
}

void Transactions::unwatch_all(Client& c) {
  for (auto& w : c.watched) {
    auto it = watched_.find(KeyRef{w.db, w.key});
    if (it == watched_.end()) continue;
    auto& ws = it->second;
    ws.erase(
        std::remove_if(ws.begin(), ws.end(), [&](const Watcher& x) { return x.client_id == c.id; }),
        ws.end());
    if (ws.empty()) watched_.erase(it);
  }
  c.watched.clear();
  c.flags &= ~kClientDirtyCas;
}

void Transactions::mark_dirty(uint64_t client_id) {
  if (Client* c = server_.find_client(client_id)) c->flags |= kClientDirtyCas;
}

// Called after the key changed. A stale key that is now gone was deleted (lazily or not):
// logically nothing changed for a client that saw it already expired.
void Transactions::touch_key_slow(int db, std::string_view key) {
  auto it = watched_.find(KeyRef{db, std::string(key)});
  if (it == watched_.end()) return;
  bool gone = server_.db(db).find_raw(key) == nullptr;
  for (Watcher& w : it->second) {
    if (w.expired && gone) {
      w.expired = false;
      continue;
    }
    mark_dirty(w.client_id);
  }
}

// Called before `db` is emptied (other < 0) or swapped with `other`.
void Transactions::touch_db(int db, int other) {
  if (watched_.empty()) return;
  for (auto& [ref, ws] : watched_) {
    if (ref.db != db) continue;
    bool in_emptied = server_.db(db).find_raw(ref.key) != nullptr;
    bool in_other = other >= 0 && server_.db(other).find_raw(ref.key) != nullptr;
    if (!in_emptied && !in_other) continue;
    bool other_stale = in_other && key_is_stale(other, ref.key);
    for (Watcher& w : ws) {
      if (w.expired) {
        // A stale key replaced by nothing was merely deleted; by another stale key, still absent.
        if (!in_other) {
          w.expired = false;
          continue;
        }
        if (other_stale) continue;
      } else if (!in_emptied && other_stale) {
        // A missing key replaced by a stale one is still logically missing.
        w.expired = true;
        continue;
      }
      mark_dirty(w.client_id);
    }
  }
}

bool Transactions::watched_key_expired(Client& c) const {
  for (auto& wk : c.watched) {
    auto it = watched_.find(KeyRef{wk.db, wk.key});
    if (it == watched_.end()) continue;
    bool was_stale = false;
    for (const Watcher& w : it->second)
      if (w.client_id == c.id) was_stale = w.expired;
    if (!was_stale && key_is_stale(wk.db, wk.key)) return true;
  }
  return false;
}

void Transactions::discard(Client& c) {
  c.multi_queue.clear();
  c.multi_queue.shrink_to_fit();
  c.flags &= ~(kClientMulti | kClientDirtyExec);
  unwatch_all(c);
}

}  // namespace sable
