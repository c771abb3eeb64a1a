"""Generic key commands against Redis, byte for byte: RENAME MOVE COPY SWAPDB KEYS SCAN RANDOMKEY
DBSIZE, the EXPIRE and TTL families, PERSIST TOUCH OBJECT. A redis-py section at the end talks to
Sable alone through a real client library."""
import shutil
import time

from harness import parse, run_tests, start_redis, start_sable


def both_each(s, *cmds):
    for c in cmds:
        s.same(*c)


# --- RENAME / RENAMENX ---------------------------------------------------------------------------

def test_rename_basic(s):
    s.same("SET", "a", "1")
    s.same("RENAME", "a", "b")
    s.same("GET", "a")
    s.same("GET", "b")
    s.same("EXISTS", "a")
    s.same("RENAME", "missing", "x")
    s.same("RENAME", "b", "b")
    s.same("GET", "b")
    s.same("RENAME", "missing", "missing")
    s.same("SET", "c", "other")
    s.same("RENAME", "b", "c")  # overwrites
    s.same("GET", "c")
    s.same("DBSIZE")


def test_rename_keeps_and_drops_ttl(s):
    s.same("SET", "a", "x", "EX", "100")
    s.same("SET", "b", "y", "EX", "500")
    s.same("RENAME", "a", "n")
    s.same("TTL", "n")
    s.same("SET", "p", "z")
    s.same("RENAME", "p", "b")  # destination had a TTL, source has none
    s.same("TTL", "b")


def test_rename_all_encodings(s):
    s.same("SET", "i", "12345")
    s.same("SET", "e", "short string")
    s.same("SET", "r", "x" * 100)
    s.same("SET", "ap", "a")
    s.same("APPEND", "ap", "bc")
    for k in ("i", "e", "r", "ap"):
        s.same("RENAME", k, k + "2")
        s.same("GET", k + "2")
        s.same("OBJECT", "ENCODING", k + "2")


def test_renamenx(s):
    s.same("SET", "a", "1")
    s.same("SET", "b", "2")
    s.same("RENAMENX", "a", "b")
    s.same("RENAMENX", "a", "a")
    s.same("RENAMENX", "a", "c")
    s.same("GET", "c")
    s.same("RENAMENX", "missing", "z")
    s.same("RENAMENX", "missing", "missing")
    s.same("RENAME", "a")
    s.same("RENAMENX", "a", "b", "c")


# --- KEYS -----------------------------------------------------------------------------------------

def test_keys_patterns(s):
    for k in ("foo", "foobar", "fab", "f*x", "f?x", "fox", "bar", "Foo", "a[b", "a\\b", "hello",
              "hallo", "hxllo", "hllo", "heeeello", "x1", "x2", "xz"):
        s.same("SET", k, "v")
    for pat in ("*", "f*", "f?o", "*bar", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo",
                "x[0-9]", "x[a-z]", "x[!0-9]", "f\\*x", "f\\?x", "a\\[b", "a\\\\b", "[A-Z]oo",
                "nomatch*", "", "*o*", "?", "??", "???", "x[1-]", "x[z-a]", "a[b", "[fb]*",
                "*[", "\\"):
        s.same_sorted("KEYS", pat)
    s.same("KEYS")
    s.same("KEYS", "*", "extra")


def test_keys_skips_expired(s):
    s.same("SET", "live", "1")
    s.same("SET", "dead", "1", "PX", "1")
    time.sleep(0.02)
    s.same_sorted("KEYS", "*")


# --- SCAN -----------------------------------------------------------------------------------------

def scan_all(conn, *opts, between=None):
    cursor, seen, calls = b"0", set(), 0
    while True:
        cursor, keys = parse(conn.cmd("SCAN", cursor, *opts))
        seen.update(keys)
        calls += 1
        if between:
            between(calls)
        if cursor == b"0":
            return seen, calls
        assert calls < 100000


def test_scan_returns_everything(s):
    for i in range(500):
        s.same("SET", "key:%d" % i, i)
    for conn in (s.sable, s.redis):
        seen, _ = scan_all(conn)
        assert seen == {b"key:%d" % i for i in range(500)}
        seen, _ = scan_all(conn, "COUNT", "1000")
        assert len(seen) == 500
        seen, _ = scan_all(conn, "MATCH", "key:1*", "COUNT", "7")
        assert seen == {b"key:%d" % i for i in range(500) if str(i).startswith("1")}


