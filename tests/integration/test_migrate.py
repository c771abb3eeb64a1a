"""MIGRATE and RESTORE-ASKING, differential against redis-server 7.0.15.

Every MIGRATE runs twice: from Sable and from the Redis oracle, each to its own target (targets
come in identical pairs: plain redis-servers, redis-servers with requirepass and an ACL user, and
Sable targets), and the two replies must be byte-identical. Then the targets' contents and the
sources' remaining keys are compared. Covered: every type with and without TTL, large values
(written in several chunks), COPY, REPLACE and the relayed BUSYKEY, KEYS with missing keys and a
partial failure, destination databases, AUTH / AUTH2 and relayed auth errors, the syntax errors,
connection refused, a target that accepts but never answers (bounded timeout), the connection
cache (one connection on the target across MIGRATEs, a reconnect after the target dropped it,
closing after 10 idle seconds), COMMAND INFO / GETKEYS, SLOWLOG redaction. All on 127.0.0.1.
"""
import socket
import threading
import time

from harness import Conn, Servers, parse, run_tests, start_redis, start_sable

PASSWORD = "s3cret"


class MigrateServers(Servers):
    def __init__(self):
        super().__init__()
        # One target of each kind per source: "s" for MIGRATEs sent by Sable, "r" by Redis.
        self.targets = {}
        for side in ("s", "r"):
            self.targets["plain", side] = start_redis()
            self.targets["auth", side] = start_redis(["--requirepass", PASSWORD])
            self.targets["sable", side] = start_sable()
        for side in ("s", "r"):
            c = self.admin("auth", side)
            c.cmd("ACL", "SETUSER", "mig", "on", ">pw2", "~*", "+@all")
            c.close()

    def admin(self, kind, side):
        c = Conn(self.targets[kind, side].port)
        if kind == "auth":
            assert c.cmd("AUTH", PASSWORD) == b"+OK\r\n"
        return c

    def flush(self):
        super().flush()
        for (kind, side) in self.targets:
            c = self.admin(kind, side)
            c.cmd("FLUSHALL")
            c.close()

    def stop(self):
        rc = super().stop()
        for t in self.targets.values():
            r = t.stop()
            if r != 0 and isinstance(t.workdir, str) and "sable" in t.workdir:
                print("Sable target exit status %r:\n%s" % (r, t.log_tail()))
                rc = rc or r
        return rc


def src(s, side):
    return s.sable if side == "s" else s.redis


def mig(s, kind, *rest, port=None):
    """MIGRATE 127.0.0.1 <target port> rest… from both sources; the replies must match."""
    out = []
    for side in ("s", "r"):
        p = port if port is not None else s.targets[kind, side].port
        out.append(src(s, side).cmd("MIGRATE", "127.0.0.1", str(p), *rest))
    assert out[0] == out[1], (rest, out)
    return out[0]


def both_same(s, *args):
    return s.same(*args)


def targets_same(s, kind, *args, db=0):
    got = []
    for side in ("s", "r"):
        c = s.admin(kind, side)
        c.cmd("SELECT", str(db))
        got.append(c.cmd(*args))
        c.close()
    assert got[0] == got[1], (kind, args, got)
    return got[0]


def value_of(conn, key):
    t = parse(conn.cmd("TYPE", key))
    t = t.decode() if isinstance(t, bytes) else t
    reads = {"string": ("GET",), "list": ("LRANGE", "0", "-1"), "hash": ("HGETALL",),
             "set": ("SMEMBERS",), "zset": ("ZRANGE", "0", "-1", "WITHSCORES"),
             "stream": ("XRANGE", "-", "+")}
    if t == "none":
        return None
    v = parse(conn.cmd(reads[t][0], key, *reads[t][1:]))
    if t in ("hash", "set"):
        v = sorted(v)
    return (t, v)


def target_value(s, kind, side, key, db=0):
    c = s.admin(kind, side)
    c.cmd("SELECT", str(db))
    v = value_of(c, key)
    c.close()
    return v


