"""List commands against redis-server, reply by reply (blocking forms: test_blocking.py)."""
import random

from harness import Conn, parse, run_tests

WRONG_ARITY = [
    ("LPUSH", "k"), ("RPUSH",), ("LPUSHX", "k"), ("RPUSHX", "k"), ("LPOP",), ("RPOP",),
    ("LPOP", "k", "1", "2"), ("RPOP", "k", "1", "2"), ("LLEN",), ("LLEN", "a", "b"),
    ("LRANGE", "k", "0"), ("LINDEX", "k"), ("LSET", "k", "0"), ("LINSERT", "k", "BEFORE", "p"),
    ("LREM", "k", "0"), ("LTRIM", "k", "0"), ("LPOS", "k"), ("LMOVE", "a", "b", "LEFT"),
    ("RPOPLPUSH", "a"), ("LMPOP", "1", "k"), ("BLPOP", "k"), ("BRPOP", "k"),
    ("BRPOPLPUSH", "a", "b"), ("BLMOVE", "a", "b", "LEFT", "LEFT"), ("BLMPOP", "0", "1", "k"),
]


def fill(s, key, *values):
    s.same("RPUSH", key, *values)


def test_push_pop_basic(s):
    s.same("LPUSH", "l", "a", "b", "c")
    s.same("RPUSH", "l", "1", "2", "-3", "007", "")
    s.same("LRANGE", "l", "0", "-1")
    s.same("LLEN", "l")
    s.same("LPUSHX", "l", "x", "y")
    s.same("RPUSHX", "l", "z")
    s.same("LPUSHX", "nokey", "x")
    s.same("RPUSHX", "nokey", "x")
    s.same("EXISTS", "nokey")
    s.same("LPOP", "l")
    s.same("RPOP", "l")
    s.same("LPOP", "l", "2")
    s.same("RPOP", "l", "3")
    s.same("LPOP", "l", "0")
    s.same("RPOP", "l", "100")
    s.same("EXISTS", "l")
    s.same("LPOP", "l")
    s.same("RPOP", "l")
    s.same("LLEN", "l")


def test_pop_count_edge_cases(s):
    s.same("LPOP", "missing", "0")
    s.same("LPOP", "missing", "3")
    s.same("RPOP", "missing", "3")
    s.same("LPOP", "missing")
    s.same("LPOP", "missing", "-1")
    s.same("LPOP", "missing", "abc")
    fill(s, "l", "a", "b")
    s.same("LPOP", "l", "-1")
    s.same("RPOP", "l", "1.5")
    s.same("LPOP", "l", "9223372036854775807")
    s.same("EXISTS", "l")
    fill(s, "l", "a")
    s.same("RPOP", "l", "1")
    s.same("EXISTS", "l")


def test_wrong_type(s):
    s.same("SET", "str", "v")
    cmds = [
        ("LPUSH", "str", "a"), ("RPUSH", "str", "a"), ("LPUSHX", "str", "a"),
        ("RPUSHX", "str", "a"), ("LPOP", "str"), ("RPOP", "str", "2"), ("LLEN", "str"),
        ("LRANGE", "str", "0", "-1"), ("LINDEX", "str", "0"), ("LINDEX", "str", "x"),
        ("LSET", "str", "0", "v"), ("LINSERT", "str", "BEFORE", "a", "b"),
        ("LREM", "str", "0", "a"), ("LTRIM", "str", "0", "1"), ("LPOS", "str", "a"),
        ("LMOVE", "str", "dst", "LEFT", "RIGHT"), ("RPOPLPUSH", "str", "dst"),
        ("LMPOP", "1", "str", "LEFT"), ("LMPOP", "2", "missing", "str", "LEFT"),
        ("BLPOP", "str", "0"), ("BRPOP", "missing", "str", "0"),
        ("BLMPOP", "0", "1", "str", "LEFT"), ("BRPOPLPUSH", "str", "dst", "0"),
        ("BLMOVE", "str", "dst", "LEFT", "LEFT", "0"),
    ]
    for c in cmds:
        s.same(*c)
    fill(s, "l", "a", "b")
    s.same("LMOVE", "l", "str", "LEFT", "RIGHT")
    s.same("RPOPLPUSH", "l", "str")
    s.same("BLMOVE", "l", "str", "LEFT", "LEFT", "0")
    s.same("LRANGE", "l", "0", "-1")
    s.same("LMPOP", "2", "l", "str", "LEFT")  # first key serves; the string is not reached
    s.same("BLPOP", "l", "str", "0")
    s.same("EXISTS", "l")