def test_scan_during_growth(s):
    # Keys present for the whole scan must all be returned even while the table grows and
    # rehashes under the cursor.
    base = {b"base:%d" % i for i in range(200)}
    for k in base:
        s.sable.cmd("SET", k, "v")
    counter = [0]

    def grow(_calls):
        for _ in range(50):
            s.sable.cmd("SET", "new:%d" % counter[0], "v")
            counter[0] += 1

    seen, calls = scan_all(s.sable, "COUNT", "5", between=grow)
    assert base <= seen, "missed %d keys" % len(base - seen)
    assert counter[0] >= 1000, counter[0]


def test_scan_during_shrink(s):
    keep = {b"keep:%d" % i for i in range(100)}
    for k in keep:
        s.sable.cmd("SET", k, "v")
    for i in range(3000):
        s.sable.cmd("SET", "tmp:%d" % i, "v")
    left = ["tmp:%d" % i for i in range(3000)]

    def shrink(_calls):
        for _ in range(300):
            if left:
                s.sable.cmd("DEL", left.pop())

    seen, _ = scan_all(s.sable, "COUNT", "20", between=shrink)
    assert keep <= seen


def test_scan_type_and_match(s):
    for i in range(50):
        s.same("SET", "s%d" % i, "v")
        s.same("SET", "n%d" % i, i)
    for conn in (s.sable, s.redis):
        seen, _ = scan_all(conn, "TYPE", "string")
        assert len(seen) == 100
        seen, _ = scan_all(conn, "TYPE", "STRING", "MATCH", "n*")
        assert len(seen) == 50
        seen, _ = scan_all(conn, "TYPE", "list")
        assert seen == set()
        seen, _ = scan_all(conn, "TYPE", "nosuchtype")
        assert seen == set()


def test_scan_small_db_is_exact(s):
    # With a handful of keys, one call covers the whole table on both servers.
    for k in ("a", "b", "c"):
        s.same("SET", k, "1")
    a, b = s.both("SCAN", "0", "COUNT", "100")
    (ca, ka), (cb, kb) = parse(a), parse(b)
    assert ca == cb == b"0" and sorted(ka) == sorted(kb) == [b"a", b"b", b"c"], (a, b)
    s.same("SCAN", "0", "MATCH", "zz*", "COUNT", "100")


def test_scan_errors(s):
    s.same("SCAN", "0", "COUNT", "0")
    s.same("SCAN", "0", "COUNT", "-1")
    s.same("SCAN", "0", "COUNT", "x")
    s.same("SCAN", "x")
    s.same("SCAN", "1x")
    s.same("SCAN", " 1")
    s.same("SCAN", "99999999999999999999999")
    s.same("SCAN", "0", "MATCH")
    s.same("SCAN", "0", "FOO", "bar")
    s.same("SCAN", "0", "TYPE")
    s.same("SCAN")
    s.same("SCAN", "0")  # empty db
    s.same("SCAN", "-1")


def test_scan_skips_expired(s):
    s.same("SET", "live", "1")
    s.same("SET", "dead", "1", "PX", "1")
    time.sleep(0.02)
    s.same("SCAN", "0", "COUNT", "100")
    s.same("DBSIZE")


# --- RANDOMKEY / DBSIZE ---------------------------------------------------------------------------

def test_randomkey_dbsize(s):
    s.same("RANDOMKEY")
    s.same("DBSIZE")
    s.same("SET", "only", "1")
    s.same("RANDOMKEY")
    for i in range(20):
        s.same("SET", "k%d" % i, "v")
    s.same("DBSIZE")
    names = {b"only"} | {b"k%d" % i for i in range(20)}
    for _ in range(50):
        assert parse(s.sable.cmd("RANDOMKEY")) in names
    s.same("RANDOMKEY", "x")
    s.same("DBSIZE", "x")


def test_randomkey_all_expired(s):
    s.same("SET", "a", "1", "PX", "1")
    s.same("SET", "b", "1", "PX", "1")
    time.sleep(0.02)
    s.same("RANDOMKEY")
    s.same("DBSIZE")


# --- EXPIRE family --------------------------------------------------------------------------------

def test_expire_basic(s):
    s.same("SET", "k", "v")
    s.same("EXPIRE", "k", "100")
    s.same("TTL", "k")
    s.same("PERSIST", "k")
    s.same("TTL", "k")
    s.same("PERSIST", "k")
    s.same("PERSIST", "missing")
    s.same("EXPIRE", "missing", "100")
    s.same("TTL", "missing")
    s.same("PTTL", "missing")
    s.same("EXPIRETIME", "missing")
    s.same("PEXPIRETIME", "missing")
    s.same("EXPIRETIME", "k")
    s.same("PEXPIRETIME", "k")


