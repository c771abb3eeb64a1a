// Geo commands: a geo set is a sorted set whose scores are 52-bit geohashes of the members'
// positions. So far only GEOADD (the other GEO* readers are still to come).
#include <fmt/format.h>

#include <string>
#include <vector>

#include "server/commands/common.h"

namespace sable {
namespace {

// The WGS84 range Redis's geohash covers (latitudes beyond ±85.05112878 are not representable
// in the Web Mercator projection geo sets assume).
constexpr double kLonMin = -180, kLonMax = 180;
constexpr double kLatMin = -85.05112878, kLatMax = 85.05112878;
constexpr int kGeoSteps = 26;  // bits per coordinate: 52-bit scores fit a double exactly

// Spreads the 32 bits of v over the even bit positions of a 64-bit word.
uint64_t spread_bits(uint32_t v) {
  uint64_t x = v;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FULL;
  x = (x | (x << 2)) & 0x3333333333333333ULL;
  x = (x | (x << 1)) & 0x5555555555555555ULL;
  return x;
}

// The geohash of a position: each coordinate scaled to 26 bits within its range, latitude bits
// at the even positions and longitude bits at the odd ones.
uint64_t geohash_encode(double lon, double lat) {
  double lat_offset =
      (lat - kLatMin) / (kLatMax - kLatMin) * static_cast<double>(1ULL << kGeoSteps);
  double lon_offset =
      (lon - kLonMin) / (kLonMax - kLonMin) * static_cast<double>(1ULL << kGeoSteps);
  return spread_bits(static_cast<uint32_t>(lat_offset)) |
         (spread_bits(static_cast<uint32_t>(lon_offset)) << 1);
}

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
    } else if (iequals(a, "CH")) {
    } else {
      break;
    }
    zargs.emplace_back(a);
  }
  if ((ctx.argc() - i) % 3 != 0 || (nx && xx)) return ctx.reply.error(err::kSyntax);
  for (; i < ctx.argc(); i += 3) {
    double lon, lat;
    if (!parse_double(ctx.arg(i), &lon) || !parse_double(ctx.arg(i + 1), &lat))
      return ctx.reply.error("ERR value is not a valid float");
    if (lon < kLonMin || lon > kLonMax || lat < kLatMin || lat > kLatMax)
      return ctx.reply.error(
          fmt::format("ERR invalid longitude,latitude pair {:f},{:f}", lon, lat));
    zargs.push_back(std::to_string(geohash_encode(lon, lat)));
    zargs.emplace_back(ctx.arg(i + 2));
  }
  const CommandSpec* zadd = ctx.server.commands.find("zadd");
  std::vector<std::string_view> argv(zargs.begin(), zargs.end());
  CommandContext zctx{ctx.server, ctx.client, argv, ctx.reply, ctx.db, *zadd};
  zadd->handler(zctx);
}

}  // namespace

void RegisterGeoFamily(CommandTable& t) {
  FamilyRows add(t, "geo");
  CommandSpec& geoadd =
      add("geoadd", -5, kCmdWrite | kCmdDenyOom, 1, 1, 1, CmdGeoAdd,
          "Add one or more geospatial items in the geospatial index represented using a sorted set",
          "3.2.0",
          "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
          "write geo");
  geoadd.usage = "key [NX | XX] [CH] <longitude latitude member> ...";
}

}  // namespace sable
