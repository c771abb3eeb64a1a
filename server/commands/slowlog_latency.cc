// SLOWLOG (the entries themselves are recorded by the dispatcher) and LATENCY.
#include <fmt/format.h>

#include <algorithm>

#include "server/commands/common.h"
#include "server/commands/server_info.h"

namespace sable {
namespace {

// ---------------------------------------------------------------------------------------------
// LATENCY: the monitor's events (server/latency.h) are recorded by the dispatcher when a command
// takes at least latency-monitor-threshold milliseconds; the histograms by every call while
// latency-tracking is on.

int64_t now_sec() { return wall_ms() / 1000; }

// LATENCY LATEST
void CmdLatencyLatest(CommandContext& ctx) {
  auto& events = ctx.server.latency.events();
  ctx.reply.array_len(events.size());
  for (auto& [name, series] : events) {
    ctx.reply.array_len(4);
    ctx.reply.bulk(name);
    ctx.reply.integer(series.latest().time);
    ctx.reply.integer(series.latest().latency_ms);
    ctx.reply.integer(series.max_ms);
  }
}

// LATENCY HISTORY event
void CmdLatencyHistory(CommandContext& ctx) {
  const LatencySeries* s = ctx.server.latency.find(ctx.arg(2));
  if (!s) return ctx.reply.array_len(0);
  auto samples = s->ordered();
  ctx.reply.array_len(samples.size());
  for (auto& x : samples) {
    ctx.reply.array_len(2);
    ctx.reply.integer(x.time);
    ctx.reply.integer(x.latency_ms);
  }
}

// LATENCY RESET [event ...]
void CmdLatencyReset(CommandContext& ctx) {
  LatencyMonitor& m = ctx.server.latency;
  if (ctx.argc() == 2) return ctx.reply.integer(static_cast<long long>(m.reset_all()));
  long long n = 0;
  for (size_t i = 2; i < ctx.argc(); ++i) n += m.reset(ctx.arg(i));
  ctx.reply.integer(n);
}

// LATENCY GRAPH event
void CmdLatencyGraph(CommandContext& ctx) {
  const LatencySeries* s = ctx.server.latency.find(ctx.arg(2));
  if (!s) return ctx.reply.error(err::latency_no_samples(ctx.arg(2)));
  ctx.reply.verbatim(ctx.server.latency.graph(ctx.arg(2), *s, now_sec()));
}

// LATENCY DOCTOR
void CmdLatencyDoctor(CommandContext& ctx) {
  const Config& cfg = ctx.server.config;
  ctx.reply.verbatim(ctx.server.latency.doctor(cfg.latency_monitor_threshold,
                                               cfg.slowlog_log_slower_than, now_sec()));
}

// One command's entry: its call count and the cumulative counts per power-of-two microseconds.
void latency_histogram_entry(ReplyWriter& r, const CommandSpec& c) {
  const LatencyHistogram& h = c.stats.latency;
  auto buckets = h.log2_buckets();
  r.bulk(c.fullname);
  r.map_len(2);
  r.bulk("calls");
  r.integer(static_cast<long long>(h.total()));
  r.bulk("histogram_usec");
  r.map_len(buckets.size());
  for (auto& [ns, count] : buckets) {
    r.integer(ns / 1000);
    r.integer(static_cast<long long>(count));
  }
}

// LATENCY HISTOGRAM [command ...]: every command with samples, or the named ones (a container
// stands for its subcommands; unknown names and repeated ones are answered as Redis does: the
// former skipped, the latter repeated).
void CmdLatencyHistogram(CommandContext& ctx) {
  std::vector<const CommandSpec*> cmds;
  auto add = [&](const CommandSpec* c) {
    if (c->stats.latency.total()) cmds.push_back(c);
    for (auto& sub : c->subcommands)
      if (sub->stats.latency.total()) cmds.push_back(sub.get());
  };
  if (ctx.argc() == 2) {
    for (const CommandSpec* c : ctx.server.commands.all()) add(c);
  } else {
    for (size_t i = 2; i < ctx.argc(); ++i)
      if (const CommandSpec* c = ctx.server.commands.find_fullname(ctx.arg(i))) add(c);
  }
  ctx.reply.map_len(cmds.size());
  for (const CommandSpec* c : cmds) latency_histogram_entry(ctx.reply, *c);
}

// LATENCY HELP
void CmdLatencyHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "LATENCY",
             {"DOCTOR", "    Return a human readable latency analysis report.", "GRAPH <event>",
              "    Return an ASCII latency graph for the <event> class.", "HISTORY <event>",
              "    Return time-latency samples for the <event> class.", "LATEST",
              "    Return the latest latency samples for all events.", "RESET [<event> ...]",
              "    Reset latency data of one or more <event> classes.",
              "    (default: reset all data for all event classes)", "HISTOGRAM [COMMAND ...]",
              "    Return a cumulative distribution of latencies in the format of a histogram for "
              "the specified command names.",
              "    If no commands are specified then all histograms are replied."});
}

// ---------------------------------------------------------------------------------------------
// SLOWLOG

