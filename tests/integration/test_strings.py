"""String and bitmap commands, differential against redis-server, byte for byte.

Covers GET/SET and variants, counters, INCRBYFLOAT formatting, APPEND/SETRANGE/GETRANGE growth,
GETEX, the bitmap family (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO) and LCS,
with binary-safe and large values. Cases that need other families (LPUSH for WRONGTYPE, OBJECT
ENCODING, CONFIG SET) run only when Sable has those commands. A last section drives Sable alone
through redis-py.
"""
import random
import time

from harness import parse, run_tests, start_sable

BINARY = b"a\x00b\r\nc\xff\x00\r\n"


def has(s, *cmd):
    """Sends `cmd` to Sable and fails the test if Sable does not know it (no silent skips)."""
    reply = s.sable.cmd(*cmd)
    assert not reply.startswith(b"-ERR unknown command"), (cmd, reply)
    return True


def make_list(s, key):
    """Creates a list key on both servers."""
    if not has(s, "LPUSH", key, "x"):
        return False
    s.redis.cmd("LPUSH", key, "x")
    return True


def same_encoding(s, key):
    if has(s, "OBJECT", "ENCODING", key):
        s.same("OBJECT", "ENCODING", key)


def same_ttl(s, key):
    """Compares TTL on both servers."""
    if has(s, "TTL", key):
        s.same("TTL", key)


def same_ttl_bucket(s, key):
    """PTTL replies may differ by a little; compare the sign and rough size."""
    if not has(s, "PTTL", key):
        return
    a, b = parse(s.sable.cmd("PTTL", key)), parse(s.redis.cmd("PTTL", key))
    assert (a < 0) == (b < 0) and (a < 0 and a == b or abs(a - b) < 2000), (a, b)


# ---------------------------------------------------------------- GET / SET family

def test_get_set_basic(s):
    s.same("GET", "missing")
    s.same("SET", "k", "")
    s.same("GET", "k")
    s.same("STRLEN", "k")
    s.same("SET", "k", BINARY)
    s.same("GET", "k")
    s.same("STRLEN", "k")
    s.same("SET", "k", "x" * 100)
    s.same("GET", "k")
    s.same("SET", "n", "12345")
    s.same("GET", "n")
    s.same("STRLEN", "n")
    s.same("STRLEN", "missing")


def test_set_options(s):
    s.same("SET", "k", "v", "NX")
    s.same("SET", "k", "v2", "NX")
    s.same("SET", "k", "v3", "XX")
    s.same("SET", "nope", "v", "XX")
    s.same("SET", "k", "v4", "NX", "XX")
    s.same("SET", "k", "v4", "XX", "NX")
    s.same("SET", "k", "v5", "nx", "nx")
    s.same("SET", "k", "v6", "GET")
    s.same("SET", "k", "v7", "GET", "GET")
    s.same("SET", "nokey", "v", "GET")
    s.same("SET", "nokey2", "v", "NX", "GET")
    s.same("SET", "k", "v8", "NX", "GET")
    s.same("SET", "nokey3", "v", "XX", "GET")
    s.same("EXISTS", "nokey3")
    s.same("SET", "k", "v", "EX", "100", "EX", "200")
    same_ttl(s, "k")
    s.same("SET", "k", "v", "EX", "100", "PX", "200")
    s.same("SET", "k", "v", "EX", "100", "KEEPTTL")
    s.same("SET", "k", "v", "KEEPTTL", "EX", "100")
    s.same("SET", "k", "v", "KEEPTTL", "KEEPTTL")
    same_ttl(s, "k")
    s.same("SET", "k", "v", "EX")
    s.same("SET", "k", "v", "PERSIST")
    s.same("SET", "k", "v", "FOO")
    s.same("SET", "k", "v", "EX", "abc")
    s.same("SET", "k", "v", "EX", "0")
    s.same("SET", "k", "v", "EX", "-5")
    s.same("SET", "k", "v", "PX", "0")
    s.same("SET", "k", "v", "EXAT", "0")
    s.same("SET", "k", "v", "EX", "9223372036854775807")
    s.same("SET", "k", "v", "EX", "9223372036854775")
    s.same("SET", "k", "v", "PX", "9223372036854775807")
    s.same("SET", "k", "v", "EX", "99999999999999999999")
    s.same("SET", "k", "v", "PXAT", "9223372036854775807")
    s.same("SET", "k", "v", "px", "100000")
    same_ttl_bucket(s, "k")
    s.same("SET", "k", "v2", "KEEPTTL")
    same_ttl_bucket(s, "k")
    s.same("SET", "k", "v3")
    same_ttl(s, "k")
    s.same("SET", "k", "v", "EXAT", str(int(time.time()) + 1000))
    same_ttl_bucket(s, "k")
    s.same("SET", "k", "v", "PXAT", str(int(time.time() * 1000) + 100000))
    same_ttl_bucket(s, "k")
    # An absolute time in the past: the key is gone at once.
    s.same("SET", "k", "v", "PXAT", "1")
    s.same("GET", "k")


def test_setnx_setex_psetex(s):
    s.same("SETNX", "k", "a")
    s.same("SETNX", "k", "b")
    s.same("GET", "k")
    s.same("SETEX", "k", "100", "v")
    same_ttl(s, "k")
    s.same("SETEX", "k", "0", "v")
    s.same("SETEX", "k", "-1", "v")
    s.same("SETEX", "k", "abc", "v")
    s.same("SETEX", "k", "9223372036854775807", "v")
    s.same("PSETEX", "k", "100000", "v")
    same_ttl_bucket(s, "k")
    s.same("PSETEX", "k", "0", "v")
    s.same("PSETEX", "k", "9223372036854775807", "v")
    s.same("GET", "k")
    s.same("SETEX", "k", "10")
    s.same("PSETEX", "k")


