"""Blocking stream reads (XREAD / XREADGROUP with BLOCK) with several connections, consumer-group
scenarios, and redis-py's stream API.

Each scenario runs the same steps on Sable and on redis-server and compares what every client
receives, byte for byte (fields holding times masked). Waits are bounded: every blocking call
that could hang has a timeout, and the connections' socket timeout catches a server that never
answers.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import parse, run_tests  # noqa: E402
from test_stream import mask, mask_pending_ext, same_masked, same_pending, tree  # noqa: E402


def send(c, *args):
    c.send_raw(c.encode(*args))


def settle():
    time.sleep(0.15)


def run_both(s, n, steps, masked=False):
    """steps: (client index, args, read_now). args may be "read" (read one pending reply),
    "close" (drop that connection), ("sleep", seconds), or a command where "$CID<i>" stands
    for client i's CLIENT ID."""
    results = []
    for srv in (s.sable_server, s.redis_server):
        side = [srv.conn() for _ in range(n)]
        for c in side:
            c.sock.settimeout(6)  # longer than any BLOCK below that is meant to be served
        ids = [c.cmd("CLIENT", "ID")[1:-2].decode() for c in side]
        got = []
        for idx, args, now in steps:
            if args == "read":
                got.append(side[idx].read_reply())
                continue
            if args == "close":
                side[idx].close()
                settle()
                continue
            if args[0] == "sleep":
                time.sleep(args[1])
                continue
            args = tuple(ids[int(a[4:])] if isinstance(a, str) and a.startswith("$CID") else a
                         for a in args)
            send(side[idx], *args)
            if now:
                got.append(side[idx].read_reply())
            else:
                settle()
        for c in side:
            c.close()
        results.append(got)
    s.flush()
    if masked:
        a = [mask_pending_ext(mask(tree(r))) for r in results[0]]
        b = [mask_pending_ext(mask(tree(r))) for r in results[1]]
        assert a == b, "differs:\n  sable: %r\n  redis: %r" % tuple(results)
    else:
        assert results[0] == results[1], "differs:\n  sable: %r\n  redis: %r" % tuple(results)
    return results[1]


def test_xread_block_wakes_on_xadd(s):
    r = run_both(s, 2, [
        (0, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "$"), False),
        (1, ("XADD", "s", "1-0", "f", "v"), True),
        (0, "read", None),
    ])
    assert r[1] == (b"*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n"
                    b"$1\r\nv\r\n"), r


def test_xread_dollar_skips_existing(s):
    return run_both(s, 2, [
        (1, ("XADD", "s", "1-0", "f", "old"), True),
        (1, ("XADD", "s", "2-0", "f", "old"), True),
        (0, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "$"), False),
        (1, ("XADD", "s", "3-0", "f", "new"), True),
        (0, "read", None),
        # `$` is resolved when the command blocks: a second read after 3-0 sees the next one.
        (0, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "3-0"), False),
        (1, ("XADD", "s", "4-0", "f", "newer"), True),
        (0, "read", None),
    ])


def test_xread_block_with_data_returns_at_once(s):
    return run_both(s, 1, [
        (0, ("XADD", "s", "1-0", "f", "v"), True),
        (0, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "0"), True),
        (0, ("XREAD", "BLOCK", "0", "COUNT", "1", "STREAMS", "s", "0-0"), True),
    ])


def test_xread_block_id_below_new_entry(s):
    return run_both(s, 2, [
        (0, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "5-0"), False),
        (1, ("XADD", "s", "3-0", "f", "v"), True),   # not after 5-0: keeps waiting
        (1, ("XADD", "s", "7-0", "f", "v"), True),
        (0, "read", None),
    ])


def test_xread_block_several_keys(s):
    return run_both(s, 2, [
        (0, ("XREAD", "BLOCK", "5000", "COUNT", "10", "STREAMS", "a", "b", "c", "$", "$", "$"),
         False),
        (1, ("XADD", "b", "1-0", "f", "v"), True),
        (0, "read", None),
        (1, ("XADD", "a", "1-0", "f", "v"), True),
        (0, ("XREAD", "BLOCK", "5000", "STREAMS", "a", "b", "c", "1-0", "1-0", "$"), False),
        (1, ("XADD", "c", "9-0", "f", "v"), True),
        (0, "read", None),
    ])


