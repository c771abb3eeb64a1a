"""Pub/sub and keyspace notifications, Sable against redis-server byte for byte.

Subscribers are extra raw connections opened on both servers; the same commands go to both and the
frames each receives are compared. Where Redis leaves an order unspecified (hash-ordered channel
sets, several matching patterns) the frames are compared as sorted lists. Every wait is bounded.
"""
import os
import socket
import time

from harness import Conn, parse, run_tests

READ_TIMEOUT = 5.0


class Pair:
    """One extra connection to each server, driven in lockstep."""

    def __init__(self, s):
        self.a = s.sable_server.conn()
        self.b = s.redis_server.conn()

    def send(self, *args):
        self.a.send_raw(Conn.encode(*args))
        self.b.send_raw(Conn.encode(*args))

    def read(self, n=1):
        """Reads n replies from each side and asserts they are identical."""
        out = []
        for _ in range(n):
            x, y = self.a.read_reply(), self.b.read_reply()
            assert x == y, "frame differs:\n  sable: %r\n  redis: %r" % (x, y)
            out.append(x)
        return out

    def read_both(self, n):
        return ([self.a.read_reply() for _ in range(n)], [self.b.read_reply() for _ in range(n)])

    def same(self, *args, replies=1):
        self.send(*args)
        return self.read(replies)

    def close(self):
        self.a.close()
        self.b.close()


def same_unordered(pair, n):
    """Reads n frames from each side; the multisets must be equal."""
    x, y = pair.read_both(n)
    assert sorted(x) == sorted(y), "frames differ:\n  sable: %r\n  redis: %r" % (x, y)
    return x


def unsubscribe_all_frames(pair, n):
    """Frames of an UNSUBSCRIBE without arguments: channels come in hash order, so compare the
    frame headers and counts in order and the channel names as a set."""
    x, y = pair.read_both(n)
    px, py = [parse(f) for f in x], [parse(f) for f in y]
    assert [f[0:3:2] for f in px] == [f[0:3:2] for f in py], (x, y)
    assert [f[:2] for f in x] == [f[:2] for f in y], (x, y)
    assert sorted(f[1] for f in px) == sorted(f[1] for f in py), (x, y)


def quiet(conn, timeout=0.3):
    """True when nothing more arrives on conn within timeout."""
    conn.sock.settimeout(timeout)
    try:
        if conn.buf:
            return False
        data = conn.sock.recv(65536)
        conn.buf += data
        return False
    except socket.timeout:
        return True
    finally:
        conn.sock.settimeout(READ_TIMEOUT)


def test_subscribe_replies(s):
    p = Pair(s)
    try:
        p.same("SUBSCRIBE", "a", "b", "a", replies=3)
        p.same("PSUBSCRIBE", "x*", "y?", replies=2)
        p.same("UNSUBSCRIBE", "a", "nosuch", replies=2)
        p.same("PUNSUBSCRIBE", "y?", replies=1)
        p.same("UNSUBSCRIBE", replies=1)
        p.same("PUNSUBSCRIBE", replies=1)
        # Nothing left: a single frame with a null name.
        p.same("UNSUBSCRIBE", replies=1)
        p.same("PUNSUBSCRIBE", replies=1)
        p.same("GET", "k")  # back to normal mode
    finally:
        p.close()


def test_unsubscribe_without_subscriptions(s):
    s.same("UNSUBSCRIBE")
    s.same("PUNSUBSCRIBE")
    s.same("SUNSUBSCRIBE")
    s.same("UNSUBSCRIBE", "a", "b")
    s.reconnect()
    s.same("PSUBSCRIBE", "p*")
    s.same("UNSUBSCRIBE")  # name null, count still counts the pattern


