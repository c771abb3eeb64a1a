// struct: binary packing for Lua scripts (struct.pack / struct.unpack / struct.size), with the
// format language, error texts and byte output of the struct library Redis 7.0 bundles.
//
// A format is a sequence of options: '>' / '<' big / little endian, '![n]' maximum alignment,
// 'x' a zero byte, 'b' 'B' (1 byte), 'h' 'H' (2), 'l' 'L' 'T' (8), 'i[n]' 'I[n]' (n bytes, 4 by
// default, at most 32), 'f' float, 'd' double, 'c[n]' n characters ('c0': the whole string when
// packing, a length taken from the previous value when unpacking), 's' a zero-terminated string
// and ' ' (ignored). Lower-case integer options are signed. Integers are converted from Lua
// numbers the way that library does on x86-64, including its results for values out of range.
//
// Bounds: sizes in a format are checked against int overflow; unpack checks every read against
// the data length and the Lua stack before each push, so huge sizes give errors, not reads past
// the end.
#include <cctype>
#include <climits>
#include <cstring>
#include <utility>

#include "server/scripting/lua_libs.h"

namespace sable::scripting {

namespace {

constexpr int kMaxIntSize = 32;
constexpr int kMaxAlign = 8;  // alignment of double on x86-64
enum Endian { kBig = 0, kLittle = 1 };
constexpr Endian kNative = kLittle;

struct Header {
  Endian endian = kNative;
  int align = 1;
};

// Reads the digits after an option, or returns `def` when there are none.
int read_number(lua_State* L, const char** fmt, int def) {
  if (!std::isdigit(static_cast<unsigned char>(**fmt))) return def;
  int a = 0;
  do {
    int digit = **fmt - '0';
    if (a > INT_MAX / 10 || a * 10 > INT_MAX - digit) luaL_error(L, "integral size overflow");
    a = a * 10 + digit;
    ++*fmt;
  } while (std::isdigit(static_cast<unsigned char>(**fmt)));
  return a;
}

// The size in bytes of option `opt` (0 for options that take no room).
size_t option_size(lua_State* L, char opt, const char** fmt) {
  switch (opt) {
    case 'B':
    case 'b':
      return 1;
    case 'H':
    case 'h':
      return 2;
    case 'L':
    case 'l':
    case 'T':
    case 'd':
      return 8;
    case 'f':
      return 4;
    case 'x':
      return 1;
    case 'c':
      return static_cast<size_t>(read_number(L, fmt, 1));
    case 'i':
    case 'I': {
      int size = read_number(L, fmt, 4);
      if (size > kMaxIntSize)
        luaL_error(L, "integral size %d is larger than limit of %d", size, kMaxIntSize);
      return static_cast<size_t>(size);
    }
    default:
      return 0;
  }
}

// Padding needed before an item of `size` bytes at offset `len`.
size_t padding(size_t len, const Header& h, int opt, size_t size) {
  if (size == 0 || opt == 'c') return 0;
  if (size > static_cast<size_t>(h.align)) size = static_cast<size_t>(h.align);
  return (size - (len & (size - 1))) & (size - 1);
}

bool power_of_two(int x) { return x > 0 && (x & (x - 1)) == 0; }

// Endianness, alignment and spaces; anything else is an invalid option.
void control_option(lua_State* L, int opt, const char** fmt, Header* h) {
  switch (opt) {
    case ' ':
      return;
    case '>':
      h->endian = kBig;
      return;
    case '<':
      h->endian = kLittle;
      return;
    case '!': {
      int a = read_number(L, fmt, kMaxAlign);
      if (!power_of_two(a)) luaL_error(L, "alignment %d is not a power of 2", a);
      h->align = a;
      return;
    }
    default:
      luaL_argerror(L, 1, lua_pushfstring(L, "invalid format option '%c'", opt));
  }
}

void put_integer(lua_State* L, luaL_Buffer* b, int arg, Endian endian, size_t size) {
  uint64_t value = double_to_uint64(luaL_checknumber(L, arg));
  char out[kMaxIntSize];
  for (size_t i = 0; i < size; ++i) {
    size_t at = endian == kLittle ? i : size - 1 - i;
    out[at] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  luaL_addlstring(b, out, size);
}

void reverse_if_needed(char* p, size_t size, Endian endian) {
  if (endian == kNative) return;
  for (size_t i = 0, j = size - 1; i < j; ++i, --j) std::swap(p[i], p[j]);
}

// struct.pack(fmt, v1, v2, ...)
int pack(lua_State* L) {
  const char* fmt = luaL_checkstring(L, 1);
  Header h;
  int arg = 2;
  size_t total = 0;
  lua_pushnil(L);  // separates the arguments from the buffer's stack slots
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  while (*fmt) {
    int opt = *fmt++;
    size_t size = option_size(L, static_cast<char>(opt), &fmt);
    size_t pad = padding(total, h, opt, size);
    total += pad;
    while (pad-- > 0) luaL_addchar(&b, '\0');
    switch (opt) {
      case 'b':
      case 'B':
      case 'h':
      case 'H':
      case 'l':
      case 'L':
      case 'T':
      case 'i':
      case 'I':
        put_integer(L, &b, arg++, h.endian, size);
        break;
      case 'x':
        luaL_addchar(&b, '\0');
        break;
      case 'f': {
        float f = static_cast<float>(luaL_checknumber(L, arg++));
        char bytes[4];
        std::memcpy(bytes, &f, 4);
        reverse_if_needed(bytes, 4, h.endian);
        luaL_addlstring(&b, bytes, 4);
        break;
      }
      case 'd': {
        double d = luaL_checknumber(L, arg++);
        char bytes[8];
        std::memcpy(bytes, &d, 8);
        reverse_if_needed(bytes, 8, h.endian);
        luaL_addlstring(&b, bytes, 8);
        break;
      }
      case 'c':
      case 's': {
        size_t len;
        const char* s = luaL_checklstring(L, arg++, &len);
        if (size == 0) size = len;
        // The argument number reported is the one after the string, as in the original.
        luaL_argcheck(L, len >= size, arg, "string too short");
        luaL_addlstring(&b, s, size);
        if (opt == 's') {
          luaL_addchar(&b, '\0');
          ++size;
        }
        break;
      }
      default:
        control_option(L, opt, &fmt, &h);
    }
    total += size;
  }
  luaL_pushresult(&b);
  return 1;
}

double get_integer(const char* p, Endian endian, bool is_signed, size_t size) {
  uint64_t v = 0;
  for (size_t i = 0; i < size; ++i) {
    size_t at = endian == kBig ? i : size - 1 - i;
    v = (v << 8) | static_cast<unsigned char>(p[at]);
  }
  if (!is_signed) return static_cast<double>(v);
  // The sign bit is bit size*8-1; for sizes past 8 bytes the shift count wraps modulo 64 as it
  // does on x86-64 (and as the library it mirrors therefore behaves).
  unsigned shift = static_cast<unsigned>(size * 8 - 1) & 63u;
  uint64_t mask = ~uint64_t{0} << shift;
  if (v & mask) v |= mask;
  return static_cast<double>(static_cast<int64_t>(v));
}

// struct.unpack(fmt, data [, pos]): the values, then the position after them.
int unpack(lua_State* L) {
  Header h;
  const char* fmt = luaL_checkstring(L, 1);
  size_t len;
  const char* data = luaL_checklstring(L, 2, &len);
  auto pos = static_cast<size_t>(luaL_optinteger(L, 3, 1));
  luaL_argcheck(L, pos > 0, 3, "offset must be 1 or greater");
  --pos;
  int n = 0;
  while (*fmt) {
    int opt = *fmt++;
    size_t size = option_size(L, static_cast<char>(opt), &fmt);
    pos += padding(pos, h, opt, size);
    luaL_argcheck(L, size <= len && pos <= len - size, 2, "data string too short");
    luaL_checkstack(L, 2, "too many results");
    switch (opt) {
      case 'b':
      case 'B':
      case 'h':
      case 'H':
      case 'l':
      case 'L':
      case 'T':
      case 'i':
      case 'I':
        lua_pushnumber(L, get_integer(data + pos, h.endian, std::islower(opt), size));
        ++n;
        break;
      case 'x':
        break;
      case 'f': {
        char bytes[4];
        std::memcpy(bytes, data + pos, 4);
        reverse_if_needed(bytes, 4, h.endian);
        float f;
        std::memcpy(&f, bytes, 4);
        lua_pushnumber(L, f);
        ++n;
        break;
      }
      case 'd': {
        char bytes[8];
        std::memcpy(bytes, data + pos, 8);
        reverse_if_needed(bytes, 8, h.endian);
        double d;
        std::memcpy(&d, bytes, 8);
        lua_pushnumber(L, d);
        ++n;
        break;
      }
      case 'c':
        if (size == 0) {
          if (n == 0 || !lua_isnumber(L, -1)) luaL_error(L, "format 'c0' needs a previous size");
          size = static_cast<size_t>(double_to_uint64(lua_tonumber(L, -1)));
          lua_pop(L, 1);
          --n;
          luaL_argcheck(L, size <= len && pos <= len - size, 2, "data string too short");
        }
        lua_pushlstring(L, data + pos, size);
        ++n;
        break;
      case 's': {
        const void* end = std::memchr(data + pos, '\0', len - pos);
        if (!end) luaL_error(L, "unfinished string in data");
        size = static_cast<size_t>(static_cast<const char*>(end) - (data + pos)) + 1;
        lua_pushlstring(L, data + pos, size - 1);
        ++n;
        break;
      }
      default:
        control_option(L, opt, &fmt, &h);
    }
    pos += size;
  }
  lua_pushinteger(L, static_cast<lua_Integer>(pos + 1));
  return n + 1;
}

// struct.size(fmt): bytes a format packs to (options of variable size are refused).
int size(lua_State* L) {
  Header h;
  const char* fmt = luaL_checkstring(L, 1);
  size_t pos = 0;
  while (*fmt) {
    int opt = *fmt++;
    size_t size = option_size(L, static_cast<char>(opt), &fmt);
    pos += padding(pos, h, opt, size);
    if (opt == 's')
      luaL_argerror(L, 1, "option 's' has no fixed size");
    else if (opt == 'c' && size == 0)
      luaL_argerror(L, 1, "option 'c0' has no fixed size");
    if (!std::isalnum(opt)) control_option(L, opt, &fmt, &h);
    pos += size;
  }
  lua_pushinteger(L, static_cast<lua_Integer>(pos));
  return 1;
}

}  // namespace

int luaopen_struct(lua_State* L) {
  lua_newtable(L);
  lua_pushcfunction(L, pack);
  lua_setfield(L, -2, "pack");
  lua_pushcfunction(L, unpack);
  lua_setfield(L, -2, "unpack");
  lua_pushcfunction(L, size);
  lua_setfield(L, -2, "size");
  return 1;
}

}  // namespace sable::scripting