// SLOWLOG GET [count]
void CmdSlowlogGet(CommandContext& ctx) {
  int64_t count = 10;
  if (ctx.argc() > 3)
    return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "slowlog"));
  if (ctx.argc() == 3 && (!parse_int64(ctx.arg(2), &count) || count < -1))
    return ctx.reply.error(err::kSlowlogCount);
  auto& log = ctx.server.slowlog;
  size_t n = count == -1 ? log.size() : std::min<size_t>(log.size(), static_cast<size_t>(count));
  ReplyWriter& r = ctx.reply;
  r.array_len(n);
  for (size_t i = 0; i < n; ++i) {
    const SlowlogEntry& e = log[i];
    r.array_len(6);
    r.integer(static_cast<long long>(e.id));
    r.integer(e.time_sec);
    r.integer(e.duration_us);
    r.array_len(e.args.size());
    for (auto& a : e.args) r.bulk(a);
    r.bulk(e.peer);
    r.bulk(e.client_name);
  }
}

// SLOWLOG LEN
void CmdSlowlogLen(CommandContext& ctx) {
  ctx.reply.integer(static_cast<long long>(ctx.server.slowlog.size()));
}

// SLOWLOG RESET
void CmdSlowlogReset(CommandContext& ctx) {
  ctx.server.slowlog.clear();
  ctx.reply.ok();
}

// SLOWLOG HELP
void CmdSlowlogHelp(CommandContext& ctx) {
  reply_help(ctx.reply, "SLOWLOG",
             {"GET [<count>]",
              "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
              "    Entries are made of:",
              "    id, timestamp, time in microseconds, arguments array, client IP and port,",
              "    client name", "LEN", "    Return the length of the slowlog.", "RESET",
              "    Reset the slowlog."});
}

}  // namespace

void RegisterSlowlogLatencyFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  rows.add({.name = "latency",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for latency diagnostics commands",
            .since = "2.8.13",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "latency",
            .name = "latest",
            .arity = 2,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Return the latest latency samples for all events.",
            .since = "2.8.13",
            .complexity = "O(1)",
            .tips = "nondeterministic_output request_policy:all_nodes response_policy:special",
            .handler = CmdLatencyLatest});
  rows.add({.container = "latency",
            .name = "history",
            .arity = 3,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Return timestamp-latency samples for the event.",
            .since = "2.8.13",
            .complexity = "O(1)",
            .usage = "event",
            .tips = "nondeterministic_output request_policy:all_nodes response_policy:special",
            .handler = CmdLatencyHistory});
  rows.add({.container = "latency",
            .name = "reset",
            .arity = -2,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Reset latency data for one or more events.",
            .since = "2.8.13",
            .complexity = "O(1)",
            .usage = "[event ...]",
            .tips = "request_policy:all_nodes response_policy:all_succeeded",
            .handler = CmdLatencyReset});
  rows.add({.container = "latency",
            .name = "graph",
            .arity = 3,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Return a latency graph for the event.",
            .since = "2.8.13",
            .complexity = "O(1)",
            .usage = "event",
            .tips = "nondeterministic_output request_policy:all_nodes response_policy:special",
            .handler = CmdLatencyGraph});
  rows.add({.container = "latency",
            .name = "doctor",
            .arity = 2,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Return a human readable latency analysis report.",
            .since = "2.8.13",
            .complexity = "O(1)",
            .tips = "nondeterministic_output request_policy:all_nodes response_policy:special",
            .handler = CmdLatencyDoctor});
  rows.add(
      {.container = "latency",
       .name = "histogram",
       .arity = -2,
       .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
       .acl = "@admin @slow @dangerous",
       .summary = "Return the cumulative distribution of latencies of a subset of commands or all.",
       .since = "7.0.0",
       .complexity =
           "O(N) where N is the number of commands with latency information being retrieved.",
       .usage = "[command ...]",
       .tips = "nondeterministic_output request_policy:all_nodes response_policy:special",
       .handler = CmdLatencyHistogram});
  rows.add({.container = "latency",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow",
            .summary = "Show helpful text about the different subcommands.",
            .since = "2.8.13",
            .complexity = "O(1)",
            .handler = CmdLatencyHelp});
  rows.add({.name = "slowlog",
            .arity = -2,
            .acl = "@slow",
            .summary = "A container for slow log commands",
            .since = "2.2.12",
            .complexity = "Depends on subcommand.",
            .handler = FamilyRows::CmdContainer});
  rows.add({.container = "slowlog",
            .name = "get",
            .arity = -2,
            .flags = kCmdAdmin | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Get the slow log's entries",
            .since = "2.2.12",
            .complexity = "O(N) where N is the number of entries returned",
            .usage = "[count]",
            .tips = "request_policy:all_nodes nondeterministic_output",
            .handler = CmdSlowlogGet});
  rows.add({.container = "slowlog",
            .name = "len",
            .arity = 2,
            .flags = kCmdAdmin | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Get the slow log's length",
            .since = "2.2.12",
            .complexity = "O(1)",
            .tips = "request_policy:all_nodes response_policy:agg_sum nondeterministic_output",
            .handler = CmdSlowlogLen});
  rows.add({.container = "slowlog",
            .name = "reset",
            .arity = 2,
            .flags = kCmdAdmin | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Clear all entries from the slow log",
            .since = "2.2.12",
            .complexity = "O(N) where N is the number of entries in the slowlog",
            .tips = "request_policy:all_nodes response_policy:all_succeeded",
            .handler = CmdSlowlogReset});
  rows.add({.container = "slowlog",
            .name = "help",
            .arity = 2,
            .flags = kCmdLoading | kCmdStale,
            .acl = "@slow",
            .summary = "Show helpful text about the different subcommands",
            .since = "6.2.0",
            .complexity = "O(1)",
            .handler = CmdSlowlogHelp});
}

}  // namespace sable
