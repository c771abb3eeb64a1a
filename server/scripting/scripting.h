// Scripting as the server sees it: the EVAL engine and its script cache, the script client that
// scripts' commands run as, the script running now (at most one: scripts are atomic), and what
// the rest of the server asks about it — whether it is past its time limit (other clients then
// get -BUSY), SCRIPT KILL, and the memory figures of INFO.
//
// Files in this folder, from the bottom up: lua_sandbox (the interpreter as Redis sets it up),
// lua_cmsgpack / lua_struct (libraries Debian does not package), lua_convert (RESP <-> Lua),
// lua_engine (an interpreter with the redis.* API), script_run (one invocation), eval (EVAL and
// its cache), and this facade. The command rows are in server/commands/scripting.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace sable {
class Server;
class Client;
class ReplyWriter;
struct CommandSpec;
}  // namespace sable

namespace sable::scripting {

class EvalScripts;
class Functions;
class ScriptRun;

class Scripting {
 public:
  explicit Scripting(Server& server);
  ~Scripting();

  EvalScripts& eval() { return *eval_; }
  const EvalScripts& eval() const { return *eval_; }
  Functions& functions() { return *functions_; }
  const Functions& functions() const { return *functions_; }

  // The client scripts' commands run as (created on first use; not in CLIENT LIST).
  Client& script_client();

  ScriptRun* current() const { return current_; }
  void set_current(ScriptRun* run) { current_ = run; }
  bool running() const { return current_ != nullptr; }
  // A script ran past busy-reply-threshold: other clients' commands are refused with busy_error()
  // unless flagged allow-busy.
  bool busy() const { return current_ && timed_out(); }
  std::string_view busy_error() const;
  bool timed_out() const;  // the running script is past busy-reply-threshold

  // The flags the dispatcher checks a command with. For EVAL and its variants these follow the
  // script's shebang, as Redis does: a script that may write is a write (and deny-oom unless
  // allow-oom) command, a no-writes script is neither, and one without shebang keeps the row's.
  uint32_t command_flags(const CommandSpec& cmd, std::span<const std::string_view> argv) const;

  // SCRIPT KILL (`script_kill`) or FUNCTION KILL.
  void kill(ReplyWriter& reply, bool script_kill);

  // Bytes of Lua interpreters (INFO used_memory_lua / used_memory_vm_eval).
  size_t lua_memory() const;

  // DEBUG SET-DISABLE-DENY-SCRIPTS: lets scripts run noscript commands (a debugging aid).
  bool disable_deny_script = false;

 private:
  Server& server_;
  std::unique_ptr<EvalScripts> eval_;
  std::unique_ptr<Functions> functions_;
  // The rows whose flags depend on the script (looked up once): EVAL's four, then FCALL's two.
  const CommandSpec* eval_rows_[6] = {};
  Client* client_ = nullptr;
  ScriptRun* current_ = nullptr;
};

}  // namespace sable::scripting
