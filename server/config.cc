// Configuration table, redis.conf parsing, CONFIG GET/SET/REWRITE support.
#include "server/config.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <fstream>
#include <sstream>

#include "datatypes/glob.h"
#include "datatypes/numbers.h"
#include "protocol/split_args.h"
#include "server/errors.h"
#include "server/pubsub.h"
#include "server/version.h"

namespace sable {

bool parse_memory(std::string_view s, long long* out) {
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  long long mul = 1;
  size_t digits = lower.size();
  struct Unit {
    const char* suffix;
    long long mul;
  };
  static const Unit units[] = {{"gb", 1024LL * 1024 * 1024},
                               {"mb", 1024LL * 1024},
                               {"kb", 1024},
                               {"g", 1000LL * 1000 * 1000},
                               {"m", 1000LL * 1000},
                               {"k", 1000},
                               {"b", 1}};
  for (const Unit& u : units) {
    size_t n = std::char_traits<char>::length(u.suffix);
    if (lower.size() > n && lower.compare(lower.size() - n, n, u.suffix) == 0) {
      mul = u.mul;
      digits = lower.size() - n;
      break;
    }
  }
  int64_t v;
  if (!parse_int64(std::string_view(lower).substr(0, digits), &v)) return false;
  if (v != 0 && (v > LLONG_MAX / mul || v < LLONG_MIN / mul)) return false;
  *out = v * mul;
  return true;
}

EvictionPolicy parse_eviction_policy(std::string_view name) {
  static constexpr std::pair<std::string_view, EvictionPolicy> kPolicies[] = {
      {"allkeys-lru", EvictionPolicy::kAllKeysLru},
      {"allkeys-lfu", EvictionPolicy::kAllKeysLfu},
      {"allkeys-random", EvictionPolicy::kAllKeysRandom},
      {"volatile-lru", EvictionPolicy::kVolatileLru},
      {"volatile-lfu", EvictionPolicy::kVolatileLfu},
      {"volatile-random", EvictionPolicy::kVolatileRandom},
      {"volatile-ttl", EvictionPolicy::kVolatileTtl},
  };
  for (const auto& [n, p] : kPolicies)
    if (n == name) return p;
  return EvictionPolicy::kNoEviction;
}

namespace {
std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

// Quotes a value for a config file line when it needs it.
std::string quote_if_needed(const std::string& v) {
  bool plain = !v.empty();
  for (char c : v)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '\\' ||
        !std::isprint(static_cast<unsigned char>(c)))
      plain = false;
  if (plain) return v;
  std::string r = "\"";
  for (char c : v) {
    switch (c) {
      case '\\':
        r += "\\\\";
        break;
      case '"':
        r += "\\\"";
        break;
      case '\n':
        r += "\\n";
        break;
      case '\r':
        r += "\\r";
        break;
      case '\t':
        r += "\\t";
        break;
      default:
        if (std::isprint(static_cast<unsigned char>(c))) {
          r.push_back(c);
        } else {
          char buf[5];
          std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned char>(c));
          r += buf;
        }
    }
  }
  r += "\"";
  return r;
}
}  // namespace

