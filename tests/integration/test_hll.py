"""HyperLogLog (PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST), differential against redis-server: the
stored bytes (sparse and dense, cache byte included) are identical, so are counts, merges,
PFDEBUG's views and every error, including corrupt values.
"""
import os
import random
import shutil
import time

from harness import parse, run_tests, start_redis


def test_sparse_and_dense_bytes_match(s):
    rng = random.Random(5)
    s.same("PFADD", "h")
    s.same("GET", "h")
    s.same("PFCOUNT", "h")
    for n in (1, 5, 50, 300, 1000, 3000):
        batch = ["e%d" % rng.randrange(10 ** 9) for _ in range(n)]
        s.same("PFADD", "h", *batch)
        s.same("GET", "h")
        s.same("PFDEBUG", "ENCODING", "h")
        s.same("PFCOUNT", "h")
        s.same("GET", "h")  # the cached count is part of the bytes
    s.same("PFADD", "h", "")
    s.same("PFADD", "h", "e1", "e1")


def test_decode_getreg_todense(s):
    s.same("PFADD", "d", "a", "b", "c", "d")
    s.same("PFDEBUG", "DECODE", "d")
    s.same("PFDEBUG", "TODENSE", "d")
    s.same("PFDEBUG", "TODENSE", "d")
    s.same("PFDEBUG", "DECODE", "d")
    s.same("PFDEBUG", "ENCODING", "d")
    s.same("PFADD", "g", "x", "y")
    s.same("PFDEBUG", "GETREG", "g")
    s.same("GET", "g")
    s.same("PFDEBUG", "NOPE", "g")
    s.same("PFDEBUG", "GETREG", "missing")
    s.same("PFDEBUG", "GETREG")


def test_merge_and_multi_count(s):
    for i in range(4):
        s.same("PFADD", "m%d" % i, *["x%d" % j for j in range(i * 100, i * 100 + 150)])
    s.same("PFCOUNT", "m0", "m1", "m2", "missing")
    s.same("PFMERGE", "dst", "m0", "m1")
    s.same("GET", "dst")
    s.same("PFCOUNT", "dst")
    s.same("PFMERGE", "dst", "m2", "m3")
    s.same("GET", "dst")
    s.same("PFDEBUG", "TODENSE", "m3")
    s.same("PFMERGE", "dst2", "m0", "m3")
    s.same("PFDEBUG", "ENCODING", "dst2")
    s.same("GET", "dst2")
    s.same("PFMERGE", "empty")
    s.same("GET", "empty")
    s.same("PFMERGE", "m0")
    s.same("GET", "m0")


def test_sparse_limit_promotes(s):
    s.same("CONFIG", "SET", "hll-sparse-max-bytes", "30")
    s.same("PFADD", "p", *["v%d" % i for i in range(20)])
    s.same("PFDEBUG", "ENCODING", "p")
    s.same("GET", "p")
    s.same("CONFIG", "SET", "hll-sparse-max-bytes", "3000")


def test_errors_and_corruption(s):
    s.same("SET", "str", "not an hll")
    s.same("PFADD", "str", "a")
    s.same("PFCOUNT", "str")
    s.same("PFMERGE", "str", "x")
    s.same("PFMERGE", "x", "str")
    s.same("LPUSH", "lst", "a")
    s.same("PFADD", "lst", "a")
    s.same("PFCOUNT", "lst", "x")
    s.same("PFADD")
    s.same("PFCOUNT")
    s.same("PFMERGE")
    # Corrupt bodies under a valid header: never a crash, the same reply.
    s.same("PFADD", "c", *["c%d" % i for i in range(200)])
    for offset, byte in ((16, "\xff"), (20, "\x00"), (30, "\x7f"), (17, "\x40")):
        s.same("DEL", "cc")
        s.same("COPY", "c", "cc")
        s.same("SETRANGE", "cc", str(offset), byte)
        s.same("PFCOUNT", "cc")
        s.same("PFADD", "cc", "more", "elements", "here")
        s.same("PFCOUNT", "cc")
    s.same("PFADD", "dd", "a")
    s.same("PFDEBUG", "TODENSE", "dd")
    s.same("APPEND", "dd", "x")  # wrong length for a dense value
    s.same("PFCOUNT", "dd")
    s.same("PFSELFTEST")


