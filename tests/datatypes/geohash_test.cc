// Geohash arithmetic: scores, cell centres, neighbours and search cells, against values Redis 7.0
// gives for the same positions.
#include "datatypes/geohash.h"

#include <catch.hpp>
#include <cmath>

using namespace sable::geo;

TEST_CASE("geohash scores and decoding match Redis", "[geo]") {
  CHECK(encode(13.361389, 38.115556).bits == 3479099956230698ULL);  // GEOADD Palermo
  CHECK(encode(180, 85.05112878).bits == 13510798882111488ULL);     // the far corner
  CHECK(encode(-180, -85.05112878).bits == 0);
  double lon, lat;
  score_to_lonlat(3479099956230698.0, &lon, &lat);
  CHECK(std::fabs(lon - 13.36138933897018433) < 1e-12);  // GEOPOS Palermo
  CHECK(std::fabs(lat - 38.11555639549629859) < 1e-12);
  CHECK(to_string(lon, lat) == "sqc8b49rny0");  // GEOHASH Palermo
}

TEST_CASE("geohash distances use Redis's earth radius", "[geo]") {
  double d = distance(13.361389, 38.115556, 15.087269, 37.502669);
  CHECK(std::fabs(d - 166274.1516) < 0.5);  // GEODIST Palermo Catania
  CHECK(distance(10, 20, 10, 20) == 0);
  CHECK(lat_distance(0, 1) == Approx(111226.3).epsilon(1e-5));
}

TEST_CASE("geohash cells move and cover a search", "[geo]") {
  Hash h = encode(0.5, 0.5, 4);
  Hash east = move(h, 1, 0), west = move(east, -1, 0);
  CHECK(west.bits == h.bits);
  Area a = decode(h), e = decode(east);
  CHECK(e.lon.min == Approx(a.lon.max));
  CHECK(e.lat.min == Approx(a.lat.min));
  Hash north = move(h, 0, 1);
  CHECK(decode(north).lat.min == Approx(a.lat.max));
  double lo, hi;
  score_range(encode(0.5, 0.5, kSteps), &lo, &hi);
  CHECK(hi - lo == 1);

  CHECK(steps_for_radius(0, 0) == kSteps);
  CHECK(steps_for_radius(1000, 0) > steps_for_radius(100000, 0));
  CHECK(steps_for_radius(1000, 85) < steps_for_radius(1000, 0));  // coarser near the poles
  Shape s;
  s.lon = -73.9798091;
  s.lat = 40.7598464;
  s.radius = 3;
  s.conversion = 1000;
  auto cells = search_cells(s);
  REQUIRE(cells.size() == 9);
  CHECK_FALSE(cells[0].zero());
  // Every point within the radius lies in one of the cells kept.
  for (double dl = -0.03; dl <= 0.03; dl += 0.005) {
    for (double dm = -0.03; dm <= 0.03; dm += 0.005) {
      double dist;
      if (!within(s, s.lon + dl, s.lat + dm, &dist)) continue;
      uint64_t score = encode(s.lon + dl, s.lat + dm).bits;
      bool covered = false;
      for (const Hash& c : cells) {
        if (c.zero()) continue;
        double mn, mx;
        score_range(c, &mn, &mx);
        covered = covered || (score >= mn && score < mx);
      }
      CHECK(covered);
    }
  }
}
