// The Server object: construction and the one-time wiring of engines, command table and keyspace
// hooks; applying configuration the server keeps in parsed form; allocator and RSS figures; and
// the hooks every key change goes through (WATCH, blocking, tracking, keyspace events).
//
// The rest of the server lives by responsibility: the libuv reactor in reactor.cc, client
// lifecycle in client.cc, periodic work and active expiry in cron.cc, the log in log.cc, the
// dispatcher in dispatch.cc.
#include "server/server.h"

#include <fmt/format.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "datatypes/clock.h"
#include "datatypes/lfu.h"
#include "server/acl/acl.h"
#include "server/aof/aof.h"
#include "server/persistence/snapshot.h"
#include "server/pubsub.h"
#include "server/scripting/scripting.h"
#include "server/tls/tls.h"

#ifdef SABLE_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#elif defined(SABLE_SANITIZE)
// Provided by the ASan runtime (GCC ships no header for it).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace sable {

Server* g_server = nullptr;

namespace {
void on_key_expired(Db& db, std::string_view key) {
  if (!g_server) return;
  ++g_server->stats.expired_keys;
  if (g_server->aof->enabled()) g_server->aof->feed_del(db.id(), key);
  g_server->signal_modified_key(db, key);
  g_server->notify_keyspace_event(kNotifyExpired, "expired", key, db.id());
}

// Keys are not expired while clients are paused: their removal would be a write (Redis holds
// it so a failover during the pause sees a stable dataset).
bool expiry_allowed() { return !g_server || !g_server->clients_paused(); }

void on_new_key(Db& db, std::string_view key) {
  if (g_server) g_server->notify_keyspace_event(kNotifyNew, "new", key, db.id());
}

std::string random_hex(std::mt19937_64& rng, size_t n) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(hex[rng() & 15]);
  return s;
}

}  // namespace

uint64_t ServerStats::instantaneous_ops() const {
  uint64_t sum = 0;
  for (uint64_t v : ops_samples) sum += v;
  return sum / 16;
}

Server::Server()
    : rng(std::random_device{}()),
      blocking(std::make_unique<Blocking>(*this)),
      transactions(std::make_unique<Transactions>(*this)),
      monitors(std::make_unique<Monitors>(*this)),
      tracking(std::make_unique<Tracking>(*this)),
      lazyfree(std::make_unique<LazyFree>()) {
  g_server = this;
  pubsub = std::make_unique<PubSub>(*this);
  g_hash_seed = rng();
  run_id = random_hex(rng, 40);
  start_time_ms = wall_ms();
  lastsave_sec = start_time_ms / 1000;
  // Everything the process wires once, in one place: engines, command table, hooks, observers.
  register_engine_ops();
  init_command_layer(commands);
  acl = std::make_unique<acl::Acl>(*this);
  acl->init(commands);
  scripting = std::make_unique<scripting::Scripting>(*this);
  aof = std::make_unique<Aof>(*this);
  snapshot = std::make_unique<Snapshot>(*this);
  set_expired_hook(on_key_expired);
  set_new_key_hook(on_new_key);
  set_expire_gate(expiry_allowed);
  config_registry.on_change = [this](const std::string& name) { apply_config(name); };
  // CONFIG SET maxclients to more than before needs the file descriptors for it, as in Redis.
  config_registry.set_int_check("maxclients", [this](long long prev) -> std::string {
    long long wanted = config.maxclients;
    if (wanted <= prev) return {};
    adjust_open_files_limit();
    if (config.maxclients == wanted) return {};
    std::string e = fmt::format(
        "The operating system is not able to handle the specified number "
        "of clients, try with {}",
        config.maxclients);
    config.maxclients = prev;
    return e;
  });
  config_registry.on_rename_command = [this](const std::string& name, const std::string& to) {
    return commands.rename(name, to);
  };
}

Server::~Server() {
  for (auto& [id, c] : clients) delete c;
  clients.clear();
  if (g_server == this) g_server = nullptr;
}

bool Server::bgsave_in_progress() const {
  return rdb_child_pid != -1 || (snapshot && snapshot->in_progress());
}

void Server::init() {
  apply_config();
  dbs.clear();
  for (long long i = 0; i < config.databases; ++i) dbs.push_back(std::make_unique<Db>(int(i)));
}

// File descriptors kept for the server's own use beside one per client (listeners, the log, the
// AOF, a snapshot being written …), as Redis reserves them.
namespace {
constexpr long long kReservedFds = 32;
}  // namespace

