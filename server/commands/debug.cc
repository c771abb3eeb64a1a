// DEBUG: the introspection and fault-injection subcommands Redis's own test suite relies on.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "datatypes/list_type.h"
#include "server/commands/common.h"
#include "server/commands/server_info.h"
#include "server/persistence/rdb.h"

namespace sable {
namespace {

// DEBUG RELOAD: saves the snapshot, empties every database and loads it back.
void DebugReload(CommandContext& ctx) {
  Server& s = ctx.server;
  if (!rdb_save(s, s.config.dbfilename).empty()) return ctx.reply.error("ERR");
  for (int i = 0; i < static_cast<int>(s.dbs.size()); ++i) {
    s.signal_flushed_db(i);
    s.db(i).clear();
  }
  bool missing = false;
  size_t keys = 0;
  std::string err = rdb_load(s, s.config.dbfilename, &missing, &keys);
  if (!err.empty() || missing) {
    // The file we just wrote does not load back: stop rather than serve an empty dataset.
    s.log(kLogWarning, err.empty() ? "The RDB file vanished during DEBUG RELOAD" : err);
    std::exit(1);
  }
  s.log(kLogNotice, "DB reloaded by DEBUG RELOAD");
  ctx.reply.ok();
}

// ---------------------------------------------------------------------------------------------
// DEBUG

// Length of a string as the RDB writer would store it (without LZF compression).
size_t rdb_string_length(std::string_view s) {
  int64_t v;
  if (s.size() <= 20 && parse_int64(s, &v)) {
    if (v >= -(1 << 7) && v < (1 << 7)) return 2;
    if (v >= -(1 << 15) && v < (1 << 15)) return 3;
    if (v >= INT32_MIN && v <= INT32_MAX) return 5;
  }
  size_t len = s.size();
  size_t prefix = len < (1 << 6) ? 1 : len < (1 << 14) ? 2 : len <= UINT32_MAX ? 5 : 9;
  return prefix + len;
}

// DEBUG OBJECT key
void DebugObject(CommandContext& ctx) {
  Entry* e = ctx.db.find(ctx.arg(2), false);
  if (!e) return ctx.reply.error(err::kNoSuchKey);
  char scratch[32];
  size_t serialized = entry::type(e) == ObjType::kString
                          ? rdb_string_length(entry::string_value(e, scratch))
                          : entry_memory(e);
  uint32_t now = lru_clock();
  uint32_t lru = entry::lru(e);
  uint32_t idle = now >= lru ? now - lru : now + 0xFFFFFF - lru;
  bool shared_int = entry::encoding(e) == Encoding::kInt && entry::int_value(e) >= 0 &&
                    entry::int_value(e) < 10000;
  std::string line = fmt::format(
      "Value at:{} refcount:{} encoding:{} serializedlength:{} lru:{} lru_seconds_idle:{}",
      static_cast<const void*>(e), shared_int ? 2147483647 : 1, encoding_name(entry::encoding(e)),
      serialized, lru, idle);
  if (entry::type(e) == ObjType::kList && entry::encoding(e) == Encoding::kQuicklist) {
    List l(entry::object(e));
    size_t nodes = l.node_count();
    line += fmt::format(
        " ql_nodes:{} ql_avg_node:{:.2f} ql_listpack_max:{} ql_compressed:0 "
        "ql_uncompressed_size:{}",
        nodes, nodes ? static_cast<double>(l.size()) / nodes : 0.0,
        ctx.server.config.list_max_listpack_size, l.memory());
  }
  ctx.reply.simple(line);
}

// DEBUG PROTOCOL type: replies a sample of one RESP type.
void DebugProtocol(CommandContext& ctx) {
  std::string_view t = ctx.arg(2);
  ReplyWriter& r = ctx.reply;
  if (iequals(t, "string")) return r.bulk("Hello World");
  if (iequals(t, "integer")) return r.integer(12345);
  if (iequals(t, "double")) return r.dbl(3.141);
  if (iequals(t, "bignum"))
    return r.proto() == 3 ? r.raw("(1234567999999999999999999999999999999\r\n")
                          : r.bulk("1234567999999999999999999999999999999");
  if (iequals(t, "null")) return r.null();
  if (iequals(t, "array") || iequals(t, "set") || iequals(t, "push")) {
    iequals(t, "array") ? r.array_len(3) : iequals(t, "set") ? r.set_len(3) : r.push_len(3);
    for (int j = 0; j < 3; ++j) r.integer(j);
    return;
  }
  if (iequals(t, "map")) {
    r.map_len(3);
    for (int j = 0; j < 3; ++j) {
      r.integer(j);
      r.boolean(j == 1);
    }
    return;
  }
  if (iequals(t, "verbatim")) return r.verbatim("This is a verbatim\nstring");
  if (iequals(t, "true")) return r.boolean(true);
  if (iequals(t, "false")) return r.boolean(false);
  r.error(
      "ERR Wrong protocol type name. Please use one of the following: "
      "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
}

void DebugHelp(CommandContext& ctx) {
  reply_help(
      ctx.reply, "DEBUG",
      {"ERROR <string>", "    Return a Redis protocol error with <string> as message.",
       "LOG <message>", "    Write <message> to the server log.", "OBJECT <key>",
       "    Show low level info about the `key` and associated value.", "PROTOCOL <type>",
       "    Reply with a test value of the specified type. <type> can be: string,",
       "    integer, double, bignum, null, array, set, map, attrib, push, verbatim, true, false.",
       "SET-ACTIVE-EXPIRE <0|1>",
       "    Setting it to 0 disables expiring keys in background when they are not",
       "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
       "    default.", "SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed."});
}

// DEBUG subcommand [arg ...]
void CmdDebug(CommandContext& ctx) {
  std::string_view sub = ctx.arg(1);
  size_t n = ctx.argc();
  if (iequals(sub, "HELP") && n == 2) return DebugHelp(ctx);
  if (iequals(sub, "SLEEP") && n == 3) {
    double secs = std::atof(std::string(ctx.arg(2)).c_str());
    if (secs > 0) std::this_thread::sleep_for(std::chrono::microseconds(int64_t(secs * 1e6)));
    return ctx.reply.ok();
  }
  if (iequals(sub, "OBJECT") && n == 3) return DebugObject(ctx);
  if (iequals(sub, "RELOAD") && n == 2) return DebugReload(ctx);
  if (iequals(sub, "SET-ACTIVE-EXPIRE") && n == 3) {
    ctx.server.active_expire_enabled = std::atoi(std::string(ctx.arg(2)).c_str()) != 0;
    return ctx.reply.ok();
  }
  if (iequals(sub, "LOG") && n == 3) {
    ctx.server.log(kLogWarning, "DEBUG LOG: " + std::string(ctx.arg(2)));
    return ctx.reply.ok();
  }
  if (iequals(sub, "ERROR") && n == 3) return ctx.reply.error(ctx.arg(2));
  if (iequals(sub, "PROTOCOL") && n == 3) return DebugProtocol(ctx);
  ctx.reply.error(fmt::format(
      "ERR unknown subcommand or wrong number of arguments for '{:.128}'. Try DEBUG HELP.", sub));
}

}  // namespace

void RegisterDebugFamily(CommandTable& t) {
  constexpr uint32_t LS = kCmdLoading | kCmdStale;
  constexpr uint32_t ADM = kCmdAdmin | kCmdNoScript | LS;
  FamilyRows add(t, "server");
  add.top("debug", -2, ADM | kCmdProtected, CmdDebug, "A container for debugging commands", "1.0.0",
          "Depends on subcommand.", "");
}

}  // namespace sable
