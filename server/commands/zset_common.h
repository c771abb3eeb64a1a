// Helpers shared by the sorted set command files (zset.cc, zset_ops.cc): typed lookup, storing
// results, the encoding limits from the config, and the WITHSCORES reply shape.
#pragma once

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include "datatypes/zset_type.h"
#include "server/commands/common.h"

namespace sable {
namespace zset_cmd {

using Scored = std::pair<std::string_view, double>;

inline ZSet::Limits zlimits(CommandContext& ctx) {
  const Config& c = ctx.server.config;
  return {static_cast<size_t>(std::max(0LL, c.zset_max_listpack_entries)),
          static_cast<size_t>(std::max(0LL, c.zset_max_listpack_value))};
}

// Looks a sorted set up. Returns false after replying WRONGTYPE; *z is null when missing.
// `entry` (optional) receives the key's entry, for store_zset.
inline bool find_zset(CommandContext& ctx, std::string_view key, ZSet** z, bool write = false,
                      Entry** entry = nullptr) {
  Entry* e;
  if (!lookup_typed(ctx, key, ObjType::kZSet, &e, write)) return false;
  *z = e ? static_cast<ZSet*>(entry::object(e)) : nullptr;
  if (entry) *entry = e;
  return true;
}

// Stores the set `z` at `key` after a change: a new key when `e` is null, else the entry
// records the set's current encoding (the ZSet object itself never moves).
inline void store_zset(CommandContext& ctx, std::string_view key, Entry* e, ZSet* z) {
  ctx.db.store_object(key, e, ObjType::kZSet, z->encoding(), z);
}

// Replaces `key` with the computed set `z` (owned), dropping any TTL; an empty result deletes
// the destination instead (with "del", when it existed). Replies nothing.
inline void store_result(CommandContext& ctx, std::string_view key, ZSet* z,
                         std::string_view event) {
  if (z->size() == 0) {
    delete z;
    if (ctx.db.del(key)) touched(ctx, kNotifyGeneric, "del", key);
    return;
  }
  ctx.db.set(key, Value::object(ObjType::kZSet, z->encoding(), z));
  touched(ctx, kNotifyZset, event, key);
}

// Builds a new set from elements (any order). Two ways, as Redis has both and they differ in
// where -0 survives (a listpack stores it as 0):
//  * from_skiplist: build a skiplist, then convert to listpack if the result fits (ZUNIONSTORE…);
//  * otherwise start as a listpack and convert while adding when it outgrows the limits.
inline ZSet* build_zset(CommandContext& ctx, const std::vector<Scored>& items, bool from_skiplist) {
  ZSet::Limits lim = zlimits(ctx);
  ZSet* z = ZSet::create(lim);
  if (from_skiplist) z->convert_to_skiplist();
  double ns;
  for (const auto& [m, s] : items) z->add(m, s, 0, &ns, lim);
  if (from_skiplist) z->shrink_encoding_if_fits(lim);
  return z;
}

// Replies a score. Same bytes as ReplyWriter::dbl (%.17g), with a fast path for the common
// integral scores, which %.17g prints as plain integers.
inline void reply_score(ReplyWriter& r, double s) {
  if (s > -1e15 && s < 1e15 && s == static_cast<double>(static_cast<int64_t>(s)) &&
      !(s == 0 && std::signbit(s))) {
    if (r.proto() == 2) return r.bulk_int(static_cast<int64_t>(s));
    char buf[32];
    buf[0] = ',';
    size_t n = 1 + format_int64(static_cast<int64_t>(s), buf + 1);
    buf[n++] = '\r';
    buf[n++] = '\n';
    return r.raw(std::string_view(buf, n));
  }
  r.dbl(s);
}

// Replies members (and scores): RESP2 flat, RESP3 [member, score] pairs.
inline void reply_scored(ReplyWriter& r, const std::vector<Scored>& v, bool withscores) {
  bool pairs = withscores && r.proto() > 2;
  r.array_len(withscores && !pairs ? v.size() * 2 : v.size());
  for (const auto& [m, s] : v) {
    if (pairs) r.array_len(2);
    r.bulk(m);
    if (withscores) reply_score(r, s);
  }
}

}  // namespace zset_cmd
}  // namespace sable