def test_unsubscribe_all_many(s):
    p = Pair(s)
    try:
        chans = ["c%d" % i for i in range(20)]
        p.same("SUBSCRIBE", *chans, replies=20)
        p.send("UNSUBSCRIBE")
        unsubscribe_all_frames(p, 20)
        p.same("PSUBSCRIBE", "d", "a", "c", "b", replies=4)
        p.same("PUNSUBSCRIBE", replies=4)  # patterns come back in subscription order
    finally:
        p.close()


def test_message_delivery(s):
    sub1, sub2 = Pair(s), Pair(s)
    try:
        sub1.same("SUBSCRIBE", "news", "sport", replies=2)
        sub2.same("SUBSCRIBE", "news", replies=1)
        s.same("PUBLISH", "news", "first")
        s.same("PUBLISH", "sport", "goal")
        s.same("PUBLISH", "nobody", "x")
        s.same("PUBLISH", "news", "")
        s.same("PUBLISH", "news", "bin\x00\r\nary")
        sub1.read(4)
        sub2.read(3)
        for i in range(50):
            s.same("PUBLISH", "news", "m%d" % i)
        sub1.read(50)
        sub2.read(50)
        sub2.same("UNSUBSCRIBE", "news", replies=1)
        s.same("PUBLISH", "news", "after")
        sub1.read(1)
        assert quiet(sub2.a) and quiet(sub2.b)
    finally:
        sub1.close()
        sub2.close()


def test_pattern_matching(s):
    sub = Pair(s)
    try:
        sub.same("PSUBSCRIBE", "news.*", "h?llo", "[ab]x", "esc\\*", replies=4)
        for ch in ["news.art", "news.", "news", "hello", "hallo", "heello", "ax", "bx", "cx",
                   "esc*", "escX"]:
            s.same("PUBLISH", ch, "payload-" + ch)
        sub.read(7)
        assert quiet(sub.a) and quiet(sub.b)
        # A channel matched by a pattern and a subscription: both frames arrive.
        sub.same("SUBSCRIBE", "hello", replies=1)
        s.same("PUBLISH", "hello", "twice")
        sub.read(2)
        # Several patterns matching one channel: Redis's pattern order is unspecified.
        sub.same("PSUBSCRIBE", "*", "h*", replies=2)
        s.same("PUBLISH", "hello", "many")
        same_unordered(sub, 4)
    finally:
        sub.close()


def info_fields(conn, names):
    text = parse(conn.cmd("INFO", "stats"))
    fields = dict(line.split(b":", 1) for line in text.split(b"\r\n") if b":" in line)
    return [fields.get(n.encode()) for n in names]


def test_pubsub_introspection(s):
    subs = [Pair(s) for _ in range(3)]
    try:
        subs[0].same("SUBSCRIBE", "a", "b", "abc", replies=3)
        subs[1].same("SUBSCRIBE", "a", replies=1)
        subs[2].same("PSUBSCRIBE", "p1", "p2", replies=2)
        subs[1].same("PSUBSCRIBE", "p1", replies=1)
        s.same_sorted("PUBSUB", "CHANNELS")
        s.same_sorted("PUBSUB", "CHANNELS", "a*")
        s.same_sorted("PUBSUB", "channels", "[b]")
        s.same("PUBSUB", "CHANNELS", "zzz")
        s.same("PUBSUB", "NUMSUB", "a", "b", "zz", "a")
        s.same("PUBSUB", "NUMSUB")
        s.same("PUBSUB", "NUMPAT")
        info = [info_fields(c, ("pubsub_channels", "pubsub_patterns", "pubsubshard_channels"))
                for c in (s.sable, s.redis)]
        assert info[0] == info[1] == [b"3", b"2", b"0"], info
        s.same("PUBSUB", "HELP")
        s.same("PUBSUB", "CHANNELS", "a", "b")
        s.same("PUBSUB", "NUMPAT", "x")
        s.same("PUBSUB", "HELP", "x")
        s.same("PUBSUB", "nosuch")
        s.same("PUBSUB")
        s.same("PUBLISH", "a")
        s.same("SUBSCRIBE")
        s.same("PSUBSCRIBE")
        subs[0].close()
        subs[2].close()
        time.sleep(0.1)
        s.same_sorted("PUBSUB", "CHANNELS")
        s.same("PUBSUB", "NUMSUB", "a", "b")
        s.same("PUBSUB", "NUMPAT")
    finally:
        for p in subs:
            p.close()


