// maxmemory eviction: approximated LRU / TTL / random, sampling like Redis.
//
// Each round samples maxmemory-samples keys from every database (all keys, or only keys with a
// TTL for the volatile-* policies), evicts the best candidate — the longest idle for LRU (also used
// for the LFU policies, whose access counters Sable does not keep), the nearest expiry for
// volatile-ttl, the first sampled for *-random — and repeats until used memory is under the limit.
#include <fmt/format.h>

#include "datatypes/clock.h"
#include "datatypes/lfu.h"
#include "server/aof/aof.h"
#include "server/pubsub.h"
#include "server/server.h"

namespace sable {

namespace {
// Higher is a better eviction candidate.
int64_t eviction_score(EvictionPolicy policy, const Entry* e, uint32_t now_lru) {
  if (policy == EvictionPolicy::kVolatileTtl) return -entry::expire_at(e);
  if (policy == EvictionPolicy::kAllKeysLfu || policy == EvictionPolicy::kVolatileLfu)
    return 255 - static_cast<int64_t>(lfu::decayed(entry::lru(e)));  // least used first
  uint32_t lru = entry::lru(e);
  return static_cast<int64_t>(now_lru >= lru ? now_lru - lru : now_lru + 0xFFFFFF - lru);
}
}  // namespace

bool Server::evict_to_limit() {
  // While clients are paused the dataset stays as it is: nothing is evicted, and (as in Redis)
  // nothing is refused for memory either.
  if (clients_paused()) return true;
  const EvictionPolicy policy = config.eviction_policy;
  if (policy == EvictionPolicy::kNoEviction) return false;
  bool volatile_only = policy >= EvictionPolicy::kVolatileLru;
  bool random =
      policy == EvictionPolicy::kAllKeysRandom || policy == EvictionPolicy::kVolatileRandom;
  uint32_t now_lru = lru_clock();
  // Bounded: each round removes one key; stop when a round finds nothing to evict.
  while (used_memory() > static_cast<size_t>(config.maxmemory)) {
    Db* best_db = nullptr;
    std::string best_key;
    int64_t best_score = INT64_MIN;
    for (auto& db : dbs) {
      for (long long i = 0; i < config.maxmemory_samples; ++i) {
        Entry* e = volatile_only ? db->sample_volatile() : db->sample_any();
        if (!e) break;
        int64_t score = random ? 0 : eviction_score(policy, e, now_lru);
        if (!best_db || score > best_score) {
          best_db = db.get();
          best_key.assign(entry::key(e));
          best_score = score;
        }
        if (random) break;
      }
      if (random && best_db) break;
    }
    if (!best_db) return false;
    best_db->del(best_key);
    ++stats.evicted_keys;
    if (aof->enabled()) aof->feed_del(best_db->id(), best_key);
    signal_modified_key(*best_db, best_key);
    notify_keyspace_event(kNotifyEvicted, "evicted", best_key, best_db->id());
  }
  return true;
}

}  // namespace sable
