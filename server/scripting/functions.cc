// Function libraries: FUNCTION LOAD's header parsing and loading sandbox, register_function,
// and FCALL / FCALL_RO.
#include "server/scripting/functions.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "datatypes/clock.h"
#include "datatypes/numbers.h"
#include "protocol/split_args.h"
#include "server/errors.h"
#include "server/scripting/lua_engine.h"
#include "server/scripting/script_run.h"
#include "server/scripting/scripting.h"
#include "server/server.h"

namespace sable::scripting {

namespace {

constexpr size_t kMinLuaHeapLimit = size_t{1} << 30;
// Registry entries of the functions interpreter.
constexpr const char* kEnvKey = "__fn_env";             // the environment of library code
constexpr const char* kEnvMetaKey = "__fn_env_mt";      // its metatable (__index switches)
constexpr const char* kLoadGlobalsKey = "__fn_load_g";  // the globals seen while loading

constexpr std::string_view kBadName =
    "Library names can only contain letters, numbers, or underscores(_) and must be at least one "
    "character long";

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
  });
}

// What register_function adds to while a library loads.
struct Loading {
  std::map<std::string, Functions::Function, NoCaseLess> functions;
  uint64_t* next_key;
};
Loading* g_loading = nullptr;

// Library code gets half a second, as in Redis; past it the load fails instead of hanging.
constexpr int64_t kLoadTimeoutUs = 500000;
int64_t g_load_start_us = 0;

void load_timeout_hook(lua_State* L, lua_Debug*) {
  if (wall_us() - g_load_start_us < kLoadTimeoutUs) return;
  lua_sethook(L, load_timeout_hook, LUA_MASKLINE, 0);  // keep firing until the error escapes
  luaL_error(L, "FUNCTION LOAD timeout");
}

[[noreturn]] void raise_text(lua_State* L, std::string_view text) {
  lua_pushlstring(L, text.data(), text.size());
  lua_error(L);
  __builtin_unreachable();
}

int readonly_error(lua_State* L) { return luaL_error(L, "Attempt to modify a readonly table"); }

int missing_global(lua_State* L) {
  const char* key = lua_isstring(L, 2) ? lua_tostring(L, 2) : "?";
  return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", key);
}

void push_protecting_metatable(lua_State* L) {
  lua_newtable(L);
  lua_pushcfunction(L, missing_global);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, readonly_error);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
}

uint32_t read_flags(lua_State* L, int index) {
  uint32_t flags = 0;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    if (lua_type(L, -1) != LUA_TSTRING) raise_text(L, "unknown flag given");
    uint32_t f = script_flag_by_name(lua_tostring(L, -1));
    if (f == 0) raise_text(L, "unknown flag given");
    flags |= f;
    lua_pop(L, 1);
  }
  return flags;
}