def test_wrong_arity(s):
    for c in WRONG_ARITY:
        s.same(*c)


def test_lrange_indexes(s):
    s.same("LRANGE", "missing", "0", "-1")
    s.same("LRANGE", "missing", "a", "b")
    fill(s, "l", *[str(i) for i in range(10)])
    for a, b in [("0", "-1"), ("-100", "100"), ("5", "2"), ("10", "20"), ("-1", "-1"),
                 ("-3", "-2"), ("0", "0"), ("9223372036854775807", "-9223372036854775808"),
                 ("-9223372036854775808", "9223372036854775807"), ("x", "1"), ("1", "1.0")]:
        s.same("LRANGE", "l", a, b)


def test_lindex_lset(s):
    s.same("LINDEX", "missing", "0")
    s.same("LINDEX", "missing", "notanumber")
    s.same("LSET", "missing", "0", "v")
    s.same("LSET", "missing", "x", "v")
    fill(s, "l", "a", "b", "c", "10")
    for i in ["0", "3", "-1", "-4", "4", "-5", "9223372036854775807", "-9223372036854775808",
              "x", "1.5", "99999999999999999999"]:
        s.same("LINDEX", "l", i)
    s.same("LSET", "l", "0", "A")
    s.same("LSET", "l", "-1", "12345")
    s.same("LSET", "l", "4", "v")
    s.same("LSET", "l", "-5", "v")
    s.same("LSET", "l", "abc", "v")
    s.same("LRANGE", "l", "0", "-1")


def test_linsert(s):
    s.same("LINSERT", "missing", "BEFORE", "a", "b")
    s.same("LINSERT", "missing", "MIDDLE", "a", "b")
    fill(s, "l", "a", "b", "c", "5")
    s.same("LINSERT", "l", "BEFORE", "a", "x")
    s.same("LINSERT", "l", "after", "c", "y")
    s.same("LINSERT", "l", "AFTER", "5", "6")
    s.same("LINSERT", "l", "before", "05", "z")
    s.same("LINSERT", "l", "BEFORE", "nope", "z")
    s.same("LINSERT", "l", "INSIDE", "a", "z")
    s.same("LRANGE", "l", "0", "-1")


def test_lrem(s):
    s.same("LREM", "missing", "0", "a")
    s.same("LREM", "missing", "x", "a")
    fill(s, "l", "a", "b", "a", "1", "a", "b", "1", "a")
    s.same("LREM", "l", "2", "a")
    s.same("LRANGE", "l", "0", "-1")
    s.same("LREM", "l", "-1", "1")
    s.same("LRANGE", "l", "0", "-1")
    s.same("LREM", "l", "0", "b")
    s.same("LREM", "l", "-9223372036854775808", "a")
    s.same("LREM", "l", "1.5", "a")
    s.same("LRANGE", "l", "0", "-1")
    s.same("LREM", "l", "0", "1")
    s.same("EXISTS", "l")


def test_ltrim(s):
    s.same("LTRIM", "missing", "0", "1")
    s.same("LTRIM", "missing", "a", "1")
    for a, b in [("1", "-2"), ("0", "-1"), ("-100", "100"), ("2", "1"), ("0", "0"),
                 ("x", "0"), ("5", "100")]:
        s.same("DEL", "l")
        fill(s, "l", *[str(i) for i in range(10)])
        s.same("LTRIM", "l", a, b)
        s.same("LRANGE", "l", "0", "-1")
        s.same("EXISTS", "l")


