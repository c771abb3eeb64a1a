// Configuration: the redis.conf grammar, `--directive value` arguments, CONFIG GET/SET/REWRITE.
//
// Each directive is one row of a table (name, type, whether CONFIG SET may change it, where its
// value lives, limits). Loading a file, applying command-line arguments, CONFIG GET/SET and CONFIG
// REWRITE all go through that table, so a directive added here is supported everywhere at once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sable {

// maxmemory-policy in parsed form (Config::eviction_policy), read on the eviction path. The
// volatile-* policies come last (eviction.cc tests `>= kVolatileLru`).
enum class EvictionPolicy : uint8_t {
  kNoEviction,
  kAllKeysLru,
  kAllKeysLfu,
  kAllKeysRandom,
  kVolatileLru,
  kVolatileLfu,
  kVolatileRandom,
  kVolatileTtl,
};
// The policy a maxmemory-policy value names (one of the directive's enum values).
EvictionPolicy parse_eviction_policy(std::string_view name);

struct Config {
  // Network
  std::vector<std::string> bind{"127.0.0.1", "-::1"};
  bool bind_set = false;  // true once bind appears in the file or on the command line
  long long port = 6379;
  std::string unixsocket;
  long long unixsocketperm = 0;
  bool protected_mode = true;
  // Who may run DEBUG / MODULE / change protected configs: "no", "yes" or "local" (loopback and
  // Unix-socket clients only). Fixed at start-up, as in Redis 7.0.
  std::string enable_debug_command = "no";
  std::string enable_module_command = "no";
  std::string enable_protected_configs = "no";
  long long tcp_backlog = 511;
  long long tcp_keepalive = 300;
  long long timeout = 0;
  long long maxclients = 10000;
  // TLS (server/tls): listeners on tls-port beside the plain ones, configured from these.
  long long tls_port = 0;
  std::string tls_cert_file, tls_key_file, tls_key_file_pass;
  std::string tls_client_cert_file, tls_client_key_file, tls_client_key_file_pass;
  std::string tls_dh_params_file, tls_ca_cert_file, tls_ca_cert_dir;
  std::string tls_protocols, tls_ciphers, tls_ciphersuites;
  std::string tls_auth_clients = "yes";  // yes, no or optional
  bool tls_prefer_server_ciphers = false;
  bool tls_session_caching = true;
  long long tls_session_cache_size = 20 * 1024;
  long long tls_session_cache_timeout = 300;
  bool tls_replication = false;  // kept for CONFIG GET/SET; Sable has no replication yet
  bool tls_cluster = false;
  // Security
  std::string requirepass;
  std::string aclfile;             // users file (ACL LOAD / SAVE), fixed at start-up
  long long acllog_max_len = 128;  // ACL LOG entries kept
  std::string acl_pubsub_default = "resetchannels";  // channels of a new user or selector
  // `user` lines of the configuration file, applied once at start-up (server/acl).
  std::vector<std::vector<std::string>> acl_users;
  // General
  long long databases = 16;
  std::string loglevel = "notice";
  std::string logfile;
  long long hz = 10;
  std::string dir;
  bool daemonize = false;
  std::string pidfile;
  // Limits
  long long proto_max_bulk_len = 512LL * 1024 * 1024;
  long long client_query_buffer_limit = 1024LL * 1024 * 1024;
  long long maxmemory = 0;
  std::string maxmemory_policy = "noeviction";
  EvictionPolicy eviction_policy = EvictionPolicy::kNoEviction;  // parsed by Server::apply_config
  long long maxmemory_samples = 5;
  long long maxmemory_eviction_tenacity = 10;   // accepted; eviction here always runs to the limit
  long long tracking_table_max_keys = 1000000;  // 0: no limit
  // maxmemory-clients: bytes, or a percentage of maxmemory when `maxmemory_clients_pct`.
  long long maxmemory_clients = 0;
  bool maxmemory_clients_pct = false;
  long long repl_backlog_size = 1024 * 1024;
  long long key_load_delay = 0;  // hidden: a debugging knob of Redis's loader
  long long rdb_key_save_delay = 0;  // hidden: microseconds slept per key saved (tests of saves)
  // Slow log and latency
  long long slowlog_log_slower_than = 10000;
  long long slowlog_max_len = 128;
  long long latency_monitor_threshold = 0;  // ms; 0 disables the latency monitor
  long long busy_reply_threshold = 5000;    // ms a script runs before other clients get BUSY
  bool latency_tracking = true;             // per-command latency histograms
  std::vector<double> latency_tracking_info_percentiles{50.0, 99.0, 99.9};
  long long lfu_log_factor = 10;
  long long lfu_decay_time = 1;
  bool lazyfree_lazy_user_del = false;
  bool lazyfree_lazy_user_flush = false;
  bool lazyfree_lazy_eviction = false;
  bool lazyfree_lazy_expire = false;
  bool lazyfree_lazy_server_del = false;
  bool replica_lazy_flush = false;
  bool replica_read_only = true;  // kept and reported; Sable has no replication yet
  // Compact encodings of collections (used by the collection engines).
  long long hash_max_listpack_entries = 512;
  long long hash_max_listpack_value = 64;
  long long set_max_intset_entries = 512;
  long long set_max_listpack_entries = 128;
  long long set_max_listpack_value = 64;
  long long zset_max_listpack_entries = 128;
  long long zset_max_listpack_value = 64;
  long long hll_sparse_max_bytes = 3000;
  long long list_max_listpack_size = -2;
  long long list_compress_depth = 0;
  long long stream_node_max_bytes = 4096;
  long long stream_node_max_entries = 100;
  // Keyspace events and output buffers (pub/sub issue).
  std::string notify_keyspace_events;
  std::string client_output_buffer_limit =
      "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
  // Parsed forms of the two above (server/pubsub.cc parses and formats them).
  int notify_keyspace_flags = 0;  // NotifyClass bits
  struct OutputBufferLimit {
    long long hard = 0, soft = 0, soft_seconds = 0;
  };
  enum { kObufNormal = 0, kObufReplica = 1, kObufPubsub = 2 };
  OutputBufferLimit obuf_limits[3] = {
      {0, 0, 0}, {268435456, 67108864, 60}, {33554432, 8388608, 60}};