// redis.register_function(name, callback) or redis.register_function{function_name=...,
// callback=..., flags={...}, description=...}.
int register_function(lua_State* L) {
  if (!g_loading)
    raise_text(L, "redis.register_function can only be called on FUNCTION LOAD command");
  int argc = lua_gettop(L);
  std::string name;
  bool have_name = false;
  int callback = 0;
  Functions::Function fn;
  if (argc == 1) {
    if (!lua_istable(L, 1))
      raise_text(L,
                 "calling redis.register_function with a single argument is only applicable to "
                 "Lua table (representing named arguments).");
    lua_settop(L, 2);  // slot 2 keeps the callback once found
    lua_pushnil(L);
    while (lua_next(L, 1) != 0) {
      if (lua_type(L, -2) != LUA_TSTRING)
        raise_text(L, "named argument key given to redis.register_function is not a string");
      std::string key = lua_tostring(L, -2);
      if (key == "function_name") {
        if (!lua_isstring(L, -1))
          raise_text(L, "function_name argument given to redis.register_function must be a string");
        size_t len;
        const char* s = lua_tolstring(L, -1, &len);
        name.assign(s, len);
        have_name = true;
      } else if (key == "callback") {
        if (!lua_isfunction(L, -1))
          raise_text(L, "callback argument given to redis.register_function must be a function");
        lua_pushvalue(L, -1);
        lua_replace(L, 2);
        callback = 2;
      } else if (key == "description") {
        if (!lua_isstring(L, -1))
          raise_text(L, "description argument given to redis.register_function must be a string");
        size_t len;
        const char* s = lua_tolstring(L, -1, &len);
        fn.description.assign(s, len);
        fn.has_description = true;
      } else if (key == "flags") {
        if (!lua_istable(L, -1))
          raise_text(L,
                     "flags argument to redis.register_function must be a table representing "
                     "function flags");
        fn.flags = read_flags(L, lua_gettop(L));
      } else {
        raise_text(L, "unknown argument given to redis.register_function");
      }
      lua_pop(L, 1);
    }
    if (!have_name) raise_text(L, "redis.register_function must get a function name argument");
    if (!callback) raise_text(L, "redis.register_function must get a callback argument");
  } else if (argc == 2) {
    if (!lua_isstring(L, 1))
      raise_text(L, "first argument to redis.register_function must be a string");
    if (!lua_isfunction(L, 2))
      raise_text(L, "second argument to redis.register_function must be a function");
    size_t len;
    const char* s = lua_tolstring(L, 1, &len);
    name.assign(s, len);
    callback = 2;
  } else {
    raise_text(L, "wrong number of arguments to redis.register_function");
  }
  if (!valid_name(name)) raise_text(L, kBadName);
  if (g_loading->functions.count(name)) raise_text(L, "Function already exists in the library");
  fn.registry_key = "__fn#" + std::to_string((*g_loading->next_key)++);
  lua_pushvalue(L, callback);
  lua_setfield(L, LUA_REGISTRYINDEX, fn.registry_key.c_str());
  g_loading->functions.emplace(std::move(name), std::move(fn));
  return 0;
}

void clear_key(lua_State* L, const std::string& key) {
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, key.c_str());
}

}  // namespace

bool NoCaseLess::operator()(std::string_view a, std::string_view b) const {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y - 'A' + 'a');
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

Functions::Functions(Server& server) : server_(server) {}
Functions::~Functions() = default;

LuaEngine& Functions::engine() {
  if (!engine_) {
    engine_ = std::make_unique<LuaEngine>(server_);
    prepare_environment();
  }
  auto maxmemory = static_cast<size_t>(std::max<long long>(server_.config.maxmemory, 0));
  engine_->set_memory_limit(std::max(kMinLuaHeapLimit, maxmemory));
  return *engine_;
}

void Functions::prepare_environment() {
  lua_State* L = engine_->state();
  // The environment of library code (and so of its callbacks): empty and read-only, reading
  // through to the load globals while loading and to the sealed globals afterwards.
  lua_newtable(L);
  lua_newtable(L);
  lua_pushvalue(L, LUA_GLOBALSINDEX);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, readonly_error);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, kEnvMetaKey);
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, kEnvKey);

  // The load globals: only a reduced redis table.
  lua_newtable(L);  // globals
  lua_newtable(L);  // redis
  lua_pushcfunction(L, register_function);
  lua_setfield(L, -2, "register_function");
  lua_getglobal(L, "redis");
  for (const char* f : {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
                        "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
    lua_getfield(L, -1, f);
    lua_setfield(L, -3, f);
  }
  lua_pop(L, 1);
  push_protecting_metatable(L);
  lua_setmetatable(L, -2);
  lua_setfield(L, -2, "redis");
  push_protecting_metatable(L);
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, kLoadGlobalsKey);
}

bool Functions::parse_header(std::string_view code, std::string* name, std::string* error) {
  if (code.substr(0, 2) != "#!") {
    *error = err::kLibraryMetadataMissing;
    return false;
  }
  size_t eol = code.find('\n');
  if (eol == std::string_view::npos) {
    *error = err::kLibraryMetadataInvalid;
    return false;
  }
  // The header splits like a command line (quotes allowed), as in Redis.
  auto split = split_args(code.substr(0, eol));
  if (!split || split->empty()) {
    *error = err::kLibraryMetadataInvalid;
    return false;
  }
  const std::vector<std::string>& parts = *split;
  std::string_view engine_name = std::string_view(parts[0]).substr(2);
  bool have_name = false;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].size() >= 5 && iequals(std::string_view(parts[i]).substr(0, 5), "name=")) {
      if (have_name) {
        *error = err::kLibraryNameTwice;
        return false;
      }
      *name = parts[i].substr(5);
      have_name = true;
    } else {
      *error = fmt::format(err::kLibraryMetadataValueFmt, parts[i]);
      return false;
    }
  }
  if (!have_name) {
    *error = err::kLibraryNameNotGiven;
    return false;
  }
  if (!iequals(engine_name, "lua")) {
    *error = fmt::format(err::kEngineNotFoundFmt, engine_name);
    return false;
  }
  if (!valid_name(*name)) {
    *error = fmt::format("ERR {}", kBadName);
    return false;
  }
  return true;
}