ConfigRegistry::ConfigRegistry(Config& c) : cfg_(c) {
  using T = Type;
  auto b = [&](const char* n, bool* p, bool mut = true) {
    Directive d;
    d.name = n;
    d.type = T::kBool;
    d.storage = p;
    d.mutable_at_runtime = mut;
    add(std::move(d));
  };
  auto i = [&](const char* n, long long* p, long long mn, long long mx, bool mut = true) {
    Directive d;
    d.name = n;
    d.type = T::kInt;
    d.storage = p;
    d.min = mn;
    d.max = mx;
    d.mutable_at_runtime = mut;
    add(std::move(d));
  };
  auto m = [&](const char* n, long long* p, long long mn, long long mx, bool mut = true) {
    Directive d;
    d.name = n;
    d.type = T::kMemory;
    d.storage = p;
    d.min = mn;
    d.max = mx;
    d.mutable_at_runtime = mut;
    add(std::move(d));
  };
  auto s = [&](const char* n, std::string* p, bool mut = true) {
    Directive d;
    d.name = n;
    d.type = T::kString;
    d.storage = p;
    d.mutable_at_runtime = mut;
    add(std::move(d));
  };
  auto e = [&](const char* n, std::string* p, std::vector<std::string> vals, bool mut = true) {
    Directive d;
    d.name = n;
    d.type = T::kEnum;
    d.storage = p;
    d.enum_values = std::move(vals);
    d.mutable_at_runtime = mut;
    add(std::move(d));
  };

  {
    Directive d;
    d.name = "bind";
    d.type = T::kSpecial;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      // CONFIG SET passes the addresses as one space-separated argument.
      std::vector<std::string> addrs;
      for (const std::string& x : a) {
        std::istringstream in(x);
        std::string w;
        while (in >> w) addrs.push_back(w);
      }
      if (addrs.empty()) return std::string(err::kConfigArgCount);
      if (addrs.size() > 16) return std::string(err::kConfigTooManyBinds);
      cfg_.bind = std::move(addrs);
      cfg_.bind_set = true;
      return {};
    };
    d.get_special = [this] {
      std::string r;
      for (auto& x : cfg_.bind) r += (r.empty() ? "" : " ") + x;
      return r;
    };
    add(std::move(d));
  }
  i("port", &c.port, 0, 65535);
  s("unixsocket", &c.unixsocket, false);
  {
    Directive d;
    d.name = "unixsocketperm";
    d.type = T::kSpecial;
    d.mutable_at_runtime = false;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      if (a.size() != 1) return std::string(err::kConfigArgCount);
      char* end;
      long v = std::strtol(a[0].c_str(), &end, 8);
      if (*end || a[0].empty() || v < 0 || v > 0777) return std::string(err::kConfigSocketPerm);
      cfg_.unixsocketperm = v;
      return {};
    };
    d.get_special = [this] {
      char buf[16];
      std::snprintf(buf, sizeof(buf), "%llo", cfg_.unixsocketperm);
      return std::string(cfg_.unixsocketperm ? buf : "0");
    };
    add(std::move(d));
  }
  b("protected-mode", &c.protected_mode);
  e("enable-debug-command", &c.enable_debug_command, {"no", "yes", "local"}, false);
  e("enable-module-command", &c.enable_module_command, {"no", "yes", "local"}, false);
  e("enable-protected-configs", &c.enable_protected_configs, {"no", "yes", "local"}, false);
  i("tcp-backlog", &c.tcp_backlog, 0, INT_MAX, false);
  i("tcp-keepalive", &c.tcp_keepalive, 0, INT_MAX);
  i("timeout", &c.timeout, 0, INT_MAX);
  i("maxclients", &c.maxclients, 1, INT_MAX);
  i("tls-port", &c.tls_port, 0, 65535);
  s("tls-cert-file", &c.tls_cert_file);
  s("tls-key-file", &c.tls_key_file);
  s("tls-key-file-pass", &c.tls_key_file_pass);
  s("tls-client-cert-file", &c.tls_client_cert_file);
  s("tls-client-key-file", &c.tls_client_key_file);
  s("tls-client-key-file-pass", &c.tls_client_key_file_pass);
  s("tls-dh-params-file", &c.tls_dh_params_file);
  s("tls-ca-cert-file", &c.tls_ca_cert_file);
  s("tls-ca-cert-dir", &c.tls_ca_cert_dir);
  s("tls-protocols", &c.tls_protocols);
  s("tls-ciphers", &c.tls_ciphers);
  s("tls-ciphersuites", &c.tls_ciphersuites);
  e("tls-auth-clients", &c.tls_auth_clients, {"no", "yes", "optional"});
  b("tls-prefer-server-ciphers", &c.tls_prefer_server_ciphers);
  b("tls-session-caching", &c.tls_session_caching);
  i("tls-session-cache-size", &c.tls_session_cache_size, 0, INT_MAX);
  i("tls-session-cache-timeout", &c.tls_session_cache_timeout, 0, INT_MAX);
  b("tls-replication", &c.tls_replication);
  b("tls-cluster", &c.tls_cluster);
  {
    Directive d;
    d.name = "requirepass";
    d.type = T::kString;
    d.storage = &c.requirepass;
    add(std::move(d));
  }
  s("aclfile", &c.aclfile, false);
  i("acllog-max-len", &c.acllog_max_len, 0, LONG_MAX);
  e("acl-pubsub-default", &c.acl_pubsub_default, {"allchannels", "resetchannels"});
  i("databases", &c.databases, 1, INT_MAX, false);
  e("loglevel", &c.loglevel, {"debug", "verbose", "notice", "warning", "nothing"});
  s("logfile", &c.logfile, false);
  i("hz", &c.hz, 0, INT_MAX);
  {
    Directive d;
    d.name = "dir";
    d.type = T::kSpecial;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      if (a.size() != 1) return std::string(err::kConfigArgCount);
      if (chdir(a[0].c_str()) != 0) return std::string(err::kConfigNoSuchDir);
      cfg_.dir = a[0];
      return {};
    };
    d.get_special = [] {
      char buf[4096];
      return std::string(getcwd(buf, sizeof(buf)) ? buf : "");
    };
    add(std::move(d));
  }
  b("daemonize", &c.daemonize, false);
  s("pidfile", &c.pidfile, false);
  m("proto-max-bulk-len", &c.proto_max_bulk_len, 1024 * 1024, LLONG_MAX);
  m("client-query-buffer-limit", &c.client_query_buffer_limit, 1024 * 1024, LLONG_MAX);
  m("maxmemory", &c.maxmemory, 0, LLONG_MAX);
  e("maxmemory-policy", &c.maxmemory_policy,
    {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru",
     "allkeys-lfu", "allkeys-random", "noeviction"});
  i("maxmemory-samples", &c.maxmemory_samples, 1, 64);
  i("maxmemory-eviction-tenacity", &c.maxmemory_eviction_tenacity, 0, 100);
  i("tracking-table-max-keys", &c.tracking_table_max_keys, 0, LONG_MAX);
  {
    // A memory value, or a percentage (up to 100%) of maxmemory.
    Directive d;
    d.name = "maxmemory-clients";
    d.type = T::kSpecial;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      if (a.size() != 1) return std::string(err::kConfigArgCount);
      const std::string& v = a[0];
      long long n;
      bool pct = !v.empty() && v.back() == '%';
      if (pct) {
        int64_t x;
        if (!parse_int64(std::string_view(v).substr(0, v.size() - 1), &x) || x < 0)
          return std::string(err::kConfigMemoryOrPercent);
        if (x > 100) return std::string(err::kConfigPercentTooBig);
        n = x;
      } else if (!parse_memory(v, &n) || n < 0) {
        return std::string(err::kConfigMemoryOrPercent);
      }
      cfg_.maxmemory_clients = n;
      cfg_.maxmemory_clients_pct = pct;
      return {};
    };
    d.get_special = [this] {
      return std::to_string(cfg_.maxmemory_clients) + (cfg_.maxmemory_clients_pct ? "%" : "");
    };
    add(std::move(d));
  }
  {
    // Stored for CONFIG GET/SET; like Redis, a backlog is never smaller than 16 KB.
    Directive d;
    d.name = "repl-backlog-size";
    d.type = T::kSpecial;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      if (a.size() != 1) return std::string(err::kConfigArgCount);
      long long n;
      if (!parse_memory(a[0], &n)) return std::string(err::kConfigNotMemory);
      if (n < 1) return err::config_out_of_range(1, LLONG_MAX);
      cfg_.repl_backlog_size = std::max(n, 16LL * 1024);
      return {};
    };
    d.get_special = [this] { return std::to_string(cfg_.repl_backlog_size); };
    add(std::move(d));
  }
  {
    // A master's address when this server replicates; Sable is always a master, so it is empty.
    Directive d;
    d.name = "replicaof";
    d.aliases.push_back("slaveof");
    d.type = T::kSpecial;
    d.mutable_at_runtime = false;
    d.set_special = [](const std::vector<std::string>& a) -> std::string {
      if (a.size() != 2) return std::string(err::kConfigArgCount);
      return std::string(err::kConfigNoReplication);
    };
    d.get_special = [] { return std::string(); };
    add(std::move(d));
  }
  i("key-load-delay", &c.key_load_delay, LLONG_MIN, LLONG_MAX);
  dirs_.back().hidden = true;
  i("rdb-key-save-delay", &c.rdb_key_save_delay, INT_MIN, INT_MAX);
  dirs_.back().hidden = true;
  i("slowlog-log-slower-than", &c.slowlog_log_slower_than, -1, LLONG_MAX);
  i("slowlog-max-len", &c.slowlog_max_len, 0, LONG_MAX);
  i("latency-monitor-threshold", &c.latency_monitor_threshold, 0, LLONG_MAX);
  i("busy-reply-threshold", &c.busy_reply_threshold, 0, LONG_MAX);
  dirs_.back().aliases.push_back("lua-time-limit");
  b("latency-tracking", &c.latency_tracking);
  {
    // Space-separated percentiles between 0 and 100 for INFO latencystats.
    Directive d;
    d.name = "latency-tracking-info-percentiles";
    d.type = T::kSpecial;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      std::vector<double> out;
      for (auto& x : a) {
        std::istringstream in(x);
        std::string w;
        while (in >> w) {
          char* end = nullptr;
          double v = std::strtod(w.c_str(), &end);
          if (*end || end == w.c_str() || v != v) return std::string(err::kConfigBadPercentiles);
          if (v < 0.0 || v > 100.0) return std::string(err::kConfigPercentileRange);
          out.push_back(v);
        }
      }
      cfg_.latency_tracking_info_percentiles = std::move(out);
      return {};
    };
    d.get_special = [this] {
      std::string r;
      for (double v : cfg_.latency_tracking_info_percentiles)
        r += fmt::format("{}{}", r.empty() ? "" : " ", v);
      return r;
    };
    add(std::move(d));
  }
  i("lfu-log-factor", &c.lfu_log_factor, 0, INT_MAX);
  i("lfu-decay-time", &c.lfu_decay_time, 0, INT_MAX);
  b("lazyfree-lazy-user-del", &c.lazyfree_lazy_user_del);
  b("lazyfree-lazy-user-flush", &c.lazyfree_lazy_user_flush);
  // Accepted for compatibility: values are freed synchronously whatever these say.
  b("lazyfree-lazy-eviction", &c.lazyfree_lazy_eviction);
  b("lazyfree-lazy-expire", &c.lazyfree_lazy_expire);
  b("lazyfree-lazy-server-del", &c.lazyfree_lazy_server_del);
  b("replica-lazy-flush", &c.replica_lazy_flush);
  dirs_.back().aliases.push_back("slave-lazy-flush");
  b("replica-read-only", &c.replica_read_only);  // clients read it on connect
  dirs_.back().aliases.push_back("slave-read-only");
  i("hash-max-listpack-entries", &c.hash_max_listpack_entries, 0, LONG_MAX);
  i("hash-max-listpack-value", &c.hash_max_listpack_value, 0, LONG_MAX);
  i("set-max-intset-entries", &c.set_max_intset_entries, 0, LONG_MAX);
  i("set-max-listpack-entries", &c.set_max_listpack_entries, 0, LONG_MAX);
  i("set-max-listpack-value", &c.set_max_listpack_value, 0, LONG_MAX);
  i("zset-max-listpack-entries", &c.zset_max_listpack_entries, 0, LONG_MAX);
  i("zset-max-listpack-value", &c.zset_max_listpack_value, 0, LONG_MAX);
  m("hll-sparse-max-bytes", &c.hll_sparse_max_bytes, 0, LONG_MAX);
  i("list-max-listpack-size", &c.list_max_listpack_size, INT_MIN, INT_MAX);
  i("list-compress-depth", &c.list_compress_depth, 0, INT_MAX);
  m("stream-node-max-bytes", &c.stream_node_max_bytes, 0, LLONG_MAX);
  i("stream-node-max-entries", &c.stream_node_max_entries, 0, LLONG_MAX);
  {
    // Parsed into a cached bitmask; CONFIG GET shows Redis's canonical form ("AKE").
    Directive d;
    d.name = "notify-keyspace-events";
    d.type = T::kSpecial;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      if (a.size() != 1) return std::string(err::kConfigArgCount);
      int flags = parse_keyspace_events(a[0]);
      if (flags < 0) return std::string(err::kConfigKeyspaceEvents);
      cfg_.notify_keyspace_flags = flags;
      cfg_.notify_keyspace_events = format_keyspace_events(flags);
      return {};
    };
    d.get_special = [this] { return format_keyspace_events(cfg_.notify_keyspace_flags); };
    add(std::move(d));
  }
  {
    Directive d;
    d.name = "client-output-buffer-limit";
    d.type = T::kSpecial;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      std::string err = parse_output_buffer_limits(a, cfg_.obuf_limits);
      if (err.empty())
        cfg_.client_output_buffer_limit = format_output_buffer_limits(cfg_.obuf_limits);
      return err;
    };
    d.get_special = [this] { return format_output_buffer_limits(cfg_.obuf_limits); };
    add(std::move(d));
  }
  {
    // save <seconds> <changes> [...]: Redis's grammar; `save ""` removes every save point.
    Directive d;
    d.name = "save";
    d.type = T::kSpecial;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      std::vector<std::string> words;
      for (auto& x : a) {
        std::istringstream in(x);
        std::string w;
        while (in >> w) words.push_back(w);
      }
      if (words.size() % 2) return std::string(err::kConfigSaveParams);
      std::vector<std::pair<long long, long long>> params;
      for (size_t k = 0; k < words.size(); k += 2) {
        int64_t secs, changes;
        if (!parse_int64(words[k], &secs) || !parse_int64(words[k + 1], &changes) || secs < 1 ||
            changes < 0)
          return std::string(err::kConfigSaveParams);
        params.emplace_back(secs, changes);
      }
      if (from_file_ && cfg_.save_set_from_file) {
        cfg_.save_params.insert(cfg_.save_params.end(), params.begin(), params.end());
      } else {
        cfg_.save_params = std::move(params);
      }
      if (from_file_) cfg_.save_set_from_file = true;
      return {};
    };
    d.get_special = [this] {
      std::string r;
      for (auto& [secs, changes] : cfg_.save_params)
        r += (r.empty() ? "" : " ") + std::to_string(secs) + " " + std::to_string(changes);
      return r;
    };
    add(std::move(d));
  }
  {
    Directive d;
    d.name = "dbfilename";
    d.type = T::kSpecial;
    d.set_special = [this](const std::vector<std::string>& a) -> std::string {
      if (a.size() != 1) return std::string(err::kConfigArgCount);
      if (a[0].find('/') != std::string::npos) return std::string(err::kConfigDbfilenamePath);
      cfg_.dbfilename = a[0];
      return {};
    };
    d.get_special = [this] { return cfg_.dbfilename; };
    add(std::move(d));
  }
  b("rdbcompression", &c.rdbcompression);
  b("bgsave-forkless", &c.bgsave_forkless);
  b("appendonly", &c.appendonly);
  s("appendfilename", &c.appendfilename, false);
  s("appenddirname", &c.appenddirname, false);
  e("appendfsync", &c.appendfsync, {"always", "everysec", "no"});
  b("no-appendfsync-on-rewrite", &c.no_appendfsync_on_rewrite);
  i("auto-aof-rewrite-percentage", &c.auto_aof_rewrite_percentage, 0, INT_MAX);
  m("auto-aof-rewrite-min-size", &c.auto_aof_rewrite_min_size, 0, LLONG_MAX);
  b("aof-load-truncated", &c.aof_load_truncated);
  b("aof-use-rdb-preamble", &c.aof_use_rdb_preamble);
  b("aof-timestamp-enabled", &c.aof_timestamp_enabled);
  b("aof-rewrite-incremental-fsync", &c.aof_rewrite_incremental_fsync);
  b("rdbchecksum", &c.rdbchecksum, false);
  b("stop-writes-on-bgsave-error", &c.stop_writes_on_bgsave_error);
  // Writes need this many replicas with a lag of at most max-lag seconds (0 disables the check).
  i("min-replicas-to-write", &c.min_replicas_to_write, 0, INT_MAX);
  dirs_.back().aliases.push_back("min-slaves-to-write");
  i("min-replicas-max-lag", &c.min_replicas_max_lag, 0, INT_MAX);
  dirs_.back().aliases.push_back("min-slaves-max-lag");
  // The ziplist-era names are aliases, as in Redis 7 (sets never had a ziplist encoding).
  for (auto& d : dirs_) {
    std::string n = d.name;
    auto pos = n.find("listpack");
    if (pos != std::string::npos && n.rfind("set-", 0) != 0)
      d.aliases.push_back(n.replace(pos, 8, "ziplist"));
  }
  for (auto& d : dirs_) d.default_value = format(d);
}