def test_expire_options(s):
    s.same("SET", "k", "v")
    for opts in (("NX", "XX"), ("NX", "GT"), ("NX", "LT"), ("GT", "LT"), ("XX", "GT", "LT"),
                 ("nx", "xx"), ("foo",), ("NX", "foo"), ("gt", "lt", "nx")):
        s.same("EXPIRE", "k", "100", *opts)
        s.same("EXPIRE", "missing", "100", *opts)
    s.same("EXPIRE", "k", "100", "XX")   # no TTL yet: 0
    s.same("EXPIRE", "k", "100", "GT")   # no TTL counts as infinite: 0
    s.same("TTL", "k")
    s.same("EXPIRE", "k", "100", "NX")   # 1
    s.same("EXPIRE", "k", "100", "NX")   # 0
    s.same("EXPIRE", "k", "200", "GT")   # 1
    s.same("EXPIRE", "k", "150", "GT")   # 0
    s.same("EXPIRE", "k", "150", "LT")   # 1
    s.same("EXPIRE", "k", "300", "LT")   # 0
    s.same("EXPIRE", "k", "300", "XX")   # 1
    # Equal relative times would compare two different "now"s: keep every comparison clear-cut.
    s.same("EXPIRE", "k", "400", "XX", "GT")
    s.same("EXPIRE", "k", "300", "xx", "lt")
    s.same("TTL", "k")
    s.same("PERSIST", "k")
    s.same("EXPIRE", "k", "100", "LT")   # no TTL: LT passes
    s.same("TTL", "k")
    s.same("EXPIRE", "k", "100", "NX", "NX")
    s.same("PEXPIRE", "k", "200000", "GT", "GT")


def test_expire_option_vs_number_errors(s):
    s.same("SET", "k", "v")
    s.same("EXPIRE", "k", "abc", "foo")  # option error first
    s.same("EXPIRE", "k", "abc")
    s.same("EXPIRE", "missing", "abc")
    s.same("EXPIRE", "k", "1.5")
    s.same("EXPIRE", "k", "")
    s.same("PEXPIRE", "k", " 10")
    s.same("EXPIRE", "k")
    s.same("PEXPIREAT")
    s.same("EXPIRE", "k", "100", "NX", "\r\nfoo")
    s.same("TTL", "k")


def test_expire_overflow(s):
    s.same("SET", "k", "v")
    big = "9223372036854775807"
    for cmd in ("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"):
        s.same(cmd, "missing", big)
        s.same(cmd, "missing", "-9223372036854775808")
        s.same(cmd, "missing", "9223372036854775808")
        s.same(cmd, "missing", "9223372036854775")
        s.same(cmd, "missing", "9223372036854776")
        s.same(cmd, "missing", "-9223372036854775")
        s.same(cmd, "missing", "-9223372036854776")
    s.same("PEXPIREAT", "k", big)
    assert parse(s.sable.cmd("PTTL", "k")) > 10 ** 15
    s.same("EXPIRETIME", "k")
    s.same("PEXPIRETIME", "k")
    s.same("EXPIREAT", "k", "9223372036854775")
    s.same("PEXPIRETIME", "k")
    s.same("EXPIRE", "k", "9223372036854775")
    s.same("EXPIRE", "k", "9223372036854775806")
    s.same("PEXPIRE", "k", "9223372036854775806")


def test_expire_in_the_past_deletes(s):
    for cmd, when in (("EXPIRE", "0"), ("EXPIRE", "-1"), ("PEXPIRE", "-100"), ("EXPIREAT", "1"),
                      ("PEXPIREAT", "0"), ("EXPIREAT", "-5"), ("PEXPIRE", "-9223372036854775807"),
                      ("EXPIRE", "-9223372036854775")):
        s.same("SET", "k", "v")
        s.same(cmd, "k", when)
        s.same("EXISTS", "k")
        s.same("TTL", "k")
    # With conditions: an unmet condition keeps the key, a met one deletes it.
    s.same("SET", "k", "v", "EX", "100")
    s.same("EXPIRE", "k", "-1", "GT")
    s.same("EXISTS", "k")
    s.same("EXPIRE", "k", "-1", "LT")
    s.same("EXISTS", "k")
    s.same("SET", "k", "v")
    s.same("EXPIRE", "k", "0", "NX")
    s.same("EXISTS", "k")