def test_mget_mset_msetnx(s):
    s.same("MSET", "a", "1", "b", "2", "c", BINARY)
    s.same("MGET", "a", "b", "c", "missing", "a")
    s.same("MSET", "a", "1", "b")
    s.same("MSET", "a")
    s.same("MSETNX", "a", "9", "zz", "1")
    s.same("GET", "zz")
    s.same("MSETNX", "x", "1", "y", "2")
    s.same("MGET", "x", "y")
    s.same("MSETNX", "x", "1", "y")
    s.same("MSET", "dup", "1", "dup", "2")
    s.same("GET", "dup")
    s.same("MGET")
    if make_list(s, "l"):
        s.same("MGET", "l", "a")
        s.same("MSETNX", "l", "1")
        s.same("MSET", "l", "1")
        s.same("GET", "l")


def test_incr_decr(s):
    s.same("INCR", "n")
    s.same("INCR", "n")
    s.same("DECR", "n")
    s.same("DECR", "m")
    s.same("INCRBY", "n", "100")
    s.same("INCRBY", "n", "-1000")
    s.same("DECRBY", "n", "5")
    s.same("DECRBY", "n", "-5")
    s.same("INCRBY", "n", "abc")
    s.same("INCRBY", "n", "1.5")
    s.same("INCRBY", "n", "")
    s.same("DECRBY", "n", "-9223372036854775808")
    s.same("SET", "n", "9223372036854775807")
    s.same("INCR", "n")
    s.same("INCRBY", "n", "0")
    s.same("SET", "n", "-9223372036854775808")
    s.same("DECR", "n")
    s.same("DECRBY", "n", "9223372036854775807")
    s.same("GET", "n")
    for bad in ["abc", "", " 1", "1 ", "01", "+1", "1e3", "9223372036854775808", "1.0", "0x10"]:
        s.same("SET", "b", bad)
        s.same("INCR", "b")
        s.same("DECRBY", "b", "1")
    s.same("SET", "b", "-0")
    s.same("INCR", "b")
    s.same("SET", "b", "00")
    s.same("INCR", "b")
    s.same("SET", "e", "")
    s.same("INCR", "e")
    s.same("SET", "r", "10")
    s.same("APPEND", "r", "0")
    s.same("INCR", "r")
    same_encoding(s, "r")
    s.same("SET", "t", "5", "EX", "100")
    s.same("INCR", "t")
    same_ttl(s, "t")
    s.same("INCR")
    s.same("INCRBY", "n")
    s.same("DECR", "a", "b")


def test_incr_wrongtype(s):
    if not make_list(s, "l"):
        return
    for cmd in (("INCR", "l"), ("DECR", "l"), ("INCRBY", "l", "1"), ("DECRBY", "l", "1"),
                ("INCRBYFLOAT", "l", "1"), ("GET", "l"), ("GETSET", "l", "v"), ("GETDEL", "l"),
                ("STRLEN", "l"), ("APPEND", "l", "v"), ("GETEX", "l"), ("GETRANGE", "l", "0", "1"),
                ("SUBSTR", "l", "0", "1"), ("SETRANGE", "l", "0", "v"), ("SETBIT", "l", "0", "1"),
                ("GETBIT", "l", "0"), ("BITCOUNT", "l"), ("BITPOS", "l", "1"),
                ("BITFIELD", "l", "GET", "u8", "0"), ("BITFIELD_RO", "l", "GET", "u8", "0"),
                ("BITFIELD", "l", "SET", "u8", "0", "1"), ("BITOP", "AND", "d", "l"),
                ("LCS", "l", "x"), ("LCS", "x", "l"), ("SET", "l", "v", "GET")):
        s.same(*cmd)
    s.same("SET", "l", "v")
    s.same("GET", "l")


def test_incrbyfloat(s):
    s.same("INCRBYFLOAT", "f", "10.5")
    s.same("INCRBYFLOAT", "f", "0.1")
    s.same("INCRBYFLOAT", "f", "-5.0e3")
    s.same("INCRBYFLOAT", "f", "5.0e3")
    s.same("INCRBYFLOAT", "f", "1e300")
    s.same("INCRBYFLOAT", "f", "-1e300")
    s.same("INCRBYFLOAT", "f", "abc")
    s.same("INCRBYFLOAT", "f", "")
    s.same("INCRBYFLOAT", "f", " 1")
    s.same("INCRBYFLOAT", "f", "1 ")
    s.same("INCRBYFLOAT", "f", "nan")
    s.same("INCRBYFLOAT", "f", "inf")
    s.same("INCRBYFLOAT", "f", "-inf")
    s.same("INCRBYFLOAT", "f", "1e5000")
    s.same("INCRBYFLOAT", "f", "0x10")
    s.same("GET", "f")
    cases = ["3.0e3", "0", "-0", "0.0", "1.23456789012345678", "17179869184", "-1.5",
             "1e-10", "0.3", "100", "3", "1.1e20", "123456789012345678901234567890"]
    for i, inc in enumerate(cases):
        s.same("INCRBYFLOAT", "g%d" % i, inc)
        s.same("INCRBYFLOAT", "g%d" % i, "0.1")
        same_encoding(s, "g%d" % i)
    s.same("SET", "i", "5")
    s.same("INCRBYFLOAT", "i", "1.5")
    s.same("INCRBYFLOAT", "i", "-0.5")
    s.same("GET", "i")
    same_encoding(s, "i")
    s.same("SET", "big", "1e308")
    s.same("INCRBYFLOAT", "big", "1e308")
    s.same("INCRBYFLOAT", "big", "1e4000")
    s.same("SET", "s", "hello")
    s.same("INCRBYFLOAT", "s", "1")
    s.same("SET", "e", "")
    s.same("INCRBYFLOAT", "e", "1")
    s.same("SET", "t", "1.5", "EX", "100")
    s.same("INCRBYFLOAT", "t", "1")
    same_ttl(s, "t")
    s.same("INCRBYFLOAT", "t")
    s.same("INCRBYFLOAT", "t", "1", "2")