def fill_types(s):
    cmds = [("SET", "str", "hello"), ("SET", "int", "12345"), ("SET", "raw", "x" * 300),
            ("RPUSH", "list", "a", "b", "c", "1"), ("HSET", "hash", "f1", "v1", "f2", "2"),
            ("SADD", "set", "a", "b", "c"), ("SADD", "intset", "1", "2", "3"),
            ("ZADD", "zset", "1", "a", "2.5", "b"),
            ("XADD", "stream", "1-1", "f", "v"), ("XADD", "stream", "2-1", "g", "w"),
            ("XGROUP", "CREATE", "stream", "grp", "0")]
    cmds.append(("RPUSH", "biglist") + tuple("e%d" % i for i in range(1000)))
    cmds.append(("HSET", "bighash") + tuple(x for i in range(500) for x in ("f%d" % i, "v%d" % i)))
    cmds.append(("ZADD", "bigzset") + tuple(x for i in range(500) for x in (str(i), "m%d" % i)))
    for c in cmds:
        s.same(*c)
    return sorted({c[2] if c[0] == "XGROUP" else c[1] for c in cmds})


def check_moved(s, kind, keys, db=0, copied=False):
    for k in keys:
        for side in ("s", "r"):
            left = value_of(src(s, side), k)
            assert (left is not None) == copied, (k, side, left)
        a, b = target_value(s, kind, "s", k, db), target_value(s, kind, "r", k, db)
        assert a == b and a is not None, (k, a, b)


def test_every_type_to_redis(s):
    keys = fill_types(s)
    expected = {k: value_of(s.redis, k) for k in keys}
    for k in keys:
        assert mig(s, "plain", k, "0", "5000") == b"+OK\r\n", k
    check_moved(s, "plain", keys)
    for k in keys:
        assert target_value(s, "plain", "s", k) == expected[k], k
    s.same("DBSIZE")


def test_every_type_to_sable(s):
    """Redis → Sable target and Sable → Sable target, compared with nothing lost."""
    keys = fill_types(s)
    expected = {k: value_of(s.redis, k) for k in keys}
    for k in keys:
        assert mig(s, "sable", k, "0", "5000") == b"+OK\r\n", k
    for k in keys:
        assert target_value(s, "sable", "s", k) == expected[k], k
        assert target_value(s, "sable", "r", k) == expected[k], k
    targets_same(s, "sable", "XINFO", "GROUPS", "stream")
    s.same("DBSIZE")


def test_ttl_is_transferred(s):
    s.same("SET", "k", "v", "PX", "100000")
    s.same("HSET", "h", "f", "v")
    s.same("PEXPIRE", "h", "50000")
    assert mig(s, "plain", "", "0", "5000", "KEYS", "k", "h") == b"+OK\r\n"
    for kind in ("plain",):
        for side in ("s", "r"):
            c = s.admin(kind, side)
            ttl_k, ttl_h = parse(c.cmd("PTTL", "k")), parse(c.cmd("PTTL", "h"))
            c.close()
            assert 90000 < ttl_k <= 100000, (side, ttl_k)
            assert 40000 < ttl_h <= 50000, (side, ttl_h)
    # To Sable targets too.
    s.same("SET", "k2", "v", "EX", "100")
    assert mig(s, "sable", "k2", "0", "5000") == b"+OK\r\n"
    for side in ("s", "r"):
        c = s.admin("sable", side)
        assert 90 < parse(c.cmd("TTL", "k2")) <= 100
        c.close()
    # No TTL stays no TTL.
    s.same("SET", "p", "v")
    assert mig(s, "plain", "p", "0", "5000") == b"+OK\r\n"
    targets_same(s, "plain", "PTTL", "p")


def test_large_values_span_several_writes(s):
    s.same("SET", "big", "z" * (1 << 20))
    s.same("RPUSH", "blist", *["item-%06d-%s" % (i, "y" * 40) for i in range(20000)])
    assert mig(s, "plain", "", "0", "10000", "KEYS", "big", "blist") == b"+OK\r\n"
    check_moved(s, "plain", ["big", "blist"])
    targets_same(s, "plain", "STRLEN", "big")
    targets_same(s, "plain", "LLEN", "blist")


