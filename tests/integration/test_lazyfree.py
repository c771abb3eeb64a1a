"""Lazy freeing: UNLINK, FLUSHDB/FLUSHALL ASYNC and the lazyfree-lazy-user-* directives hand big
values to a background thread. Which values go there (INFO lazyfreed_objects), the replies, and
memory coming back must match redis-server."""
import re
import time

from harness import run_tests


def info_num(conn, name):
    raw = conn.cmd("INFO", "memory").decode()
    return int(re.search(r"\r\n%s:(\d+)" % name, raw).group(1))


def settled(conn):
    """lazyfreed_objects once nothing is pending any more."""
    deadline = time.time() + 5
    while info_num(conn, "lazyfree_pending_objects") and time.time() < deadline:
        time.sleep(0.02)
    assert info_num(conn, "lazyfree_pending_objects") == 0
    return info_num(conn, "lazyfreed_objects")


def fill(s):
    """Keys of every type, each on both sides of the 64-element lazy-free threshold."""
    s.same("SADD", "intset", *range(10))
    s.same("SADD", "bigset", *["m%d" % i for i in range(1000)])
    s.same("SADD", "smallset", *["m%d" % i for i in range(60)])  # hashtable, 60 elements
    s.same("HSET", "bighash", *[x for i in range(1000) for x in ("f%d" % i, "v")])
    s.same("HSET", "smallhash", "f", "v")
    s.same("ZADD", "bigzset", *[x for i in range(1000) for x in (str(i), "m%d" % i)])
    s.same("ZADD", "smallzset", "1", "a")
    s.same("RPUSH", "biglist", *["x" * 100 for _ in range(10000)])
    s.same("RPUSH", "smalllist", "a", "b")
    s.same("SET", "str", "x" * 1000)
    s.same("SET", "int", "12")


def test_unlink_frees_big_values_in_background(s):
    s.same("CONFIG", "RESETSTAT")
    fill(s)
    for key in ["intset", "bigset", "smallset", "bighash", "smallhash", "bigzset", "smallzset",
                "biglist", "smalllist", "str", "int"]:
        s.same("UNLINK", key)
        a, b = settled(s.sable), settled(s.redis)
        assert a == b, (key, a, b)
    s.same("UNLINK", "missing", "also-missing")
    s.same("DBSIZE")


def test_del_is_synchronous_unless_configured(s):
    s.same("CONFIG", "RESETSTAT")
    fill(s)
    s.same("DEL", "bigset")
    assert settled(s.sable) == settled(s.redis) == 0
    s.same("CONFIG", "SET", "lazyfree-lazy-user-del", "yes")
    s.same("DEL", "bighash", "smallhash", "missing")
    assert settled(s.sable) == settled(s.redis) == 1
    s.same("CONFIG", "SET", "lazyfree-lazy-user-del", "no")


def test_flush_async_counts_keys(s):
    s.same("CONFIG", "RESETSTAT")
    fill(s)
    s.same("SELECT", "1")
    s.same("MSET", "a", "1", "b", "2")
    s.same("FLUSHDB", "ASYNC")
    assert settled(s.sable) == settled(s.redis) == 2
    s.same("SELECT", "0")
    s.same("FLUSHALL", "ASYNC")
    a, b = settled(s.sable), settled(s.redis)
    assert a == b == 13, (a, b)
    s.same("DBSIZE")
    # FLUSHDB SYNC, and a plain FLUSHDB while lazyfree-lazy-user-flush is off, free at once.
    s.same("SET", "k", "v")
    s.same("FLUSHDB", "SYNC")
    s.same("SET", "k", "v")
    s.same("FLUSHDB")
    assert settled(s.sable) == settled(s.redis) == 13
    s.same("CONFIG", "SET", "lazyfree-lazy-user-flush", "yes")
    s.same("SET", "k", "v")
    s.same("FLUSHDB")
    assert settled(s.sable) == settled(s.redis) == 14
    s.same("SET", "k", "v")
    s.same("FLUSHALL", "SYNC")
    assert settled(s.sable) == settled(s.redis) == 14
    s.same("CONFIG", "SET", "lazyfree-lazy-user-flush", "no")
    s.same("CONFIG", "RESETSTAT")
    assert settled(s.sable) == settled(s.redis) == 0
    s.same("FLUSHDB", "LAZY")


def test_unlink_gives_memory_back(s):
    for srv, c in ((s.sable_server, s.sable), (s.redis_server, s.redis)):
        before = info_num(c, "used_memory")
        c.cmd("SADD", "myset", *range(100000))
        peak = info_num(c, "used_memory")
        assert peak > before + 1000000
        assert c.cmd("UNLINK", "myset") == b":1\r\n"
        settled(c)
        deadline = time.time() + 5
        while info_num(c, "used_memory") >= before * 2 and time.time() < deadline:
            time.sleep(0.05)
        assert info_num(c, "used_memory") < before * 2, (srv, before, info_num(c, "used_memory"))


if __name__ == "__main__":
    run_tests(globals())