def test_subscribe_mode_restrictions(s):
    p = Pair(s)
    try:
        p.same("SUBSCRIBE", "c", replies=1)
        p.same("GET", "k")
        p.same("SET", "k", "v")
        p.same("PUBLISH", "c", "x")
        p.same("PUBSUB", "NUMSUB", "c")
        p.same("PING")
        p.same("PING", "hello")
        p.same("PSUBSCRIBE", "x", replies=1)
        p.same("UNSUBSCRIBE", "c", replies=1)
        p.same("GET", "k")  # still has a pattern
        p.same("PUNSUBSCRIBE", replies=1)
        p.same("GET", "k")
        p.same("PING")
        # RESET leaves subscribe mode and drops the subscriptions.
        p.same("SUBSCRIBE", "c", replies=1)
        p.same("RESET")
        p.same("GET", "k")
        s.same("PUBSUB", "NUMSUB", "c")
    finally:
        p.close()


def test_resp3_push(s):
    p = Pair(s)
    try:
        p.send("HELLO", "3")
        p.read_both(1)  # server identity differs; the rest must not
        p.same("SUBSCRIBE", "c1", "c2", replies=2)
        p.same("PSUBSCRIBE", "c*", replies=1)
        # RESP3 has no subscribe-mode restriction.
        p.same("SET", "k", "v")
        p.same("GET", "k")
        p.same("PING")
        s.same("PUBLISH", "c1", "hello")
        p.read(2)
        # Publishing to oneself: the pushes come before the PUBLISH reply.
        p.same("PUBLISH", "c2", "self", replies=3)
        p.send("UNSUBSCRIBE")
        unsubscribe_all_frames(p, 2)
        p.same("PUNSUBSCRIBE", replies=1)
        p.same("UNSUBSCRIBE", replies=1)  # nothing left: null name in RESP3 form
        p.same("SSUBSCRIBE", "s", replies=1)
        s.same("SPUBLISH", "s", "shard")
        p.read(1)
    finally:
        p.close()


def test_shard_channels(s):
    p, q = Pair(s), Pair(s)
    try:
        p.same("SSUBSCRIBE", "s1", "s2", "s1", replies=3)
        q.same("PSUBSCRIBE", "*", replies=1)
        q.same("SUBSCRIBE", "s1", replies=1)
        s.same("SPUBLISH", "s1", "hi")  # patterns and plain channels do not see it
        s.same("SPUBLISH", "nobody", "hi")
        p.read(1)
        assert quiet(q.a) and quiet(q.b)
        s.same("PUBLISH", "s1", "plain")  # and shard subscribers do not see plain messages
        q.read(2)
        assert quiet(p.a) and quiet(p.b)
        s.same_sorted("PUBSUB", "SHARDCHANNELS")
        s.same_sorted("PUBSUB", "SHARDCHANNELS", "*1")
        s.same("PUBSUB", "SHARDNUMSUB", "s1", "s2", "s3")
        s.same("PUBSUB", "SHARDCHANNELS", "a", "b")
        p.same("SUBSCRIBE", "c", replies=1)  # counts are per namespace
        p.same("SUNSUBSCRIBE", "s1", replies=1)
        p.same("UNSUBSCRIBE", replies=1)
        p.same("GET", "k")  # still subscribed to s2
        p.send("SUNSUBSCRIBE")
        p.read(1)
        p.same("SUNSUBSCRIBE", replies=1)
        p.same("GET", "k")
    finally:
        p.close()
        q.close()


