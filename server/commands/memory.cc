// MEMORY: USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE and HELP. The figures come from the
// allocator (jemalloc's counters, Server::used_memory) and the keyspace's own accounting
// (entry_memory, Db::overhead_bytes); the INFO memory section reports the same ones.
#include <fmt/format.h>
#include <malloc.h>

#include <algorithm>

#include "server/commands/common.h"
#include "server/commands/server_info.h"

#ifdef SABLE_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace sable {

namespace {

// MEMORY USAGE key [SAMPLES count]
void CmdMemoryUsage(CommandContext& ctx) {
  ArgCursor a(ctx.argv, 3);
  while (!a.done()) {
    if (a.remaining() >= 2 && a.match("SAMPLES")) {
      // Every element is counted exactly, so the sample size is validated and changes nothing.
      int64_t samples = a.next<int64_t>();
      a.check(samples >= 0, err::kSyntax);
    } else {
      a.fail(err::kSyntax);
    }
  }
  if (!a.ok()) return ctx.reply.error(a.error());
  Entry* e = ctx.db.find_raw(ctx.arg(2));
  if (!e) return ctx.reply.null();
  ctx.reply.integer(static_cast<long long>(entry_memory(e)));
}

// MEMORY STATS
void CmdMemoryStats(CommandContext& ctx) {
  Server& s = ctx.server;
  size_t used = Server::used_memory(), rss = Server::rss_memory();
  size_t peak = peak_used_memory(used), startup = std::min(startup_used_memory(), used);
  size_t clients_mem = 0, keys = 0, overhead = startup;
  for (auto& [id, c] : s.clients)
    clients_mem += c->in.cap + c->reply.buffer().capacity() + c->inflight.capacity();
  std::vector<Db*> used_dbs;
  for (auto& db : s.dbs) {
    keys += db->size();
    overhead += db->overhead_bytes();
    if (db->size()) used_dbs.push_back(db.get());
  }
  overhead = std::min(overhead + clients_mem, used);
  size_t dataset = used - overhead;
  ReplyWriter& r = ctx.reply;
  r.map_len(27 + used_dbs.size());
  auto num = [&](const char* k, long long v) {
    r.bulk(k);
    r.integer(v);
  };
  auto dbl = [&](const char* k, double v) {
    r.bulk(k);
    r.dbl(v);
  };
  num("peak.allocated", peak);
  num("total.allocated", used);
  num("startup.allocated", startup);
  for (const char* k : {"replication.backlog", "clients.slaves"}) num(k, 0);
  num("clients.normal", clients_mem);
  for (const char* k : {"cluster.links", "aof.buffer", "lua.caches", "functions.caches"}) num(k, 0);
  for (Db* db : used_dbs) {
    r.bulk(fmt::format("db.{}", db->id()));
    r.map_len(3);
    num("overhead.hashtable.main", db->overhead_bytes());
    num("overhead.hashtable.expires", db->expires_size() * sizeof(void*));
    num("overhead.hashtable.slot-to-keys", 0);
  }
  num("overhead.total", overhead);
  num("keys.count", keys);
  num("keys.bytes-per-key", keys ? (used - startup) / keys : 0);
  num("dataset.bytes", dataset);
  dbl("dataset.percentage", used > startup ? 100.0 * dataset / (used - startup) : 0);
  dbl("peak.percentage", peak ? 100.0 * used / peak : 0);
  AllocatorFigures a = allocator_figures();
  auto diff = [](size_t x, size_t y) {
    return static_cast<long long>(x) - static_cast<long long>(y);
  };
  auto ratio = [](size_t x, size_t y) {
    return y ? static_cast<double>(x) / static_cast<double>(y) : 0;
  };
  num("allocator.allocated", a.allocated);
  num("allocator.active", a.active);
  num("allocator.resident", a.resident);
  dbl("allocator-fragmentation.ratio", ratio(a.active, a.allocated));
  num("allocator-fragmentation.bytes", diff(a.active, a.allocated));
  dbl("allocator-rss.ratio", ratio(a.resident, a.active));
  num("allocator-rss.bytes", diff(a.resident, a.active));
  dbl("rss-overhead.ratio", ratio(rss, a.resident));
  num("rss-overhead.bytes", diff(rss, a.resident));
  dbl("fragmentation", ratio(rss, used));
  num("fragmentation.bytes", diff(rss, used));
}

// MEMORY DOCTOR
void CmdMemoryDoctor(CommandContext& ctx) {
  size_t used = Server::used_memory();
  if (used < 5 * 1024 * 1024)
    return ctx.reply.verbatim(
        "Hi Sam, this instance is empty or is using very little memory, my issues detector can't "
        "be used in these conditions. Please, leave for your mission on Earth and fill it with "
        "some data. The new Sam and I will be back to our programming as soon as I finished "
        "rebooting.");
  ctx.reply.verbatim(
      "Hi Sam, I can't find any memory issue in your instance. I can only account for what "
      "occurs on this base.");
}

// MEMORY MALLOC-STATS
void CmdMemoryMallocStats(CommandContext& ctx) {
#ifdef SABLE_HAVE_JEMALLOC
  std::string out;
  malloc_stats_print([](void* p, const char* s) { static_cast<std::string*>(p)->append(s); }, &out,
                     nullptr);
  ctx.reply.verbatim(out);
#else
  ctx.reply.verbatim("Stats not supported for the current allocator");
#endif
}

// MEMORY PURGE
void CmdMemoryPurge(CommandContext& ctx) {
#ifdef SABLE_HAVE_JEMALLOC
  std::string name = fmt::format("arena.{}.purge", MALLCTL_ARENAS_ALL);
  mallctl(name.c_str(), nullptr, nullptr, nullptr, 0);
#else
  malloc_trim(0);
#endif
  ctx.reply.ok();
}

// MEMORY HELP
void CmdMemoryHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "MEMORY",
             {"DOCTOR", "    Return memory problems reports.", "MALLOC-STATS",
              "    Return internal statistics report from the memory allocator.", "PURGE",
              "    Attempt to purge dirty pages for reclamation by the allocator.", "STATS",
              "    Return information about the memory usage of the server.",
              "USAGE <key> [SAMPLES <count>]",
              "    Return memory in bytes used by <key> and its value. Nested values are",
              "    sampled up to <count> times (default: 5, 0 means sample all)."});
}

}  // namespace

void RegisterMemoryFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  const char* kHelpSummary = "Show helpful text about the different subcommands";
  rows.add({.name = "memory",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for memory diagnostics commands",
            .since = "4.0.0",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "memory",
            .name = "usage",
            .arity = -3,
            .flags = kCmdReadonly,
            .keys = {2, 2, 1},
            .key_specs = "RO | index 2 | range 0 1 0",
            .acl = "@read @slow",
            .summary = "Estimate the memory usage of a key",
            .since = "4.0.0",
            .complexity = "O(N) where N is the number of samples.",
            .usage = "key [SAMPLES count]",
            .handler = CmdMemoryUsage});
  rows.add({.container = "memory",
            .name = "stats",
            .arity = 2,
            .acl = "@slow",
            .summary = "Show memory usage details",
            .since = "4.0.0",
            .complexity = "O(1)",
            .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
            .handler = CmdMemoryStats});
  rows.add({.container = "memory",
            .name = "doctor",
            .arity = 2,
            .acl = "@slow",
            .summary = "Outputs memory problems report",
            .since = "4.0.0",
            .complexity = "O(1)",
            .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
            .handler = CmdMemoryDoctor});
  rows.add({.container = "memory",
            .name = "malloc-stats",
            .arity = 2,
            .acl = "@slow",
            .summary = "Show allocator internal stats",
            .since = "4.0.0",
            .complexity = "Depends on how much memory is allocated, could be slow",
            .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
            .handler = CmdMemoryMallocStats});
  rows.add({.container = "memory",
            .name = "purge",
            .arity = 2,
            .acl = "@slow",
            .summary = "Ask the allocator to release memory",
            .since = "4.0.0",
            .complexity = "Depends on how much memory is allocated, could be slow",
            .tips = "request_policy:all_shards response_policy:all_succeeded",
            .handler = CmdMemoryPurge});
  rows.add({.container = "memory",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow",
            .summary = kHelpSummary,
            .since = "4.0.0",
            .complexity = "O(1)",
            .handler = CmdMemoryHelp});
}

}  // namespace sable
