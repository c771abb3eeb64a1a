// The INFO report: one function per section, each writing Redis 7.0's field names in Redis's order
// so monitoring tools (redis_exporter, redis-cli --stat, client libraries) parse it unchanged.
// Fields for subsystems Sable does not have (replication, AOF, active defrag, tracking) report
// the values an idle Redis with that feature off reports.
#include "server/commands/server_info.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "datatypes/clock.h"
#include "server/aof/aof.h"
#include "server/commands/migrate.h"
#include "server/scripting/eval.h"
#include "server/scripting/functions.h"
#include "server/scripting/scripting.h"
#include "server/server.h"
#include "server/version.h"

#ifdef SABLE_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace sable {

void new_replication_id(Server& s) {
  s.replid.clear();
  for (int i = 0; i < 40; ++i) s.replid.push_back("0123456789abcdef"[s.rng() & 15]);
}

namespace {

size_t g_peak_memory = 0;
size_t g_startup_memory = 0;

// Appends "# Title\r\n" and then "name:value\r\n" lines.
class InfoWriter {
 public:
  explicit InfoWriter(std::string& out) : out_(out) {}
  void field(std::string_view name, std::string_view value) {
    out_.append(name);
    out_.push_back(':');
    out_.append(value);
    out_.append("\r\n");
  }
  template <class T>
  void num(std::string_view name, T v) {
    field(name, fmt::format("{}", v));
  }
  void fixed2(std::string_view name, double v) { field(name, fmt::format("{:.2f}", v)); }

 private:
  std::string& out_;
};

#ifdef SABLE_HAVE_JEMALLOC
size_t jemalloc_stat(const char* name) {
  size_t v = 0, sz = sizeof(v);
  if (mallctl(name, &v, &sz, nullptr, 0) != 0) return 0;
  return v;
}
#endif

}  // namespace

AllocatorFigures allocator_figures() {
  AllocatorFigures f;
  f.allocated = Server::used_memory();
  f.active = f.allocated;
  f.resident = Server::rss_memory();
#ifdef SABLE_HAVE_JEMALLOC
  f.allocated = jemalloc_stat("stats.allocated");
  f.active = jemalloc_stat("stats.active");
  f.resident = jemalloc_stat("stats.resident");
  const char* ver = nullptr;
  size_t sz = sizeof(ver);
  if (mallctl("version", &ver, &sz, nullptr, 0) == 0 && ver) {
    std::string v(ver);
    f.name = "jemalloc-" + v.substr(0, v.find('-'));
  }
#endif
  return f;
}

