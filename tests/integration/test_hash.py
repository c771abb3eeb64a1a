"""Hash commands against Redis 7.0, byte for byte (sorted where Redis's order is unspecified)."""
import random

from harness import Conn, parse, run_tests, start_sable

LONG = "v" * 70  # over hash-max-listpack-value (64)


def has_object(s):
    """Fails the test if Sable does not know OBJECT (no silent skips)."""
    reply = s.sable.cmd("OBJECT", "HELP")
    assert not reply.startswith(b"-ERR unknown command"), reply
    return True


def same_encoding(s, key):
    if has_object(s):
        s.same("OBJECT", "ENCODING", key)


def pairs_of(raw):
    v = parse(raw)
    if isinstance(v, dict):
        return sorted(v.items())
    return sorted(zip(v[0::2], v[1::2]))


def same_pairs(s, *args):
    a, b = s.both(*args)
    assert pairs_of(a) == pairs_of(b), (args, a, b)


def scan_all(conn, cmd, key, *opts):
    cursor, out = b"0", []
    while True:
        cursor, items = parse(conn.cmd(cmd, key, cursor, *opts))
        out += items
        if cursor == b"0":
            return out


def test_basic_set_get(s):
    s.same("HSET", "h", "a", "1", "b", "2")
    s.same("HSET", "h", "a", "10", "c", "3")
    s.same("HGET", "h", "a")
    s.same("HGET", "h", "zz")
    s.same("HGET", "nokey", "a")
    s.same("HMGET", "h", "a", "zz", "c")
    s.same("HMGET", "nokey", "a", "b")
    s.same("HGETALL", "h")
    s.same("HKEYS", "h")
    s.same("HVALS", "h")
    s.same("HLEN", "h")
    s.same("HLEN", "nokey")
    s.same("HEXISTS", "h", "a")
    s.same("HEXISTS", "h", "q")
    s.same("HEXISTS", "nokey", "q")
    s.same("HSTRLEN", "h", "a")
    s.same("HSTRLEN", "h", "q")
    s.same("HSTRLEN", "nokey", "q")
    s.same("HGETALL", "nokey")
    s.same("HKEYS", "nokey")
    s.same("HVALS", "nokey")
    s.same("HMSET", "h", "x", "1", "y", "")
    s.same("HGETALL", "h")
    s.same("HSET", "h", "", "empty-field")
    s.same("HGET", "h", "")


def test_hsetnx(s):
    s.same("HSETNX", "h", "a", "1")
    s.same("HSETNX", "h", "a", "2")
    s.same("HGET", "h", "a")
    s.same("HSETNX", "h", "b", LONG)
    same_encoding(s, "h")


def test_hdel_and_empty_key_removed(s):
    s.same("HSET", "h", "a", "1", "b", "2", "c", "3")
    s.same("HDEL", "h", "a", "zz")
    s.same("HDEL", "h", "b", "c", "a")
    s.same("EXISTS", "h")
    s.same("HDEL", "h", "a")
    s.same("HDEL", "nokey", "a")
    s.same("HSET", "big", "f", LONG)
    s.same("HDEL", "big", "f")
    s.same("EXISTS", "big")


def test_hincrby(s):
    s.same("HINCRBY", "h", "n", "5")
    s.same("HINCRBY", "h", "n", "-12")
    s.same("HINCRBY", "h", "n", "x")
    s.same("HSET", "h", "s", "abc", "sp", " 1", "big", "9223372036854775807", "neg",
           "-9223372036854775808")
    s.same("HINCRBY", "h", "s", "1")
    s.same("HINCRBY", "h", "sp", "1")
    s.same("HINCRBY", "h", "big", "1")
    s.same("HINCRBY", "h", "neg", "-1")
    s.same("HINCRBY", "h", "big", "0")
    s.same("HINCRBY", "h", "n", "9223372036854775808")
    s.same("HGETALL", "h")


