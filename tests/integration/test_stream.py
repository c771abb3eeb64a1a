"""Stream commands against redis-server, reply by reply (blocking forms: test_stream_blocking.py).

Every X* command and its error cases, with explicit IDs wherever an auto-generated `*` ID would
differ between the two servers (it depends on the clock). Replies that carry times (idle times,
seen-time, delivery times) are compared with those fields masked: same_masked() parses both
replies into a tree that keeps RESP types and order, blanks the time fields, and compares trees.
The last test is a seeded random sequence of stream commands compared reply by reply.
"""
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import parse, run_tests  # noqa: E402

MAX = "18446744073709551615"

# ---------------------------------------------------------------------------------------------
# Masked comparison


def tree(raw):
    """Parses raw RESP into nested (type, value) tuples, keeping order and type."""
    node, rest = _tree(raw)
    assert rest == b"", rest
    return node


def _tree(b):
    i = b.index(b"\r\n")
    t, body, rest = b[:1], b[1:i], b[i + 2:]
    if t in (b"$", b"=", b"!"):
        n = int(body)
        if n < 0:
            return ("nil", None), rest
        return (t, rest[:n]), rest[n + 2:]
    if t in (b"*", b"~", b">", b"%", b"|"):
        n = int(body)
        if n < 0:
            return ("nil", None), rest
        if t in (b"%", b"|"):
            n *= 2
        items = []
        for _ in range(n):
            v, rest = _tree(rest)
            items.append(v)
        return (t, items), rest
    return (t, body), rest


TIME_KEYS = {b"idle", b"seen-time", b"active-time", b"inactive"}


def mask(node, extra_keys=()):
    """Blanks time-valued fields: values of TIME_KEYS (and extra_keys) in key/value lists, and
    any integer that looks like a Unix time in milliseconds."""
    t, v = node
    keys = TIME_KEYS | set(extra_keys)
    if isinstance(v, list):
        out = [mask(x, extra_keys) for x in v]
        if len(out) % 2 == 0:
            for i in range(0, len(out), 2):
                k = out[i]
                if k[0] in (b"$", b"+") and k[1] in keys:
                    out[i + 1] = (out[i + 1][0], "<masked>")
        return (t, out)
    if t == b":" and abs(int(v)) > 10**12:
        return (t, "<time>")
    return node


def mask_pending_ext(node):
    """XPENDING extended form: [[id, consumer, idle, count], ...]: blanks the idle column."""
    t, v = node
    if not isinstance(v, list):
        return node
    out = []
    for row in v:
        rt, rv = row
        if isinstance(rv, list) and len(rv) == 4:
            rv = list(rv)
            rv[2] = (rv[2][0], "<idle>")
        out.append((rt, rv))
    return (t, out)


def first_diff(ta, tb, path=()):
    """Where two reply trees first differ: (path of indexes, node a, node b), or None."""
    if ta == tb:
        return None
    if isinstance(ta[1], list) and isinstance(tb[1], list) and ta[0] == tb[0]:
        for i, (x, y) in enumerate(zip(ta[1], tb[1])):
            d = first_diff(x, y, path + (i,))
            if d:
                return d
        return (path + ("len",), len(ta[1]), len(tb[1]))
    return (path, ta, tb)


def same_masked(s, *args, masker=mask):
    a, b = s.both(*args)
    ta, tb = masker(tree(a)), masker(tree(b))
    if ta != tb:
        raise AssertionError("reply differs for %r (times masked), first at %r:\n  sable: %r\n"
                             "  redis: %r" % (args, first_diff(ta, tb), a, b))
    return a


def same_pending(s, *args):
    return same_masked(s, *args, masker=mask_pending_ext)


def same_shape(s, *args):
    """For replies carrying auto-generated IDs: the same RESP tree with every ID-looking bulk
    replaced by a placeholder."""
    def idmask(node):
        t, v = node
        if isinstance(v, list):
            return (t, [idmask(x) for x in v])
        if t == b"$" and re.fullmatch(rb"\d+-\d+", v or b""):
            return (t, "<id>")
        return node
    return same_masked(s, *args, masker=lambda n: idmask(mask(n)))


def same_info(s, *args):
    """XINFO STREAM without the rax internals (radix-tree-keys / -nodes)."""
    return same_masked(s, *args,
                       masker=lambda n: mask(n, (b"radix-tree-keys", b"radix-tree-nodes")))


def same_nodes(s, *args):
    """XINFO STREAM with radix-tree-keys (the number of nodes) compared, radix-tree-nodes not."""
    return same_masked(s, *args, masker=lambda n: mask(n, (b"radix-tree-nodes",)))


class Collect:
    """Runs many comparisons and reports every mismatch at the end, not just the first."""

    def __init__(self):
        self.errors = []

    def __call__(self, fn, *args):
        try:
            return fn(*args)
        except AssertionError as e:
            self.errors.append(str(e))

    def done(self):
        if self.errors:
            raise AssertionError("%d commands differ:\n%s" % (len(self.errors),
                                                               "\n".join(self.errors)))


def add(s, key, *ids, fields=("f", "v")):
    for i in ids:
        s.same("XADD", key, i, *fields)


# ---------------------------------------------------------------------------------------------
# XADD


def test_xadd_explicit_ids(s):
    s.same("XADD", "s", "1-1", "f", "v")
    s.same("XADD", "s", "1-2", "a", "1", "b", "2")
    s.same("XADD", "s", "1-2", "f", "v")  # equal
    s.same("XADD", "s", "1-1", "f", "v")  # smaller
    s.same("XADD", "s", "0-5", "f", "v")
    s.same("XADD", "s", "2", "f", "v")  # ms only -> 2-0
    s.same("XADD", "s", "2", "f", "v")
    s.same("XADD", "s", "3-0", "f", "")
    s.same("XADD", "s", "4-0", "", "")
    s.same("XLEN", "s")
    s.same("XRANGE", "s", "-", "+")
    s.same("TYPE", "s")
    s.same("OBJECT", "ENCODING", "s")


def test_xadd_zero_id(s):
    s.same("XADD", "s", "0-0", "f", "v")
    s.same("XADD", "s", "0", "f", "v")
    s.same("EXISTS", "s")
    s.same("XADD", "s", "0-1", "f", "v")
    s.same("XADD", "s", "0-*", "f", "v")
    s.same("XADD", "s2", "0-*", "f", "v")
    s.same("XRANGE", "s", "-", "+")
    s.same("XRANGE", "s2", "-", "+")


def test_xadd_ms_star(s):
    s.same("XADD", "s", "5-*", "f", "v")
    s.same("XADD", "s", "5-*", "f", "v")
    s.same("XADD", "s", "5-*", "f", "v")
    s.same("XADD", "s", "7-*", "f", "v")
    s.same("XADD", "s", "6-*", "f", "v")
    s.same("XADD", "s", "7-5", "f", "v")
    s.same("XADD", "s", "7-*", "f", "v")
    s.same("XRANGE", "s", "-", "+")


def test_xadd_auto_id_shape(s):
    r = same_shape(s, "XADD", "s", "*", "f", "v")
    assert re.fullmatch(rb"\$\d+\r\n\d+-\d+\r\n", r), r
    same_shape(s, "XADD", "s", "*", "f", "v", "g", "w")
    s.same("XLEN", "s")
    same_shape(s, "XRANGE", "s", "-", "+")
    # An explicit ID smaller than the auto one is refused, a huge one accepted.
    s.same("XADD", "s", "1-1", "f", "v")
    s.same("XADD", "s", "99999999999999-0", "f", "v")
    s.same("XADD", "s", "*", "f", "v")  # now deterministic: 99999999999999-1
    s.same("XADD", "s", "99999999999999-*", "f", "v")


def test_xadd_ids_near_max(s):
    s.same("XADD", "s", MAX + "-" + str(int(MAX) - 1), "f", "v")
    s.same("XADD", "s", MAX + "-*", "f", "v")
    s.same("XADD", "s", MAX + "-*", "f", "v")
    s.same("XADD", "s", "*", "f", "v")
    s.same("XADD", "s", MAX + "-" + MAX, "f", "v")
    s.same("XLEN", "s")
    s.same("XRANGE", "s", "-", "+")
    s.same("XREVRANGE", "s", "+", "-", "COUNT", "1")
    s.same("XADD", "t", MAX + "-" + MAX, "f", "v")
    s.same("XADD", "t", "*", "f", "v")
    s.same("XADD", "u", MAX, "f", "v")
    s.same("XADD", "u", MAX + "-*", "f", "v")
    s.same("XRANGE", "u", "-", "+")
    s.same("XADD", "u", "18446744073709551616-0", "f", "v")
    s.same("XADD", "u", "1-18446744073709551616", "f", "v")


def test_xadd_bad_ids(s):
    for bad in ("abc", "-1", "-1-0", "1-", "-", "1--1", "1-x", "x-1", "1.5-0", "1-1-1", "",
                " 1-1", "1-1 ", "+", "$", ">", "*-1", "**", "1-**", "1-*1", "0x10-0", "1e3-0",
                "01-01", "+1-0", "1-+1", "(1-0"):
        s.same("XADD", "s", bad, "f", "v")
    s.same("EXISTS", "s")
    s.same("XRANGE", "s", "-", "+")