def test_ttl_precision(s):
    s.same("SET", "k", "v")
    s.same("EXPIRE", "k", "100")
    for conn in (s.sable, s.redis):
        ttl = parse(conn.cmd("TTL", "k"))
        pttl = parse(conn.cmd("PTTL", "k"))
        assert 99 <= ttl <= 100, ttl
        assert 99000 <= pttl <= 100000, pttl
    s.same("PEXPIRE", "k", "1500")
    for conn in (s.sable, s.redis):
        assert parse(conn.cmd("TTL", "k")) in (1, 2)
        assert 1400 <= parse(conn.cmd("PTTL", "k")) <= 1500
    now = int(time.time())
    s.same("EXPIREAT", "k", now + 1000)
    s.same("EXPIRETIME", "k")
    s.same("PEXPIREAT", "k", now * 1000 + 123456)
    s.same("PEXPIRETIME", "k")
    s.same("EXPIRETIME", "k")  # rounds to the nearest second
    s.same("PEXPIREAT", "k", now * 1000 + 100499)
    s.same("EXPIRETIME", "k")
    for conn in (s.sable, s.redis):
        assert 99 <= parse(conn.cmd("TTL", "k")) <= 101


def test_expire_actually_expires(s):
    s.same("SET", "k", "v")
    s.same("PEXPIRE", "k", "50")
    s.same("EXISTS", "k")
    time.sleep(0.15)
    s.same("EXISTS", "k")
    s.same("TTL", "k")
    s.same("SET", "k2", "v", "PX", "50")
    time.sleep(0.15)
    s.same("PERSIST", "k2")
    s.same("EXPIRE", "k2", "100")
    s.same("GET", "k2")


def test_set_clears_ttl_and_persist(s):
    s.same("SET", "k", "v", "EX", "100")
    s.same("SET", "k", "w")
    s.same("TTL", "k")
    s.same("EXPIRE", "k", "100")
    s.same("PERSIST", "k")
    s.same("PEXPIRETIME", "k")
    s.same("PERSIST", "k", "x")
    s.same("TTL")


# --- TOUCH ----------------------------------------------------------------------------------------

def test_touch(s):
    s.same("SET", "a", "1")
    s.same("SET", "b", "1")
    s.same("TOUCH", "a", "b", "c", "a")
    s.same("TOUCH", "zz")
    s.same("TOUCH")


# --- MOVE / COPY / SWAPDB -------------------------------------------------------------------------

def test_move(s):
    s.same("SET", "k", "v", "EX", "100")
    s.same("MOVE", "k", "1")
    s.same("EXISTS", "k")
    s.same("SELECT", "1")
    s.same("GET", "k")
    s.same("TTL", "k")
    s.same("MOVE", "k", "1")   # same db
    s.same("SET", "x", "in1")
    s.same("SELECT", "0")
    s.same("SET", "x", "in0")
    s.same("MOVE", "x", "1")   # exists in target: 0
    s.same("GET", "x")
    s.same("MOVE", "missing", "1")
    s.same("MOVE", "missing", "0")
    s.same("MOVE", "x", "16")
    s.same("MOVE", "x", "-1")
    s.same("MOVE", "x", "abc")
    s.same("MOVE", "x", "4294967296")
    s.same("MOVE", "x", "1.0")
    s.same("MOVE", "x", "-4294967296")
    s.same("MOVE", "x", "99999999999999999999")
    s.same("MOVE", "x")
    s.same("SET", "n", "42")
    s.same("MOVE", "n", "2")
    s.same("SELECT", "2")
    s.same("OBJECT", "ENCODING", "n")
    s.same("GET", "n")
    s.same("SET", "big", "y" * 200)
    s.same("MOVE", "big", "3")
    s.same("SELECT", "3")
    s.same("GET", "big")
    s.same("OBJECT", "ENCODING", "big")


def test_copy(s):
    s.same("SET", "src", "hello", "EX", "100")
    s.same("COPY", "src", "dst")
    s.same("GET", "dst")
    s.same("TTL", "dst")
    s.same("COPY", "src", "dst")
    s.same("SET", "src", "changed")
    s.same("COPY", "src", "dst", "REPLACE")
    s.same("GET", "dst")
    s.same("TTL", "dst")  # REPLACE drops the old destination TTL
    s.same("COPY", "src", "src")
    s.same("COPY", "src", "src", "DB", "0")
    s.same("COPY", "src", "src", "DB", "1")
    s.same("SELECT", "1")
    s.same("GET", "src")
    s.same("SELECT", "0")
    s.same("COPY", "missing", "x")
    s.same("COPY", "missing", "missing")
    s.same("COPY", "src", "d2", "DB")
    s.same("COPY", "src", "d2", "DB", "abc")
    s.same("COPY", "src", "d2", "DB", "16")
    s.same("COPY", "src", "d2", "DB", "-1")
    s.same("COPY", "src", "d2", "DB", "4294967296")
    s.same("COPY", "missing", "d2", "DB", "16")
    s.same("COPY", "src", "d2", "FOO")
    s.same("COPY", "src", "d2", "replace", "db", "2", "replace")
    s.same("COPY", "src")
    for v in ("123", "x" * 10, "z" * 100, "-77"):
        s.same("SET", "v", v)
        s.same("COPY", "v", "v2", "REPLACE")
        s.same("GET", "v2")
        s.same("OBJECT", "ENCODING", "v2")
    s.same("DEL", "v")
    s.same("GET", "v2")