void ConfigRegistry::add(Directive d) { dirs_.push_back(std::move(d)); }

const ConfigRegistry::Directive* ConfigRegistry::find(std::string_view name) const {
  std::string n = lower(name);
  for (auto& d : dirs_) {
    if (d.name == n) return &d;
    for (auto& a : d.aliases)
      if (a == n) return &d;
  }
  return nullptr;
}

std::string ConfigRegistry::format(const Directive& d) const {
  switch (d.type) {
    case Type::kBool:
      return *static_cast<bool*>(d.storage) ? "yes" : "no";
    case Type::kInt:
    case Type::kMemory:
      return std::to_string(*static_cast<long long*>(d.storage));
    case Type::kString:
    case Type::kEnum:
      return *static_cast<std::string*>(d.storage);
    case Type::kSpecial:
      return d.get_special();
  }
  return {};
}

std::string ConfigRegistry::set_args(const std::string& name, const std::vector<std::string>& args,
                                     bool from_file) {
  const Directive* cd = find(name);
  if (!cd) return std::string(err::kConfigUnknown);
  Directive& d = const_cast<Directive&>(*cd);
  if (!from_file && !d.mutable_at_runtime) return std::string(err::kConfigImmutable);
  if (d.type == Type::kSpecial) {
    std::string e = d.set_special(args);
    if (e.empty() && on_change) on_change(d.name);
    return e;
  }
  if (args.size() != 1) return std::string(err::kConfigArgCount);
  const std::string& v = args[0];
  switch (d.type) {
    case Type::kBool: {
      std::string l = lower(v);
      if (l == "yes")
        *static_cast<bool*>(d.storage) = true;
      else if (l == "no")
        *static_cast<bool*>(d.storage) = false;
      else
        return std::string(err::kConfigYesNo);
      break;
    }
    case Type::kInt:
    case Type::kMemory: {
      long long n;
      bool ok;
      if (d.type == Type::kMemory) {
        ok = parse_memory(v, &n);
      } else {
        int64_t x;
        ok = parse_int64(v, &x);
        n = x;
      }
      // A memory value is never negative (Redis reads it as unsigned).
      if (ok && d.type == Type::kMemory && n < 0 && d.min >= 0) ok = false;
      if (!ok)
        return std::string(d.type == Type::kMemory ? err::kConfigNotMemory
                                                   : err::kConfigNotInteger);
      if (n < d.min || n > d.max) return err::config_out_of_range(d.min, d.max);
      long long& stored = *static_cast<long long*>(d.storage);
      long long prev = stored;
      stored = n;
      if (!from_file && d.check_int) {
        std::string e = d.check_int(prev);
        if (!e.empty()) {
          stored = prev;
          return e;
        }
      }
      break;
    }
    case Type::kString:
      *static_cast<std::string*>(d.storage) = v;
      break;
    case Type::kEnum: {
      std::string l = lower(v);
      if (std::find(d.enum_values.begin(), d.enum_values.end(), l) == d.enum_values.end()) {
        std::string r(err::kConfigOneOf);
        for (size_t k = 0; k < d.enum_values.size(); ++k) r += (k ? ", " : "") + d.enum_values[k];
        return r;
      }
      *static_cast<std::string*>(d.storage) = l;
      break;
    }
    case Type::kSpecial:
      break;
  }
  if (on_change) on_change(d.name);
  return {};
}