def test_hincrbyfloat(s):
    s.same("HINCRBYFLOAT", "h", "f", "1.5")
    s.same("HINCRBYFLOAT", "h", "f", "0.1")
    s.same("HINCRBYFLOAT", "h", "f", "-5e3")
    s.same("HINCRBYFLOAT", "h", "f", "abc")
    s.same("HINCRBYFLOAT", "h", "f", "inf")
    s.same("HINCRBYFLOAT", "h", "f", "nan")
    s.same("HSET", "h", "s", "xyz", "i", "10")
    s.same("HINCRBYFLOAT", "h", "s", "1")
    s.same("HINCRBYFLOAT", "h", "i", "1.25")
    s.same("HSET", "h", "huge", "1e308")
    s.same("HGETALL", "h")
    s.same("HINCRBYFLOAT", "h", "huge", "1e308")
    same_pairs(s, "HGETALL", "h")
    s.same("HINCRBYFLOAT", "nokey2", "f", "inf")
    s.same("EXISTS", "nokey2")


def test_wrong_type_and_arity(s):
    s.same("SET", "str", "x")
    for cmd in (("HSET", "str", "a", "1"), ("HSETNX", "str", "a", "1"), ("HGET", "str", "a"),
                ("HMSET", "str", "a", "1"), ("HMGET", "str", "a"), ("HGETALL", "str"),
                ("HKEYS", "str"), ("HVALS", "str"), ("HLEN", "str"), ("HEXISTS", "str", "a"),
                ("HDEL", "str", "a"), ("HINCRBY", "str", "a", "1"),
                ("HINCRBYFLOAT", "str", "a", "1"), ("HSTRLEN", "str", "a"),
                ("HRANDFIELD", "str"), ("HRANDFIELD", "str", "2"), ("HSCAN", "str", "0")):
        s.same(*cmd)
    for cmd in (("HSET", "h"), ("HSET", "h", "a"), ("HSET", "h", "a", "1", "b"),
                ("HMSET", "h", "a", "1", "b"), ("HGET", "h"), ("HSETNX", "h", "a"),
                ("HMGET", "h"), ("HGETALL",), ("HLEN", "a", "b"), ("HDEL", "h"),
                ("HINCRBY", "h", "a"), ("HINCRBYFLOAT", "h"), ("HSTRLEN", "h"),
                ("HRANDFIELD",), ("HSCAN", "h"), ("HEXISTS", "h")):
        s.same(*cmd)


def test_encoding_transitions(s):
    if not has_object(s):
        return
    s.same("HSET", "h", "a", "1")
    s.same("OBJECT", "ENCODING", "h")
    s.same("HSET", "h", "b", "x" * 64)
    s.same("OBJECT", "ENCODING", "h")
    s.same("HSET", "h", "c", "x" * 65)
    s.same("OBJECT", "ENCODING", "h")
    s.same("HSET", "k", "f" * 65, "1")
    s.same("OBJECT", "ENCODING", "k")
    for i in range(128):
        s.same("HSET", "many", "f%d" % i, i)
    s.same("OBJECT", "ENCODING", "many")
    s.same("HGETALL", "many")
    s.same("HSET", "many", "one-more", "1")
    s.same("OBJECT", "ENCODING", "many")
    s.same("HDEL", "many", "one-more", "f1", "f2")
    s.same("OBJECT", "ENCODING", "many")
    s.same("HINCRBYFLOAT", "inc", "f", "1")
    s.same("OBJECT", "ENCODING", "inc")
    s.same("HINCRBY", "inc2", "f" * 70, "1")
    s.same("OBJECT", "ENCODING", "inc2")


def test_encoding_config(s):
    for c in (s.sable, s.redis):
        c.cmd("CONFIG", "SET", "hash-max-listpack-entries", "2")
    try:
        s.same("HSET", "h", "a", "1", "b", "2")
        same_encoding(s, "h")
        s.same("HSET", "h", "c", "3")
        same_encoding(s, "h")
        same_pairs(s, "HGETALL", "h")
    finally:
        for c in (s.sable, s.redis):
            c.cmd("CONFIG", "SET", "hash-max-listpack-entries", "128")


