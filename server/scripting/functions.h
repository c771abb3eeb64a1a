// Redis 7.0 functions: libraries of Lua functions loaded with FUNCTION LOAD and called with
// FCALL / FCALL_RO. The functions have their own interpreter (separate from EVAL's). A library's
// code runs once, at load, in a loading sandbox whose only global is a reduced redis table
// (register_function, log, LOG_*, REDIS_VERSION*): redis.call and the Lua libraries are not
// reachable then. The callbacks it registers run later with the normal globals, through the
// same ScriptRun path as EVAL (checks, busy-script handling, FUNCTION KILL).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sable {
class Server;
class Client;
class ReplyWriter;
struct CommandSpec;
}  // namespace sable

namespace sable::scripting {

class LuaEngine;

// Function names compare without case, as in Redis (library names do not).
struct NoCaseLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

class Functions {
 public:
  explicit Functions(Server& server);
  ~Functions();

  struct Function {
    std::string registry_key;  // where the callback is kept in the interpreter's registry
    uint32_t flags = 0;
    bool has_description = false;
    std::string description;
  };
  struct Library {
    std::string code;
    std::map<std::string, Function, NoCaseLess> functions;
  };

  // FUNCTION LOAD [REPLACE] code. Returns false with the error reply text.
  bool load(std::string_view code, bool replace, std::string* name, std::string* error);
  // FCALL / FCALL_RO function numkeys key... arg...: replies to `c`.
  void fcall(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv,
             bool read_only);
  bool remove(std::string_view library);
  void flush();

  // FUNCTION RESTORE: adds the libraries whose codes a dump payload held. APPEND refuses a
  // library name that exists, REPLACE replaces it, FLUSH drops every library first. Either every
  // library is restored or, on an error (returned with its reply text), the libraries are as
  // before.
  enum class RestorePolicy { kAppend, kReplace, kFlush };
  bool restore(const std::vector<std::string>& codes, RestorePolicy policy, std::string* error);
  // Estimated bytes the libraries take outside the interpreter (INFO used_memory_functions).
  size_t overhead_memory() const;
  // The flags of the function an FCALL names, when it exists (for the dispatcher).
  bool flags_of(std::span<const std::string_view> argv, uint32_t* flags) const;

  const std::map<std::string, Library>& libraries() const { return libraries_; }
  size_t function_count() const { return by_function_.size(); }
  size_t vm_memory() const;

 private:
  LuaEngine& engine();
  // Reads the "#!lua name=<library>" first line: the library's name, or false with the error.
  static bool parse_header(std::string_view code, std::string* name, std::string* error);
  // Loads every code (none replacing), stopping at the first failure.
  bool load_all(const std::vector<std::string>& codes, std::string* error);
  void prepare_environment();
  void drop_library(const std::string& name);

  Server& server_;
  std::unique_ptr<LuaEngine> engine_;
  std::map<std::string, Library> libraries_;
  std::map<std::string, std::string, NoCaseLess> by_function_;  // function name -> library name
  uint64_t next_key_ = 0;
};

}  // namespace sable::scripting
