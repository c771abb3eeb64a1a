"""DUMP and RESTORE, differential against redis-server: payloads of every type and encoding
cross both ways (a value DUMPed by Redis RESTOREs in Sable and back), RESTORE's options (REPLACE,
ABSTTL, IDLETIME, FREQ) and every error: option clashes, BUSYKEY, bad TTLs, and bad payloads
(wrong checksum, truncated, newer RDB version, garbage under a valid checksum), which change
nothing.
"""
import random

from harness import dump_payload, parse, run_tests




def fill(s):
    """Keys of every type in each encoding both servers pick the same way."""
    cmds = [
        ("SET", "s:int", "12345"), ("SET", "s:neg", "-7"), ("SET", "s:emb", "hello"),
        ("SET", "s:raw", "x" * 100), ("SET", "s:lzf", "ab" * 200), ("SET", "s:bin", "\x00\xff\r\n"),
        ("RPUSH", "l:small", "a", "1", "-2", "b" * 70),
        ("HSET", "h:small", "f1", "v1", "f2", "22"),
        ("SADD", "set:int", "1", "2", "3", "-100"), ("SADD", "set:str", "a", "b", "c"),
        ("ZADD", "z:small", "1", "a", "2.5", "b", "-inf", "c"),
    ]
    cmds.append(("RPUSH", "l:big") + tuple("e%d" % i for i in range(600)))
    cmds.append(("HSET", "h:big") + tuple(x for i in range(300) for x in ("f%d" % i, "v%d" % i)))
    cmds.append(("SADD", "set:big") + tuple("m%d" % i for i in range(300)))
    cmds.append(("SADD", "set:bigint") + tuple(str(i) for i in range(600)))
    cmds.append(("ZADD", "z:big") + tuple(x for i in range(300) for x in (str(i / 3), "m%d" % i)))
    for c in cmds:
        s.same(*c)
    return [c[1] for c in cmds]


def contents(s, conn, key):
    t = parse(conn.cmd("TYPE", key))
    t = t.decode() if isinstance(t, bytes) else t
    if t == "string":
        return conn.cmd("GET", key)
    if t == "list":
        return conn.cmd("LRANGE", key, "0", "-1")
    if t == "hash":
        return sorted(parse(conn.cmd("HGETALL", key)))
    if t == "set":
        return sorted(parse(conn.cmd("SMEMBERS", key)))
    if t == "zset":
        return conn.cmd("ZRANGE", key, "0", "-1", "WITHSCORES")
    return t


def test_dump_missing_and_arity(s):
    s.same("DUMP", "nosuch")
    s.same("DUMP")
    s.same("DUMP", "a", "b")
    s.same("RESTORE", "k", "0")


def test_strings_and_lists_dump_identically(s):
    """Strings, small lists and integer sets (intsets of 16, 32 and 64-bit values): Sable writes
    the bytes Redis writes."""
    fill(s)
    for key in ("s:int", "s:neg", "s:emb", "s:raw", "s:lzf", "s:bin", "l:small"):
        s.same("DUMP", key)
    s.same("SADD", "is16", "3", "1", "2", "-7")
    s.same("SADD", "is32", "1", "70000", "-5")
    s.same("SADD", "is64", "1", "9999999999", "-9223372036854775808")
    for key in ("is16", "is32", "is64"):
        s.same("DUMP", key)


def test_payloads_cross_both_ways(s):
    keys = fill(s)
    for key in keys:
        from_sable = parse(s.sable.cmd("DUMP", key))
        from_redis = parse(s.redis.cmd("DUMP", key))
        for name, data in (("sable", from_sable), ("redis", from_redis)):
            s.same("RESTORE", key + ":from-" + name, "0", data)
            s.same("TYPE", key + ":from-" + name)
            a = contents(s, s.sable, key + ":from-" + name)
            b = contents(s, s.redis, key + ":from-" + name)
            assert a == b, (key, name, a, b)
            s.same("OBJECT", "ENCODING", key + ":from-" + name)


