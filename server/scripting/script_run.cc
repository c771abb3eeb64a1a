// A script invocation: shebang flags, start checks, running its commands, timeouts and kills.
#include "server/scripting/script_run.h"

#include <fmt/format.h>

#include "datatypes/clock.h"
#include "protocol/split_args.h"
#include "server/acl/acl.h"
#include "server/errors.h"
#include "server/scripting/scripting.h"
#include "server/server.h"

namespace sable::scripting {

namespace {

struct FlagName {
  uint32_t flag;
  const char* name;
};
const FlagName kFlagNames[] = {
    {kScriptNoWrites, "no-writes"},
    {kScriptAllowOom, "allow-oom"},
    {kScriptAllowStale, "allow-stale"},
    {kScriptNoCluster, "no-cluster"},
    {kScriptAllowCrossSlot, "allow-cross-slot-keys"},
};

// The dispatcher's conditions for refusing writes (MISCONF, NOREPLICAS), which scripts check
// for themselves since they are not write commands.
bool writes_refused_by_rdb_error(const Server& s) {
  return s.config.stop_writes_on_bgsave_error && !s.config.save_params.empty() &&
         !s.rdb_last_bgsave_ok;
}
bool writes_refused_by_replicas(const Server& s) {
  return s.config.min_replicas_to_write > 0 && s.config.min_replicas_max_lag > 0;
}
bool over_maxmemory(const Server& s) {
  return s.config.maxmemory > 0 && Server::used_memory() > static_cast<size_t>(s.config.maxmemory);
}

// An error text in either of Redis's forms ("-CODE message" or a bare message) as the reply
// text ReplyWriter::error takes, so INFO errorstats files it under the right code.
std::string as_error_reply(std::string_view text) {
  if (!text.empty() && text[0] == '-') return std::string(text.substr(1));
  return "ERR " + std::string(text);
}

}  // namespace

const char* script_flag_name(uint32_t flag) {
  for (const FlagName& f : kFlagNames)
    if (f.flag == flag) return f.name;
  return nullptr;
}

uint32_t script_flag_by_name(std::string_view name) {
  for (const FlagName& f : kFlagNames)
    if (name == f.name) return f.flag;
  return 0;
}

bool parse_shebang(std::string_view body, uint32_t* flags, size_t* shebang_len,
                   std::string* error) {
  *shebang_len = 0;
  if (body.substr(0, 2) != "#!") {
    *flags = kScriptCompat;
    return true;
  }
  size_t eol = body.find('\n');
  if (eol == std::string_view::npos) {
    *error = "Invalid script shebang";
    return false;
  }
  auto parts = split_args(body.substr(0, eol));
  if (!parts || parts->empty()) {
    *error = "Invalid engine in script shebang";
    return false;
  }
  if ((*parts)[0] != "#!lua") {
    *error = "Unexpected engine in script shebang: " + (*parts)[0];
    return false;
  }
  uint32_t f = 0;
  for (size_t i = 1; i < parts->size(); ++i) {
    std::string_view part = (*parts)[i];
    if (part.substr(0, 6) != "flags=") {
      *error = "Unknown lua shebang option: " + std::string(part);
      return false;
    }
    std::string_view list = part.substr(6);
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view name = list.substr(0, comma);
      uint32_t flag = script_flag_by_name(name);
      if (!flag) {
        *error = "Unexpected flag in script shebang: " + std::string(name);
        return false;
      }
      f |= flag;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
      if (list.empty()) {
        // "a," names an empty flag after the comma.
        *error = "Unexpected flag in script shebang: ";
        return false;
      }
    }
  }
  *flags = f;
  *shebang_len = eol;
  return true;
}

std::string check_can_run(Server& s, uint32_t flags, bool read_only_command) {
  if (flags & kScriptCompat) return {};  // no replication: nothing is stale
  if (!(flags & kScriptNoWrites)) {
    if (writes_refused_by_rdb_error(s))
      return "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
             "persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only "
             "scripts.";
    if (std::string why = s.disk_error(); !why.empty()) return why;  // the AOF's
    if (read_only_command) return std::string(err::kScriptWriteInRo);
    if (writes_refused_by_replicas(s)) return std::string(err::kNoReplicas);
  }
  if (!(flags & (kScriptAllowOom | kScriptNoWrites)) && over_maxmemory(s))
    return std::string(err::kScriptOom);
  return {};
}

