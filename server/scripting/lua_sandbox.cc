// The Lua sandbox: libraries, readonly proxies, global protection, error handler (see the header).
#include "server/scripting/lua_sandbox.h"

#include <sys/resource.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace sable::scripting {

namespace {

const char* const kRealOf = "sable.readonly.real";    // registry: proxy -> real table
const char* const kProxyOf = "sable.readonly.proxy";  // registry: real table -> proxy
const char* const kRealGlobals = "sable.globals";     // registry: the real globals table
const char* const kErrorHandler = "sable.error_handler";
const char* const kReadonly = "Attempt to modify a readonly table";

// Globals that may exist, as Redis 7.0.15 allows them; anything else a library tries to define
// (print, dofile, loadfile, getfenv, setfenv, newproxy …) is dropped while the libraries load.
const char* const kAllowedGlobals[] = {
    "string",
    "cjson",
    "bit",
    "cmsgpack",
    "math",
    "table",
    "struct",
    "redis",
    "__redis__err__handler",
    "xpcall",
    "tostring",
    "setmetatable",
    "next",
    "assert",
    "tonumber",
    "rawequal",
    "collectgarbage",
    "getmetatable",
    "rawset",
    "pcall",
    "coroutine",
    "type",
    "_G",
    "select",
    "unpack",
    "gcinfo",
    "pairs",
    "rawget",
    "loadstring",
    "ipairs",
    "_VERSION",
    "load",
    "error",
    "debug",  // loaded for parity with Redis's start-up, removed before scripts run
};

void* allocate(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* m = static_cast<LuaMemory*>(ud);
  if (nsize == 0) {
    std::free(ptr);
    m->used -= osize;
    return nullptr;
  }
  // Lua relies on shrinking never failing, so the ceiling applies to growth only.
  if (m->limit && nsize > osize && m->used - osize + nsize > m->limit) return nullptr;
  void* p = std::realloc(ptr, nsize);
  if (p) m->used = m->used - osize + nsize;
  return p;
}

[[noreturn]] void raise_readonly(lua_State* L) {
  lua_pushstring(L, kReadonly);
  lua_error(L);
  std::abort();  // lua_error does not return
}

// __newindex of every proxy: the position of the assignment is part of the message.
int readonly_newindex(lua_State* L) { return luaL_error(L, kReadonly); }

// __index of the real globals table: reading a global that does not exist is an error.
int undeclared_global(lua_State* L) {
  if (lua_gettop(L) != 2) luaL_error(L, "Wrong number of arguments to luaProtectedTableError");
  if (!lua_isstring(L, -1) && !lua_isnumber(L, -1))
    luaL_error(L, "Second argument to luaProtectedTableError must be a string or number");
  return luaL_error(L, "Script attempted to access nonexistent global variable '%s'",
                    lua_tostring(L, -1));
}

// __newindex of the globals while the libraries load.
int allow_listed_global(lua_State* L) {
  const char* name = lua_tostring(L, 2);
  if (!name) return 0;
  for (const char* allowed : kAllowedGlobals) {
    if (std::strcmp(allowed, name) == 0) {
      lua_rawset(L, 1);
      return 0;
    }
  }
  return 0;
}

// --- readonly proxies. The wrapped builtins get the two maps as upvalues 1 and 2.

// If the value at `idx` is a proxy, replaces it with its real table.
void unwrap_proxy(lua_State* L, int idx) {
  if (lua_type(L, idx) != LUA_TTABLE) return;
  lua_pushvalue(L, idx);
  lua_rawget(L, lua_upvalueindex(1));
  if (lua_isnil(L, -1))
    lua_pop(L, 1);
  else
    lua_replace(L, idx);
}

// True for a proxy and for the real table behind one.
bool is_protected(lua_State* L, int idx) {
  if (lua_type(L, idx) != LUA_TTABLE) return false;
  for (int map = 1; map <= 2; ++map) {
    lua_pushvalue(L, idx);
    lua_rawget(L, lua_upvalueindex(map));
    bool found = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (found) return true;
  }
  return false;
}

int wrapped_rawget(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  unwrap_proxy(L, 1);
  lua_rawget(L, 1);
  return 1;
}

int wrapped_rawset(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  luaL_checkany(L, 3);
  if (is_protected(L, 1)) raise_readonly(L);
  lua_settop(L, 3);
  lua_rawset(L, 1);
  return 1;
}

int wrapped_next(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  unwrap_proxy(L, 1);
  if (lua_next(L, 1)) return 2;
  lua_pushnil(L);
  return 1;
}

// Upvalue 3: wrapped_next.
int wrapped_pairs(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_pushvalue(L, lua_upvalueindex(3));
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

int wrapped_getmetatable(lua_State* L) {
  luaL_checkany(L, 1);
  unwrap_proxy(L, 1);
  if (!lua_getmetatable(L, 1)) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushstring(L, "__metatable");
  lua_rawget(L, -2);
  if (!lua_isnil(L, -1)) return 1;
  lua_pop(L, 1);
  // A protected metatable is seen through its proxy.
  lua_pushvalue(L, -1);
  lua_rawget(L, lua_upvalueindex(2));
  if (!lua_isnil(L, -1)) return 1;
  lua_pop(L, 1);
  return 1;
}

int wrapped_setmetatable(lua_State* L) {
  int t = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argcheck(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table expected");
  if (luaL_getmetafield(L, 1, "__metatable")) luaL_error(L, "cannot change a protected metatable");
  if (is_protected(L, 1)) raise_readonly(L);
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

// Wrapped library functions call the original C function directly, in the same stack frame, so
// its error messages still name the function and the script's line (a call through lua_call
// would report them as coming from '?' with no position).
int call_original(lua_State* L, int upvalue) {
  lua_CFunction original = lua_tocfunction(L, lua_upvalueindex(upvalue));
  return original(L);
}

// table.insert / table.remove / table.sort refuse a protected table (original: upvalue 3).
int wrapped_table_fn(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (is_protected(L, 1)) raise_readonly(L);
  return call_original(L, 3);
}

// string.find / match / gmatch / gsub: Lua 5.1's matcher recurses once per quantifier or
// parenthesis of the pattern with no limit of its own, so a pattern with enough of them would
// overflow the C stack. Patterns past what the stack can hold are refused (original: upvalue 1).
size_t g_max_pattern_depth = 50000;

int guarded_match(lua_State* L) {
  int t = lua_type(L, 2);
  bool plain = lua_toboolean(L, lua_upvalueindex(2)) && lua_toboolean(L, 4);
  if ((t == LUA_TSTRING || t == LUA_TNUMBER) && !plain) {
    size_t len;
    const char* p = lua_tolstring(L, 2, &len);
    size_t depth = 0;
    for (size_t i = 0; i < len; ++i)
      if (p[i] && std::strchr("()*+-?", p[i])) ++depth;
    if (depth > g_max_pattern_depth) return luaL_error(L, "pattern too complex");
  }
  return call_original(L, 1);
}

// Pushes the proxy of the table at `idx`, creating it (and protecting every table reachable
// from it, metatables included) the first time.
void protect(lua_State* L, int idx, int real_of, int proxy_of) {
  idx = idx < 0 ? lua_gettop(L) + idx + 1 : idx;
  lua_pushvalue(L, idx);
  lua_rawget(L, proxy_of);
  if (!lua_isnil(L, -1)) return;
  lua_pop(L, 1);
  lua_newtable(L);  // the proxy
  int proxy = lua_gettop(L);
  lua_newtable(L);  // its metatable
  lua_pushvalue(L, idx);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, readonly_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_setmetatable(L, proxy);
  lua_pushvalue(L, idx);
  lua_pushvalue(L, proxy);
  lua_rawset(L, proxy_of);
  lua_pushvalue(L, proxy);
  lua_pushvalue(L, idx);
  lua_rawset(L, real_of);
  // Tables stored in this one are replaced by their proxies (assigning to an existing key during
  // a traversal is allowed).
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (lua_type(L, -1) == LUA_TTABLE) {
      lua_pushvalue(L, -1);
      lua_rawget(L, real_of);
      bool already_proxy = !lua_isnil(L, -1);
      lua_pop(L, 1);
      if (!already_proxy) {
        protect(L, -1, real_of, proxy_of);
        lua_pushvalue(L, -3);  // key
        lua_insert(L, -2);
        lua_rawset(L, idx);
      }
    }
    lua_pop(L, 1);
  }
  if (lua_getmetatable(L, idx)) {
    protect(L, -1, real_of, proxy_of);
    lua_pop(L, 2);
  }
}

// Redis's pcall: like Lua's, but an error table {err=...} is handed over as its message string.
int redis_pcall(lua_State* L) {
  int argc = lua_gettop(L);
  if (argc == 0) {
    // What Redis's version answers when given nothing to call.
    lua_pushboolean(L, 0);
    lua_pushstring(L, "attempt to call a boolean value");
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  if (lua_pcall(L, argc - 1, LUA_MULTRET, 0)) {
    lua_remove(L, 1);
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, "err");
      if (lua_isstring(L, -1)) lua_replace(L, -2);
    }
    lua_pushboolean(L, 0);
    lua_insert(L, 1);
  }
  return lua_gettop(L);
}

// __redis__err__handler(err): the error as a table {err=..., source=..., line=...}, naming the
// Lua code that raised it (the caller, when a C function such as redis.call or error raised it).
// Upvalue 1: the original tostring.
int error_handler(lua_State* L) {
  lua_Debug ar;
  bool located = lua_getstack(L, 1, &ar) && lua_getinfo(L, "nSl", &ar);
  if (located && std::strcmp(ar.what, "C") == 0)
    located = lua_getstack(L, 2, &ar) && lua_getinfo(L, "nSl", &ar);
  lua_settop(L, 1);
  if (!lua_istable(L, 1)) {
    lua_newtable(L);
    lua_pushstring(L, "ERR ");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    lua_concat(L, 2);
    lua_setfield(L, -2, "err");
    lua_replace(L, 1);
  }
  if (located) {
    lua_pushstring(L, ar.source);
    lua_setfield(L, 1, "source");
    lua_pushnumber(L, ar.currentline);
    lua_setfield(L, 1, "line");
  }
  return 1;
}

// The chunk name as Lua prints it in messages (luaO_chunkid's rules, LUA_IDSIZE 60).
std::string chunk_id(const char* source) {
  constexpr size_t kIdSize = 60;
  std::string out;
  if (*source == '=') {
    out.assign(source + 1, std::min(std::strlen(source + 1), kIdSize - 1));
  } else if (*source == '@') {
    std::string_view s(source + 1);
    size_t room = kIdSize - 8;
    if (s.size() > room) {
      out = "...";
      s.remove_prefix(s.size() - room);
    }
    out += s;
  } else {
    std::string_view s(source);
    size_t len = s.find_first_of("\r\n");
    if (len == std::string_view::npos) len = s.size();
    size_t room = kIdSize - 17;
    bool truncated = len < s.size();
    if (len > room) {
      len = room;
      truncated = true;
    }
    out = "[string \"";
    out += s.substr(0, len);
    if (truncated) out += "...";
    out += "\"]";
  }
  return out;
}

void push_binary_refusal(lua_State* L, const char* chunkname) {
  std::string msg = chunk_id(chunkname) + ":1: unexpected symbol near 'char(27)'";
  lua_pushlstring(L, msg.data(), msg.size());
}

int text_loadstring(lua_State* L) {
  size_t len;
  const char* s = luaL_checklstring(L, 1, &len);
  const char* name = luaL_optstring(L, 2, s);
  if (load_text_chunk(L, s, len, name) == 0) return 1;
  lua_pushnil(L);
  lua_insert(L, -2);
  return 2;
}

// Reader for load(): calls the user's function for each piece (stack slot 1), keeping the last
// piece alive in slot 3, and refuses a binary chunk.
struct LoadState {
  bool first = true;
  const char* name;
};

const char* load_reader(lua_State* L, void* ud, size_t* size) {
  auto* st = static_cast<LoadState*>(ud);
  luaL_checkstack(L, 2, "too many nested functions");
  lua_pushvalue(L, 1);
  lua_call(L, 0, 1);
  if (lua_isnil(L, -1)) {
    *size = 0;
    return nullptr;
  }
  if (!lua_isstring(L, -1)) luaL_error(L, "reader function must return a string");
  lua_replace(L, 3);
  const char* piece = lua_tolstring(L, 3, size);
  if (st->first && *size > 0) {
    st->first = false;
    if (piece[0] == '\033') {
      push_binary_refusal(L, st->name);
      lua_error(L);
    }
  }
  return piece;
}

int text_load(lua_State* L) {
  LoadState st;
  st.name = luaL_optstring(L, 2, "=(load)");
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 3);
  if (lua_load(L, load_reader, &st, st.name) == 0) return 1;
  lua_pushnil(L);
  lua_insert(L, -2);
  return 2;
}

// unpack(t [, i [, j]]) with the range computed in 64 bits: Debian's Lua computes j - i + 1 in
// int, and unpack({}, -2, 2^31-1) then overflows past its check and runs off the stack.
int safe_unpack(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  int i = luaL_optint(L, 2, 1);
  int e = lua_isnoneornil(L, 3) ? static_cast<int>(lua_objlen(L, 1)) : luaL_checkint(L, 3);
  if (i > e) return 0;
  int64_t n = static_cast<int64_t>(e) - i + 1;
  if (n >= INT_MAX || !lua_checkstack(L, static_cast<int>(n)))
    return luaL_error(L, "too many results to unpack");
  for (int k = i;; ++k) {
    lua_rawgeti(L, 1, k);
    if (k == e) break;
  }
  return static_cast<int>(n);
}

// --- math.random, as Redis replaces it.
uint64_t g_rand_state = 0x1234ABCD330EULL;  // lrand48's initial state

uint32_t next_random() {
  g_rand_state = (0x5DEECE66DULL * g_rand_state + 0xB) & ((1ULL << 48) - 1);
  return static_cast<uint32_t>(g_rand_state >> 17);
}

int math_random(lua_State* L) {
  double r = random_unit();
  switch (lua_gettop(L)) {
    case 0:
      lua_pushnumber(L, r);
      break;
    case 1: {
      int u = luaL_checkint(L, 1);
      luaL_argcheck(L, 1 <= u, 1, "interval is empty");
      lua_pushnumber(L, std::floor(r * u) + 1);
      break;
    }
    case 2: {
      int l = luaL_checkint(L, 1);
      int u = luaL_checkint(L, 2);
      luaL_argcheck(L, l <= u, 2, "interval is empty");
      lua_pushnumber(L, std::floor(r * (static_cast<double>(u) - l + 1)) + l);
      break;
    }
    default:
      return luaL_error(L, "wrong number of arguments");
  }
  return 1;
}

int math_randomseed(lua_State* L) {
  random_seed(luaL_checkint(L, 1));
  return 0;
}

// bit.tohex(x, n) with n == INT32_MIN makes LuaBitOp write a string of negative length; Redis's
// copy clamps that case to -INT32_MAX, and so does this guard. Upvalue 1: the original tohex.
int guarded_tohex(lua_State* L) {
  luaL_checknumber(L, 1);
  if (!lua_isnone(L, 2)) {
    // LuaBitOp's conversion to 32 bits: the low word of the number plus 2^52+2^51.
    double d = luaL_checknumber(L, 2) + 6755399441055744.0;
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof(bits));
    if (static_cast<uint32_t>(bits) == 0x80000000u) {
      lua_pushnumber(L, -2147483647.0);
      lua_replace(L, 2);
    }
  }
  return call_original(L, 1);
}

