"""Transactions: MULTI/EXEC/DISCARD/WATCH against redis-server, byte for byte, plus redis-py."""
import threading

import time

from harness import Servers, run_tests, start_sable

# DEBUG SET-ACTIVE-EXPIRE on the oracle (Sable always allows DEBUG).
REDIS_DEBUG_ARGS = ("--enable-debug-command", "yes")


def test_basic_exec(s):
    s.same("MULTI")
    s.same("SET", "a", "1")
    s.same("INCR", "a")
    s.same("GET", "a")
    s.same("EXEC")
    s.same("GET", "a")


def test_errors_outside_multi(s):
    s.same("EXEC")
    s.same("DISCARD")
    s.same("UNWATCH")


def test_nested_multi_and_watch_inside(s):
    s.same("MULTI")
    s.same("MULTI")
    s.same("WATCH", "x")
    s.same("SET", "k", "v")
    s.same("EXEC")


def test_queue_errors_abort(s):
    s.same("MULTI")
    s.same("SET", "k", "v")
    s.same("NOSUCHCMD", "x")
    s.same("GET")
    s.same("EXEC")
    s.same("GET", "k")


def test_runtime_error_only_fails_that_command(s):
    s.same("SET", "str", "abc")
    s.same("MULTI")
    s.same("INCR", "str")
    s.same("SET", "other", "1")
    s.same("EXEC")
    s.same("GET", "other")


def test_discard(s):
    s.same("MULTI")
    s.same("SET", "k", "v")
    s.same("DISCARD")
    s.same("GET", "k")
    s.same("EXEC")


def test_watch_same_client_write(s):
    s.same("WATCH", "w")
    s.same("SET", "w", "1")
    s.same("MULTI")
    s.same("GET", "w")
    s.same("EXEC")


def test_watch_other_client_write(s):
    for srv, c in ((s.sable_server, s.sable), (s.redis_server, s.redis)):
        other = srv.conn()
        assert c.cmd("WATCH", "w") == b"+OK\r\n"
        other.cmd("SET", "w", "x")
        c.cmd("MULTI")
        c.cmd("GET", "w")
        assert c.cmd("EXEC") == b"*-1\r\n"
        other.close()


def test_watch_untouched_key_succeeds(s):
    s.same("WATCH", "w", "w2")
    s.same("SET", "unrelated", "1")
    s.same("MULTI")
    s.same("SET", "w", "2")
    s.same("EXEC")


def test_watch_expired_key(s):
    s.same("SET", "t", "1", "PX", "30")
    s.same("WATCH", "t")
    import time
    time.sleep(0.1)
    s.same("MULTI")
    s.same("GET", "x")
    s.same("EXEC")


def test_watch_flushall_existing_and_missing(s):
    s.same("SET", "present", "1")
    s.same("WATCH", "present")
    s.same("FLUSHALL")
    s.same("MULTI")
    s.same("PING")
    s.same("EXEC")
    s.same("WATCH", "absent")
    s.same("FLUSHDB")
    s.same("MULTI")
    s.same("PING")
    s.same("EXEC")


def test_unwatch(s):
    s.same("WATCH", "w")
    s.same("SET", "w", "1")
    s.same("UNWATCH")
    s.same("MULTI")
    s.same("GET", "w")
    s.same("EXEC")


def test_exec_arity_and_multi_arity(s):
    s.same("MULTI", "x")
    s.same("EXEC", "x")
    s.same("WATCH")


