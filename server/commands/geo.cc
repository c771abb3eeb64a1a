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

// Reads "longitude latitude" and checks they are on the map.
void next_lonlat(ArgCursor& a, double* lon, double* lat) {
  *lon = a.next<double>();
  *lat = a.next<double>();
  if (a.ok() && (*lon < kLonMin || *lon > kLonMax || *lat < kLatMin || *lat > kLatMax))
    a.fail(fmt::format(err::kGeoLonLatFmt, *lon, *lat));
}

// Reads a unit (M KM FT MI, any case) and returns metres per unit.
double next_unit(ArgCursor& a) {
  static constexpr double kMetres[] = {1, 1000, 0.3048, 1609.34};
  int u = a.match_one_of({"M", "KM", "FT", "MI"});
  a.check(u >= 0, err::kGeoUnit);
  return u >= 0 ? kMetres[u] : 1;
}

// Reads "radius unit" (GEORADIUS, BYRADIUS).
void next_radius(ArgCursor& a, Shape* s) {
  s->radius = a.next<double>(err::kGeoRadiusNotNumeric);
  a.check(!(s->radius < 0), err::kGeoRadiusNegative);
  s->box = false;
  s->conversion = next_unit(a);
}

// Reads "width height unit" (BYBOX).
void next_box(ArgCursor& a, Shape* s) {
  s->width = a.next<double>(err::kGeoWidthNotNumeric);
  s->height = a.next<double>(err::kGeoHeightNotNumeric);
  a.check(!(s->width < 0 || s->height < 0), err::kGeoBoxNegative);
  s->box = true;
  s->conversion = next_unit(a);
}

// The position of a member, from its score.
bool member_lonlat(const ZSet* z, std::string_view member, double* lon, double* lat) {
  double score;
  if (!z || !z->score(member, &score)) return false;
  geo::score_to_lonlat(score, lon, lat);
  return true;
}

