// One script invocation (EVAL, and later FCALL): what it may do, and how its commands run.
//
// A script's commands run as the server's script client — a client without a connection that
// speaks RESP2 unless the script calls redis.setresp(3) — through the server's normal path:
// the command table, then Redis's script checks (unknown command, arity, noscript, writes from
// a read-only script, MISCONF, min-replicas, deny-oom over maxmemory), then Server::call, which
// keeps statistics, the slow log, MONITOR, and the WATCH/tracking/keyspace-event side effects of
// every write. Keys the script did not declare are allowed, as in Redis 7.
//
// While a script runs the cached clock stays at its start time (keys cannot expire halfway
// through it). Past busy-reply-threshold the script is "timed out": from its Lua hook the server
// keeps serving other clients — most get -BUSY, SCRIPT KILL and SHUTDOWN NOSAVE are obeyed —
// while the caller's own pipeline waits until the script returns.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sable {
class Server;
class Client;
struct CommandSpec;
}  // namespace sable

namespace sable::scripting {

// Script flags: from a `#!lua flags=...` shebang (EVAL) or register_function (FCALL).
enum ScriptFlag : uint32_t {
  kScriptCompat = 1u << 0,  // an EVAL script without shebang: the pre-7.0 rules
  kScriptNoWrites = 1u << 1,
  kScriptAllowOom = 1u << 2,
  kScriptAllowStale = 1u << 3,
  kScriptNoCluster = 1u << 4,
  kScriptAllowCrossSlot = 1u << 5,
};

// Parses the shebang line of an EVAL script. Returns false with Redis's error text. Without a
// shebang, *flags is kScriptCompat and *shebang_len 0; otherwise *shebang_len is the length of
// the line before its newline (the newline stays, so line numbers are unchanged).
bool parse_shebang(std::string_view body, uint32_t* flags, size_t* shebang_len, std::string* error);

// The name of a flag as register_function and FUNCTION LIST spell it, or null.
const char* script_flag_name(uint32_t flag);
uint32_t script_flag_by_name(std::string_view name);  // 0 when unknown

// Redis's checks before a script with `flags` may start (a `_ro` command when
// `read_only_command`). Returns the error reply text, empty when it may run.
std::string check_can_run(Server& s, uint32_t flags, bool read_only_command);

class ScriptRun {
 public:
  // `name`: the SHA1 (EVAL) or function name, used in error messages and logs. `command` and
  // `argv` are the caller's EVAL/FCALL (client tracking remembers the keys they declare).
  ScriptRun(Server& server, Client& caller, Client& script_client, std::string name, bool eval_mode,
            uint32_t flags, bool read_only_command, const CommandSpec& command,
            std::span<const std::string_view> argv);
  ~ScriptRun();
  ScriptRun(const ScriptRun&) = delete;
  ScriptRun& operator=(const ScriptRun&) = delete;

  // redis.call / redis.pcall. Returns true with the command's reply bytes in *out, or false
  // with the error text when a check refused the command (already counted as an error reply).
  bool call(std::span<const std::string_view> argv, std::string* out);

  int resp() const;
  void set_resp(int resp);
  void set_repl(int flags) { repl_flags_ = flags; }

  // From the Lua hook: checks the time limit, serves other clients once timed out, and returns
  // true when the script must stop (killed, or the server is shutting down).
  bool interrupted();
  // SCRIPT KILL (`script_kill`) or FUNCTION KILL: empty on success, else the error text.
  std::string kill(bool script_kill);

  Server& server() const { return server_; }
  Client& caller() const { return caller_; }
  const CommandSpec& command() const { return command_; }
  std::span<const std::string_view> argv() const { return argv_; }
  const std::string& name() const { return name_; }
  bool eval_mode() const { return eval_mode_; }
  bool timed_out() const { return timed_out_; }
  bool killed() const { return killed_; }
  int64_t elapsed_ms() const;  // since the script started (FUNCTION STATS)

 private:
  bool refuse(const CommandSpec* cmd, std::string_view text, std::string* out);

  Server& server_;
  Client& caller_;
  Client& client_;
  const CommandSpec& command_;
  std::span<const std::string_view> argv_;
  std::string name_;
  bool eval_mode_;
  bool read_only_;
  bool allow_oom_;
  bool oom_at_start_;
  bool write_dirty_ = false;
  bool timed_out_ = false;
  bool killed_ = false;
  int repl_flags_ = 3;  // REPL_ALL (no replication yet: kept for redis.set_repl)
  int64_t start_us_;
};

}  // namespace sable::scripting
