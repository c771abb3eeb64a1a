// The Lua libraries scripts can use besides Lua's own: cjson and bit come from Debian (lua-cjson,
// lua-bitop); cmsgpack and struct, which Debian does not package, are written here with the
// behaviour (and byte output) of the versions Redis 7.0 bundles. Each luaopen_* leaves its
// library table on the stack.
#pragma once

#include <cstdint>
#include <lua.hpp>

extern "C" {
int luaopen_cjson(lua_State* L);
int luaopen_bit(lua_State* L);
}

namespace sable::scripting {

int luaopen_cmsgpack(lua_State* L);  // lua_cmsgpack.cc
int luaopen_struct(lua_State* L);    // lua_struct.cc

// How x86-64 converts an out-of-range double to a 64-bit integer, which is what Redis (a C
// program compiled for x86-64) does when it casts a Lua number: values outside the range, NaN and
// infinities become INT64_MIN. Written out so the result does not depend on undefined behaviour.
inline int64_t double_to_int64(double d) {
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return static_cast<int64_t>(d);
  return INT64_MIN;
}
// The same for a cast to an unsigned 64-bit integer: values from 2^63 to 2^64 convert exactly,
// anything at or above 2^64 (and NaN) becomes 0, negative values wrap like a signed cast.
inline uint64_t double_to_uint64(double d) {
  if (d < 9223372036854775808.0) return static_cast<uint64_t>(double_to_int64(d));
  if (d < 18446744073709551616.0) return static_cast<uint64_t>(d);
  return 0;
}

}  // namespace sable::scripting
