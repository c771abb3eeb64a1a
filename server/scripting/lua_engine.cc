// The Lua engine: sandbox + redis.* API + running a compiled function for a ScriptRun.
#include "server/scripting/lua_engine.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <cstdio>
#include <exception>

#include "server/acl/acl.h"
#include "server/errors.h"
#include "server/scripting/lua_convert.h"
#include "server/scripting/script_run.h"
#include "server/server.h"
#include "server/version.h"

namespace sable::scripting {

std::string sha1_hex(std::string_view data) {
  unsigned char d[20];
  EVP_Digest(data.data(), data.size(), d, nullptr, EVP_sha1(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out(40, '0');
  for (int i = 0; i < 20; ++i) {
    out[2 * i] = hex[d[i] >> 4];
    out[2 * i + 1] = hex[d[i] & 15];
  }
  return out;
}

namespace {

const char* const kEngineKey = "sable.engine";
constexpr int kHookInstructions = 100000;
constexpr unsigned kGcPeriod = 50;

LuaEngine* engine_of(lua_State* L) {
  return static_cast<LuaEngine*>(lua_touserdata(L, lua_upvalueindex(1)));
}

[[noreturn]] void raise_error_table(lua_State* L, std::string_view text) {
  push_error_table(L, text);
  lua_error(L);
  std::terminate();  // lua_error does not return
}

// Either raises the error table on top (redis.call) or returns it (redis.pcall).
int error_result(lua_State* L, bool raise) {
  if (raise) return lua_error(L);
  return 1;
}

// Collects the call's arguments into e->argv: views of the Lua strings (which stay on the stack
// until the command has run) and of numbers formatted with %.17g, which Redis uses because
// Lua's own conversion loses precision. False when an argument is neither.
bool collect_args(lua_State* L, LuaEngine* e) {
  int argc = lua_gettop(L);
  if (e->numbers.size() < static_cast<size_t>(argc)) e->numbers.resize(static_cast<size_t>(argc));
  for (int i = 1; i <= argc; ++i) {
    int t = lua_type(L, i);
    if (t == LUA_TNUMBER) {
      char buf[64];
      int n = std::snprintf(buf, sizeof(buf), "%.17g", static_cast<double>(lua_tonumber(L, i)));
      e->numbers[static_cast<size_t>(i - 1)].assign(buf, static_cast<size_t>(n));
    } else if (t != LUA_TSTRING) {
      return false;
    }
  }
  e->argv.resize(static_cast<size_t>(argc));
  for (int i = 1; i <= argc; ++i) {
    if (lua_type(L, i) == LUA_TNUMBER) {
      e->argv[static_cast<size_t>(i - 1)] = e->numbers[static_cast<size_t>(i - 1)];
    } else {
      size_t len;
      const char* s = lua_tolstring(L, i, &len);
      e->argv[static_cast<size_t>(i - 1)] = std::string_view(s, len);
    }
  }
  return true;
}

// redis.call(command, arg, ...) and redis.pcall(...).
int generic_call(lua_State* L, bool raise) {
  LuaEngine* e = engine_of(L);
  ScriptRun* run = e->run();
  if (!run) raise_error_table(L, "redis.call/pcall can only be called inside a script invocation");
  if (lua_gettop(L) == 0) {
    push_error_table(L, "Please specify at least one argument for this redis lib call");
    return error_result(L, raise);
  }
  if (!collect_args(L, e)) {
    lua_settop(L, 0);
    push_error_table(L, "Lua redis lib command arguments must be strings or integers");
    return error_result(L, raise);
  }
  if (e->in_call) {
    const char* msg =
        "luaRedisGenericCommand() recursive call detected. Are you doing funny stuff with Lua "
        "debug hooks?";
    e->server().log(kLogWarning, msg);
    lua_settop(L, 0);
    push_error_table(L, msg);
    return 1;
  }
  e->in_call = true;
  bool ran;
  try {
    ran = run->call(e->argv, &e->reply);
  } catch (const std::exception&) {
    ran = false;
    e->reply.assign("-").append(err::kOom);
  }
  e->in_call = false;
  lua_settop(L, 0);  // the argument views end here
  if (!ran) {
    push_error_table(L, e->reply);
    lua_pushstring(L, "ignore_error_stats_update");
    lua_pushboolean(L, 1);
    lua_settable(L, -3);
    return error_result(L, raise);
  }
  bool is_error = !e->reply.empty() && e->reply[0] == '-';
  push_reply_value(L, e->reply);
  return is_error ? error_result(L, raise) : 1;
}

int redis_call(lua_State* L) { return generic_call(L, true); }
int redis_pcall(lua_State* L) { return generic_call(L, false); }

// redis.sha1hex(string)
int redis_sha1hex(lua_State* L) {
  if (lua_gettop(L) != 1) raise_error_table(L, "wrong number of arguments");
  size_t len = 0;
  const char* s = lua_tolstring(L, 1, &len);
  std::string hex = sha1_hex(s ? std::string_view(s, len) : std::string_view());
  lua_pushlstring(L, hex.data(), hex.size());
  return 1;
}

// redis.error_reply(text): {err=text}, with the code ERR when text has none.
int redis_error_reply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    push_error_table(L, "wrong number or type of arguments");
    return 1;
  }
  std::string_view text = lua_tostring(L, -1);  // as a C string, like Redis
  if (!text.empty() && text[0] == '-') {
    push_error_table(L, text);
  } else {
    lua_pushstring(L, "-");
    lua_pushvalue(L, 1);
    lua_concat(L, 2);
    push_error_table(L, lua_tostring(L, -1));
  }
  return 1;
}

// redis.status_reply(text): {ok=text}
int redis_status_reply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    push_error_table(L, "wrong number or type of arguments");
    return 1;
  }
  lua_newtable(L);
  lua_pushstring(L, "ok");
  lua_pushvalue(L, -3);
  lua_settable(L, -3);
  return 1;
}

