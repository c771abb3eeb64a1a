"""list-compress-depth against redis-server: LZF-compressed inner quicklist nodes.

Lists built the same way must have the same nodes as Redis's (DEBUG OBJECT's ql_* fields and the
DUMP payload, byte for byte: a compressed node is written as its LZF image), the depth is fixed
when a list is created, every command works on compressed nodes, and RDB files with compressed
lists cross between the two servers both ways."""
import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import parse, run_tests, start_redis, start_sable  # noqa: E402

QL_FIELDS = ("ql_nodes", "ql_avg_node", "ql_listpack_max", "ql_compressed",
             "ql_uncompressed_size")


def config(s, name, value):
    for c in (s.sable, s.redis):
        assert parse(c.cmd("CONFIG", "SET", name, str(value))) == "OK"


def ql_info(c, key):
    line = parse(c.cmd("DEBUG", "OBJECT", key))
    fields = dict(f.split(":", 1) for f in line.split(" ")[1:] if ":" in f)
    return {k: fields.get(k) for k in QL_FIELDS}


def same_nodes(s, key):
    """The two servers hold `key` in the same nodes, compressed alike."""
    a, b = ql_info(s.sable, key), ql_info(s.redis, key)
    assert a == b, "DEBUG OBJECT %s differs:\n  sable: %r\n  redis: %r" % (key, a, b)
    s.same("DUMP", key)
    return a


def values(rng, n, size=(20, 120)):
    """Compressible values (runs of letters, numbers), some short, some integers."""
    out = []
    for _ in range(n):
        c = rng.random()
        if c < 0.2:
            out.append(str(rng.randint(-100000, 100000)))
        elif c < 0.3:
            out.append("e%d" % rng.randint(0, 50))
        else:
            out.append(rng.choice("abcxyz") * rng.randint(*size) + str(rng.randint(0, 9)))
    return out


def test_pushed_lists_have_redis_nodes(s):
    rng = random.Random(7)
    for depth in (1, 2, 3):
        config(s, "list-compress-depth", depth)
        for fill in (4, 16, -1, -2):
            config(s, "list-max-listpack-size", fill)
            key = "l:%d:%d" % (depth, fill)
            for _ in range(6):
                cmd = rng.choice(["RPUSH", "LPUSH"])
                s.same(cmd, key, *values(rng, rng.randint(1, 120)))
                info = same_nodes(s, key)
            assert info["ql_compressed"] == "1"
            s.same("LRANGE", key, "0", "-1")
            s.same("LRANGE", key, "-7", "-3")
            s.same("LINDEX", key, "37")
            s.same("LPOS", key, "e3", "COUNT", "0")
            # Pops from both ends uncompress the nodes that come within depth of an end.
            for _ in range(5):
                s.same("LPOP", key, str(rng.randint(1, 40)))
                s.same("RPOP", key, str(rng.randint(1, 40)))
                if parse(s.sable.cmd("EXISTS", key)) == 0:
                    break
                same_nodes(s, key)
    config(s, "list-compress-depth", 0)
    config(s, "list-max-listpack-size", -2)


def test_depth_is_fixed_when_the_list_is_created(s):
    rng = random.Random(11)
    vals = values(rng, 400)
    config(s, "list-max-listpack-size", 8)
    config(s, "list-compress-depth", 0)
    s.same("RPUSH", "plain", *vals[:200])
    config(s, "list-compress-depth", 1)
    s.same("RPUSH", "plain", *vals[200:])
    s.same("RPUSH", "packed", *vals)
    assert same_nodes(s, "plain")["ql_compressed"] == "0"
    assert same_nodes(s, "packed")["ql_compressed"] == "1"
    config(s, "list-compress-depth", 0)
    s.same("LPUSH", "packed", *vals[:100])
    assert same_nodes(s, "packed")["ql_compressed"] == "1"
    # A copy keeps its source's depth; a new destination takes the current one.
    s.same("COPY", "packed", "copy")
    assert same_nodes(s, "copy")["ql_compressed"] == "1"
    s.same("LMOVE", "packed", "moved", "LEFT", "RIGHT")
    assert same_nodes(s, "moved")["ql_compressed"] == "0"
    # Popped empty and pushed again: a new list, at today's depth.
    s.same("DEL", "copy")
    s.same("RPUSH", "copy", "x")
    assert same_nodes(s, "copy")["ql_compressed"] == "0"
    config(s, "list-max-listpack-size", -2)


