// DEBUG: the introspection and fault-injection subcommands Redis's own test suite relies on.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "datatypes/glob.h"
#include "datatypes/hash_type.h"
#include "datatypes/list_type.h"
#include "datatypes/set_type.h"
#include "datatypes/stream_type.h"
#include "datatypes/zset_type.h"
#include "server/aof/aof.h"
#include "server/commands/common.h"
#include "server/commands/server_info.h"
#include "server/persistence/rdb.h"
#include "server/scripting/functions.h"
#include "server/scripting/scripting.h"

namespace sable {
namespace {

// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: saves the snapshot (unless NOSAVE), empties every
// database and the function libraries (unless NOFLUSH) and loads the file back; with MERGE what
// the file holds replaces a key or library that exists, otherwise that is a load error.
void DebugReload(CommandContext& ctx) {
  Server& s = ctx.server;
  bool merge = false, flush = true, save = true;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    if (iequals(ctx.arg(i), "merge")) {
      merge = true;
    } else if (iequals(ctx.arg(i), "noflush")) {
      flush = false;
    } else if (iequals(ctx.arg(i), "nosave")) {
      save = false;
    } else {
      return ctx.reply.error(err::kDebugReloadOptions);
    }
  }
  if (save && !rdb_save(s, s.config.dbfilename).empty()) return ctx.reply.error(err::kGenericErr);
  if (flush) {
    for (int i = 0; i < static_cast<int>(s.dbs.size()); ++i) {
      s.signal_flushed_db(i);
      s.db(i).clear();
    }
    s.scripting->functions().flush();
  }
  bool missing = false;
  size_t keys = 0;
  std::string err = rdb_load(s, s.config.dbfilename, &missing, &keys, merge);
  if (!err.empty() || missing) {
    s.log(kLogWarning, err.empty() ? "The RDB file vanished during DEBUG RELOAD" : err);
    return ctx.reply.error(err::kDebugReloadFailed);
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
  // Like Redis, a key past its expiry is still shown (DEBUG OBJECT does not expire it).
  Entry* e = ctx.db.find_raw(ctx.arg(2));
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
        " ql_nodes:{} ql_avg_node:{:.2f} ql_listpack_max:{} ql_compressed:{} "
        "ql_uncompressed_size:{}",
        nodes, nodes ? static_cast<double>(l.size()) / nodes : 0.0,
        ctx.server.config.list_max_listpack_size, l.compress_depth() != 0 ? 1 : 0,
        l.listpack_bytes());
  }
  ctx.reply.simple(line);
}

// DEBUG LISTPACK key: prints a listpack-encoded hash or sorted set on stdout, entry by entry.
void DebugListpack(CommandContext& ctx) {
  Entry* e = ctx.db.find_raw(ctx.arg(2));
  if (!e) return ctx.reply.error(err::kNoSuchKey);
  ObjType t = entry::type(e);
  if (entry::encoding(e) != Encoding::kListpack || (t != ObjType::kHash && t != ObjType::kZSet))
    return ctx.reply.error(err::kNotListpackObject);
  // Written straight to stdout, entry by entry, so a big value is not copied first.
  fmt::print(stdout, "{{listpack of key '{}'}} {{total bytes {}}}\n", ctx.arg(2), entry_memory(e));
  size_t index = 0;
  auto entry_line = [&](std::string_view v) {
    fmt::print(stdout, "{{\n\tindex: {},\n\t[str]{}\n}}\n", index++, v);
  };
  if (t == ObjType::kHash) {
    Hash(entry::encoding(e), entry::object(e)).for_each([&](std::string_view f, std::string_view v) {
      entry_line(f);
      entry_line(v);
    });
  } else {
    const auto* z = static_cast<const ZSet*>(entry::object(e));
    for (ZSet::Iter it = z->begin(false); it.valid(); it.next()) {
      entry_line(it.member());
      entry_line(fmt::format("{}", it.score()));
    }
  }
  std::fputs("{end}\n\n", stdout);
  std::fflush(stdout);
  ctx.reply.simple("Listpack structure printed on stdout");
}

