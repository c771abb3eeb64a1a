// Geo commands: a geo set is a sorted set whose scores are 52-bit geohashes of the members'
// positions (GEOADD GEOPOS GEODIST GEOHASH GEORADIUS[BYMEMBER][_RO] GEOSEARCH[STORE]).
//
// A geohash interleaves 26 bits of latitude (even bit positions) with 26 bits of longitude (odd
// positions), each scaled over its range, so nearby points share score prefixes. A search finds
// the grid cell around the centre at a precision matched to the radius, takes it and its eight
// neighbours (dropping those outside the search's bounding box), reads each cell's score range
// from the sorted set in order and keeps the members within the shape. The unsorted reply order
// is therefore that cell order, as in Redis.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "server/commands/zset_common.h"

namespace sable {
namespace {

// ---------------------------------------------------------------------------------------------
// Geohash arithmetic

// The WGS84 range Redis's geohash covers (latitudes beyond ±85.05112878 are not representable
// in the Web Mercator projection geo sets assume).
constexpr double kLonMin = -180, kLonMax = 180;
constexpr double kLatMin = -85.05112878, kLatMax = 85.05112878;
constexpr int kGeoSteps = 26;  // bits per coordinate: 52-bit scores fit a double exactly
constexpr double kEarthRadius = 6372797.560856;  // metres, as Redis uses
constexpr double kMercatorMax = 20037726.37;

struct Range {
  double min, max;
};
constexpr Range kLonRange{kLonMin, kLonMax}, kLatRange{kLatMin, kLatMax};

struct Hash {
  uint64_t bits = 0;
  int step = 0;  // bits per coordinate
  bool zero() const { return bits == 0 && step == 0; }
};

struct Area {
  Range lon, lat;
};

// Spreads the 32 bits of v over the even bit positions of a 64-bit word, and back.
uint64_t spread_bits(uint32_t v) {
  uint64_t x = v;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FULL;
  x = (x | (x << 2)) & 0x3333333333333333ULL;
  x = (x | (x << 1)) & 0x5555555555555555ULL;
  return x;
}
uint32_t squash_bits(uint64_t x) {
  x &= 0x5555555555555555ULL;
  x = (x | (x >> 1)) & 0x3333333333333333ULL;
  x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0FULL;
  x = (x | (x >> 4)) & 0x00FF00FF00FF00FFULL;
  x = (x | (x >> 8)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x >> 16)) & 0x00000000FFFFFFFFULL;
  return static_cast<uint32_t>(x);
}

// The cell of `step` bits per coordinate holding a position.
Hash encode(Range lon_r, Range lat_r, double lon, double lat, int step) {
  double lat_offset =
      (lat - lat_r.min) / (lat_r.max - lat_r.min) * static_cast<double>(1ULL << step);
  double lon_offset =
      (lon - lon_r.min) / (lon_r.max - lon_r.min) * static_cast<double>(1ULL << step);
  return {spread_bits(static_cast<uint32_t>(lat_offset)) |
              (spread_bits(static_cast<uint32_t>(lon_offset)) << 1),
          step};
}
Hash encode(double lon, double lat, int step) {
  return encode(kLonRange, kLatRange, lon, lat, step);
}

Area decode(const Hash& h) {
  uint32_t ilat = squash_bits(h.bits), ilon = squash_bits(h.bits >> 1);
  double cells = static_cast<double>(1ULL << h.step);
  double lat_w = kLatMax - kLatMin, lon_w = kLonMax - kLonMin;
  return {{kLonMin + ilon / cells * lon_w, kLonMin + (ilon + 1.0) / cells * lon_w},
          {kLatMin + ilat / cells * lat_w, kLatMin + (ilat + 1.0) / cells * lat_w}};
}

// The position a score stands for: the centre of its cell.
void score_to_lonlat(double score, double* lon, double* lat) {
  Area a = decode({static_cast<uint64_t>(score), kGeoSteps});
  *lon = std::clamp((a.lon.min + a.lon.max) / 2, kLonMin, kLonMax);
  *lat = std::clamp((a.lat.min + a.lat.max) / 2, kLatMin, kLatMax);
}

// Moves a cell one step east/west (d_lon) or north/south (d_lat), wrapping around.
Hash move(Hash h, int d_lon, int d_lat) {
  const unsigned shift = 64 - static_cast<unsigned>(h.step) * 2;
  uint64_t lon = h.bits & 0xAAAAAAAAAAAAAAAAULL, lat = h.bits & 0x5555555555555555ULL;
  if (d_lon) {
    uint64_t fill = 0x5555555555555555ULL >> shift;
    if (d_lon > 0) {
      lon += fill + 1;
    } else {
      lon |= fill;
      lon -= fill + 1;
    }
    lon &= 0xAAAAAAAAAAAAAAAAULL >> shift;
  }
  if (d_lat) {
    uint64_t fill = 0xAAAAAAAAAAAAAAAAULL >> shift;
    if (d_lat > 0) {
      lat += fill + 1;
    } else {
      lat |= fill;
      lat -= fill + 1;
    }
    lat &= 0x5555555555555555ULL >> shift;
  }
  return {lon | lat, h.step};
}

double deg_rad(double d) { return d * (M_PI / 180.0); }
double rad_deg(double r) { return r / (M_PI / 180.0); }

double lat_distance(double lat1, double lat2) {
  return kEarthRadius * std::fabs(deg_rad(lat2) - deg_rad(lat1));
}

// Great-circle distance in metres (haversine).
double distance(double lon1, double lat1, double lon2, double lat2) {
  double v = std::sin((deg_rad(lon2) - deg_rad(lon1)) / 2);
  if (v == 0.0) return lat_distance(lat1, lat2);
  double u = std::sin((deg_rad(lat2) - deg_rad(lat1)) / 2);
  double a = u * u + std::cos(deg_rad(lat1)) * std::cos(deg_rad(lat2)) * v * v;
  return 2.0 * kEarthRadius * std::asin(std::sqrt(a));
}

// ---------------------------------------------------------------------------------------------
// Search shapes

struct Shape {
  bool box = false;
  double lon = 0, lat = 0;
  double conversion = 1;                     // metres per unit
  double radius = 0, width = 0, height = 0;  // in the unit
};

// Whether a point is inside the shape; *dist receives its distance from the centre (metres).
bool within(const Shape& s, double lon, double lat, double* dist) {
  if (!s.box) {
    *dist = distance(s.lon, s.lat, lon, lat);
    return *dist <= s.radius * s.conversion;
  }
  if (lat_distance(lat, s.lat) > s.height * s.conversion / 2) return false;
  if (distance(lon, lat, s.lon, lat) > s.width * s.conversion / 2) return false;
  *dist = distance(s.lon, s.lat, lon, lat);
  return true;
}

// The cell size for a search of this radius: the finest at which a cell is still wider than it.
int steps_for_radius(double meters, double lat) {
  if (meters == 0) return kGeoSteps;
  int step = 1;
  while (meters < kMercatorMax) {
    meters *= 2;
    ++step;
  }
  step -= 2;  // leave room so the centre cell and its neighbours cover the radius
  if (lat > 66 || lat < -66) {
    --step;  // cells narrow towards the poles
    if (lat > 80 || lat < -80) --step;
  }
  return std::clamp(step, 1, kGeoSteps);
}

// The centre cell and its neighbours in scan order: centre, N, S, E, W, NE, NW, SE, SW, with the
// ones outside the shape's bounding box zeroed.
std::vector<Hash> search_cells(const Shape& s) {
  double half_h = s.conversion * (s.box ? s.height / 2 : s.radius);
  double half_w = s.conversion * (s.box ? s.width / 2 : s.radius);
  double lat_delta = rad_deg(half_h / kEarthRadius);
  double lon_delta_top = rad_deg(half_w / kEarthRadius / std::cos(deg_rad(s.lat + lat_delta)));
  double lon_delta_bottom = rad_deg(half_w / kEarthRadius / std::cos(deg_rad(s.lat - lat_delta)));
  // The wider edge of the box is the one nearer the equator.
  double lon_delta = s.lat < 0 ? lon_delta_bottom : lon_delta_top;
  double min_lon = s.lon - lon_delta, max_lon = s.lon + lon_delta;
  double min_lat = s.lat - lat_delta, max_lat = s.lat + lat_delta;
  double radius_m = s.box ? std::sqrt(half_w * half_w + half_h * half_h) : half_w;

  int steps = steps_for_radius(radius_m, s.lat);
  Hash centre = encode(s.lon, s.lat, steps);
  auto neighbours = [](const Hash& c) {
    return std::vector<Hash>{c,
                             move(c, 0, 1),
                             move(c, 0, -1),
                             move(c, 1, 0),
                             move(c, -1, 0),
                             move(c, 1, 1),
                             move(c, -1, 1),
                             move(c, 1, -1),
                             move(c, -1, -1)};
  };
  std::vector<Hash> cells = neighbours(centre);
  // Near a cell edge the estimate can be one step too fine to cover the box: go coarser.
  Area n = decode(cells[1]), so = decode(cells[2]), e = decode(cells[3]), w = decode(cells[4]);
  if (steps > 1 &&
      (n.lat.max < max_lat || so.lat.min > min_lat || e.lon.max < max_lon || w.lon.min > min_lon)) {
    --steps;
    centre = encode(s.lon, s.lat, steps);
    cells = neighbours(centre);
  }
  Area a = decode(centre);
  if (steps >= 2) {
    auto drop = [&](std::initializer_list<int> which) {
      for (int i : which) cells[static_cast<size_t>(i)] = Hash{};
    };
    if (a.lat.min < min_lat) drop({2, 7, 8});  // the south row is outside
    if (a.lat.max > max_lat) drop({1, 5, 6});  // the north row
    if (a.lon.min < min_lon) drop({4, 8, 6});  // the west column
    if (a.lon.max > max_lon) drop({3, 7, 5});  // the east column
  }
  return cells;
}

struct GeoPoint {
  std::string member;
  double score, dist, lon, lat;
};

// Members of the set inside the shape, in cell order; stops at `limit` when non-zero (ANY).
std::vector<GeoPoint> search(const ZSet& z, const Shape& s, size_t limit) {
  std::vector<GeoPoint> out;
  std::vector<Hash> cells = search_cells(s);
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
    int shift = 52 - h.step * 2;
    ZScoreRange r{static_cast<double>(h.bits << shift), static_cast<double>((h.bits + 1) << shift),
                  false, true};
    for (ZSet::Iter it = z.first_in(r, false); it.valid() && r.below_max(it.score()); it.next()) {
      GeoPoint p{std::string(), it.score(), 0, 0, 0};
      score_to_lonlat(p.score, &p.lon, &p.lat);
      if (!within(s, p.lon, p.lat, &p.dist)) continue;
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
  score_to_lonlat(score, lon, lat);
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
    zargs.push_back(std::to_string(encode(lon, lat, kGeoSteps).bits));
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
  reply_distance(ctx.reply, distance(lon1, lat1, lon2, lat2) / conversion);
}

// GEOHASH key [member ...]: standard 11-character geohashes (latitude over ±90, unlike scores).
void CmdGeoHash(CommandContext& ctx) {
  static const char kAlphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
  ZSet* z;
  if (!zset_cmd::find_zset(ctx, ctx.arg(1), &z)) return;
  ctx.reply.array_len(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    double lon, lat;
    if (!member_lonlat(z, ctx.arg(i), &lon, &lat)) {
      ctx.reply.null();
      continue;
    }
    uint64_t bits = encode({-180, 180}, {-90, 90}, lon, lat, kGeoSteps).bits;
    char buf[11];
    for (int k = 0; k < 11; ++k)
      buf[k] = k == 10 ? '0' : kAlphabet[(bits >> (52 - (k + 1) * 5)) & 0x1F];
    ctx.reply.bulk(std::string_view(buf, 11));
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
  FamilyRows add(t, "geo");
  const uint32_t R = kCmdReadonly, W = kCmdWrite | kCmdDenyOom;
  const char* kSearchCx =
      "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area "
      "delimited by center and radius and M is the number of items inside the index.";
  const char* kBoxCx =
      "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around "
      "the shape provided as the filter and M is the number of items inside the shape";
  const char* kRadiusOpts = "[WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC]";
  const char* kFromBy =
      "<FROMMEMBER member | <FROMLONLAT longitude latitude>> <<BYRADIUS radius <M | KM | FT | MI>> "
      "| <BYBOX width height <M | KM | FT | MI>>> [ASC | DESC] [COUNT count [ANY]]";
  struct Row {
    const char* name;
    int arity;
    uint32_t flags;
    int last;
    Handler h;
    const char* summary;
    const char* since;
    const char* complexity;
    std::string usage;
  } rows[] = {
      {"geoadd", -5, W, 1, CmdGeoAdd,
       "Add one or more geospatial items in the geospatial index represented using a sorted set",
       "3.2.0",
       "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
       "key [NX | XX] [CH] <longitude latitude member> ..."},
      {"geodist", -4, R, 1, CmdGeoDist,
       "Returns the distance between two members of a geospatial index", "3.2.0", "O(log(N))",
       "key member1 member2 [M | KM | FT | MI]"},
      {"geohash", -2, R, 1, CmdGeoHash,
       "Returns members of a geospatial index as standard geohash strings", "3.2.0",
       "O(log(N)) for each member requested, where N is the number of elements in the sorted set.",
       "key member ..."},
      {"geopos", -2, R, 1, CmdGeoPos,
       "Returns longitude and latitude of members of a geospatial index", "3.2.0",
       "O(N) where N is the number of members requested.", "key member ..."},
      {"georadius", -6, W, 1, CmdGeoRadius,
       "Query a sorted set representing a geospatial index to fetch members matching a given "
       "maximum distance from a point",
       "3.2.0", kSearchCx,
       std::string("key longitude latitude radius <M | KM | FT | MI> ") + kRadiusOpts +
           " [STORE key] [STOREDIST key]"},
      {"georadius_ro", -6, R, 1, CmdGeoRadiusRo, "A read-only variant for GEORADIUS", "3.2.10",
       kSearchCx, std::string("key longitude latitude radius <M | KM | FT | MI> ") + kRadiusOpts},
      {"georadiusbymember", -5, W, 1, CmdGeoRadiusByMember,
       "Query a sorted set representing a geospatial index to fetch members matching a given "
       "maximum distance from a member",
       "3.2.0", kSearchCx,
       std::string("key member radius <M | KM | FT | MI> ") + kRadiusOpts +
           " [STORE key] [STOREDIST key]"},
      {"georadiusbymember_ro", -5, R, 1, CmdGeoRadiusByMemberRo,
       "A read-only variant for GEORADIUSBYMEMBER", "3.2.10", kSearchCx,
       std::string("key member radius <M | KM | FT | MI> ") + kRadiusOpts},
      {"geosearch", -7, R, 1, CmdGeoSearch,
       "Query a sorted set representing a geospatial index to fetch members inside an area of a "
       "box or a circle.",
       "6.2.0", kBoxCx, std::string("key ") + kFromBy + " [WITHCOORD] [WITHDIST] [WITHHASH]"},
      {"geosearchstore", -8, W, 2, CmdGeoSearchStore,
       "Query a sorted set representing a geospatial index to fetch members inside an area of a "
       "box or a circle, and store the result in another key.",
       "6.2.0", kBoxCx, std::string("destination source ") + kFromBy + " [STOREDIST]"},
  };
  for (const Row& r : rows) {
    const char* acl = r.flags & kCmdWrite ? "write geo" : "read geo";
    CommandSpec& c =
        add(r.name, r.arity, r.flags, 1, r.last, 1, r.h, r.summary, r.since, r.complexity, acl);
    c.usage = r.usage;
  }
  for (const char* name : {"georadius", "georadiusbymember"}) {
    CommandSpec* c = t.find_mutable(name);
    c->flags |= kCmdMovableKeys;
    c->get_keys = std::string_view(name) == "georadius" ? georadius_keys<6> : georadius_keys<5>;
  }
}

}  // namespace sable