def test_xadd_arity_and_syntax(s):
    check = Collect()
    for args in (("XADD",), ("XADD", "s"), ("XADD", "s", "1-1"), ("XADD", "s", "1-1", "f"),
                 ("XADD", "s", "1-1", "f", "v", "g"), ("XADD", "s", "*", "f", "v", "g"),
                 ("XADD", "s", "MAXLEN"), ("XADD", "s", "MAXLEN", "10"),
                 ("XADD", "s", "MAXLEN", "10", "1-1"), ("XADD", "s", "MAXLEN", "-1", "*", "f", "v"),
                 ("XADD", "s", "MAXLEN", "abc", "*", "f", "v"),
                 ("XADD", "s", "MAXLEN", "=", "abc", "*", "f", "v"),
                 ("XADD", "s", "MINID", "abc", "*", "f", "v"),
                 ("XADD", "s", "MAXLEN", "10", "MINID", "0", "*", "f", "v"),
                 ("XADD", "s", "MAXLEN", "10", "LIMIT", "5", "*", "f", "v"),
                 ("XADD", "s", "MAXLEN", "~", "10", "LIMIT", "-1", "*", "f", "v"),
                 ("XADD", "s", "MAXLEN", "~", "10", "LIMIT", "abc", "*", "f", "v"),
                 ("XADD", "s", "LIMIT", "5", "*", "f", "v"),
                 ("XADD", "s", "NOMKSTREAM"), ("XADD", "s", "NOMKSTREAM", "*", "f"),
                 ("XADD", "s", "BADOPT", "*", "f", "v"), ("XADD", "s", "1-1", "f", "v", "g")):
        check(s.same, *args)
    s.same("EXISTS", "s")
    check.done()


def test_xadd_nomkstream(s):
    s.same("XADD", "s", "NOMKSTREAM", "1-1", "f", "v")
    s.same("EXISTS", "s")
    s.same("XADD", "s", "NOMKSTREAM", "*", "f", "v")
    s.same("EXISTS", "s")
    add(s, "s", "1-1")
    s.same("XADD", "s", "NOMKSTREAM", "2-1", "f", "v")
    s.same("XADD", "s", "NOMKSTREAM", "MAXLEN", "1", "3-1", "f", "v")
    s.same("XRANGE", "s", "-", "+")


def test_xadd_maxlen_exact(s):
    for i in range(1, 21):
        s.same("XADD", "s", "MAXLEN", "5", "%d-0" % i, "f", str(i))
    s.same("XLEN", "s")
    s.same("XRANGE", "s", "-", "+")
    s.same("XADD", "s", "MAXLEN", "=", "3", "21-0", "f", "v")
    s.same("XRANGE", "s", "-", "+")
    s.same("XADD", "s", "MAXLEN", "0", "22-0", "f", "v")
    s.same("XLEN", "s")
    s.same("EXISTS", "s")
    same_info(s, "XINFO", "STREAM", "s")
    s.same("XADD", "s", "MAXLEN", "=", "0", "23-0", "f", "v")
    s.same("XADD", "s", "MAXLEN", "9223372036854775807", "24-0", "f", "v")
    s.same("XADD", "s", "MAXLEN", "9223372036854775808", "25-0", "f", "v")


def test_xadd_minid_exact(s):
    for i in range(1, 21):
        s.same("XADD", "s", "%d-0" % i, "f", str(i))
    s.same("XADD", "s", "MINID", "10", "21-0", "f", "v")
    s.same("XRANGE", "s", "-", "+", "COUNT", "3")
    s.same("XLEN", "s")
    s.same("XADD", "s", "MINID", "=", "15-1", "22-0", "f", "v")
    s.same("XLEN", "s")
    s.same("XADD", "s", "MINID", "100", "23-0", "f", "v")
    s.same("XLEN", "s")
    s.same("XRANGE", "s", "-", "+")
    s.same("XADD", "s", "MINID", "0", "24-0", "f", "v")
    s.same("XADD", "s", "MINID", "-1", "25-0", "f", "v")
    same_info(s, "XINFO", "STREAM", "s")


def test_xadd_approximate_trim(s):
    # With the default node limits (100 entries), `~` trims whole nodes only.
    for i in range(1, 351):
        s.same("XADD", "s", "MAXLEN", "~", "120", "%d-0" % i, "f", "v")
    s.same("XLEN", "s")
    s.same("XRANGE", "s", "-", "+", "COUNT", "1")
    s.same("XADD", "s", "MAXLEN", "~", "10", "LIMIT", "50", "351-0", "f", "v")
    s.same("XLEN", "s")
    s.same("XADD", "s", "MAXLEN", "~", "10", "LIMIT", "100", "352-0", "f", "v")
    s.same("XLEN", "s")
    s.same("XADD", "s", "MAXLEN", "~", "10", "LIMIT", "0", "353-0", "f", "v")
    s.same("XLEN", "s")
    s.same("XADD", "s", "MINID", "~", "340", "354-0", "f", "v")
    s.same("XLEN", "s")
    s.same("XRANGE", "s", "-", "+", "COUNT", "2")
    same_info(s, "XINFO", "STREAM", "s")


def test_node_limits_config(s):
    # Approximate trimming removes whole nodes, so its result follows the node limits; the
    # node count (radix-tree-keys) is compared, the rax's inner node count is not (that one is
    # test_xinfo_stream_node_counts).
    s.same("CONFIG", "GET", "stream-node-max-entries")
    s.same("CONFIG", "GET", "stream-node-max-bytes")
    try:
        s.same("CONFIG", "SET", "stream-node-max-entries", "10")
        for i in range(1, 96):
            s.same("XADD", "s", "MAXLEN", "~", "33", "%d-0" % i, "f", "v")
        s.same("XLEN", "s")
        s.same("XRANGE", "s", "-", "+", "COUNT", "1")
        same_nodes(s, "XINFO", "STREAM", "s")
        s.same("XTRIM", "s", "MINID", "~", "77")
        s.same("XLEN", "s")
        s.same("CONFIG", "SET", "stream-node-max-entries", "0")
        s.same("CONFIG", "SET", "stream-node-max-bytes", "120")
        for i in range(1, 60):
            s.same("XADD", "b", "MAXLEN", "~", "20", "%d-0" % i, "field", "value-%d" % i)
        s.same("XLEN", "b")
        same_nodes(s, "XINFO", "STREAM", "b")
        s.same("CONFIG", "GET", "stream-node-max-entries")
        s.same("CONFIG", "GET", "stream-node-max-bytes")
        s.same("CONFIG", "SET", "stream-node-max-bytes", "-1")
        s.same("CONFIG", "SET", "stream-node-max-entries", "-1")
    finally:
        for c in (s.sable, s.redis):
            c.cmd("CONFIG", "SET", "stream-node-max-entries", "100")
            c.cmd("CONFIG", "SET", "stream-node-max-bytes", "4096")


def test_xadd_big_values_and_many_fields(s):
    s.same("XADD", "s", "1-0", "f", "x" * 5000)
    s.same("XADD", "s", "2-0", "f0", "v")
    fields = []
    for i in range(150):
        fields += ["field%d" % i, "value%d" % (i * 7919)]
    s.same("XADD", "s", "3-0", *fields)
    s.same("XADD", "s", "4-0", "12345", "-98765", "3.5", "0")
    s.same("XADD", "s", "5-0", "f", "9223372036854775807", "g", "-9223372036854775808")
    s.same("XRANGE", "s", "-", "+")
    s.same("XREVRANGE", "s", "+", "-")


# ---------------------------------------------------------------------------------------------
# XRANGE / XREVRANGE / XLEN / XDEL / XTRIM


def fill_range(s):
    for ms in range(1, 6):
        for seq in range(0, 4):
            s.same("XADD", "s", "%d-%d" % (ms, seq), "n", "%d.%d" % (ms, seq))


def test_xrange_bounds(s):
    fill_range(s)
    for a, b in (("-", "+"), ("2", "3"), ("2-1", "3-2"), ("(2-1", "(3-2"), ("(2-3", "+"),
                 ("-", "(1-0"), ("(0-0", "+"), ("0", "0"), ("3", "3"), ("3-2", "3-2"),
                 ("(3-2", "3-2"), ("3-2", "(3-2"), ("5", "1"), ("4-0", "2-0"), ("(5-3", "+"),
                 ("-", "(0-1"), ("1-0", MAX), (MAX, "+"), ("(" + MAX + "-" + MAX, "+"),
                 ("-", "(0-0"), ("(1", "(3"), ("0-1", "+"), ("-", "-"), ("+", "+"), ("+", "-")):
        s.same("XRANGE", "s", a, b)
        s.same("XREVRANGE", "s", b, a)


