// The dispatcher: the one place that checks a command before it runs (existence, arity,
// authentication, pub/sub context, MULTI queueing, memory) and then calls its handler with
// statistics and slow-log accounting.
#include <fmt/format.h>

#include "datatypes/clock.h"
#include "server/acl/acl.h"
#include "server/aof/aof.h"
#include "server/errors.h"
#include "server/redact.h"
#include "server/scripting/script_run.h"
#include "server/scripting/scripting.h"
#include "server/server.h"

namespace sable {

void FamilyRows::CmdContainer(CommandContext& ctx) {
  ctx.reply.error(err::unknown_subcommand(ctx.argc() > 1 ? ctx.arg(1) : "", ctx.spec.name));
}

namespace {
// The unknown-command error quotes the first arguments, about 128 bytes of them.
std::string unknown_command_error(std::span<const std::string_view> argv) {
  std::string args;
  for (size_t i = 1; i < argv.size() && args.size() < 128; ++i) {
    size_t room = 128 - args.size();
    args += '\'';
    args += argv[i].substr(0, room);
    args += "' ";
  }
  return err::unknown_command(argv[0], args);
}
}  // namespace

bool Server::acl_permits(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv,
                         std::string_view context) {
  size_t pos = 0;
  int r = acl->check(*c.user, cmd, argv, &pos);
  c.acl_denial = r;
  if (r == acl::kOk) return true;
  std::string_view object = r == acl::kDeniedCmd ? std::string_view(cmd.fullname) : argv[pos];
  acl->add_log(c, r, context, object, c.user->name);
  return false;
}

bool Server::execute(Client& c, std::span<const std::string_view> argv) {
  update_clock();
  const CommandSpec* container = nullptr;
  const CommandSpec* cmd = commands.lookup(argv, &container);
  c.last_cmd = cmd;  // CLIENT LIST cmd=: set before any check, like Redis's lastcmd
  auto reject = [&](std::string_view msg) {
    if (cmd && cmd->has_flag(kCmdRunsQueue)) {
      // A rejected EXEC aborts the transaction, naming the reason (without its "ERR " code).
      transactions->discard(c);
      if (msg.substr(0, 4) == "ERR ") msg.remove_prefix(4);
      c.reply.error(err::exec_abort_because(msg));
      ++stats.total_error_replies;
      ++cmd->stats.rejected_calls;
      return;
    }
    c.reply.error(msg);
    ++stats.total_error_replies;
    if (cmd) ++cmd->stats.rejected_calls;
    if (c.has(kClientMulti)) c.flags |= kClientDirtyExec;
  };
  if (!cmd) {
    if (container)
      reject(err::unknown_subcommand(argv[1], container->name));
    else
      reject(unknown_command_error(argv));
    return true;
  }
  int argc = static_cast<int>(argv.size());
  if ((cmd->arity > 0 && cmd->arity != argc) || argc < -cmd->arity) {
    reject(err::wrong_arity(cmd->fullname));
    return true;
  }
  if (!c.authenticated && !cmd->has_flag(kCmdNoAuth)) {
    reject(err::kNoAuth);
    return true;
  }
  if (cmd->has_flag(kCmdProtected)) {
    // DEBUG answers to enable-debug-command, MODULE LOAD / LOADEX / UNLOAD to
    // enable-module-command.
    bool is_module = cmd->parent && cmd->parent->name == "module";
    if (!allows_protected(is_module ? config.enable_module_command : config.enable_debug_command,
                          c)) {
      reject(is_module ? err::protected_command("module", "enable-module-command")
                       : err::protected_command(cmd->name, "enable-debug-command"));
      return true;
    }
  }
  if (c.has(kClientMulti) && cmd->has_flag(kCmdNoMulti)) {
    reject(err::kNotAllowedInMulti);
    return true;
  }
  // ACL: one flag test for a user allowed everything.
  if (!c.user->unrestricted &&
      !acl_permits(c, *cmd, argv, c.has(kClientMulti) ? "multi" : "toplevel")) {
    reject(acl::Acl::denial_error(c.acl_denial, *cmd));
    return true;
  }
  if (c.has(kClientPubsub) && c.resp() == 2 && !cmd->has_flag(kCmdSubscribeContext)) {
    reject(err::subscribe_context(cmd->fullname));
    return true;
  }
  // A script past its time limit holds the server: only allow-busy commands run meanwhile (and
  // nothing may be evicted under it).
  bool script_busy = scripting->busy();
  if (script_busy && !cmd->has_flag(kCmdAllowBusy)) {
    reject(scripting->busy_error());
    return true;
  }
  // Keep the tracking table within tracking-table-max-keys.
  if (tracking->tracking_clients() && !script_busy) tracking->limit_table();
  bool runs_queue = cmd->has_flag(kCmdRunsQueue);
  uint32_t flags =
      cmd->has_flag(kCmdScriptFlags) ? scripting->command_flags(*cmd, argv) : cmd->flags;
  // EXEC is judged by its queued commands' flags; a queued EVAL/FCALL by its script's flags (a
  // no-writes script does not make the transaction a write).
  auto queued_has = [&](uint32_t f) {
    for (const QueuedCommand& q : c.multi_queue) {
      if (!q.cmd->has_flag(kCmdScriptFlags)) {
        if (q.cmd->has_flag(f)) return true;
        continue;
      }
      std::vector<std::string_view> args(q.argv.begin(), q.argv.end());
      if (scripting->command_flags(*q.cmd, args) & f) return true;
    }
    return false;
  };
  auto has_flag = [&](uint32_t f) { return (flags & f) || (runs_queue && queued_has(f)); };
  // Over maxmemory, evict first (any command may run then, as in Redis); commands that add data
  // are refused if eviction cannot get under the limit. Inside MULTI every command but EXEC,
  // DISCARD, QUIT and RESET is refused then, since queueing itself takes memory.
  if (config.maxmemory > 0 && !script_busy &&
      used_memory() > static_cast<size_t>(config.maxmemory)) {
    bool refuse = has_flag(kCmdDenyOom) || (c.has(kClientMulti) && !cmd->has_flag(kCmdMultiNoOom));
    if (!evict_to_limit() && refuse) {
      reject(err::kOom);
      return true;
    }
  }
  // The last background save failed, or the AOF cannot be written: refuse writes (and PING)
  // until persistence works again.
  if (has_flag(kCmdWrite) || cmd->has_flag(kCmdDenyOnDiskError)) {
    if (std::string why = disk_error(); !why.empty()) {
      reject(why);
      return true;
    }
  }
  // min-replicas-to-write: there are no replicas yet, so any required count refuses writes.
  if (config.min_replicas_to_write > 0 && config.min_replicas_max_lag > 0 && has_flag(kCmdWrite)) {
    reject(err::kNoReplicas);
    return true;
  }
  if (pause_end_ms && (pause_all || has_flag(kCmdWrite | kCmdMayReplicate))) {
    if (now_ms() < pause_end_ms) {
      c.flags |= kClientPostponed;
      paused_clients.push_back(c.id);
      return false;
    }
    unpause_clients();
  }
  if (c.has(kClientMulti) && !cmd->has_flag(kCmdNoMulti | kCmdTxControl)) {
    QueuedCommand q;
    q.cmd = cmd;
    q.argv.assign(argv.begin(), argv.end());
    c.multi_queue.push_back(std::move(q));
    c.reply.simple("QUEUED");
    return true;
  }
  call(c, *cmd, argv);
  // Keys this command made ready serve their waiting clients now (after EXEC as a whole, and
  // never in the middle of a script: a client served here during a busy script waits for it).
  if (blocking->has_ready_keys() && !scripting->running()) blocking->serve_ready_keys();
  return true;
}

// A handler ran out of memory (an allocation it could not get, or a size no container takes):
// whatever part of its reply it wrote is dropped and the client gets Redis's OOM error instead, so
// the connection stays in step and the server keeps running.
void Server::abandon_reply(Client& c, size_t reply_mark) {
  std::string& out = c.reply.buffer();
  if (out.size() > reply_mark) out.resize(reply_mark);
  c.reply.error(err::kOom);
  log(kLogWarning, "A command ran out of memory and was answered with -OOM");
}

void Server::call(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv) {
  // CLIENT REPLY OFF/SKIP: the reply of this command may be dropped.
  bool skip_this = c.has(kClientReplySkip);
  if (skip_this) c.flags &= ~kClientReplySkip;
  c.reply.set_muted(c.has(kClientReplyOff) || skip_this);

  uint64_t errors_before = c.reply.error_count();
  uint64_t nested_before = c.errors_counted;
  int64_t start = wall_us();
  c.cur_cmd = &cmd;
  Client* outer = current_client;
  // A script's commands act for the client that ran the script (tracking, NOLOOP).
  Client& owner = c.script_caller ? *c.script_caller : c;
  current_client = &owner;
  CommandContext ctx{*this, c, argv, c.reply, db(c.db_index), cmd};
  size_t reply_mark = c.reply.buffer().size();
  // The AOF sees each write's effect: scripts and EXEC as their commands inside MULTI/EXEC.
  bool aof_on = aof->enabled() && !aof->loading();
  bool atomic = aof_on && cmd.has_flag(kCmdRunsQueue | kCmdScriptFlags);
  uint64_t dirty_before = dirty;
  size_t keys_mark = modified_keys.size();
  record_modified_keys = aof_on;
  if (atomic) aof->begin_atomic();
  // A forkless BGSAVE saves the keys a write is about to change in place first.
  if (snapshot_mark::g_active && cmd.has_flag(kCmdWrite | kCmdMayReplicate)) {
    for (size_t i : cmd.key_positions(argv))
      if (i < argv.size()) ctx.db.snapshot_protect(argv[i]);
  }
  try {
    cmd.handler(ctx);
  } catch (const std::bad_alloc&) {
    abandon_reply(c, reply_mark);
  } catch (const std::length_error&) {
    abandon_reply(c, reply_mark);
  }
  if (atomic) {
    aof->end_atomic();
  } else if (aof_on && cmd.has_flag(kCmdWrite) && !cmd.has_flag(kCmdScriptFlags)) {
    aof->feed_command(c, cmd, argv,
                      std::span(modified_keys).subspan(std::min(keys_mark, modified_keys.size())),
                      dirty != dirty_before);
  }
  if (!outer) modified_keys.clear();
  current_client = outer;
  if (owner.tracking & kTrackOn) {
    const scripting::ScriptRun* run = &owner != &c ? scripting->current() : nullptr;
    if (run)
      tracking->after_script_command(owner, cmd, run->command(), run->argv());
    else
      tracking->after_command(owner, cmd, argv);
  }
  // Invalidations this client caused to itself follow the reply (after EXEC as a whole).
  if (!outer) tracking->flush_pending();
  int64_t duration = wall_us() - start;
  c.cur_cmd = nullptr;
  c.last_cmd = &cmd;

  // A blocked command served later runs again, but counts as one call (as in Redis).
  bool served_later = blocking->reexecuting() == c.id;
  if (!served_later) ++cmd.stats.calls;
  cmd.stats.usec += static_cast<uint64_t>(duration);
  if (!served_later) ++stats.total_commands_processed;
  // Errors this command replied itself: those of commands it ran for the same client (EXEC's
  // queue) were counted by their own calls, so EXEC is not failed for them (as in Redis).
  uint64_t new_errors = c.reply.error_count() - errors_before;
  uint64_t inner = c.errors_counted - nested_before;
  new_errors = new_errors > inner ? new_errors - inner : 0;
  c.errors_counted += new_errors;
  if (new_errors) {
    ++cmd.stats.failed_calls;
    stats.total_error_replies += new_errors;
  }
  c.reply.set_muted(c.has(kClientReplyOff));
  if (!monitors->empty() && !cmd.has_flag(kCmdSkipMonitor | kCmdAdmin) &&
      blocking->reexecuting() != c.id) {
    std::vector<bool> secret = secret_args(cmd, argv);
    if (secret.empty()) {
      monitors->feed(c, argv);
    } else {
      std::vector<std::string_view> shown(argv.begin(), argv.end());
      for (size_t i = 0; i < shown.size(); ++i)
        if (secret[i]) shown[i] = kRedacted;
      monitors->feed(c, shown);
    }
  }

  // A command that just blocked is measured when it is served (like Redis).
  bool just_blocked = c.has(kClientBlocked) && !served_later;
  if (just_blocked) return;
  latency.add_if_needed(config.latency_monitor_threshold,
                        cmd.has_flag(kCmdFast) ? "fast-command" : "command", duration / 1000);
  if (config.latency_tracking) cmd.stats.latency.record(duration * 1000);
  if (config.slowlog_log_slower_than >= 0 && duration >= config.slowlog_log_slower_than &&
      !cmd.has_flag(kCmdSkipSlowlog)) {
    SlowlogEntry e;
    e.id = slowlog_next_id++;
    e.time_sec = wall_ms() / 1000;
    e.duration_us = duration;
    // Like Redis: at most 32 arguments, each cut to 128 bytes, secrets hidden.
    size_t n = std::min<size_t>(argv.size(), 32);
    std::vector<bool> secret = secret_args(cmd, argv);
    for (size_t i = 0; i < n; ++i) {
      if (i == 31 && argv.size() > 32) {
        e.args.push_back(fmt::format("... ({} more arguments)", argv.size() - 31));
        break;
      }
      std::string_view a = secret.empty() || !secret[i] ? argv[i] : kRedacted;
      if (a.size() > 128)
        e.args.push_back(fmt::format("{}... ({} more bytes)", a.substr(0, 128), a.size() - 128));
      else
        e.args.emplace_back(a);
    }
    e.peer = c.addr;
    e.client_name = c.name;
    slowlog.push_front(std::move(e));
    while (static_cast<long long>(slowlog.size()) > config.slowlog_max_len) slowlog.pop_back();
  }
}

std::string Server::disk_error() const {
  if (config.stop_writes_on_bgsave_error && !config.save_params.empty() && !rdb_last_bgsave_ok)
    return std::string(err::kMisconf);
  if (int e = 0; aof->write_error(&e)) return err::aof_misconf(e);
  return {};
}

}  // namespace sable
