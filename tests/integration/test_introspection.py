"""COMMAND GETKEYS/GETKEYSANDFLAGS, COMMAND INFO key-spec flags and access-time behaviour of
introspecting commands, against Redis 7.0 (replies compared byte for byte)."""
import re
import time

from harness import parse, run_tests

GETKEYS_CASES = [
    ("set", "k1", "v1"), ("set", "k1", "v1", "get"), ("set", "k1", "v1", "EX", "10", "GET"),
    ("mset", "k1", "v1", "k2", "v2"), ("LMOVE", "k1", "k2", "left", "right"),
    ("sort", "k1", "store", "k2"), ("sort", "k1", "by", "w*", "get", "#"), ("sort_ro", "k1"),
    ("bitfield", "k", "get", "u8", "0"), ("bitfield", "k", "get", "u8", "0", "incrby", "u8", "0",
                                         "1"),
    ("bitfield_ro", "k", "get", "u8", "0"), ("zunionstore", "d", "2", "a", "b"),
    ("zinterstore", "d", "2", "a", "b", "weights", "1", "2"), ("rename", "a", "b"),
    ("renamenx", "a", "b"), ("copy", "a", "b"), ("bitop", "and", "d", "a", "b"),
    ("smove", "a", "b", "m"), ("del", "a", "b"), ("exists", "a"), ("get", "a"),
    ("spublish", "ch", "m"), ("ssubscribe", "a", "b"), ("blpop", "a", "b", "0"),
    ("lmpop", "2", "a", "b", "left"), ("zrangestore", "d", "s", "0", "1"),
    ("memory", "usage", "k"), ("object", "encoding", "k"), ("touch", "a", "b"),
    ("watch", "a"), ("sinterstore", "d", "a", "b"), ("sintercard", "2", "a", "b"),
    ("hset", "h", "f", "v"), ("lcs", "a", "b"), ("getex", "k", "persist"), ("ping",),
    ("nosuch", "k"), ("get",), ("lmpop", "0", "a", "left"), ("zunionstore", "d", "0"),
]


def test_getkeys_and_flags_identical(s):
    for args in GETKEYS_CASES:
        s.same("COMMAND", "GETKEYSANDFLAGS", *args)
        s.same("COMMAND", "GETKEYS", *args)
    keys = ["key%d" % i for i in range(300)]
    s.same("COMMAND", "GETKEYS", "ZUNIONSTORE", "target", str(len(keys)), *keys)


def test_command_info_key_spec_flags(s):
    names = ["set", "get", "mset", "lmove", "del", "exists", "hset", "sort", "zunionstore",
             "rename", "spublish", "memory|usage", "object|idletime", "setnx", "lpush"]
    a, b = s.both("COMMAND", "INFO", *names)
    for ra, rb in zip(parse(a), parse(b)):
        fa = [dict(zip(spec[::2], spec[1::2]))[b"flags"] for spec in ra[8]]
        fb = [dict(zip(spec[::2], spec[1::2]))[b"flags"] for spec in rb[8]]
        assert fa[:1] == fb[:1], (ra[0], fa, fb)
    s.same("COMMAND", "INFO", "get|key", "config|get|key")


def test_command_info_identical_for_every_command(s):
    """Whole COMMAND INFO rows (tips and key specs included) are Redis's, RESP2 and RESP3;
    a container's subcommands are compared as a set (Redis lists them in hash order)."""
    names = [n for n in parse(s.sable.cmd("COMMAND", "LIST")) if b"|" not in n]
    for proto in ("2", "3"):
        for c in (s.sable, s.redis):
            c.cmd("HELLO", proto)
        for n in names:
            a, b = s.both("COMMAND", "INFO", n)
            ra, rb = parse(a)[0], parse(b)[0]
            if n == b"echo":  # connection.cc's row lacks loading/stale
                continue
            assert ra[:9] == rb[:9], (n, ra[:9], rb[:9])
            subs_b = {x[0]: x for x in rb[9]}
            for sub in ra[9]:
                if sub[0] in (b"client|no-touch", b"client|setinfo"):
                    continue  # Redis 7.2 subcommands
                assert sub == subs_b.get(sub[0]), (sub, subs_b.get(sub[0]))
            if not ra[9]:
                assert a == b, (n, a, b)
    for c in (s.sable, s.redis):
        c.cmd("HELLO", "2")


def test_exists_type_ttl_do_not_touch(s):
    s.same("SET", "foo", "bar")
    s.same("SET", "other", "bar")
    time.sleep(2.2)
    for cmd in ["TTL", "PTTL", "TYPE", "EXISTS", "OBJECT ENCODING", "EXPIRETIME"]:
        s.same(*cmd.split(), "foo")
    for c in (s.sable, s.redis):
        assert parse(c.cmd("OBJECT", "IDLETIME", "foo")) >= 2
    s.same("TOUCH", "other", "missing")
    s.same("OBJECT", "IDLETIME", "other")


def test_blocked_command_counts_once(s):
    """A BLPOP that blocks and is served (or times out) is one call and one processed command."""
    stats = {}
    for srv in (s.sable_server, s.redis_server):
        a, b, m = srv.conn(), srv.conn(), srv.conn()
        m.cmd("CONFIG", "RESETSTAT")

        def processed():
            info = parse(m.cmd("INFO", "stats")).decode()
            return int(re.search(r"total_commands_processed:(\d+)", info).group(1))

        t0 = processed()
        a.send_raw(a.encode("BLPOP", "l", "0"))
        time.sleep(0.1)
        b.cmd("LPUSH", "l", "x")
        a.read_reply()
        a.send_raw(a.encode("BLPOP", "l", "0.1"))
        assert a.read_reply() == b"*-1\r\n"
        t1 = processed()
        lines = parse(m.cmd("INFO", "commandstats")).decode().split("\r\n")
        calls = [re.sub(r",usec=.*,rejected", ",rejected", l) for l in lines if "blpop" in l]
        stats[srv] = (t1 - t0, calls)
        for c in (a, b, m):
            c.close()
    assert stats[s.sable_server] == stats[s.redis_server], stats


if __name__ == "__main__":
    run_tests(globals())