def test_copy_keeps_the_source(s):
    s.same("SET", "k", "v")
    s.same("SADD", "st", "a", "b")
    assert mig(s, "plain", "k", "0", "5000", "COPY") == b"+OK\r\n"
    assert mig(s, "plain", "", "0", "5000", "COPY", "KEYS", "st") == b"+OK\r\n"
    check_moved(s, "plain", ["k", "st"], copied=True)
    s.same("GET", "k")


def test_busykey_and_replace(s):
    s.same("SET", "k", "new")
    for side in ("s", "r"):
        c = s.admin("plain", side)
        c.cmd("SET", "k", "old")
        c.close()
    reply = mig(s, "plain", "k", "0", "5000")
    assert reply == b"-ERR Target instance replied with error: BUSYKEY Target key name already " \
                    b"exists.\r\n", reply
    s.same("GET", "k")  # kept on the source
    targets_same(s, "plain", "GET", "k")
    # COPY alone does not replace either.
    mig(s, "plain", "k", "0", "5000", "COPY")
    assert mig(s, "plain", "k", "0", "5000", "REPLACE") == b"+OK\r\n"
    s.same("EXISTS", "k")
    assert targets_same(s, "plain", "GET", "k") == b"$3\r\nnew\r\n"
    # Both options together; the same against a Sable target.
    s.same("SET", "k", "newer")
    assert mig(s, "plain", "k", "0", "5000", "COPY", "REPLACE") == b"+OK\r\n"
    s.same("GET", "k")
    targets_same(s, "plain", "GET", "k")
    for side in ("s", "r"):
        c = s.admin("sable", side)
        c.cmd("SET", "k", "old")
        c.close()
    mig(s, "sable", "k", "0", "5000")
    assert mig(s, "sable", "k", "0", "5000", "REPLACE") == b"+OK\r\n"
    targets_same(s, "sable", "GET", "k")


def test_keys_option(s):
    s.same("MSET", "a", "1", "b", "2", "c", "3")
    assert mig(s, "plain", "", "0", "5000", "KEYS", "a", "missing", "b") == b"+OK\r\n"
    check_moved(s, "plain", ["a", "b"])
    s.same("EXISTS", "c")
    assert mig(s, "plain", "", "0", "5000", "KEYS", "nope1", "nope2") == b"+NOKEY\r\n"
    assert mig(s, "plain", "nope", "0", "5000") == b"+NOKEY\r\n"
    # One key refused by the target: the others move, the refused one stays, the error is relayed.
    s.same("MSET", "x", "1", "y", "2", "z", "3")
    for side in ("s", "r"):
        c = s.admin("plain", side)
        c.cmd("SET", "y", "there")
        c.close()
    reply = mig(s, "plain", "", "0", "5000", "KEYS", "x", "y", "z")
    assert reply.startswith(b"-ERR Target instance replied with error: BUSYKEY"), reply
    for k in ("x", "y", "z"):
        s.same("EXISTS", k)
        targets_same(s, "plain", "GET", k)
    # A key named twice.
    s.same("SET", "d", "1")
    mig(s, "plain", "", "0", "5000", "REPLACE", "KEYS", "d", "d")
    s.same("EXISTS", "d")
    targets_same(s, "plain", "GET", "d")