def test_xrange_count(s):
    fill_range(s)
    for c in ("0", "1", "3", "100", "-1", "-100", "9223372036854775807"):
        s.same("XRANGE", "s", "-", "+", "COUNT", c)
        s.same("XREVRANGE", "s", "+", "-", "COUNT", c)
        s.same("XRANGE", "s", "(2-2", "4", "COUNT", c)
    s.same("XRANGE", "s", "-", "+", "COUNT", "abc")
    s.same("XRANGE", "s", "-", "+", "COUNT", "9223372036854775808")
    s.same("XRANGE", "s", "-", "+", "COUNT")
    s.same("XRANGE", "s", "-", "+", "COUNT", "1", "COUNT", "2")
    s.same("XRANGE", "s", "-", "+", "LIMIT", "1")
    s.same("XRANGE", "s", "-", "+", "count", "2")


def test_xrange_errors(s):
    check = Collect()
    fill_range(s)
    for a, b in (("abc", "+"), ("-", "abc"), ("(-", "+"), ("-", "(+"), ("((1", "+"),
                 ("(", "+"), ("1-x", "+"), ("(" + MAX + "-" + MAX, "+"),
                 ("-", "(0-0"), ("-1", "+"), ("18446744073709551616", "+"), ("*", "+"),
                 ("$", "+"), (">", "+"), ("1-*", "+")):
        s.same("XRANGE", "s", a, b)
        s.same("XREVRANGE", "s", a, b)
    s.same("XRANGE", "missing", "-", "+")
    s.same("XREVRANGE", "missing", "+", "-")
    s.same("XRANGE", "missing", "abc", "+")
    for args in (("XRANGE",), ("XRANGE", "s"), ("XRANGE", "s", "-"), ("XREVRANGE", "s", "+"),
                 ("XREVRANGE",)):
        check(s.same, *args)
    check.done()


def test_xlen_xdel(s):
    check = Collect()
    s.same("XLEN", "missing")
    fill_range(s)
    s.same("XLEN", "s")
    s.same("XDEL", "s", "1-0")
    s.same("XDEL", "s", "1-0")
    s.same("XDEL", "s", "2-1", "2-2", "9-9", "2-1")
    s.same("XDEL", "s", "5-3")
    s.same("XLEN", "s")
    s.same("XRANGE", "s", "-", "+")
    s.same("XDEL", "s", "abc")
    s.same("XDEL", "s", "1-1", "abc")
    s.same("XLEN", "s")
    s.same("XDEL", "missing", "1-1")
    s.same("XDEL", "missing", "abc")
    s.same("XDEL", "s", "3")
    s.same("XDEL", "s", "-")
    s.same("XDEL", "s", "+")
    s.same("XDEL", "s", "*")
    same_info(s, "XINFO", "STREAM", "s")
    for x in ("1-1", "1-2", "1-3", "2-0", "2-3", "3-0", "3-1", "3-2", "3-3", "4-0", "4-1", "4-2",
              "4-3", "5-0", "5-1", "5-2"):
        s.same("XDEL", "s", x)
    s.same("XLEN", "s")
    s.same("EXISTS", "s")  # an emptied stream stays
    s.same("XRANGE", "s", "-", "+")
    same_info(s, "XINFO", "STREAM", "s")
    s.same("XADD", "s", "5-3", "f", "v")  # last id still 5-3
    s.same("XADD", "s", "5-4", "f", "v")
    for args in (("XDEL",), ("XDEL", "s"), ("XLEN",), ("XLEN", "a", "b")):
        check(s.same, *args)
    check.done()


def test_xtrim(s):
    check = Collect()
    s.same("XTRIM", "missing", "MAXLEN", "0")
    for i in range(1, 31):
        s.same("XADD", "s", "%d-0" % i, "f", "v")
    s.same("XTRIM", "s", "MAXLEN", "25")
    s.same("XTRIM", "s", "MAXLEN", "=", "20")
    s.same("XTRIM", "s", "MAXLEN", "100")
    s.same("XTRIM", "s", "MINID", "12")
    s.same("XTRIM", "s", "MINID", "=", "14-1")
    s.same("XTRIM", "s", "MINID", "1")
    s.same("XTRIM", "s", "MAXLEN", "~", "5")
    s.same("XTRIM", "s", "MAXLEN", "~", "5", "LIMIT", "10")
    s.same("XLEN", "s")
    s.same("XRANGE", "s", "-", "+")
    for args in (("XTRIM", "s"), ("XTRIM", "s", "MAXLEN"), ("XTRIM", "s", "MAXLEN", "-1"),
                 ("XTRIM", "s", "MAXLEN", "abc"), ("XTRIM", "s", "MINID", "abc"),
                 ("XTRIM", "s", "FOO", "1"), ("XTRIM", "s", "MAXLEN", "1", "LIMIT", "1"),
                 ("XTRIM", "s", "MAXLEN", "~", "1", "LIMIT"),
                 ("XTRIM", "s", "MAXLEN", "~", "1", "LIMIT", "-1"),
                 ("XTRIM", "s", "MAXLEN", "1", "MINID", "1"),
                 ("XTRIM", "s", "MAXLEN", "1", "extra"), ("XTRIM",), ("XTRIM", "s", "1")):
        check(s.same, *args)
    s.same("XTRIM", "s", "MAXLEN", "0")
    s.same("EXISTS", "s")
    s.same("XLEN", "s")
    same_info(s, "XINFO", "STREAM", "s")
    check.done()


def test_xtrim_approx_large(s):
    for i in range(1, 1001):
        s.sable.cmd("XADD", "s", "%d-0" % i, "f", "v")
        s.redis.cmd("XADD", "s", "%d-0" % i, "f", "v")
    s.same("XTRIM", "s", "MAXLEN", "~", "555")
    s.same("XLEN", "s")
    s.same("XTRIM", "s", "MINID", "~", "720")
    s.same("XLEN", "s")
    s.same("XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "150")
    s.same("XLEN", "s")
    s.same("XRANGE", "s", "-", "+", "COUNT", "1")
    s.same("XTRIM", "s", "MAXLEN", "~", "0")
    s.same("XLEN", "s")


# ---------------------------------------------------------------------------------------------
# XREAD (non-blocking)


def test_xread(s):
    s.same("XREAD", "STREAMS", "a", "0")
    add(s, "a", "1-0", "2-0", "3-0")
    add(s, "b", "1-5", "10-0")
    s.same("XREAD", "STREAMS", "a", "0")
    s.same("XREAD", "STREAMS", "a", "b", "0", "0")
    s.same("XREAD", "STREAMS", "a", "b", "1-0", "1-5")
    s.same("XREAD", "STREAMS", "a", "b", "c", "0", "0", "0")
    s.same("XREAD", "STREAMS", "c", "a", "0", "2")
    s.same("XREAD", "COUNT", "1", "STREAMS", "a", "b", "0", "0")
    s.same("XREAD", "COUNT", "0", "STREAMS", "a", "0")
    s.same("XREAD", "COUNT", "-1", "STREAMS", "a", "0")
    s.same("XREAD", "COUNT", "2", "COUNT", "1", "STREAMS", "a", "0")
    s.same("XREAD", "STREAMS", "a", "$")
    s.same("XREAD", "STREAMS", "a", "3-0")
    s.same("XREAD", "STREAMS", "a", MAX + "-" + MAX)
    s.same("XREAD", "STREAMS", "a", "a", "0", "2")
    s.same("xread", "count", "1", "streams", "a", "0")


def test_xread_errors(s):
    check = Collect()
    add(s, "a", "1-0")
    s.same("SET", "str", "x")
    for args in (("XREAD",), ("XREAD", "STREAMS"), ("XREAD", "STREAMS", "a"),
                 ("XREAD", "STREAMS", "a", "b", "0"), ("XREAD", "STREAMS", "a", "b", "c", "0", "0"),
                 ("XREAD", "COUNT", "1"), ("XREAD", "COUNT", "x", "STREAMS", "a", "0"),
                 ("XREAD", "COUNT", "STREAMS", "a", "0"), ("XREAD", "FOO", "STREAMS", "a", "0"),
                 ("XREAD", "STREAMS", "a", ">"), ("XREAD", "STREAMS", "a", "abc"),
                 ("XREAD", "STREAMS", "a", "-"), ("XREAD", "STREAMS", "a", "+"),
                 ("XREAD", "STREAMS", "a", "*"),
                 ("XREAD", "BLOCK", "-1", "STREAMS", "a", "0"),
                 ("XREAD", "BLOCK", "abc", "STREAMS", "a", "0"),
                 ("XREAD", "NOACK", "STREAMS", "a", "0"),
                 ("XREAD", "GROUP", "g", "c", "STREAMS", "a", "0"),
                 ("XREAD", "STREAMS", "str", "0"), ("XREAD", "STREAMS", "a", "str", "0", "0"),
                 ("XREAD", "COUNT", "1", "BLOCK", "10")):
        check(s.same, *args)


# ---------------------------------------------------------------------------------------------
# Consumer groups
    check.done()


def test_xgroup_create(s):
    s.same("XGROUP", "CREATE", "s", "g", "$")
    s.same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    s.same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")  # BUSYGROUP
    s.same("XLEN", "s")
    s.same("TYPE", "s")
    add(s, "s", "1-0", "2-0", "3-0")
    s.same("XGROUP", "CREATE", "s", "g0", "0")
    s.same("XGROUP", "CREATE", "s", "g1", "1-0")
    s.same("XGROUP", "CREATE", "s", "g2", "2")
    s.same("XGROUP", "CREATE", "s", "g3", "$", "ENTRIESREAD", "3")
    s.same("XGROUP", "CREATE", "s", "g4", "0", "ENTRIESREAD", "0")
    s.same("XGROUP", "CREATE", "s", "g5", "1-0", "ENTRIESREAD", "1")
    s.same("XGROUP", "CREATE", "s", "g6", "1-0", "ENTRIESREAD", "100")
    s.same("XGROUP", "CREATE", "s", "g7", "1-0", "ENTRIESREAD", "-1")
    s.same("XGROUP", "CREATE", "s", "g8", "1-0", "ENTRIESREAD", "-2")
    s.same("XGROUP", "CREATE", "s", "g9", "1-0", "ENTRIESREAD", "abc")
    s.same("XGROUP", "CREATE", "s", "g10", "99-0")
    s.same("XGROUP", "CREATE", "s", "g11", "abc")
    s.same("XGROUP", "CREATE", "s", "g12", "-")
    s.same("XGROUP", "CREATE", "s", "g13", "+")
    s.same("XGROUP", "CREATE", "s", "g14", ">")
    s.same("XGROUP", "CREATE", "s", "g15", "$", "FOO")
    s.same("XGROUP", "CREATE", "s", "g16", "$", "MKSTREAM", "ENTRIESREAD", "2")
    s.same("XGROUP", "CREATE", "s", "g17", "$", "ENTRIESREAD")
    s.same("XGROUP", "CREATE", "s", "", "$")
    s.same("XINFO", "GROUPS", "s")
    s.same("XGROUP", "CREATE", "missing", "g", "$")
    s.same("EXISTS", "missing")
    s.same("XGROUP", "CREATE", "m2", "g", "5-0", "MKSTREAM")
    s.same("XINFO", "GROUPS", "m2")
    same_info(s, "XINFO", "STREAM", "m2")
    s.same("XGROUP", "CREATE", "s")
    s.same("XGROUP", "CREATE", "s", "g")
    s.same("XGROUP", "create", "s", "gl", "0")


def test_xgroup_setid_destroy(s):
    add(s, "s", "1-0", "2-0", "3-0", "4-0")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">")
    s.same("XINFO", "GROUPS", "s")
    s.same("XGROUP", "SETID", "s", "g", "0")
    s.same("XINFO", "GROUPS", "s")
    s.same("XGROUP", "SETID", "s", "g", "$")
    s.same("XINFO", "GROUPS", "s")
    s.same("XGROUP", "SETID", "s", "g", "2-0", "ENTRIESREAD", "2")
    s.same("XINFO", "GROUPS", "s")
    s.same("XGROUP", "SETID", "s", "g", "2-0", "ENTRIESREAD", "-1")
    s.same("XGROUP", "SETID", "s", "g", "2-0", "ENTRIESREAD", "-5")
    s.same("XGROUP", "SETID", "s", "g", "2-0", "ENTRIESREAD", "x")
    s.same("XGROUP", "SETID", "s", "g", "2-0", "FOO")
    s.same("XGROUP", "SETID", "s", "g", "abc")
    s.same("XGROUP", "SETID", "s", "nog", "0")
    s.same("XGROUP", "SETID", "missing", "g", "0")
    s.same("XGROUP", "SETID", "s", "g")
    s.same("XGROUP", "SETID", "s", "g", "99-0")
    s.same("XINFO", "GROUPS", "s")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    s.same("XGROUP", "DESTROY", "s", "g")
    s.same("XGROUP", "DESTROY", "s", "g")
    s.same("XGROUP", "DESTROY", "missing", "g")
    s.same("XGROUP", "DESTROY", "s")
    s.same("XGROUP", "DESTROY", "s", "g", "x")
    s.same("XINFO", "GROUPS", "s")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")