bool Functions::load(std::string_view code, bool replace, std::string* name, std::string* error) {
  if (!parse_header(code, name, error)) return false;
  size_t eol = code.find('\n');
  auto existing = libraries_.find(*name);
  if (existing != libraries_.end() && !replace) {
    *error = fmt::format(err::kLibraryExistsFmt, *name);
    return false;
  }

  LuaEngine& lua = engine();
  lua_State* L = lua.state();
  std::string_view body = code.substr(eol);  // from the newline: line numbers stay the user's
  if (load_text_chunk(L, body.data(), body.size(), "@user_function") != 0) {
    const char* msg = lua_tostring(L, -1);
    *error = fmt::format(err::kFunctionCompileFmt, msg ? msg : "unknown error");
    lua_settop(L, 0);
    return false;
  }
  lua_getfield(L, LUA_REGISTRYINDEX, kEnvKey);
  lua_setfenv(L, -2);
  lua_getfield(L, LUA_REGISTRYINDEX, kEnvMetaKey);
  lua_getfield(L, LUA_REGISTRYINDEX, kLoadGlobalsKey);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);

  Loading loading{{}, &next_key_};
  g_loading = &loading;
  g_load_start_us = wall_us();
  lua_sethook(L, load_timeout_hook, LUA_MASKCOUNT, 100000);
  int status = lua_pcall(L, 0, 0, 0);
  lua_sethook(L, nullptr, 0, 0);
  g_loading = nullptr;
  std::string failure;
  if (status != 0) {
    const char* msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "unknown error";
    failure = fmt::format(err::kFunctionRegisterFmt, msg);
  }
  lua_settop(L, 0);
  lua_getfield(L, LUA_REGISTRYINDEX, kEnvMetaKey);
  lua_pushvalue(L, LUA_GLOBALSINDEX);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);

  if (failure.empty() && loading.functions.empty()) failure = err::kNoFunctionsRegistered;
  if (failure.empty()) {
    for (const auto& [fname, fn] : loading.functions) {
      auto owner = by_function_.find(fname);
      if (owner != by_function_.end() && owner->second != *name) {
        failure = fmt::format(err::kFunctionExistsFmt, fname);
        break;
      }
    }
  }
  if (!failure.empty()) {
    for (const auto& [fname, fn] : loading.functions) clear_key(L, fn.registry_key);
    *error = std::move(failure);
    return false;
  }
  if (existing != libraries_.end()) drop_library(*name);
  Library lib{std::string(code), std::move(loading.functions)};
  for (const auto& [fname, fn] : lib.functions) by_function_[fname] = *name;
  libraries_.emplace(*name, std::move(lib));
  return true;
}

void Functions::drop_library(const std::string& name) {
  auto it = libraries_.find(name);
  if (it == libraries_.end()) return;
  for (const auto& [fname, fn] : it->second.functions) {
    by_function_.erase(fname);
    if (engine_) clear_key(engine_->state(), fn.registry_key);
  }
  libraries_.erase(it);
}

bool Functions::remove(std::string_view library) {
  std::string name(library);
  if (!libraries_.count(name)) return false;
  drop_library(name);
  return true;
}

void Functions::flush() {
  libraries_.clear();
  by_function_.clear();
  engine_.reset();
}

bool Functions::load_all(const std::vector<std::string>& codes, std::string* error) {
  std::string name;
  for (const std::string& code : codes)
    if (!load(code, false, &name, error)) return false;
  return true;
}