// redis.log(level, message, ...)
int redis_log(lua_State* L) {
  int argc = lua_gettop(L);
  if (argc < 2) raise_error_table(L, "redis.log() requires two arguments or more.");
  if (!lua_isnumber(L, 1)) raise_error_table(L, "First argument must be a number (log level).");
  int level = static_cast<int>(lua_tonumber(L, 1));
  if (level < kLogDebug || level > kLogWarning) raise_error_table(L, "Invalid debug level.");
  std::string line;
  for (int j = 2; j <= argc; ++j) {
    size_t len;
    const char* s = lua_tolstring(L, j, &len);
    if (!s) continue;
    if (j != 2) line.push_back(' ');
    line.append(s, len);
  }
  engine_of(L)->server().log(level, line);
  return 0;
}

// redis.setresp(2|3): the protocol the script's commands reply in.
int redis_setresp(lua_State* L) {
  ScriptRun* run = engine_of(L)->run();
  if (!run) raise_error_table(L, "redis.setresp can only be called inside a script invocation");
  if (lua_gettop(L) != 1) raise_error_table(L, "redis.setresp() requires one argument.");
  int resp = static_cast<int>(lua_tonumber(L, 1));
  if (resp != 2 && resp != 3) raise_error_table(L, "RESP version must be 2 or 3.");
  run->set_resp(resp);
  return 0;
}

