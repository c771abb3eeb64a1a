"""Per-client input memory: CLIENT LIST qbuf/qbuf-free, the query buffer shrinking on idle and
after a large request (as Redis's client cron does), and a many-argument request not pinning
memory after it ran. Sable and redis-server must show the same shape (the byte counts differ
with the allocator)."""
import re
import time

from harness import run_tests

READ_CHUNK = 16 * 1024  # Redis's PROTO_IOBUF_LEN
RESIZE_THRESHOLD = 32 * 1024  # PROTO_RESIZE_THRESHOLD


def client_line(conn, name):
    for line in conn.cmd("CLIENT", "LIST").decode().split("\n"):
        if "name=%s " % name in line:
            return line
    raise AssertionError("no client named %s" % name)


def query_buffer(conn, name):
    line = client_line(conn, name)
    qbuf = int(re.search(r" qbuf=(\d+)", line).group(1))
    free = int(re.search(r" qbuf-free=(\d+)", line).group(1))
    return qbuf + free


def idle_seconds(conn, name):
    return int(re.search(r" idle=(\d+)", client_line(conn, name)).group(1))


def on_both(s, fn):
    out = [fn(srv, c) for srv, c in ((s.sable_server, s.sable), (s.redis_server, s.redis))]
    assert out[0] == out[1], "sable: %r\nredis: %r" % (out[0], out[1])


def test_idle_query_buffer_is_freed(s):
    def run(srv, c):
        seen = []
        t = srv.conn()
        t.cmd("CLIENT", "SETNAME", "idle_client")
        size = query_buffer(c, "idle_client")
        seen.append(READ_CHUNK <= size < RESIZE_THRESHOLD)
        deadline = time.time() + 6
        while time.time() < deadline:
            if idle_seconds(c, "idle_client") >= 3 and query_buffer(c, "idle_client") == 0:
                break
            time.sleep(0.05)
        seen.append(query_buffer(c, "idle_client"))
        # The buffer comes back with the next request.
        seen.append(t.cmd("PING"))
        t.close()
        return seen
    on_both(s, run)


def test_large_query_buffer_shrinks_to_recent_peak(s):
    def run(srv, c):
        seen = []
        t = srv.conn()
        t.cmd("CLIENT", "SETNAME", "busy_client")
        t.cmd("SET", "x", "A" * 400000)
        big = query_buffer(c, "busy_client")
        seen.append(big > RESIZE_THRESHOLD)
        deadline = time.time() + 2
        while time.time() < deadline:
            t.cmd("SET", "x", "A" * 100)
            if query_buffer(c, "busy_client") < big:
                break
            time.sleep(0.01)
        now = query_buffer(c, "busy_client")
        seen.append(0 < now < big)
        seen.append(t.cmd("STRLEN", "x"))
        t.close()
        return seen
    on_both(s, run)


def used_memory(conn):
    raw = conn.cmd("INFO", "memory").decode()
    return int(re.search(r"used_memory:(\d+)", raw).group(1))


def test_many_arguments_do_not_pin_memory(s):
    def run(srv, c):
        t = srv.conn()
        t.cmd("PING")
        before = used_memory(c)
        keys = [str(i) for i in range(100000)]
        t.cmd("SADD", "myset", *keys)
        peak = used_memory(c)
        t.cmd("UNLINK", "myset")
        t.cmd("DEL", *keys)
        deadline = time.time() + 3
        while time.time() < deadline and used_memory(c) > before + 1000000:
            time.sleep(0.05)
        after = used_memory(c)
        t.close()
        return [peak > before + 1000000, after < before + 1000000]
    on_both(s, run)


if __name__ == "__main__":
    run_tests(globals())