void ConfigRegistry::set_int_check(std::string_view name,
                                   std::function<std::string(long long prev)> check) {
  for (auto& d : dirs_)
    if (d.name == name) d.check_int = std::move(check);
}

std::string ConfigRegistry::set(const std::string& name, const std::string& value, bool from_file) {
  return set_args(name, {value}, from_file);
}

std::vector<std::pair<std::string, std::string>> ConfigRegistry::get(
    const std::vector<std::string>& patterns) {
  std::vector<std::pair<std::string, std::string>> out;
  // Like Redis: a pattern with glob characters matches names and aliases of visible directives;
  // a plain name also finds a hidden one.
  for (auto& d : dirs_) {
    bool hit = false;
    std::vector<const std::string*> alias_hits;
    for (auto& p : patterns) {
      std::string lp = lower(p);
      bool glob = lp.find_first_of("*?[") != std::string::npos;
      if (d.hidden && glob) continue;
      if (glob ? glob_match(lp, d.name) : lp == d.name) hit = true;
      for (auto& a : d.aliases)
        if ((glob ? glob_match(lp, a) : lp == a) &&
            std::find(alias_hits.begin(), alias_hits.end(), &a) == alias_hits.end())
          alias_hits.push_back(&a);
    }
    if (hit) out.emplace_back(d.name, format(d));
    for (const std::string* a : alias_hits) out.emplace_back(*a, format(d));
  }
  return out;
}

