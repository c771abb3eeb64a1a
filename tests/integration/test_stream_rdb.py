"""Streams in RDB snapshots: Redis's dump with streams loads in Sable and Sable's loads in Redis
(entries, deleted entries, last / max-deleted IDs, entries-added, consumer groups with their PEL,
delivery times and counts, consumers with seen-times), and DEBUG RELOAD keeps a stream as it was.

The times are part of the snapshot, so XINFO STREAM FULL must match the source server exactly
(only the radix tree's internal node counts are masked); idle times, computed against the clock
at the time of the query, are masked.

Each test starts its own servers on loopback ports."""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import parse, start_redis, start_sable  # noqa: E402
from test_stream import mask, mask_pending_ext, tree  # noqa: E402


def fill(c):
    cmds = [("FLUSHALL",)]
    for i in range(1, 301):
        cmds.append(("XADD", "big", "%d-%d" % (1000 + i // 3, i % 3), "sensor_a", "%08d" % i,
                     "sensor_b", "v%d" % (i * 7)))
    # Entries whose field sets differ from the node's first entry, numbers and empty values.
    cmds.append(("XADD", "big", "2000-0", "other", "x", "sensor_a", "1"))
    cmds.append(("XADD", "big", "2000-1", "n", "-12345", "e", ""))
    cmds += [("XDEL", "big", "1001-0", "1050-2", "1099-1", "2000-0")]
    cmds += [("XGROUP", "CREATE", "big", "g1", "0"), ("XGROUP", "CREATE", "big", "g2", "1050-0"),
             ("XGROUP", "CREATE", "big", "idle", "$"),
             ("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "20", "STREAMS", "big", ">"),
             ("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "5", "STREAMS", "big", ">"),
             ("XREADGROUP", "GROUP", "g2", "carol", "NOACK", "COUNT", "5", "STREAMS", "big", ">"),
             ("XREADGROUP", "GROUP", "g2", "carol", "COUNT", "5", "STREAMS", "big", ">"),
             ("XACK", "big", "g1", "1002-0", "1003-1"),
             ("XCLAIM", "big", "g1", "dave", "0", "1004-0", "RETRYCOUNT", "9"),
             ("XCLAIM", "big", "g1", "dave", "0", "1005-0", "TIME", "1700000000000"),
             ("XGROUP", "CREATECONSUMER", "big", "g1", "nobody")]
    # Small streams: one entry, emptied by XDEL, trimmed to nothing, XSETID beyond the top.
    cmds += [("XADD", "one", "5-5", "f", "v"),
             ("XADD", "emptied", "1-0", "f", "v"), ("XDEL", "emptied", "1-0"),
             ("XADD", "trimmed", "1-0", "f", "v"), ("XADD", "trimmed", "2-0", "f", "v"),
             ("XTRIM", "trimmed", "MAXLEN", "0"),
             ("XADD", "setid", "3-0", "f", "v"),
             ("XSETID", "setid", "90-0", "ENTRIESADDED", "50", "MAXDELETEDID", "80-0"),
             ("XGROUP", "CREATE", "mk", "g", "$", "MKSTREAM"),
             ("XGROUP", "CREATE", "setid", "lagged", "0", "ENTRIESREAD", "1"),
             ("XADD", "maxid", "18446744073709551615-18446744073709551614", "f", "v"),
             ("XADD", "bin\x00key", "1-1", "f\x00", "\xff\x00v")]
    cmds += [("SELECT", "2"), ("XADD", "db2", "1-0", "f", "v"), ("SELECT", "0")]
    c.send_raw(b"".join(c.encode(*a) for a in cmds))
    for a in cmds:
        r = c.read_reply()
        assert not r.startswith(b"-"), (a, r)


def snapshot(c):
    out = {}
    for db in (0, 2):
        c.cmd("SELECT", str(db))
        for k in sorted(parse(c.cmd("KEYS", "*"))):
            assert parse(c.cmd("TYPE", k)) == "stream", k
            info = mask(tree(c.cmd("XINFO", "STREAM", k, "FULL")),
                        (b"radix-tree-keys", b"radix-tree-nodes"))
            # The times themselves come from the snapshot: compared exactly, apart.
            raw_full = c.cmd("XINFO", "STREAM", k, "FULL")
            groups = parse(c.cmd("XINFO", "GROUPS", k))
            pend = []
            for g in groups:
                name = g[1]
                pend.append((parse(c.cmd("XPENDING", k, name)),
                             mask_pending_ext(tree(c.cmd("XPENDING", k, name, "-", "+", "1000")))))
            out[(db, k)] = (parse(c.cmd("XRANGE", k, "-", "+")), info, groups, pend,
                            exact_times(raw_full), parse(c.cmd("OBJECT", "ENCODING", k)))
    c.cmd("SELECT", "0")
    return out


def exact_times(raw):
    """The Unix-ms times inside XINFO STREAM FULL (delivery times, seen-times), in order."""
    found = []

    def walk(node):
        t, v = node
        if isinstance(v, list):
            for x in v:
                walk(x)
        elif t == b":" and abs(int(v)) > 10**12:
            found.append(int(v))
    walk(tree(raw))
    return found


def compare(a, b, what):
    assert a.keys() == b.keys(), (what, sorted(a.keys()), sorted(b.keys()))
    for k in a:
        for i, label in enumerate(("XRANGE", "XINFO FULL", "XINFO GROUPS", "XPENDING", "times",
                                   "encoding")):
            assert a[k][i] == b[k][i], "%s: key %r, %s differs:\n  %r\n  %r" % (
                what, k, label, str(a[k][i])[:600], str(b[k][i])[:600])


def test_redis_dump_with_streams_loads_in_sable():
    redis = start_redis()
    try:
        c = redis.conn()
        fill(c)
        want = snapshot(c)
        assert c.cmd("SAVE") == b"+OK\r\n"
        sable = start_sable(["--dir", redis.workdir])
        try:
            sc = sable.conn()
            compare(want, snapshot(sc), "Redis SAVE -> Sable load")
            # The loaded stream keeps working: IDs continue after the saved last ID.
            assert sc.cmd("XADD", "big", "2000-1", "f", "v").startswith(b"-ERR"), "equal ID"
            assert sc.cmd("XADD", "setid", "90-*", "f", "v") == b"$4\r\n90-1\r\n"
            assert sc.cmd("XADD", "maxid", "*", "f", "v") == \
                b"$41\r\n18446744073709551615-18446744073709551615\r\n"
        finally:
            assert sable.stop() == 0
    finally:
        redis.stop()
        shutil.rmtree(redis.workdir, ignore_errors=True)


def test_sable_dump_with_streams_loads_in_redis():
    sable = start_sable()
    try:
        c = sable.conn()
        fill(c)
        want = snapshot(c)
        assert c.cmd("SAVE") == b"+OK\r\n"
        redis = start_redis(["--dir", sable.workdir, "--dbfilename", "dump.rdb"])
        try:
            compare(want, snapshot(redis.conn()), "Sable SAVE -> Redis load")
        finally:
            redis.stop()
    finally:
        assert sable.stop() == 0
        shutil.rmtree(sable.workdir, ignore_errors=True)


def test_debug_reload_keeps_streams():
    sable = start_sable()
    try:
        c = sable.conn()
        fill(c)
        want = snapshot(c)
        assert c.cmd("DEBUG", "RELOAD") == b"+OK\r\n"
        compare(want, snapshot(c), "DEBUG RELOAD")
    finally:
        assert sable.stop() == 0
        shutil.rmtree(sable.workdir, ignore_errors=True)


def test_small_nodes_round_trip():
    # Many small listpack nodes (stream-node-max-entries 4) in Redis's file.
    redis = start_redis(["--stream-node-max-entries", "4"])
    try:
        c = redis.conn()
        fill(c)
        want = snapshot(c)
        assert c.cmd("SAVE") == b"+OK\r\n"
        sable = start_sable(["--dir", redis.workdir])
        try:
            compare(want, snapshot(sable.conn()), "Redis (small nodes) SAVE -> Sable load")
        finally:
            assert sable.stop() == 0
    finally:
        redis.stop()
        shutil.rmtree(redis.workdir, ignore_errors=True)


if __name__ == "__main__":
    tests = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_") and callable(f)]
    only = sys.argv[1:]
    passed = failed = 0
    for name, fn in tests:
        if only and name not in only:
            continue
        try:
            fn()
            passed += 1
            print("ok   %s" % name)
        except Exception:
            import traceback
            failed += 1
            print("FAIL %s" % name)
            traceback.print_exc()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
