// Geohash arithmetic for geo sets (see geohash.h).
#include "datatypes/geohash.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace sable::geo {
namespace {

constexpr double kEarthRadius = 6372797.560856;  // metres, as Redis uses
constexpr double kMercatorMax = 20037726.37;     // half the projected equator, metres
constexpr Range kLonRange{kLonMin, kLonMax}, kLatRange{kLatMin, kLatMax};

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

double deg_rad(double d) { return d * (M_PI / 180.0); }
double rad_deg(double r) { return r / (M_PI / 180.0); }

}  // namespace

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
  Area a = decode({static_cast<uint64_t>(score), kSteps});
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
  if (meters == 0) return kSteps;
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
  return std::clamp(step, 1, kSteps);
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

void score_range(const Hash& h, double* min, double* max) {
  int shift = 52 - h.step * 2;
  *min = static_cast<double>(h.bits << shift);
  *max = static_cast<double>((h.bits + 1) << shift);
}

std::string to_string(double lon, double lat) {
  static const char kAlphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
  uint64_t bits = encode({-180, 180}, {-90, 90}, lon, lat, kSteps).bits;
  std::string out(11, '0');
  for (int k = 0; k < 10; ++k)
    out[static_cast<size_t>(k)] = kAlphabet[(bits >> (52 - (k + 1) * 5)) & 0x1F];
  return out;  // 52 bits fill ten characters; the eleventh stays '0'
}

}  // namespace sable::geo