def test_dense_edits_in_place(s):
    """PFADD to a dense value edits the stored bytes; the TTL, the cache byte and every reply stay
    as Redis's, for values made by PFADD, by SET of Redis's bytes and by RESTORE."""
    rng = random.Random(8)
    s.same("PFADD", "d", *["x%d" % i for i in range(4000)])
    s.same("PFDEBUG", "ENCODING", "d")
    s.same("EXPIRE", "d", "1000")
    for _ in range(20):
        s.same("PFADD", "d", *["y%d" % rng.randrange(10 ** 6) for _ in range(rng.randint(1, 5))])
        s.same("GET", "d")
        s.same("PFCOUNT", "d")
        s.same("GET", "d")
    s.same("PFADD", "d", "x1")  # nothing new: 0, bytes unchanged
    s.same("GET", "d")
    s.same("TTL", "d")
    raw = s.redis.cmd("GET", "d")
    body = raw[raw.index(b"\r\n") + 2:-2]
    s.same("SET", "copy", body)
    s.same("PFADD", "copy", "new-element", "another")
    s.same("GET", "copy")
    s.same("PFCOUNT", "copy", "d")
    s.same("SET", "copy", body)
    s.same("APPEND", "copy", "")  # a raw string holding an HLL, as SETRANGE/APPEND leave it
    s.same("PFADD", "copy", "z")
    s.same("GET", "copy")


def test_corrupted_values_fuzz(s):
    """Random damage to sparse and dense HLL bytes (header kept, so both servers take them for
    HyperLogLogs): every command gets Redis's reply, corruption errors included, and never a
    crash."""
    rng = random.Random(2026)
    s.same("PFADD", "sparse", *["s%d" % i for i in range(150)])
    s.same("PFADD", "dense", *["d%d" % i for i in range(5000)])
    originals = {k: parse(s.redis.cmd("GET", k)) for k in ("sparse", "dense")}
    for round_ in range(300):
        name = rng.choice(["sparse", "dense"])
        body = bytearray(originals[name])
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(16, len(body))
            body[at] = rng.randrange(256)
        if name == "sparse" and rng.random() < 0.3:  # cut or extend the opcodes
            body = body[:rng.randrange(16, len(body))] if rng.random() < 0.5 else \
                body + bytes(rng.randrange(256) for _ in range(rng.randint(1, 5)))
        s.same("SET", "x", bytes(body))
        cmd = rng.choice([("PFCOUNT", "x"), ("PFCOUNT", "x", "dense"), ("PFADD", "x", "e%d" % round_),
                          ("PFMERGE", "m", "x"), ("PFDEBUG", "GETREG", "x"),
                          ("PFDEBUG", "DECODE", "x"), ("PFDEBUG", "TODENSE", "x")])
        s.same(*cmd)
        s.same("GET", "x")
        s.same("DEL", "m")


def test_dump_and_rdb_carry_hll_and_geo_keys(s):
    """HyperLogLogs (sparse, dense, with a cached count) and geo sets move through DUMP/RESTORE
    both ways and through an RDB file written by Sable and loaded by Redis, with the same bytes
    and the same answers."""
    s.same("PFADD", "h:sparse", *["a%d" % i for i in range(100)])
    s.same("PFADD", "h:dense", *["b%d" % i for i in range(6000)])
    s.same("PFCOUNT", "h:dense")  # caches the count in the bytes
    s.same("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania",
           "-73.9733487", "40.7648057", "nyc")
    keys = ["h:sparse", "h:dense", "g"]
    for k in keys:
        for src, dst in ((s.sable, s.redis), (s.redis, s.sable)):
            payload = parse(src.cmd("DUMP", k))
            assert parse(dst.cmd("RESTORE", k + ":copy", "0", payload)) == "OK"
        if k != "g":  # a small sorted set's payload is another (equivalent) encoding
            s.same("DUMP", k + ":copy")
        s.same("ZRANGE", k + ":copy", "0", "-1", "WITHSCORES") if k == "g" else s.same("GET", k)
    s.same("GET", "h:dense:copy")
    s.same("PFCOUNT", "h:sparse:copy", "h:dense:copy")
    s.same("GEOSEARCH", "g:copy", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC",
           "WITHCOORD", "WITHDIST", "WITHHASH")
    assert parse(s.sable.cmd("SAVE")) == "OK"
    path = os.path.join(s.sable_server.workdir, "dump.rdb")
    redis = start_redis(["--dir", os.path.dirname(path), "--dbfilename", "dump.rdb"])
    try:
        c = redis.conn()
        deadline = time.time() + 20
        while parse(c.cmd("DBSIZE")) == 0 and time.time() < deadline:
            time.sleep(0.05)
        for k in ["h:sparse", "h:dense", "h:sparse:copy", "h:dense:copy"]:
            assert c.cmd("DUMP", k) == s.sable.cmd("DUMP", k), k
        for k in ("g", "g:copy"):
            assert c.cmd("ZRANGE", k, "0", "-1", "WITHSCORES") == \
                s.sable.cmd("ZRANGE", k, "0", "-1", "WITHSCORES"), k
        assert c.cmd("GEOPOS", "g", "Palermo", "nyc") == s.sable.cmd("GEOPOS", "g", "Palermo", "nyc")
        assert c.cmd("PFCOUNT", "h:dense") == s.sable.cmd("PFCOUNT", "h:dense")
    finally:
        redis.stop()
        shutil.rmtree(redis.workdir, ignore_errors=True)


if __name__ == "__main__":
    run_tests(globals())