def test_getset_getdel(s):
    s.same("GETSET", "k", "a")
    s.same("GETSET", "k", "b")
    s.same("GET", "k")
    s.same("SET", "t", "v", "EX", "100")
    s.same("GETSET", "t", "w")
    same_ttl(s, "t")
    s.same("GETDEL", "k")
    s.same("GETDEL", "k")
    s.same("EXISTS", "k")
    s.same("SET", "n", "42")
    s.same("GETDEL", "n")
    s.same("GETSET", "k")
    s.same("GETDEL", "k", "x")


def test_getex(s):
    s.same("GETEX", "missing")
    s.same("GETEX", "missing", "EX", "abc")
    s.same("GETEX", "missing", "FOO")
    s.same("SET", "k", "v")
    s.same("GETEX", "k")
    same_ttl(s, "k")
    s.same("GETEX", "k", "EX", "100")
    same_ttl(s, "k")
    s.same("GETEX", "k", "PERSIST")
    same_ttl(s, "k")
    s.same("GETEX", "k", "PERSIST")
    s.same("GETEX", "k", "PX", "100000")
    same_ttl_bucket(s, "k")
    s.same("GETEX", "k", "EXAT", str(int(time.time()) + 500))
    same_ttl_bucket(s, "k")
    s.same("GETEX", "k", "PXAT", str(int(time.time() * 1000) + 500000))
    same_ttl_bucket(s, "k")
    s.same("GETEX", "k", "EX", "100", "EX", "200")
    same_ttl(s, "k")
    for bad in (("EX",), ("EX", "10", "PX", "10"), ("PERSIST", "EX", "10"),
                ("EX", "10", "PERSIST"), ("KEEPTTL",), ("NX",), ("XX",), ("GET",),
                ("EX", "abc"), ("EX", "0"), ("EX", "-1"), ("PX", "0"), ("EXAT", "0"),
                ("EX", "9223372036854775807"), ("PX", "9223372036854775807"),
                ("PXAT", "-1"), ("FOO",)):
        s.same("GETEX", "k", *bad)
    same_ttl(s, "k")
    s.same("SET", "n", "123")
    s.same("GETEX", "n", "ex", "50")
    s.same("GETEX", "n", "persist", "persist")
    same_ttl(s, "n")
    # An absolute time already past deletes the key after returning it.
    s.same("GETEX", "k", "EXAT", "1")
    s.same("EXISTS", "k")
    s.same("SET", "k", BINARY)
    s.same("GETEX", "k", "PXAT", "1")
    s.same("EXISTS", "k")
    s.same("GETEX")


# ---------------------------------------------------------------- APPEND / ranges

def test_append(s):
    s.same("APPEND", "k", "hello")
    s.same("APPEND", "k", " world")
    s.same("GET", "k")
    s.same("APPEND", "k", "")
    s.same("APPEND", "e", "")
    s.same("EXISTS", "e")
    s.same("APPEND", "k", BINARY)
    s.same("GET", "k")
    s.same("SET", "n", "100")
    same_encoding(s, "n")
    s.same("APPEND", "n", "1")
    same_encoding(s, "n")
    s.same("GET", "n")
    s.same("SET", "m", "abc")
    same_encoding(s, "m")
    s.same("APPEND", "m", "")
    same_encoding(s, "m")
    s.same("APPEND", "new", "12")
    same_encoding(s, "new")
    s.same("APPEND", "new2", "x" * 50)
    same_encoding(s, "new2")
    for i in range(200):
        s.same("APPEND", "grow", "chunk%d-" % i)
    s.same("GET", "grow")
    s.same("STRLEN", "grow")
    s.same("SET", "t", "v", "EX", "100")
    s.same("APPEND", "t", "w")
    same_ttl(s, "t")
    s.same("APPEND", "k")


def test_getrange_substr(s):
    s.same("SET", "k", "Hello, World")
    for cmd in ("GETRANGE", "SUBSTR"):
        for a, b in [(0, 4), (0, -1), (-5, -1), (-1, -5), (5, 2), (0, 100), (100, 200),
                     (-100, 3), (-100, -100), (-1, -1), (0, 0), (11, 11), (12, 12), (3, -100),
                     ("-9223372036854775808", "9223372036854775807"),
                     ("9223372036854775807", "-9223372036854775808"), (-12, -12), (-13, -13)]:
            s.same(cmd, "k", a, b)
        s.same(cmd, "missing", 0, -1)
        s.same(cmd, "missing", "a", 1)
        s.same(cmd, "k", "a", 1)
        s.same(cmd, "k", 0, "1.5")
        s.same(cmd, "k", 0, "9223372036854775808")
        s.same(cmd, "k", 0)
    s.same("SET", "n", "-12345")
    s.same("GETRANGE", "n", 1, 3)
    s.same("GETRANGE", "n", -2, -1)
    s.same("SET", "e", "")
    s.same("GETRANGE", "e", 0, -1)
    s.same("GETRANGE", "e", 0, 0)
    s.same("SET", "b", BINARY)
    s.same("GETRANGE", "b", 1, 5)