def test_commands_on_compressed_nodes(s):
    """Random list commands at depths 1 and 2 with small nodes: every reply as Redis's. (Node
    boundaries are not compared here: after a LINSERT that splits a node they can differ.)"""
    rng = random.Random(1234)
    for depth in (1, 2):
        config(s, "list-compress-depth", depth)
        config(s, "list-max-listpack-size", 4)
        keys = ["c1", "c2"]
        for k in keys:
            s.same("RPUSH", k, *values(rng, 200))

        def idx():
            return str(rng.choice([rng.randint(-30, 30), rng.randint(-300, 300)]))

        def val():
            return values(rng, 1, (20, 200))[0]

        ops = [
            lambda k: ("LPUSH", k) + tuple(values(rng, rng.randint(1, 10))),
            lambda k: ("RPUSH", k) + tuple(values(rng, rng.randint(1, 10))),
            lambda k: ("LPOP", k, str(rng.randint(1, 6))),
            lambda k: ("RPOP", k, str(rng.randint(1, 6))),
            lambda k: ("LRANGE", k, idx(), idx()),
            lambda k: ("LINDEX", k, idx()),
            lambda k: ("LSET", k, idx(), val()),
            lambda k: ("LINSERT", k, rng.choice(["BEFORE", "AFTER"]),
                       parse(s.sable.cmd("LINDEX", k, idx())) or "none", val()),
            lambda k: ("LREM", k, str(rng.randint(-2, 2)), "e%d" % rng.randint(0, 50)),
            lambda k: ("LTRIM", k, str(rng.randint(0, 5)), str(-rng.randint(1, 5))),
            lambda k: ("LPOS", k, "e%d" % rng.randint(0, 50), "RANK", "-1"),
            lambda k: ("LMOVE", k, rng.choice(keys), "LEFT", "RIGHT"),
            lambda k: ("LLEN", k),
        ]
        for _ in range(1500):
            k = rng.choice(keys)
            cmd = rng.choice(ops)(k)
            s.same(*cmd)
            if parse(s.sable.cmd("EXISTS", k)) == 0:
                s.same("RPUSH", k, *values(rng, 100))
        for k in keys:
            s.same("LRANGE", k, "0", "-1")
            assert ql_info(s.sable, k)["ql_compressed"] == "1"
            # Sable's DUMP of a list reshaped by edits restores in Redis to the same elements.
            payload = parse(s.sable.cmd("DUMP", k))
            copy = "%s:%d:from-sable" % (k, depth)
            reply = s.redis.cmd("RESTORE", copy, "0", payload)
            assert reply == b"+OK\r\n", reply
            assert parse(s.redis.cmd("LRANGE", copy, "0", "-1")) == \
                parse(s.sable.cmd("LRANGE", k, "0", "-1"))
    config(s, "list-compress-depth", 0)
    config(s, "list-max-listpack-size", -2)


def test_rdbcompression_off_still_writes_compressed_nodes(s):
    rng = random.Random(3)
    config(s, "rdbcompression", "no")
    config(s, "list-compress-depth", 1)
    config(s, "list-max-listpack-size", 16)
    s.same("RPUSH", "l", *values(rng, 300))
    same_nodes(s, "l")  # DUMP carries the LZF images of the inner nodes
    config(s, "rdbcompression", "yes")
    config(s, "list-compress-depth", 0)
    config(s, "list-max-listpack-size", -2)


