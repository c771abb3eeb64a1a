// cmsgpack: MessagePack for Lua scripts, byte-compatible with the lua-cmsgpack 0.4.0 Redis
// bundles (BullMQ and others rely on its exact output).
//
// Packing: nil, booleans, numbers (the smallest integer form when the number is integral and fits
// 64 bits, else float32 when that is exact, else float64), strings (fixstr/str8/str16/str32) and
// tables — a table whose keys are exactly 1..n is an array, anything else a map. Tables nested
// deeper than 16 levels are packed as nil, which also ends cyclic references. Unpacking accepts
// the same types back (MessagePack bin and ext types are refused as bad data).
//
// Bounds: packed output is limited to kMaxOutput bytes (a cyclic table referenced several times
// per level would otherwise grow exponentially), the Lua stack is checked before every push, and
// the pack buffer lives in a Lua userdata so that a Lua error in the middle frees it.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "server/scripting/lua_libs.h"

namespace sable::scripting {

namespace {

constexpr int kMaxNesting = 16;
constexpr size_t kMaxOutput = 64u * 1024 * 1024;
const char* const kBufferMeta = "sable.cmsgpack.buffer";

// Growable output buffer owned by a userdata on the Lua stack (freed by its __gc).
struct PackBuffer {
  char* data;
  size_t len;
  size_t cap;
  bool too_large;
};

int buffer_gc(lua_State* L) {
  auto* b = static_cast<PackBuffer*>(luaL_checkudata(L, 1, kBufferMeta));
  std::free(b->data);
  b->data = nullptr;
  return 0;
}

void append(PackBuffer& b, const void* p, size_t n) {
  if (b.too_large) return;
  if (b.len + n > kMaxOutput) {
    b.too_large = true;
    return;
  }
  if (b.len + n > b.cap) {
    size_t ncap = b.cap ? b.cap : 64;
    while (ncap < b.len + n) ncap *= 2;
    void* nd = std::realloc(b.data, ncap);
    if (!nd) {
      b.too_large = true;
      return;
    }
    b.data = static_cast<char*>(nd);
    b.cap = ncap;
  }
  std::memcpy(b.data + b.len, p, n);
  b.len += n;
}

void append_byte(PackBuffer& b, unsigned char c) { append(b, &c, 1); }

// Writes `code` followed by the low `width` bytes of `v`, most significant first.
void append_be(PackBuffer& b, unsigned char code, uint64_t v, int width) {
  unsigned char out[9];
  out[0] = code;
  for (int i = 0; i < width; ++i)
    out[1 + i] = static_cast<unsigned char>(v >> (8 * (width - 1 - i)));
  append(b, out, static_cast<size_t>(width) + 1);
}

void pack_integer(PackBuffer& b, int64_t v) {
  if (v >= 0) {
    if (v <= 127)
      append_byte(b, static_cast<unsigned char>(v));
    else if (v <= 0xff)
      append_be(b, 0xcc, static_cast<uint64_t>(v), 1);
    else if (v <= 0xffff)
      append_be(b, 0xcd, static_cast<uint64_t>(v), 2);
    else if (v <= 0xffffffffLL)
      append_be(b, 0xce, static_cast<uint64_t>(v), 4);
    else
      append_be(b, 0xcf, static_cast<uint64_t>(v), 8);
  } else {
    if (v >= -32)
      append_byte(b, static_cast<unsigned char>(v & 0xff));
    else if (v >= -128)
      append_be(b, 0xd0, static_cast<uint64_t>(v), 1);
    else if (v >= -32768)
      append_be(b, 0xd1, static_cast<uint64_t>(v), 2);
    else if (v >= -2147483648LL)
      append_be(b, 0xd2, static_cast<uint64_t>(v), 4);
    else
      append_be(b, 0xd3, static_cast<uint64_t>(v), 8);
  }
}

void pack_number(PackBuffer& b, double n) {
  bool integral = n >= -9223372036854775808.0 && n < 9223372036854775808.0 &&
                  static_cast<double>(static_cast<int64_t>(n)) == n;
  if (integral) return pack_integer(b, static_cast<int64_t>(n));
  float f = static_cast<float>(n);
  if (static_cast<double>(f) == n) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    append_be(b, 0xca, bits, 4);
  } else {
    uint64_t bits;
    std::memcpy(&bits, &n, 8);
    append_be(b, 0xcb, bits, 8);
  }
}

void pack_string(PackBuffer& b, const char* s, size_t len) {
  if (len < 32)
    append_byte(b, static_cast<unsigned char>(0xa0 | len));
  else if (len <= 0xff)
    append_be(b, 0xd9, len, 1);
  else if (len <= 0xffff)
    append_be(b, 0xda, len, 2);
  else
    append_be(b, 0xdb, len, 4);
  append(b, s, len);
}

// Array or map header: fix form up to 15 entries, then 16-bit, then 32-bit counts.
void pack_header(PackBuffer& b, size_t n, unsigned char fix, unsigned char c16, unsigned char c32) {
  if (n <= 15)
    append_byte(b, static_cast<unsigned char>(fix | n));
  else if (n <= 0xffff)
    append_be(b, c16, n, 2);
  else
    append_be(b, c32, n, 4);
}

// A table is packed as an array when its keys are exactly the integers 1..n.
bool is_array(lua_State* L, int t) {
  size_t count = 0;
  double max = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TNUMBER) {
      lua_pop(L, 1);
      return false;
    }
    double k = lua_tonumber(L, -1);
    bool integral = k >= 1 && k <= 2147483647.0 && std::floor(k) == k;
    if (!integral) {
      lua_pop(L, 1);
      return false;
    }
    ++count;
    if (k > max) max = k;
  }
  return max == static_cast<double>(count);
}

