// Transactions: WATCH bookkeeping and transaction state.
#include "server/multi.h"

#include <algorithm>

#include "server/client.h"
#include "server/server.h"

namespace sable {

void Transactions::watch(Client& c, std::string_view key) {
  for (auto& w : c.watched)
    if (w.db == c.db_index && w.key == key) return;
  Db& db = server_.db(c.db_index);
  Entry* e = db.find_raw(key);
  WatchedKey wk{c.db_index, std::string(key), e && db.is_expired(e)};
  watched_[KeyRef{c.db_index, wk.key}].push_back(c.id);
  c.watched.push_back(std::move(wk));
}

void Transactions::unwatch_all(Client& c) {
  for (auto& w : c.watched) {
    auto it = watched_.find(KeyRef{w.db, w.key});
    if (it == watched_.end()) continue;
    auto& ids = it->second;
    ids.erase(std::remove(ids.begin(), ids.end(), c.id), ids.end());
    if (ids.empty()) watched_.erase(it);
  }
  c.watched.clear();
  c.flags &= ~kClientDirtyCas;
}

void Transactions::touch_key_slow(int db, std::string_view key) {
  auto it = watched_.find(KeyRef{db, std::string(key)});
  if (it == watched_.end()) return;
  for (uint64_t id : it->second)
    if (Client* c = server_.find_client(id)) c->flags |= kClientDirtyCas;
}

void Transactions::touch_db(int db, int other) {
  if (watched_.empty()) return;
  for (auto& [ref, ids] : watched_) {
    if (ref.db != db) continue;
    bool exists = server_.db(db).find_raw(ref.key) != nullptr;
    if (!exists && other >= 0) exists = server_.db(other).find_raw(ref.key) != nullptr;
    if (!exists) continue;
    for (uint64_t id : ids)
      if (Client* c = server_.find_client(id)) c->flags |= kClientDirtyCas;
  }
}

bool Transactions::watched_key_expired(Client& c) {
  for (auto& w : c.watched) {
    if (w.expired_at_watch) continue;
    Db& db = server_.db(w.db);
    Entry* e = db.find_raw(w.key);
    if (e && db.is_expired(e)) return true;
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