def test_subscribe_inside_multi(s):
    s.same("MULTI")
    s.same("SSUBSCRIBE", "x")
    s.same("SUBSCRIBE", "y")
    s.same("EXEC")
    s.same("PING")
    s.same("UNSUBSCRIBE")


def test_notify_config(s):
    for v in ["KEA", "gxKn", "Agm$lnE", "", "AKEm", "KA", "E$", "Ag$lshzxeKEtmdn", "xeK"]:
        s.same("CONFIG", "SET", "notify-keyspace-events", v)
        s.same("CONFIG", "GET", "notify-keyspace-events")
    s.same("CONFIG", "SET", "notify-keyspace-events", "KEZ")
    s.same("CONFIG", "SET", "notify-keyspace-events", "q")
    s.same("CONFIG", "GET", "notify-keyspace-events")
    s.same("CONFIG", "SET", "notify-keyspace-events", "")


def test_output_buffer_limit_config(s):
    s.same("CONFIG", "GET", "client-output-buffer-limit")
    for v in ["pubsub 1 2", "pubsub 1x 2 3", "master 1 2 3", "pubsub 1 2 -3", "pubsub 1 2 3x",
              "bogus 1 2 3"]:
        s.same("CONFIG", "SET", "client-output-buffer-limit", v)
    s.same("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 2kb 3 replica 5 6 7")
    s.same("CONFIG", "GET", "client-output-buffer-limit")
    s.same("CONFIG", "SET", "client-output-buffer-limit", "normal 1G 2k 0 PUBSUB 32mb 8mb 60")
    s.same("CONFIG", "GET", "client-output-buffer-limit")
    s.same("CONFIG", "SET", "client-output-buffer-limit",
           "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")
    s.same("CONFIG", "GET", "client-output-buffer-limit")


def test_config_directives_at_startup(s):
    from harness import start_sable
    srv = start_sable(["--notify-keyspace-events", "EKx$",
                       "--client-output-buffer-limit", "pubsub 1mb 512kb 10"])
    try:
        c = srv.conn()
        assert parse(c.cmd("CONFIG", "GET", "notify-keyspace-events")) == [
            b"notify-keyspace-events", b"$xKE"]
        assert parse(c.cmd("CONFIG", "GET", "client-output-buffer-limit")) == [
            b"client-output-buffer-limit",
            b"normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 524288 10"]
        c.send_raw(Conn.encode("PSUBSCRIBE", "*"))
        c.read_reply()
        w = srv.conn()
        w.cmd("SET", "k", "v")
        assert parse(c.read_reply()) == [b"pmessage", b"*", b"__keyspace@0__:k", b"set"]
        assert parse(c.read_reply()) == [b"pmessage", b"*", b"__keyevent@0__:set", b"k"]
        c.close()
        w.close()
    finally:
        srv.stop()


def collect_events(s, sub, commands):
    """Runs commands on both servers and returns the notification frames each subscriber saw."""
    for cmd in commands:
        s.same(*cmd)
    s.same("PUBLISH", "sync", "done")
    frames = ([], [])
    for side, conn in enumerate((sub.a, sub.b)):
        deadline = time.time() + READ_TIMEOUT
        while time.time() < deadline:
            f = conn.read_reply()
            if parse(f)[-1] == b"done":
                break
            frames[side].append(f)
    assert frames[0] == frames[1], "events differ:\n  sable: %r\n  redis: %r" % frames
    return frames[0]