// DEBUG QUICKLIST key [0|1]: prints a list's nodes on stdout (with 1, their elements too).
void DebugQuicklist(CommandContext& ctx) {
  Entry* e = ctx.db.find_raw(ctx.arg(2));
  if (!e) return ctx.reply.error(err::kNoSuchKey);
  if (entry::encoding(e) != Encoding::kQuicklist)
    return ctx.reply.error(err::kNotQuicklistObject);
  bool full = ctx.argc() == 4 && std::atoi(std::string(ctx.arg(3)).c_str()) != 0;
  List l(entry::object(e));
  // Written straight to stdout, node by node, so a long list is not copied first.
  fmt::print(stdout,
             "{{quicklist of key '{}'}} {{count : {}}} {{len : {}}} {{fill : {}}} {{compress : {}}} "
             "{{compressed nodes : {}}}\n",
             ctx.arg(2), l.size(), l.node_count(), ctx.server.config.list_max_listpack_size,
             l.compress_depth(), l.compressed_nodes());
  size_t i = 0;
  l.for_each_node([&](const List::NodeImage& n) {
    fmt::print(stdout, "{{node {}}} {{sz: {}}} {{encoding: {}}} {{stored bytes: {}}}\n", i++,
               n.raw_size, n.compressed ? "LZF" : "RAW", n.bytes.size());
  });
  if (full) {
    size_t k = 0;
    for (List::Iterator it = l.at(0); it.valid(); it.next())
      fmt::print(stdout, "\t[{}] {}\n", k++, it.get().to_string());
  }
  std::fputs("{end}\n\n", stdout);
  std::fflush(stdout);
  ctx.reply.simple("Quicklist structure printed on stdout");
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
  if (iequals(t, "push") && r.proto() < 3) return r.error(err::kResp2NotSupported);
  if (iequals(t, "push")) {
    // A push is out-of-band, so a normal reply follows it for clients that skip pushes.
    r.push_len(2);
    r.bulk("server-cpu-usage");
    r.integer(42);
    return r.bulk("Some real reply following the push reply");
  }
  if (iequals(t, "array") || iequals(t, "set")) {
    iequals(t, "array") ? r.array_len(3) : r.set_len(3);
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
  if (iequals(t, "attrib")) {
    // An attribute is not a reply of its own: RESP3 clients get it before the real reply.
    if (r.proto() == 3) r.raw("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n");
    return r.bulk("Some real reply following the attribute");
  }
  if (iequals(t, "verbatim")) return r.verbatim("This is a verbatim\nstring");
  if (iequals(t, "true")) return r.boolean(true);
  if (iequals(t, "false")) return r.boolean(false);
  r.error(err::kDebugProtocolType);
}

// ---------------------------------------------------------------------------------------------
// DEBUG DIGEST / DIGEST-VALUE: the same SHA1 fingerprints Redis 7.0 computes, so a data set moved
// between the two servers can be compared. Two building blocks over a 20-byte digest d:
//   add(d, bytes):   d ^= SHA1(bytes)              (order-free: unordered members)
//   chain(d, bytes): d = SHA1(d ^ SHA1(bytes))     (order matters: list elements, key, type)
// A key's digest chains its name, its type (4 bytes, big-endian) and its value's parts, and adds
// the marker "!!expire!!" when it has a TTL; the data set's digest chains each non-empty
// database's number and adds every key's digest. An empty data set or a missing key keeps the
// all-zero digest.
using Digest = std::array<unsigned char, 20>;

Digest sha1_of(const void* data, size_t len) {
  Digest d{};
  EVP_Digest(data, len, d.data(), nullptr, EVP_sha1(), nullptr);
  return d;
}
void add(Digest& d, std::string_view bytes) {
  Digest h = sha1_of(bytes.data(), bytes.size());
  for (size_t i = 0; i < d.size(); ++i) d[i] ^= h[i];
}
void chain(Digest& d, std::string_view bytes) {
  add(d, bytes);
  d = sha1_of(d.data(), d.size());
}
std::string_view bytes_of(const Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}
std::string_view be32(uint32_t v, char (&buf)[4]) {
  for (int i = 0; i < 4; ++i) buf[i] = static_cast<char>(v >> (24 - 8 * i));
  return {buf, 4};
}

// A sorted-set or hash member: its own digest of two chained parts, added to the key's.
void add_pair(Digest& d, std::string_view a, std::string_view b) {
  Digest m{};
  chain(m, a);
  chain(m, b);
  add(d, bytes_of(m));
}

// Chains the type and the value of `e` into `d`, and the expiry marker.
void value_digest(Entry* e, Digest& d) {
  char buf4[4];
  chain(d, be32(static_cast<uint32_t>(entry::type(e)), buf4));
  char scratch[32];
  switch (entry::type(e)) {
    case ObjType::kString:
      chain(d, entry::string_value(e, scratch));
      break;
    case ObjType::kList: {
      List l(entry::object(e));
      for (List::Iterator it = l.at(0); it.valid(); it.next()) chain(d, it.get().to_string());
      break;
    }
    case ObjType::kSet:
      Set(entry::encoding(e), entry::object(e)).for_each([&](std::string_view m) { add(d, m); });
      break;
    case ObjType::kZSet: {
      const auto* z = static_cast<const ZSet*>(entry::object(e));
      char buf[64];
      for (ZSet::Iter it = z->begin(false); it.valid(); it.next()) {
        int n = std::snprintf(buf, sizeof(buf), "%.17g", it.score());
        add_pair(d, it.member(), std::string_view(buf, static_cast<size_t>(n)));
      }
      break;
    }
    case ObjType::kHash:
      Hash(entry::encoding(e), entry::object(e))
          .for_each([&](std::string_view f, std::string_view v) { add_pair(d, f, v); });
      break;
    case ObjType::kStream: {
      const auto* s = static_cast<const Stream*>(entry::object(e));
      // Each entry chains "ms.seq" (a dot, not the dash of replies), then each field and value.
      s->range(kStreamIdMin, kStreamIdMax, false, 0, [&](StreamId id, const Stream::FieldList& f) {
        chain(d, fmt::format("{}.{}", id.ms, id.seq));
        for (auto& [k, v] : f) {
          chain(d, k);
          chain(d, v);
        }
        return true;
      });
      break;
    }
  }
  if (entry::has_expire(e)) add(d, "!!expire!!");
}

std::string hex(const Digest& d) { return fmt::format("{:02x}", fmt::join(d, "")); }

// DEBUG DIGEST (logically expired keys that are still stored count, as in Redis)
void DebugDigest(CommandContext& ctx) {
  Digest total{};
  for (size_t i = 0; i < ctx.server.dbs.size(); ++i) {
    Db& db = *ctx.server.dbs[i];
    if (db.size() == 0) continue;
    char buf4[4];
    chain(total, be32(static_cast<uint32_t>(i), buf4));
    db.for_each([&](Entry* e) {
      Digest k{};
      chain(k, entry::key(e));
      value_digest(e, k);
      add(total, bytes_of(k));
    });
  }
  ctx.reply.simple(hex(total));
}

// DEBUG DIGEST-VALUE [key ...]: each value's digest (no key name), zeros for a missing key.
void DebugDigestValue(CommandContext& ctx) {
  ctx.reply.array_len(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    Digest d{};
    if (Entry* e = ctx.db.find_raw(ctx.arg(i))) value_digest(e, d);
    ctx.reply.simple(hex(d));
  }
}

// DEBUG POPULATE count [prefix] [size]: creates keys prefix:0 … prefix:count-1 (default prefix
// "key") holding "value:N", or that text padded with zero bytes / cut to `size` bytes. Keys that
// exist are left alone, as in Redis.
void DebugPopulate(CommandContext& ctx) {
  int64_t count, size = -1;
  if (!parse_int64(ctx.arg(2), &count) || count < 0) return ctx.reply.error(err::kNotPositive);
  std::string prefix = ctx.argc() > 3 ? std::string(ctx.arg(3)) : "key";
  if (ctx.argc() > 4) {
    if (!parse_int64(ctx.arg(4), &size) || size < 0 || size > 512LL * 1024 * 1024)
      return ctx.reply.error(err::kNotPositive);
  }
  std::string key, val;
  for (long long j = 0; j < count; ++j) {
    key = fmt::format("{}:{}", prefix, j);
    if (ctx.db.find(key, false)) continue;
    val = fmt::format("value:{}", j);
    if (size > 0) val.resize(static_cast<size_t>(size), '\0');
    ctx.db.set(key, Value::string(val));
    key_modified(ctx, key);
  }
  ctx.reply.ok();
}

// DEBUG QUICKLIST-PACKED-THRESHOLD size: the element size from which Redis gives an element a
// quicklist node of its own ("plain" node). Sable's list nodes are bounded in bytes, so an element
// over a node's budget already sits alone in its node; the value is validated and kept for
// DEBUG OBJECT's sake, and changes no reply.
void DebugPackedThreshold(CommandContext& ctx) {
  long long bytes;
  if (!parse_memory(ctx.arg(2), &bytes) || bytes < 0 || bytes > (4LL << 30) - 1)
    return ctx.reply.error(err::kDebugPackedThreshold);
  ctx.server.quicklist_packed_threshold = bytes ? bytes : 1LL << 30;  // 0: back to the default
  ctx.reply.ok();
}

// DEBUG REPLYBUFFER PEAK-RESET-TIME <never|reset|ms> / DEBUG REPLYBUFFER RESIZING <0|1>
void DebugReplyBuffer(CommandContext& ctx) {
  std::string_view what = ctx.arg(2), v = ctx.arg(3);
  Server& s = ctx.server;
  if (iequals(what, "PEAK-RESET-TIME")) {
    if (iequals(v, "never")) {
      s.reply_buffer_peak_reset_time = -1;
    } else if (iequals(v, "reset")) {
      s.reply_buffer_peak_reset_time = Server::kReplyPeakResetDefault;
    } else {
      int64_t ms;
      if (!parse_int64(v, &ms)) return ctx.reply.error(err::kNotInteger);
      s.reply_buffer_peak_reset_time = ms;
    }
  } else if (iequals(what, "RESIZING")) {
    s.reply_buffer_resizing = std::atoi(std::string(v).c_str()) != 0;
  } else {
    return ctx.reply.error(err::unknown_subcommand_or_arity(ctx.arg(1), "debug"));
  }
  ctx.reply.ok();
}

// DEBUG STRINGMATCH-TEST: matches random patterns against random strings, bytes of any value
// included, to show the glob matcher survives them (as Redis's fuzz test of its own matcher).
void DebugStringmatchTest(CommandContext& ctx) {
  std::string pattern, text;
  for (int round = 0; round < 100000; ++round) {
    pattern.resize(ctx.server.rng() % 32);
    text.resize(ctx.server.rng() % 32);
    for (char& ch : pattern) ch = static_cast<char>(ctx.server.rng());
    for (char& ch : text) ch = static_cast<char>(ctx.server.rng());
    (void)glob_match(pattern, text, round % 2 == 1);
  }
  ctx.reply.simple("Apparently Redis did not crash: test passed");
}

void DebugHelp(CommandContext& ctx) {
  reply_help(
      ctx.reply, "DEBUG",
      {"CHANGE-REPL-ID",
       "    Change the replication IDs of the instance.",
       "    Dangerous: should be used only for testing the replication subsystem.",
       "DIGEST",
       "    Output a hex signature representing the current DB content.",
       "DIGEST-VALUE <key> [<key> ...]",
       "    Output a hex signature of the values of all the specified keys.",
       "ERROR <string>",
       "    Return a Redis protocol error with <string> as message. Useful for clients",
       "    unit tests to simulate Redis errors.",
       "LOG <message>",
       "    Write <message> to the server log.",
       "LOADAOF",
       "    Flush the AOF buffers on disk and reload the AOF in memory.",
       "OBJECT <key>",
       "    Show low level info about `key` and associated value.",
       "POPULATE <count> [<prefix>] [<size>]",
       "    Create <count> string keys named key:<num>. If <prefix> is specified then",
       "    it is used instead of the 'key' prefix. These are not propagated to",
       "    replicas. Cluster slots are not respected so keys not belonging to the",
       "    current node can be created in cluster mode.",
       "PROTOCOL <type>",
       "    Reply with a test value of the specified type. <type> can be: string,",
       "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
       "    true, false.",
       "RELOAD [option ...]",
       "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
       "    * MERGE: conflicting keys will be loaded from RDB.",
       "    * NOFLUSH: the existing database will not be removed before load, but",
       "      conflicting keys will generate an exception and kill the server.",
       "    * NOSAVE: the database will be loaded from an existing RDB file.",
       "    Examples:",
       "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
       "      the database.",
       "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
       "      existing RDB file.",
       "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
       "      file to the database.",
       "SET-ACTIVE-EXPIRE <0|1>",
       "    Setting it to 0 disables expiring keys in background when they are not",
       "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
       "    default.",
       "QUICKLIST-PACKED-THRESHOLD <size>",
       "    Sets the threshold for elements to be inserted as plain vs packed nodes",
       "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
       "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
       "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
       "SLEEP <seconds>",
       "    Stop the server for <seconds>. Decimals allowed.",
       "STRINGMATCH-TEST",
       "    Run a fuzz tester against the stringmatchlen() function.",
       "LISTPACK <key>",
       "    Show low level info about the listpack encoding of <key>.",
       "QUICKLIST <key> [<0|1>]",
       "    Show low level info about the quicklist encoding of <key>.",
       "    The optional argument (0 by default) sets the level of detail",
       "PAUSE-CRON <0|1>",
       "    Stop periodic cron job processing.",
       "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
       "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
       "    In case NEVER is provided the last observed peak will never be reset",
       "    In case RESET is provided the peak reset time will be restored to the default value",
       "REPLYBUFFER RESIZING <0|1>",
       "    Enable or disable the reply buffer resize cron job"});
}

// DEBUG subcommand [arg ...]
// DEBUG is one row in Redis's table (its subcommands are not rows of their own, and COMMAND shows
// none), so they are told apart here, by name and argument count.
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
  if (iequals(sub, "CHANGE-REPL-ID") && n == 2) {
    new_replication_id(ctx.server);  // the second id stays cleared: there is no history
    return ctx.reply.ok();
  }
  if (iequals(sub, "STRINGMATCH-TEST") && n == 2) return DebugStringmatchTest(ctx);
  if (iequals(sub, "RELOAD")) return DebugReload(ctx);
  if (iequals(sub, "LOADAOF") && n == 2) {
    std::string error = ctx.server.aof->reload();
    if (!error.empty()) {
      ctx.server.log(kLogWarning, error);
      return ctx.reply.error(err::kGenericErr);
    }
    ctx.server.log(kLogNotice, "Append Only File loaded by DEBUG LOADAOF");
    return ctx.reply.ok();
  }
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
  if (iequals(sub, "DIGEST") && n == 2) return DebugDigest(ctx);
  if (iequals(sub, "DIGEST-VALUE")) return DebugDigestValue(ctx);
  if (iequals(sub, "POPULATE") && n >= 3 && n <= 5) return DebugPopulate(ctx);
  if (iequals(sub, "QUICKLIST-PACKED-THRESHOLD") && n == 3) return DebugPackedThreshold(ctx);
  if (iequals(sub, "REPLYBUFFER") && n == 4) return DebugReplyBuffer(ctx);
  if (iequals(sub, "SET-DISABLE-DENY-SCRIPTS") && n == 3) {
    ctx.server.scripting->disable_deny_script = std::atoi(std::string(ctx.arg(2)).c_str()) != 0;
    return ctx.reply.ok();
  }
  if (iequals(sub, "LISTPACK") && n == 3) return DebugListpack(ctx);
  if (iequals(sub, "QUICKLIST") && (n == 3 || n == 4)) return DebugQuicklist(ctx);
  if (iequals(sub, "SET-SKIP-CHECKSUM-VALIDATION") && n == 3) {
    ctx.server.skip_checksum_validation = std::atoi(std::string(ctx.arg(2)).c_str()) != 0;
    return ctx.reply.ok();
  }
  if (iequals(sub, "PAUSE-CRON") && n == 3) {
    ctx.server.cron_paused = std::atoi(std::string(ctx.arg(2)).c_str()) != 0;
    return ctx.reply.ok();
  }
  ctx.reply.error(err::unknown_subcommand_or_arity(sub, "debug"));
}

}  // namespace

void RegisterDebugFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  rows.add({.name = "debug",
            .arity = -2,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale | kCmdProtected,
            .acl = "@admin @slow @dangerous",
            .summary = "A container for debugging commands",
            .since = "1.0.0",
            .complexity = "Depends on subcommand.",
            .handler = CmdDebug});
}

}  // namespace sable
