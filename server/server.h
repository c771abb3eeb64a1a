// The server: databases, clients, the command table, configuration, statistics and the libuv
// reactor that ties them together.
//
// Request path: on_read appends bytes to the client's buffer → process_input parses requests →
// execute() (the dispatcher, dispatch.cc) checks and runs the handler → the handler appends the
// reply to the client's output buffer → the client is queued, and a uv_check handle flushes every
// queued client once per loop turn (try_write first, uv_write for the rest).
#pragma once

#include <uv.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "datatypes/clock.h"
#include "datatypes/keyspace.h"
#include "server/blocking.h"
#include "server/client.h"
#include "server/command.h"
#include "server/config.h"
#include "server/latency.h"
#include "server/lazyfree.h"
#include "server/log.h"
#include "server/monitor.h"
#include "server/multi.h"
#include "server/pubsub.h"
#include "server/tracking.h"

namespace sable {

class Aof;
class Snapshot;
namespace scripting {
class Scripting;
}
namespace acl {
class Acl;
}
namespace tls {
class Context;
}

struct ServerStats {
  uint64_t reply_buffer_shrinks = 0;
  uint64_t reply_buffer_expands = 0;
  uint64_t total_connections_received = 0;
  uint64_t total_commands_processed = 0;
  uint64_t rejected_connections = 0;
  uint64_t keyspace_hits = 0;
  uint64_t keyspace_misses = 0;
  uint64_t expired_keys = 0;
  uint64_t evicted_keys = 0;
  uint64_t total_error_replies = 0;
  uint64_t net_input_bytes = 0;
  uint64_t net_output_bytes = 0;
  uint64_t unexpected_error_replies = 0;
  uint64_t expired_stale_perc = 0;
  uint64_t expire_cycle_cpu_milliseconds = 0;
  // ops/sec sampling
  uint64_t last_sample_ms = 0;
  uint64_t last_sample_cmds = 0;
  uint64_t ops_samples[16] = {};
  int ops_sample_idx = 0;
  uint64_t instantaneous_ops() const;
};

struct SlowlogEntry {
  uint64_t id;
  int64_t time_sec;
  int64_t duration_us;
  std::vector<std::string> args;
  std::string peer;
  std::string client_name;
};

class Server {
 public:
  Server();
  ~Server();

  Config config;
  ConfigRegistry config_registry{config};
  CommandTable commands;
  std::vector<std::unique_ptr<Db>> dbs;
  std::map<uint64_t, Client*> clients;  // by id, for CLIENT LIST order
  ServerStats stats;
  std::deque<SlowlogEntry> slowlog;
  LatencyMonitor latency;  // latency-monitor-threshold events (LATENCY LATEST …)
  std::map<std::string, uint64_t> error_stats;  // INFO errorstats: error code -> replies
  bool active_expire_enabled = true;            // DEBUG SET-ACTIVE-EXPIRE
  bool skip_checksum_validation = false;        // DEBUG SET-SKIP-CHECKSUM-VALIDATION
  bool cron_paused = false;                     // DEBUG PAUSE-CRON
  // DEBUG REPLYBUFFER: how often a client's reply-buffer peak restarts (ms, -1 never) and
  // whether the cron resizes reply buffers at all.
  static constexpr long long kReplyPeakResetDefault = 5000;
  long long reply_buffer_peak_reset_time = kReplyPeakResetDefault;
  bool reply_buffer_resizing = true;
  long long quicklist_packed_threshold = 1 << 30;  // DEBUG QUICKLIST-PACKED-THRESHOLD
  uint64_t slowlog_next_id = 0;
  int64_t start_time_ms = 0;
  int64_t lastsave_sec = 0;
  // Persistence (server/persistence): changes since the last successful save, the BGSAVE child.
  uint64_t dirty = 0;
  uint64_t dirty_before_bgsave = 0;
  int rdb_child_pid = -1;                // a forked BGSAVE (bgsave-forkless no)
  std::unique_ptr<Snapshot> snapshot;    // the forkless BGSAVE (server/persistence/snapshot.h)
  bool bgsave_in_progress() const;
  int64_t rdb_save_start_ms = -1;
  int64_t rdb_last_bgsave_time_sec = -1;
  int64_t rdb_last_bgsave_try_sec = 0;
  bool rdb_last_bgsave_ok = true;
  bool rdb_bgsave_scheduled = false;
  uint64_t rdb_saves = 0;
  std::string run_id;
  std::string replid;  // INFO replication's master_replid (DEBUG CHANGE-REPL-ID makes another)
  uint64_t next_client_id = 1;
  std::mt19937_64 rng;
  bool shutdown_requested = false;
  std::string executable_path;
  std::unique_ptr<Blocking> blocking;
  std::unique_ptr<Transactions> transactions;
  std::unique_ptr<PubSub> pubsub;
  std::unique_ptr<Monitors> monitors;
  std::unique_ptr<Tracking> tracking;
  std::unique_ptr<LazyFree> lazyfree;
  std::unique_ptr<scripting::Scripting> scripting;  // EVAL, the running script, BUSY
  std::unique_ptr<Aof> aof;                         // the append-only file (server/aof)
  // The keys signalled as modified while commands run, as (db, key), for the AOF: call() reads
  // the part its command added. Recorded only while the AOF is on.
  std::vector<std::pair<int, std::string>> modified_keys;
  bool record_modified_keys = false;
  std::unique_ptr<acl::Acl> acl;                    // users, permissions, ACL LOG
  Client* current_client = nullptr;                 // the client whose command is running
  // CLIENT PAUSE: until when, and whether every command (not just writes) waits.
  int64_t pause_end_ms = 0;
  bool pause_all = false;
  std::vector<uint64_t> paused_clients;
  void unpause_clients();
  bool clients_paused() const { return pause_end_ms && now_ms() < pause_end_ms; }