void pack_value(lua_State* L, PackBuffer& b, int idx, int level);

void pack_table(lua_State* L, PackBuffer& b, int t, int level) {
  if (is_array(L, t)) {
    size_t n = lua_objlen(L, t);
    pack_header(b, n, 0x90, 0xdc, 0xdd);
    for (size_t i = 1; i <= n && !b.too_large; ++i) {
      lua_rawgeti(L, t, static_cast<int>(i));
      pack_value(L, b, lua_gettop(L), level + 1);
      lua_pop(L, 1);
    }
    return;
  }
  size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    ++n;
  }
  pack_header(b, n, 0x80, 0xde, 0xdf);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (b.too_large) {
      lua_pop(L, 2);
      break;
    }
    pack_value(L, b, lua_gettop(L) - 1, level + 1);  // key
    pack_value(L, b, lua_gettop(L), level + 1);      // value
    lua_pop(L, 1);
  }
}

void pack_value(lua_State* L, PackBuffer& b, int idx, int level) {
  if (b.too_large) return;
  int type = lua_type(L, idx);
  if (type == LUA_TTABLE && level == kMaxNesting) type = LUA_TNIL;
  switch (type) {
    case LUA_TSTRING: {
      size_t len;
      const char* s = lua_tolstring(L, idx, &len);
      pack_string(b, s, len);
      break;
    }
    case LUA_TBOOLEAN:
      append_byte(b, lua_toboolean(L, idx) ? 0xc3 : 0xc2);
      break;
    case LUA_TNUMBER:
      pack_number(b, lua_tonumber(L, idx));
      break;
    case LUA_TTABLE:
      luaL_checkstack(L, 4, "cmsgpack: table too deep");
      pack_table(L, b, idx, level);
      break;
    default:
      append_byte(b, 0xc0);
  }
}

// cmsgpack.pack(v1, v2, ...): the values packed one after the other.
int pack(lua_State* L) {
  int n = lua_gettop(L);
  if (n == 0) return luaL_argerror(L, 0, "MessagePack pack needs input.");
  auto* b = static_cast<PackBuffer*>(lua_newuserdata(L, sizeof(PackBuffer)));
  *b = PackBuffer{nullptr, 0, 0, false};
  luaL_getmetatable(L, kBufferMeta);
  lua_setmetatable(L, -2);
  for (int i = 1; i <= n && !b->too_large; ++i) pack_value(L, *b, i, 0);
  if (b->too_large) return luaL_error(L, "MessagePack output too large.");
  lua_pushlstring(L, b->data ? b->data : "", b->len);
  return 1;
}