def test_destination_db(s):
    s.same("MSET", "a", "1", "b", "2", "c", "3", "d", "4")
    assert mig(s, "plain", "a", "3", "5000") == b"+OK\r\n"
    assert targets_same(s, "plain", "GET", "a", db=3) == b"$1\r\n1\r\n"
    assert mig(s, "plain", "b", "3", "5000") == b"+OK\r\n"  # no SELECT needed: still db 3
    assert targets_same(s, "plain", "GET", "b", db=3) == b"$1\r\n2\r\n"
    reply = mig(s, "plain", "c", "99", "5000")
    assert reply == b"-ERR Target instance replied with error: ERR DB index is out of range\r\n"
    s.same("EXISTS", "c")
    assert mig(s, "plain", "c", "5", "5000") == b"+OK\r\n"
    assert targets_same(s, "plain", "GET", "c", db=5) == b"$1\r\n3\r\n"
    assert mig(s, "sable", "d", "7", "5000") == b"+OK\r\n"
    assert targets_same(s, "sable", "GET", "d", db=7) == b"$1\r\n4\r\n"
    mig(s, "sable", "d", "16", "5000")


def test_syntax_errors(s):
    s.same("SET", "k", "v")
    bad = [("k", "0", "1000", "foo"), ("k", "0", "1000", "AUTH"), ("k", "0", "1000", "AUTH2", "u"),
           ("k", "0", "1000", "KEYS", "a"), ("k", "0", "1000", "COPY", "KEYS"),
           ("k", "x", "1000"), ("k", "0", "x"), ("k", "0", "1000", "foo", "KEYS", "a"),
           ("", "0", "1000", "KEYS", "a", "COPY"), ("k", "1.5", "1000"), ("k", "0", "")]
    for args in bad:
        mig(s, "plain", *args)
    s.same("MIGRATE", "127.0.0.1", "1", "k", "0")
    s.same("GET", "k")
    # "" with KEYS and no keys at all.
    assert mig(s, "plain", "", "0", "1000", "KEYS") == b"+NOKEY\r\n"