// redis.set_repl(flags): accepted and validated (there is no replication to steer yet).
int redis_set_repl(lua_State* L) {
  ScriptRun* run = engine_of(L)->run();
  if (!run) raise_error_table(L, "redis.set_repl can only be called inside a script invocation");
  if (lua_gettop(L) != 1) raise_error_table(L, "redis.set_repl() requires two arguments.");
  int flags = static_cast<int>(lua_tonumber(L, -1));
  if (flags & ~3)
    raise_error_table(
        L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
  run->set_repl(flags);
  return 0;
}

// redis.acl_check_cmd(command, ...): whether the calling user's ACL allows the command with these
// arguments (nothing is logged).
int redis_acl_check_cmd(lua_State* L) {
  LuaEngine* e = engine_of(L);
  if (!e->run())
    raise_error_table(L, "redis.acl_check_cmd can only be called inside a script invocation");
  if (lua_gettop(L) == 0)
    raise_error_table(L, "Please specify at least one argument for this redis lib call");
  if (!collect_args(L, e)) {
    lua_settop(L, 0);
    raise_error_table(L, "Lua redis lib command arguments must be strings or integers");
  }
  const CommandSpec* container = nullptr;
  // The arguments are views of the strings on the Lua stack: judge before clearing it.
  const CommandSpec* cmd = e->server().commands.lookup(e->argv, &container);
  bool ok = false;
  if (cmd) {
    const acl::User* user = e->run()->caller().user;
    size_t pos = 0;
    ok = !user || user->unrestricted ||
         e->server().acl->check(*user, *cmd, e->argv, &pos) == acl::kOk;
  }
  lua_settop(L, 0);
  if (!cmd) raise_error_table(L, "Invalid command passed to redis.acl_check_cmd()");
  lua_pushboolean(L, ok ? 1 : 0);
  return 1;
}

// Without the debugger, redis.breakpoint() answers false and redis.debug() does nothing.
int redis_breakpoint(lua_State* L) {
  lua_pushboolean(L, 0);
  return 1;
}
int redis_debug(lua_State*) { return 0; }
// Redis 7 always replicates a script's effects: kept for old scripts, always true.
int redis_replicate_commands(lua_State* L) {
  lua_pushboolean(L, 1);
  return 1;
}

// The count hook: the time limit, serving other clients once timed out, and SCRIPT KILL.
void count_hook(lua_State* L, lua_Debug*) {
  lua_getfield(L, LUA_REGISTRYINDEX, kEngineKey);
  auto* e = static_cast<LuaEngine*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  ScriptRun* run = e ? e->run() : nullptr;
  if (!run) return;
  bool stop = false;
  bool was_killed = run->killed();
  try {
    stop = run->interrupted();
  } catch (const std::exception&) {
    stop = false;
  }
  if (!stop) return;
  if (!was_killed) run->server().log(kLogWarning, "Lua script killed by user with SCRIPT KILL.");
  // Fire at every line from now on, so that pcall cannot keep the script alive.
  lua_sethook(L, count_hook, LUA_MASKLINE, 0);
  raise_error_table(L, "Script killed by user with SCRIPT KILL...");
}

struct CallFrame {
  LuaEngine* engine;
  ScriptRun* run;
  const std::string* name;
  LuaEngine::ArgsMode mode;
  std::span<const std::string_view> keys, args;
  uint64_t unrecorded_errors = 0;
  bool out_of_memory = false;
};

void push_array(lua_State* L, std::span<const std::string_view> items) {
  lua_createtable(L, static_cast<int>(items.size()), 0);
  for (size_t i = 0; i < items.size(); ++i) {
    lua_pushlstring(L, items[i].data(), items[i].size());
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
}

// A field of the error table on top, as text (numbers too), read without metamethods.
bool error_field(lua_State* L, const char* name, std::string* out) {
  lua_pushstring(L, name);
  lua_rawget(L, -2);
  bool have = lua_isstring(L, -1);
  if (have) {
    size_t len;
    const char* s = lua_tolstring(L, -1, &len);
    out->assign(s, len);
  }
  lua_pop(L, 1);
  return have;
}

// Replies the error a script raised: {err, source, line} as
// "<err> script: <name>, on <source>:<line>.", anything else as "Error running script".
void reply_script_error(lua_State* L, CallFrame& f) {
  ReplyWriter& out = f.run->caller().reply;
  if (!lua_istable(L, -1)) {
    const char* msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "execution failure";
    out.error(fmt::format(err::kScriptRunFmt, f.run->name(), msg));
    return;
  }
  std::string msg, source, line;
  if (!error_field(L, "err", &msg)) msg = "ERR Error running script " + f.run->name();
  if (auto nul = msg.find('\0'); nul != std::string::npos) msg.resize(nul);
  if (error_field(L, "source", &source) && error_field(L, "line", &line))
    msg += fmt::format(" script: {}, on {}:{}.", f.run->name(), source, line);
  lua_pushstring(L, "ignore_error_stats_update");
  lua_rawget(L, -2);
  bool unrecorded = lua_isboolean(L, -1) && lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (!unrecorded) {
    out.error(msg);
    return;
  }
  for (char& ch : msg)
    if (ch == '\r' || ch == '\n') ch = ' ';
  out.raw("-");
  out.raw(msg);
  out.raw("\r\n");
  ++f.unrecorded_errors;
}

// The whole invocation runs protected, so that running out of memory anywhere (building KEYS,
// converting the result) is an error reply and never a Lua panic.
int call_entry(lua_State* L) {
  auto* f = static_cast<CallFrame*>(lua_touserdata(L, 1));
  lua_pop(L, 1);  // from here the stack holds what Redis's holds: handler, function, result
  push_error_handler(L);
  lua_getfield(L, LUA_REGISTRYINDEX, f->name->c_str());
  int nargs = 0;
  if (f->mode == LuaEngine::ArgsMode::kGlobals) {
    push_array(L, f->keys);
    set_global_raw(L, "KEYS");
    push_array(L, f->args);
    set_global_raw(L, "ARGV");
  } else {
    push_array(L, f->keys);
    push_array(L, f->args);
    nargs = 2;
  }
  Server& s = f->engine->server();
  if (s.config.busy_reply_threshold > 0)
    lua_sethook(L, count_hook, LUA_MASKCOUNT, kHookInstructions);
  int status = lua_pcall(L, nargs, 1, 1);
  lua_sethook(L, nullptr, 0, 0);
  try {
    if (status) {
      reply_script_error(L, *f);
    } else {
      // The result is converted with the handler still below it, as in Redis (the depth at
      // which a nested reply hits the stack limit depends on it).
      ConvertResult r = write_lua_value_protected(L, f->run->caller().reply, f->run->resp());
      f->unrecorded_errors += r.unrecorded_errors;
    }
  } catch (const std::exception&) {
    f->out_of_memory = true;
  }
  lua_settop(L, 0);
  return 0;
}

}  // namespace

LuaEngine::LuaEngine(Server& server) : server_(server) {
  L_ = new_sandbox(&memory_);
  if (!L_) throw std::bad_alloc();
  lua_pushlightuserdata(L_, this);
  lua_setfield(L_, LUA_REGISTRYINDEX, kEngineKey);
  install_api();
  seal_globals(L_);
}

LuaEngine::~LuaEngine() {
  if (L_) lua_close(L_);
}

void LuaEngine::install_api() {
  lua_State* L = L_;
  lua_newtable(L);
  auto fn = [&](const char* name, lua_CFunction f) {
    lua_pushlightuserdata(L, this);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, -2, name);
  };
  auto num = [&](const char* name, double v) {
    lua_pushnumber(L, v);
    lua_setfield(L, -2, name);
  };
  // In Redis's order, which decides the order pairs(redis) lists them in.
  fn("call", redis_call);
  fn("pcall", redis_pcall);
  fn("log", redis_log);
  num("LOG_DEBUG", kLogDebug);
  num("LOG_VERBOSE", kLogVerbose);
  num("LOG_NOTICE", kLogNotice);
  num("LOG_WARNING", kLogWarning);
  num("REDIS_VERSION_NUM", 0x07000f);
  lua_pushstring(L, kRedisVersion);
  lua_setfield(L, -2, "REDIS_VERSION");
  fn("setresp", redis_setresp);
  fn("sha1hex", redis_sha1hex);
  fn("error_reply", redis_error_reply);
  fn("status_reply", redis_status_reply);
  fn("set_repl", redis_set_repl);
  num("REPL_NONE", 0);
  num("REPL_AOF", 1);
  num("REPL_SLAVE", 2);
  num("REPL_REPLICA", 2);
  num("REPL_ALL", 3);
  fn("acl_check_cmd", redis_acl_check_cmd);
  fn("breakpoint", redis_breakpoint);
  fn("debug", redis_debug);
  fn("replicate_commands", redis_replicate_commands);
  lua_setglobal(L, "redis");
}