// ----------------------------------------------------------------------------- unpacking

enum class CursorError { kNone, kEof, kBadFormat };

struct Cursor {
  const unsigned char* p;
  size_t left;
  CursorError err;
  bool need(size_t n) {
    if (left < n) {
      err = CursorError::kEof;
      return false;
    }
    return true;
  }
  uint64_t be(size_t width) {  // caller checked need(width)
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i) v = (v << 8) | p[i];
    p += width;
    left -= width;
    return v;
  }
};

void unpack_value(lua_State* L, Cursor& c);

void unpack_array(lua_State* L, Cursor& c, uint64_t n) {
  lua_newtable(L);
  for (uint64_t i = 0; i < n && c.err == CursorError::kNone; ++i) {
    luaL_checkstack(L, 2, "in function mp_decode_to_lua_array");
    lua_pushnumber(L, static_cast<double>(i + 1));
    unpack_value(L, c);
    if (c.err != CursorError::kNone) {
      lua_pop(L, 1);
      return;
    }
    lua_settable(L, -3);
  }
}

void unpack_map(lua_State* L, Cursor& c, uint64_t n) {
  lua_newtable(L);
  for (uint64_t i = 0; i < n && c.err == CursorError::kNone; ++i) {
    luaL_checkstack(L, 2, "in function mp_decode_to_lua_hash");
    unpack_value(L, c);
    if (c.err != CursorError::kNone) return;
    unpack_value(L, c);
    if (c.err != CursorError::kNone) {
      lua_pop(L, 1);
      return;
    }
    lua_settable(L, -3);
  }
}

void unpack_string(lua_State* L, Cursor& c, uint64_t len) {
  if (!c.need(len)) return;
  lua_pushlstring(L, reinterpret_cast<const char*>(c.p), len);
  c.p += len;
  c.left -= len;
}

// Pushes one decoded value, or nothing with c.err set.
void unpack_value(lua_State* L, Cursor& c) {
  if (!c.need(1)) return;
  unsigned char t = *c.p++;
  --c.left;
  if (t <= 0x7f) return lua_pushnumber(L, t);
  if (t >= 0xe0) return lua_pushnumber(L, static_cast<int8_t>(t));
  if ((t & 0xe0) == 0xa0) return unpack_string(L, c, t & 0x1f);
  if ((t & 0xf0) == 0x90) return unpack_array(L, c, t & 0x0f);
  if ((t & 0xf0) == 0x80) return unpack_map(L, c, t & 0x0f);
  size_t width = 0;
  switch (t) {
    case 0xc0:
      return lua_pushnil(L);
    case 0xc2:
      return lua_pushboolean(L, 0);
    case 0xc3:
      return lua_pushboolean(L, 1);
    case 0xca: {
      if (!c.need(4)) return;
      auto bits = static_cast<uint32_t>(c.be(4));
      float f;
      std::memcpy(&f, &bits, 4);
      return lua_pushnumber(L, f);
    }
    case 0xcb: {
      if (!c.need(8)) return;
      uint64_t bits = c.be(8);
      double d;
      std::memcpy(&d, &bits, 8);
      return lua_pushnumber(L, d);
    }
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf: {
      width = size_t{1} << (t - 0xcc);
      if (!c.need(width)) return;
      uint64_t v = c.be(width);
      // lua-cmsgpack reads a uint64 into a signed 64-bit integer.
      return lua_pushnumber(L, static_cast<double>(static_cast<int64_t>(v)));
    }
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3: {
      width = size_t{1} << (t - 0xd0);
      if (!c.need(width)) return;
      uint64_t v = c.be(width);
      int shift = static_cast<int>(64 - 8 * width);
      auto s = static_cast<int64_t>(v << shift) >> shift;  // sign-extend
      return lua_pushnumber(L, static_cast<double>(s));
    }
    case 0xd9:
    case 0xda:
    case 0xdb: {
      width = t == 0xd9 ? 1 : t == 0xda ? 2 : 4;
      if (!c.need(width)) return;
      return unpack_string(L, c, c.be(width));
    }
    case 0xdc:
    case 0xdd:
      width = t == 0xdc ? 2 : 4;
      if (!c.need(width)) return;
      return unpack_array(L, c, c.be(width));
    case 0xde:
    case 0xdf:
      width = t == 0xde ? 2 : 4;
      if (!c.need(width)) return;
      return unpack_map(L, c, c.be(width));
    default:
      c.err = CursorError::kBadFormat;
  }
}

