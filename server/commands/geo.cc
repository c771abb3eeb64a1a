// Geo commands: a geo set is a sorted set whose scores are 52-bit geohashes of the members'
// positions (GEOADD GEOPOS GEODIST GEOHASH GEORADIUS[BYMEMBER][_RO] GEOSEARCH[STORE]); the cell
// arithmetic is datatypes/geohash.h. A search reads the score range of each of its nine cells in
// order and keeps the members inside the shape, so an unsorted reply comes in that cell order,
// as in Redis.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "datatypes/geohash.h"
#include "server/commands/zset_common.h"

namespace sable {
namespace {

using geo::Hash;
using geo::kLatMax;
using geo::kLatMin;
using geo::kLonMax;
using geo::kLonMin;
using geo::Shape;

// ---------------------------------------------------------------------------------------------
// Searching a geo set

struct GeoPoint {
  std::string member;
  double score, dist, lon, lat;
};

// Members of the set inside the shape, in cell order; stops at `limit` when non-zero (ANY).
std::vector<GeoPoint> search(const ZSet& z, const Shape& s, size_t limit) {
  std::vector<GeoPoint> out;
  std::vector<Hash> cells = geo::search_cells(s);
  int last = -1;
  for (int i = 0; i < 9; ++i) {
    const Hash& h = cells[static_cast<size_t>(i)];
    if (h.zero()) continue;
    // With huge radii neighbours can coincide: never scan the same cell twice in a row.
    if (last >= 0 && h.bits == cells[static_cast<size_t>(last)].bits &&
        h.step == cells[static_cast<size_t>(last)].step)
      continue;
    if (limit && out.size() >= limit) break;
    last = i;
    ZScoreRange r{0, 0, false, true};
    geo::score_range(h, &r.min, &r.max);
    for (ZSet::Iter it = z.first_in(r, false); it.valid() && r.below_max(it.score()); it.next()) {
      GeoPoint p{std::string(), it.score(), 0, 0, 0};
      geo::score_to_lonlat(p.score, &p.lon, &p.lat);
      if (!geo::within(s, p.lon, p.lat, &p.dist)) continue;
      p.member = std::string(it.member());
      out.push_back(std::move(p));
      if (limit && out.size() >= limit) break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Argument parsing and replies

bool parse_lonlat(CommandContext& ctx, size_t at, double* lon, double* lat) {
  if (!parse_double(ctx.arg(at), lon) || !parse_double(ctx.arg(at + 1), lat)) {
    ctx.reply.error("ERR value is not a valid float");
    return false;
  }
  if (*lon < kLonMin || *lon > kLonMax || *lat < kLatMin || *lat > kLatMax) {
    ctx.reply.error(fmt::format("ERR invalid longitude,latitude pair {:f},{:f}", *lon, *lat));
    return false;
  }
  return true;
}

bool parse_unit(CommandContext& ctx, std::string_view u, double* conversion) {
  if (iequals(u, "m")) {
    *conversion = 1;
  } else if (iequals(u, "km")) {
    *conversion = 1000;
  } else if (iequals(u, "ft")) {
    *conversion = 0.3048;
  } else if (iequals(u, "mi")) {
    *conversion = 1609.34;
  } else {
    ctx.reply.error("ERR unsupported unit provided. please use M, KM, FT, MI");
    return false;
  }
  return true;
}

bool parse_radius(CommandContext& ctx, size_t at, Shape* s) {
  if (!parse_double(ctx.arg(at), &s->radius)) {
    ctx.reply.error("ERR need numeric radius");
    return false;
  }
  if (s->radius < 0) {
    ctx.reply.error("ERR radius cannot be negative");
    return false;
  }
  s->box = false;
  return parse_unit(ctx, ctx.arg(at + 1), &s->conversion);
}

bool parse_box(CommandContext& ctx, size_t at, Shape* s) {
  if (!parse_double(ctx.arg(at), &s->width)) {
    ctx.reply.error("ERR need numeric width");
    return false;
  }
  if (!parse_double(ctx.arg(at + 1), &s->height)) {
    ctx.reply.error("ERR need numeric height");
    return false;
  }
  if (s->width < 0 || s->height < 0) {
    ctx.reply.error("ERR height or width cannot be negative");
    return false;
  }
  s->box = true;
  return parse_unit(ctx, ctx.arg(at + 2), &s->conversion);
}

// The position of a member, from its score.
bool member_lonlat(const ZSet* z, std::string_view member, double* lon, double* lat) {
  double score;
  if (!z || !z->score(member, &score)) return false;
  geo::score_to_lonlat(score, lon, lat);
  return true;
}

// A coordinate as Redis prints it: up to 17 decimals, trailing zeros dropped (RESP3: a double).
void reply_coord(ReplyWriter& r, double v) {
  std::string s = fmt::format("{:.17f}", static_cast<long double>(v));
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  if (r.proto() == 3)
    r.raw("," + s + "\r\n");
  else
    r.bulk(s);
}

void reply_distance(ReplyWriter& r, double d) { r.bulk(fmt::format("{:.4f}", d)); }

// ---------------------------------------------------------------------------------------------
// Commands

// GEOADD key [NX|XX] [CH] longitude latitude member [longitude latitude member ...]
// Validates every position, then runs ZADD with the geohashes as scores (so replies, type errors
// and keyspace events are ZADD's).
void CmdGeoAdd(CommandContext& ctx) {
  size_t i = 2;
  bool nx = false, xx = false;
  std::vector<std::string> zargs{"zadd", std::string(ctx.arg(1))};
  for (; i < ctx.argc(); ++i) {
    std::string_view a = ctx.arg(i);
    if (iequals(a, "NX")) {
      nx = true;
    } else if (iequals(a, "XX")) {
      xx = true;
    } else if (!iequals(a, "CH")) {
      break;
    }
    zargs.emplace_back(a);
  }
  if ((ctx.argc() - i) % 3 != 0 || (nx && xx)) return ctx.reply.error(err::kSyntax);
  for (; i < ctx.argc(); i += 3) {
    double lon, lat;
    if (!parse_lonlat(ctx, i, &lon, &lat)) return;
    zargs.push_back(std::to_string(geo::encode(lon, lat).bits));
    zargs.emplace_back(ctx.arg(i + 2));
  }
  const CommandSpec* zadd = ctx.server.commands.find("zadd");
  std::vector<std::string_view> argv(zargs.begin(), zargs.end());
  CommandContext zctx{ctx.server, ctx.client, argv, ctx.reply, ctx.db, *zadd};
  zadd->handler(zctx);
}

// GEOPOS key [member ...]
void CmdGeoPos(CommandContext& ctx) {
  ZSet* z;
  if (!zset_cmd::find_zset(ctx, ctx.arg(1), &z)) return;
  ctx.reply.array_len(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    double lon, lat;
    if (!member_lonlat(z, ctx.arg(i), &lon, &lat)) {
      ctx.reply.null_array();
      continue;
    }
    ctx.reply.array_len(2);
    reply_coord(ctx.reply, lon);
    reply_coord(ctx.reply, lat);
  }
}

// GEODIST key member1 member2 [M|KM|FT|MI]
void CmdGeoDist(CommandContext& ctx) {
  double conversion = 1;
  if (ctx.argc() == 5) {
    if (!parse_unit(ctx, ctx.arg(4), &conversion)) return;
  } else if (ctx.argc() > 5) {
    return ctx.reply.error(err::kSyntax);
  }
  ZSet* z;
  if (!zset_cmd::find_zset(ctx, ctx.arg(1), &z)) return;
  double lon1, lat1, lon2, lat2;
  if (!member_lonlat(z, ctx.arg(2), &lon1, &lat1) || !member_lonlat(z, ctx.arg(3), &lon2, &lat2))
    return ctx.reply.null();
  reply_distance(ctx.reply, geo::distance(lon1, lat1, lon2, lat2) / conversion);
}

// GEOHASH key [member ...]: standard 11-character geohashes (latitude over ±90, unlike scores).
void CmdGeoHash(CommandContext& ctx) {
  ZSet* z;
  if (!zset_cmd::find_zset(ctx, ctx.arg(1), &z)) return;
  ctx.reply.array_len(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    double lon, lat;
    if (!member_lonlat(z, ctx.arg(i), &lon, &lat)) {
      ctx.reply.null();
      continue;
    }
    ctx.reply.bulk(geo::to_string(lon, lat));
  }
}

enum GeoFlags : unsigned {
  kFromCoords = 1,   // GEORADIUS[_RO] key lon lat radius unit
  kFromMember = 2,   // GEORADIUSBYMEMBER[_RO] key member radius unit
  kSearch = 4,       // GEOSEARCH key FROM… BY…
  kSearchStore = 8,  // GEOSEARCHSTORE dst key FROM… BY… [STOREDIST]
  kNoStore = 16,     // the _RO variants
};

// The GEORADIUS / GEOSEARCH family; `flags` says which grammar.
void GeoSearchGeneric(CommandContext& ctx, unsigned flags) {
  size_t src = flags & kSearchStore ? 2 : 1;
  ZSet* z;
  if (!zset_cmd::find_zset(ctx, ctx.arg(src), &z)) return;
  Shape shape;
  size_t base;
  std::string_view store_key;
  bool storedist = false;
  if (flags & kFromCoords) {
    base = 6;
    if (!parse_lonlat(ctx, 2, &shape.lon, &shape.lat) || !parse_radius(ctx, 4, &shape)) return;
  } else if (flags & kFromMember) {
    base = 5;
    if (z) {
      if (!member_lonlat(z, ctx.arg(2), &shape.lon, &shape.lat))
        return ctx.reply.error("ERR could not decode requested zset member");
      if (!parse_radius(ctx, 3, &shape)) return;
    }
  } else {
    base = flags & kSearchStore ? 3 : 2;
    if (flags & kSearchStore) store_key = ctx.arg(1);
  }
  bool withdist = false, withhash = false, withcoord = false, any = false;
  bool frommember = false, fromlonlat = false, byradius = false, bybox = false;
  int sort = 0;  // 1 ASC, -1 DESC
  int64_t count = 0;
  size_t n = ctx.argc();
  for (size_t i = base; i < n; ++i) {
    std::string_view a = ctx.arg(i);
    size_t left = n - i - 1;  // arguments after this one
    bool search = flags & kSearch;
    if (iequals(a, "WITHDIST")) {
      withdist = true;
    } else if (iequals(a, "WITHHASH")) {
      withhash = true;
    } else if (iequals(a, "WITHCOORD")) {
      withcoord = true;
    } else if (iequals(a, "ANY")) {
      any = true;
    } else if (iequals(a, "ASC")) {
      sort = 1;
    } else if (iequals(a, "DESC")) {
      sort = -1;
    } else if (iequals(a, "COUNT") && left >= 1) {
      if (!parse_int64(ctx.arg(i + 1), &count)) return ctx.reply.error(err::kNotInteger);
      if (count <= 0) return ctx.reply.error("ERR COUNT must be > 0");
      ++i;
    } else if ((iequals(a, "STORE") || iequals(a, "STOREDIST")) && left >= 1 &&
               !(flags & kNoStore) && !search) {
      storedist = iequals(a, "STOREDIST");
      store_key = ctx.arg(++i);
    } else if (iequals(a, "STOREDIST") && (flags & kSearchStore)) {
      storedist = true;
    } else if (iequals(a, "FROMMEMBER") && left >= 1 && search && !fromlonlat) {
      if (z && !member_lonlat(z, ctx.arg(i + 1), &shape.lon, &shape.lat))
        return ctx.reply.error("ERR could not decode requested zset member");
      frommember = true;
      ++i;
    } else if (iequals(a, "FROMLONLAT") && left >= 2 && search && !frommember) {
      if (!parse_lonlat(ctx, i + 1, &shape.lon, &shape.lat)) return;
      fromlonlat = true;
      i += 2;
    } else if (iequals(a, "BYRADIUS") && left >= 2 && search && !bybox) {
      if (!parse_radius(ctx, i + 1, &shape)) return;
      byradius = true;
      i += 2;
    } else if (iequals(a, "BYBOX") && left >= 3 && search && !byradius) {
      if (!parse_box(ctx, i + 1, &shape)) return;
      bybox = true;
      i += 3;
    } else {
      return ctx.reply.error(err::kSyntax);
    }
  }
  if (!store_key.empty() && (withdist || withhash || withcoord))
    return ctx.reply.error(
        fmt::format("ERR {} is not compatible with WITHDIST, WITHHASH and WITHCOORD options",
                    flags & kSearchStore ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS"));
  if ((flags & kSearch) && !frommember && !fromlonlat)
    return ctx.reply.error(fmt::format(
        "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for {}", ctx.arg(0)));
  if ((flags & kSearch) && !byradius && !bybox)
    return ctx.reply.error(
        fmt::format("ERR exactly one of BYRADIUS and BYBOX can be specified for {}", ctx.arg(0)));
  if (any && !count) return ctx.reply.error("ERR the ANY argument requires COUNT argument");

  bool storing = (flags & kSearchStore) || !store_key.empty();
  if (!z) {
    if (!storing) return ctx.reply.array_len(0);
    if (ctx.db.del(store_key)) {
      key_modified(ctx, store_key);
      notify(ctx, kNotifyGeneric, "del", store_key);
    }
    return ctx.reply.integer(0);
  }
  // COUNT keeps the nearest ones: it implies ASC unless ANY asked for the first found.
  if (count && !sort && !any) sort = 1;
  std::vector<GeoPoint> found = search(*z, shape, any ? static_cast<size_t>(count) : 0);
  size_t returned = count && static_cast<size_t>(count) < found.size() ? static_cast<size_t>(count)
                                                                       : found.size();
  if (sort) {
    auto by_dist = [sort](const GeoPoint& a, const GeoPoint& b) {
      return sort > 0 ? a.dist < b.dist : a.dist > b.dist;
    };
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(returned),
                      found.end(), by_dist);
  }
  if (!storing) {
    size_t extras = withdist + withhash + withcoord;
    ctx.reply.array_len(returned);
    for (size_t i = 0; i < returned; ++i) {
      const GeoPoint& p = found[i];
      if (extras) ctx.reply.array_len(extras + 1);
      ctx.reply.bulk(p.member);
      if (withdist) reply_distance(ctx.reply, p.dist / shape.conversion);
      if (withhash) ctx.reply.integer(static_cast<long long>(p.score));
      if (withcoord) {
        ctx.reply.array_len(2);
        reply_coord(ctx.reply, p.lon);
        reply_coord(ctx.reply, p.lat);
      }
    }
    return;
  }
  std::vector<zset_cmd::Scored> items;
  for (size_t i = 0; i < returned; ++i)
    items.emplace_back(found[i].member,
                       storedist ? found[i].dist / shape.conversion : found[i].score);
  ZSet* out = zset_cmd::build_zset(ctx, items, true);
  zset_cmd::store_result(ctx, store_key, out,
                         flags & kSearch ? "geosearchstore" : "georadiusstore");
  ctx.reply.integer(static_cast<long long>(returned));
}

void CmdGeoRadius(CommandContext& ctx) { GeoSearchGeneric(ctx, kFromCoords); }
void CmdGeoRadiusRo(CommandContext& ctx) { GeoSearchGeneric(ctx, kFromCoords | kNoStore); }
void CmdGeoRadiusByMember(CommandContext& ctx) { GeoSearchGeneric(ctx, kFromMember); }
void CmdGeoRadiusByMemberRo(CommandContext& ctx) { GeoSearchGeneric(ctx, kFromMember | kNoStore); }
void CmdGeoSearch(CommandContext& ctx) { GeoSearchGeneric(ctx, kSearch); }
void CmdGeoSearchStore(CommandContext& ctx) { GeoSearchGeneric(ctx, kSearch | kSearchStore); }

// GEORADIUS / GEORADIUSBYMEMBER keys: the source, then any STORE / STOREDIST destination.
template <size_t first_option>
std::vector<size_t> georadius_keys(std::span<const std::string_view> argv) {
  std::vector<size_t> keys{1};
  for (size_t i = first_option; i + 1 < argv.size(); ++i) {
    if (iequals(argv[i], "STORE") || iequals(argv[i], "STOREDIST")) {
      keys.push_back(i + 1);
      break;
    }
  }
  return keys;
}

}  // namespace

void RegisterGeoFamily(CommandTable& t) {
  FamilyRows rows(t, "geo");
  const char* kSearchCx =
      "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area "
      "delimited by center and radius and M is the number of items inside the index.";
  const char* kBoxCx =
      "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around "
      "the shape provided as the filter and M is the number of items inside the shape";
  rows.add(
      {.name = "geoadd",
       .arity = -5,
       .flags = kCmdWrite | kCmdDenyOom,
       .keys = {1, 1, 1},
       .acl = "@write @geo @slow",
       .summary = "Add one or more geospatial items in the geospatial index represented using a "
                  "sorted set",
       .since = "3.2.0",
       .complexity =
           "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
       .usage = "key [NX | XX] [CH] <longitude latitude member> ...",
       .handler = CmdGeoAdd});
  rows.add({.name = "geodist",
            .arity = -4,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .acl = "@read @geo @slow",
            .summary = "Returns the distance between two members of a geospatial index",
            .since = "3.2.0",
            .complexity = "O(log(N))",
            .usage = "key member1 member2 [M | KM | FT | MI]",
            .handler = CmdGeoDist});
  rows.add({.name = "geohash",
            .arity = -2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .acl = "@read @geo @slow",
            .summary = "Returns members of a geospatial index as standard geohash strings",
            .since = "3.2.0",
            .complexity = "O(log(N)) for each member requested, where N is the number of elements "
                          "in the sorted set.",
            .usage = "key member ...",
            .handler = CmdGeoHash});
  rows.add({.name = "geopos",
            .arity = -2,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .acl = "@read @geo @slow",
            .summary = "Returns longitude and latitude of members of a geospatial index",
            .since = "3.2.0",
            .complexity = "O(N) where N is the number of members requested.",
            .usage = "key member ...",
            .handler = CmdGeoPos});
  rows.add({.name = "georadius",
            .arity = -6,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .key_finder = georadius_keys<6>,
            .acl = "@write @geo @slow",
            .summary = "Query a sorted set representing a geospatial index to fetch members "
                       "matching a given maximum distance from a point",
            .since = "3.2.0",
            .complexity = kSearchCx,
            .usage = "key longitude latitude radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] "
                     "[WITHHASH] [COUNT count [ANY]] [ASC | DESC] [STORE key] [STOREDIST key]",
            .handler = CmdGeoRadius});
  rows.add({.name = "georadius_ro",
            .arity = -6,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .acl = "@read @geo @slow",
            .summary = "A read-only variant for GEORADIUS",
            .since = "3.2.10",
            .complexity = kSearchCx,
            .usage = "key longitude latitude radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] "
                     "[WITHHASH] [COUNT count [ANY]] [ASC | DESC]",
            .handler = CmdGeoRadiusRo});
  rows.add({.name = "georadiusbymember",
            .arity = -5,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 1, 1},
            .key_finder = georadius_keys<5>,
            .acl = "@write @geo @slow",
            .summary = "Query a sorted set representing a geospatial index to fetch members "
                       "matching a given maximum distance from a member",
            .since = "3.2.0",
            .complexity = kSearchCx,
            .usage = "key member radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] "
                     "[COUNT count [ANY]] [ASC | DESC] [STORE key] [STOREDIST key]",
            .handler = CmdGeoRadiusByMember});
  rows.add({.name = "georadiusbymember_ro",
            .arity = -5,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .acl = "@read @geo @slow",
            .summary = "A read-only variant for GEORADIUSBYMEMBER",
            .since = "3.2.10",
            .complexity = kSearchCx,
            .usage = "key member radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] "
                     "[COUNT count [ANY]] [ASC | DESC]",
            .handler = CmdGeoRadiusByMemberRo});
  rows.add({.name = "geosearch",
            .arity = -7,
            .flags = kCmdReadonly,
            .keys = {1, 1, 1},
            .acl = "@read @geo @slow",
            .summary = "Query a sorted set representing a geospatial index to fetch members inside "
                       "an area of a box or a circle.",
            .since = "6.2.0",
            .complexity = kBoxCx,
            .usage = "key <FROMMEMBER member | <FROMLONLAT longitude latitude>> <<BYRADIUS radius "
                     "<M | KM | FT | MI>> | <BYBOX width height <M | KM | FT | MI>>> [ASC | DESC] "
                     "[COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]",
            .handler = CmdGeoSearch});
  rows.add({.name = "geosearchstore",
            .arity = -8,
            .flags = kCmdWrite | kCmdDenyOom,
            .keys = {1, 2, 1},
            .acl = "@write @geo @slow",
            .summary = "Query a sorted set representing a geospatial index to fetch members inside "
                       "an area of a box or a circle, and store the result in another key.",
            .since = "6.2.0",
            .complexity = kBoxCx,
            .usage = "destination source <FROMMEMBER member | <FROMLONLAT longitude latitude>> "
                     "<<BYRADIUS radius <M | KM | FT | MI>> | <BYBOX width height <M | KM | FT | "
                     "MI>>> [ASC | DESC] [COUNT count [ANY]] [STOREDIST]",
            .handler = CmdGeoSearchStore});
}

}  // namespace sable