def test_keyspace_events(s):
    s.same("CONFIG", "SET", "notify-keyspace-events", "KEA")
    sub = Pair(s)
    try:
        sub.same("PSUBSCRIBE", "__key*__:*", replies=1)
        sub.same("SUBSCRIBE", "sync", replies=1)
        ev = collect_events(s, sub, [
            ("SET", "k", "v"), ("SET", "k", "v2", "EX", "100"), ("APPEND", "k", "x"),
            ("SETRANGE", "k", "1", "yy"), ("INCR", "n"), ("INCRBY", "n", "5"), ("DECR", "n"),
            ("INCRBYFLOAT", "n", "1.5"), ("EXPIRE", "k", "100"), ("PERSIST", "k"),
            ("PEXPIRE", "k", "100000"), ("DEL", "k", "n", "missing"), ("GET", "k"),
            ("MSET", "a", "1", "b", "2"), ("SETNX", "a", "x"), ("SETNX", "c", "3"),
            ("GETSET", "c", "4"), ("GETDEL", "c"), ("SETEX", "e", "100", "v"),
            ("PSETEX", "e", "100000", "v"), ("GETEX", "a", "EX", "100"), ("GETEX", "a", "PERSIST"),
            ("SET", "a", "1", "KEEPTTL"), ("EXPIRE", "a", "0"), ("SET", "r", "1"),
            ("RENAME", "r", "r2"), ("DEL", "r2", "b", "e"),
        ])
        assert len(ev) > 20, ev
        # An expired key fires "expired" from the expiry machinery (lazy or active).
        s.same("SET", "short", "v", "PX", "20")
        time.sleep(0.3)
        s.same("GET", "short")
        ev = collect_events(s, sub, [])
        assert any(b"expired" in f for f in ev), ev
        # Class filters: only keyevent for strings.
        s.same("CONFIG", "SET", "notify-keyspace-events", "E$")
        ev = collect_events(s, sub, [("SET", "k", "v"), ("DEL", "k"), ("INCR", "n")])
        assert len(ev) == 2, ev
        s.same("CONFIG", "SET", "notify-keyspace-events", "Kg")
        ev = collect_events(s, sub, [("SET", "k", "v"), ("EXPIRE", "k", "10"), ("DEL", "k")])
        assert len(ev) == 2, ev
        # Another database shows in the channel name.
        s.same("CONFIG", "SET", "notify-keyspace-events", "KEA")
        s.same("SELECT", "3")
        collect_events(s, sub, [("SET", "k3", "v"), ("DEL", "k3")])
        s.same("SELECT", "0")
    finally:
        s.same("CONFIG", "SET", "notify-keyspace-events", "")
        sub.close()


def test_keymiss_events(s):
    s.same("CONFIG", "SET", "notify-keyspace-events", "KEm")
    sub = Pair(s)
    try:
        sub.same("PSUBSCRIBE", "__key*__:*", replies=1)
        sub.same("SUBSCRIBE", "sync", replies=1)
        s.same("SET", "present", "1")
        ev = collect_events(s, sub, [
            ("GET", "nokey"), ("GET", "present"), ("MGET", "a", "present", "b"),
            ("STRLEN", "nokey"), ("GETRANGE", "nokey", "0", "1"), ("EXISTS", "nokey", "present"),
            ("SET", "nokey", "v"), ("DEL", "nokey"), ("INCR", "counter"), ("APPEND", "z", "x"),
        ])
        assert any(b"keymiss" in f for f in ev), ev
    finally:
        s.same("CONFIG", "SET", "notify-keyspace-events", "")
        sub.close()


def test_keyspace_events_off(s):
    s.same("CONFIG", "SET", "notify-keyspace-events", "")
    sub = Pair(s)
    try:
        sub.same("PSUBSCRIBE", "*", replies=1)
        s.same("SET", "k", "v")
        s.same("DEL", "k")
        s.same("PUBLISH", "sync", "done")
        sub.read(1)
    finally:
        sub.close()


