"""RESP3 (HELLO 3), client-side caching invalidations, CLIENT PAUSE and MONITOR.

Replies are compared byte for byte with redis-server where they are deterministic; RESP3 frames
are also decoded with the harness's own RESP3 parser to check their types.
"""
import re
import time

from harness import parse, run_tests


def both_conns(s):
    return ((s.sable_server, s.sable), (s.redis_server, s.redis))


def test_hello_versions(s):
    s.same("HELLO", "4")
    s.same("HELLO", "x")
    s.same("HELLO", "2", "FOO")
    a = parse(s.sable.cmd("HELLO", "3"))
    b = parse(s.redis.cmd("HELLO", "3"))
    assert isinstance(a, dict) and a[b"proto"] == 3 and a[b"server"] == b"redis"
    assert set(a.keys()) == set(b.keys())
    assert a[b"version"] == b[b"version"]


def test_resp3_null_and_types(s):
    s.same("HELLO", "3", "SETNAME", "me") if False else None
    for c in (s.sable, s.redis):
        c.cmd("HELLO", "3")
    s.same("GET", "missing")
    s.same("SET", "k", "1")
    s.same("INCRBYFLOAT", "k", "1.5")
    s.same("CLIENT", "GETNAME")
    s.same("PING")


def test_tracking_errors(s):
    s.same("CLIENT", "TRACKING", "ON", "PREFIX", "a")
    s.same("CLIENT", "TRACKING", "ON", "BCAST", "OPTIN")
    s.same("CLIENT", "TRACKING", "ON", "OPTIN", "OPTOUT")
    s.same("CLIENT", "TRACKING", "ON", "REDIRECT", "99999")
    s.same("CLIENT", "TRACKING", "ON", "REDIRECT", "abc")
    s.same("CLIENT", "TRACKING", "MAYBE")
    s.same("CLIENT", "TRACKING", "ON", "BOGUS")
    s.same("CLIENT", "CACHING", "YES")
    s.same("CLIENT", "GETREDIR")
    s.same("CLIENT", "TRACKINGINFO")
    s.same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "ab", "PREFIX", "abc")


def test_tracking_default_mode_resp3(s):
    for srv, c in both_conns(s):
        c.cmd("HELLO", "3")
        assert c.cmd("CLIENT", "TRACKING", "ON") == b"+OK\r\n"
        c.cmd("SET", "k1", "v")
        c.cmd("GET", "k1")
        other = srv.conn()
        other.cmd("SET", "k1", "changed")
        # The invalidation push arrives before the next reply.
        push = c.read_reply()
        assert push == b">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk1\r\n", push
        # A second write is not reported: the key was forgotten after one invalidation.
        other.cmd("SET", "k1", "again")
        assert c.cmd("PING") == b"+PONG\r\n"
        info = parse(c.cmd("CLIENT", "TRACKINGINFO"))
        assert info[b"flags"] == [b"on"] and info[b"redirect"] == 0
        other.close()


def test_tracking_redirect_resp2(s):
    outs = []
    for srv, c in both_conns(s):
        sub = srv.conn()
        sub_id = parse(sub.cmd("CLIENT", "ID"))
        assert sub.cmd("SUBSCRIBE", "__redis__:invalidate").startswith(b"*3")
        c.cmd("CLIENT", "TRACKING", "ON", "REDIRECT", str(sub_id))
        c.cmd("GET", "rk")
        c.cmd("SET", "rk", "1")
        outs.append(sub.read_reply())
        c.cmd("FLUSHALL")
        outs.append(sub.read_reply())
        sub.close()
    assert outs[0] == outs[2], outs
    assert outs[1] == outs[3], outs