def test_setrange(s):
    s.same("SETRANGE", "k", 0, "hello")
    s.same("SETRANGE", "k", 6, "world")
    s.same("GET", "k")
    s.same("SETRANGE", "k", 2, "XX")
    s.same("GET", "k")
    s.same("SETRANGE", "k", 1, "")
    s.same("SETRANGE", "k", 100, "")
    s.same("STRLEN", "k")
    s.same("SETRANGE", "missing", 0, "")
    s.same("SETRANGE", "missing", 1000, "")
    s.same("SETRANGE", "missing", "536870912", "")
    s.same("EXISTS", "missing")
    s.same("SETRANGE", "k", -1, "x")
    s.same("SETRANGE", "k", "abc", "x")
    s.same("SETRANGE", "k", "1.5", "x")
    s.same("SETRANGE", "k", "9223372036854775808", "x")
    s.same("SETRANGE", "k", "536870911", "ab")
    s.same("SETRANGE", "k", "536870912", "a")
    s.same("SETRANGE", "big", "536870911", "ab")
    s.same("SETRANGE", "big", "9223372036854775807", "a")
    s.same("EXISTS", "big")
    s.same("SETRANGE", "k", "-1", "")
    s.same("SETRANGE", "pad", 5, BINARY)
    s.same("GET", "pad")
    same_encoding(s, "pad")
    s.same("SET", "n", "12345")
    s.same("SETRANGE", "n", 1, "9")
    s.same("GET", "n")
    same_encoding(s, "n")
    s.same("SETRANGE", "n", 10, "9")
    s.same("GET", "n")
    s.same("SET", "emb", "short")
    s.same("SETRANGE", "emb", 0, "S")
    same_encoding(s, "emb")
    s.same("SET", "t", "v", "EX", "100")
    s.same("SETRANGE", "t", 3, "w")
    same_ttl(s, "t")
    s.same("GET", "t")
    # In-place edits of an already raw string, growing and not.
    s.same("SET", "raw", "r" * 100)
    for off, val in [(0, "A"), (99, "BB"), (150, "C"), (10, "D" * 300), (5000, "E")]:
        s.same("SETRANGE", "raw", off, val)
        s.same("GET", "raw")
    s.same("SETRANGE", "k", 0)
    s.same("SETRANGE", "k", 0, "a", "b")
    if make_list(s, "l"):
        s.same("SETRANGE", "l", -1, "")
        s.same("SETRANGE", "l", 0, "")


def test_large_values(s):
    big = b"\x00\r\n" + bytes(random.Random(7).randrange(256) for _ in range(1 << 20))
    s.same("SET", "k", big)
    s.same("GET", "k")
    s.same("STRLEN", "k")
    s.same("APPEND", "k", big)
    s.same("STRLEN", "k")
    s.same("GETRANGE", "k", 1000000, 1000100)
    s.same("SETRANGE", "k", 3000000, "tail")
    s.same("STRLEN", "k")
    s.same("GETRANGE", "k", -10, -1)
    s.same("BITCOUNT", "k")
    s.same("BITCOUNT", "k", 12345, -12345)
    s.same("BITCOUNT", "k", 12345, 3000000, "BIT")
    s.same("BITPOS", "k", 1, 1000)
    s.same("BITPOS", "k", 0, 2500000)
    s.same("SET", "big2", big)
    s.same("BITOP", "XOR", "x", "k", "big2")
    s.same("GET", "x")
    s.same("SETBIT", "bits", 8 * 1000000, 1)
    s.same("STRLEN", "bits")
    s.same("BITPOS", "bits", 1)
    s.same("GET", "bits")
    s.same("MSET", "m1", big, "m2", big)
    s.same("MGET", "m1", "m2")
    s.same("GETDEL", "m1")


# ---------------------------------------------------------------- bitmaps

def test_setbit_getbit(s):
    s.same("SETBIT", "b", 7, 1)
    s.same("GET", "b")
    s.same("SETBIT", "b", 7, 1)
    s.same("SETBIT", "b", 7, 0)
    s.same("SETBIT", "b", 100, 1)
    s.same("GET", "b")
    s.same("STRLEN", "b")
    for off in (0, 7, 100, 101, 1000, "4294967295"):
        s.same("GETBIT", "b", off)
    s.same("GETBIT", "missing", 5)
    for bad in ("-1", "4294967296", "abc", "1.5", "", "9223372036854775807", "#1"):
        s.same("SETBIT", "b", bad, 1)
        s.same("GETBIT", "b", bad)
    for bad in ("2", "-1", "abc", "", "1.0", "01"):
        s.same("SETBIT", "b", 0, bad)
    s.same("SETBIT", "b", "-1", "2")
    s.same("SET", "n", "12")
    s.same("GETBIT", "n", 2)
    s.same("GETBIT", "n", 3)
    s.same("GETBIT", "n", 100)
    s.same("SETBIT", "n", 6, 1)
    s.same("GET", "n")
    same_encoding(s, "n")
    s.same("SET", "m", "7")
    s.same("SETBIT", "m", 0, 0)
    same_encoding(s, "m")
    s.same("SET", "t", "v", "EX", "100")
    s.same("SETBIT", "t", 30, 1)
    same_ttl(s, "t")
    s.same("SETBIT", "b", 1)
    s.same("GETBIT", "b")


