// The Lua sandbox: an interpreter set up the way Redis 7.0 sets up its own.
//
// Libraries: Lua's base (without dofile, loadfile, print, getfenv, setfenv, newproxy), table,
// string, math (with Redis's deterministic random), coroutine, and cjson, struct, cmsgpack, bit.
// No os, io, package, require or debug. Binary chunks are never loaded: loadstring/load and the
// script compiler treat them as text, which fails to parse, with the message Redis gives.
//
// Readonly tables. Redis 7.0 patches its Lua so that the globals table and every table reachable
// from it (string, math, redis, cjson …, and the string metatable) refuse writes with "Attempt to
// modify a readonly table", raw or not. Debian's Lua has no such flag, so the sandbox gets the
// same effect with proxies: each protected table is replaced, wherever it is reachable, by an
// empty proxy whose metatable reads through to the real table and refuses writes. The builtins
// that could see past a proxy (rawget, rawset, next, pairs, getmetatable, setmetatable,
// table.insert/remove/sort) are wrapped to act on the real table, or refuse to change it. The
// globals are the proxy of the real globals table, whose own metatable raises "Script attempted
// to access nonexistent global variable" for names that do not exist.
//
// Errors. __redis__err__handler (a global, as in Redis) turns any error value into a table
// {err=..., source=..., line=...} naming where the script failed; pcall is Redis's variant that
// hands a script the message string of such a table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/scripting/lua_libs.h"

namespace sable::scripting {

// Allocation accounting for one interpreter: bytes in use, and a ceiling (0: none) past which
// allocations fail, which Lua reports to the script as "not enough memory".
struct LuaMemory {
  size_t used = 0;
  size_t limit = 0;
};

// Creates an interpreter with the libraries above loaded into writable globals; the caller adds
// its API (the redis table) and then calls seal_globals(). Returns nullptr if Lua cannot start.
lua_State* new_sandbox(LuaMemory* memory);

// Protects every table reachable from the globals and installs the undeclared-global check.
void seal_globals(lua_State* L);

// Sets global `name` to the value on top of the stack (popped), bypassing the protection: the
// per-run KEYS and ARGV arrays.
void set_global_raw(lua_State* L, const char* name);

// Pushes the error handler scripts run under.
void push_error_handler(lua_State* L);

// Compiles a chunk like luaL_loadbuffer but never as bytecode (see above). On success pushes the
// function; on failure pushes the error message. Returns 0 on success.
int load_text_chunk(lua_State* L, const char* code, size_t len, const char* chunkname);

// How much C stack scripts may use (the main thread's stack limit): bounds the patterns
// string.find and friends accept, since Lua 5.1's matcher recurses without a limit of its own.
void set_stack_budget(size_t bytes);

// Redis's PRNG for math.random (a 48-bit linear congruential generator, like lrand48, shared by
// every script): reseeded only by math.randomseed, so a script's numbers depend on the seed and
// on the scripts run before it.
void random_seed(int32_t seed);
double random_unit();  // [0, 1)

}  // namespace sable::scripting
