// Geohash arithmetic for geo sets (no RESP, no keyspace): a position becomes a cell number that
// interleaves 26 bits of latitude (even bit positions) with 26 bits of longitude (odd positions),
// each scaled over its range, so nearby points share prefixes and a 52-bit cell fits a sorted set
// score exactly. A search covers its shape with the cell around the centre, at a precision
// matched to the radius, and the eight neighbours of that cell, dropping those outside the
// shape's bounding box; the caller reads each cell's score range and keeps the points inside.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sable::geo {

// The range geo sets cover (latitudes beyond ±85.05112878 are outside the Web Mercator
// projection the scores assume).
inline constexpr double kLonMin = -180, kLonMax = 180;
inline constexpr double kLatMin = -85.05112878, kLatMax = 85.05112878;
inline constexpr int kSteps = 26;  // bits per coordinate in a score

struct Range {
  double min, max;
};

struct Hash {
  uint64_t bits = 0;
  int step = 0;  // bits per coordinate
  bool zero() const { return bits == 0 && step == 0; }
};

struct Area {
  Range lon, lat;
};

// The cell of `step` bits per coordinate holding a position (geo-set ranges by default).
Hash encode(double lon, double lat, int step = kSteps);
Hash encode(Range lon_r, Range lat_r, double lon, double lat, int step);
Area decode(const Hash& h);
// The position a score stands for: the centre of its cell.
void score_to_lonlat(double score, double* lon, double* lat);
// The score range [*min, *max) of the positions inside a cell.
void score_range(const Hash& h, double* min, double* max);
// The cell one step east/west (d_lon) and/or north/south (d_lat), wrapping around.
Hash move(Hash h, int d_lon, int d_lat);
// The standard 11-character base-32 geohash of a position (latitude over ±90).
std::string to_string(double lon, double lat);

// Great-circle distance in metres (haversine on Redis's earth radius), and along a meridian.
double distance(double lon1, double lat1, double lon2, double lat2);
double lat_distance(double lat1, double lat2);

// A search area: a circle of `radius`, or a box `width` × `height`, around (lon, lat), in a unit
// of `conversion` metres.
struct Shape {
  bool box = false;
  double lon = 0, lat = 0;
  double conversion = 1;
  double radius = 0, width = 0, height = 0;
};

// Whether a point is inside the shape; *dist receives its distance from the centre (metres).
bool within(const Shape& s, double lon, double lat, double* dist);
// The cell precision for a search of this radius at this latitude.
int steps_for_radius(double meters, double lat);
// The nine cells to scan, in order: centre, N, S, E, W, NE, NW, SE, SW (zero() when dropped).
std::vector<Hash> search_cells(const Shape& s);

}  // namespace sable::geo