bool Functions::restore(const std::vector<std::string>& codes, RestorePolicy policy,
                        std::string* error) {
  // Names first, as Redis compiles the payload apart before joining it: a payload naming a
  // library twice, or a library that exists under APPEND, changes nothing.
  std::vector<std::string> names;
  for (const std::string& code : codes) {
    std::string name;
    if (!parse_header(code, &name, error)) return false;
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      *error = fmt::format(err::kLibraryExistsFmt, name);
      return false;
    }
    names.push_back(std::move(name));
  }
  if (policy == RestorePolicy::kAppend)
    for (const std::string& name : names)
      if (libraries_.count(name)) {
        *error = fmt::format(err::kLibraryExistsRestoreFmt, name);
        return false;
      }
  // Keep what is there to put back if a library fails to load or collides on a function name.
  std::vector<std::string> before;
  for (const auto& [name, lib] : libraries_) before.push_back(lib.code);
  if (policy == RestorePolicy::kFlush) {
    flush();
  } else {
    for (const std::string& name : names) drop_library(name);
  }
  if (load_all(codes, error)) return true;
  flush();
  std::string ignored;  // these loaded before, so they load again
  load_all(before, &ignored);
  return false;
}

size_t Functions::overhead_memory() const {
  // An estimate in the spirit of Redis's: the two dictionaries, then each library's code and
  // bookkeeping and each function's name and description.
  size_t bytes = 200;
  for (const auto& [name, lib] : libraries_) {
    bytes += 128 + name.size() + lib.code.size();
    for (const auto& [fname, fn] : lib.functions)
      bytes += 64 + fname.size() + fn.description.size();
  }
  return bytes;
}

const Functions::Function* find_function(
    const std::map<std::string, Functions::Library>& libs,
    const std::map<std::string, std::string, NoCaseLess>& by_function, std::string_view name,
    const std::string** registered_name = nullptr) {
  auto owner = by_function.find(name);
  if (owner == by_function.end()) return nullptr;
  if (registered_name) *registered_name = &owner->first;
  auto lib = libs.find(owner->second);
  if (lib == libs.end()) return nullptr;
  auto fn = lib->second.functions.find(owner->first);
  return fn == lib->second.functions.end() ? nullptr : &fn->second;
}

bool Functions::flags_of(std::span<const std::string_view> argv, uint32_t* flags) const {
  if (argv.size() < 2) return false;
  const Function* fn = find_function(libraries_, by_function_, argv[1]);
  if (!fn) return false;
  *flags = fn->flags;
  return true;
}

void Functions::fcall(Client& c, const CommandSpec& cmd, std::span<const std::string_view> argv,
                      bool read_only) {
  if (!server_.monitors->empty()) server_.monitors->feed(c, argv);
  ReplyWriter& r = c.reply;
  const std::string* registered = nullptr;
  const Function* fn = find_function(libraries_, by_function_, argv[1], &registered);
  if (!fn) return r.error(err::kFunctionNotFound);
  int64_t numkeys;
  if (!parse_int64(argv[2], &numkeys)) return r.error(err::kFunctionBadNumkeys);
  if (numkeys > static_cast<int64_t>(argv.size()) - 3) return r.error(err::kNumkeysTooMany);
  if (numkeys < 0) return r.error(err::kNumkeysNegative);
  std::string refused = check_can_run(server_, fn->flags, read_only);
  if (!refused.empty()) return r.error(refused);

  auto keys = argv.subspan(3, static_cast<size_t>(numkeys));
  auto args = argv.subspan(3 + static_cast<size_t>(numkeys));
  LuaEngine& lua = engine();
  // FUNCTION DELETE / FLUSH / LOAD are noscript and not allow-busy: the entry stays valid.
  std::string key = fn->registry_key;
  ScriptRun run(server_, c, server_.scripting->script_client(), *registered, false, fn->flags,
                read_only, cmd, argv);
  uint64_t unrecorded = lua.call(run, key, LuaEngine::ArgsMode::kArguments, keys, args);
  cmd.stats.failed_calls += unrecorded;
}

size_t Functions::vm_memory() const { return engine_ ? engine_->memory() : 0; }

}  // namespace sable::scripting