ScriptRun::ScriptRun(Server& server, Client& caller, Client& script_client, std::string name,
                     bool eval_mode, uint32_t flags, bool read_only_command,
                     const CommandSpec& command, std::span<const std::string_view> argv)
    : server_(server),
      caller_(caller),
      client_(script_client),
      command_(command),
      argv_(argv),
      name_(std::move(name)),
      eval_mode_(eval_mode),
      read_only_(read_only_command || (!(flags & kScriptCompat) && (flags & kScriptNoWrites))),
      allow_oom_(!(flags & kScriptCompat) && (flags & kScriptAllowOom)),
      oom_at_start_(over_maxmemory(server)),
      start_us_(wall_us()) {
  client_.db_index = caller.db_index;
  client_.reply.set_proto(2);
  client_.reply.buffer().clear();
  client_.script_caller = &caller;
  hold_clock();
  server_.scripting->set_current(this);
}

ScriptRun::~ScriptRun() {
  server_.scripting->set_current(nullptr);
  release_clock();
  client_.script_caller = nullptr;
  client_.reply.buffer().clear();
}

int ScriptRun::resp() const { return client_.reply.proto(); }
void ScriptRun::set_resp(int resp) { client_.reply.set_proto(resp); }

bool ScriptRun::refuse(const CommandSpec* cmd, std::string_view text, std::string* out) {
  // Counted like any error reply of the script client, and as a rejected call.
  client_.reply.error(as_error_reply(text));
  client_.reply.buffer().clear();
  ++server_.stats.total_error_replies;
  if (cmd) ++cmd->stats.rejected_calls;
  out->assign(text);
  return false;
}

bool ScriptRun::call(std::span<const std::string_view> argv, std::string* out) {
  Server& s = server_;
  const CommandSpec* container = nullptr;
  const CommandSpec* cmd = s.commands.lookup(argv, &container);
  if (!cmd) return refuse(nullptr, "Unknown Redis command called from script", out);
  int argc = static_cast<int>(argv.size());
  if ((cmd->arity > 0 && cmd->arity != argc) || argc < -cmd->arity)
    return refuse(nullptr, "Wrong number of args calling Redis command from script", out);
  if (cmd->has_flag(kCmdNoScript) && !s.scripting->disable_deny_script)
    return refuse(cmd, "This Redis command is not allowed from script", out);
  // The calling user's permissions (denials are logged with the context "lua").
  if (!caller_.user->unrestricted && !s.acl_permits(caller_, *cmd, argv, "lua"))
    return refuse(cmd, acl::Acl::script_denial_error(caller_.acl_denial), out);
  if (read_only_ && cmd->has_flag(kCmdWrite | kCmdMayReplicate))
    return refuse(cmd, "Write commands are not allowed from read-only scripts.", out);
  if (cmd->has_flag(kCmdWrite) && !write_dirty_) {
    // Once the script has written it must be allowed to finish.
    if (std::string why = s.disk_error(); !why.empty()) return refuse(cmd, "-" + why, out);
    if (writes_refused_by_replicas(s)) return refuse(cmd, "-" + std::string(err::kNoReplicas), out);
  }
  if (!allow_oom_ && s.config.maxmemory > 0 && !write_dirty_ && oom_at_start_ &&
      cmd->has_flag(kCmdDenyOom))
    return refuse(cmd, "-" + std::string(err::kOom), out);
  if (cmd->has_flag(kCmdWrite)) write_dirty_ = true;

  client_.reply.buffer().clear();
  s.call(client_, *cmd, argv);
  out->swap(client_.reply.buffer());
  client_.reply.buffer().clear();
  return true;
}

bool ScriptRun::interrupted() {
  Server& s = server_;
  if (s.shutdown_requested) killed_ = true;
  if (!timed_out_) {
    int64_t elapsed_ms = (wall_us() - start_us_) / 1000;
    if (s.config.busy_reply_threshold <= 0 || elapsed_ms < s.config.busy_reply_threshold)
      return killed_;
    s.log(kLogWarning,
          fmt::format("Slow script detected: still in execution after {} milliseconds. You can "
                      "try killing the script using the {} command. Script name is: {}.",
                      elapsed_ms, eval_mode_ ? "SCRIPT KILL" : "FUNCTION KILL", name_));
    timed_out_ = true;
  }
  s.process_events_while_blocked();
  if (s.shutdown_requested) killed_ = true;
  return killed_;
}

int64_t ScriptRun::elapsed_ms() const { return (wall_us() - start_us_) / 1000; }

std::string ScriptRun::kill(bool script_kill) {
  if (write_dirty_) return std::string(err::kUnkillable);
  if (script_kill && !eval_mode_) return std::string(err::kBusyFunction);
  if (!script_kill && eval_mode_) return std::string(err::kBusyEval);
  killed_ = true;
  return {};
}

}  // namespace sable::scripting