bool LuaEngine::define(const std::string& name, std::string_view code, const char* chunkname,
                       std::string* error) {
  if (load_text_chunk(L_, code.data(), code.size(), chunkname) != 0) {
    const char* msg = lua_tostring(L_, -1);
    error->assign(msg ? msg : "unknown error");
    lua_pop(L_, 1);
    return false;
  }
  lua_setfield(L_, LUA_REGISTRYINDEX, name.c_str());
  return true;
}

bool LuaEngine::defined(const std::string& name) const {
  lua_getfield(L_, LUA_REGISTRYINDEX, name.c_str());
  bool have = lua_isfunction(L_, -1);
  lua_pop(L_, 1);
  return have;
}

uint64_t LuaEngine::call(ScriptRun& run, const std::string& name, ArgsMode mode,
                         std::span<const std::string_view> keys,
                         std::span<const std::string_view> args) {
  CallFrame f{this, &run, &name, mode, keys, args};
  ReplyWriter& out = run.caller().reply;
  size_t mark = out.buffer().size();
  run_ = &run;
  int status = lua_cpcall(L_, call_entry, &f);
  run_ = nullptr;
  if (status != 0 || f.out_of_memory) {
    // Out of memory outside the script itself: whatever part of a reply was written goes.
    const char* msg =
        status != 0 && lua_isstring(L_, -1) ? lua_tostring(L_, -1) : "not enough memory";
    std::string text = fmt::format(err::kScriptRunFmt, run.name(), msg);
    if (out.buffer().size() > mark) out.buffer().resize(mark);
    lua_settop(L_, 0);
    out.error(text);
  }
  if (++calls_since_gc_ == kGcPeriod) {
    // A bounded collection step now and then keeps Lua from running a full cycle at once.
    lua_gc(L_, LUA_GCSTEP, kGcPeriod);
    calls_since_gc_ = 0;
  }
  return f.unrecorded_errors;
}

}  // namespace sable::scripting