def test_xread_all_waiters_served(s):
    # XREAD does not consume: every waiter gets the entry, in arrival order.
    return run_both(s, 4, [
        (0, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "$"), False),
        (1, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "$"), False),
        (2, ("XREAD", "BLOCK", "5000", "COUNT", "1", "STREAMS", "s", "0"), False),
        (3, ("XADD", "s", "1-0", "f", "v"), True),
        (0, "read", None),
        (1, "read", None),
        (2, "read", None),
    ])


def test_xreadgroup_fifo_between_consumers(s):
    return run_both(s, 4, [
        (3, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c0", "COUNT", "1", "BLOCK", "5000", "STREAMS", "s",
             ">"), False),
        (1, ("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "BLOCK", "5000", "STREAMS", "s",
             ">"), False),
        (2, ("XREADGROUP", "GROUP", "g", "c2", "COUNT", "1", "BLOCK", "5000", "STREAMS", "s",
             ">"), False),
        (3, ("XADD", "s", "1-0", "n", "1"), True),
        (0, "read", None),
        (3, ("XADD", "s", "2-0", "n", "2"), True),
        (1, "read", None),
        (3, ("XADD", "s", "3-0", "n", "3"), True),
        (2, "read", None),
        (3, ("XPENDING", "s", "g"), True),
        (3, ("XINFO", "GROUPS", "s"), True),
    ])


def test_xreadgroup_one_xadd_many_entries(s):
    # A transaction adds three entries: the first waiter takes what its COUNT allows.
    return run_both(s, 3, [
        (2, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c0", "COUNT", "2", "BLOCK", "5000", "STREAMS", "s",
             ">"), False),
        (1, ("XREADGROUP", "GROUP", "g", "c1", "BLOCK", "5000", "STREAMS", "s", ">"), False),
        (2, ("MULTI",), True),
        (2, ("XADD", "s", "1-0", "n", "1"), True),
        (2, ("XADD", "s", "2-0", "n", "2"), True),
        (2, ("XADD", "s", "3-0", "n", "3"), True),
        (2, ("EXEC",), True),
        (0, "read", None),
        (1, "read", None),
        (2, ("XPENDING", "s", "g"), True),
    ])


def test_xadd_in_multi_wakes_after_exec(s):
    return run_both(s, 2, [
        (0, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "$"), False),
        (1, ("MULTI",), True),
        (1, ("XADD", "s", "1-0", "f", "a"), True),
        (1, ("XADD", "s", "2-0", "f", "b"), True),
        (1, ("XLEN", "s"), True),
        (1, ("EXEC",), True),
        (0, "read", None),
    ])


def test_xadd_in_script_wakes_after_script(s):
    return run_both(s, 2, [
        (0, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "$"), False),
        (1, ("EVAL", "redis.call('XADD', KEYS[1], '1-0', 'f', 'a'); "
             "redis.call('XADD', KEYS[1], '2-0', 'f', 'b'); "
             "return redis.call('XLEN', KEYS[1])", "1", "s"), True),
        (0, "read", None),
    ])


def test_block_timeout_returns_null(s):
    return run_both(s, 1, [
        (0, ("XREAD", "BLOCK", "100", "STREAMS", "s", "$"), True),
        (0, ("XADD", "s", "1-0", "f", "v"), True),
        (0, ("XREAD", "BLOCK", "100", "STREAMS", "s", "$"), True),
        (0, ("XGROUP", "CREATE", "s", "g", "$"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "100", "STREAMS", "s", ">"), True),
        (0, ("XINFO", "GROUPS", "s"), True),
        (0, ("XREAD", "BLOCK", "100", "STREAMS", "s", "nokey", "$", "$"), True),
    ])


def test_block_timeout_resp3_null(s):
    results = []
    for srv in (s.sable_server, s.redis_server):
        c = srv.conn()
        c.cmd("HELLO", "3")
        c.cmd("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        results.append([c.cmd("XREAD", "BLOCK", "100", "STREAMS", "s", "$"),
                        c.cmd("XREADGROUP", "GROUP", "g", "c", "BLOCK", "100", "STREAMS", "s", ">"),
                        c.cmd("XREAD", "STREAMS", "s", "$")])
        c.close()
    assert results[0] == results[1], results
    assert results[1][0] == b"_\r\n", results


