"""Set commands and SORT against Redis 7.0, byte for byte (sorted where order is unspecified)."""
import random

from harness import parse, run_tests


def has_object(s):
    """Fails the test if Sable does not know OBJECT (no silent skips)."""
    reply = s.sable.cmd("OBJECT", "HELP")
    assert not reply.startswith(b"-ERR unknown command"), reply
    return True


def same_encoding(s, key):
    if has_object(s):
        s.same("OBJECT", "ENCODING", key)


def redis_encoding(s, key):
    return parse(s.redis.cmd("OBJECT", "ENCODING", key))


def same_members(s, *args):
    """Exact for intsets (Redis returns them sorted), sorted comparison otherwise."""
    enc = redis_encoding(s, args[1]) if len(args) > 1 else None
    if enc == b"intset":
        return s.same(*args)
    return s.same_sorted(*args)


def scan_all(conn, key, *opts):
    cursor, out = b"0", []
    while True:
        cursor, items = parse(conn.cmd("SSCAN", key, cursor, *opts))
        out += items
        if cursor == b"0":
            return out


def test_basic(s):
    s.same("SADD", "s", "3", "1", "2", "1")
    s.same("SMEMBERS", "s")  # intset: ascending
    s.same("SCARD", "s")
    s.same("SISMEMBER", "s", "2")
    s.same("SISMEMBER", "s", "02")
    s.same("SISMEMBER", "s", "x")
    s.same("SMISMEMBER", "s", "1", "x", "3")
    s.same("SMISMEMBER", "nokey", "1", "x")
    s.same("SISMEMBER", "nokey", "1")
    s.same("SCARD", "nokey")
    s.same("SMEMBERS", "nokey")
    s.same("SREM", "s", "1", "9")
    s.same("SREM", "nokey", "1")
    s.same("SREM", "s", "2", "3")
    s.same("EXISTS", "s")
    s.same("SADD", "t", "a", "b", "c", "")
    s.same_sorted("SMEMBERS", "t")
    s.same("SISMEMBER", "t", "")


def test_intset_widths_and_encoding(s):
    vals = ["1", "-1", "32767", "-32768", "32768", "-2147483648", "2147483647", "2147483648",
            "-9223372036854775808", "9223372036854775807", "0"]
    for v in vals:
        s.same("SADD", "s", v)
        s.same("SMEMBERS", "s")
        same_encoding(s, "s")
    for v in vals[::2]:
        s.same("SREM", "s", v)
        s.same("SMEMBERS", "s")
    s.same("SADD", "s", "007")
    same_encoding(s, "s")
    s.same_sorted("SMEMBERS", "s")
    s.same("SADD", "n", "-0")
    same_encoding(s, "n")
    s.same("SADD", "n2", "9223372036854775808")
    same_encoding(s, "n2")
    for i in range(512):
        s.same("SADD", "big", i * 3)
    same_encoding(s, "big")
    s.same("SMEMBERS", "big")
    s.same("SADD", "big", "100000")
    same_encoding(s, "big")
    s.same_sorted("SMEMBERS", "big")


def test_intset_config(s):
    for c in (s.sable, s.redis):
        c.cmd("CONFIG", "SET", "set-max-intset-entries", "3")
    try:
        s.same("SADD", "s", "1", "2", "3")
        same_encoding(s, "s")
        s.same("SADD", "s", "4")
        same_encoding(s, "s")
    finally:
        for c in (s.sable, s.redis):
            c.cmd("CONFIG", "SET", "set-max-intset-entries", "512")


