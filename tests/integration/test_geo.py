"""The geo family against Redis 7.0, byte for byte: GEOADD scores, GEOPOS/GEODIST/GEOHASH, the
GEORADIUS/GEOSEARCH searches (including their unsorted cell order, COUNT/ANY, WITH* options and
STORE/STOREDIST) and every argument error."""
import random

from harness import parse, run_tests

NYC = ["-73.9733487", "40.7648057", "central park n/q/r", "-73.9903085", "40.7362513",
       "union square", "-74.0131604", "40.7126674", "wtc one", "-73.7858139", "40.6428986", "jfk",
       "-73.9375699", "40.7498929", "q4", "-73.9564142", "40.7480973", "4545", "-73.9454966",
       "40.747533", "lic market"]


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


def test_geo_readers(s):
    s.same("GEOADD", "nyc", *NYC)
    for proto in ("2", "3"):
        for c in (s.sable, s.redis):
            c.cmd("HELLO", proto)
        s.same("GEOPOS", "nyc", "jfk", "nosuch", "q4")
        s.same("GEOPOS", "nokey", "a")
        s.same("GEOPOS", "nyc")
        s.same("GEOHASH", "nyc", "jfk", "nosuch", "wtc one")
        s.same("GEOHASH", "nokey", "a")
        for unit in ([], ["m"], ["KM"], ["ft"], ["mi"], ["yd"], ["km", "x"]):
            s.same("GEODIST", "nyc", "jfk", "q4", *unit)
        s.same("GEODIST", "nyc", "jfk", "nosuch")
        s.same("GEODIST", "nokey", "a", "b")
    s.same("SET", "str", "1")
    for cmd in (("GEOPOS", "str", "a"), ("GEOHASH", "str", "a"), ("GEODIST", "str", "a", "b")):
        s.same(*cmd)