// Reads a member and centres the shape on it (GEORADIUSBYMEMBER, FROMMEMBER).
void next_member_center(ArgCursor& a, const ZSet* z, Shape* s) {
  std::string_view member = a.next();
  if (a.ok()) a.check(member_lonlat(z, member, &s->lon, &s->lat), err::kGeoNoMember);
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
  ArgCursor a(ctx.argv, 2);
  bool nx = false, xx = false;
  std::vector<std::string> zargs{"zadd", std::string(ctx.arg(1))};
  for (int k; (k = a.match_one_of({"NX", "XX", "CH"})) >= 0;) {
    nx |= k == 0;
    xx |= k == 1;
    zargs.emplace_back(ctx.arg(a.pos() - 1));
  }
  if (a.remaining() % 3 != 0 || (nx && xx)) return ctx.reply.error(err::kSyntax);
  for (double lon, lat; !a.done();) {
    next_lonlat(a, &lon, &lat);
    if (!a.ok()) return ctx.reply.error(a.error());
    zargs.push_back(std::to_string(geo::encode(lon, lat).bits));
    zargs.emplace_back(a.next());  // the member
  }
  const CommandSpec* zadd = ctx.server.commands.find_original("zadd");
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
  // The unit is positional (argv[4]), read before the lookup.
  if (ctx.argc() > 5) return ctx.reply.error(err::kSyntax);
  ArgCursor a(ctx.argv, 4);
  double conversion = a.done() ? 1 : next_unit(a);
  if (!a.ok()) return ctx.reply.error(a.error());
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

// A parsed GEORADIUS / GEOSEARCH request.
struct GeoQuery {
  Shape shape;
  bool store = false, storedist = false;
  std::string_view store_key;
  bool withdist = false, withhash = false, withcoord = false, any = false;
  int sort = 0;  // 1 ASC, -1 DESC
  int64_t count = 0;
};

// Reads the fixed arguments before the options: GEORADIUS's centre and radius, or
// GEORADIUSBYMEMBER's (skipped when the key is missing, as Redis does), or GEOSEARCHSTORE's
// destination. Leaves `a` at the first option.
void parse_geo_base(CommandContext& ctx, unsigned flags, const ZSet* z, ArgCursor& a, GeoQuery* q) {
  if (flags & kFromCoords) {
    next_lonlat(a, &q->shape.lon, &q->shape.lat);
    next_radius(a, &q->shape);
  } else if ((flags & kFromMember) && z) {
    next_member_center(a, z, &q->shape);
    next_radius(a, &q->shape);
  } else if (flags & kFromMember) {
    a.take(3);
  } else if (flags & kSearchStore) {
    q->store = true;
    q->store_key = ctx.arg(1);
  }
}

// Parses the whole request in Redis's order: the fixed arguments, each option as it comes
// (a member, position, radius or box is checked where it stands), then the conflicts. Replies
// the error and returns false on bad input.
bool parse_geo_query(CommandContext& ctx, unsigned flags, const ZSet* z, GeoQuery* q) {
  ArgCursor a(ctx.argv, flags & kSearchStore ? 3 : 2);
  parse_geo_base(ctx, flags, z, a, q);
  bool search = flags & kSearch;
  bool from_member = false, from_lonlat = false, by_radius = false, by_box = false;
  while (!a.done()) {
    int k;
    if ((k = a.match_one_of({"WITHDIST", "WITHHASH", "WITHCOORD", "ANY"})) >= 0) {
      bool* flag[] = {&q->withdist, &q->withhash, &q->withcoord, &q->any};
      *flag[k] = true;
    } else if ((k = a.match_one_of({"ASC", "DESC"})) >= 0) {
      q->sort = k == 0 ? 1 : -1;
    } else if (a.match("COUNT", 1)) {
      q->count = a.next<int64_t>();
      a.check(q->count > 0, err::kGeoCountNotPositive);
    } else if (!(flags & kNoStore) && !search &&
               (k = a.match_one_of({"STORE", "STOREDIST"}, 1)) >= 0) {
      q->store = true;
      q->storedist = k == 1;
      q->store_key = a.next();
    } else if ((flags & kSearchStore) && a.match("STOREDIST")) {
      q->storedist = true;
    } else if (search && !from_lonlat && a.match("FROMMEMBER", 1)) {
      if (z)
        next_member_center(a, z, &q->shape);
      else
        a.next();  // no source key: the reply is empty whatever the member
      from_member = true;
    } else if (search && !from_member && a.match("FROMLONLAT", 2)) {
      next_lonlat(a, &q->shape.lon, &q->shape.lat);
      from_lonlat = true;
    } else if (search && !by_box && a.match("BYRADIUS", 2)) {
      next_radius(a, &q->shape);
      by_radius = true;
    } else if (search && !by_radius && a.match("BYBOX", 3)) {
      next_box(a, &q->shape);
      by_box = true;
    } else {
      a.fail(err::kSyntax);
    }
  }
  if (q->store && (q->withdist || q->withhash || q->withcoord))
    a.fail(flags & kSearchStore ? err::kGeoSearchStoreWith : err::kGeoRadiusStoreWith);
  if (a.ok() && search && !from_member && !from_lonlat)
    a.fail(fmt::format(err::kGeoNeedsFromFmt, ctx.arg(0)));
  if (a.ok() && search && !by_radius && !by_box)
    a.fail(fmt::format(err::kGeoNeedsByFmt, ctx.arg(0)));
  a.check(!q->any || q->count, err::kGeoAnyNeedsCount);
  if (!a.ok()) ctx.reply.error(a.error());
  return a.ok();
}

// Replies the found points with the WITH… extras.
void reply_points(CommandContext& ctx, const GeoQuery& q, const std::vector<GeoPoint>& found,
                  size_t n) {
  size_t extras = q.withdist + q.withhash + q.withcoord;
  ctx.reply.array_len(n);
  for (size_t i = 0; i < n; ++i) {
    const GeoPoint& p = found[i];
    if (extras) ctx.reply.array_len(extras + 1);
    ctx.reply.bulk(p.member);
    if (q.withdist) reply_distance(ctx.reply, p.dist / q.shape.conversion);
    if (q.withhash) ctx.reply.integer(static_cast<long long>(p.score));
    if (q.withcoord) {
      ctx.reply.array_len(2);
      reply_coord(ctx.reply, p.lon);
      reply_coord(ctx.reply, p.lat);
    }
  }
}

// The GEORADIUS / GEOSEARCH family; `flags` says which grammar.
void GeoSearchGeneric(CommandContext& ctx, unsigned flags) {
  ZSet* z;
  if (!zset_cmd::find_zset(ctx, ctx.arg(flags & kSearchStore ? 2 : 1), &z)) return;
  GeoQuery q;
  if (!parse_geo_query(ctx, flags, z, &q)) return;
  if (!z) {
    if (!q.store) return ctx.reply.array_len(0);
    // The destination is replaced by the empty result: deleted, when it existed.
    if (ctx.db.del(q.store_key)) touched(ctx, kNotifyGeneric, "del", q.store_key);
    return ctx.reply.integer(0);
  }
  // COUNT keeps the nearest ones: it implies ASC unless ANY asked for the first found.
  if (q.count && !q.sort && !q.any) q.sort = 1;
  std::vector<GeoPoint> found = search(*z, q.shape, q.any ? static_cast<size_t>(q.count) : 0);
  size_t n = q.count ? std::min(static_cast<size_t>(q.count), found.size()) : found.size();
  if (q.sort) {
    auto by_dist = [&q](const GeoPoint& a, const GeoPoint& b) {
      return q.sort > 0 ? a.dist < b.dist : a.dist > b.dist;
    };
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(),
                      by_dist);
  }
  if (!q.store) return reply_points(ctx, q, found, n);
  std::vector<zset_cmd::Scored> items;
  for (size_t i = 0; i < n; ++i)
    items.emplace_back(found[i].member,
                       q.storedist ? found[i].dist / q.shape.conversion : found[i].score);
  zset_cmd::store_result(ctx, q.store_key, zset_cmd::build_zset(ctx, items, true),
                         flags & kSearch ? "geosearchstore" : "georadiusstore");
  ctx.reply.integer(static_cast<long long>(n));
}