namespace {

double ratio(size_t a, size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0; }

// Redis prints the absolute path of the binary; argv[0] may be relative.
std::string absolute_executable(const std::string& argv0) {
  if (!argv0.empty() && argv0[0] == '/') return argv0;
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : argv0;
}

void section_server(Server& s, InfoWriter& w) {
  struct utsname u {};
  uname(&u);
  int64_t now_us = wall_us();
  int64_t uptime = (now_us / 1000 - s.start_time_ms) / 1000;
  w.field("redis_version", kRedisVersion);
  w.field("redis_git_sha1", "00000000");
  w.field("redis_git_dirty", "0");
  w.field("redis_build_id", "5ab1e00000000000");
  w.field("redis_mode", "standalone");
  w.field("os", fmt::format("{} {} {}", u.sysname, u.release, u.machine));
  w.num("arch_bits", sizeof(void*) * 8);
  w.field("monotonic_clock", "POSIX clock_gettime");
  w.field("multiplexing_api", "epoll");
  w.field("atomicvar_api", "c11-builtin");
#ifdef __GNUC__
  w.field("gcc_version", fmt::format("{}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__));
#else
  w.field("gcc_version", "0.0.0");
#endif
  w.num("process_id", getpid());
  w.field("process_supervised", "no");
  w.field("run_id", s.run_id);
  w.num("tcp_port", s.config.port);
  w.num("server_time_usec", now_us);
  w.num("uptime_in_seconds", uptime);
  w.num("uptime_in_days", uptime / 86400);
  w.num("hz", s.config.hz);
  w.num("configured_hz", s.config.hz);
  w.num("lru_clock", lru_clock_from(now_us / 1000));
  w.field("executable", absolute_executable(s.executable_path));
  w.field("config_file", s.config.config_file);
  w.field("io_threads_active", "0");
}

void section_clients(Server& s, InfoWriter& w) {
  size_t max_in = 0, max_out = 0;
  for (auto& [id, c] : s.clients) {
    max_in = std::max(max_in, c->in.len);
    max_out = std::max(max_out, c->reply.buffer().size() + c->inflight.size());
  }
  w.num("connected_clients", s.clients.size());
  w.field("cluster_connections", "0");
  w.num("maxclients", s.config.maxclients);
  w.num("client_recent_max_input_buffer", max_in);
  w.num("client_recent_max_output_buffer", max_out);
  // Clients held by CLIENT PAUSE count as blocked, as in Redis.
  w.num("blocked_clients",
        (s.blocking ? s.blocking->blocked_clients() : 0) + s.paused_clients.size());
  w.num("tracking_clients", s.tracking ? s.tracking->tracking_clients() : 0);
  w.field("clients_in_timeout_table", "0");
}

void section_memory(Server& s, InfoWriter& w) {
  size_t used = Server::used_memory();
  size_t rss = Server::rss_memory();
  size_t peak = peak_used_memory(used);
  size_t startup = std::min(startup_used_memory(), used);
  size_t overhead = startup;
  for (auto& db : s.dbs) overhead += db->overhead_bytes();
  for (auto& [id, c] : s.clients)
    overhead += sizeof(Client) + c->in.cap + c->reply.buffer().capacity() + c->inflight.capacity();
  overhead = std::min(overhead, used);
  size_t dataset = used - overhead;
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  size_t total_mem = pages > 0 && page > 0 ? size_t(pages) * size_t(page) : 0;
  AllocatorFigures a = allocator_figures();
  size_t maxmem = static_cast<size_t>(s.config.maxmemory);

  w.num("used_memory", used);
  w.field("used_memory_human", bytes_to_human(used));
  w.num("used_memory_rss", rss);
  w.field("used_memory_rss_human", bytes_to_human(rss));
  w.num("used_memory_peak", peak);
  w.field("used_memory_peak_human", bytes_to_human(peak));
  w.field("used_memory_peak_perc", fmt::format("{:.2f}%", 100 * ratio(used, peak)));
  w.num("used_memory_overhead", overhead);
  w.num("used_memory_startup", startup);
  w.num("used_memory_dataset", dataset);
  w.field("used_memory_dataset_perc",
          fmt::format("{:.2f}%", used > startup ? 100 * ratio(dataset, used - startup) : 0.0));
  w.num("allocator_allocated", a.allocated);
  w.num("allocator_active", a.active);
  w.num("allocator_resident", a.resident);
  w.num("total_system_memory", total_mem);
  w.field("total_system_memory_human", bytes_to_human(total_mem));
  // The EVAL and functions engines' figures.
  const scripting::EvalScripts& ev = s.scripting->eval();
  const scripting::Functions& fns = s.scripting->functions();
  size_t vm_functions = fns.vm_memory();
  size_t vm_eval = ev.vm_memory(), scripts_eval = ev.scripts_memory();
  w.num("used_memory_lua", vm_eval);
  w.num("used_memory_vm_eval", vm_eval);
  w.field("used_memory_lua_human", bytes_to_human(vm_eval));
  w.num("used_memory_scripts_eval", scripts_eval);
  w.num("number_of_cached_scripts", ev.count());
  w.num("number_of_functions", fns.function_count());
  w.num("number_of_libraries", fns.libraries().size());
  w.num("used_memory_vm_functions", vm_functions);
  w.num("used_memory_vm_total", vm_eval + vm_functions);
  w.field("used_memory_vm_total_human", bytes_to_human(vm_eval + vm_functions));
  size_t functions_overhead = fns.overhead_memory();
  w.num("used_memory_functions", functions_overhead);
  w.num("used_memory_scripts", scripts_eval + functions_overhead);
  w.field("used_memory_scripts_human", bytes_to_human(scripts_eval + functions_overhead));
  w.num("maxmemory", maxmem);
  w.field("maxmemory_human", bytes_to_human(maxmem));
  w.field("maxmemory_policy", s.config.maxmemory_policy);
  w.fixed2("allocator_frag_ratio", ratio(a.active, a.allocated));
  w.num("allocator_frag_bytes",
        static_cast<long long>(a.active) - static_cast<long long>(a.allocated));
  w.fixed2("allocator_rss_ratio", ratio(a.resident, a.active));
  w.num("allocator_rss_bytes",
        static_cast<long long>(a.resident) - static_cast<long long>(a.active));
  w.fixed2("rss_overhead_ratio", ratio(rss, a.resident));
  w.num("rss_overhead_bytes", static_cast<long long>(rss) - static_cast<long long>(a.resident));
  w.fixed2("mem_fragmentation_ratio", ratio(rss, used));
  w.num("mem_fragmentation_bytes", static_cast<long long>(rss) - static_cast<long long>(used));
  w.field("mem_not_counted_for_evict", "0");
  w.field("mem_replication_backlog", "0");
  w.field("mem_total_replication_buffers", "0");
  w.field("mem_clients_slaves", "0");
  size_t clients_mem = 0;
  for (auto& [id, c] : s.clients)
    clients_mem += c->in.cap + c->reply.buffer().capacity() + c->inflight.capacity();
  w.num("mem_clients_normal", clients_mem);
  w.field("mem_cluster_links", "0");
  w.field("mem_aof_buffer", "0");
  w.field("mem_allocator", a.name);
  w.field("active_defrag_running", "0");
  w.num("lazyfree_pending_objects", s.lazyfree ? s.lazyfree->pending() : 0);
  w.num("lazyfreed_objects", s.lazyfree ? s.lazyfree->freed() : 0);
}

void section_persistence(Server& s, InfoWriter& w) {
  w.field("loading", "0");
  w.field("async_loading", "0");
  w.field("current_cow_peak", "0");
  w.field("current_cow_size", "0");
  w.field("current_cow_size_age", "0");
  w.field("current_fork_perc", "0.00");
  w.field("current_save_keys_processed", "0");
  w.field("current_save_keys_total", "0");
  w.num("rdb_changes_since_last_save", static_cast<int64_t>(s.dirty));
  w.num("rdb_bgsave_in_progress", s.bgsave_in_progress() ? 1 : 0);
  w.num("rdb_last_save_time", s.lastsave_sec);
  w.field("rdb_last_bgsave_status", s.rdb_last_bgsave_ok ? "ok" : "err");
  w.num("rdb_last_bgsave_time_sec", s.rdb_last_bgsave_time_sec);
  w.num("rdb_current_bgsave_time_sec",
        s.bgsave_in_progress() ? (wall_ms() - s.rdb_save_start_ms) / 1000 : -1);
  w.num("rdb_saves", static_cast<int64_t>(s.rdb_saves));
  w.field("rdb_last_cow_size", "0");
  w.field("rdb_last_load_keys_expired", "0");
  w.field("rdb_last_load_keys_loaded", "0");
  for (const auto& [name, value] : s.aof->info_fields()) w.field(name, value);
}

void section_stats(Server& s, InfoWriter& w) {
  const ServerStats& st = s.stats;
  w.num("total_connections_received", st.total_connections_received);
  w.num("total_commands_processed", st.total_commands_processed);
  w.num("instantaneous_ops_per_sec", st.instantaneous_ops());
  w.num("total_net_input_bytes", st.net_input_bytes);
  w.num("total_net_output_bytes", st.net_output_bytes);
  w.field("total_net_repl_input_bytes", "0");
  w.field("total_net_repl_output_bytes", "0");
  w.field("instantaneous_input_kbps", "0.00");
  w.field("instantaneous_output_kbps", "0.00");
  w.field("instantaneous_input_repl_kbps", "0.00");
  w.field("instantaneous_output_repl_kbps", "0.00");
  w.num("rejected_connections", st.rejected_connections);
  w.field("sync_full", "0");
  w.field("sync_partial_ok", "0");
  w.field("sync_partial_err", "0");
  w.num("expired_keys", st.expired_keys);
  w.fixed2("expired_stale_perc", static_cast<double>(st.expired_stale_perc));
  w.field("expired_time_cap_reached_count", "0");
  w.num("expire_cycle_cpu_milliseconds", st.expire_cycle_cpu_milliseconds);
  w.num("evicted_keys", st.evicted_keys);
  w.field("evicted_clients", "0");
  w.field("total_eviction_exceeded_time", "0");
  w.field("current_eviction_exceeded_time", "0");
  w.num("keyspace_hits", st.keyspace_hits);
  w.num("keyspace_misses", st.keyspace_misses);
  w.num("pubsub_channels", s.pubsub ? s.pubsub->active_channels("").size() : 0);
  w.num("pubsub_patterns", s.pubsub ? s.pubsub->pattern_count() : 0);
  w.num("pubsubshard_channels", s.pubsub ? s.pubsub->active_channels("", true).size() : 0);
  w.field("latest_fork_usec", "0");
  w.field("total_forks", "0");
  w.num("migrate_cached_sockets", migrate_cached_sockets());
  w.field("slave_expires_tracked_keys", "0");
  w.field("active_defrag_hits", "0");
  w.field("active_defrag_misses", "0");
  w.field("active_defrag_key_hits", "0");
  w.field("active_defrag_key_misses", "0");
  w.field("total_active_defrag_time", "0");
  w.field("current_active_defrag_time", "0");
  w.num("tracking_total_keys", s.tracking ? s.tracking->tracked_keys() : 0);
  w.num("tracking_total_items", s.tracking ? s.tracking->tracked_items() : 0);
  w.num("tracking_total_prefixes", s.tracking ? s.tracking->tracked_prefixes() : 0);
  w.num("unexpected_error_replies", st.unexpected_error_replies);
  w.num("total_error_replies", st.total_error_replies);
  w.field("dump_payload_sanitizations", "0");
  w.field("total_reads_processed", "0");
  w.field("total_writes_processed", "0");
  w.field("io_threaded_reads_processed", "0");
  w.field("io_threaded_writes_processed", "0");
  w.num("reply_buffer_shrinks", static_cast<int64_t>(s.stats.reply_buffer_shrinks));
  w.num("reply_buffer_expands", static_cast<int64_t>(s.stats.reply_buffer_expands));
}

void section_replication(Server& s, InfoWriter& w) {
  // A replication id distinct from the run id, made on first use (DEBUG CHANGE-REPL-ID makes
  // another).
  if (s.replid.empty()) new_replication_id(s);
  const std::string& replid = s.replid;
  w.field("role", "master");
  w.field("connected_slaves", "0");
  w.field("master_failover_state", "no-failover");
  w.field("master_replid", replid);
  w.field("master_replid2", std::string(40, '0'));
  w.field("master_repl_offset", "0");
  w.field("second_repl_offset", "-1");
  w.field("repl_backlog_active", "0");
  w.field("repl_backlog_size", "1048576");
  w.field("repl_backlog_first_byte_offset", "0");
  w.field("repl_backlog_histlen", "0");
}

std::string tv(const timeval& t) {
  return fmt::format("{}.{:06d}", static_cast<long>(t.tv_sec), static_cast<long>(t.tv_usec));
}

void section_cpu(Server&, InfoWriter& w) {
  struct rusage self {
  }, children{}, thread{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  getrusage(RUSAGE_THREAD, &thread);
  w.field("used_cpu_sys", tv(self.ru_stime));
  w.field("used_cpu_user", tv(self.ru_utime));
  w.field("used_cpu_sys_children", tv(children.ru_stime));
  w.field("used_cpu_user_children", tv(children.ru_utime));
  w.field("used_cpu_sys_main_thread", tv(thread.ru_stime));
  w.field("used_cpu_user_main_thread", tv(thread.ru_utime));
}

void command_stats_line(const CommandSpec& c, InfoWriter& w) {
  const CommandStats& st = c.stats;
  if (st.calls || st.failed_calls || st.rejected_calls) {
    double per = st.calls ? static_cast<double>(st.usec) / static_cast<double>(st.calls) : 0;
    w.field("cmdstat_" + c.fullname,
            fmt::format("calls={},usec={},usec_per_call={:.2f},rejected_calls={},failed_calls={}",
                        st.calls, st.usec, per, st.rejected_calls, st.failed_calls));
  }
  for (auto& sub : c.subcommands) command_stats_line(*sub, w);
}

void section_commandstats(Server& s, InfoWriter& w) {
  for (const CommandSpec* c : s.commands.all()) command_stats_line(*c, w);
}

// latency_percentiles_usec_<command>:p50=…,p99=… from each command's latency histogram.
void latency_stats_line(const Config& cfg, const CommandSpec& c, InfoWriter& w) {
  const LatencyHistogram& h = c.stats.latency;
  if (h.total()) {
    std::string v;
    for (double p : cfg.latency_tracking_info_percentiles)
      v += fmt::format("{}p{}={:.3f}", v.empty() ? "" : ",", p,
                       static_cast<double>(h.value_at_percentile(p)) / 1000.0);
    w.field("latency_percentiles_usec_" + c.fullname, v);
  }
  for (auto& sub : c.subcommands) latency_stats_line(cfg, *sub, w);
}

void section_latencystats(Server& s, InfoWriter& w) {
  for (const CommandSpec* c : s.commands.all()) latency_stats_line(s.config, *c, w);
}

void section_errorstats(Server& s, InfoWriter& w) {
  for (auto& [code, count] : s.error_stats)
    w.field("errorstat_" + code, fmt::format("count={}", count));
}

void section_cluster(Server&, InfoWriter& w) { w.field("cluster_enabled", "0"); }

void section_keyspace(Server& s, InfoWriter& w) {
  for (auto& db : s.dbs) {
    if (db->size() == 0) continue;
    w.field(fmt::format("db{}", db->id()),
            fmt::format("keys={},expires={},avg_ttl=0", db->size(), db->expires_size()));
  }
}

void section_none(Server&, InfoWriter&) {}

struct SectionDef {
  const char* name;   // lower case, as asked for
  const char* title;  // as printed after "# "
  bool in_default;
  void (*fn)(Server&, InfoWriter&);
};

// Redis 7.0's order. "modules" lists loaded modules (none).
const SectionDef kSections[] = {
    {"server", "Server", true, section_server},
    {"clients", "Clients", true, section_clients},
    {"memory", "Memory", true, section_memory},
    {"persistence", "Persistence", true, section_persistence},
    {"stats", "Stats", true, section_stats},
    {"replication", "Replication", true, section_replication},
    {"cpu", "CPU", true, section_cpu},
    {"modules", "Modules", true, section_none},
    {"commandstats", "Commandstats", false, section_commandstats},
    {"errorstats", "Errorstats", true, section_errorstats},
    {"latencystats", "Latencystats", false, section_latencystats},
    {"cluster", "Cluster", true, section_cluster},
    {"keyspace", "Keyspace", true, section_keyspace},
};

}  // namespace

std::string bytes_to_human(unsigned long long n) {
  static const char* units[] = {"K", "M", "G", "T", "P", "E"};
  if (n < 1024) return fmt::format("{}B", n);
  double d = static_cast<double>(n) / 1024;
  int u = 0;
  while (d >= 1024 && u < 5) {
    d /= 1024;
    ++u;
  }
  return fmt::format("{:.2f}{}", d, units[u]);
}

size_t peak_used_memory(size_t current) {
  g_peak_memory = std::max(g_peak_memory, current);
  return g_peak_memory;
}

size_t startup_used_memory() { return g_startup_memory; }

void record_startup_memory() {
  if (!g_startup_memory) g_startup_memory = Server::used_memory();
}

std::string build_info(Server& server, std::span<const std::string_view> names) {
  std::set<std::string> wanted;
  bool all = false;
  if (names.empty()) wanted.insert("default");
  for (std::string_view n : names) {
    std::string l(n);
    for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (l == "all" || l == "everything") all = true;
    wanted.insert(l);
  }
  bool dflt = wanted.count("default") > 0;
  std::string out;
  InfoWriter w(out);
  int printed = 0;
  for (const SectionDef& s : kSections) {
    if (!all && !wanted.count(s.name) && !(dflt && s.in_default)) continue;
    if (printed++) out.append("\r\n");
    out.append("# ");
    out.append(s.title);
    out.append("\r\n");
    s.fn(server, w);
  }
  return out;
}

// INFO errorstats: counts every error reply by its code (the first word), capped like Redis.
void count_error_reply(std::string_view msg) {
  if (!g_server) return;
  size_t sp = msg.substr(0, 32).find(' ');
  std::string code(sp == std::string_view::npos ? std::string_view("ERR") : msg.substr(0, sp));
  auto& stats = g_server->error_stats;
  auto it = stats.find(code);
  if (it != stats.end())
    ++it->second;
  else if (stats.size() < 128)
    stats.emplace(std::move(code), 1);
}

}  // namespace sable