void load_library(lua_State* L, lua_CFunction open, const char* name) {
  lua_pushcfunction(L, open);
  lua_pushstring(L, name);
  lua_call(L, 1, 1);
  if (*name && lua_istable(L, -1)) {
    lua_setglobal(L, name);
  } else {
    lua_pop(L, 1);
  }
}

// Replaces field `name` of the table at `t` with a closure of `fn` over the readonly maps
// (upvalues 1, 2) and, when `with_original`, the field's previous value (upvalue 3).
void wrap_field(lua_State* L, int t, const char* name, lua_CFunction fn, bool with_original) {
  lua_getfield(L, LUA_REGISTRYINDEX, kRealOf);
  lua_getfield(L, LUA_REGISTRYINDEX, kProxyOf);
  if (with_original) lua_getfield(L, t, name);
  lua_pushcclosure(L, fn, with_original ? 3 : 2);
  lua_setfield(L, t, name);
}

}  // namespace

void set_stack_budget(size_t bytes) {
  // A frame of the pattern matcher takes well under 128 bytes (sanitizer builds: far more); keep
  // a megabyte for the rest.
#ifdef SABLE_SANITIZE
  constexpr size_t kReserve = 1 << 20, kPerLevel = 2048;
#else
  constexpr size_t kReserve = 1 << 20, kPerLevel = 128;
#endif
  g_max_pattern_depth = bytes > 2 * kReserve ? (bytes - kReserve) / kPerLevel : 10000;
}