def test_tracking_bcast_and_noloop(s):
    for srv, c in both_conns(s):
        c.cmd("HELLO", "3")
        assert c.cmd("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "user:", "NOLOOP") == b"+OK\r\n"
        c.cmd("SET", "user:self", "1")  # NOLOOP: own write not reported
        other = srv.conn()
        other.cmd("SET", "user:1", "x")
        other.cmd("SET", "order:1", "x")
        push = c.read_reply()
        assert push == b">2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\nuser:1\r\n", push
        info = parse(c.cmd("CLIENT", "TRACKINGINFO"))
        assert info[b"flags"] == [b"on", b"bcast", b"noloop"], info
        assert info[b"prefixes"] == [b"user:"]
        other.close()


def test_tracking_optin(s):
    for srv, c in both_conns(s):
        c.cmd("HELLO", "3")
        c.cmd("CLIENT", "TRACKING", "ON", "OPTIN")
        c.cmd("GET", "notcached")
        c.cmd("CLIENT", "CACHING", "YES")
        c.cmd("GET", "cached")
        other = srv.conn()
        other.cmd("SET", "notcached", "1")
        other.cmd("SET", "cached", "1")
        push = c.read_reply()
        assert push == b">2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\ncached\r\n", push
        other.close()


def test_client_pause_write(s):
    for srv, c in both_conns(s):
        other = srv.conn()
        assert c.cmd("CLIENT", "PAUSE", "300", "WRITE") == b"+OK\r\n"
        t0 = time.time()
        assert other.cmd("GET", "x") == b"$-1\r\n"  # reads go on
        assert time.time() - t0 < 0.2
        other.cmd("SET", "x", "1")  # writes wait for the pause to end
        assert time.time() - t0 >= 0.25
        other.close()
    s.same("CLIENT", "PAUSE", "abc")
    s.same("CLIENT", "PAUSE", "-1")
    s.same("CLIENT", "PAUSE", "10", "SOME")
    s.same("CLIENT", "UNPAUSE")


def test_client_unpause_releases(s):
    for srv, c in both_conns(s):
        other = srv.conn()
        c.cmd("CLIENT", "PAUSE", "10000", "WRITE")
        other.send_raw(other.encode("SET", "y", "1"))
        time.sleep(0.1)
        c.cmd("CLIENT", "UNPAUSE")
        t0 = time.time()
        assert other.read_reply() == b"+OK\r\n"
        assert time.time() - t0 < 2
        other.close()


def test_monitor_lines(s):
    got = []
    for srv, c in both_conns(s):
        m = srv.conn()
        assert m.cmd("MONITOR") == b"+OK\r\n"
        c.cmd("SET", "a b", 'x\x00"y')
        c.cmd("MULTI")
        c.cmd("INCR", "n")
        c.cmd("EXEC")
        lines = [m.read_reply() for _ in range(4)]
        got.append([re.sub(rb"^\+[0-9.]+ \[(\d+) [^\]]+\]", rb"[\1]", l) for l in lines])
        m.close()
    assert got[0] == got[1], got


def test_tracking_push_with_reply_off(s):
    """CLIENT REPLY OFF mutes replies, not invalidation pushes (RESP3)."""
    got = []
    for srv, c in both_conns(s):
        c.cmd("HELLO", "3")
        c.cmd("CLIENT", "TRACKING", "ON")
        c.cmd("SET", "foo", "bar")
        c.cmd("GET", "foo")
        c.send_raw(c.encode("CLIENT", "REPLY", "OFF"))
        other = srv.conn()
        other.cmd("SET", "foo", "bar2")
        frames = [c.read_reply()]
        frames.append(c.cmd("CLIENT", "REPLY", "ON"))
        frames.append(c.cmd("PING"))
        got.append(frames)
        other.close()
    assert got[0] == got[1], got
    assert got[0][0] == b">2\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\nfoo\r\n", got


def test_tracking_redirect_push_with_reply_off(s):
    got = []
    for srv, c in both_conns(s):
        target = srv.conn()
        target.cmd("HELLO", "3")
        tid = parse(target.cmd("CLIENT", "ID"))
        c.cmd("CLIENT", "TRACKING", "ON", "REDIRECT", str(tid))
        c.cmd("GET", "foo")
        target.send_raw(target.encode("CLIENT", "REPLY", "OFF"))
        target.send_raw(target.encode("CLIENT", "REPLY", "SKIP"))  # muted too
        c.cmd("SET", "foo", "x")
        got.append([target.read_reply(), target.cmd("CLIENT", "REPLY", "ON")])
        target.close()
    assert got[0] == got[1], got


def test_tracking_redir_broken(s):
    got = []
    for srv, c in both_conns(s):
        target = srv.conn()
        tid = parse(target.cmd("CLIENT", "ID"))
        c.cmd("HELLO", "3")
        c.cmd("CLIENT", "TRACKING", "ON", "REDIRECT", str(tid))
        c.cmd("GET", "k1")
        c.cmd("GET", "k2")
        c.send_raw(c.encode("CLIENT", "REPLY", "OFF"))
        target.cmd("QUIT")
        target.close()
        time.sleep(0.1)
        other = srv.conn()
        other.cmd("MSET", "k1", "1", "k2", "2")
        frames = [c.read_reply(), c.read_reply(), c.cmd("CLIENT", "REPLY", "ON")]
        info = parse(c.cmd("CLIENT", "TRACKINGINFO"))
        frames.append(info[b"flags"])
        got.append([f if isinstance(f, list) else re.sub(rb":\d+\r\n", b":ID\r\n", f)
                    for f in frames])
        other.close()
    assert got[0] == got[1], got


def test_tracking_self_invalidation_follows_reply(s):
    """An invalidation the running command causes to its own client comes after its reply."""
    got = []
    for srv, c in both_conns(s):
        c.cmd("HELLO", "3")
        c.cmd("CLIENT", "TRACKING", "ON")
        frames = []
        c.cmd("HSET", "h", "f", "1")
        c.cmd("HGET", "h", "f")
        frames += [c.cmd("HDEL", "h", "f"), c.read_reply()]
        c.cmd("MSET", "a", "1", "b", "2")
        c.cmd("GET", "a")
        c.cmd("MULTI")
        c.cmd("INCR", "a")
        c.cmd("GET", "b")
        frames += [c.cmd("EXEC"), c.read_reply()]
        c.cmd("GET", "b")
        c.cmd("MULTI")
        c.cmd("FLUSHDB")
        frames += [c.cmd("EXEC"), c.read_reply(), c.cmd("PING")]
        got.append(frames)
    assert got[0] == got[1], got


def test_tracking_blocked_client_gets_push_after_reply(s):
    got = []
    for srv, c in both_conns(s):
        c.cmd("RPUSH", "dst", "a")
        c.cmd("HELLO", "3")
        c.cmd("CLIENT", "TRACKING", "ON")
        c.cmd("LRANGE", "dst", "0", "-1")
        c.send_raw(c.encode("BLMOVE", "src", "dst", "LEFT", "LEFT", "0"))
        time.sleep(0.1)
        other = srv.conn()
        other.cmd("RPUSH", "src", "foo")
        got.append([c.read_reply(), c.read_reply()])
        other.close()
    assert got[0] == got[1], got


def test_tracking_table_max_keys_and_info(s):
    got = []
    for srv, c in both_conns(s):
        sub = srv.conn()
        sub_id = parse(sub.cmd("CLIENT", "ID"))
        sub.cmd("SUBSCRIBE", "__redis__:invalidate")
        c.cmd("CLIENT", "TRACKING", "ON", "REDIRECT", str(sub_id))
        bc = srv.conn()
        bc.cmd("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "p:", "PREFIX", "q:")
        for i in range(5):
            c.cmd("GET", "key%d" % i)
        info = c.cmd("INFO", "stats").decode()
        fields = dict(re.findall(r"(tracking_total_\w+):(\d+)", info))
        c.cmd("CONFIG", "SET", "tracking-table-max-keys", "2")
        c.cmd("PING")  # the limit is applied before the next command
        keys = sorted(parse(sub.read_reply())[2][0] for _ in range(3))
        info = c.cmd("INFO", "stats").decode()
        after = re.search(r"tracking_total_keys:(\d+)", info).group(1)
        c.cmd("CONFIG", "SET", "tracking-table-max-keys", "1000000")
        got.append((fields, len(keys), len(set(keys)), after))
        sub.close()
        bc.close()
    assert got[0] == got[1], got
    assert got[0][0] == {"tracking_total_keys": "5", "tracking_total_items": "5",
                         "tracking_total_prefixes": "2"}, got


def test_monitor_redacts_credentials(s):
    got = []
    for srv, c in both_conns(s):
        m = srv.conn()
        assert m.cmd("MONITOR") == b"+OK\r\n"
        c.cmd("AUTH", "not-real")
        c.cmd("AUTH", "user", "secret")
        c.cmd("HELLO", "2", "AUTH", "user", "secret")
        c.cmd("HELLO", "2", "SETNAME", "n", "AUTH", "user", "secret")
        c.cmd("PING")
        lines = [m.read_reply() for _ in range(5)]
        got.append([re.sub(rb"^\+[0-9.]+ \[(\d+) [^\]]+\]", rb"[\1]", l) for l in lines])
        m.close()
    assert got[0] == got[1], got


if __name__ == "__main__":
    run_tests(globals())