def test_auth_and_auth2(s):
    s.same("MSET", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5")
    reply = mig(s, "auth", "a", "0", "5000")
    assert reply.startswith(b"-ERR Target instance replied with error: NOAUTH"), reply
    reply = mig(s, "auth", "a", "0", "5000", "AUTH", "wrong")
    assert reply.startswith(b"-ERR Target instance replied with error: WRONGPASS"), reply
    s.same("EXISTS", "a")
    assert mig(s, "auth", "a", "0", "5000", "AUTH", PASSWORD) == b"+OK\r\n"
    assert mig(s, "auth", "b", "0", "5000", "AUTH2", "mig", "pw2") == b"+OK\r\n"
    reply = mig(s, "auth", "c", "0", "5000", "AUTH2", "mig", "nope")
    assert reply.startswith(b"-ERR Target instance replied with error: WRONGPASS"), reply
    reply = mig(s, "auth", "c", "0", "5000", "AUTH2", "nobody", "pw2")
    assert reply.startswith(b"-ERR Target instance replied with error: WRONGPASS"), reply
    # (A failed AUTH leaves the connection authenticated as before, so "c" did reach the target.)
    assert mig(s, "auth", "", "0", "5000", "COPY", "REPLACE", "AUTH", PASSWORD, "KEYS", "c",
               "d") == b"+OK\r\n"
    check_moved(s, "auth", ["a", "b"])
    check_moved(s, "auth", ["c", "d"], copied=True)
    # AUTH to a target without a password is an error relayed from it.
    reply = mig(s, "plain", "e", "0", "5000", "AUTH", "x")
    assert reply.startswith(b"-ERR Target instance replied with error: ERR AUTH"), reply
    s.same("EXISTS", "e")


class SilentListener:
    """Accepts connections and reads, never answers."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.stop_flag = False
        self.sock.settimeout(0.2)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        deadline = time.time() + 60
        while not self.stop_flag and time.time() < deadline:
            try:
                c, _ = self.sock.accept()
                c.setblocking(False)
                self.conns.append(c)
            except socket.timeout:
                pass
            for c in self.conns:
                try:
                    c.recv(1 << 20)
                except (BlockingIOError, OSError):
                    pass

    def close(self):
        self.stop_flag = True
        self.thread.join(5)
        for c in self.conns:
            c.close()
        self.sock.close()


def test_timeout_on_a_silent_target(s):
    s.same("SET", "k", "v")
    lst = SilentListener()
    try:
        for timeout in ("300", "150"):
            t0 = time.time()
            reply = mig(s, "plain", "k", "0", timeout, port=lst.port)
            took = time.time() - t0
            assert reply == b"-IOERR error or timeout reading to target instance\r\n", reply
            assert took < 5, took  # two bounded waits (one per source), no retry after a timeout
        s.same("GET", "k")
    finally:
        lst.close()


def errorstats(conn):
    return sorted(l for l in conn.cmd("INFO", "errorstats").decode().split("\r\n")
                  if l.startswith("errorstat_"))


def test_connection_errors(s):
    s.same("CONFIG", "RESETSTAT")
    s.same("SET", "k", "v")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    assert mig(s, "plain", "k", "0", "500", port=port) == \
        b"-IOERR error or timeout writing to target instance\r\n"
    # A host that does not resolve (the empty name: no DNS query is made).
    for side in ("s", "r"):
        reply = src(s, side).cmd("MIGRATE", "", "1", "k", "0", "500")
        assert reply == b"-IOERR error or timeout connecting to the client\r\n", reply
    # A port that is not a number is read as 0 (which refuses), as Redis's atoi does.
    for side in ("s", "r"):
        reply = src(s, side).cmd("MIGRATE", "127.0.0.1", "abc", "k", "0", "500")
        assert reply == b"-IOERR error or timeout writing to target instance\r\n", reply
    s.same("GET", "k")
    # Counted under their own code, IOERR.
    assert errorstats(s.sable) == errorstats(s.redis), (errorstats(s.sable), errorstats(s.redis))
    assert "errorstat_IOERR:count=3" in errorstats(s.sable), errorstats(s.sable)


def migrate_clients(s, kind, side):
    """Connections on a target other than the one asking."""
    c = s.admin(kind, side)
    me = parse(c.cmd("CLIENT", "ID"))
    lines = parse(c.cmd("CLIENT", "LIST")).decode().splitlines()
    c.close()
    return [l for l in lines if not l.startswith("id=%d " % me)]


def cached(conn):
    info = conn.cmd("INFO", "stats").decode()
    return int(info.split("migrate_cached_sockets:")[1].split("\r\n")[0])


def test_connection_is_cached_and_reused(s):
    s.same("MSET", "a", "1", "b", "2", "c", "3", "d", "4")
    for k in ("a", "b", "c"):
        assert mig(s, "plain", k, "0", "5000") == b"+OK\r\n"
    for side in ("s", "r"):
        others = migrate_clients(s, "plain", side)
        assert len(others) == 1, (side, others)
        assert "cmd=restore" in others[0], others
    assert cached(s.sable) >= 1 and cached(s.redis) >= 1
    # The target drops the connection: the next MIGRATE reconnects (one retry) and succeeds.
    for side in ("s", "r"):
        c = s.admin("plain", side)
        victim = migrate_clients(s, "plain", side)[0].split()[0].split("=")[1]
        assert c.cmd("CLIENT", "KILL", "ID", victim) == b":1\r\n"
        c.close()
    time.sleep(0.1)
    assert mig(s, "plain", "d", "0", "5000") == b"+OK\r\n"
    check_moved(s, "plain", ["a", "b", "c", "d"])
    for side in ("s", "r"):
        assert len(migrate_clients(s, "plain", side)) == 1


def test_idle_connections_are_closed(s):
    """Redis closes a cached connection idle more than 10 s (checked once a second)."""
    s.same("SET", "k", "v")
    # Another target than the other tests use, so its connection is fresh.
    assert mig(s, "sable", "k", "0", "5000") == b"+OK\r\n"
    assert cached(s.sable) >= 1 and cached(s.redis) >= 1
    t0 = time.time()
    gone = {}
    while time.time() - t0 < 25 and len(gone) < 2:
        for side in ("s", "r"):
            if side not in gone and not migrate_clients(s, "sable", side):
                gone[side] = time.time() - t0
        time.sleep(0.25)
    assert set(gone) == {"s", "r"}, gone
    # Closed after more than 10 s idle, within a couple of seconds of Redis.
    assert 9.5 < gone["s"] < 14, gone
    assert abs(gone["s"] - gone["r"]) < 2.5, gone
    # Every other cached connection was idle longer still: none is left on either source.
    t0 = time.time()
    while time.time() - t0 < 3 and (cached(s.sable) or cached(s.redis)):
        time.sleep(0.2)
    assert cached(s.sable) == cached(s.redis) == 0


def test_command_introspection(s):
    s.same("COMMAND", "INFO", "migrate", "restore-asking")
    getkeys = [("k", "0", "0"), ("", "0", "0", "KEYS", "a", "b"), ("", "0", "0", "KEYS"),
               ("x", "0", "0", "KEYS", "a", "b"), ("", "0", "0", "AUTH", "keys", "a", "b"),
               ("", "0", "0", "COPY"), ("", "0", "0", "AUTH2", "keys", "keys", "KEYS", "z"),
               ("", "0", "0", "AUTH"), ("", "0", "0", "foo", "KEYS", "q"),
               ("x", "0", "0", "foo", "KEYS", "q"), ("", "0", "0", "KEYS", "a", "KEYS", "b"),
               ("KEYS", "0", "0", "COPY"), ("x", "0")]
    for args in getkeys:
        s.same("COMMAND", "GETKEYS", "MIGRATE", "h", "p", *args)
        s.same("COMMAND", "GETKEYSANDFLAGS", "MIGRATE", "h", "p", *args)
    s.same("COMMAND", "GETKEYS", "RESTORE-ASKING", "k", "0", "x")


def test_restore_asking_is_restore(s):
    s.same("SET", "k", "v")
    s.same("SADD", "st", "a", "b")
    dumps = {k: parse(s.redis.cmd("DUMP", k)) for k in ("k", "st")}
    for k, d in dumps.items():
        s.same("RESTORE-ASKING", k + "2", "0", d)
        s.same("RESTORE-ASKING", k + "2", "0", d)
        s.same("RESTORE-ASKING", k + "2", "5000", d, "REPLACE")
        s.same("RESTORE-ASKING", k + "3", "0", d, "ABSTTL", "IDLETIME", "5")
        s.same("RESTORE-ASKING", k + "3", "0", d, "BADOPT")
        s.same("RESTORE-ASKING", k + "4", "0", "garbage")
    s.same_sorted("SMEMBERS", "st2")
    s.same("GET", "k2")
    assert 0 < parse(s.sable.cmd("PTTL", "k2")) <= 5000


def test_slowlog_redacts_passwords(s):
    s.same("CONFIG", "SET", "slowlog-log-slower-than", "0")
    try:
        s.same("SET", "k", "v")
        s.same("SLOWLOG", "RESET")
        forms = [("k", "0", "100", "AUTH", "secretA"),
                 ("k", "0", "100", "COPY", "AUTH2", "userB", "secretB"),
                 ("", "0", "100", "AUTH", "secretC", "KEYS", "AUTH", "k"),
                 ("k", "0", "100", "bogus", "AUTH", "visible"),
                 ("k", "0", "100", "AUTH2", "only")]
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()
        for f in forms:
            s.both("MIGRATE", "127.0.0.1", str(port), *f)
        a, b = s.both("SLOWLOG", "GET", "-1")
        ea, eb = [e[3] for e in parse(a)], [e[3] for e in parse(b)]
        assert ea == eb, (ea, eb)
        assert not any(b"secret" in x for e in ea for x in e), ea
    finally:
        s.same("CONFIG", "SET", "slowlog-log-slower-than", "10000")


def test_in_multi(s):
    s.same("SET", "k", "v")
    s.same("MULTI")
    for side in ("s", "r"):
        assert src(s, side).cmd("MIGRATE", "127.0.0.1", str(s.targets["plain", side].port), "k",
                                "0", "5000") == b"+QUEUED\r\n"
    s.same("GET", "k")
    assert s.same("EXEC") == b"*2\r\n+OK\r\n$-1\r\n"


def incr_aof(server):
    import glob
    import os
    files = sorted(glob.glob(os.path.join(server.workdir, "appendonlydir", "*.incr.aof")))
    assert files, server.workdir
    with open(files[-1], "rb") as f:
        return f.read()


def test_aof_logs_the_moved_keys_as_del(s):
    """Redis rewrites a MIGRATE as DEL of the keys the target acknowledged (none under COPY)."""
    for c in (s.sable, s.redis):
        assert c.cmd("CONFIG", "SET", "appendonly", "yes") == b"+OK\r\n"
    try:
        for c in (s.sable, s.redis):
            t0 = time.time()
            while time.time() - t0 < 10 and b"aof_rewrite_in_progress:0" not in c.cmd("INFO",
                                                                                      "persistence"):
                time.sleep(0.1)
        s.same("MSET", "a", "1", "b", "2", "c", "3")
        assert mig(s, "plain", "", "0", "5000", "KEYS", "a", "nokey", "b") == b"+OK\r\n"
        assert mig(s, "plain", "c", "0", "5000", "COPY") == b"+OK\r\n"
        assert mig(s, "plain", "c", "0", "5000") == b"-ERR Target instance replied with error: " \
                                                    b"BUSYKEY Target key name already exists.\r\n"
        s.same("SET", "end", "x")
        tails = []
        for srv in (s.sable_server, s.redis_server):
            data = incr_aof(srv)
            tails.append(data[data.index(b"MSET"):])
        assert tails[0] == tails[1], tails
        assert b"*3\r\n$3\r\nDEL\r\n$1\r\na\r\n$1\r\nb\r\n" in tails[0], tails[0]
    finally:
        for c in (s.sable, s.redis):
            c.cmd("CONFIG", "SET", "appendonly", "no")


class FakeTargets:
    """Loopback listeners on `n` ports answering `reply` to every request (+OK: enough for
    MIGRATE COPY)."""

    def __init__(self, n, reply=b"+OK\r\n"):
        self.reply = reply
        import selectors
        self.sel = selectors.DefaultSelector()
        self.listeners = []
        for _ in range(n):
            l = socket.socket()
            l.bind(("127.0.0.1", 0))
            l.listen(8)
            l.setblocking(False)
            self.sel.register(l, selectors.EVENT_READ, None)
            self.listeners.append(l)
        self.ports = [l.getsockname()[1] for l in self.listeners]
        self.buffers = {}
        self.stop_flag = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    @staticmethod
    def requests(buf):
        """Counts the complete requests at the start of buf; returns (count, bytes used)."""
        n, pos = 0, 0
        while True:
            end = buf.find(b"\r\n", pos)
            if end < 0 or buf[pos:pos + 1] != b"*":
                return n, pos
            argc, p = int(buf[pos + 1:end]), end + 2
            for _ in range(argc):
                e = buf.find(b"\r\n", p)
                if e < 0:
                    return n, pos
                p = e + 2 + int(buf[p + 1:e]) + 2
                if p > len(buf):
                    return n, pos
            n, pos = n + 1, p

    def run(self):
        deadline = time.time() + 120
        while not self.stop_flag and time.time() < deadline:
            for key, _ in self.sel.select(0.1):
                sock = key.fileobj
                if sock in self.listeners:
                    c, _ = sock.accept()
                    c.setblocking(True)
                    self.buffers[c] = b""
                    import selectors
                    self.sel.register(c, selectors.EVENT_READ, None)
                    continue
                try:
                    data = sock.recv(1 << 16)
                except OSError:
                    data = b""
                if not data:
                    self.sel.unregister(sock)
                    sock.close()
                    del self.buffers[sock]
                    continue
                self.buffers[sock] += data
                n, used = self.requests(self.buffers[sock])
                self.buffers[sock] = self.buffers[sock][used:]
                if n:
                    sock.sendall(self.reply * n)

    def close(self):
        self.stop_flag = True
        self.thread.join(5)
        for c in list(self.buffers):
            c.close()
        for l in self.listeners:
            l.close()


def test_at_most_64_cached_connections(s):
    s.same("SET", "k", "v")
    fake = FakeTargets(66)
    try:
        for p in fake.ports:
            assert mig(s, "plain", "k", "0", "2000", "COPY", port=p) == b"+OK\r\n"
        # Other cached connections (to the real targets) may be left from earlier tests: the
        # count is capped all the same.
        assert cached(s.sable) == cached(s.redis) == 64
        s.same("GET", "k")
    finally:
        fake.close()


def test_moved_keys_signal_watchers_and_events(s):
    s.same("CONFIG", "SET", "notify-keyspace-events", "Eg")
    subs = []
    try:
        for srv in (s.sable_server, s.redis_server):
            c = srv.conn()
            c.cmd("SUBSCRIBE", "__keyevent@0__:del")
            subs.append(c)
        s.same("MSET", "a", "1", "b", "2", "w", "3")
        s.same("WATCH", "w")
        for side in ("s", "r"):
            other = (s.sable_server if side == "s" else s.redis_server).conn()
            assert other.cmd("MIGRATE", "127.0.0.1", str(s.targets["plain", side].port), "", "0",
                             "5000", "KEYS", "a", "w", "b") == b"+OK\r\n"
            other.close()
        s.same("MULTI")
        s.same("SET", "w", "again")
        assert s.same("EXEC") == b"*-1\r\n"  # the watched key moved away
        got = [[parse(c.read_reply())[2] for _ in range(3)] for c in subs]
        assert got[0] == got[1] == [b"a", b"w", b"b"], got
    finally:
        for c in subs:
            c.close()
        s.same("CONFIG", "SET", "notify-keyspace-events", "")


def test_redis_py_migrate(s):
    """redis-py's Redis.migrate (always the KEYS form) from Sable to Redis and back."""
    import redis
    sable = redis.Redis(host="127.0.0.1", port=s.sable_server.port)
    target = redis.Redis(host="127.0.0.1", port=s.targets["auth", "s"].port, password=PASSWORD)
    try:
        sable.mset({"p1": "1", "p2": "2"})
        assert sable.migrate("127.0.0.1", s.targets["auth", "s"].port, ["p1", "p2"], 2, 5000,
                             auth=PASSWORD) == b"OK"
        assert sable.exists("p1", "p2") == 0
        t2 = redis.Redis(host="127.0.0.1", port=s.targets["auth", "s"].port, password=PASSWORD, db=2)
        assert t2.mget("p1", "p2") == [b"1", b"2"]
        assert t2.migrate("127.0.0.1", s.sable_server.port, ["p1"], 0, 5000, copy=True) == b"OK"
        assert sable.get("p1") == b"1" and t2.get("p1") == b"1"
        assert sable.migrate("127.0.0.1", s.targets["auth", "s"].port, ["nothing"], 0,
                             5000) == b"NOKEY"
        t2.close()
    finally:
        sable.close()
        target.close()


def test_odd_reply_lines(s):
    """Lines cut at 1023 bytes, a CR at the cut, an empty line: read as Redis reads them."""
    s.same("MSET", "k", "v", "k2", "v2")
    odd = [b"-ERR " + b"x" * 1500 + b"\r\n", b"-" + b"y" * 1021 + b"\r\n",
           b"-" + b"z" * 1022 + b"\r\n", b"+\r\n", b"\n", b"+FINE\n", b"-ERR a\rb\r\n"]
    for reply in odd:
        fake = FakeTargets(1, reply)
        try:
            mig(s, "plain", "k", "0", "500", "COPY", port=fake.ports[0])
            mig(s, "plain", "", "0", "500", "COPY", "KEYS", "k", "k2", port=fake.ports[0])
            mig(s, "plain", "k", "0", "500", "COPY", "AUTH", "pw", port=fake.ports[0])
        finally:
            fake.close()
    s.same("MGET", "k", "k2")


if __name__ == "__main__":
    run_tests(globals(), servers_factory=MigrateServers)
