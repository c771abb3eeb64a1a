// RESP <-> Lua conversions (see the header for the rules).
#include "server/scripting/lua_convert.h"

#include <cstring>
#include <exception>

#include "protocol/reply.h"
#include "protocol/reply_parser.h"
#include "server/errors.h"

namespace sable::scripting {

namespace {

// The part of `s` before its first NUL: where Redis passes a Lua string on as a C string.
std::string_view c_string(std::string_view s) {
  size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

std::string_view trim_crlf(std::string_view s) {
  while (!s.empty() && (s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

void room(lua_State* L, int n) {
  if (!lua_checkstack(L, n)) luaL_error(L, "reached lua stack limit");
}

// Builds Lua values from a reply, driving the parser through aggregates.
class LuaValueBuilder : public ReplyVisitor {
 public:
  explicit LuaValueBuilder(lua_State* L) : L_(L) {}

  void on_simple(std::string_view s) override {
    room(L_, 3);
    lua_newtable(L_);
    lua_pushstring(L_, "ok");
    lua_pushlstring(L_, s.data(), s.size());
    lua_settable(L_, -3);
  }
  void on_error(std::string_view s) override {
    room(L_, 4);
    lua_pushstring(L_, "-");
    lua_pushlstring(L_, s.data(), s.size());
    lua_concat(L_, 2);
    size_t len;
    const char* text = lua_tolstring(L_, -1, &len);
    push_error_table(L_, std::string_view(text, len));
    lua_remove(L_, -2);
    // The command's own reply already counted this error.
    lua_pushstring(L_, "ignore_error_stats_update");
    lua_pushboolean(L_, 1);
    lua_settable(L_, -3);
  }
  void on_integer(long long v) override {
    room(L_, 1);
    lua_pushnumber(L_, static_cast<lua_Number>(v));
  }
  void on_bulk(std::string_view s) override {
    room(L_, 1);
    lua_pushlstring(L_, s.data(), s.size());
  }
  void on_null_bulk() override { push_false(); }
  void on_null_array() override { push_false(); }
  void on_null() override {
    room(L_, 1);
    lua_pushnil(L_);
  }
  void on_bool(bool b) override {
    room(L_, 1);
    lua_pushboolean(L_, b);
  }
  void on_double(double d) override {
    room(L_, 3);
    lua_newtable(L_);
    lua_pushstring(L_, "double");
    lua_pushnumber(L_, d);
    lua_settable(L_, -3);
  }
  void on_big_number(std::string_view s) override {
    room(L_, 3);
    lua_newtable(L_);
    lua_pushstring(L_, "big_number");
    lua_pushlstring(L_, s.data(), s.size());
    lua_settable(L_, -3);
  }
  void on_verbatim(std::string_view format, std::string_view s) override {
    room(L_, 5);
    lua_newtable(L_);
    lua_pushstring(L_, "verbatim_string");
    lua_newtable(L_);
    lua_pushstring(L_, "string");
    lua_pushlstring(L_, s.data(), s.size());
    lua_settable(L_, -3);
    lua_pushstring(L_, "format");
    lua_pushlstring(L_, format.data(), format.size());
    lua_settable(L_, -3);
    lua_settable(L_, -3);
  }
  void on_array(size_t n, ReplyParser& p) override {
    room(L_, 2);
    lua_newtable(L_);
    for (size_t i = 0; i < n; ++i) {
      room(L_, 1);
      lua_pushnumber(L_, static_cast<lua_Number>(i + 1));
      element(p);
      lua_settable(L_, -3);
    }
  }
  void on_push(size_t n, ReplyParser& p) override { on_array(n, p); }
  void on_set(size_t n, ReplyParser& p) override {
    room(L_, 3);
    lua_newtable(L_);
    lua_pushstring(L_, "set");
    lua_newtable(L_);
    for (size_t i = 0; i < n; ++i) {
      element(p);
      room(L_, 1);
      lua_pushboolean(L_, 1);
      lua_settable(L_, -3);
    }
    lua_settable(L_, -3);
  }
  void on_map(size_t n, ReplyParser& p) override {
    room(L_, 3);
    lua_newtable(L_);
    lua_pushstring(L_, "map");
    lua_newtable(L_);
    for (size_t i = 0; i < n; ++i) {
      element(p);
      element(p);
      lua_settable(L_, -3);
    }
    lua_settable(L_, -3);
  }
  void on_attribute(size_t n, ReplyParser& p) override {
    // Attributes are not shown to scripts.
    for (size_t i = 0; i < 2 * n; ++i)
      if (!p.skip()) malformed();
  }

  void element(ReplyParser& p) {
    if (!p.parse(*this)) malformed();
  }
  [[noreturn]] void malformed() {
    luaL_error(L_, "malformed reply from a command called by the script");
    std::terminate();  // luaL_error does not return
  }

 private:
  void push_false() {
    room(L_, 1);
    lua_pushboolean(L_, 0);
  }
  lua_State* L_;
};

// --- Lua -> reply

struct WriteContext {
  ReplyWriter* out;
  int script_resp;
  uint64_t unrecorded_errors = 0;
  bool failed = false;
};

const char* const kPendingValue = "sable.reply_value";

// Writes `s` with CR and LF replaced by spaces (status lines and error texts are single lines).
void append_line(ReplyWriter& w, std::string_view s) {
  std::string line(s);
  for (char& ch : line)
    if (ch == '\r' || ch == '\n') ch = ' ';
  w.raw(line);
}

// Reads field `name` of the table on top without metamethods; pushes it.
int raw_field(lua_State* L, const char* name) {
  lua_pushstring(L, name);
  lua_rawget(L, -2);
  return lua_type(L, -1);
}

std::string_view to_view(lua_State* L, int idx) {
  size_t len;
  const char* s = lua_tolstring(L, idx, &len);
  return std::string_view(s, len);
}

void write_value(lua_State* L, WriteContext& ctx);

void write_error_table(lua_State* L, WriteContext& ctx) {
  ReplyWriter& w = *ctx.out;
  std::string_view msg = c_string(to_view(L, -1));
  lua_pop(L, 1);
  bool recorded =
      raw_field(L, "ignore_error_stats_update") != LUA_TBOOLEAN || !lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (recorded) {
    w.error(msg);
  } else {
    // Already counted where it happened: written without touching error statistics.
    w.raw("-");
    append_line(w, msg);
    w.raw("\r\n");
    ++ctx.unrecorded_errors;
  }
}

// The single-value special tables, in Redis's order: err, ok, double, big_number,
// verbatim_string. Writes and consumes the table on top when it is one of them. Kept out of the
// recursive path (and out of line) so that a deeply nested reply costs little stack per level.
[[gnu::noinline]] bool write_special(lua_State* L, WriteContext& ctx) {
  ReplyWriter& w = *ctx.out;
  if (raw_field(L, "err") == LUA_TSTRING) {
    write_error_table(L, ctx);
    lua_pop(L, 1);
    return true;
  }
  lua_pop(L, 1);
  if (raw_field(L, "ok") == LUA_TSTRING) {
    w.raw("+");
    append_line(w, c_string(to_view(L, -1)));
    w.raw("\r\n");
    lua_pop(L, 2);
    return true;
  }
  lua_pop(L, 1);
  if (raw_field(L, "double") == LUA_TNUMBER) {
    w.dbl(lua_tonumber(L, -1));
    lua_pop(L, 2);
    return true;
  }
  lua_pop(L, 1);
  if (raw_field(L, "big_number") == LUA_TSTRING) {
    std::string num(to_view(L, -1));
    for (char& ch : num)
      if (ch == '\r' || ch == '\n') ch = ' ';
    if (w.proto() == 3) {
      w.raw("(");
      w.raw(num);
      w.raw("\r\n");
    } else {
      w.bulk(num);
    }
    lua_pop(L, 2);
    return true;
  }
  lua_pop(L, 1);
  if (raw_field(L, "verbatim_string") == LUA_TTABLE) {
    if (raw_field(L, "format") == LUA_TSTRING) {
      std::string_view fmt = c_string(to_view(L, -1));
      char ext[3] = {' ', ' ', ' '};
      for (size_t i = 0; i < 3 && i < fmt.size(); ++i) ext[i] = fmt[i];
      lua_pushstring(L, "string");
      lua_rawget(L, -3);
      if (lua_type(L, -1) == LUA_TSTRING) {
        w.verbatim(to_view(L, -1), std::string_view(ext, 3));
        lua_pop(L, 4);
        return true;
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return false;
}

// Writes the table on top (consumed): a special table, else a map, a set or an array.
void write_table(lua_State* L, WriteContext& ctx) {
  if (write_special(L, ctx)) return;
  ReplyWriter& w = *ctx.out;
  if (raw_field(L, "map") == LUA_TTABLE) {
    size_t handle = w.defer_len();
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pushvalue(L, -2);
      write_value(L, ctx);  // key
      write_value(L, ctx);  // value
      ++n;
    }
    w.set_deferred_map(handle, n);
    lua_pop(L, 2);
    return;
  }
  lua_pop(L, 1);
  if (raw_field(L, "set") == LUA_TTABLE) {
    size_t handle = w.defer_len();
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pop(L, 1);
      lua_pushvalue(L, -1);
      write_value(L, ctx);
      ++n;
    }
    w.set_deferred_set(handle, n);
    lua_pop(L, 2);
    return;
  }
  lua_pop(L, 1);
  size_t handle = w.defer_len();
  size_t n = 0;
  for (int i = 1;; ++i) {
    lua_pushnumber(L, i);
    lua_rawget(L, -2);
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      break;
    }
    write_value(L, ctx);
    ++n;
  }
  w.set_deferred_array(handle, n);
  lua_pop(L, 1);
}

void write_value(lua_State* L, WriteContext& ctx) {
  ReplyWriter& w = *ctx.out;
  int type = lua_type(L, -1);
  // Room for the four values a map entry needs.
  if (!lua_checkstack(L, 4)) {
    w.error(err::kLuaStackLimit);
    lua_pop(L, 1);
    return;
  }
  switch (type) {
    case LUA_TSTRING:
      w.bulk(to_view(L, -1));
      break;
    case LUA_TBOOLEAN:
      if (ctx.script_resp == 2) {
        if (lua_toboolean(L, -1))
          w.integer(1);
        else
          w.null();
      } else {
        w.boolean(lua_toboolean(L, -1));
      }
      break;
    case LUA_TNUMBER:
      w.integer(double_to_int64(lua_tonumber(L, -1)));
      break;
    case LUA_TTABLE:
      write_table(L, ctx);
      return;
    default:
      w.null();
  }
  lua_pop(L, 1);
}

// Runs under lua_cpcall so that a memory error cannot escape unprotected; the value comes from
// the registry, which leaves the same two stack slots below it as Redis has (error handler,
// result) and therefore the same nesting limit.
int write_entry(lua_State* L) {
  auto* ctx = static_cast<WriteContext*>(lua_touserdata(L, 1));
  lua_getfield(L, LUA_REGISTRYINDEX, kPendingValue);
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, kPendingValue);
  try {
    write_value(L, *ctx);
  } catch (const std::exception&) {
    ctx->failed = true;
  }
  return 0;
}

}  // namespace

void push_error_table(lua_State* L, std::string_view text) {
  std::string_view code = "ERR", msg = text;
  if (!text.empty() && text[0] == '-') {
    size_t sp = text.find(' ');
    if (sp == std::string_view::npos) {
      msg = text.substr(1);
    } else {
      code = text.substr(1, sp - 1);
      msg = text.substr(sp + 1);
    }
  }
  msg = trim_crlf(msg);
  // Redis keeps the text as a C string: it ends at the first NUL.
  lua_newtable(L);
  lua_pushstring(L, "err");
  if (code.find('\0') != std::string_view::npos) {
    lua_pushlstring(L, code.data(), c_string(code).size());
  } else {
    lua_pushlstring(L, code.data(), code.size());
    lua_pushstring(L, " ");
    std::string_view m = c_string(msg);
    lua_pushlstring(L, m.data(), m.size());
    lua_concat(L, 3);
  }
  lua_settable(L, -3);
}

void push_reply_value(lua_State* L, std::string_view resp) {
  ReplyParser parser(resp);
  LuaValueBuilder builder(L);
  if (!parser.parse(builder)) builder.malformed();
}

ConvertResult write_lua_value_protected(lua_State* L, ReplyWriter& out, int script_resp) {
  WriteContext ctx{&out, script_resp};
  write_value(L, ctx);
  ConvertResult r;
  r.unrecorded_errors = ctx.unrecorded_errors;
  return r;
}

ConvertResult write_lua_value(lua_State* L, ReplyWriter& out, int script_resp) {
  WriteContext ctx{&out, script_resp};
  size_t mark = out.buffer().size();
  lua_setfield(L, LUA_REGISTRYINDEX, kPendingValue);
  int status = lua_cpcall(L, write_entry, &ctx);
  ConvertResult r;
  if (status != 0 || ctx.failed) {
    if (status != 0) lua_pop(L, 1);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, kPendingValue);
    if (out.buffer().size() > mark) out.buffer().resize(mark);
    r.ok = false;
    return r;
  }
  r.unrecorded_errors = ctx.unrecorded_errors;
  return r;
}

}  // namespace sable::scripting
