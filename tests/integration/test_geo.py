"""GEOADD against Redis 7.0: geohash scores, options and errors, byte for byte."""
import random

from harness import run_tests


def test_geoadd_scores_identical(s):
    rnd = random.Random(7)
    for i in range(300):
        lon = rnd.uniform(-180, 180)
        lat = rnd.uniform(-85.05112878, 85.05112878)
        s.same("GEOADD", "g", "%.6f" % lon, "%.6f" % lat, "m%d" % i)
    for lon, lat in [("180", "85.05112878"), ("-180", "-85.05112878"), ("0", "0"),
                     ("13.361389", "38.115556"), ("-0.0001", "0.0001")]:
        s.same("GEOADD", "g", lon, lat, "edge")
        s.same("ZSCORE", "g", "edge")
    s.same("ZRANGE", "g", "0", "-1", "WITHSCORES")


def test_geoadd_options_and_errors(s):
    s.same("GEOADD", "g", "CH", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669",
           "Catania")
    s.same("GEOADD", "g", "XX", "CH", "13.4", "38.1", "Palermo", "1", "1", "new")
    s.same("GEOADD", "g", "NX", "CH", "1", "1", "Palermo", "1", "1", "new")
    s.same("ZRANGE", "g", "0", "-1", "WITHSCORES")
    for args in [("NX", "XX", "0", "0", "a"), ("0", "0"), ("0", "0", "a", "1"), ("200", "0", "a"),
                 ("0", "86", "a"), ("x", "0", "a"), ("0", "y", "a"), ("CH",), ("foo", "0", "0", "a"),
                 ("0", "0", "ok", "500", "0", "bad")]:
        s.same("GEOADD", "g", *args)
    s.same("ZCARD", "g")
    s.same("SET", "str", "1")
    s.same("GEOADD", "str", "0", "0", "a")
    s.same("COMMAND", "INFO", "geoadd")


if __name__ == "__main__":
    run_tests(globals())