def test_hrandfield(s):
    s.same("HRANDFIELD", "nokey")
    s.same("HRANDFIELD", "nokey", "5")
    s.same("HRANDFIELD", "nokey", "-5", "WITHVALUES")
    s.same("HSET", "h", "a", "1", "b", "2", "c", "3")
    s.same("HRANDFIELD", "h", "0")
    s.same("HRANDFIELD", "h", "5")        # whole hash, listpack order
    s.same("HRANDFIELD", "h", "3", "WITHVALUES")
    s.same("HRANDFIELD", "h", "2", "withvalues", "x")
    s.same("HRANDFIELD", "h", "2", "foo")
    s.same("HRANDFIELD", "h", "abc")
    s.same("HRANDFIELD", "h", "-9223372036854775808")
    s.same("HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES")
    s.same("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES")
    h = {b"a": b"1", b"b": b"2", b"c": b"3"}
    for key in ("h", "big"):
        if key == "big":
            for i in range(200):
                s.same("HSET", "big", "f%d" % i, "v%d" % i)
            h = {b"f%d" % i: b"v%d" % i for i in range(200)}
        for count in (1, 2, 3, 50, 150, 199, 200, 500):
            a, b = s.both("HRANDFIELD", key, count)
            va, vb = parse(a), parse(b)
            assert len(va) == len(vb) == min(count, len(h)), (key, count)
            assert len(set(va)) == len(va) and set(va) <= set(h)
        for count in (-1, -5, -300):
            va = parse(s.sable.cmd("HRANDFIELD", key, count, "WITHVALUES"))
            assert len(va) == -count * 2
            for f, v in zip(va[0::2], va[1::2]):
                assert h[f] == v
        assert parse(s.sable.cmd("HRANDFIELD", key)) in h


def test_hrandfield_resp3(s):
    s.sable.cmd("HELLO", "3")
    s.redis.cmd("HELLO", "3")
    s.same("HSET", "h", "a", "1", "b", "2")
    s.same("HRANDFIELD", "h", "2", "WITHVALUES")
    s.same("HRANDFIELD", "h", "5", "WITHVALUES")
    s.same("HRANDFIELD", "h", "0", "WITHVALUES")
    a, b = s.both("HRANDFIELD", "h", "-3", "WITHVALUES")
    assert a.startswith(b"*3\r\n*2\r\n") and b.startswith(b"*3\r\n*2\r\n")
    s.same("HGETALL", "h")
    s.same("HGETALL", "nokey")
    s.same("HKEYS", "h")
    s.same("HSCAN", "h", "0")


def test_hscan(s):
    s.same("HSCAN", "nokey", "0")
    s.same("HSCAN", "nokey", "0", "BADOPT")
    s.same("HSET", "h", "a1", "1", "b1", "2", "a2", "3")
    s.same("HSCAN", "h", "0")
    s.same("HSCAN", "h", "0", "MATCH", "a*")
    s.same("HSCAN", "h", "0", "COUNT", "1")
    s.same("HSCAN", "h", "0", "COUNT", "0")
    s.same("HSCAN", "h", "0", "COUNT", "x")
    s.same("HSCAN", "h", "x")
    s.same("HSCAN", "h", "0", "MATCH")
    s.same("HSCAN", "h", "0", "TYPE", "string")
    for i in range(1000):
        s.same("HSET", "big", "field:%d" % i, i)
    for opts in ((), ("COUNT", "7"), ("MATCH", "field:1*"), ("MATCH", "*9", "COUNT", "100")):
        a = scan_all(s.sable, "HSCAN", "big", *opts)
        b = scan_all(s.redis, "HSCAN", "big", *opts)
        assert sorted(zip(a[0::2], a[1::2])) == sorted(zip(b[0::2], b[1::2])), opts


def test_notifications(s):
    subs = {}
    for name, srv in (("sable", s.sable_server), ("redis", s.redis_server)):
        c = srv.conn()
        c.cmd("CONFIG", "SET", "notify-keyspace-events", "KEA")
        c2 = srv.conn()
        c2.cmd("PSUBSCRIBE", "__keyevent@0__:*")
        subs[name] = (c, c2)
    try:
        for cmd in (("HSET", "h", "a", "1", "b", "2"), ("HSETNX", "h", "c", "1"),
                    ("HINCRBY", "h", "a", "1"), ("HINCRBYFLOAT", "h", "a", "1.5"),
                    ("HDEL", "h", "a"), ("HDEL", "h", "zz"), ("HDEL", "h", "b", "c")):
            s.same(*cmd)
        s.same("PING")
        seen = {}
        for name, (c, c2) in subs.items():
            c.cmd("PING")
            events = []
            for _ in range(7):
                msg = parse(c2.read_reply())
                events.append((msg[2], msg[3]))
            seen[name] = events
        assert seen["sable"] == seen["redis"], seen
    finally:
        for name, (c, c2) in subs.items():
            c.cmd("CONFIG", "SET", "notify-keyspace-events", "")
            c.close()
            c2.close()