def test_lpos(s):
    s.same("LPOS", "missing", "a")
    s.same("LPOS", "missing", "a", "COUNT", "0")
    s.same("LPOS", "missing", "a", "RANK", "0")
    fill(s, "l", "a", "b", "c", "1", "2", "3", "c", "c", "a", "1")
    opts = [[], ["RANK", "2"], ["RANK", "-1"], ["RANK", "-2"], ["COUNT", "0"], ["COUNT", "2"],
            ["RANK", "2", "COUNT", "0"], ["RANK", "-1", "COUNT", "2"], ["MAXLEN", "3"],
            ["MAXLEN", "8", "COUNT", "0"], ["RANK", "-1", "MAXLEN", "2"], ["RANK", "10"],
            ["RANK", "10", "COUNT", "1"], ["RANK", "0"], ["COUNT", "-1"], ["MAXLEN", "-1"],
            ["RANK", "x"], ["COUNT", "x"], ["MAXLEN", "x"], ["RANK"], ["FOO", "1"],
            ["RANK", "-9223372036854775808"], ["RANK", "9223372036854775807"],
            ["RANK", "-9223372036854775808", "COUNT", "1"],
            ["COUNT", "1", "COUNT", "3"]]
    for el in ["a", "c", "1", "01", "zz"]:
        for o in opts:
            s.same("LPOS", "l", el, *o)


def test_lmove_rpoplpush(s):
    s.same("LMOVE", "missing", "dst", "LEFT", "RIGHT")
    s.same("EXISTS", "dst")
    s.same("LMOVE", "missing", "dst", "UP", "RIGHT")
    fill(s, "src", "a", "b", "c")
    for frm in ["LEFT", "RIGHT"]:
        for to in ["LEFT", "RIGHT", "left"]:
            s.same("LMOVE", "src", "dst", frm, to)
            s.same("LRANGE", "dst", "0", "-1")
            s.same("RPUSH", "src", "x")
    s.same("LMOVE", "src", "dst", "LEFT", "SIDEWAYS")
    s.same("RPOPLPUSH", "src", "dst")
    s.same("RPOPLPUSH", "missing", "dst")
    # Rotation of a list onto itself, including a one-element list.
    s.same("LMOVE", "dst", "dst", "LEFT", "RIGHT")
    s.same("RPOPLPUSH", "dst", "dst")
    s.same("LRANGE", "dst", "0", "-1")
    s.same("RPUSH", "one", "x")
    s.same("RPOPLPUSH", "one", "one")
    s.same("LMOVE", "one", "one", "LEFT", "LEFT")
    s.same("LRANGE", "one", "0", "-1")
    while s.same("RPOPLPUSH", "src", "dst2") != b"$-1\r\n":
        pass
    s.same("EXISTS", "src")
    s.same("LRANGE", "dst2", "0", "-1")