def test_block_zero_waits(s):
    return run_both(s, 2, [
        (0, ("XREAD", "BLOCK", "0", "STREAMS", "s", "$"), False),
        (1, ("sleep", 0.5), None),
        (1, ("XADD", "s", "1-0", "f", "v"), True),
        (0, "read", None),
    ])


def test_client_unblock(s):
    return run_both(s, 2, [
        (0, ("XREAD", "BLOCK", "0", "STREAMS", "s", "$"), False),
        (1, ("CLIENT", "UNBLOCK", "$CID0"), True),
        (0, "read", None),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"), True),
        (1, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"), False),
        (1, ("CLIENT", "UNBLOCK", "$CID0", "ERROR"), True),
        (0, "read", None),
        (1, ("CLIENT", "UNBLOCK", "$CID0"), True),
        (0, ("PING",), True),
        (1, ("XINFO", "GROUPS", "s"), True),
    ])


def test_disconnect_leaves_no_trace(s):
    return run_both(s, 3, [
        (2, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("XREADGROUP", "GROUP", "g", "gone", "BLOCK", "0", "STREAMS", "s", ">"), False),
        (1, ("XREAD", "BLOCK", "0", "STREAMS", "s", "$"), False),
        (0, "close", None),
        (1, "close", None),
        (2, ("XADD", "s", "1-0", "f", "v"), True),
        (2, ("XPENDING", "s", "g"), True),
        (2, ("XINFO", "GROUPS", "s"), True),
        (2, ("XINFO", "CONSUMERS", "s", "g"), True),
    ], masked=True)


def test_xreadgroup_unblocked_when_key_deleted(s):
    return run_both(s, 2, [
        (1, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "3000", "STREAMS", "s", ">"), False),
        (1, ("DEL", "s"), True),
        (0, "read", None),
        (0, ("PING",), True),
    ])


def test_xreadgroup_unblocked_when_group_destroyed(s):
    return run_both(s, 2, [
        (1, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "3000", "STREAMS", "s", ">"), False),
        (1, ("XGROUP", "DESTROY", "s", "g"), True),
        (0, "read", None),
        (0, ("PING",), True),
    ])


def test_xreadgroup_key_replaced_by_other_type(s):
    return run_both(s, 2, [
        (1, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "3000", "STREAMS", "s", ">"), False),
        (1, ("SET", "s", "str"), True),
        (0, "read", None),
    ])


def test_xread_key_deleted_and_recreated(s):
    return run_both(s, 2, [
        (1, ("XADD", "s", "5-0", "f", "v"), True),
        (0, ("XREAD", "BLOCK", "3000", "STREAMS", "s", "$"), False),
        (1, ("DEL", "s"), True),
        (1, ("XADD", "s", "2-0", "f", "v"), True),  # below the ID it waits after
        (1, ("XADD", "s", "6-0", "f", "v"), True),
        (0, "read", None),
    ])


def test_inside_multi_does_not_block(s):
    return run_both(s, 1, [
        (0, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("MULTI",), True),
        (0, ("XREAD", "BLOCK", "0", "STREAMS", "s", "$"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"), True),
        (0, ("XREAD", "BLOCK", "0", "STREAMS", "nokey", "0"), True),
        (0, ("EXEC",), True),
    ])


def test_blocking_in_script_does_not_block(s):
    return run_both(s, 1, [
        (0, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("EVAL", "return redis.call('XREAD', 'BLOCK', '0', 'STREAMS', KEYS[1], '$')", "1",
             "s"), True),
        (0, ("EVAL", "return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', "
             "'STREAMS', KEYS[1], '>')", "1", "s"), True),
        # The error names the command as the script spelled it.
        (0, ("EVAL", "return redis.call('xread', 'BLOCK', '0', 'STREAMS', KEYS[1], '$')", "1",
             "s"), True),
        (0, ("EVAL", "return redis.pcall('XrEaD', 'BLOCK', '0', 'STREAMS', KEYS[1], '$')", "1",
             "s"), True),
    ])


def test_xreadgroup_block_noack_and_history(s):
    return run_both(s, 2, [
        (1, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "NOACK", "BLOCK", "5000", "STREAMS", "s", ">"),
         False),
        (1, ("XADD", "s", "1-0", "f", "v"), True),
        (0, "read", None),
        (1, ("XPENDING", "s", "g"), True),
        # A history ID never blocks: the reply is the consumer's (empty) PEL at once.
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", "0"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", ">"), False),
        (1, ("XADD", "s", "2-0", "f", "v"), True),
        (0, "read", None),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", "0"), True),
    ])