def test_random_ops(s):
    rnd = random.Random(1234)
    keys = ["h1", "h2", "h3"]
    fields = ["f%d" % i for i in range(40)]

    def val():
        r = rnd.random()
        if r < 0.4:
            return str(rnd.randint(-1000, 1000))
        if r < 0.45:
            return "x" * rnd.randint(60, 70)
        if r < 0.5:
            return "%.3f" % rnd.uniform(-100, 100)
        return "s%d" % rnd.randint(0, 50)

    for _ in range(3000):
        k = rnd.choice(keys)
        op = rnd.randint(0, 15)
        f = rnd.choice(fields)
        if op <= 3:
            args = ["HSET", k]
            for _ in range(rnd.randint(1, 4)):
                args += [rnd.choice(fields), val()]
            s.same(*args)
        elif op == 4:
            s.same("HSETNX", k, f, val())
        elif op == 5:
            s.same("HDEL", k, *rnd.sample(fields, rnd.randint(1, 5)))
        elif op == 6:
            s.same("HINCRBY", k, f, rnd.randint(-100, 100))
        elif op == 7:
            s.same("HINCRBYFLOAT", k, f, "%.2f" % rnd.uniform(-10, 10))
        elif op == 8:
            s.same("HGET", k, f)
        elif op == 9:
            s.same("HMGET", k, f, rnd.choice(fields))
        elif op == 10:
            s.same("HLEN", k)
            s.same("HEXISTS", k, f)
            s.same("HSTRLEN", k, f)
        elif op == 11:
            enc = s.redis.cmd("OBJECT", "ENCODING", k)
            if enc == b"$8\r\nlistpack\r\n":
                s.same("HGETALL", k)
                s.same("HKEYS", k)
            else:
                same_pairs(s, "HGETALL", k)
                s.same_sorted("HKEYS", k)
                s.same_sorted("HVALS", k)
            same_encoding(s, k)
        elif op == 12:
            c = rnd.randint(-5, 10)
            a, b = s.both("HRANDFIELD", k, c)
            assert len(parse(a)) == len(parse(b)), (a, b)
        elif op == 13:
            a, b = scan_all(s.sable, "HSCAN", k), scan_all(s.redis, "HSCAN", k)
            assert sorted(zip(a[0::2], a[1::2])) == sorted(zip(b[0::2], b[1::2]))
        elif op == 14:
            s.same("EXISTS", k)
            s.same("TYPE", k)
        else:
            if rnd.random() < 0.05:
                s.same("DEL", k)


def test_redis_py(s):
    import redis
    r = redis.Redis(port=s.sable_server.port, decode_responses=True)
    assert r.hset("rp", mapping={"a": "1", "b": "2"}) == 2
    assert r.hgetall("rp") == {"a": "1", "b": "2"}
    assert r.hget("rp", "a") == "1"
    assert r.hmget("rp", ["a", "zz"]) == ["1", None]
    assert r.hincrby("rp", "a", 5) == 6
    assert r.hincrbyfloat("rp", "f", 1.5) == 1.5
    assert sorted(r.hkeys("rp")) == ["a", "b", "f"]
    assert r.hlen("rp") == 3
    assert r.hexists("rp", "b") is True
    assert r.hdel("rp", "b") == 1
    assert r.hrandfield("rp") in ("a", "f")
    assert dict(r.hscan_iter("rp")) == {"a": "6", "f": "1.5"}
    try:
        r.set("str", "x")
        r.hget("str", "a")
        assert False
    except redis.ResponseError as e:
        assert str(e).startswith("WRONGTYPE")
    r3 = redis.Redis(port=s.sable_server.port, decode_responses=True, protocol=3) \
        if "protocol" in redis.Redis.__init__.__code__.co_varnames else None
    if r3 is not None:
        assert r3.hgetall("rp") == {"a": "6", "f": "1.5"}


if __name__ == "__main__":
    run_tests(globals())