def test_xgroup_consumers(s):
    add(s, "s", "1-0", "2-0", "3-0")
    s.same("XGROUP", "CREATECONSUMER", "s", "g", "c")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XGROUP", "CREATECONSUMER", "s", "g", "c")
    s.same("XGROUP", "CREATECONSUMER", "s", "g", "c")
    s.same("XGROUP", "CREATECONSUMER", "s", "g", "d")
    s.same("XGROUP", "CREATECONSUMER", "s", "nog", "c")
    s.same("XGROUP", "CREATECONSUMER", "missing", "g", "c")
    s.same("XGROUP", "CREATECONSUMER", "s", "g")
    s.same("XGROUP", "CREATECONSUMER", "s", "g", "c", "x")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")
    s.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">")
    s.same("XINFO", "GROUPS", "s")
    s.same("XGROUP", "DELCONSUMER", "s", "g", "c")
    s.same("XGROUP", "DELCONSUMER", "s", "g", "c")
    s.same("XGROUP", "DELCONSUMER", "s", "g", "d")
    s.same("XGROUP", "DELCONSUMER", "s", "g", "nobody")
    s.same("XGROUP", "DELCONSUMER", "s", "nog", "c")
    s.same("XGROUP", "DELCONSUMER", "missing", "g", "c")
    s.same("XGROUP", "DELCONSUMER", "s", "g")
    s.same("XPENDING", "s", "g")
    s.same("XINFO", "GROUPS", "s")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")


def test_xgroup_help_and_errors(s):
    s.same("XGROUP", "HELP")
    s.same("XGROUP", "help")
    s.same("XGROUP", "HELP", "x")
    s.same("XGROUP")
    s.same("XGROUP", "FOO")
    s.same("XGROUP", "FOO", "s", "g")
    s.same("SET", "str", "v")
    s.same("XGROUP", "CREATE", "str", "g", "$")
    s.same("XGROUP", "CREATE", "str", "g", "$", "MKSTREAM")
    s.same("XGROUP", "SETID", "str", "g", "$")
    s.same("XGROUP", "DESTROY", "str", "g")
    s.same("XGROUP", "CREATECONSUMER", "str", "g", "c")
    s.same("XGROUP", "DELCONSUMER", "str", "g", "c")


def test_xreadgroup_basic(s):
    add(s, "s", "1-0", "2-0", "3-0", "4-0", "5-0")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0")
    s.same("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "1-0")
    s.same("XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", "0")
    s.same("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0")
    s.same("XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", "0")
    s.same("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">")
    s.same("XPENDING", "s", "g")
    s.same("XINFO", "GROUPS", "s")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")
    s.same("XADD", "s", "6-0", "f", "v")
    s.same("XINFO", "GROUPS", "s")
    s.same("XREADGROUP", "GROUP", "g", "bob", "COUNT", "0", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "g", "bob", "COUNT", "-1", "STREAMS", "s", "0")


def test_xreadgroup_deleted_history(s):
    add(s, "s", "1-0", "2-0", "3-0", "4-0")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    s.same("XDEL", "s", "2-0", "3-0")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", "0")
    s.same("XTRIM", "s", "MAXLEN", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0")
    s.same_raw(b"*3\r\n$4\r\nXACK\r\n$1\r\ns\r\n$1\r\ng\r\n")  # arity error, raw path
    s.same("XPENDING", "s", "g")


def test_xreadgroup_noack(s):
    add(s, "s", "1-0", "2-0", "3-0")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "NOACK", "COUNT", "2", "STREAMS", "s", ">")
    s.same("XPENDING", "s", "g")
    s.same("XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "s", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    s.same("XPENDING", "s", "g")
    s.same("XINFO", "GROUPS", "s")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")


def test_xreadgroup_multi_streams(s):
    add(s, "a", "1-0", "2-0")
    add(s, "b", "1-0", "3-0", "4-0")
    s.same("XGROUP", "CREATE", "a", "g", "0")
    s.same("XGROUP", "CREATE", "b", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "a", "b", ">", ">")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "a", "b", ">", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "a", "b", "0", ">")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "a", "b", ">", ">")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "a", "nokey", ">", ">")
    s.same("XADD", "c", "1-0", "f", "v")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "a", "c", ">", ">")


def test_xreadgroup_errors(s):
    check = Collect()
    add(s, "s", "1-0")
    s.same("SET", "str", "v")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    for args in (("XREADGROUP",), ("XREADGROUP", "GROUP"), ("XREADGROUP", "GROUP", "g"),
                 ("XREADGROUP", "GROUP", "g", "c"), ("XREADGROUP", "GROUP", "g", "c", "STREAMS"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s"),
                 ("XREADGROUP", "STREAMS", "s", ">"),
                 ("XREADGROUP", "GROUP", "nog", "c", "STREAMS", "s", ">"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "nokey", ">"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "nokey", "0"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "$"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "abc"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "-"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "+"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "str", ">", ">"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">"),
                 ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "t", ">"),
                 ("XREADGROUP", "GROUP", "g", "c", "COUNT", "x", "STREAMS", "s", ">"),
                 ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "-5", "STREAMS", "s", ">"),
                 ("XREADGROUP", "GROUP", "g", "c", "FOO", "STREAMS", "s", ">"),
                 ("XREADGROUP", "GROUP", "g", "STREAMS", "s", ">")):
        check(s.same, *args)
    check.done()