def test_blocked_xreadgroup_and_xread_mixed(s):
    return run_both(s, 3, [
        (2, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", ">"), False),
        (1, ("XREAD", "BLOCK", "5000", "STREAMS", "s", "$"), False),
        (2, ("XADD", "s", "1-0", "f", "v"), True),
        (0, "read", None),
        (1, "read", None),
    ])


def test_xadd_trimmed_to_nothing_then_waiter(s):
    return run_both(s, 2, [
        (0, ("XREAD", "BLOCK", "1000", "STREAMS", "s", "$"), False),
        (1, ("XADD", "s", "MAXLEN", "0", "1-0", "f", "v"), True),
        (0, "read", None),
    ])


def test_rename_into_watched_key_serves(s):
    return run_both(s, 2, [
        (0, ("XREAD", "BLOCK", "3000", "STREAMS", "dst", "$"), False),
        (1, ("XADD", "src", "1-0", "f", "v"), True),
        (1, ("RENAME", "src", "dst"), True),
        (0, "read", None),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "3000", "STREAMS", "dst2", ">"), True),
        (1, ("XGROUP", "CREATE", "src2", "g", "$", "MKSTREAM"), True),
        (0, ("XREAD", "BLOCK", "3000", "STREAMS", "dst2", "$"), False),
        (1, ("XADD", "src2", "1-0", "f", "v"), True),
        (1, ("COPY", "src2", "dst2"), True),
        (0, "read", None),
    ])


def test_delconsumer_while_blocked(s):
    return run_both(s, 2, [
        (1, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True),
        (1, ("XGROUP", "CREATECONSUMER", "s", "g", "c"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "3000", "STREAMS", "s", ">"), False),
        (1, ("XGROUP", "DELCONSUMER", "s", "g", "c"), True),
        (1, ("XADD", "s", "1-0", "f", "v"), True),
        (0, "read", None),
        (1, ("XPENDING", "s", "g"), True),
        (1, ("XINFO", "GROUPS", "s"), True),
    ])


def test_setid_while_blocked(s):
    return run_both(s, 2, [
        (1, ("XADD", "s", "1-0", "f", "v"), True),
        (1, ("XADD", "s", "2-0", "f", "v"), True),
        (1, ("XGROUP", "CREATE", "s", "g", "$"), True),
        (0, ("XREADGROUP", "GROUP", "g", "c", "BLOCK", "3000", "STREAMS", "s", ">"), False),
        (1, ("XGROUP", "SETID", "s", "g", "0"), True),  # not a write to the stream: keeps waiting
        (1, ("XADD", "s", "3-0", "f", "v"), True),
        (0, "read", None),
        (1, ("XPENDING", "s", "g"), True),
    ])