void CmdGeoRadius(CommandContext& ctx) { GeoSearchGeneric(ctx, kFromCoords); }
void CmdGeoRadiusRo(CommandContext& ctx) { GeoSearchGeneric(ctx, kFromCoords | kNoStore); }
void CmdGeoRadiusByMember(CommandContext& ctx) { GeoSearchGeneric(ctx, kFromMember); }
void CmdGeoRadiusByMemberRo(CommandContext& ctx) { GeoSearchGeneric(ctx, kFromMember | kNoStore); }
void CmdGeoSearch(CommandContext& ctx) { GeoSearchGeneric(ctx, kSearch); }
void CmdGeoSearchStore(CommandContext& ctx) { GeoSearchGeneric(ctx, kSearch | kSearchStore); }

// GEORADIUS / GEORADIUSBYMEMBER keys: the source, then any STORE / STOREDIST destination. A key
// finder scans the raw arguments (no error to capture, first match wins), so it needs no cursor.
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
       .key_specs = "RW update | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0; OW update | keyword STORE 6 | range 0 "
                         "1 0; OW update | keyword STOREDIST 6 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0; OW update | keyword STORE 5 | range 0 "
                         "1 0; OW update | keyword STOREDIST 5 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "RO access | index 1 | range 0 1 0",
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
            .key_specs = "OW update | index 1 | range 0 1 0; RO access | index 2 | range 0 1 0",
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