def test_bitcount(s):
    s.same("BITCOUNT", "missing")
    s.same("BITCOUNT", "missing", "a", "b")
    s.same("BITCOUNT", "missing", 0)
    s.same("BITCOUNT", "missing", 0, 1, "FOO")
    s.same("SET", "k", "foobar")
    s.same("BITCOUNT", "k")
    for a, b in [(0, 0), (1, 1), (0, -1), (-2, -1), (-1, -2), (5, 2), (0, 100), (-100, 100),
                 (100, 200), (-100, -50), ("-9223372036854775808", "9223372036854775807")]:
        s.same("BITCOUNT", "k", a, b)
        s.same("BITCOUNT", "k", a, b, "BYTE")
        s.same("BITCOUNT", "k", a, b, "BIT")
    for a, b in [(5, 30), (1, 1), (7, 8), (0, 47), (3, 44), (-5, -1), (-48, -48), (13, 13)]:
        s.same("BITCOUNT", "k", a, b, "bit")
    s.same("BITCOUNT", "k", 0)
    s.same("BITCOUNT", "k", 0, 1, "FOO")
    s.same("BITCOUNT", "k", 0, 1, "BIT", "x")
    s.same("BITCOUNT", "k", "a", 1)
    s.same("BITCOUNT", "k", 0, "b")
    s.same("BITCOUNT", "k", "a", 1, "FOO")
    s.same("SET", "n", "12345")
    s.same("BITCOUNT", "n")
    s.same("BITCOUNT", "n", 1, 2)
    s.same("SET", "e", "")
    s.same("BITCOUNT", "e")
    s.same("BITCOUNT", "e", 0, -1)
    s.same("BITCOUNT", "e", 0, -1, "BIT")
    s.same("BITCOUNT")


def test_bitpos(s):
    s.same("BITPOS", "missing", 1)
    s.same("BITPOS", "missing", 0)
    s.same("BITPOS", "missing", 0, "a", "b", "c", "d")
    s.same("BITPOS", "missing", 2)
    s.same("BITPOS", "missing", "x")
    s.same("SET", "k", b"\xff\xf0\x00")
    s.same("BITPOS", "k", 0)
    s.same("BITPOS", "k", 1)
    s.same("BITPOS", "k", 1, 2)
    s.same("BITPOS", "k", 0, 2)
    s.same("BITPOS", "k", 1, 2, -1)
    s.same("BITPOS", "k", 0, 0, 0)
    s.same("BITPOS", "k", 1, 7, 15, "BIT")
    s.same("BITPOS", "k", 0, 7, 15, "BIT")
    s.same("BITPOS", "k", 0, 7, 11, "BIT")
    s.same("BITPOS", "k", 0, 100)
    s.same("BITPOS", "k", 1, 0, 100)
    s.same("BITPOS", "k", 1, "a")
    s.same("BITPOS", "k", 1, 0, "b")
    s.same("BITPOS", "k", 1, 0, "b", "FOO")
    s.same("BITPOS", "k", 1, "a", "b", "FOO")
    s.same("BITPOS", "k", 1, 0, 1, "FOO")
    s.same("BITPOS", "k", 1, 0, 1, "BIT", "x")
    s.same("SET", "ones", b"\xff\xff\xff")
    s.same("BITPOS", "ones", 0)
    s.same("BITPOS", "ones", 0, 1)
    s.same("BITPOS", "ones", 0, 1, -1)
    s.same("BITPOS", "ones", 0, 3, 20, "BIT")
    s.same("BITPOS", "ones", 0, 3, -1, "BIT")
    s.same("BITPOS", "ones", 0, 3)
    s.same("SET", "zeros", b"\x00\x00\x00")
    s.same("BITPOS", "zeros", 1)
    s.same("BITPOS", "zeros", 0)
    s.same("BITPOS", "zeros", 1, 0, -1, "BIT")
    s.same("SET", "e", "")
    s.same("BITPOS", "e", 0)
    s.same("BITPOS", "e", 1)
    s.same("BITPOS", "e", 0, 0, -1)
    s.same("SET", "n", "9")
    s.same("BITPOS", "n", 0)
    s.same("BITPOS", "n", 1)
    s.same("BITPOS")
    s.same("BITPOS", "k")


def test_bitcount_bitpos_random(s):
    rnd = random.Random(1234)
    for t in range(40):
        n = rnd.randrange(0, 12)
        val = bytes(rnd.choice([0, 255, rnd.randrange(256)]) for _ in range(n))
        s.same("SET", "r", val)
        for _ in range(15):
            a = rnd.randrange(-110, 110)
            b = rnd.randrange(-110, 110)
            unit = rnd.choice(["BYTE", "BIT"])
            if unit == "BYTE":
                a, b = a // 8, b // 8
            s.same("BITCOUNT", "r", a, b, unit)
            bit = rnd.randrange(2)
            s.same("BITPOS", "r", bit, a, b, unit)
            s.same("BITPOS", "r", bit, a)
            s.same("BITPOS", "r", bit, a, b)


def test_bitop(s):
    s.same("SET", "a", b"\x0f\xf0\xaa")
    s.same("SET", "b", b"\xff\x00")
    s.same("SET", "c", "12")
    for op in ("AND", "OR", "XOR", "and", "Or"):
        s.same("BITOP", op, "d", "a", "b", "c", "missing")
        s.same("GET", "d")
        s.same("BITOP", op, "d", "a")
        s.same("GET", "d")
    s.same("BITOP", "NOT", "d", "a")
    s.same("GET", "d")
    s.same("BITOP", "NOT", "d", "a", "b")
    s.same("BITOP", "NOT", "d")
    s.same("BITOP", "FOO", "d", "a")
    s.same("BITOP", "AND", "d")
    s.same("BITOP", "AND", "a", "a", "b")
    s.same("GET", "a")
    same_encoding(s, "a")
    s.same("SET", "d", "old", "EX", "100")
    s.same("BITOP", "OR", "d", "missing1", "missing2")
    s.same("EXISTS", "d")
    s.same("BITOP", "OR", "nothing", "missing1")
    s.same("SET", "d", "old", "EX", "100")
    s.same("BITOP", "OR", "d", "b")
    same_ttl(s, "d")
    s.same("SET", "e", "")
    s.same("BITOP", "XOR", "d", "e")
    s.same("EXISTS", "d")
    s.same("BITOP", "NOT", "d", "e")
    s.same("BITOP", "AND", "d", "b", "missing")
    s.same("GET", "d")
    if make_list(s, "l"):
        s.same("BITOP", "AND", "l", "a")
        s.same("GET", "l")
        s.same("LPUSH", "l2", "x")
        s.same("BITOP", "AND", "d", "a", "l2")
        s.same("BITOP", "NOT", "d", "l2")