def test_xack(s):
    check = Collect()
    add(s, "s", "1-0", "2-0", "3-0", "4-0")
    s.same("XACK", "s", "g", "1-0")
    s.same("XACK", "missing", "g", "1-0")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    s.same("XACK", "s", "g", "1-0")
    s.same("XACK", "s", "g", "1-0")
    s.same("XACK", "s", "g", "2-0", "3-0", "9-0", "2-0")
    s.same("XACK", "s", "nog", "4-0")
    s.same("XACK", "s", "g", "abc")
    s.same("XACK", "s", "g", "4-0", "abc")
    s.same("XPENDING", "s", "g")
    s.same("XACK", "s", "g", "4")
    s.same("XPENDING", "s", "g")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")
    s.same("SET", "str", "v")
    s.same("XACK", "str", "g", "1-0")
    for args in (("XACK",), ("XACK", "s"), ("XACK", "s", "g")):
        check(s.same, *args)
    check.done()


def pending_setup(s):
    for i in range(1, 11):
        s.same("XADD", "s", "%d-0" % i, "n", str(i))
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "alice", "COUNT", "4", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "g", "bob", "COUNT", "3", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "g", "carol", "COUNT", "1", "STREAMS", "s", ">")


def test_xpending(s):
    s.same("XPENDING", "missing", "g")
    pending_setup(s)
    s.same("XPENDING", "s", "g")
    s.same("XPENDING", "s", "nog")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "10")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "3")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "0")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "-1")
    same_pending(s, "XPENDING", "s", "g", "(2-0", "6", "10")
    same_pending(s, "XPENDING", "s", "g", "3", "(5-0", "10")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "10", "bob")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "10", "nobody")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "1", "alice")
    same_pending(s, "XPENDING", "s", "g", "IDLE", "0", "-", "+", "10")
    same_pending(s, "XPENDING", "s", "g", "IDLE", "0", "-", "+", "10", "carol")
    s.same("XPENDING", "s", "g", "IDLE", "100000000", "-", "+", "10")
    s.same("XCLAIM", "s", "g", "alice", "0", "6-0", "IDLE", "500000000", "JUSTID")
    same_pending(s, "XPENDING", "s", "g", "IDLE", "100000000", "-", "+", "10")
    s.same("XPENDING", "s", "g", "IDLE", "100000000", "-", "+", "10", "bob")
    s.same("XPENDING", "s", "g")
    s.same("XACK", "s", "g", "1-0", "5-0", "8-0")
    s.same("XPENDING", "s", "g")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "100")


def test_xpending_errors(s):
    check = Collect()
    pending_setup(s)
    s.same("SET", "str", "v")
    for args in (("XPENDING",), ("XPENDING", "s"), ("XPENDING", "s", "g", "-"),
                 ("XPENDING", "s", "g", "-", "+"), ("XPENDING", "s", "g", "-", "+", "x"),
                 ("XPENDING", "s", "g", "abc", "+", "10"), ("XPENDING", "s", "g", "-", "abc", "10"),
                 ("XPENDING", "s", "g", "IDLE", "x", "-", "+", "10"),
                 ("XPENDING", "s", "g", "IDLE", "-1", "-", "+", "10"),
                 ("XPENDING", "s", "g", "IDLE", "10"),
                 ("XPENDING", "s", "g", "IDLE", "10", "-", "+"),
                 ("XPENDING", "s", "g", "-", "+", "10", "c", "extra"),
                 ("XPENDING", "str", "g"), ("XPENDING", "s", "g", "(-", "+", "10"),
                 ("XPENDING", "s", "g", "-", "+", "9223372036854775808"),
                 ("XPENDING", "nokey", "g", "-", "+", "10"),
                 ("XPENDING", "s", "nog", "-", "+", "10")):
        check(same_pending, s, *args)
    check.done()


def test_xclaim(s):
    pending_setup(s)
    s.same("XCLAIM", "s", "g", "dave", "0", "1-0")
    s.same("XCLAIM", "s", "g", "dave", "0", "2-0", "3-0", "JUSTID")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "10")
    s.same("XCLAIM", "s", "g", "dave", "100000000", "4-0")  # not idle enough
    s.same("XCLAIM", "s", "g", "dave", "0", "9-0")  # not pending
    s.same("XCLAIM", "s", "g", "dave", "0", "9-0", "FORCE")
    s.same("XCLAIM", "s", "g", "dave", "0", "10-0", "FORCE", "JUSTID")
    s.same("XCLAIM", "s", "g", "dave", "0", "99-0", "FORCE")  # no such entry
    s.same("XCLAIM", "s", "g", "erin", "0", "5-0", "RETRYCOUNT", "7")
    s.same("XCLAIM", "s", "g", "erin", "0", "6-0", "RETRYCOUNT", "7", "JUSTID")
    s.same("XCLAIM", "s", "g", "erin", "0", "7-0", "IDLE", "1000000000")
    s.same("XCLAIM", "s", "g", "erin", "0", "8-0", "TIME", "1000")
    s.same("XCLAIM", "s", "g", "frank", "0", "4-0", "LASTID", "50-0")
    s.same("XINFO", "GROUPS", "s")
    s.same("XCLAIM", "s", "g", "frank", "0", "4-0", "LASTID", "1-0")
    s.same("XINFO", "GROUPS", "s")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "20")
    same_pending(s, "XPENDING", "s", "g", "IDLE", "900000000", "-", "+", "10")
    s.same("XDEL", "s", "4-0")
    s.same("XCLAIM", "s", "g", "gina", "0", "4-0")  # deleted: dropped from the PEL
    same_pending(s, "XPENDING", "s", "g", "-", "+", "20")
    s.same("XPENDING", "s", "g")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")


def test_xclaim_errors(s):
    check = Collect()
    pending_setup(s)
    s.same("SET", "str", "v")
    for args in (("XCLAIM",), ("XCLAIM", "s", "g", "c", "0"), ("XCLAIM", "s", "g", "c"),
                 ("XCLAIM", "s", "g", "c", "x", "1-0"), ("XCLAIM", "s", "g", "c", "-1", "1-0"),
                 ("XCLAIM", "s", "g", "c", "0", "abc"),
                 ("XCLAIM", "s", "g", "c", "0", "1-0", "IDLE"),
                 ("XCLAIM", "s", "g", "c", "0", "1-0", "IDLE", "x"),
                 ("XCLAIM", "s", "g", "c", "0", "1-0", "IDLE", "-1"),
                 ("XCLAIM", "s", "g", "c", "0", "1-0", "TIME", "x"),
                 ("XCLAIM", "s", "g", "c", "0", "1-0", "RETRYCOUNT", "x"),
                 ("XCLAIM", "s", "g", "c", "0", "1-0", "RETRYCOUNT", "-1"),
                 ("XCLAIM", "s", "g", "c", "0", "1-0", "LASTID", "abc"),
                 ("XCLAIM", "s", "g", "c", "0", "1-0", "FOO"),
                 ("XCLAIM", "s", "nog", "c", "0", "1-0"),
                 ("XCLAIM", "missing", "g", "c", "0", "1-0"),
                 ("XCLAIM", "str", "g", "c", "0", "1-0")):
        check(s.same, *args)
    check.done()


def test_xautoclaim(s):
    pending_setup(s)
    s.same("XAUTOCLAIM", "s", "g", "dave", "0", "0")
    s.same("XAUTOCLAIM", "s", "g", "erin", "0", "0", "COUNT", "3")
    s.same("XAUTOCLAIM", "s", "g", "erin", "0", "4-0", "COUNT", "2", "JUSTID")
    s.same("XAUTOCLAIM", "s", "g", "erin", "0", "(4-0", "COUNT", "2")
    s.same("XAUTOCLAIM", "s", "g", "erin", "0", "-", "COUNT", "100")
    s.same("XAUTOCLAIM", "s", "g", "erin", "100000000", "0")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "20")
    s.same("XDEL", "s", "2-0", "5-0")
    s.same("XAUTOCLAIM", "s", "g", "frank", "0", "0", "COUNT", "3")
    s.same("XAUTOCLAIM", "s", "g", "frank", "0", "0", "JUSTID")
    s.same("XPENDING", "s", "g")
    s.same("XREADGROUP", "GROUP", "g", "zed", "STREAMS", "s", ">")
    s.same("XDEL", "s", "9-0", "10-0")
    s.same("XAUTOCLAIM", "s", "g", "frank", "0", "0", "JUSTID")
    s.same("XAUTOCLAIM", "s", "g", "frank", "0", "0")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")


