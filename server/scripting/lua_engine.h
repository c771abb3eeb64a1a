// A Lua interpreter bound to the server: the sandbox plus the redis.* API, compiled functions
// kept in the registry by name, and the call that runs one of them for a ScriptRun.
//
// EVAL has one engine (its scripts are registry functions named f_<sha1>); FUNCTION will have
// its own, with the same API and its library loader on top (register_function). The redis table
// is the same in both: call, pcall, error_reply, status_reply, sha1hex, log and its LOG_* levels,
// setresp, set_repl and its REPL_* flags, replicate_commands, acl_check_cmd, breakpoint, debug,
// REDIS_VERSION and REDIS_VERSION_NUM.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/scripting/lua_sandbox.h"

namespace sable {
class Server;
}

namespace sable::scripting {

class ScriptRun;

// Lower-case hex SHA1 of `data`: script names and redis.sha1hex.
std::string sha1_hex(std::string_view data);

class LuaEngine {
 public:
  explicit LuaEngine(Server& server);
  ~LuaEngine();
  LuaEngine(const LuaEngine&) = delete;
  LuaEngine& operator=(const LuaEngine&) = delete;

  lua_State* state() const { return L_; }

  // Compiles `code` (never as bytecode) and stores the function in the registry under `name`.
  // Returns false with Lua's message in *error.
  bool define(const std::string& name, std::string_view code, const char* chunkname,
              std::string* error);
  bool defined(const std::string& name) const;

  enum class ArgsMode {
    kGlobals,    // EVAL: KEYS and ARGV are globals, the function takes no arguments
    kArguments,  // FCALL: the function is called with (KEYS, ARGV)
  };
  // Calls registry function `name` for `run` and writes its result (or error) as the reply to
  // the caller. Returns how many error replies it wrote without error statistics (errors that
  // redis.call already counted), which the command adds to its failed calls as Redis does.
  uint64_t call(ScriptRun& run, const std::string& name, ArgsMode mode,
                std::span<const std::string_view> keys, std::span<const std::string_view> args);

  // Bytes the interpreter holds (INFO used_memory_lua).
  size_t memory() const { return memory_.used; }
  // A ceiling for the interpreter's heap, 0 for none.
  void set_memory_limit(size_t bytes) { memory_.limit = bytes; }

  ScriptRun* run() const { return run_; }
  Server& server() const { return server_; }

  // Scratch space of redis.call, kept between calls so a call allocates nothing in the common
  // case: the argument views, numbers formatted as strings, and the reply bytes.
  std::vector<std::string_view> argv;
  std::vector<std::string> numbers;
  std::string reply;
  bool in_call = false;

 private:
  void install_api();

  Server& server_;
  LuaMemory memory_;
  lua_State* L_ = nullptr;
  ScriptRun* run_ = nullptr;
  unsigned calls_since_gc_ = 0;
};

}  // namespace sable::scripting