  // Applies the configuration (databases …). Call once after loading config, before start().
  void init();
  // Opens the listeners; returns an error message on failure.
  std::string start(uv_loop_t* loop);
  // CONFIG SET bind/port: listens on the configured addresses and port, then closes the old
  // listeners; on failure the old ones stay and the error is returned.
  // Both sets follow: the plain ones on `port`, the TLS ones on `tls-port`.
  std::string rebind_listeners();
  // CONFIG SET of a tls-* directive: when TLS is in use (tls-port set), builds a new context
  // from the settings for the connections to come; on failure the old one stays.
  std::string apply_tls_config();
  void stop();
  uv_loop_t* loop() const { return loop_; }
  int bound_port() const { return bound_port_; }

  // The dispatcher (dispatch.cc): checks and runs one command for a client. Returns false when
  // the command was postponed (CLIENT PAUSE) and must be parsed and offered again later.
  bool execute(Client& c, std::span<const std::string_view> argv);
  // Runs a command that passed every check (stats, slowlog, reply muting).
  // The ACL check of a command for a client whose user is restricted: logs a denial in ACL LOG
  // (context "toplevel", "multi" or "lua") and leaves its reason in c.acl_denial.
  bool acl_permits(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv,
                   std::string_view context);
  void call(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv);
  // Why writes are refused for a persistence failure (the last background save failed with
  // stop-writes-on-bgsave-error, or the AOF cannot be written), as Redis's -MISCONF text; empty
  // when they are not.
  std::string disk_error() const;
  void abandon_reply(Client& c, size_t reply_mark);
  // enable-debug-command style settings: "yes", or "local" for a loopback/Unix-socket client.
  bool allows_protected(const std::string& setting, const Client& c) const;
  bool is_local_client(const Client& c) const;

  // Client lifecycle.
  Client* create_fake_client();  // in-process client, for tests and internal use
  void free_client(Client* c);   // closes the connection (after pending writes if asked)
  void close_after_reply(Client& c);
  void queue_write(Client& c);  // ensure the client's output is flushed this loop turn
  void process_input(Client& c);
  Client* find_client(uint64_t id);
  // Runs a client's buffered input on the next loop turn (after it was unblocked).
  void schedule_resume(Client& c);

  // Hooks command handlers call after changing a key (WATCH, blocking pops, notifications).
  void signal_modified_key(Db& db, std::string_view key);
  void notify_keyspace_event(int type, std::string_view event, std::string_view key, int dbid);
  // A whole database is ABOUT to be emptied (FLUSHDB/FLUSHALL) or swapped with `other`
  // (SWAPDB): call before changing it, so WATCHed keys that exist in it are invalidated.
  void signal_flushed_db(int dbid, int other = -1);
  // Drops per-connection state other modules keep (transactions, watches, subscriptions,
  // blocking): used by RESET and when a client disconnects.
  void reset_client_state(Client& c);