def test_restore_options(s):
    s.same("SET", "foo", "bar")
    data = parse(s.sable.cmd("DUMP", "foo"))
    assert data == parse(s.redis.cmd("DUMP", "foo"))
    s.same("RESTORE", "foo", "0", data)  # BUSYKEY
    s.same("RESTORE", "foo", "0", data, "REPLACE")
    s.same("RESTORE", "t1", "100000", data)
    for conn in (s.sable, s.redis):
        ttl = parse(conn.cmd("PTTL", "t1"))
        assert 99000 < ttl <= 100000, ttl
    s.same("RESTORE", "t2", "4102444800000", data, "ABSTTL")  # 2100-01-01
    s.same("PEXPIRETIME", "t2")
    s.same("RESTORE", "t3", "1000", data, "ABSTTL")  # in the past: nothing created
    s.same("EXISTS", "t3")
    s.same("RESTORE", "foo", "1000", data, "ABSTTL", "REPLACE")  # replaced by nothing: deleted
    s.same("EXISTS", "foo")
    s.same("RESTORE", "t4", "0", data, "IDLETIME", "1000")
    for conn in (s.sable, s.redis):
        idle = parse(conn.cmd("OBJECT", "IDLETIME", "t4"))
        assert 1000 <= idle <= 1010, idle
    s.same("RESTORE", "t5", "0", data, "FREQ", "100")
    s.same("GET", "t5")
    s.same("RESTORE", "t6", "4294967296000", data)  # overflows 32 bits
    s.same("TTL", "t6")


def test_restore_errors(s):
    s.same("SET", "foo", "bar")
    data = parse(s.sable.cmd("DUMP", "foo"))
    for args in (["abc", "..."], ["-1", "..."], ["0", "..."], ["0", "...", "idletime", "-1"],
                 ["0", "...", "idletime", "x"], ["0", "...", "freq", "300"],
                 ["0", "...", "freq", "-1"], ["0", "...", "bogus"],
                 ["0", "...", "replace", "absttl", "idletime", "5", "freq", "5"],
                 ["0", "...", "freq", "5", "idletime", "5"], ["0", "...", "idletime"],
                 ["abc", data, "REPLACE"], ["-5", data, "REPLACE"]):
        s.same("RESTORE", "foo", *args)
        s.same("RESTORE", "missing", *args)
    s.same("GET", "foo")
    body = data[:-10]
    bad = [b"", b"x" * 9, data[:-1], data[:5], body + b"\x0b\x00" + data[-8:],
           dump_payload(body, version=11), dump_payload(b"\x63" + body[1:]),  # unknown type
           dump_payload(b"\x00"), dump_payload(b"\x00\xc3\x05\x09"),  # truncated LZF
           dump_payload(b"\x0e\x05"), dump_payload(b"\x12\x01\x02\x05abc"),  # truncated list forms
           dump_payload(b"\x02\x00"), dump_payload(b"\x04\x00"), dump_payload(b"\x03\x00"), dump_payload(b"\x0e\x00")]
    for p in bad:
        s.same("RESTORE", "newkey", "0", p)
    s.same("EXISTS", "newkey")
    # Random garbage under a valid checksum never crashes, and replies as Redis does.
    rng = random.Random(17)
    for _ in range(300):
        n = rng.randrange(1, 40)
        junk = bytes([rng.randrange(256) for _ in range(n)])
        a = s.sable.cmd("RESTORE", "junk", "0", dump_payload(junk), "REPLACE")
        b = s.redis.cmd("RESTORE", "junk", "0", dump_payload(junk), "REPLACE")
        assert a.startswith(b"-") == b.startswith(b"-"), (junk, a, b)
    s.sable.cmd("DEL", "junk")
    assert s.sable.cmd("PING") == b"+PONG\r\n"


def test_restore_events(s):
    s.same("CONFIG", "SET", "notify-keyspace-events", "KEA")
    sub_s, sub_r = s.sable_server.conn(), s.redis_server.conn()
    try:
        for c in (sub_s, sub_r):
            c.cmd("PSUBSCRIBE", "__key*__:*")
        s.same("SET", "foo", "bar")
        data = parse(s.sable.cmd("DUMP", "foo"))
        s.same("RESTORE", "foo", "0", data, "REPLACE")
        s.same("RESTORE", "foo", "1", data, "REPLACE", "ABSTTL")
        s.same("PING")
        a = [sub_s.read_reply() for _ in range(6)]
        b = [sub_r.read_reply() for _ in range(6)]
        assert a == b, (a, b)
    finally:
        sub_s.close()
        sub_r.close()
        s.same("CONFIG", "SET", "notify-keyspace-events", "")


if __name__ == "__main__":
    run_tests(globals())
