// EVAL scripts: the script cache (SHA1 -> body and flags, each compiled once into the EVAL
// engine as the registry function f_<sha1>) and the EVAL / EVALSHA / EVAL_RO / EVALSHA_RO
// invocation with Redis 7.0's checks and error texts.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sable {
class Server;
class Client;
struct CommandSpec;
}  // namespace sable

namespace sable::scripting {

class LuaEngine;

class EvalScripts {
 public:
  explicit EvalScripts(Server& server);
  ~EvalScripts();

  // EVAL script numkeys key... arg... (by_sha: EVALSHA sha1 ...). Replies to `c`; `cmd` is the
  // row that runs (its failed-call count includes errors redis.call already counted).
  void eval(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv, bool by_sha,
            bool read_only);

  // SCRIPT LOAD: compiles and caches `body`. Returns false with the error reply text.
  bool load(std::string_view body, std::string* sha, std::string* error);
  bool exists(std::string_view sha) const;
  // SCRIPT FLUSH: forgets every script and starts a fresh interpreter.
  void flush();

  // The shebang flags of the script an EVAL/EVALSHA names, when known (for the dispatcher).
  bool flags_of(std::span<const std::string_view> argv, bool by_sha, uint32_t* flags) const;

  size_t count() const { return scripts_.size(); }
  size_t scripts_memory() const;  // INFO used_memory_scripts_eval
  size_t vm_memory() const;       // INFO used_memory_vm_eval / used_memory_lua

 private:
  struct Script {
    std::string body;
    std::string function;  // registry name: f_<sha1>
    uint32_t flags;
  };
  LuaEngine& engine();
  const Script* find_or_create(std::string_view body, const std::string& sha, std::string* error);

  Server& server_;
  std::unique_ptr<LuaEngine> engine_;
  std::unordered_map<std::string, Script> scripts_;
  size_t bodies_bytes_ = 0;
};

}  // namespace sable::scripting