  Db& db(int i) { return *dbs[static_cast<size_t>(i)]; }
  void log(int level, std::string_view msg) {
    if (log_.enabled(level)) log_.write(level, msg);
  }
  // Re-reads the directives the server keeps in parsed form (loglevel, logfile,
  // maxmemory-policy): at init() and after CONFIG SET or a config file line changed `name`
  // (every one of them when empty).
  void apply_config(std::string_view name = {});
  // Memory figures for INFO and MEMORY: allocator's allocated bytes and the process RSS.
  static size_t used_memory();
  static size_t rss_memory();

  // maxmemory: evicts keys by maxmemory-policy until used memory is under the limit. Returns
  // false when it cannot get there (noeviction, or nothing left to evict).
  bool evict_to_limit();

  // Periodic work (serverCron): expiry, rehash, client timeouts, stats.
  void cron();
  void active_expire_cycle(int64_t budget_us);
  void resize_query_buffers(int64_t now);
  void resize_reply_buffers(int64_t now);
  void flush_pending_writes();
  // Raises RLIMIT_NOFILE to maxclients + 32 (descriptors kept for listeners, files, a child's
  // pipe …), or as close to it as the OS allows (down from the wanted figure in steps of 16, as
  // Redis tries), and lowers maxclients to what the limit serves, with Redis's warnings. Returns
  // false when not even the reserve fits.
  bool adjust_open_files_limit();
  // The `client-output-buffer-limit normal` check, run only once a normal client's pending
  // output is past the smaller of its limits (output_check_bytes_): past the hard limit, or past
  // the soft one for longer than its seconds, the client is closed on the next flush without
  // being sent the rest. Pub/sub clients are PubSub's to check (on each message).
  void check_output_limit(Client& c);
  // Called by a script past its time limit (from its Lua hook): reads what other clients sent,
  // runs it (most commands get -BUSY), and writes replies, without running the event loop. The
  // clients whose commands are in progress (the script's caller) are left alone.
  void process_events_while_blocked();

 private:
  static void on_connection(uv_stream_t* server, int status);
  static void on_alloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf);
  static void on_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf);
  static void on_write(uv_write_t* req, int status);
  static void on_close(uv_handle_t* h);
  static void on_check(uv_check_t* h);
  static void on_timer(uv_timer_t* t);
  static void on_signal(uv_signal_t* s, int signum);
  // Takes a new connection from `listener` (or, when accepted_fd >= 0, one accepted already).
  void accept_client(uv_stream_t* listener, bool unix_socket, int accepted_fd = -1);
  // While a script is busy: accepts the connections waiting on the listeners.
  void accept_while_blocked();
  std::string open_tcp_listeners(long long port, std::vector<std::unique_ptr<uv_tcp_t>>* out);
  // Reopens one listener set when its port or the bind addresses changed.
  std::string rebind_set(std::vector<std::unique_ptr<uv_tcp_t>>& set, long long port,
                         long long& listening_port, std::vector<std::string>& listening_bind);
  bool is_tls_listener(const uv_stream_t* listener) const;
  // TLS bytes from the socket: decrypted into the query buffer; false when the client was closed.
  bool tls_received(Client& c, const char* data, size_t n);
  void write_client(Client& c);
  void read_while_blocked(Client& c);
  bool protected_mode_denies(const Client& c) const;

  uv_loop_t* loop_ = nullptr;
  std::vector<std::unique_ptr<uv_tcp_t>> tcp_listeners_;
  std::unique_ptr<uv_pipe_t> unix_listener_;
  uv_check_t check_{};
  uv_timer_t timer_{};
  uv_signal_t sigint_{}, sigterm_{};
  std::vector<Client*> pending_writes_;
  std::vector<uint64_t> pending_resume_;
  std::vector<uint64_t> pending_close_;   // over their output-buffer limit: closed next flush
  size_t output_check_bytes_ = SIZE_MAX;  // smallest positive normal-class limit, or SIZE_MAX
  int bound_port_ = 0;
  std::vector<std::string> listening_bind_;  // the bind and port tcp_listeners_ were opened for
  long long listening_port_ = 0;
  std::vector<std::unique_ptr<uv_tcp_t>> tls_listeners_;
  std::vector<std::string> listening_tls_bind_;
  long long listening_tls_port_ = 0;
  std::unique_ptr<tls::Context> tls_ctx_;
  std::unique_ptr<char[]> tls_scratch_;  // ciphertext lands here before decryption
  int expire_db_cursor_ = 0;
  Log log_;
};

extern Server* g_server;

}  // namespace sable