def test_swapdb(s):
    s.same("SET", "a", "in0")
    s.same("SELECT", "1")
    s.same("SET", "a", "in1")
    s.same("SET", "b", "only1", "EX", "100")
    s.same("SWAPDB", "0", "1")
    s.same("GET", "a")
    s.same("GET", "b")
    s.same("DBSIZE")
    s.same("SELECT", "0")
    s.same("GET", "a")
    s.same("TTL", "b")
    s.same("DBSIZE")
    s.same("SWAPDB", "0", "0")
    s.same("SWAPDB", "0", "16")
    s.same("SWAPDB", "-1", "0")
    s.same("SWAPDB", "a", "0")
    s.same("SWAPDB", "0", "b")
    s.same("SWAPDB", "a", "b")
    s.same("SWAPDB", "0", "4294967296")
    s.same("SWAPDB", "4294967296", "0")
    s.same("SWAPDB", "0")
    s.same("SWAPDB", "0", "15")
    s.same("DBSIZE")


def test_swapdb_invalidates_watch(s):
    s.same("SET", "w", "1")
    s.same("WATCH", "w")
    s.same("SWAPDB", "0", "1")
    s.same("MULTI")
    s.same("PING")
    s.same("EXEC")


# --- Every value type through RENAME / MOVE / COPY / SCAN TYPE ------------------------------------

def make_collections(s, prefix=""):
    """Creates one small and one big value of each collection type (compact and full encodings)."""
    s.same("RPUSH", prefix + "list", "a", "b", "c")
    s.same("RPUSH", prefix + "biglist", *["e%d" % i for i in range(300)])
    s.same("HSET", prefix + "hash", "f1", "v1", "f2", "v2")
    # 600 fields: above hash-max-listpack-entries whether it is 128 or Debian's 512.
    s.same("HSET", prefix + "bighash", *[x for i in range(600) for x in ("f%d" % i, "v")])
    s.same("SADD", prefix + "intset", "1", "2", "3")
    s.same("SADD", prefix + "set", "a", "b", "c")
    s.same("SADD", prefix + "bigset", *["m%d" % i for i in range(300)])
    s.same("ZADD", prefix + "zset", "1", "a", "2", "b")
    s.same("ZADD", prefix + "bigzset", *[x for i in range(300) for x in (str(i), "m%d" % i)])
    return [prefix + k for k in ("list", "biglist", "hash", "bighash", "intset", "set", "bigset",
                                 "zset", "bigzset")]


def dump_value(s, key):
    """Reads a key's whole value on both servers with the type's own read command."""
    t = parse(s.same("TYPE", key))
    if t == "list":
        s.same("LRANGE", key, "0", "-1")
    elif t == "hash":
        s.same("HLEN", key)
        a, b = s.both("HGETALL", key)
        pa, pb = parse(a), parse(b)
        assert sorted(zip(pa[::2], pa[1::2])) == sorted(zip(pb[::2], pb[1::2])), key
    elif t == "set":
        s.same_sorted("SMEMBERS", key)
    elif t == "zset":
        s.same("ZRANGE", key, "0", "-1", "WITHSCORES")
    s.same("OBJECT", "ENCODING", key)


def test_collections_rename(s):
    for k in make_collections(s):
        s.same("EXPIRE", k, "1000")
        s.same("RENAME", k, k + ":r")
        s.same("EXISTS", k)
        s.same("TTL", k + ":r")
        dump_value(s, k + ":r")
        s.same("RENAMENX", k + ":r", "hash:r" if k != "hash" else "list:r")
    s.same("DBSIZE")


def test_collections_move(s):
    for k in make_collections(s):
        s.same("MOVE", k, "5")
        s.same("EXISTS", k)
    s.same("SELECT", "5")
    for k in ("list", "biglist", "hash", "bighash", "intset", "set", "bigset", "zset", "bigzset"):
        dump_value(s, k)
    s.same("DBSIZE")