def test_geo_searches_identical(s):
    s.same("GEOADD", "nyc", *NYC)
    centre = ["-73.9798091", "40.7598464"]
    cases = [
        ("GEORADIUS", "nyc", *centre, "3", "km"),
        ("GEORADIUS", "nyc", *centre, "3", "km", "ASC"),
        ("GEORADIUS", "nyc", *centre, "10", "km", "COUNT", "3"),
        ("GEORADIUS", "nyc", *centre, "10", "km", "COUNT", "3", "ANY"),
        ("GEORADIUS", "nyc", *centre, "10", "km", "COUNT", "2", "DESC", "WITHDIST", "WITHHASH",
         "WITHCOORD"),
        ("GEORADIUS_RO", "nyc", *centre, "8000", "ft", "WITHDIST"),
        ("GEORADIUS", "nyc", "0", "0", "50000", "km", "WITHCOORD"),
        ("GEORADIUSBYMEMBER", "nyc", "wtc one", "7", "km"),
        ("GEORADIUSBYMEMBER_RO", "nyc", "wtc one", "7", "mi", "WITHDIST", "DESC"),
        ("GEOSEARCH", "nyc", "FROMLONLAT", *centre, "BYBOX", "6", "6", "km", "ASC", "WITHDIST"),
        ("GEOSEARCH", "nyc", "FROMMEMBER", "q4", "BYRADIUS", "5", "km", "WITHCOORD"),
        ("GEOSEARCH", "nyc", "FROMMEMBER", "q4", "BYBOX", "10", "2", "km", "COUNT", "2", "ANY"),
        ("GEOSEARCH", "nokey", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"),
        ("GEORADIUSBYMEMBER", "nokey", "m", "1", "km"),
    ]
    for proto in ("2", "3"):
        for c in (s.sable, s.redis):
            c.cmd("HELLO", proto)
        for args in cases:
            s.same(*args)
    for c in (s.sable, s.redis):
        c.cmd("HELLO", "2")


def test_geo_store_identical(s):
    s.same("GEOADD", "nyc", *NYC)
    centre = ["-73.9798091", "40.7598464"]
    for args, dest in [(("GEORADIUS", "nyc", *centre, "3", "km", "STORE", "d1"), "d1"),
                       (("GEORADIUS", "nyc", *centre, "5", "km", "STOREDIST", "d2"), "d2"),
                       (("GEORADIUSBYMEMBER", "nyc", "jfk", "30", "km", "COUNT", "2", "STORE",
                         "d3"), "d3"),
                       (("GEOSEARCHSTORE", "d4", "nyc", "FROMMEMBER", "q4", "BYBOX", "5", "5",
                         "km"), "d4"),
                       (("GEOSEARCHSTORE", "d5", "nyc", "FROMMEMBER", "q4", "BYRADIUS", "5", "km",
                         "STOREDIST"), "d5"),
                       (("GEOSEARCHSTORE", "d5", "nyc", "FROMLONLAT", "0", "0", "BYRADIUS", "1",
                         "km"), "d5"),
                       (("GEOSEARCHSTORE", "d4", "nokey", "FROMLONLAT", "0", "0", "BYRADIUS", "1",
                         "km"), "d4")]:
        s.same(*args)
        s.same("ZRANGE", dest, "0", "-1", "WITHSCORES")
        s.same("EXISTS", dest)


def test_geo_search_errors_identical(s):
    s.same("GEOADD", "nyc", *NYC)
    c = ["-73.9798091", "40.7598464"]
    for args in [
        ("GEORADIUS", "nyc", *c, "10", "km", "ANY", "ASC"),
        ("GEORADIUS", "nyc", *c, "10", "km", "COUNT"),
        ("GEORADIUS", "nyc", *c, "10", "km", "COUNT", "0"),
        ("GEORADIUS", "nyc", *c, "10", "km", "COUNT", "x"),
        ("GEORADIUS", "nyc", *c, "-1", "km"),
        ("GEORADIUS", "nyc", *c, "x", "km"),
        ("GEORADIUS", "nyc", *c, "1", "yd"),
        ("GEORADIUS", "nyc", "200", "0", "1", "km"),
        ("GEORADIUS", "nyc", *c, "1", "km", "STORE", "d", "WITHDIST"),
        ("GEORADIUS_RO", "nyc", *c, "1", "km", "STORE", "d"),
        ("GEORADIUS", "nyc", *c, "1", "km", "bogus"),
        ("GEORADIUSBYMEMBER", "nyc", "nosuch", "1", "km"),
        ("GEOSEARCH", "nyc", "FROMLONLAT", *c, "FROMMEMBER", "q4", "BYBOX", "6", "6", "km"),
        ("GEOSEARCH", "nyc", "BYBOX", "3", "3", "km", "ASC", "DESC", "WITHHASH"),
        ("geosearch", "nyc", "FROMLONLAT", *c, "ASC"),
        ("GEOSEARCH", "nyc", "FROMLONLAT", *c, "BYRADIUS", "3", "km", "BYBOX", "3", "3", "km"),
        ("GEOSEARCH", "nyc", "FROMLONLAT", *c, "BYBOX", "6", "6", "km", "STOREDIST"),
        ("GEOSEARCH", "nyc", "FROMLONLAT", *c, "BYBOX", "-6", "6", "km"),
        ("GEOSEARCH", "nyc", "FROMLONLAT", *c, "BYBOX", "x", "6", "km"),
        ("GEOSEARCH", "nyc", "FROMLONLAT", *c, "BYBOX", "6", "x", "km"),
        ("GEOSEARCH", "nyc", "FROMMEMBER", "nosuch", "BYRADIUS", "1", "km"),
        ("GEOSEARCHSTORE", "d", "nyc", "FROMMEMBER", "q4", "BYRADIUS", "1", "km", "WITHDIST"),
        ("GEOSEARCH", "nokey", "FROMMEMBER", "nosuch", "BYRADIUS", "1", "km"),
    ]:
        s.same(*args)
    s.same("SET", "str", "1")
    s.same("GEOSEARCH", "str", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km")
    s.same("GEORADIUS", "str", "0", "0", "1", "km")


def test_geo_random_searches_identical(s):
    rnd = random.Random(11)
    args = []
    for i in range(2000):
        args += ["%.6f" % rnd.uniform(-180, 180), "%.6f" % rnd.uniform(-80, 80), "p%d" % i]
    s.same("GEOADD", "pts", *args)
    for _ in range(60):
        lon, lat = "%.4f" % rnd.uniform(-180, 180), "%.4f" % rnd.uniform(-85, 85)
        km = str(rnd.choice([1, 50, 300, 1500, 6000]))
        s.same("GEORADIUS", "pts", lon, lat, km, "km")
        s.same("GEOSEARCH", "pts", "FROMLONLAT", lon, lat, "BYBOX", km, str(int(km) // 2 + 1),
               "km", "WITHDIST")
        s.same("GEORADIUS", "pts", lon, lat, km, "km", "COUNT", "5", "ANY")


def test_geo_command_rows(s):
    for name in ["geoadd", "geopos", "geodist", "geohash", "georadius", "georadius_ro",
                 "georadiusbymember", "georadiusbymember_ro", "geosearch", "geosearchstore"]:
        s.same("COMMAND", "INFO", name)
    s.same("COMMAND", "GETKEYSANDFLAGS", "GEORADIUS", "k", "0", "0", "1", "km", "STORE", "d")
    s.same("COMMAND", "GETKEYSANDFLAGS", "GEORADIUSBYMEMBER", "k", "m", "1", "km", "STOREDIST",
           "d")
    s.same("COMMAND", "GETKEYSANDFLAGS", "GEOSEARCHSTORE", "d", "k", "FROMMEMBER", "m",
           "BYRADIUS", "1", "km")


if __name__ == "__main__":
    run_tests(globals())