def test_xautoclaim_errors(s):
    check = Collect()
    pending_setup(s)
    s.same("SET", "str", "v")
    for args in (("XAUTOCLAIM",), ("XAUTOCLAIM", "s", "g", "c", "0"),
                 ("XAUTOCLAIM", "s", "g", "c", "x", "0"), ("XAUTOCLAIM", "s", "g", "c", "-1", "0"),
                 ("XAUTOCLAIM", "s", "g", "c", "0", "abc"),
                 ("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT"),
                 ("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "0"),
                 ("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "-1"),
                 ("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "x"),
                 ("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "1000000000"),
                 ("XAUTOCLAIM", "s", "g", "c", "0", "0", "FOO"),
                 ("XAUTOCLAIM", "s", "nog", "c", "0", "0"),
                 ("XAUTOCLAIM", "missing", "g", "c", "0", "0"),
                 ("XAUTOCLAIM", "str", "g", "c", "0", "0")):
        check(s.same, *args)


# ---------------------------------------------------------------------------------------------
# XINFO / XSETID
    check.done()


def test_xinfo_stream(s):
    s.same("XINFO", "STREAM", "missing")
    add(s, "s", "1-0", "2-0", "3-0")
    s.same("XADD", "s", "4-0", "a", "1", "b", "2")
    same_info(s, "XINFO", "STREAM", "s")
    s.same("XDEL", "s", "2-0")
    same_info(s, "XINFO", "STREAM", "s")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XGROUP", "CREATE", "s", "h", "$")
    s.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
    same_info(s, "XINFO", "STREAM", "s")
    same_info(s, "XINFO", "STREAM", "s", "FULL")
    same_info(s, "XINFO", "STREAM", "s", "FULL", "COUNT", "1")
    same_info(s, "XINFO", "STREAM", "s", "FULL", "COUNT", "0")
    same_info(s, "XINFO", "STREAM", "s", "full", "count", "-1")
    s.same("XINFO", "STREAM", "s", "FULL", "COUNT")
    s.same("XINFO", "STREAM", "s", "FULL", "COUNT", "x")
    s.same("XINFO", "STREAM", "s", "FOO")
    s.same("XINFO", "STREAM", "s", "FULL", "FOO", "1")
    s.same("XINFO", "STREAM", "s", "COUNT", "1")
    s.same("XINFO", "STREAM")
    s.same("XTRIM", "s", "MAXLEN", "0")
    same_info(s, "XINFO", "STREAM", "s")
    same_info(s, "XINFO", "STREAM", "s", "FULL")


def test_xinfo_stream_full_big(s):
    for i in range(1, 61):
        s.same("XADD", "s", "%d-0" % i, "f", str(i))
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "a", "COUNT", "25", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "g", "b", "COUNT", "25", "STREAMS", "s", ">")
    s.same("XCLAIM", "s", "g", "b", "0", "3-0", "JUSTID")
    same_info(s, "XINFO", "STREAM", "s", "FULL")
    same_info(s, "XINFO", "STREAM", "s", "FULL", "COUNT", "5")


def test_xinfo_stream_node_counts(s):
    # radix-tree-keys / -nodes: Redis's internal layout (listpack nodes of at most 100 entries).
    for i in range(1, 251):
        s.sable.cmd("XADD", "s", "%d-0" % i, "f", "v")
        s.redis.cmd("XADD", "s", "%d-0" % i, "f", "v")
    same_masked(s, "XINFO", "STREAM", "s")


def test_xinfo_groups_consumers(s):
    s.same("XINFO", "GROUPS", "missing")
    s.same("XINFO", "CONSUMERS", "missing", "g")
    add(s, "s", "1-0", "2-0", "3-0")
    s.same("XINFO", "GROUPS", "s")
    s.same("XINFO", "CONSUMERS", "s", "g")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XGROUP", "CREATE", "s", "h", "2-0")
    s.same("XINFO", "GROUPS", "s")
    s.same("XINFO", "CONSUMERS", "s", "g")
    s.same("XREADGROUP", "GROUP", "g", "x", "COUNT", "1", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "g", "y", "STREAMS", "s", ">")
    s.same("XINFO", "GROUPS", "s")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")
    s.same("XDEL", "s", "1-0")
    s.same("XINFO", "GROUPS", "s")
    s.same("XADD", "s", "4-0", "f", "v")
    s.same("XINFO", "GROUPS", "s")
    s.same("XINFO", "GROUPS")
    s.same("XINFO", "GROUPS", "s", "x")
    s.same("XINFO", "CONSUMERS", "s")
    s.same("XINFO", "CONSUMERS", "s", "g", "x")
    s.same("XINFO", "HELP")
    s.same("XINFO", "help")
    s.same("XINFO", "HELP", "x")
    s.same("XINFO")
    s.same("XINFO", "FOO")
    s.same("XINFO", "FOO", "s")
    s.same("SET", "str", "v")
    s.same("XINFO", "STREAM", "str")
    s.same("XINFO", "GROUPS", "str")
    s.same("XINFO", "CONSUMERS", "str", "g")


def test_xinfo_groups_lag(s):
    for i in range(1, 11):
        s.same("XADD", "s", "%d-0" % i, "f", "v")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XGROUP", "CREATE", "s", "h", "5-0")
    s.same("XGROUP", "CREATE", "s", "i", "5-0", "ENTRIESREAD", "5")
    s.same("XINFO", "GROUPS", "s")
    s.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "3", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "i", "c", "COUNT", "3", "STREAMS", "s", ">")
    s.same("XINFO", "GROUPS", "s")
    s.same("XDEL", "s", "7-0")
    s.same("XINFO", "GROUPS", "s")
    s.same("XDEL", "s", "2-0")
    s.same("XINFO", "GROUPS", "s")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    s.same("XINFO", "GROUPS", "s")
    s.same("XTRIM", "s", "MAXLEN", "2")
    s.same("XINFO", "GROUPS", "s")
    s.same("XADD", "s", "11-0", "f", "v")
    s.same("XINFO", "GROUPS", "s")
    same_info(s, "XINFO", "STREAM", "s")


def test_xsetid(s):
    s.same("XSETID", "missing", "1-0")
    add(s, "s", "1-0", "2-0", "3-0")
    s.same("XSETID", "s", "5-0")
    same_info(s, "XINFO", "STREAM", "s")
    s.same("XADD", "s", "4-0", "f", "v")
    s.same("XADD", "s", "5-*", "f", "v")
    s.same("XSETID", "s", "1-0")
    s.same("XSETID", "s", "5-1")
    s.same("XSETID", "s", "10-0", "ENTRIESADDED", "100")
    s.same("XSETID", "s", "10-0", "ENTRIESADDED", "2")
    s.same("XSETID", "s", "10-0", "ENTRIESADDED", "-1")
    s.same("XSETID", "s", "10-0", "ENTRIESADDED", "x")
    s.same("XSETID", "s", "10-0", "MAXDELETEDID", "3-0")
    s.same("XSETID", "s", "10-0", "MAXDELETEDID", "11-0")
    s.same("XSETID", "s", "10-0", "MAXDELETEDID", "abc")
    s.same("XSETID", "s", "20-0", "ENTRIESADDED", "200", "MAXDELETEDID", "15-0")
    same_info(s, "XINFO", "STREAM", "s")
    s.same("XSETID", "s", "20-0", "FOO", "1")
    s.same("XSETID", "s", "20-0", "ENTRIESADDED")
    s.same("XSETID", "s", "abc")
    s.same("XSETID", "s", "$")
    s.same("XSETID", "s", "*")
    s.same("XSETID", "s")
    s.same("XSETID")
    s.same("XTRIM", "s", "MAXLEN", "0")
    s.same("XSETID", "s", "0-0")
    s.same("XSETID", "s", "0-0", "ENTRIESADDED", "0")
    s.same("XSETID", "s", "0-0", "ENTRIESADDED", "200")
    same_info(s, "XINFO", "STREAM", "s")
    s.same("XADD", "e", "MAXLEN", "0", "5-0", "f", "v")
    s.same("XSETID", "e", "1-0")
    s.same("XSETID", "e", "5-0", "ENTRIESADDED", "0")
    s.same("SET", "str", "v")
    s.same("XSETID", "str", "1-0")


# ---------------------------------------------------------------------------------------------
# Generic key commands, wrong type, arity, notifications, RESP3


def test_wrong_type(s):
    check = Collect()
    s.same("SET", "str", "v")
    s.same("RPUSH", "list", "a")
    for key in ("str", "list"):
        for args in (("XADD", key, "1-1", "f", "v"), ("XADD", key, "NOMKSTREAM", "*", "f", "v"),
                     ("XRANGE", key, "-", "+"), ("XREVRANGE", key, "+", "-"), ("XLEN", key),
                     ("XDEL", key, "1-1"), ("XTRIM", key, "MAXLEN", "1"),
                     ("XREAD", "STREAMS", key, "0"), ("XSETID", key, "1-1"),
                     ("XACK", key, "g", "1-1"), ("XPENDING", key, "g"),
                     ("XCLAIM", key, "g", "c", "0", "1-1"), ("XAUTOCLAIM", key, "g", "c", "0", "0"),
                     ("XINFO", "STREAM", key), ("XGROUP", "CREATE", key, "g", "$")):
            check(s.same, *args)
    add(s, "s", "1-0")
    for args in (("GET", "s"), ("LPUSH", "s", "x"), ("HSET", "s", "f", "v"), ("SADD", "s", "m"),
                 ("ZADD", "s", "1", "m"), ("INCR", "s"), ("APPEND", "s", "x"), ("STRLEN", "s"),
                 ("LLEN", "s"), ("SCARD", "s")):
        check(s.same, *args)
    check.done()


def test_wrong_arity(s):
    for name in ("XADD", "XRANGE", "XREVRANGE", "XLEN", "XDEL", "XTRIM", "XREAD", "XGROUP",
                 "XREADGROUP", "XACK", "XPENDING", "XCLAIM", "XAUTOCLAIM", "XINFO", "XSETID"):
        s.same(name)
        s.same(name.lower(), "k")
    for sub in ("CREATE", "SETID", "DESTROY", "CREATECONSUMER", "DELCONSUMER"):
        s.same("XGROUP", sub)
        s.same("XGROUP", sub, "k")
    for sub in ("STREAM", "GROUPS", "CONSUMERS"):
        s.same("XINFO", sub)


def test_generic_key_commands(s):
    add(s, "s", "1-0", "2-0")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
    s.same("SET", "str", "v")
    s.same("TYPE", "s")
    s.same("OBJECT", "ENCODING", "s")
    s.same_sorted("SCAN", "0", "TYPE", "stream")
    s.same("SCAN", "0", "TYPE", "stream", "COUNT", "100")
    s.same("SCAN", "0", "TYPE", "STREAM", "COUNT", "100")
    s.same("COPY", "s", "c")
    s.same("COPY", "s", "c")
    s.same("XRANGE", "c", "-", "+")
    s.same("XINFO", "GROUPS", "c")
    s.same("XPENDING", "c", "g")
    s.same("XADD", "c", "3-0", "f", "v")
    s.same("XLEN", "s")
    s.same("XLEN", "c")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "c", ">")
    s.same("XPENDING", "s", "g")
    s.same("XPENDING", "c", "g")
    s.same("RENAME", "c", "r")
    s.same("XRANGE", "r", "-", "+")
    s.same("XPENDING", "r", "g")
    same_info(s, "XINFO", "STREAM", "r")
    s.same("EXISTS", "c")
    s.same("COPY", "s", "str", "REPLACE")
    s.same("TYPE", "str")
    s.same("XRANGE", "str", "-", "+")
    s.same("RENAMENX", "str", "r")
    s.same("MOVE", "r", "1")
    s.same("SELECT", "1")
    s.same("XRANGE", "r", "-", "+")
    s.same("XPENDING", "r", "g")
    s.same("SELECT", "0")
    s.same("DEL", "s", "str")
    s.same("EXISTS", "s")
    s.same("XADD", "s", "1-0", "f", "v")  # a fresh stream: old last ID forgotten
    s.same("EXPIRE", "s", "100")
    s.same("TTL", "s")
    s.same("PERSIST", "s")
    a, b = s.both("MEMORY", "USAGE", "s")
    assert a.startswith(b":") and b.startswith(b":"), (a, b)


def test_watch_invalidation(s):
    add(s, "s", "1-0")
    cmds = [("XADD", "s", "2-0", "f", "v"), ("XADD", "s", "1-0", "f", "v"),
            ("XRANGE", "s", "-", "+"),
            ("XDEL", "s", "2-0"), ("XDEL", "s", "77-0"), ("XTRIM", "s", "MAXLEN", "5"),
            ("XTRIM", "s", "MAXLEN", "0"), ("XGROUP", "CREATE", "s", "g", "0"),
            ("XGROUP", "CREATECONSUMER", "s", "g", "c"), ("XGROUP", "SETID", "s", "g", "$"),
            ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"), ("XSETID", "s", "9-0"),
            ("XADD", "s", "10-0", "f", "v"), ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"),
            ("XACK", "s", "g", "10-0"), ("XCLAIM", "s", "g", "d", "0", "10-0", "FORCE"),
            ("XGROUP", "DELCONSUMER", "s", "g", "c"), ("XGROUP", "DESTROY", "s", "g")]
    results = {}
    for name, c, srv in (("sable", s.sable, s.sable_server), ("redis", s.redis, s.redis_server)):
        other = srv.conn()
        got = []
        for cmd in cmds:
            c.cmd("WATCH", "s")
            r = other.cmd(*cmd)
            c.cmd("MULTI")
            c.cmd("XLEN", "s")
            got.append((cmd, r, c.cmd("EXEC")))
        other.close()
        results[name] = got
    assert results["sable"] == results["redis"], results


def test_multi_exec(s):
    s.same("MULTI")
    s.same("XADD", "s", "1-0", "f", "v")
    s.same("XADD", "s", "1-0", "f", "v")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    s.same("XLEN", "s")
    s.same("EXEC")
    s.same("MULTI")
    s.same("XADD", "s")
    s.same("EXEC")


def notifications(s, cmds, pattern="__key*__:*"):
    seen = {}
    for name, srv, main in (("sable", s.sable_server, s.sable), ("redis", s.redis_server, s.redis)):
        main.cmd("CONFIG", "SET", "notify-keyspace-events", "KEA")
        sub = srv.conn()
        sub.cmd("PSUBSCRIBE", pattern)
        seen[name] = sub
    try:
        for cmd in cmds:
            a, b = s.both(*cmd)
            assert mask_pending_ext(mask(tree(a))) == mask_pending_ext(mask(tree(b))), (cmd, a, b)
        s.same("PUBLISH", "__keyevent@0__:zz-end", "x")
        out = {}
        for name, sub in seen.items():
            events = []
            for _ in range(1000):
                msg = parse(sub.read_reply())
                if msg[2] == b"__keyevent@0__:zz-end":
                    break
                events.append((msg[2], msg[3]))
            out[name] = events
        assert out["sable"] == out["redis"], "sable:\n%r\nredis:\n%r" % (out["sable"], out["redis"])
        return out["redis"]
    finally:
        s.sable.cmd("CONFIG", "SET", "notify-keyspace-events", "")
        s.redis.cmd("CONFIG", "SET", "notify-keyspace-events", "")
        for sub in seen.values():
            sub.close()


def test_keyspace_notifications(s):
    ev = notifications(s, [
        ("XADD", "s", "1-0", "f", "v"), ("XADD", "s", "2-0", "f", "v"),
        ("XADD", "s", "1-0", "f", "v"), ("XADD", "s", "MAXLEN", "1", "3-0", "f", "v"),
        ("XADD", "n", "NOMKSTREAM", "1-0", "f", "v"),
        ("XADD", "s", "4-0", "f", "v"), ("XADD", "s", "5-0", "f", "v"),
        ("XDEL", "s", "4-0"), ("XDEL", "s", "99-0"), ("XTRIM", "s", "MAXLEN", "1"),
        ("XTRIM", "s", "MAXLEN", "10"), ("XGROUP", "CREATE", "s", "g", "0"),
        ("XGROUP", "CREATE", "m", "g", "$", "MKSTREAM"),
        ("XGROUP", "CREATECONSUMER", "s", "g", "c1"), ("XGROUP", "CREATECONSUMER", "s", "g", "c1"),
        ("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"),
        ("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"),
        ("XACK", "s", "g", "5-0"),
        ("XCLAIM", "s", "g", "c3", "0", "5-0", "FORCE"),
        ("XAUTOCLAIM", "s", "g", "c4", "0", "0"),
        ("XGROUP", "SETID", "s", "g", "$"), ("XGROUP", "DELCONSUMER", "s", "g", "c1"),
        ("XGROUP", "DELCONSUMER", "s", "g", "nobody"),
        ("XSETID", "s", "100-0"), ("XGROUP", "DESTROY", "s", "g"),
        ("XGROUP", "DESTROY", "s", "g"), ("XADD", "t", "MAXLEN", "0", "1-0", "f", "v"),
        ("DEL", "s"), ("RENAME", "m", "m2"),
    ])
    assert (b"__keyevent@0__:xadd", b"s") in ev, ev


def test_resp3_shapes(s):
    s.sable.cmd("HELLO", "3")
    s.redis.cmd("HELLO", "3")
    add(s, "s", "1-0", "2-0", "3-0")
    s.same("XADD", "s", "4-0", "a", "1", "b", "2")
    s.same("XRANGE", "s", "-", "+")
    s.same("XREVRANGE", "s", "+", "-", "COUNT", "2")
    s.same("XREAD", "STREAMS", "s", "0")
    s.same("XREAD", "STREAMS", "s", "nokey", "2-0", "0")
    s.same("XREAD", "STREAMS", "s", "9-0")
    s.same("XREAD", "STREAMS", "nokey", "0")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0")
    s.same("XREADGROUP", "GROUP", "g", "d", "STREAMS", "s", "0")
    s.same("XDEL", "s", "1-0")
    s.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0")
    s.same("XPENDING", "s", "g")
    s.same("XPENDING", "s", "nog")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "10")
    s.same("XCLAIM", "s", "g", "d", "0", "2-0")
    s.same("XCLAIM", "s", "g", "d", "0", "2-0", "JUSTID")
    s.same("XAUTOCLAIM", "s", "g", "e", "0", "0")
    s.same("XAUTOCLAIM", "s", "g", "e", "0", "0", "JUSTID")
    s.same("XINFO", "GROUPS", "s")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")
    same_info(s, "XINFO", "STREAM", "s")
    same_info(s, "XINFO", "STREAM", "s", "FULL")
    s.same("XINFO", "HELP")
    s.same("XGROUP", "HELP")
    s.same("XADD", "s", "1-0", "f", "v")
    s.same("XLEN", "s")
    s.same("XSETID", "s", "50-0")
    s.same("XTRIM", "s", "MAXLEN", "1")
    s.same("XADD", "s", "NOMKSTREAM", "MAXLEN", "0", "51-0", "f", "v")
    s.same("XADD", "nokey", "NOMKSTREAM", "1-0", "f", "v")
    s.same("XINFO", "STREAM", "missing")
    s.same("XPENDING", "missing", "g")