def test_lmpop(s):
    s.same("LMPOP", "1", "missing", "LEFT")
    s.same("LMPOP", "2", "m1", "m2", "RIGHT", "COUNT", "5")
    fill(s, "b", "1", "2", "3", "4", "5")
    s.same("LMPOP", "2", "a", "b", "LEFT")
    s.same("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "2")
    s.same("LMPOP", "2", "a", "b", "left", "count", "100")
    s.same("EXISTS", "b")
    for args in [("0", "a", "LEFT"), ("-1", "a", "LEFT"), ("x", "a", "LEFT"),
                 ("3", "a", "LEFT"), ("2", "a", "LEFT"), ("1", "a", "UP"),
                 ("1", "a", "LEFT", "COUNT"), ("1", "a", "LEFT", "COUNT", "0"),
                 ("1", "a", "LEFT", "COUNT", "-3"), ("1", "a", "LEFT", "COUNT", "x"),
                 ("1", "a", "LEFT", "COUNT", "1", "COUNT", "2"), ("1", "a", "LEFT", "FOO"),
                 ("9223372036854775807", "a", "LEFT"), ("1", "a", "LEFT", "COUNT", "1", "x")]:
        s.same("LMPOP", *args)
        s.same("BLMPOP", "0", *args)


def test_blocking_forms_serve_at_once(s):
    fill(s, "l", "a", "b", "c", "d", "e")
    s.same("BLPOP", "missing", "l", "0")
    s.same("BRPOP", "l", "1")
    s.same("BRPOPLPUSH", "l", "dst", "0")
    s.same("BLMOVE", "l", "dst", "RIGHT", "LEFT", "0")
    s.same("BLMPOP", "0", "2", "missing", "l", "LEFT", "COUNT", "10")
    s.same("EXISTS", "l")
    s.same("LRANGE", "dst", "0", "-1")
    for t in ["-1", "abc", "-0.5", "nan", "0.01"]:
        s.same("BLPOP", "missing", t)
        s.same("BRPOPLPUSH", "missing", "d", t)
        s.same("BLMOVE", "missing", "d", "LEFT", "LEFT", t)
        s.same("BLMPOP", t, "1", "missing", "LEFT")
    s.same("BLMOVE", "missing", "d", "LEFT", "UP", "0")
    s.same("BLMPOP", "0", "0", "missing", "LEFT")


def test_blocking_in_multi(s):
    if not s.sable.cmd("MULTI").startswith(b"+OK"):
        return
    s.sable.cmd("DISCARD")
    s.same("MULTI")
    for c in [("BLPOP", "missing", "0"), ("BRPOP", "missing", "1"),
              ("BRPOPLPUSH", "missing", "d", "0"), ("BLMOVE", "missing", "d", "LEFT", "LEFT", "0"),
              ("BLMPOP", "0", "1", "missing", "LEFT"), ("RPUSH", "x", "1"), ("BLPOP", "x", "0")]:
        s.same(*c)
    s.same("EXEC")


def test_big_list_across_nodes(s):
    values = ["v%d" % i if i % 3 else str(i * 1000003) for i in range(3000)]
    for i in range(0, 3000, 500):
        s.same("RPUSH", "big", *values[i:i + 500])
        s.same("LPUSH", "big", *values[i:i + 500])
    s.same("LLEN", "big")
    for i in [0, 1, 2999, 3000, 5999, -1, -3000, -6000, -6001, 6000]:
        s.same("LINDEX", "big", str(i))
    s.same("LSET", "big", "4500", "x" * 5000)
    s.same("LSET", "big", "4501", "y" * 20000)
    s.same("LINSERT", "big", "BEFORE", "v1001", "z" * 9000)
    s.same("LRANGE", "big", "4490", "4520")
    s.same("LRANGE", "big", "0", "-1")
    s.same("LREM", "big", "3", "v1")
    s.same("LREM", "big", "-2", "v2")
    s.same("LPOS", "big", "v500", "COUNT", "0")
    s.same("LTRIM", "big", "100", "-100")
    s.same("LRANGE", "big", "0", "-1")
    s.same("LPOP", "big", "1000")
    s.same("RPOP", "big", "1000")
    s.same("LRANGE", "big", "0", "-1")


def test_large_elements(s):
    for n in [0, 63, 64, 65535, 65536, 100000]:
        s.same("RPUSH", "l", "a" * n)
    s.same("LRANGE", "l", "0", "-1")
    s.same("LPOS", "l", "a" * 65536)
    s.same("LREM", "l", "0", "a" * 64)
    s.same("LRANGE", "l", "0", "-1")


def test_integers_round_trip(s):
    vals = ["0", "-0", "00", "+5", "5", "127", "128", "-128", "-129", "65535", "-2147483649",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "-9223372036854775809", "1e3", "0x10", " 7", "7 "]
    s.same("RPUSH", "l", *vals)
    s.same("LRANGE", "l", "0", "-1")
    for v in vals:
        s.same("LPOS", "l", v)
    s.same("LREM", "l", "0", "-0")
    s.same("LINSERT", "l", "AFTER", "5", "+5")
    s.same("LRANGE", "l", "0", "-1")


def test_object_encoding_and_type(s):
    fill(s, "l", "a")
    s.same("TYPE", "l")
    s.same("OBJECT", "ENCODING", "l")
    s.same("RPUSH", "l", *["x" * 100 for _ in range(200)])
    s.same("OBJECT", "ENCODING", "l")
    s.same("LTRIM", "l", "0", "0")
    s.same("OBJECT", "ENCODING", "l")


def test_config_node_size(s):
    for size in ["1", "3", "-1", "-5", "0"]:
        if not s.sable.cmd("CONFIG", "SET", "list-max-listpack-size", size).startswith(b"+OK"):
            return
        s.redis.cmd("CONFIG", "SET", "list-max-listpack-size", size)
        s.same("DEL", "l")
        s.same("RPUSH", "l", *[str(i) for i in range(50)])
        s.same("LINSERT", "l", "BEFORE", "25", "x")
        s.same("LSET", "l", "10", "y" * 100)
        s.same("LREM", "l", "0", "30")
        s.same("LRANGE", "l", "0", "-1")
        s.same("OBJECT", "ENCODING", "l")
    s.sable.cmd("CONFIG", "SET", "list-max-listpack-size", "-2")
    s.redis.cmd("CONFIG", "SET", "list-max-listpack-size", "-2")


def test_copy_and_rename_if_present(s):
    fill(s, "l", *[str(i) for i in range(1000)])
    if s.sable.cmd("COPY", "l", "l2").startswith(b"-ERR unknown"):
        return
    s.redis.cmd("COPY", "l", "l2")
    s.same("RPOP", "l2", "10")
    s.same("LLEN", "l")
    s.same("LRANGE", "l2", "0", "-1")


def test_random_sequence(s):
    rng = random.Random(1234)
    keys = ["r1", "r2", "r3", "rs"]
    s.same("SET", "rs", "string")

    def val():
        c = rng.random()
        if c < 0.3:
            return str(rng.randint(-300, 300))
        if c < 0.6:
            return "e%d" % rng.randint(0, 30)
        if c < 0.95:
            return "x" * rng.randint(0, 80)
        return "y" * rng.randint(1000, 5000)

    def idx():
        return str(rng.choice([rng.randint(-40, 40), rng.randint(-2000, 2000)]))

    ops = [
        lambda k: ("LPUSH", k) + tuple(val() for _ in range(rng.randint(1, 30))),
        lambda k: ("RPUSH", k) + tuple(val() for _ in range(rng.randint(1, 30))),
        lambda k: ("LPUSHX", k, val()),
        lambda k: ("RPUSHX", k, val()),
        lambda k: ("LPOP", k) + ((str(rng.randint(0, 8)),) if rng.random() < 0.5 else ()),
        lambda k: ("RPOP", k) + ((str(rng.randint(0, 8)),) if rng.random() < 0.5 else ()),
        lambda k: ("LLEN", k),
        lambda k: ("LRANGE", k, idx(), idx()),
        lambda k: ("LINDEX", k, idx()),
        lambda k: ("LSET", k, idx(), val()),
        lambda k: ("LINSERT", k, rng.choice(["BEFORE", "AFTER"]), val(), val()),
        lambda k: ("LREM", k, str(rng.randint(-3, 3)), val()),
        lambda k: ("LTRIM", k, idx(), idx()),
        lambda k: ("LPOS", k, val(), "RANK", str(rng.choice([1, 2, -1, -2])), "COUNT",
                   str(rng.randint(0, 3))),
        lambda k: ("LPOS", k, val()),
        lambda k: ("LMOVE", k, rng.choice(keys), rng.choice(["LEFT", "RIGHT"]),
                   rng.choice(["LEFT", "RIGHT"])),
        lambda k: ("RPOPLPUSH", k, rng.choice(keys)),
        lambda k: ("LMPOP", "2", k, rng.choice(keys), rng.choice(["LEFT", "RIGHT"]), "COUNT",
                   str(rng.randint(1, 5))),
        lambda k: ("BLPOP", k, rng.choice(keys), "0.01"),
        lambda k: ("EXISTS", k),
    ]
    weights = [8, 8, 2, 2, 4, 4, 1, 3, 3, 3, 3, 3, 1, 2, 1, 2, 2, 2, 1, 1]
    for _ in range(3000):
        k = rng.choice(keys)
        op = rng.choices(ops, weights)[0]
        s.same(*op(k))
    for k in keys:
        s.same("LRANGE", k, "0", "-1")


def _events(port, commands):
    """Runs `commands` on `port` and returns the keyevent notifications they caused."""
    ctl, sub = Conn(port), Conn(port)
    if not ctl.cmd("CONFIG", "SET", "notify-keyspace-events", "KEA").startswith(b"+OK"):
        return None
    if not sub.cmd("PSUBSCRIBE", "__keyevent@0__:*").startswith(b"*3"):
        return None
    for c in commands:
        ctl.cmd(*c)
    ctl.cmd("SET", "end-marker", "1")
    out = []
    while True:
        msg = parse(sub.read_reply())
        out.append((msg[2], msg[3]))
        if msg[3] == b"end-marker":
            break
    ctl.cmd("CONFIG", "SET", "notify-keyspace-events", "")
    ctl.close()
    sub.close()
    return out


def test_keyspace_events(s):
    commands = [
        ("RPUSH", "l", "a", "b", "c"), ("LPUSH", "l", "z"), ("LPUSHX", "l", "y"),
        ("RPUSHX", "nokey", "y"), ("LPOP", "l"), ("RPOP", "l", "1"), ("LSET", "l", "0", "q"),
        ("LINSERT", "l", "BEFORE", "q", "p"), ("LINSERT", "l", "BEFORE", "nope", "p"),
        ("LREM", "l", "0", "p"), ("LREM", "l", "0", "nope"), ("LTRIM", "l", "0", "-1"),
        ("LMOVE", "l", "m", "LEFT", "RIGHT"), ("RPOPLPUSH", "l", "l"), ("LMPOP", "1", "l", "LEFT"),
        ("RPUSH", "l", "1", "2"), ("BLPOP", "l", "0"), ("BLMPOP", "0", "1", "l", "RIGHT"),
        ("RPUSH", "l", "1"), ("BRPOPLPUSH", "l", "m", "0"), ("LTRIM", "m", "5", "1"),
        ("RPUSH", "l", "1"), ("LREM", "l", "1", "1"),
    ]
    a = _events(s.sable_server.port, commands)
    if a is None:
        return
    b = _events(s.redis_server.port, commands)
    assert a == b, "events differ:\n  sable: %r\n  redis: %r" % (a, b)


def test_resp3_null_shapes(s):
    if not s.sable.cmd("HELLO", "3").startswith(b"%"):
        return
    s.redis.cmd("HELLO", "3")
    s.same("LPOP", "missing")
    s.same("LPOP", "missing", "2")
    s.same("LINDEX", "missing", "0")
    s.same("LPOS", "missing", "x")
    s.same("LMPOP", "1", "missing", "LEFT")
    s.same("BLPOP", "missing", "0.01")
    s.same("BLMOVE", "missing", "d", "LEFT", "LEFT", "0.01")
    s.same("RPUSH", "l", "a", "1")
    s.same("LMPOP", "1", "l", "LEFT", "COUNT", "5")
    s.same("RPUSH", "l", "a", "1")
    s.same("LRANGE", "l", "0", "-1")
    s.same("LPOS", "l", "1", "COUNT", "0")


if __name__ == "__main__":
    run_tests(globals())