std::optional<std::string> ConfigRegistry::load_text(const std::string& text,
                                                     const std::string& origin) {
  std::istringstream in(text);
  std::string line;
  int lineno = 0;
  auto fatal = [&](const std::string& why) {
    return "\n*** FATAL CONFIG FILE ERROR (Redis " + std::string(kRedisVersion) + ") ***\n" +
           "Reading the configuration file " + origin + ", at line " + std::to_string(lineno) +
           "\n>>> '" + line + "'\n" + why + "\n";
  };
  while (std::getline(in, line)) {
    ++lineno;
    size_t b = line.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) continue;
    size_t e = line.find_last_not_of(" \t\r\n");
    line = line.substr(b, e - b + 1);
    if (line[0] == '#') continue;
    auto parts = split_args(line);
    if (!parts) return fatal("Unbalanced quotes in configuration line");
    if (parts->empty()) continue;
    std::string name = lower((*parts)[0]);
    std::vector<std::string> args(parts->begin() + 1, parts->end());
    if (name == "include") {
      if (args.size() != 1) return fatal("Bad directive or wrong number of arguments");
      if (auto err = load_file(args[0])) return err;
      continue;
    }
    if (name == "user") {  // ACL users, applied by the server at start-up
      if (args.empty()) return fatal("Bad directive or wrong number of arguments");
      cfg_.acl_users.push_back(args);
      continue;
    }
    if (name == "rename-command" && args.size() == 2 && on_rename_command) {
      std::string err = on_rename_command(args[0], args[1]);
      if (!err.empty()) return fatal(err);
      continue;
    }
    if (!find(name)) return fatal("Bad directive or wrong number of arguments");
    from_file_ = true;  // lets `save` lines accumulate
    std::string err = set_args(name, args, true);
    from_file_ = false;
    if (!err.empty()) return fatal(err);
  }
  return std::nullopt;
}