def test_wrong_type_and_arity(s):
    s.same("SET", "str", "x")
    s.same("SADD", "s", "1")
    for cmd in (("SADD", "str", "a"), ("SREM", "str", "a"), ("SMEMBERS", "str"),
                ("SISMEMBER", "str", "a"), ("SMISMEMBER", "str", "a"), ("SCARD", "str"),
                ("SPOP", "str"), ("SPOP", "str", "0"), ("SPOP", "str", "2"),
                ("SRANDMEMBER", "str"), ("SRANDMEMBER", "str", "-1"), ("SMOVE", "str", "s", "a"),
                ("SMOVE", "s", "str", "1"), ("SMOVE", "nokey", "str", "1"),
                ("SINTER", "s", "str"), ("SINTER", "nokey", "str"), ("SINTERCARD", "2", "s", "str"),
                ("SINTERSTORE", "d", "s", "str"), ("SUNION", "s", "str"),
                ("SUNIONSTORE", "d", "str"), ("SDIFF", "str", "s"), ("SDIFF", "s", "str"),
                ("SDIFFSTORE", "d", "s", "str"), ("SSCAN", "str", "0"),
                ("SSCAN", "str", "0", "BAD"), ("SORT", "str"), ("SORT_RO", "str")):
        s.same(*cmd)
    s.same("EXISTS", "d")
    for cmd in (("SADD", "s"), ("SREM", "s"), ("SMEMBERS",), ("SISMEMBER", "s"),
                ("SMISMEMBER", "s"), ("SCARD",), ("SPOP",), ("SPOP", "s", "1", "2"),
                ("SRANDMEMBER",), ("SRANDMEMBER", "s", "1", "2"), ("SMOVE", "a", "b"),
                ("SINTER",), ("SINTERCARD", "1"), ("SINTERSTORE", "d"), ("SUNION",),
                ("SDIFFSTORE", "d"), ("SSCAN", "s"), ("SORT",)):
        s.same(*cmd)


def test_spop(s):
    s.same("SPOP", "nokey")
    s.same("SPOP", "nokey", "3")
    s.same("SPOP", "nokey", "0")
    s.same("SADD", "s", "1", "2", "3", "4", "5")
    s.same("SPOP", "s", "-1")
    s.same("SPOP", "s", "abc")
    s.same("SPOP", "s", "0")
    a, b = s.both("SPOP", "s")
    assert parse(a) in (b"1", b"2", b"3", b"4", b"5")
    s.sable.cmd("SADD", "s", parse(a))
    s.redis.cmd("SADD", "s", parse(b))
    va, vb = parse(s.sable.cmd("SPOP", "s", "2")), parse(s.redis.cmd("SPOP", "s", "2"))
    assert len(va) == len(vb) == 2
    s.same("SCARD", "s")
    s.sable.cmd("SADD", "s", *va)
    s.redis.cmd("SADD", "s", *vb)
    s.same("SPOP", "s", "5")  # whole set, intset order
    s.same("EXISTS", "s")
    for i in range(300):
        s.same("SADD", "h", "m%d" % i)
    for count in (1, 10, 59, 61, 100):
        a = parse(s.sable.cmd("SPOP", "h", count))
        assert len(a) == len(set(a)) == count
        s.sable.cmd("SADD", "h", *a)
        b = parse(s.redis.cmd("SPOP", "h", count))
        s.sable.cmd("SREM", "h", *b)
        s.same("SCARD", "h")
    s.same_sorted("SPOP", "h", "1000")
    s.same("EXISTS", "h")


def test_spop_resp3(s):
    s.sable.cmd("HELLO", "3")
    s.redis.cmd("HELLO", "3")
    s.same("SPOP", "nokey", "2")
    s.same("SPOP", "nokey")
    s.same("SADD", "s", "1", "2")
    s.same("SMEMBERS", "s")
    s.same("SPOP", "s", "0")
    s.same("SPOP", "s", "5")
    s.same("SRANDMEMBER", "nokey")
    s.same("SRANDMEMBER", "nokey", "3")
    s.same("SADD", "s", "1", "2")
    s.same("SUNION", "s", "nokey")
    s.same("SINTER", "s", "nokey")
    s.same("SDIFF", "s", "nokey")
    s.same("SMEMBERS", "nokey")
    s.same("SRANDMEMBER", "s", "5")