def test_collections_copy_is_independent(s):
    keys = make_collections(s)
    for k in keys:
        s.same("COPY", k, k + ":c")
        s.same("COPY", k, k, "DB", "7")
    # Change every source; the copies must not follow.
    s.same("RPUSH", "list", "z")
    s.same("LPOP", "biglist")
    s.same("HSET", "hash", "f1", "changed")
    s.same("HDEL", "bighash", "f1")
    s.same("SADD", "intset", "99")
    s.same("SREM", "set", "a")
    s.same("SADD", "bigset", "new")
    s.same("ZADD", "zset", "5", "a")
    s.same("ZREM", "bigzset", "m1")
    for k in keys:
        dump_value(s, k + ":c")
        dump_value(s, k)
    s.same("DEL", *keys)
    for k in keys:
        dump_value(s, k + ":c")
    s.same("SELECT", "7")
    for k in keys:
        dump_value(s, k)
    s.same("COPY", "list", "hash", "REPLACE")  # replaces across types
    s.same("TYPE", "hash")
    s.same("COPY", "list", "zset")


def test_collections_scan_type_and_swapdb(s):
    make_collections(s)
    s.same("SET", "str", "v")
    for t in ("string", "list", "hash", "set", "zset", "stream", "none"):
        a, _ = scan_all(s.sable, "TYPE", t, "COUNT", "3")
        b, _ = scan_all(s.redis, "TYPE", t, "COUNT", "3")
        assert a == b, (t, a, b)
    s.same("SWAPDB", "0", "9")
    s.same("DBSIZE")
    s.same("SELECT", "9")
    for k in ("list", "hash", "bigset", "bigzset"):
        dump_value(s, k)
    s.same_sorted("KEYS", "*")
    s.same("FLUSHALL")
    s.same("DBSIZE")


def test_object_encoding_collections(s):
    for k in make_collections(s):
        s.same("OBJECT", "ENCODING", k)
        s.same("OBJECT", "REFCOUNT", k)
        s.same("OBJECT", "FREQ", k)


# --- Keyspace notifications -----------------------------------------------------------------------

def drain(conn, wait=0.3):
    """Reads every message that arrives within `wait` seconds."""
    msgs = []
    conn.sock.settimeout(wait)
    try:
        while True:
            msgs.append(parse(conn.read_reply()))
    except (OSError, ValueError):
        pass
    conn.sock.settimeout(10)
    return msgs


def test_keyspace_events(s):
    s.same("CONFIG", "SET", "notify-keyspace-events", "KEA")
    subs = [s.sable_server.conn(), s.redis_server.conn()]
    try:
        for c in subs:
            c.cmd("PSUBSCRIBE", "__key*__:*")
        for cmd in (("SET", "a", "1"), ("RENAME", "a", "b"), ("RENAMENX", "b", "c"),
                    ("EXPIRE", "c", "100"), ("PEXPIRE", "c", "100", "NX"), ("PERSIST", "c"),
                    ("PERSIST", "c"), ("MOVE", "c", "3"), ("SELECT", "3"), ("COPY", "c", "d"),
                    ("COPY", "c", "e", "DB", "0"), ("EXPIRE", "d", "-1"), ("EXPIREAT", "c", "1"),
                    ("SWAPDB", "0", "3"), ("TOUCH", "e"), ("RENAME", "e", "e")):
            s.same(*cmd)
        a, b = drain(subs[0]), drain(subs[1])
        assert a == b, "\n  sable: %r\n  redis: %r" % (a, b)
        assert len(a) > 10
    finally:
        for c in subs:
            c.close()
        s.same("CONFIG", "SET", "notify-keyspace-events", "")


# --- Blocked clients are served by keys that arrive through RENAME / MOVE / COPY / SWAPDB ----------

def blocked_pair(s, db, *cmd):
    """Sends a blocking command on fresh connections to both servers (after SELECT db)."""
    conns = [s.sable_server.conn(), s.redis_server.conn()]
    for c in conns:
        c.cmd("SELECT", db)
        c.send_raw(c.encode(*cmd))
    time.sleep(0.1)
    return conns


def blocked_replies(conns):
    out = [c.read_reply() for c in conns]
    for c in conns:
        c.close()
    assert out[0] == out[1], out
    return out[0]