void random_seed(int32_t seed) {
  g_rand_state = (static_cast<uint64_t>(static_cast<uint32_t>(seed)) << 16) | 0x330E;
}

double random_unit() {
  constexpr uint32_t kMax = 2147483647u;  // lrand48 yields 31 bits
  return static_cast<double>(next_random() % kMax) / kMax;
}

int load_text_chunk(lua_State* L, const char* code, size_t len, const char* chunkname) {
  if (len > 0 && code[0] == '\033') {
    push_binary_refusal(L, chunkname);
    return LUA_ERRSYNTAX;
  }
  return luaL_loadbuffer(L, code, len, chunkname);
}

lua_State* new_sandbox(LuaMemory* memory) {
  rlimit stack{};
  if (getrlimit(RLIMIT_STACK, &stack) == 0)
    set_stack_budget(stack.rlim_cur == RLIM_INFINITY ? size_t{64} << 20 : stack.rlim_cur);
  lua_State* L = lua_newstate(allocate, memory);
  if (!L) return nullptr;
  lua_pushvalue(L, LUA_GLOBALSINDEX);
  lua_setfield(L, LUA_REGISTRYINDEX, kRealGlobals);
  lua_newtable(L);
  lua_pushcfunction(L, allow_listed_global);
  lua_setfield(L, -2, "__newindex");
  lua_setmetatable(L, LUA_GLOBALSINDEX);

  load_library(L, luaopen_base, "");
  load_library(L, luaopen_table, LUA_TABLIBNAME);
  load_library(L, luaopen_string, LUA_STRLIBNAME);
  load_library(L, luaopen_math, LUA_MATHLIBNAME);
  load_library(L, luaopen_debug, LUA_DBLIBNAME);
  load_library(L, luaopen_cjson, "cjson");
  load_library(L, luaopen_struct, "struct");
  load_library(L, luaopen_cmsgpack, "cmsgpack");
  load_library(L, luaopen_bit, "bit");

  lua_pushcfunction(L, redis_pcall);
  lua_setglobal(L, "pcall");
  lua_pushcfunction(L, text_loadstring);
  lua_setglobal(L, "loadstring");
  lua_pushcfunction(L, text_load);
  lua_setglobal(L, "load");
  lua_pushcfunction(L, safe_unpack);
  lua_setglobal(L, "unpack");

  lua_getglobal(L, "math");
  lua_pushcfunction(L, math_random);
  lua_setfield(L, -2, "random");
  lua_pushcfunction(L, math_randomseed);
  lua_setfield(L, -2, "randomseed");
  lua_pop(L, 1);

  lua_getglobal(L, "bit");
  lua_getfield(L, -1, "tohex");
  lua_pushcclosure(L, guarded_tohex, 1);
  lua_setfield(L, -2, "tohex");
  lua_pop(L, 1);

  lua_getglobal(L, "tostring");
  lua_pushcclosure(L, error_handler, 1);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, kErrorHandler);
  lua_setglobal(L, "__redis__err__handler");
  return L;
}

