// Periodic work, Redis's serverCron: the ops/sec samples, active expiry, incremental rehashing,
// idle-client timeouts, query and reply buffer resizing and the RDB save points. It runs on the
// reactor's timer `hz` times a second.
#include <algorithm>

#include "datatypes/clock.h"
#include "server/aof/aof.h"
#include "server/commands/migrate.h"
#include "server/persistence/rdb.h"
#include "server/server.h"

namespace sable {

void Server::cron() {
  if (cron_paused) return;
  int64_t now = now_ms();
  long long hz = std::clamp(config.hz, 1LL, 500LL);
  if (pause_end_ms && now >= pause_end_ms) unpause_clients();
  // Operations per second, sampled every 100 ms over the last 16 samples.
  if (now - static_cast<int64_t>(stats.last_sample_ms) >= 100) {
    uint64_t dt = now - stats.last_sample_ms;
    uint64_t dc = stats.total_commands_processed - stats.last_sample_cmds;
    stats.ops_samples[stats.ops_sample_idx] = stats.last_sample_ms ? dc * 1000 / dt : 0;
    stats.ops_sample_idx = (stats.ops_sample_idx + 1) % 16;
    stats.last_sample_ms = now;
    stats.last_sample_cmds = stats.total_commands_processed;
  }
  // Active expiry gets a quarter of each cron period, like Redis's slow cycle.
  if (active_expire_enabled) {
    int64_t expire_start = wall_us();
    active_expire_cycle(250000 / hz);
    latency.add_if_needed(config.latency_monitor_threshold, "expire-cycle",
                          (wall_us() - expire_start) / 1000);
  }
  // Incremental rehashing: about a millisecond of bucket moves per database that needs it.
  for (auto& db : dbs) {
    db->maybe_shrink();
    if (db->rehash_step(0)) {
      int64_t until = wall_us() + 1000;
      while (db->rehash_step(100) && wall_us() < until) {
      }
    }
  }
  // Idle clients.
  if (config.timeout > 0) {
    std::vector<Client*> idle;
    for (auto& [id, c] : clients)
      if (!c->has(kClientBlocked | kClientPubsub | kClientMonitor) &&
          now - c->last_interaction_ms > config.timeout * 1000)
        idle.push_back(c);
    for (Client* c : idle) {
      log(kLogVerbose, "Closing idle client");
      free_client(c);
    }
  }
  // The tracking table limit also applies when no command runs (after a CONFIG SET lowered it).
  if (tracking->tracking_clients()) tracking->limit_table();
  resize_query_buffers(now);
  resize_reply_buffers(now);
  rdb_cron(*this);
  aof->cron();
  migrate_cron(*this);
  // A changed hz takes effect on the next tick.
  uint64_t period = uint64_t(1000 / hz);
  if (uv_timer_get_repeat(&timer_) != period) uv_timer_set_repeat(&timer_, period);
}

// Query buffers, as Redis's client cron does: a buffer with more than 4 KB unused is freed down to
// its contents when the client has been idle over 2 seconds, or cut to the recent peak when it is
// over 32 KB and more than twice that peak. The peak then restarts from what is buffered now.
void Server::resize_query_buffers(int64_t now) {
  constexpr size_t kMinWaste = 4 * 1024, kResizeThreshold = 32 * 1024;
  for (auto& [id, c] : clients) {
    ReadBuffer& b = c->in;
    size_t wanted = c->in_start + c->parser.bytes_wanted();
    if (b.cap - b.len > kMinWaste) {
      if ((now - c->last_interaction_ms) / 1000 > 2)
        b.resize(std::max(b.len, wanted));
      else if (b.cap > kResizeThreshold && b.cap / 2 > c->in_peak)
        b.resize(std::max({b.len, c->in_peak, wanted}));
    }
    c->in_peak = std::max(b.len, wanted);
  }
}

// Reply buffers, with Redis 7.0's rules (PROTO_REPLY_MIN_BYTES 1 KB, PROTO_REPLY_CHUNK_BYTES
// 16 KB): a buffer whose peak use stayed under half its size shrinks to just above that peak (1 KB
// at least); one that was filled grows to twice its size (16 KB at most). The peak restarts every
// reply-buffer peak-reset time, so an idle client's buffer shrinks. Sable's output buffer grows as
// a reply needs; between replies it keeps at most this size, so the memory an idle client holds
// follows the same rules.
void Server::resize_reply_buffers(int64_t now) {
  if (!reply_buffer_resizing) return;
  constexpr size_t kMin = 1024, kChunk = 16 * 1024;
  for (auto& [id, c] : clients) {
    size_t size = c->reply_buf_size, next = 0;
    if (size / 2 >= kMin && c->reply_buf_peak < size / 2) {
      next = std::max(kMin, c->reply_buf_peak + 1);
      ++stats.reply_buffer_shrinks;
    } else if (size * 2 < 2 * kChunk && c->reply_buf_peak == size) {
      next = std::min(kChunk, size * 2);
      ++stats.reply_buffer_expands;
    }
    std::string& out = c->reply.buffer();
    if (reply_buffer_peak_reset_time >= 0 &&
        now - c->reply_peak_reset_ms >= reply_buffer_peak_reset_time) {
      c->reply_buf_peak = std::min(out.size(), size);
      c->reply_peak_reset_ms = now;
    }
    if (next) c->reply_buf_size = next;
    if (out.empty() && out.capacity() > c->reply_buf_size) std::string().swap(out);
  }
}

void Server::active_expire_cycle(int64_t budget_us) {
  constexpr size_t kSample = 20;
  int64_t start = wall_us();
  int ndb = static_cast<int>(dbs.size());
  for (int k = 0; k < ndb; ++k) {
    Db& db = *dbs[static_cast<size_t>((expire_db_cursor_ + k) % ndb)];
    // Keep sampling a database while more than a quarter of each sample had expired.
    while (db.expires_size() > 0) {
      size_t sampled = 0;
      size_t removed = db.expire_sample(kSample, &sampled);
      if (sampled == 0 || removed * 4 <= sampled) break;
      if (wall_us() - start > budget_us) {
        expire_db_cursor_ = (expire_db_cursor_ + k) % ndb;
        return;
      }
    }
  }
  expire_db_cursor_ = (expire_db_cursor_ + 1) % std::max(ndb, 1);
}

}  // namespace sable