def test_srandmember(s):
    s.same("SRANDMEMBER", "nokey")
    s.same("SRANDMEMBER", "nokey", "5")
    s.same("SRANDMEMBER", "nokey", "-5")
    s.same("SADD", "s", "1", "2", "3")
    s.same("SRANDMEMBER", "s", "0")
    s.same("SRANDMEMBER", "s", "3")
    s.same("SRANDMEMBER", "s", "10")
    s.same("SRANDMEMBER", "s", "x")
    s.same("SRANDMEMBER", "s", "-9223372036854775808")
    s.same("SRANDMEMBER", "nokey", "-9223372036854775808")
    members = {b"1", b"2", b"3"}
    for key in ("s", "h"):
        if key == "h":
            for i in range(200):
                s.same("SADD", "h", "m%d" % i)
            members = {b"m%d" % i for i in range(200)}
        for count in (1, 2, 50, 66, 67, 150, 199, 200, 300):
            a, b = s.both("SRANDMEMBER", key, count)
            va, vb = parse(a), parse(b)
            assert len(va) == len(vb) == min(count, len(members)), (key, count)
            assert len(set(va)) == len(va) and set(va) <= members
        for count in (-1, -7, -500):
            va = parse(s.sable.cmd("SRANDMEMBER", key, count))
            assert len(va) == -count and set(va) <= members
        assert parse(s.sable.cmd("SRANDMEMBER", key)) in members


def test_smove(s):
    s.same("SADD", "a", "1", "2", "x")
    s.same("SMOVE", "a", "b", "1")
    s.same("SMEMBERS", "b")
    same_encoding(s, "b")
    s.same("SMOVE", "a", "b", "nope")
    s.same("SMOVE", "a", "a", "2")
    s.same("SMOVE", "a", "a", "zz")
    s.same("SMOVE", "nokey", "b", "1")
    s.same("SMOVE", "a", "c", "x")
    same_encoding(s, "c")
    s.same("SMOVE", "a", "b", "2")
    s.same("EXISTS", "a")
    s.same("SMEMBERS", "b")
    s.same("SMOVE", "b", "c", "1")
    s.same_sorted("SMEMBERS", "c")


def test_algebra(s):
    s.same("SADD", "a", "1", "2", "3", "4", "x")
    s.same("SADD", "b", "2", "3", "5")
    s.same("SADD", "c", "3", "4", "2", "y")
    s.same("SADD", "i1", "1", "2", "3")
    s.same("SADD", "i2", "2", "3", "4")
    s.same("SINTER", "i1", "i2")
    s.same("SUNION", "i1", "i2")
    s.same("SDIFF", "i1", "i2")
    for op in ("SINTER", "SUNION", "SDIFF"):
        for keys in (("a",), ("a", "b"), ("a", "b", "c"), ("b", "a"), ("a", "nokey"),
                     ("nokey", "a"), ("a", "a"), ("nokey",)):
            s.same_sorted(op, *keys)
            s.same(op + "STORE", "dst", *keys)
            s.same("EXISTS", "dst")
            if parse(s.redis.cmd("EXISTS", "dst")):
                same_members(s, "SMEMBERS", "dst")
                same_encoding(s, "dst")
    # A stored result replaces any type and drops the TTL.
    s.same("SET", "dst", "str")
    s.same("EXPIRE", "dst", "100")
    s.same("SUNIONSTORE", "dst", "i1")
    s.same("TTL", "dst")
    s.same("SINTERSTORE", "dst", "i1", "nokey")
    s.same("EXISTS", "dst")
    s.same("SUNIONSTORE", "i1", "i1", "i2")
    s.same("SMEMBERS", "i1")
    s.same("SDIFFSTORE", "i1", "i1", "i1")
    s.same("EXISTS", "i1")