def test_bitfield(s):
    s.same("BITFIELD", "missing")
    s.same("BITFIELD", "missing", "GET", "u8", 0)
    s.same("EXISTS", "missing")
    s.same("BITFIELD", "k", "SET", "u8", 0, 255, "GET", "u8", 0, "GET", "i8", 0)
    s.same("GET", "k")
    s.same("BITFIELD", "k", "INCRBY", "u8", 0, 10)
    s.same("BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "u8", 0, 300)
    s.same("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", 0, 300)
    s.same("BITFIELD", "k", "OVERFLOW", "WRAP", "INCRBY", "u8", 0, 300)
    s.same("BITFIELD", "k", "overflow", "sat", "INCRBY", "i8", 0, -300, "INCRBY", "i8", 0, 300)
    s.same("BITFIELD", "k", "SET", "i5", "#3", 13, "GET", "i5", "#3", "GET", "u5", "#3")
    s.same("GET", "k")
    s.same("BITFIELD", "k", "SET", "i64", 0, "-9223372036854775808", "GET", "i64", 0,
           "INCRBY", "i64", 0, -1, "OVERFLOW", "SAT", "INCRBY", "i64", 0, -1)
    s.same("BITFIELD", "k", "SET", "u63", 1, "9223372036854775807", "INCRBY", "u63", 1, 1)
    s.same("BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", 0, 256, "SET", "u8", 0, -1,
           "SET", "i8", 0, 128, "SET", "i8", 0, -129, "SET", "i8", 0, 127)
    s.same("BITFIELD", "k", "OVERFLOW", "SAT", "SET", "u8", 0, 256, "SET", "u8", 0, -1,
           "SET", "i8", 0, 128, "SET", "i8", 0, -129, "GET", "u8", 0)
    s.same("BITFIELD", "k", "SET", "u8", 0, 256, "SET", "u8", 0, -1, "SET", "i8", 0, 128,
           "SET", "i8", 0, -129, "GET", "u8", 0)
    s.same("BITFIELD", "k", "GET", "u8", 1000, "GET", "i64", 3, "GET", "u63", 5)
    s.same("BITFIELD", "k", "SET", "u1", 1000, 1)
    s.same("STRLEN", "k")
    s.same("BITFIELD", "new", "OVERFLOW", "FAIL", "INCRBY", "u2", 100, 9)
    s.same("GET", "new")
    # Parse errors, in Redis's order.
    for bad in (("GET", "u8"), ("GET",), ("SET", "u8", 0), ("FOO", "u8", 0),
                ("GET", "u64", 0), ("GET", "i65", 0), ("GET", "i0", 0), ("GET", "U8", 0),
                ("GET", "x8", 0), ("GET", "u", 0), ("GET", "", 0), ("GET", "u8x", 0),
                ("GET", "i-1", 0), ("GET", "u8", -1), ("GET", "u8", "#-1"), ("GET", "u8", "#"),
                ("GET", "u8", "4294967296"), ("GET", "u8", "#536870912"), ("GET", "u8", "abc"),
                ("SET", "u8", 0, "abc"), ("INCRBY", "u8", 0, "1.5"), ("OVERFLOW", "FOO"),
                ("OVERFLOW",), ("OVERFLOW", "SAT", "GET", "u8"), ("GET", "u8", 0, "SET"),
                ("GET", "i64", "#9223372036854775807")):
        s.same("BITFIELD", "k", *bad)
        s.same("BITFIELD_RO", "k", *bad)
    s.same("SET", "n", "100")
    s.same("BITFIELD", "n", "GET", "u8", 0, "GET", "u16", 8)
    s.same("BITFIELD", "n", "INCRBY", "u8", 0, 1)
    s.same("GET", "n")
    same_encoding(s, "n")
    s.same("SET", "t", "v", "EX", "100")
    s.same("BITFIELD", "t", "SET", "u8", 16, 65)
    same_ttl(s, "t")
    s.same("BITFIELD")


def test_bitfield_and_setbit_dirty_counts(s):
    # rdb_changes_since_last_save grows only when bits change (or the string is created or
    # grown), one change per applied write, as in Redis.
    def changes(c):
        for line in c.cmd("INFO", "persistence").decode().split("\r\n"):
            if line.startswith("rdb_changes_since_last_save:"):
                return int(line.split(":")[1])
    steps = [("SETBIT", "foo", "0", "0"), ("BITFIELD", "foo2", "SET", "i5", "0", "0"),
             ("SETBIT", "foo", "0", "0"), ("BITFIELD", "foo2", "SET", "i5", "0", "0"),
             ("SETBIT", "foo", "0", "1"), ("SETBIT", "foo", "0", "1"),
             ("BITFIELD", "foo2", "SET", "i5", "0", "3", "SET", "i5", "0", "3", "INCRBY", "u2", "8",
              "1", "SET", "u4", "20", "0"),
             ("BITFIELD", "foo3", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "7"),
             ("BITFIELD", "foo3", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "1", "INCRBY", "u2",
              "0", "9"),
             ("BITFIELD", "foo2", "SET", "u8", "0", "0", "GET", "u8", "0")]
    for cmd in steps:
        before = (changes(s.sable), changes(s.redis))
        s.same(*cmd)
        after = (changes(s.sable), changes(s.redis))
        assert after[0] - before[0] == after[1] - before[1], (cmd, before, after)


def test_bitfield_random(s):
    rnd = random.Random(99)
    s.same("SET", "f", bytes(rnd.randrange(256) for _ in range(20)))
    for _ in range(300):
        signed = rnd.randrange(2)
        bits = rnd.randrange(1, 65 if signed else 64)
        typ = ("i" if signed else "u") + str(bits)
        off = rnd.choice([str(rnd.randrange(0, 200)), "#%d" % rnd.randrange(0, 4)])
        val = rnd.choice([rnd.randrange(-2 ** 63, 2 ** 63), rnd.randrange(-300, 300),
                          2 ** bits, -2 ** bits, 2 ** (bits - 1), -2 ** (bits - 1) - 1])
        val = max(-2 ** 63, min(2 ** 63 - 1, val))
        ow = rnd.choice(["WRAP", "SAT", "FAIL"])
        op = rnd.choice(["GET", "SET", "INCRBY"])
        args = ["BITFIELD", "f", "OVERFLOW", ow, op, typ, off]
        if op != "GET":
            args.append(val)
        s.same(*args)
    s.same("GET", "f")


def test_bitfield_ro(s):
    s.same("SET", "k", "hello")
    s.same("BITFIELD_RO", "k", "GET", "u8", 0, "GET", "i4", "#3")
    s.same("BITFIELD_RO", "k")
    s.same("BITFIELD_RO", "missing", "GET", "i8", 0)
    s.same("BITFIELD_RO", "k", "SET", "u8", 0, 1)
    s.same("BITFIELD_RO", "k", "INCRBY", "u8", 0, 1)
    s.same("BITFIELD_RO", "k", "GET", "u8", 0, "OVERFLOW", "SAT")
    s.same("BITFIELD_RO", "k", "SET", "u8", 0, "x")
    s.same("GET", "k")
    s.same("BITFIELD_RO")


# ---------------------------------------------------------------- LCS

def test_lcs(s):
    s.same("MSET", "a", "ohmytext", "b", "mynewtext")
    s.same("LCS", "a", "b")
    s.same("LCS", "a", "b", "LEN")
    s.same("LCS", "a", "b", "IDX")
    s.same("LCS", "a", "b", "IDX", "MINMATCHLEN", 4)
    s.same("LCS", "a", "b", "IDX", "MINMATCHLEN", 4, "WITHMATCHLEN")
    s.same("LCS", "a", "b", "IDX", "WITHMATCHLEN")
    s.same("LCS", "a", "b", "idx", "minmatchlen", -5, "withmatchlen")
    s.same("LCS", "a", "b", "MINMATCHLEN", 2)
    s.same("LCS", "a", "b", "LEN", "MINMATCHLEN", 2)
    s.same("LCS", "a", "b", "LEN", "IDX")
    s.same("LCS", "a", "b", "MINMATCHLEN")
    s.same("LCS", "a", "b", "MINMATCHLEN", "x")
    s.same("LCS", "a", "b", "FOO")
    s.same("LCS", "a", "missing")
    s.same("LCS", "missing", "missing2", "IDX")
    s.same("LCS", "a", "a", "IDX", "WITHMATCHLEN")
    s.same("SET", "n1", "123456")
    s.same("SET", "n2", "2456")
    s.same("LCS", "n1", "n2", "IDX")
    s.same("SET", "x", BINARY)
    s.same("SET", "y", b"\x00\r\n\xff")
    s.same("LCS", "x", "y")
    s.same("LCS", "x", "y", "IDX", "WITHMATCHLEN")
    rnd = random.Random(5)
    for _ in range(30):
        a = "".join(rnd.choice("abc") for _ in range(rnd.randrange(0, 30)))
        b = "".join(rnd.choice("abc") for _ in range(rnd.randrange(0, 30)))
        s.same("MSET", "ra", a, "rb", b)
        s.same("LCS", "ra", "rb")
        s.same("LCS", "ra", "rb", "IDX", "WITHMATCHLEN", "MINMATCHLEN", rnd.randrange(0, 4))
    s.same("LCS", "a")
    if make_list(s, "l"):
        s.same("LCS", "l", "a", "FOO")
        s.same("LCS", "a", "l", "LEN", "IDX")


def test_lcs_memory_limit(s):
    if not has(s, "CONFIG", "SET", "proto-max-bulk-len", "1mb"):
        return
    s.redis.cmd("CONFIG", "SET", "proto-max-bulk-len", "1mb")
    try:
        s.same("SET", "a", "x" * 1000)
        s.same("SET", "b", "x" * 1000)
        s.same("LCS", "a", "b", "LEN")
        s.same("SETRANGE", "c", 1024 * 1024, "x")
        s.same("SETBIT", "c", 8 * 1024 * 1024, 1)
    finally:
        s.both("CONFIG", "SET", "proto-max-bulk-len", "512mb")


def test_resp3(s):
    if not s.sable.cmd("HELLO", "3").startswith(b"%"):
        return
    s.redis.cmd("HELLO", "3")
    s.same("GET", "missing")
    s.same("SET", "k", "v", "NX")
    s.same("GETEX", "missing")
    s.same("GETRANGE", "missing", 0, 1)
    s.same("MSET", "a", "ohmytext", "b", "mynewtext")
    s.same("LCS", "a", "b", "IDX", "WITHMATCHLEN")
    s.same("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", 0, 1000)


# ---------------------------------------------------------------- events and WATCH

WRITES = [
    ("SET", "k", "v"), ("SET", "k", "v", "EX", "100"), ("SETNX", "k", "v"), ("SETNX", "k2", "v"),
    ("SETEX", "k", "100", "v"), ("PSETEX", "k", "100000", "v"), ("MSET", "k", "1", "k2", "2"),
    ("MSETNX", "k3", "1", "k4", "2"), ("MSETNX", "k", "1"), ("INCR", "k"), ("DECR", "k"),
    ("INCRBY", "k", "5"), ("DECRBY", "k", "5"), ("INCRBYFLOAT", "k", "1.5"),
    ("GETSET", "k", "x"), ("APPEND", "k", "yz"), ("APPEND", "k", ""), ("SETRANGE", "k", "1", "Q"),
    ("SETRANGE", "k", "1", ""), ("SETRANGE", "k5", "3", ""), ("GETEX", "k", "EX", "100"),
    ("GETEX", "k", "PERSIST"), ("GETEX", "k", "PERSIST"), ("GETEX", "k"),
    ("SETBIT", "k", "3", "1"), ("SETBIT", "k", "3", "1"), ("SETBIT", "k", "200", "0"),
    ("BITFIELD", "k", "GET", "u8", "0"), ("BITFIELD", "k", "SET", "u8", "0", "65"),
    ("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "9"),
    ("BITOP", "NOT", "k6", "k"), ("BITOP", "AND", "k6", "nope"), ("GETEX", "k", "PXAT", "1"),
    ("GETDEL", "k2"), ("GETDEL", "k2"), ("SET", "k", "v", "PXAT", "1"),
]


def test_keyspace_events(s):
    if not has(s, "CONFIG", "SET", "notify-keyspace-events", "KEA"):
        return
    s.redis.cmd("CONFIG", "SET", "notify-keyspace-events", "KEA")
    subs = [s.sable_server.conn(), s.redis_server.conn()]
    try:
        for c in subs:
            c.cmd("PSUBSCRIBE", "__keyevent@*__:*")
        for cmd in WRITES:
            s.same(*cmd)
        s.same("SET", "end-marker", "1")
        streams = []
        for c in subs:
            msgs = []
            while True:
                m = c.read_reply()
                msgs.append(m)
                if b"end-marker" in m:
                    break
            streams.append(msgs)
        assert streams[0] == streams[1], "events differ:\n sable %r\n redis %r" % tuple(streams)
    finally:
        for c in subs:
            c.close()
        s.both("CONFIG", "SET", "notify-keyspace-events", "")


def test_watch_signals(s):
    if not has(s, "WATCH", "k"):
        return
    s.sable.cmd("UNWATCH")
    others = [s.sable_server.conn(), s.redis_server.conn()]
    try:
        for cmd in WRITES:
            for c in others:
                c.cmd("SET", "k", "base")
                c.cmd("DEL", "k2", "k3", "k4", "k5", "k6")
            s.same("WATCH", *cmd[1:2] if cmd[0] != "BITOP" else cmd[2:3])
            a, b = [c.cmd(*cmd) for c in others]
            assert a == b, (cmd, a, b)
            s.same("MULTI")
            s.same("PING")
            a, b = s.both("EXEC")
            assert a == b, (cmd, a, b)
    finally:
        for c in others:
            c.close()


# ---------------------------------------------------------------- redis-py against Sable alone

def test_redis_py(s):
    try:
        import redis
    except ImportError:
        print("  (redis-py not installed, skipped)")
        return
    srv = start_sable()
    try:
        r = redis.Redis(port=srv.port)
        assert r.set("k", "v") is True
        assert r.get("k") == b"v"
        assert r.set("k", "w", nx=True) is None
        assert r.set("k", "w", xx=True, get=True) == b"v"
        assert r.getex("k", ex=100) == b"w"
        assert r.getex("k", persist=True) == b"w"
        assert r.incr("n") == 1 and r.incrby("n", 9) == 10 and r.decr("n") == 9
        assert r.incrbyfloat("f", 1.5) == 1.5
        assert r.append("k", "xyz") == 4 and r.strlen("k") == 4
        assert r.setrange("k", 6, "!") == 7 and r.get("k") == b"wxyz\x00\x00!"
        assert r.getrange("k", 1, 3) == b"xyz"
        assert r.mset({"a": "1", "b": BINARY}) is True
        assert r.mget("a", "b", "nope") == [b"1", BINARY, None]
        assert r.msetnx({"a": "2", "c": "3"}) is False
        assert r.setbit("bm", 10, 1) == 0 and r.getbit("bm", 10) == 1
        assert r.bitcount("bm") == 1 and r.bitpos("bm", 1) == 10
        assert r.bitop("NOT", "inv", "bm") == 2
        bf = r.bitfield("bf")
        assert bf.set("u8", 0, 200).incrby("u8", 0, 100).execute() == [0, 44]
        assert r.bitfield("bf").overflow("FAIL").incrby("u8", 0, 250).execute() == [None]
        r.mset({"s1": "ohmytext", "s2": "mynewtext"})
        assert r.lcs("s1", "s2") == b"mytext"
        assert r.getdel("a") == b"1" and r.exists("a") == 0
        try:
            r.setbit("bm", -1, 1)
            raise AssertionError("expected an error")
        except redis.ResponseError as e:
            assert str(e) == "bit offset is not an integer or out of range"
        p = r.pipeline(transaction=False)
        for i in range(100):
            p.incr("counter")
        assert p.execute()[-1] == 100
        r.close()
    finally:
        srv.stop()


if __name__ == "__main__":
    run_tests(globals())