# ---------------------------------------------------------------------------------------------
# Seeded random sequence


def test_random_sequence(s):
    random_sequence(s, int(os.environ.get("STREAM_SEED", "20261202")), 3000)


def test_random_sequence_resp3(s):
    s.sable.cmd("HELLO", "3")
    s.redis.cmd("HELLO", "3")
    random_sequence(s, int(os.environ.get("STREAM_SEED", "20261202")) + 1, 1000)


def random_sequence(s, seed, steps):
    print("  random sequence seed %d, %d steps (STREAM_SEED=... to vary)" % (seed, steps))
    rnd = random.Random(seed)
    keys = ["s1", "s2", "s3"]
    groups = ["g1", "g2"]
    consumers = ["c1", "c2", "c3"]
    last = {k: (0, 0) for k in keys}  # last ID per key, from the servers' replies

    added = {k: [] for k in keys}  # IDs XADD returned, recent ones most useful

    def some_id(k):
        r = rnd.random()
        top = last[k][0] + 3
        if r < 0.5 and added[k]:
            return rnd.choice(added[k][-25:])
        if r < 0.6:
            return "%d-%d" % (max(0, top - rnd.randint(0, 25)), rnd.randint(0, 3))
        if r < 0.7:
            return str(rnd.randint(0, top))
        if r < 0.2:
            return rnd.choice(["-", "+", "0-0", MAX + "-" + MAX, "0"])
        return "%d-%d" % (rnd.randint(0, top), rnd.randint(0, 3))

    def bound(k, lo):
        r = rnd.random()
        if r < 0.2:
            return "-" if lo else "+"
        v = some_id(k)
        if v in ("-", "+"):
            return v
        return ("(" + v) if rnd.random() < 0.25 else v

    def fields():
        n = rnd.choice([1, 1, 1, 2, 3])
        out = []
        for _ in range(n):
            out += [rnd.choice(["f", "g", "name", "n"]), rnd.choice(["v", "1", "-5", "", "xyz"])]
        return out

    masked = 0
    for step in range(steps):
        k = rnd.choice(keys)
        g = rnd.choice(groups)
        c = rnd.choice(consumers)
        r = rnd.random()
        kind = "same"
        if r < 0.30:
            x = rnd.random()
            ms, seq = last[k]
            if x < 0.8:
                if rnd.random() < 0.5:
                    new_id = "%d-%d" % (ms, seq + rnd.choice([0, 1, 1, 2]))
                else:
                    new_id = "%d-%d" % (ms + rnd.randint(1, 2), rnd.randint(0, 2))
            elif x < 0.9:
                new_id = "%d-*" % (ms + rnd.choice([-1, 0, 1]))
            else:
                new_id = some_id(k)
            args = ["XADD", k]
            if rnd.random() < 0.1:
                args.append("NOMKSTREAM")
            t = rnd.random()
            if t < 0.1:
                args += ["MAXLEN"] + rnd.choice([["="], []]) + [str(rnd.randint(0, 15))]
            elif t < 0.15:
                args += ["MINID", "%d" % max(0, last[k][0] - rnd.randint(0, 10))]
            args += [new_id] + fields()
        elif r < 0.40:
            args = [rnd.choice(["XRANGE", "XREVRANGE"]), k]
            lo, hi = bound(k, True), bound(k, False)
            args += [lo, hi] if args[0] == "XRANGE" else [hi, lo]
            if rnd.random() < 0.4:
                args += ["COUNT", str(rnd.randint(-1, 6))]
        elif r < 0.44:
            args = ["XLEN", k]
        elif r < 0.50:
            args = ["XDEL", k] + [some_id(k) for _ in range(rnd.randint(1, 3))]
        elif r < 0.53:
            if rnd.random() < 0.5:
                args = ["XTRIM", k, "MAXLEN", str(rnd.randint(0, 20))]
            else:
                args = ["XTRIM", k, "MINID", str(max(0, last[k][0] - rnd.randint(0, 15)))]
        elif r < 0.58:
            ks = rnd.sample(keys, rnd.randint(1, 3))
            args = ["XREAD"]
            if rnd.random() < 0.5:
                args += ["COUNT", str(rnd.randint(1, 5))]
            args += ["STREAMS"] + ks + [rnd.choice(["0", "$", some_id(x)]) for x in ks]
        elif r < 0.63:
            sub = rnd.random()
            if sub < 0.45:
                args = ["XGROUP", "CREATE", k, g, rnd.choice(["0", "$", some_id(k)])]
                if rnd.random() < 0.6:
                    args.append("MKSTREAM")
                if rnd.random() < 0.2:
                    args += ["ENTRIESREAD", str(rnd.randint(0, 10))]
            elif sub < 0.65:
                args = ["XGROUP", "SETID", k, g, rnd.choice(["0", "$", some_id(k)])]
            elif sub < 0.7:
                args = ["XGROUP", "DESTROY", k, g]
            elif sub < 0.85:
                args = ["XGROUP", "CREATECONSUMER", k, g, c]
            else:
                args = ["XGROUP", "DELCONSUMER", k, g, c]
        elif r < 0.75:
            args = ["XREADGROUP", "GROUP", g, c]
            if rnd.random() < 0.6:
                args += ["COUNT", str(rnd.randint(1, 5))]
            if rnd.random() < 0.1:
                args.append("NOACK")
            ks = rnd.sample(keys, rnd.randint(1, 2))
            args += ["STREAMS"] + ks + [rnd.choice([">", ">", ">", "0", some_id(x)]) for x in ks]
        elif r < 0.82:
            args = ["XACK", k, g] + [some_id(k) for _ in range(rnd.randint(1, 3))]
        elif r < 0.87:
            if rnd.random() < 0.5:
                args = ["XPENDING", k, g]
            else:
                args = ["XPENDING", k, g, bound(k, True), bound(k, False), str(rnd.randint(0, 8))]
                if rnd.random() < 0.3:
                    args.append(c)
                kind = "pending"
        elif r < 0.91:
            args = ["XCLAIM", k, g, c, "0"] + [some_id(k) for _ in range(rnd.randint(1, 3))]
            for opt in (["JUSTID"], ["FORCE"], ["RETRYCOUNT", str(rnd.randint(0, 5))],
                        ["LASTID", some_id(k)]):
                if rnd.random() < 0.2:
                    args += opt
        elif r < 0.95:
            args = ["XAUTOCLAIM", k, g, c, "0", rnd.choice(["0", "-", some_id(k)])]
            if rnd.random() < 0.5:
                args += ["COUNT", str(rnd.randint(1, 5))]
            if rnd.random() < 0.3:
                args.append("JUSTID")
        elif r < 0.97:
            sub = rnd.random()
            if sub < 0.4:
                args, kind = ["XINFO", "STREAM", k], "info"
            elif sub < 0.7:
                args = ["XINFO", "GROUPS", k]
            else:
                args, kind = ["XINFO", "CONSUMERS", k, g], "masked"
        elif r < 0.985:
            args = ["XSETID", k, "%d-%d" % (last[k][0] + rnd.choice([-1, 0, 1, 5]), 5)]
            if args[2].startswith("-"):
                args[2] = "0-0"
            if rnd.random() < 0.3:
                args += ["ENTRIESADDED", str(rnd.randint(0, 60))]
        elif r < 0.992:
            args = ["DEL", k]
        else:
            args, kind = ["XINFO", "STREAM", k, "FULL"], "info"
        try:
            if kind == "same":
                reply = s.same(*args)
                if args[0] == "XADD":
                    m = re.fullmatch(rb"\$\d+\r\n(\d+)-(\d+)\r\n", reply)
                    if m:
                        last[k] = (int(m.group(1)), int(m.group(2)))
                        added[k].append("%s-%s" % (m.group(1).decode(), m.group(2).decode()))
                elif args[0] == "XSETID" and reply == b"+OK\r\n":
                    last[k] = tuple(int(x) for x in args[2].split("-"))
                elif args[0] == "DEL":
                    last[k] = (0, 0)
            elif kind == "pending":
                same_pending(s, *args)
                masked += 1
            elif kind == "info":
                same_info(s, *args)
                masked += 1
            else:
                same_masked(s, *args)
                masked += 1
        except AssertionError as e:
            raise AssertionError("step %d (seed %d): %s" % (step, seed, e))
    for k in keys:
        s.same("XRANGE", k, "-", "+")
        s.same("XINFO", "GROUPS", k)
        same_info(s, "XINFO", "STREAM", k, "FULL")


if __name__ == "__main__":
    run_tests(globals())