def test_many_waiters_then_transaction_of_adds(s):
    steps = [(5, ("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), True)]
    for i in range(5):
        steps.append((i, ("XREADGROUP", "GROUP", "g", "c%d" % i, "COUNT", "2", "BLOCK", "3000",
                          "STREAMS", "s", ">"), False))
    steps += [(5, ("MULTI",), True)]
    steps += [(5, ("XADD", "s", "%d-0" % i, "n", str(i)), True) for i in range(1, 8)]
    steps += [(5, ("EXEC",), True)]
    steps += [(i, "read", None) for i in range(5)]
    steps += [(5, ("XPENDING", "s", "g"), True), (5, ("XINFO", "GROUPS", "s"), True)]
    return run_both(s, 6, steps)


# ---------------------------------------------------------------------------------------------
# Consumer-group scenarios


def test_two_consumers_crash_and_autoclaim(s):
    def scenario(srv):
        ctl, w1, w2 = srv.conn(), srv.conn(), srv.conn()
        out = [ctl.cmd("XGROUP", "CREATE", "jobs", "workers", "$", "MKSTREAM")]
        for i in range(1, 11):
            out.append(ctl.cmd("XADD", "jobs", "%d-0" % i, "task", "t%d" % i))
        # Each worker takes three at a time; w1 acknowledges its work, w2 crashes holding its.
        out.append(w1.cmd("XREADGROUP", "GROUP", "workers", "w1", "COUNT", "3", "STREAMS",
                          "jobs", ">"))
        out.append(w2.cmd("XREADGROUP", "GROUP", "workers", "w2", "COUNT", "3", "STREAMS",
                          "jobs", ">"))
        out.append(w1.cmd("XACK", "jobs", "workers", "1-0", "2-0", "3-0"))
        w2.close()
        out.append(w1.cmd("XREADGROUP", "GROUP", "workers", "w1", "COUNT", "3", "STREAMS",
                          "jobs", ">"))
        out.append(ctl.cmd("XPENDING", "jobs", "workers"))
        # Too fresh for a 300 ms idle threshold; after a pause they are claimable.
        out.append(w1.cmd("XAUTOCLAIM", "jobs", "workers", "w1", "300", "0"))
        time.sleep(0.5)
        out.append(w1.cmd("XACK", "jobs", "workers", "7-0", "8-0", "9-0"))
        out.append(w1.cmd("XAUTOCLAIM", "jobs", "workers", "w1", "300", "0", "COUNT", "2"))
        out.append(w1.cmd("XAUTOCLAIM", "jobs", "workers", "w1", "300", "6-0", "COUNT", "2"))
        out.append(ctl.cmd("XPENDING", "jobs", "workers", "-", "+", "10"))
        out.append(w1.cmd("XACK", "jobs", "workers", "4-0", "5-0", "6-0"))
        out.append(w1.cmd("XREADGROUP", "GROUP", "workers", "w1", "STREAMS", "jobs", ">"))
        out.append(w1.cmd("XACK", "jobs", "workers", "10-0"))
        out.append(ctl.cmd("XPENDING", "jobs", "workers"))
        out.append(ctl.cmd("XINFO", "GROUPS", "jobs"))
        out.append(ctl.cmd("XINFO", "CONSUMERS", "jobs", "workers"))
        out.append(ctl.cmd("XGROUP", "DELCONSUMER", "jobs", "workers", "w2"))
        out.append(ctl.cmd("XINFO", "CONSUMERS", "jobs", "workers"))
        for c in (ctl, w1):
            c.close()
        return out

    a, b = scenario(s.sable_server), scenario(s.redis_server)
    ta = [mask_pending_ext(mask(tree(x))) for x in a]
    tb = [mask_pending_ext(mask(tree(x))) for x in b]
    for i, (x, y) in enumerate(zip(ta, tb)):
        assert x == y, "step %d:\n  sable: %r\n  redis: %r" % (i, a[i], b[i])
    # Recovered entries were delivered twice.
    rows = parse(b[20])
    assert [r[3] for r in rows] == [2, 2, 2], rows


def test_claim_delivery_counts_and_idle(s):
    for i in range(1, 6):
        s.same("XADD", "s", "%d-0" % i, "f", "v")
    s.same("XGROUP", "CREATE", "s", "g", "0")
    s.same("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">")
    time.sleep(0.3)
    s.same("XCLAIM", "s", "g", "b", "200", "1-0", "2-0", "JUSTID")  # JUSTID: count unchanged
    s.same("XCLAIM", "s", "g", "b", "200", "3-0")
    s.same("XCLAIM", "s", "g", "b", "200", "1-0")  # just claimed: not idle
    same_pending(s, "XPENDING", "s", "g", "-", "+", "10")
    s.same("XPENDING", "s", "g", "IDLE", "200", "-", "+", "10", "b")
    same_pending(s, "XPENDING", "s", "g", "IDLE", "200", "-", "+", "10", "a")
    s.same("XREADGROUP", "GROUP", "g", "b", "STREAMS", "s", "0")
    same_pending(s, "XPENDING", "s", "g", "-", "+", "10")
    same_masked(s, "XINFO", "CONSUMERS", "s", "g")


# ---------------------------------------------------------------------------------------------
# redis-py


def redis_py_session(port):
    import redis
    r = redis.Redis(host="127.0.0.1", port=port, socket_timeout=10)
    out = []
    out.append(r.xadd("s", {"f": "1"}, id="1-0"))
    out.append(r.xadd("s", {"f": "2", "g": "x"}, id="2-0"))
    out.append(r.xadd("s", {"f": "3"}, id="3-*"))
    auto = r.xadd("auto", {"f": "v"})
    out.append(bool(auto) and b"-" in auto)
    out.append(r.xadd("s", {"f": "4"}, id="4-0", maxlen=10, approximate=False))
    out.append(r.xlen("s"))
    out.append(r.xrange("s"))
    out.append(r.xrange("s", min="2", max="+", count=2))
    out.append(r.xrevrange("s", max="+", min="-", count=2))
    out.append(r.xread({"s": "2-0"}))
    out.append(r.xread({"s": "0", "nokey": "0"}, count=1))
    out.append(r.xread({"s": "$"}, block=100))
    out.append(r.xgroup_create("s", "g", id="0"))
    out.append(r.xgroup_create("new", "g", id="$", mkstream=True))
    try:
        r.xgroup_create("s", "g", id="0")
    except redis.ResponseError as e:
        out.append(str(e))
    out.append(r.xreadgroup("g", "alice", {"s": ">"}, count=2))
    out.append(r.xreadgroup("g", "bob", {"s": ">"}, count=1))
    out.append(r.xreadgroup("g", "alice", {"s": "0"}))
    out.append(r.xack("s", "g", "1-0"))
    p = r.xpending("s", "g")
    out.append((p["pending"], p["min"], p["max"], p["consumers"]))
    rows = r.xpending_range("s", "g", min="-", max="+", count=10)
    out.append([(x["message_id"], x["consumer"], x["times_delivered"]) for x in rows])
    rows = r.xpending_range("s", "g", min="-", max="+", count=10, consumername="bob")
    out.append([(x["message_id"], x["times_delivered"]) for x in rows])
    out.append(r.xclaim("s", "g", "carol", 0, ["2-0"]))
    out.append(r.xclaim("s", "g", "carol", 0, ["3-1"], justid=True))
    out.append(r.xautoclaim("s", "g", "dave", 0, start_id="0-0", count=10))
    out.append(r.xautoclaim("s", "g", "dave", 0, start_id="0-0", justid=True))
    info = r.xinfo_stream("s")
    out.append({k: v for k, v in info.items() if not k.startswith("radix")})
    groups = r.xinfo_groups("s")
    out.append(groups)
    cons = r.xinfo_consumers("s", "g")
    out.append([(c["name"], c["pending"]) for c in cons])
    out.append(r.xgroup_createconsumer("s", "g", "erin"))
    out.append(r.xgroup_delconsumer("s", "g", "dave"))
    out.append(r.xgroup_setid("s", "g", "$"))
    out.append(r.xdel("s", "1-0", "2-0", "99-0"))
    out.append(r.xtrim("s", maxlen=1, approximate=False))
    out.append(r.xtrim("s", minid="9-0", approximate=False))
    out.append(r.xrange("s"))
    out.append(r.xgroup_destroy("s", "g"))
    out.append(r.type("s"))
    # Blocking read through redis-py, served from another connection.
    import threading
    got = []
    t = threading.Thread(target=lambda: got.append(
        redis.Redis(host="127.0.0.1", port=port, socket_timeout=10).xread({"b": "$"}, block=5000)))
    t.start()
    time.sleep(0.3)
    r.xadd("b", {"k": "v"}, id="1-0")
    t.join(10)
    out.append(got)
    r.close()
    return out


def test_redis_py_stream_api(s):
    a = redis_py_session(s.sable_server.port)
    b = redis_py_session(s.redis_server.port)
    for i, (x, y) in enumerate(zip(a, b)):
        assert x == y, "item %d:\n  sable: %r\n  redis: %r" % (i, x, y)
    assert len(a) == len(b)
    assert b[-1] == [[[b"b", [(b"1-0", {b"k": b"v"})]]]], b[-1]


if __name__ == "__main__":
    run_tests(globals())