std::optional<std::string> ConfigRegistry::load_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) return "Fatal error, can't open config file '" + path + "': No such file or directory";
  std::stringstream ss;
  ss << f.rdbuf();
  return load_text(ss.str(), "'" + path + "'");
}

std::string ConfigRegistry::args_to_text(const std::vector<std::string>& args) {
  std::string text;
  bool first = true;
  for (auto& a : args) {
    if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
      if (!first) text += "\n";
      text += a.substr(2);
      first = false;
    } else {
      text += " " + quote_if_needed(a);
    }
  }
  return text + "\n";
}

std::string ConfigRegistry::rewrite() {
  if (cfg_.config_file.empty()) return std::string(err::kConfigNoFile);
  std::ifstream f(cfg_.config_file);
  std::vector<std::string> lines;
  std::string line;
  while (f && std::getline(f, line)) lines.push_back(line);
  std::vector<bool> written(dirs_.size(), false);
  std::vector<std::string> out;
  for (auto& l : lines) {
    auto parts = split_args(l);
    size_t b = l.find_first_not_of(" \t");
    if (!parts || parts->empty() || b == std::string::npos || l[b] == '#') {
      out.push_back(l);
      continue;
    }
    const Directive* d = find((*parts)[0]);
    if (!d) {
      out.push_back(l);
      continue;
    }
    size_t idx = d - dirs_.data();
    if (written[idx]) continue;  // duplicates collapse into one line
    written[idx] = true;
    std::string v = format(*d);
    if (d->type == Type::kSpecial && d->name == "bind")
      out.push_back(d->name + " " + v);
    else
      out.push_back(d->name + " " + quote_if_needed(v));
  }
  bool header = false;
  for (size_t k = 0; k < dirs_.size(); ++k) {
    if (written[k]) continue;
    std::string v = format(dirs_[k]);
    if (v == dirs_[k].default_value || dirs_[k].name == "dir") continue;
    if (!header) {
      out.push_back("# Generated by CONFIG REWRITE");
      header = true;
    }
    out.push_back(dirs_[k].name + " " + quote_if_needed(v));
  }
  std::string tmp = cfg_.config_file + ".tmp-rewrite";
  {
    std::ofstream o(tmp, std::ios::trunc);
    if (!o) return std::string(err::kRewritePermission);
    for (auto& l : out) o << l << "\n";
    o.flush();
    if (!o) return std::string(err::kRewriteWrite);
  }
  if (std::rename(tmp.c_str(), cfg_.config_file.c_str()) != 0)
    return std::string(err::kRewriteRename);
  return {};
}

}  // namespace sable