void seal_globals(lua_State* L) {
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, kRealOf);
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, kProxyOf);

  lua_getfield(L, LUA_REGISTRYINDEX, kRealGlobals);
  int g = lua_gettop(L);
  wrap_field(L, g, "rawget", wrapped_rawget, false);
  wrap_field(L, g, "rawset", wrapped_rawset, false);
  wrap_field(L, g, "next", wrapped_next, false);
  lua_getfield(L, LUA_REGISTRYINDEX, kRealOf);
  lua_getfield(L, LUA_REGISTRYINDEX, kProxyOf);
  lua_getfield(L, g, "next");
  lua_pushcclosure(L, wrapped_pairs, 3);
  lua_setfield(L, g, "pairs");
  wrap_field(L, g, "getmetatable", wrapped_getmetatable, false);
  wrap_field(L, g, "setmetatable", wrapped_setmetatable, false);
  lua_getfield(L, g, "table");
  int tbl = lua_gettop(L);
  for (const char* name : {"insert", "remove", "sort"})
    wrap_field(L, tbl, name, wrapped_table_fn, true);
  lua_pop(L, 1);
  lua_getfield(L, g, "string");
  int str = lua_gettop(L);
  for (const char* name : {"find", "match", "gmatch", "gfind", "gsub"}) {
    lua_getfield(L, str, name);
    if (!lua_iscfunction(L, -1)) {
      lua_pop(L, 1);
      continue;
    }
    // Upvalue 2 marks string.find, whose 4th argument asks for a plain search.
    lua_pushboolean(L, std::strcmp(name, "find") == 0);
    lua_pushcclosure(L, guarded_match, 2);
    lua_setfield(L, str, name);
  }
  lua_pop(L, 1);
  lua_pushnil(L);
  lua_setfield(L, g, "debug");  // still writable: the allow-list metatable is in place

  // From here on, reading an unknown global is an error.
  lua_newtable(L);
  lua_pushcfunction(L, undeclared_global);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, g);

  lua_getfield(L, LUA_REGISTRYINDEX, kRealOf);
  int real_of = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, kProxyOf);
  int proxy_of = lua_gettop(L);
  protect(L, g, real_of, proxy_of);  // proxy of the globals
  lua_pushstring(L, "");
  if (lua_getmetatable(L, -1)) {  // the string metatable
    protect(L, -1, real_of, proxy_of);
    lua_pop(L, 2);
  }
  lua_pop(L, 1);
  lua_replace(L, LUA_GLOBALSINDEX);
  lua_settop(L, 0);
}

void set_global_raw(lua_State* L, const char* name) {
  lua_getfield(L, LUA_REGISTRYINDEX, kRealGlobals);
  lua_pushstring(L, name);
  lua_pushvalue(L, -3);
  lua_rawset(L, -3);
  lua_pop(L, 2);
}

void push_error_handler(lua_State* L) { lua_getfield(L, LUA_REGISTRYINDEX, kErrorHandler); }

}  // namespace sable::scripting