  // Persistence (RDB snapshots): save points as (seconds, changes) pairs.
  std::vector<std::pair<long long, long long>> save_params{{3600, 1}, {300, 100}, {60, 10000}};
  bool save_set_from_file = false;  // the first `save` line of a file replaces the defaults
  std::string dbfilename = "dump.rdb";
  bool rdbcompression = true;
  bool bgsave_forkless = true;  // Sable: BGSAVE written by the loop in slices instead of a fork
  bool rdbchecksum = true;
  bool stop_writes_on_bgsave_error = true;
  // Persistence (the append-only file, server/aof).
  bool appendonly = false;
  std::string appendfilename = "appendonly.aof";
  std::string appenddirname = "appendonlydir";
  std::string appendfsync = "everysec";
  bool no_appendfsync_on_rewrite = false;
  long long auto_aof_rewrite_percentage = 100;
  long long auto_aof_rewrite_min_size = 64LL * 1024 * 1024;
  bool aof_load_truncated = true;
  bool aof_use_rdb_preamble = true;  // the base is always written as an RDB (see server/aof)
  bool aof_timestamp_enabled = false;
  bool aof_rewrite_incremental_fsync = true;
  // Replication safety for writes (no replicas exist yet, so any non-zero count refuses writes).
  long long min_replicas_to_write = 0;
  long long min_replicas_max_lag = 10;
  std::string config_file;  // absolute path, empty when started without one
};

class ConfigRegistry {
 public:
  enum class Type { kBool, kInt, kMemory, kString, kEnum, kSpecial };
  struct Directive {
    std::string name;
    std::vector<std::string> aliases;
    Type type = Type::kInt;
    bool mutable_at_runtime = true;
    void* storage = nullptr;
    long long min = 0, max = 0;
    std::vector<std::string> enum_values;
    // For kSpecial: parse/format by hand. set returns an error text or empty.
    std::function<std::string(const std::vector<std::string>&)> set_special;
    std::function<std::string()> get_special;
    std::string default_value;  // formatted default, for CONFIG REWRITE
    bool hidden = false;        // CONFIG GET shows it only when asked for by its exact name
    // For kInt, at runtime (CONFIG SET): called with the previous value once the new one is
    // stored; an error text puts the previous value back and fails the set.
    std::function<std::string(long long prev)> check_int;
  };

  explicit ConfigRegistry(Config& cfg);

  // Loads a whole config text (file contents and/or command-line directives). Returns an error
  // report in Redis's format, or nullopt.
  std::optional<std::string> load_text(const std::string& text, const std::string& origin);
  std::optional<std::string> load_file(const std::string& path);
  // Turns `--port 7000 --save ""` style arguments into config text.
  static std::string args_to_text(const std::vector<std::string>& args);

  // CONFIG GET: (name, value) pairs for every directive matching any pattern.
  std::vector<std::pair<std::string, std::string>> get(const std::vector<std::string>& patterns);
  // CONFIG SET of one directive; returns an error text (without "ERR ") or empty.
  std::string set(const std::string& name, const std::string& value, bool from_file = false);
  std::string set_args(const std::string& name, const std::vector<std::string>& args,
                       bool from_file);
  const Directive* find(std::string_view name) const;
  void set_int_check(std::string_view name, std::function<std::string(long long prev)> check);
  std::string format(const Directive& d) const;
  // CONFIG REWRITE: rewrites the config file in place. Returns error text or empty.
  std::string rewrite();

  // Called after a directive was set successfully (CONFIG SET, a config file or command-line
  // line), with its canonical name.
  std::function<void(const std::string& name)> on_change;
  // Applies a `rename-command name newname` line (not a CONFIG GET/SET parameter, as in Redis);
  // returns the error text for the line, or empty.
  std::function<std::string(const std::string& name, const std::string& newname)> on_rename_command;

 private:
  void add(Directive d);
  Config& cfg_;
  bool from_file_ = false;  // set while load_text applies a line
  std::vector<Directive> dirs_;
};

// Parses "1gb", "100mb", "10k", "5" … as Redis's memtoll does. Returns false on bad input.
bool parse_memory(std::string_view s, long long* out);

}  // namespace sable