def test_redis_py_pipeline_with_watch_race(s):
    import redis
    r = redis.Redis(port=s.sable_server.port)
    r.set("counter", 0)
    # Two threads each increment with optimistic locking; retries make the total exact.
    def worker():
        for _ in range(50):
            with r.pipeline(transaction=True) as p:
                while True:
                    try:
                        p.watch("counter")
                        v = int(p.get("counter"))
                        p.multi()
                        p.set("counter", v + 1)
                        p.execute()
                        break
                    except redis.WatchError:
                        continue
    ts = [threading.Thread(target=worker) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    assert int(r.get("counter")) == 100
    with r.pipeline(transaction=True) as p:
        p.set("a", 1).incr("a").get("a")
        assert p.execute() == [True, 2, b"2"]


def make_stale(s, key, db=None):
    """Stores `key` with a 1 ms TTL on both servers and waits until it is logically expired
    (active expiry must be off so the key stays stored)."""
    s.same("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    if db is not None:
        s.same("SELECT", str(db))
    s.same("SET", key, "foo", "PX", "1")
    time.sleep(0.01)


def exec_ping(s):
    s.same("MULTI")
    s.same("PING")
    return s.same("EXEC")


def test_stale_watched_key_deleted_lazily(s):
    make_stale(s, "x")
    s.same("WATCH", "x")
    s.same("EXISTS", "x")  # deletes the stale key: logically no change
    assert exec_ping(s) == b"*1\r\n+PONG\r\n"
    # The stale mark is gone once the key is deleted: re-creating the key touches it.
    make_stale(s, "y")
    s.same("WATCH", "y")
    s.same("DEL", "y")
    s.same("SET", "y", "again")
    assert exec_ping(s) == b"*-1\r\n"
    s.same("DEBUG", "SET-ACTIVE-EXPIRE", "1")


def test_stale_watched_key_flushdb(s):
    make_stale(s, "x")
    s.same("WATCH", "x")
    s.same("FLUSHDB")
    assert exec_ping(s) == b"*1\r\n+PONG\r\n"
    make_stale(s, "x")
    s.same("WATCH", "x")
    s.same("FLUSHALL")
    exec_ping(s)
    s.same("DEBUG", "SET-ACTIVE-EXPIRE", "1")


def test_stale_watched_key_swapdb(s):
    # A stale key swapped for nothing.
    make_stale(s, "x", db=1)
    s.same("WATCH", "x")
    s.same("SWAPDB", "0", "1")
    assert exec_ping(s) == b"*1\r\n+PONG\r\n"
    # Nothing swapped for a stale key.
    s.same("FLUSHALL")
    make_stale(s, "x", db=0)
    s.same("SELECT", "1")
    s.same("WATCH", "x")
    s.same("SWAPDB", "0", "1")
    assert exec_ping(s) == b"*1\r\n+PONG\r\n"
    # A stale key swapped for another stale key.
    s.same("FLUSHALL")
    make_stale(s, "x", db=1)
    make_stale(s, "x", db=0)
    s.same("SELECT", "1")
    s.same("WATCH", "x")
    s.same("SWAPDB", "0", "1")
    assert exec_ping(s) == b"*1\r\n+PONG\r\n"
    # A stale key swapped for a live one is a change.
    s.same("FLUSHALL")
    make_stale(s, "x", db=1)
    s.same("SELECT", "0")
    s.same("SET", "x", "live")
    s.same("SELECT", "1")
    s.same("WATCH", "x")
    s.same("SWAPDB", "0", "1")
    assert exec_ping(s) == b"*-1\r\n"
    s.same("SELECT", "0")
    s.same("DEBUG", "SET-ACTIVE-EXPIRE", "1")


def test_watched_live_key_expiring_fails_exec(s):
    s.same("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    s.same("SET", "x", "foo", "PX", "30")
    s.same("WATCH", "x")
    time.sleep(0.06)
    s.same("EXISTS", "x")
    assert exec_ping(s) == b"*-1\r\n"
    s.same("DEBUG", "SET-ACTIVE-EXPIRE", "1")


def with_other(s, fn):
    """Runs fn(conn, other) against each server, returning both results."""
    out = []
    for srv, c in ((s.sable_server, s.sable), (s.redis_server, s.redis)):
        other = srv.conn()
        try:
            out.append(fn(c, other))
        finally:
            other.close()
    return out


def test_exec_under_oom(s):
    def run(c, other):
        replies = []
        c.cmd("SET", "x", "value")
        # Only reads: EXEC runs even over maxmemory.
        c.cmd("MULTI")
        c.cmd("GET", "x")
        c.cmd("PING")
        other.cmd("CONFIG", "SET", "maxmemory", "1")
        replies.append(c.cmd("EXEC"))
        # Queueing is refused over maxmemory, even for reads; DISCARD still works.
        c.cmd("MULTI")
        replies.append(c.cmd("GET", "x"))
        replies.append(c.cmd("DISCARD"))
        other.cmd("CONFIG", "SET", "maxmemory", "0")
        # A transaction holding a command that uses memory is refused as a whole.
        c.cmd("MULTI")
        c.cmd("SET", "x", "1")
        c.cmd("GET", "x")
        other.cmd("CONFIG", "SET", "maxmemory", "1")
        replies.append(c.cmd("EXEC"))
        other.cmd("CONFIG", "SET", "maxmemory", "0")
        replies.append(c.cmd("GET", "x"))
        return replies
    a, b = with_other(s, run)
    assert a == b, (a, b)


def test_min_replicas_to_write(s):
    s.same("CONFIG", "GET", "min-replicas-to-write")
    s.same("CONFIG", "GET", "min-slaves-max-lag")
    s.same("SET", "xx", "1")

    def run(c, other):
        replies = []
        c.cmd("MULTI")
        c.cmd("INCR", "xx")
        other.cmd("CONFIG", "SET", "min-replicas-to-write", "2")
        replies.append(c.cmd("EXEC"))
        replies.append(c.cmd("SET", "xx", "2"))
        replies.append(c.cmd("GET", "xx"))
        c.cmd("MULTI")
        c.cmd("GET", "xx")
        replies.append(c.cmd("EXEC"))
        other.cmd("CONFIG", "SET", "min-replicas-max-lag", "0")
        replies.append(c.cmd("SET", "xx", "3"))
        other.cmd("CONFIG", "SET", "min-replicas-max-lag", "10")
        other.cmd("CONFIG", "SET", "min-replicas-to-write", "0")
        replies.append(c.cmd("INCR", "xx"))
        return replies
    a, b = with_other(s, run)
    assert a == b, (a, b)


if __name__ == "__main__":
    run_tests(globals(), lambda: Servers(redis_args=REDIS_DEBUG_ARGS))