def test_sintercard(s):
    s.same("SADD", "a", "1", "2", "3", "4")
    s.same("SADD", "b", "2", "3", "4", "5")
    s.same("SINTERCARD", "2", "a", "b")
    s.same("SINTERCARD", "2", "a", "b", "LIMIT", "2")
    s.same("SINTERCARD", "2", "a", "b", "limit", "0")
    s.same("SINTERCARD", "2", "a", "b", "LIMIT", "10")
    s.same("SINTERCARD", "1", "a")
    s.same("SINTERCARD", "2", "a", "nokey")
    s.same("SINTERCARD", "0", "a")
    s.same("SINTERCARD", "-1", "a")
    s.same("SINTERCARD", "x", "a")
    s.same("SINTERCARD", "3", "a", "b")
    s.same("SINTERCARD", "1", "a", "LIMIT", "-1")
    s.same("SINTERCARD", "1", "a", "LIMIT", "x")
    s.same("SINTERCARD", "1", "a", "LIMIT")
    s.same("SINTERCARD", "1", "a", "FOO", "1")
    s.same("SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "3")


def test_sscan(s):
    s.same("SSCAN", "nokey", "0")
    s.same("SADD", "s", "1", "2", "10", "11")
    s.same("SSCAN", "s", "0")
    s.same("SSCAN", "s", "0", "MATCH", "1*")
    s.same("SSCAN", "s", "0", "COUNT", "1")
    s.same("SSCAN", "s", "0", "COUNT", "0")
    s.same("SSCAN", "s", "abc")
    s.same("SSCAN", "s", "0", "TYPE", "set")
    for i in range(1000):
        s.same("SADD", "big", "member:%d" % i)
    for opts in ((), ("COUNT", "5"), ("MATCH", "member:9*"), ("MATCH", "*7", "COUNT", "50")):
        a, b = scan_all(s.sable, "big", *opts), scan_all(s.redis, "big", *opts)
        assert sorted(a) == sorted(b), opts


def test_sort_basic(s):
    s.same("SORT", "nokey")
    s.same("SORT", "nokey", "STORE", "dst")
    s.same("RPUSH", "l", "3", "1", "2", "10", "-5", "2.5")
    s.same("SORT", "l")
    s.same("SORT", "l", "DESC")
    s.same("SORT", "l", "ALPHA")
    s.same("SORT", "l", "ALPHA", "DESC")
    s.same("SORT", "l", "LIMIT", "1", "2")
    s.same("SORT", "l", "LIMIT", "-5", "2")
    s.same("SORT", "l", "LIMIT", "10", "2")
    s.same("SORT", "l", "LIMIT", "2", "-1")
    s.same("SORT", "l", "LIMIT", "2", "0")
    s.same("SORT", "l", "LIMIT", "x", "1")
    s.same("SORT", "l", "LIMIT", "1")
    s.same("SORT", "l", "BY", "nosort")
    s.same("SORT", "l", "BY", "nosort", "DESC")
    s.same("SORT", "l", "BY", "nosort", "LIMIT", "1", "3")
    s.same("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "3")
    s.same("SORT", "l", "BY", "nosort", "LIMIT", "9", "3")
    s.same("SORT", "l", "FOO")
    s.same("RPUSH", "bad", "1", "abc")
    s.same("SORT", "bad")
    s.same("SORT", "bad", "ALPHA")
    s.same("SORT", "bad", "STORE", "x")
    s.same("SADD", "s", "5", "3", "9", "-1")
    s.same("SORT", "s")
    s.same("SORT", "s", "DESC", "LIMIT", "0", "2")
    s.same("SORT", "s", "BY", "nosort")
    s.same("SORT", "s", "BY", "nosort", "STORE", "dst")
    s.same("LRANGE", "dst", "0", "-1")
    s.same("SADD", "w", "b", "a", "c")
    s.same("SORT", "w", "ALPHA")
    s.same("SORT", "w")
    s.same("SORT", "w", "BY", "nosort", "STORE", "dst")
    s.same("LRANGE", "dst", "0", "-1")


def test_sort_by_get_store(s):
    s.same("RPUSH", "l", "1", "2", "3", "4")
    s.same("MSET", "w_1", "40", "w_2", "30", "w_3", "20", "w_4", "10")
    s.same("MSET", "o_1", "one", "o_2", "two", "o_4", "four")
    s.same("HSET", "h_1", "f", "z", "n", "3")
    s.same("HSET", "h_2", "f", "y", "n", "1")
    s.same("HSET", "h_3", "f", "x", "n", "2")
    s.same("SORT", "l", "BY", "w_*")
    s.same("SORT", "l", "BY", "w_*", "DESC")
    s.same("SORT", "l", "BY", "w_*", "GET", "o_*")
    s.same("SORT", "l", "BY", "w_*", "GET", "#", "GET", "o_*", "GET", "h_*->f")
    s.same("SORT", "l", "BY", "h_*->n")
    s.same("SORT", "l", "BY", "h_*->f", "ALPHA")
    s.same("SORT", "l", "BY", "h_*->f", "ALPHA", "DESC", "LIMIT", "0", "2")
    s.same("SORT", "l", "BY", "missing_*")
    s.same("SORT", "l", "GET", "nostar")
    s.same("SORT", "l", "GET", "h_*->")
    s.same("SORT", "l", "BY", "w_*", "GET", "o_*", "STORE", "dst")
    s.same("LRANGE", "dst", "0", "-1")
    s.same("TYPE", "dst")
    s.same("SORT", "l", "LIMIT", "0", "0", "STORE", "dst")
    s.same("EXISTS", "dst")
    s.same("SORT_RO", "l", "BY", "w_*", "GET", "#")
    s.same("SORT_RO", "l", "STORE", "dst")
    s.same("SET", "o_2", "notnum")
    s.same("SORT", "l", "BY", "o_*")
    s.same("ZADD", "z", "1", "c", "2", "b", "3", "a")
    s.same("SORT", "z", "ALPHA")
    s.same("SORT", "z", "BY", "nosort")
    s.same("SORT", "z", "BY", "nosort", "DESC")
    s.same("SORT", "z", "BY", "nosort", "LIMIT", "1", "5")
    s.same("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "1")
    s.same("SORT", "z")


def test_sort_limit_extremes(s):
    # Offsets and counts anywhere in the 64-bit range are clamped to the data (this once aborted
    # the server with std::bad_alloc).
    big, small = "9223372036854775807", "-9223372036854775808"
    s.same("RPUSH", "L", "3", "1", "2", "5", "4")
    s.same("SADD", "S", "3", "1", "2")
    s.same("ZADD", "Z", "1", "a", "2", "b", "3", "c")
    for key in ("L", "S", "Z", "missing"):
        for off, cnt in ((2, big), (big, big), (small, 3), (small, small), (0, small), (big, 1),
                         (1, "-1"), ("-1", 2), (4, 1), (5, 1)):
            s.same("SORT_RO", key, "BY", "a", "LIMIT", off, cnt)
            s.same("SORT_RO", key, "LIMIT", off, cnt, "ALPHA")
            s.same("SORT", key, "BY", "nosort", "LIMIT", off, cnt, "DESC")
            s.same("SORT", key, "LIMIT", off, cnt, "ALPHA", "STORE", "dst")
            s.same("LRANGE", "dst", "0", "-1")
    s.same("PING")


def test_sort_getkeys(s):
    # Only the last STORE names a key, as SORT itself uses only the last one.
    for args in (("abc", "store", "invalid", "store", "stillbad", "store", "def"),
                 ("abc",), ("abc", "store"), ("abc", "limit", "0", "1", "store", "d"),
                 ("abc", "by", "store", "get", "store"), ("abc", "store", "x", "limit")):
        s.same("COMMAND", "GETKEYS", "sort", *args)
        s.same("COMMAND", "GETKEYS", "sort_ro", *args)


def test_notifications(s):
    subs = {}
    for name, srv in (("sable", s.sable_server), ("redis", s.redis_server)):
        c = srv.conn()
        c.cmd("CONFIG", "SET", "notify-keyspace-events", "KEA")
        c2 = srv.conn()
        c2.cmd("PSUBSCRIBE", "__keyevent@0__:*")
        subs[name] = (c, c2)
    cmds = [("SADD", "a", "1", "2", "3"), ("SADD", "a", "1"), ("SREM", "a", "1"),
            ("SMOVE", "a", "b", "2"), ("SPOP", "a"), ("SADD", "c", "1", "2"),
            ("SINTERSTORE", "d", "c", "c"), ("SUNIONSTORE", "d", "c"), ("SDIFFSTORE", "d", "c", "c"),
            ("SPOP", "c", "5"), ("SORT", "b", "STORE", "l")]
    try:
        for cmd in cmds:
            s.same(*cmd)
        seen = {}
        for name, (c, c2) in subs.items():
            c.cmd("SET", "end", "1")
            events = []
            while True:
                msg = parse(c2.read_reply())
                if msg[3] == b"end":
                    break
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
    keys = ["s1", "s2", "s3", "s4"]

    def member():
        r = rnd.random()
        if r < 0.7:
            return str(rnd.randint(-40, 40))
        if r < 0.75:
            return str(rnd.choice([70000, -70000, 3000000000, -3000000000]))
        return "m%d" % rnd.randint(0, 30)

    for _ in range(3000):
        k = rnd.choice(keys)
        op = rnd.randint(0, 16)
        if op <= 3:
            s.same("SADD", k, *[member() for _ in range(rnd.randint(1, 5))])
        elif op <= 5:
            s.same("SREM", k, *[member() for _ in range(rnd.randint(1, 5))])
        elif op == 6:
            s.same("SISMEMBER", k, member())
            s.same("SMISMEMBER", k, member(), member())
        elif op == 7:
            s.same("SCARD", k)
            same_encoding(s, k)
        elif op == 8:
            same_members(s, "SMEMBERS", k)
        elif op == 9:
            s.same("SMOVE", k, rnd.choice(keys), member())
        elif op == 10:
            others = rnd.sample(keys, rnd.randint(1, 3))
            s.same_sorted(rnd.choice(["SINTER", "SUNION", "SDIFF"]), k, *others)
            s.same("SINTERCARD", len(others) + 1, k, *others, "LIMIT", rnd.randint(0, 5))
        elif op == 11:
            others = rnd.sample(keys, rnd.randint(1, 2))
            s.same(rnd.choice(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]),
                   rnd.choice(keys + ["d"]), k, *others)
        elif op == 12:
            c = rnd.randint(-5, 8)
            a, b = s.both("SRANDMEMBER", k, c)
            assert len(parse(a)) == len(parse(b)), (a, b)
        elif op == 13:
            # SPOP is random: pop on Redis, then remove the same members on Sable.
            c = rnd.randint(1, 3)
            b = parse(s.redis.cmd("SPOP", k, c))
            if b:
                s.sable.cmd("SREM", k, *b)
            s.same("SCARD", k)
        elif op == 14:
            a, b = scan_all(s.sable, k), scan_all(s.redis, k)
            assert sorted(a) == sorted(b)
        elif op == 15:
            if redis_encoding(s, k) == b"intset":
                s.same("SORT", k)
                s.same("SORT", k, "DESC", "LIMIT", "1", "3")
            s.same("SORT", k, "ALPHA")
        else:
            s.same("EXISTS", k)
            s.same("TYPE", k)


def test_redis_py(s):
    import redis
    r = redis.Redis(port=s.sable_server.port, decode_responses=True)
    assert r.sadd("rp", "a", "b", "1") == 3
    assert r.smembers("rp") == {"a", "b", "1"}
    assert r.sismember("rp", "a")
    assert r.smismember("rp", ["a", "z"]) == [1, 0]
    assert r.scard("rp") == 3
    assert r.srem("rp", "b") == 1
    assert r.sadd("rp2", "a", "c") == 2
    assert r.sinter("rp", "rp2") == {"a"}
    assert r.sunion("rp", "rp2") == {"a", "c", "1"}
    assert r.sdiff("rp", "rp2") == {"1"}
    assert r.sintercard(2, ["rp", "rp2"]) == 1
    assert r.smove("rp", "rp2", "1")
    assert set(r.sscan_iter("rp2")) == {"a", "c", "1"}
    assert r.spop("rp") == "a"
    assert r.exists("rp") == 0
    assert r.srandmember("rp2") in {"a", "c", "1"}
    r.rpush("rl", 3, 1, 2)
    assert r.sort("rl") == ["1", "2", "3"]
    assert r.sort("rl", desc=True, start=0, num=2) == ["3", "2"]


if __name__ == "__main__":
    run_tests(globals())
