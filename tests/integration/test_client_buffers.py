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
        deadline = time.time() + 10
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
        deadline = time.time() + 8
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
        deadline = time.time() + 10
        while time.time() < deadline and used_memory(c) > before + 1000000:
            time.sleep(0.05)
        after = used_memory(c)
        t.close()
        return [peak > before + 1000000, after < before + 1000000]
    on_both(s, run)


def reply_buffer(conn, name):
    line = client_line(conn, name)
    return (int(re.search(r" rbs=(\d+)", line).group(1)),
            int(re.search(r" rbp=(\d+)", line).group(1)))


def test_reply_buffer_shrinks_when_idle_and_grows_when_filled(s):
    # CLIENT LIST rbs follows Redis's reply-buffer rules: a new client's buffer is 16 KB, an idle
    # one shrinks to 1 KB once its peak resets, and one that keeps filling it grows back to 16 KB.
    for c in (s.sable, s.redis):
        c.cmd("SET", "bigval", "x" * 32768)

    def run(srv, c):
        t = srv.conn()
        t.cmd("CLIENT", "SETNAME", "rb")
        seen = [reply_buffer(c, "rb") == (16384, 16384)]  # the peak resets only after 5 s
        assert c.cmd("DEBUG", "REPLYBUFFER", "PEAK-RESET-TIME", "100") == b"+OK\r\n"
        deadline = time.time() + 10
        while time.time() < deadline and reply_buffer(c, "rb")[0] >= 2048:
            time.sleep(0.05)
        seen.append(reply_buffer(c, "rb")[0] == 1024)
        c.cmd("DEBUG", "REPLYBUFFER", "PEAK-RESET-TIME", "never")
        deadline = time.time() + 10
        while time.time() < deadline and reply_buffer(c, "rb")[0] < 16384:
            t.cmd("GET", "bigval")
            time.sleep(0.05)
        seen.append(reply_buffer(c, "rb"))
        t.close()
        c.cmd("DEBUG", "REPLYBUFFER", "PEAK-RESET-TIME", "100")
        return seen

    try:
        on_both(s, run)
    finally:
        for c in (s.sable, s.redis):
            c.cmd("DEBUG", "REPLYBUFFER", "PEAK-RESET-TIME", "reset")
    for args in (("RESIZING", "0"), ("RESIZING", "1"), ("PEAK-RESET-TIME", "x"), ("FOO", "1"),
                 ("PEAK-RESET-TIME",), ("PEAK-RESET-TIME", "reset")):
        s.same("DEBUG", "REPLYBUFFER", *args)
    for c in (s.sable, s.redis):
        info = c.cmd("INFO", "stats").decode()
        assert int(re.search(r"reply_buffer_shrinks:(\d+)", info).group(1)) > 0
        assert int(re.search(r"reply_buffer_expands:(\d+)", info).group(1)) > 0


if __name__ == "__main__":
    run_tests(globals())