def test_rename_move_copy_swapdb_wake_blocked(s):
    conns = blocked_pair(s, 0, "BLPOP", "dst", "5")
    s.same("RPUSH", "src", "x")
    s.same("RENAME", "src", "dst")
    assert blocked_replies(conns) == b"*2\r\n$3\r\ndst\r\n$1\r\nx\r\n"

    conns = blocked_pair(s, 2, "BLPOP", "m", "5")
    s.same("RPUSH", "m", "y")
    s.same("MOVE", "m", "2")
    assert blocked_replies(conns).startswith(b"*2")

    conns = blocked_pair(s, 0, "BLPOP", "c2", "5")
    s.same("RPUSH", "c1", "z")
    s.same("COPY", "c1", "c2")
    assert blocked_replies(conns).startswith(b"*2")
    s.same("LRANGE", "c1", "0", "-1")

    conns = blocked_pair(s, 4, "BLPOP", "sw", "5")
    s.same("RPUSH", "sw", "w")
    s.same("SWAPDB", "0", "4")
    assert blocked_replies(conns).startswith(b"*2")
    s.same("SELECT", "4")
    s.same("EXISTS", "sw")


# --- OBJECT ---------------------------------------------------------------------------------------

def test_object_encoding_strings(s):
    for k, v in (("i1", "0"), ("i2", "12345"), ("i3", "-9223372036854775808"),
                 ("i4", "9223372036854775807"), ("e1", "9223372036854775808"), ("e2", "01"),
                 ("e3", "+1"), ("e4", " 1"), ("e5", "x" * 44), ("r1", "x" * 45), ("e6", ""),
                 ("e7", "1.5"), ("e8", "123456789012345678901")):
        s.same("SET", k, v)
        s.same("OBJECT", "ENCODING", k)
        s.same("OBJECT", "encoding", k)
    s.same("SET", "ap", "abc")
    s.same("APPEND", "ap", "d")
    s.same("OBJECT", "ENCODING", "ap")
    s.same("INCR", "ctr")
    s.same("OBJECT", "ENCODING", "ctr")
    s.same("OBJECT", "ENCODING", "missing")


def test_object_refcount(s):
    for k, v in (("a", "0"), ("b", "9999"), ("c", "10000"), ("d", "-1"), ("e", "str"),
                 ("f", "x" * 100), ("g", "500")):
        s.same("SET", k, v)
        s.same("OBJECT", "REFCOUNT", k)
    s.same("INCR", "h")
    s.same("OBJECT", "REFCOUNT", "h")
    s.same("OBJECT", "REFCOUNT", "missing")


def test_object_idletime_freq(s):
    s.same("SET", "k", "v")
    s.same("OBJECT", "IDLETIME", "k")
    s.same("OBJECT", "IDLETIME", "missing")
    s.same("OBJECT", "FREQ", "k")
    s.same("OBJECT", "FREQ", "missing")


def test_object_under_lfu_policy(_s):
    # A pair of servers started with an LFU policy: IDLETIME refuses, FREQ answers.
    srv = start_sable(["--maxmemory-policy", "allkeys-lfu"])
    red = start_redis(["--maxmemory-policy", "allkeys-lfu"])
    try:
        a, b = srv.conn(), red.conn()
        for cmd in (("SET", "k", "v"), ("OBJECT", "IDLETIME", "k"), ("OBJECT", "FREQ", "missing"),
                    ("OBJECT", "IDLETIME", "missing"), ("OBJECT", "FREQ", "k")):
            ra, rb = a.cmd(*cmd), b.cmd(*cmd)
            assert ra == rb, (cmd, ra, rb)
        a.close()
        b.close()
    finally:
        for server in (srv, red):
            server.stop()
            shutil.rmtree(server.workdir, ignore_errors=True)


def test_object_idletime_grows(s):
    s.sable.cmd("SET", "k", "v")
    time.sleep(2.1)
    idle = parse(s.sable.cmd("OBJECT", "IDLETIME", "k"))
    assert 1 <= idle <= 3, idle
    s.sable.cmd("OBJECT", "ENCODING", "k")  # does not touch
    assert parse(s.sable.cmd("OBJECT", "IDLETIME", "k")) >= 1
    s.sable.cmd("TTL", "k")  # does not touch either
    assert parse(s.sable.cmd("OBJECT", "IDLETIME", "k")) >= 1
    s.sable.cmd("GET", "k")
    assert parse(s.sable.cmd("OBJECT", "IDLETIME", "k")) == 0
    s.sable.cmd("SET", "k2", "v")
    time.sleep(1.1)
    s.sable.cmd("TOUCH", "k2")
    assert parse(s.sable.cmd("OBJECT", "IDLETIME", "k2")) == 0


