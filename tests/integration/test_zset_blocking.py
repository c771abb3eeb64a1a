"""Blocking sorted set pops (BZPOPMIN, BZPOPMAX, BZMPOP) with several connections.

Each scenario runs the same steps on Sable and on redis-server and compares the replies each
client receives byte for byte. Waits are bounded: every blocking call has a timeout, and the
connections' socket timeout catches a server that never answers.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import run_tests  # noqa: E402


def conns(s, n):
    out = []
    for srv in (s.sable_server, s.redis_server):
        out.append([srv.conn() for _ in range(n)])
    return out  # [sable conns, redis conns]


def send(c, *args):
    c.send_raw(c.encode(*args))


def settle():
    time.sleep(0.15)


def run_both(s, n, steps):
    """steps: list of (client index, args, expect_reply_now). Replies are collected per step."""
    results = []
    for side in conns(s, n):
        got = []
        for idx, args, wait in steps:
            if args == "read":
                got.append(side[idx].read_reply())
                continue
            send(side[idx], *args)
            if wait:
                got.append(side[idx].read_reply())
            else:
                settle()
        for c in side:
            c.close()
        results.append(got)
    s.sable.cmd("FLUSHALL")
    s.redis.cmd("FLUSHALL")
    assert results[0] == results[1], "differs:\n  sable: %r\n  redis: %r" % tuple(results)
    return results[0]


def test_bzpopmin_wakes_on_zadd(s):
    r = run_both(s, 2, [
        (0, ("BZPOPMIN", "z", "5"), False),
        (1, ("ZADD", "z", "2", "b", "1", "a"), True),
        (0, "read", None),
        (1, ("ZRANGE", "z", "0", "-1", "WITHSCORES"), True),
    ])
    assert r[1] == b"*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n"


def test_bzpopmax_multiple_keys_first_ready(s):
    run_both(s, 2, [
        (0, ("BZPOPMAX", "k1", "k2", "k3", "5"), False),
        (1, ("ZADD", "k3", "7", "x"), True),
        (0, "read", None),
        (1, ("EXISTS", "k3"), True),
    ])


def test_fifo_order_between_waiters(s):
    run_both(s, 3, [
        (0, ("BZPOPMIN", "z", "5"), False),
        (1, ("BZPOPMIN", "z", "5"), False),
        (2, ("ZADD", "z", "1", "a", "2", "b", "3", "c"), True),
        (0, "read", None),
        (1, "read", None),
        (2, ("ZRANGE", "z", "0", "-1"), True),
    ])


def test_bzmpop_count_and_nested_reply(s):
    run_both(s, 2, [
        (0, ("BZMPOP", "5", "2", "a", "b", "MAX", "COUNT", "2"), False),
        (1, ("ZADD", "b", "1", "x", "2", "y", "3", "z"), True),
        (0, "read", None),
        (1, ("ZRANGE", "b", "0", "-1"), True),
    ])


def test_timeout_returns_null_array(s):
    run_both(s, 1, [
        (0, ("BZPOPMIN", "z", "0.1"), True),
        (0, ("BZMPOP", "0.1", "1", "z", "MIN"), True),
    ])


def test_wrong_type_write_keeps_waiting(s):
    run_both(s, 2, [
        (0, ("BZPOPMIN", "k", "5"), False),
        (1, ("SET", "k", "str"), True),
        (1, ("DEL", "k"), True),
        (1, ("ZADD", "k", "4", "m"), True),
        (0, "read", None),
    ])


def test_served_inside_multi_exec(s):
    run_both(s, 2, [
        (0, ("BZPOPMAX", "z", "5"), False),
        (1, ("MULTI",), True),
        (1, ("ZADD", "z", "1", "a"), True),
        (1, ("ZADD", "z", "2", "b"), True),
        (1, ("EXEC",), True),
        (0, "read", None),
        (1, ("ZRANGE", "z", "0", "-1"), True),
    ])


def test_zadd_then_zrem_in_transaction_does_not_serve(s):
    run_both(s, 2, [
        (0, ("BZPOPMIN", "z", "0.5"), False),
        (1, ("MULTI",), True),
        (1, ("ZADD", "z", "1", "a"), True),
        (1, ("ZREM", "z", "a"), True),
        (1, ("EXEC",), True),
        (0, "read", None),
    ])


def test_zunionstore_wakes_waiter(s):
    run_both(s, 2, [
        (0, ("BZPOPMIN", "dst", "5"), False),
        (1, ("ZADD", "src", "5", "m"), True),
        (1, ("ZUNIONSTORE", "dst", "1", "src"), True),
        (0, "read", None),
    ])


def test_client_unblock(s):
    results = []
    for srv in (s.sable_server, s.redis_server):
        a, b = srv.conn(), srv.conn()
        cid = a.cmd("CLIENT", "ID").split(b"\r\n")[0][1:]
        send(a, "BZPOPMIN", "z", "5")
        settle()
        results.append(b.cmd("CLIENT", "UNBLOCK", cid.decode()))
        results.append(a.read_reply())
        a.close()
        b.close()
    assert results[:2] == results[2:], results


if __name__ == "__main__":
    run_tests(globals())
