// Conversions between RESP replies and Lua values, as Redis 7.0 does them.
//
// Reply -> Lua (what redis.call returns): integer -> number; bulk -> string; null bulk and null
// array -> false; status -> {ok=...}; error -> {err="CODE message"}; array -> table 1..n; and in
// RESP3 (after redis.setresp(3)): null -> nil, boolean -> boolean, double -> {double=n},
// big number -> {big_number="..."}, verbatim -> {verbatim_string={format=..., string=...}},
// map -> {map={k=v}}, set -> {set={member=true}}; attributes are skipped.
//
// Lua -> reply (what a script returns): string -> bulk; number -> integer (truncated); boolean ->
// 1 / null while the script speaks RESP2, a RESP3 boolean after redis.setresp(3); a table is an
// error if its `err` field is a string, a status for `ok`, then double, big_number,
// verbatim_string, map and set, else an array of t[1], t[2] … up to the first nil; anything else
// is null. Only raw field reads are used, so a table's metatable never runs during conversion.
// Nesting is bounded by the Lua stack: past it the reply holds "-ERR reached lua stack limit"
// where the deeper value would be, exactly where Redis puts it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/scripting/lua_libs.h"

namespace sable {
class ReplyWriter;
}

namespace sable::scripting {

// Pushes an error table {err="CODE message"} from a text in Redis's two forms: "-CODE message",
// or a bare message that gets the code ERR. Trailing CR/LF are trimmed.
void push_error_table(lua_State* L, std::string_view text);

// Pushes the Lua value of one complete RESP reply. Raises a Lua error when the reply is
// malformed or nests deeper than the Lua stack allows.
void push_reply_value(lua_State* L, std::string_view resp);

struct ConvertResult {
  bool ok = true;                  // false: Lua ran out of memory; nothing was written
  uint64_t unrecorded_errors = 0;  // error replies written without error statistics
};

// Writes the value on top of the stack (popped) to `out`. `script_resp` is the protocol the
// script chose (booleans depend on it). Error tables carrying ignore_error_stats_update (errors
// that redis.call already counted) are written without counting them again.
ConvertResult write_lua_value(lua_State* L, ReplyWriter& out, int script_resp);
// The same, for a caller already running inside a protected call (lua_pcall/lua_cpcall): a
// memory error is then raised as a Lua error.
ConvertResult write_lua_value_protected(lua_State* L, ReplyWriter& out, int script_resp);

}  // namespace sable::scripting