bool Server::adjust_open_files_limit() {
  long long& maxclients = config.maxclients;
  rlim_t wanted = static_cast<rlim_t>(maxclients + kReservedFds);
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == -1) {
    log(kLogWarning, fmt::format("Unable to obtain the current NOFILE limit ({}), assuming "
                                 "1024 and setting the max clients configuration "
                                 "accordingly.",
                                 std::strerror(errno)));
    maxclients = 1024 - kReservedFds;
    return true;
  }
  rlim_t old = limit.rlim_cur;
  if (old == RLIM_INFINITY || old >= wanted) return true;
  rlim_t best = wanted;
  int error = 0;
  while (best > old) {
    limit.rlim_cur = best;
    limit.rlim_max = std::max(best, limit.rlim_max == RLIM_INFINITY ? best : limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &limit) == 0) break;
    error = errno;
    best = best < 16 ? old : best - 16;
  }
  best = std::max(best, old);
  if (best >= wanted) {
    log(kLogNotice, fmt::format("Increased maximum number of open files to {} (it was "
                                "originally set to {}).",
                                wanted, old));
    return true;
  }
  long long requested = maxclients;
  if (static_cast<long long>(best) <= kReservedFds) {
    log(kLogWarning, fmt::format("Your current 'ulimit -n' of {} is not enough for the "
                                 "server to start. Please increase your open file limit to "
                                 "at least {}. Exiting.",
                                 old, wanted));
    return false;
  }
  maxclients = static_cast<long long>(best) - kReservedFds;
  log(kLogWarning, fmt::format("You requested maxclients of {} requiring at least {} max "
                               "file descriptors.",
                               requested, wanted));
  log(kLogWarning, fmt::format("Server can't set maximum open files to {} because of OS "
                               "error: {}.",
                               wanted, std::strerror(error)));
  log(kLogWarning, fmt::format("Current maximum open files is {}. maxclients has been "
                               "reduced to {} to compensate for low ulimit. If you need "
                               "higher maxclients increase 'ulimit -n'.",
                               best, maxclients));
  return true;
}

void Server::apply_config(std::string_view name) {
  bool all = name.empty();
  if (all || name == "loglevel" || name == "logfile")
    log_.configure(config.loglevel, config.logfile);
  // A relative logfile is relative to the working directory, which `dir` just changed.
  if (name == "dir" && !config.logfile.empty() && config.logfile[0] != '/') log_.reopen();
  if ((all || name == "requirepass") && acl) acl->set_default_password(config.requirepass);
  if ((all || name == "acllog-max-len") && acl) acl->log_max_len = config.acllog_max_len;
  if (all || name == "client-output-buffer-limit") {
    const Config::OutputBufferLimit& lim = config.obuf_limits[Config::kObufNormal];
    long long smallest =
        lim.hard > 0 && (lim.soft <= 0 || lim.hard < lim.soft) ? lim.hard : lim.soft;
    output_check_bytes_ = smallest > 0 ? static_cast<size_t>(smallest) - 1 : SIZE_MAX;
  }
  if (all || name == "maxmemory-policy")
    config.eviction_policy = parse_eviction_policy(config.maxmemory_policy);
  if (all || name == "maxmemory-policy" || name == "lfu-log-factor" || name == "lfu-decay-time")
    lfu::configure(config.eviction_policy == EvictionPolicy::kAllKeysLfu ||
                       config.eviction_policy == EvictionPolicy::kVolatileLfu,
                   config.lfu_log_factor, config.lfu_decay_time);
  // CONFIG SET appendonly once serving (at start-up main() opens the AOF after loading the data).
  if (name == "appendonly" && aof && loop_) {
    if (config.appendonly) {
      std::string err = aof->start_background();
      if (!err.empty()) {
        log(kLogWarning, err);
        config.appendonly = false;
      }
    } else {
      aof->stop();
    }
  }
}

size_t Server::used_memory() {
#ifdef SABLE_HAVE_JEMALLOC
  // Commands run on this one thread, so its cumulative allocated minus deallocated bytes is the
  // live heap, less what the lazy-free thread has freed since. jemalloc exposes the counters as
  // pointers: reading them is as cheap as a load, which lets the OOM check run before every
  // write command.
  static uint64_t* allocated = nullptr;
  static uint64_t* deallocated = nullptr;
  if (!allocated) {
    size_t sz = sizeof(allocated);
    if (mallctl("thread.allocatedp", &allocated, &sz, nullptr, 0) != 0 ||
        mallctl("thread.deallocatedp", &deallocated, &sz, nullptr, 0) != 0) {
      allocated = deallocated = nullptr;
      return 0;
    }
  }
  int64_t live = static_cast<int64_t>(*allocated - *deallocated);
  if (g_server && g_server->lazyfree) live += g_server->lazyfree->thread_heap_delta();
  return live > 0 ? static_cast<size_t>(live) : 0;
#elif defined(SABLE_SANITIZE)
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
#endif
}

size_t Server::rss_memory() {
  std::ifstream f("/proc/self/statm");
  size_t pages_total = 0, pages_rss = 0;
  f >> pages_total >> pages_rss;
  return pages_rss * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

void Server::signal_modified_key(Db& db, std::string_view key) {
  ++dirty;
  if (record_modified_keys) modified_keys.emplace_back(db.id(), std::string(key));
  blocking->signal_key(db.id(), key);
  transactions->touch_key(db.id(), key);
  tracking->invalidate_key(key, current_client);
}

void Server::notify_keyspace_event(int type, std::string_view event, std::string_view key,
                                   int dbid) {
  pubsub->notify_keyspace_event(type, event, key, dbid);
}

void Server::signal_flushed_db(int dbid, int other) {
  transactions->touch_db(dbid, other);
  blocking->signal_db(dbid);
  if (other >= 0) blocking->signal_db(other);
  if (other < 0) tracking->invalidate_all();
}

}  // namespace sable