def test_redis_py_client(s):
    import redis
    r = redis.Redis(host="127.0.0.1", port=s.sable_server.port, socket_timeout=5)
    ps = r.pubsub()
    try:
        ps.subscribe("chan")
        m = ps.get_message(timeout=2)
        assert m == {"type": "subscribe", "pattern": None, "channel": b"chan", "data": 1}, m
        ps.psubscribe("ch*")
        m = ps.get_message(timeout=2)
        assert m["type"] == "psubscribe" and m["data"] == 2, m
        assert r.publish("chan", "hello") == 2
        got = [ps.get_message(timeout=2) for _ in range(2)]
        kinds = sorted((g["type"], g["data"]) for g in got)
        assert kinds == [("message", b"hello"), ("pmessage", b"hello")], got
        assert r.pubsub_numsub("chan") == [(b"chan", 1)]
        assert r.pubsub_numpat() == 1
        assert r.pubsub_channels() == [b"chan"]
        seen = []
        ps.subscribe(**{"cb": lambda msg: seen.append(msg["data"])})
        ps.get_message(timeout=2)
        r.publish("cb", "via-handler")
        deadline = time.time() + 3
        while not seen and time.time() < deadline:
            ps.get_message(timeout=0.2)
        assert seen == [b"via-handler"], seen
        ps.unsubscribe()
        ps.punsubscribe()
        for _ in range(3):
            ps.get_message(timeout=1)
        assert r.pubsub_numpat() == 0
    finally:
        ps.close()
        r.close()


