"""CLIENT PAUSE as the rest of the server sees it: postponed clients count as blocked in INFO,
expiry is held while clients are paused, and a pause set inside EXEC starts after it. Each case
runs against Sable and redis-server and the observations must match."""
import re
import time

from harness import parse, run_tests


def info_field(conn, section, name):
    raw = conn.cmd("INFO", section).decode()
    for line in raw.split("\r\n"):
        if line.startswith(name + ":"):
            return line.split(":", 1)[1]
    raise AssertionError("no %s in INFO %s" % (name, section))


def wait_blocked(conn, n, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if info_field(conn, "clients", "blocked_clients") == str(n):
            return True
        time.sleep(0.02)
    return False


def on_both(s, fn):
    out = []
    for srv, c in ((s.sable_server, s.sable), (s.redis_server, s.redis)):
        out.append(fn(srv, c))
        c.cmd("CLIENT", "UNPAUSE")
    assert out[0] == out[1], "sable: %r\nredis: %r" % (out[0], out[1])
    return out[0]


def test_paused_writers_count_as_blocked(s):
    def run(srv, c):
        seen = []
        c.cmd("CLIENT", "PAUSE", "100000", "WRITE")
        readers = srv.conn()
        seen.append(readers.cmd("GET", "foo"))
        seen.append(info_field(c, "clients", "blocked_clients"))
        writers = [srv.conn() for _ in range(3)]
        for w in writers:
            w.send_raw(w.encode("SET", "foo", "bar"))
        seen.append(wait_blocked(c, 3))
        listing = parse(c.cmd("CLIENT", "LIST")).decode()
        seen.append(sorted(re.search(r" flags=(\S+)", l).group(1) for l in listing.split("\n") if l))
        # A paused client that goes away is no longer counted.
        writers.pop().close()
        seen.append(wait_blocked(c, 2))
        c.cmd("CLIENT", "UNPAUSE")
        seen += [w.read_reply() for w in writers]
        seen.append(info_field(c, "clients", "blocked_clients"))
        for w in writers + [readers]:
            w.close()
        return seen
    on_both(s, run)


def test_paused_exec_with_writes_is_blocked(s):
    def run(srv, c):
        seen = []
        tx = srv.conn()
        seen.append(tx.cmd("MULTI"))
        seen.append(tx.cmd("SET", "foo", "bar"))
        c.cmd("CLIENT", "PAUSE", "60000", "WRITE")
        tx.send_raw(tx.encode("EXEC"))
        seen.append(wait_blocked(c, 1))
        c.cmd("CLIENT", "UNPAUSE")
        seen.append(tx.read_reply())
        tx.close()
        return seen
    on_both(s, run)


def test_expiry_held_during_pause(s):
    def run(srv, c):
        seen = []
        before = int(info_field(c, "stats", "expired_keys"))
        c.cmd("MULTI")
        c.cmd("SET", "foo", "bar", "PX", "10")
        c.cmd("SET", "bar", "foo", "PX", "10")
        c.cmd("CLIENT", "PAUSE", "50000", "WRITE")
        seen.append(c.cmd("EXEC"))
        time.sleep(0.25)  # well past the TTL and a few active expiry cycles
        # Logically expired, but neither lazy nor active expiry removes them.
        seen.append(c.cmd("GET", "foo"))
        seen.append(c.cmd("EXISTS", "foo", "bar"))
        seen.append(c.cmd("DBSIZE"))
        seen.append(int(info_field(c, "stats", "expired_keys")) - before)
        c.cmd("CLIENT", "UNPAUSE")
        seen.append(c.cmd("GET", "foo"))
        seen.append(c.cmd("GET", "bar"))
        seen.append(int(info_field(c, "stats", "expired_keys")) - before)
        seen.append(c.cmd("DBSIZE"))
        return seen
    seen = on_both(s, run)
    assert seen[3] == b":2\r\n" and seen[4] == 0 and seen[7] == 2, seen


def test_pause_inside_exec_starts_after_it(s):
    def run(srv, c):
        seen = []
        c.cmd("MULTI")
        c.cmd("SET", "foo1", "bar")
        c.cmd("CLIENT", "PAUSE", "60000", "WRITE")
        c.cmd("SET", "foo2", "bar")
        seen.append(c.cmd("EXEC"))
        other = srv.conn()
        other.send_raw(other.encode("SET", "foo3", "bar"))
        seen.append(wait_blocked(c, 1))
        seen += [c.cmd("GET", k) for k in ("foo1", "foo2", "foo3")]
        c.cmd("CLIENT", "UNPAUSE")
        seen.append(other.read_reply())
        other.close()
        return seen
    on_both(s, run)



def test_no_oom_refusal_while_paused(s):
    def run(srv, c):
        seen = []
        c.cmd("SET", "x", "1")
        other = srv.conn()
        other.cmd("CONFIG", "SET", "maxmemory", "1")
        c.cmd("MULTI")
        seen.append(c.cmd("GET", "x"))  # refused: over maxmemory
        seen.append(c.cmd("DISCARD"))
        other.cmd("CLIENT", "PAUSE", "100000", "WRITE")
        c.cmd("MULTI")
        seen.append(c.cmd("GET", "x"))  # queued: a pause holds eviction and OOM checks
        seen.append(c.cmd("EXEC"))
        other.cmd("CLIENT", "UNPAUSE")
        other.cmd("CONFIG", "SET", "maxmemory", "0")
        other.close()
        return seen
    on_both(s, run)

if __name__ == "__main__":
    run_tests(globals())