// Decodes up to `limit` values (all of them when limit and offset are both 0) from the string
// argument at `offset`. With a limit, the byte offset after the last value (-1 at the end of the
// input) is returned before the values.
int unpack_full(lua_State* L, lua_Integer limit, lua_Integer offset) {
  size_t len;
  const char* s = luaL_checklstring(L, 1, &len);
  if (offset < 0 || limit < 0)
    return luaL_error(L, "Invalid request to unpack with offset of %d and limit of %d.",
                      static_cast<int>(offset), static_cast<int>(len));
  if (static_cast<size_t>(offset) > len)
    return luaL_error(L, "Start offset %d greater than input length %d.", static_cast<int>(offset),
                      static_cast<int>(len));
  bool decode_all = limit == 0 && offset == 0;
  lua_settop(L, 1);
  Cursor c{reinterpret_cast<const unsigned char*>(s) + offset, len - static_cast<size_t>(offset),
           CursorError::kNone};
  int count = 0;
  while (c.left > 0 && (decode_all || count < limit)) {
    luaL_checkstack(L, 1,
                    "too many return values at once; use unpack_one or unpack_limit instead.");
    unpack_value(L, c);
    if (c.err == CursorError::kEof) return luaL_error(L, "Missing bytes in input.");
    if (c.err == CursorError::kBadFormat) return luaL_error(L, "Bad data format in input.");
    ++count;
  }
  if (!decode_all) {
    lua_pushinteger(L, c.left == 0 ? -1 : static_cast<lua_Integer>(len - c.left));
    lua_insert(L, 2);
    ++count;
  }
  return count;
}

int unpack(lua_State* L) { return unpack_full(L, 0, 0); }
int unpack_one(lua_State* L) { return unpack_full(L, 1, luaL_optinteger(L, 2, 0)); }
int unpack_limit(lua_State* L) {
  lua_Integer limit = luaL_checkinteger(L, 2);
  return unpack_full(L, limit, luaL_optinteger(L, 3, 0));
}

}  // namespace

int luaopen_cmsgpack(lua_State* L) {
  luaL_newmetatable(L, kBufferMeta);
  lua_pushcfunction(L, buffer_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  lua_newtable(L);
  const luaL_Reg funcs[] = {{"pack", pack},
                            {"unpack", unpack},
                            {"unpack_one", unpack_one},
                            {"unpack_limit", unpack_limit},
                            {nullptr, nullptr}};
  for (const luaL_Reg* f = funcs; f->name; ++f) {
    lua_pushcfunction(L, f->func);
    lua_setfield(L, -2, f->name);
  }
  lua_pushstring(L, "cmsgpack");
  lua_setfield(L, -2, "_NAME");
  lua_pushstring(L, "lua-cmsgpack 0.4.0");
  lua_setfield(L, -2, "_VERSION");
  lua_pushstring(L, "Copyright (C) 2012, Salvatore Sanfilippo");
  lua_setfield(L, -2, "_COPYRIGHT");
  lua_pushstring(L, "MessagePack C implementation for Lua");
  lua_setfield(L, -2, "_DESCRIPTION");
  return 1;
}

}  // namespace sable::scripting