def memory_of(server):
    """used_memory from INFO when it is reported, else the process RSS."""
    c = server.conn()
    try:
        info = parse(c.cmd("INFO", "memory"))
        if isinstance(info, bytes):
            for line in info.split(b"\r\n"):
                if line.startswith(b"used_memory:"):
                    return int(line.split(b":")[1])
    finally:
        c.close()
    with open("/proc/%d/status" % server.proc.pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def slow_subscriber_round(server):
    """A subscriber that never reads; returns (disconnected, memory growth, messages sent)."""
    sub = socket.socket()
    sub.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sub.settimeout(READ_TIMEOUT)
    sub.connect(("127.0.0.1", server.port))
    pub = server.conn()
    try:
        pub.cmd("CONFIG", "SET", "client-output-buffer-limit", "pubsub 8mb 2mb 60")
        sub.sendall(Conn.encode("SUBSCRIBE", "firehose"))
        deadline = time.time() + 5
        while parse(pub.cmd("PUBSUB", "NUMSUB", "firehose"))[1] != 1:
            assert time.time() < deadline
            time.sleep(0.01)
        before = memory_of(server)
        payload = b"x" * (512 * 1024)
        sent = 0
        peak = before
        deadline = time.time() + 30
        # At most 400 MB in total, though the limit should cut the subscriber off after ~16.
        for _ in range(800):
            if time.time() > deadline:
                break
            receivers = parse(pub.cmd("PUBLISH", "firehose", payload))
            sent += 1
            if sent % 20 == 0:
                peak = max(peak, memory_of(server))
            if receivers == 0:
                break
        deadline = time.time() + 5
        while parse(pub.cmd("PUBSUB", "NUMSUB", "firehose"))[1] != 0 and time.time() < deadline:
            time.sleep(0.05)
        gone = parse(pub.cmd("PUBSUB", "NUMSUB", "firehose"))[1] == 0
        peak = max(peak, memory_of(server))
        return gone, peak - before, sent
    finally:
        pub.cmd("CONFIG", "SET", "client-output-buffer-limit",
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")
        pub.close()
        sub.close()


def test_slow_subscriber_disconnected(s):
    gone, growth, sent = slow_subscriber_round(s.sable_server)
    assert gone, "slow subscriber still subscribed after %d messages" % sent
    assert sent < 200, sent
    assert growth < 64 * 1024 * 1024, growth
    with open(os.path.join(s.sable_server.workdir, "server.log"), "rb") as f:
        log = f.read()
    assert b"scheduled to be closed ASAP for overcoming of output buffer limits." in log
    # The oracle behaves the same way.
    gone_r, _, sent_r = slow_subscriber_round(s.redis_server)
    assert gone_r, sent_r
    s.same("PING")


def test_soft_limit(s):
    """Above the soft limit for longer than its seconds closes the subscriber."""
    sub = socket.socket()
    sub.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sub.settimeout(READ_TIMEOUT)
    sub.connect(("127.0.0.1", s.sable_server.port))
    try:
        s.sable.cmd("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 1mb 1")
        sub.sendall(Conn.encode("SUBSCRIBE", "soft"))
        deadline = time.time() + 5
        while parse(s.sable.cmd("PUBSUB", "NUMSUB", "soft"))[1] != 1:
            assert time.time() < deadline
            time.sleep(0.01)
        payload = b"y" * (256 * 1024)
        deadline = time.time() + 10
        gone = False
        while time.time() < deadline:
            if parse(s.sable.cmd("PUBLISH", "soft", payload)) == 0:
                gone = True
                break
            time.sleep(0.1)
        assert gone, "soft limit never closed the subscriber"
    finally:
        s.sable.cmd("CONFIG", "SET", "client-output-buffer-limit",
                    "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")
        sub.close()



def test_new_key_events(s):
    """The 'n' class: a "new" event whenever a command creates a key, before its own event."""
    streams = []
    for srv, c in ((s.sable_server, s.sable), (s.redis_server, s.redis)):
        c.cmd("CONFIG", "SET", "notify-keyspace-events", "KEAn")
        sub = srv.conn()
        sub.cmd("PSUBSCRIBE", "__key*__:*")
        for cmd in (("SET", "k", "v"), ("SET", "k", "w"), ("RPUSH", "l", "a"),
                    ("RENAME", "l", "l2"), ("HSET", "h", "f", "v"), ("COPY", "h", "h2"),
                    ("INCR", "n"), ("ZADD", "z", "1", "m"), ("SADD", "s", "1")):
            c.cmd(*cmd)
        c.cmd("PUBLISH", "end", "x")
        got = []
        sub.sock.settimeout(2)
        for _ in range(34):
            got.append(sub.read_reply())
        streams.append(got)
        c.cmd("CONFIG", "SET", "notify-keyspace-events", "")
        sub.close()
    assert streams[0] == streams[1], streams

def test_reply_off_still_delivers_pubsub(s):
    """CLIENT REPLY OFF/SKIP mute replies but not (un)subscribe confirmations or messages."""
    for proto in ("2", "3"):
        p = Pair(s)
        try:
            if proto == "3":
                p.send("HELLO", "3")
                p.read_both(1)  # carries the connection id
            p.send("CLIENT", "REPLY", "OFF")
            p.same("SUBSCRIBE", "channel")
            p.same("PSUBSCRIBE", "ch*")
            s.same("PUBLISH", "channel", "hello")
            p.read(2)
            p.send("PING")  # a plain reply stays muted
            p.same("UNSUBSCRIBE", "channel")
            p.same("PUNSUBSCRIBE", "ch*")
            p.same("CLIENT", "REPLY", "ON")
        finally:
            p.close()
    p = Pair(s)
    try:
        p.send("CLIENT", "REPLY", "SKIP")
        p.same("PSUBSCRIBE", "*")
        s.same("PUBLISH", "x", "y")
        p.read(1)
    finally:
        p.close()


def test_evicted_event_on_config_set_maxmemory(s):
    """Lowering maxmemory evicts at once and reports each key."""
    p = Pair(s)
    try:
        s.same("CONFIG", "SET", "notify-keyspace-events", "Ee")
        s.same("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
        p.same("PSUBSCRIBE", "*")
        s.same("SET", "foo", "bar")
        s.same("CONFIG", "SET", "maxmemory", "1")
        p.read(1)
        s.same("CONFIG", "SET", "maxmemory", "0")
        s.same("DBSIZE")
    finally:
        s.both("CONFIG", "SET", "maxmemory", "0")
        s.both("CONFIG", "SET", "maxmemory-policy", "noeviction")
        s.both("CONFIG", "SET", "notify-keyspace-events", "")
        p.close()


if __name__ == "__main__":
    run_tests(globals())