def test_object_help_and_errors(s):
    s.same("OBJECT", "HELP")
    s.same("OBJECT", "help")
    s.same("OBJECT")
    s.same("OBJECT", "FOO")
    s.same("OBJECT", "FOO", "bar")
    s.same("OBJECT", "ENCODING")
    s.same("OBJECT", "ENCODING", "a", "b")
    s.same("OBJECT", "HELP", "x")
    s.same("OBJECT", "REFCOUNT")
    s.same("OBJECT", "IDLETIME")


# --- Wrong arity for the whole family -------------------------------------------------------------

def test_arity(s):
    for cmd in ("RENAME", "RENAMENX", "KEYS", "SCAN", "EXPIRE", "PEXPIRE", "EXPIREAT",
                "PEXPIREAT", "TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST", "TOUCH",
                "MOVE", "COPY", "SWAPDB"):
        s.same(cmd)
    for cmd in ("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST"):
        s.same(cmd, "a", "b")
    s.same("RANDOMKEY", "a")
    s.same("DBSIZE", "a")
    s.same("MOVE", "a", "1", "2")
    s.same("SWAPDB", "1", "2", "3")


def test_command_info(s):
    for cmd in ("rename", "renamenx", "keys", "scan", "randomkey", "dbsize", "expire", "pexpire",
                "expireat", "pexpireat", "ttl", "pttl", "expiretime", "pexpiretime", "persist",
                "touch", "move", "copy", "swapdb"):
        a = parse(s.sable.cmd("COMMAND", "INFO", cmd))
        b = parse(s.redis.cmd("COMMAND", "INFO", cmd))[0]
        if not isinstance(a, list) or a[0] is None:
            continue  # COMMAND INFO not available in this build
        a = a[0]
        # name, arity, flags, first, last, step, acl categories
        assert a[:2] == b[:2], (cmd, a[:2], b[:2])
        assert a[3:6] == b[3:6], (cmd, a[3:6], b[3:6])
        assert sorted(a[2]) == sorted(b[2]), (cmd, a[2], b[2])
        assert sorted(a[6]) == sorted(b[6]), (cmd, a[6], b[6])


# --- redis-py against Sable -----------------------------------------------------------------------

def test_redis_py_client(_s):
    import redis

    srv = start_sable()
    try:
        r = redis.Redis(port=srv.port, decode_responses=True)
        r.flushall()
        r.set("a", "1")
        assert r.rename("a", "b") is True
        assert r.renamenx("b", "b") is False
        r.set("c", 5)
        assert r.renamenx("b", "c") is False
        assert r.exists("b") == 1
        assert r.expire("b", 100) is True
        assert r.expire("b", 50, gt=True) is False
        assert r.expire("b", 50, lt=True) is True
        assert 49 <= r.ttl("b") <= 50
        assert 49000 <= r.pttl("b") <= 50000
        assert abs(r.expiretime("b") - (time.time() + 50)) < 3
        assert r.persist("b") is True
        assert r.ttl("b") == -1
        assert r.ttl("zzz") == -2
        for i in range(300):
            r.set("scan:%d" % i, i)
        assert set(r.scan_iter(match="scan:*", count=17)) == {"scan:%d" % i for i in range(300)}
        assert set(r.scan_iter(_type="string")) >= {"b", "c"}
        assert sorted(r.keys("scan:1?")) == sorted("scan:%d" % i for i in range(10, 20))
        assert r.dbsize() == 302
        assert r.randomkey() is not None
        assert r.object("encoding", "c") == "int"
        assert r.object("refcount", "c") == 2147483647
        assert r.object("idletime", "c") >= 0
        assert r.move("c", 1) is True
        assert r.copy("b", "b2", destination_db=1) is True
        assert r.copy("b", "b2", destination_db=1) is False
        assert r.copy("b", "b2", destination_db=1, replace=True) is True
        assert r.swapdb(0, 1) is True
        assert set(r.keys("*")) == {"c", "b2"}
        assert r.touch("c", "b2", "nope") == 2
        assert r.pexpire("c", 1) is True
        time.sleep(0.02)
        assert r.exists("c") == 0
        try:
            r.rename("nope", "x")
            raise AssertionError("RENAME of a missing key must fail")
        except redis.ResponseError as e:
            assert str(e) == "no such key"
        r.close()
    finally:
        srv.stop()
        shutil.rmtree(srv.workdir, ignore_errors=True)


if __name__ == "__main__":
    run_tests(globals())