def test_incompressible_and_large_elements(s):
    rng = random.Random(5)
    config(s, "list-compress-depth", 1)
    config(s, "list-max-listpack-size", 3)
    noise = [bytes(rng.getrandbits(8) for _ in range(rng.randint(40, 90))) for _ in range(60)]
    s.same("RPUSH", "noise", *noise)
    same_nodes(s, "noise")
    s.same("LRANGE", "noise", "0", "-1")
    big = ["q" * 20000 + str(i) for i in range(6)]
    s.same("RPUSH", "big", *big)
    s.same("LSET", "big", "2", "r" * 30000)
    s.same("LINSERT", "big", "AFTER", big[3], "s" * 9000)
    same_nodes(s, "big")
    s.same("LRANGE", "big", "0", "-1")
    config(s, "list-compress-depth", 0)
    config(s, "list-max-listpack-size", -2)


def test_compression_saves_memory(s):
    rng = random.Random(9)
    vals = values(rng, 5000, (60, 200))
    config(s, "list-compress-depth", 0)
    s.sable.cmd("RPUSH", "plain", *vals)
    config(s, "list-compress-depth", 1)
    s.sable.cmd("RPUSH", "packed", *vals)
    plain = parse(s.sable.cmd("MEMORY", "USAGE", "plain", "SAMPLES", "0"))
    packed = parse(s.sable.cmd("MEMORY", "USAGE", "packed", "SAMPLES", "0"))
    assert packed * 4 < plain, (packed, plain)
    assert ql_info(s.sable, "packed")["ql_uncompressed_size"] == \
        ql_info(s.sable, "plain")["ql_uncompressed_size"]
    config(s, "list-compress-depth", 0)


def _fill_compressed(c, rng):
    c.cmd("CONFIG", "SET", "list-max-listpack-size", "8")
    for i in range(5):
        c.cmd("RPUSH", "k%d" % i, *values(rng, 150 + 40 * i))
    c.cmd("RPUSH", "small", "a", "b")


def _cross(src_start, dst_start, src_depth, dst_depth):
    rng = random.Random(21)
    src = src_start(["--list-compress-depth", str(src_depth), "--rdbcompression", "no"])
    dst = None
    try:
        c = src.conn()
        _fill_compressed(c, rng)
        want = {k: parse(c.cmd("LRANGE", k, "0", "-1")) for k in parse(c.cmd("KEYS", "*"))}
        digest = parse(c.cmd("DEBUG", "DIGEST"))
        assert parse(c.cmd("SAVE")) == "OK"
        dst = dst_start(["--dir", src.workdir, "--dbfilename", "dump.rdb",
                         "--list-compress-depth", str(dst_depth),
                         "--list-max-listpack-size", "8"])
        d = dst.conn()
        deadline = time.time() + 20
        while parse(d.cmd("DBSIZE")) != len(want) and time.time() < deadline:
            time.sleep(0.05)
        got = {k: parse(d.cmd("LRANGE", k, "0", "-1")) for k in want}
        assert got == want
        assert parse(d.cmd("DEBUG", "DIGEST")) == digest
        return {k: parse(d.cmd("DUMP", k)) for k in want}
    finally:
        src.stop()
        if dst:
            dst.stop()
            shutil.rmtree(dst.workdir, ignore_errors=True)
        shutil.rmtree(src.workdir, ignore_errors=True)


def test_rdb_crosses_both_ways():
    """A Sable SAVE of compressed lists loads in Redis and a Redis SAVE loads in Sable; loaded at
    depth 1, each server then holds the lists exactly as the other would (same DUMP)."""
    dumps = {}
    for name, src, dst in (("sable->redis", start_sable, start_redis),
                           ("redis->sable", start_redis, start_sable)):
        dumps[name] = _cross(src, dst, 2, 1)
    assert dumps["sable->redis"] == dumps["redis->sable"]


if __name__ == "__main__":
    # test_rdb_crosses_both_ways starts its own servers; run it first, then the shared ones.
    if len(sys.argv) == 1 or "test_rdb_crosses_both_ways" in sys.argv[1:]:
        test_rdb_crosses_both_ways()
        print("ok   test_rdb_crosses_both_ways")
        if len(sys.argv) > 1:
            sys.exit(0)
    ns = {k: v for k, v in globals().items() if k != "test_rdb_crosses_both_ways"}
    run_tests(ns)
