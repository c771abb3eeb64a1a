"""Transactions: MULTI/EXEC/DISCARD/WATCH against redis-server, byte for byte, plus redis-py."""
import threading

from harness import run_tests, start_sable


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


if __name__ == "__main__":
    run_tests(globals())
