"""What real clients send on connect, sent raw to Sable and to Redis 7.0 and compared byte for byte.

Each sequence is what the named client (and version) sends on a fresh connection before the
application's first command: pipelined in one write where the client pipelines it, one command at
a time otherwise. Replies must be identical, except:
  - HELLO's `id` field (connection ids differ between servers): masked;
  - INFO's body (ioredis's ready check): checked for the fields the client parses;
  - CLIENT SETINFO: a Redis 7.2 command that Sable implements (README) and Redis 7.0 refuses with
    an error; the clients send it "fire and forget" and ignore a failure, so Sable's +OK and
    Redis's error are both accepted, and the connection state afterwards must still agree.
After each handshake, the connection's state (name, database, protocol) is compared too.
"""
import re

from harness import Conn, Servers, parse, run_tests

HELLO_ID = re.compile(rb"\$2\r\nid\r\n:\d+\r\n")
SETINFO_70 = b"-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n"


def norm(cmd, reply):
    if cmd[0].upper() == "HELLO":
        return HELLO_ID.sub(b"$2\r\nid\r\n:ID\r\n", reply)
    return reply


def exchange(conn, cmds, pipelined):
    if pipelined:
        conn.send_raw(b"".join(Conn.encode(*c) for c in cmds))
        return [conn.read_reply() for _ in cmds]
    return [conn.cmd(*c) for c in cmds]


def handshake(s, cmds, pipelined=True, sable=None, redis=None):
    """Runs `cmds` on fresh connections to both servers; returns the two connections."""
    a = sable or s.sable_server.conn()
    b = redis or s.redis_server.conn()
    ra = exchange(a, cmds, pipelined)
    rb = exchange(b, cmds, pipelined)
    for c, x, y in zip(cmds, ra, rb):
        if c[0].upper() == "CLIENT" and c[1].upper() == "SETINFO" and y == SETINFO_70:
            # Sable (7.2's CLIENT SETINFO): +OK, or 7.2's arity error for a malformed call.
            assert x in (b"+OK\r\n", SETINFO_70) or x.startswith(
                b"-ERR wrong number of arguments for 'client|setinfo'"), (c, x)
            continue
        if c[0].upper() == "INFO":
            for text in (x, y):
                body = parse(text).decode()
                assert "loading:0" in body and "redis_version:" in body, body[:200]
                assert "role:master" in body
            continue
        x, y = norm(c, x), norm(c, y)
        assert x == y, "reply to %r differs:\n  sable: %r\n  redis: %r" % (c, x, y)
    return a, b


def client_fields(conn):
    """The CLIENT INFO fields a handshake sets: name, db, protocol, flags, user, multi state."""
    text = parse(conn.cmd("CLIENT", "INFO"))
    text = text.decode() if isinstance(text, bytes) else str(text)
    fields = dict(kv.split("=", 1) for kv in text.strip().split(" ") if "=" in kv)
    return {k: fields.get(k) for k in ("name", "db", "resp", "flags", "user", "multi", "sub")}


def same_state(a, b, *probes):
    """The connections agree on name, database contents and protocol after the handshake."""
    probes = list(probes) or [("CLIENT", "GETNAME"), ("SET", "probe", "1"), ("GET", "probe"),
                              ("HSET", "hp", "f", "v"), ("HGETALL", "hp"), ("DEL", "probe", "hp")]
    fa, fb = client_fields(a), client_fields(b)
    assert fa == fb, "CLIENT INFO after handshake differs:\n  sable: %r\n  redis: %r" % (fa, fb)
    for p in probes:
        x, y = a.cmd(*p), b.cmd(*p)
        assert x == y, "after handshake %r differs:\n  sable: %r\n  redis: %r" % (p, x, y)
    a.close()
    b.close()


def test_hiredis_sends_nothing(s):
    a, b = handshake(s, [])
    same_state(a, b, ("PING",), ("CLIENT", "GETNAME"), ("HGETALL", "nothing"))


def test_redis_py_4_debian(s):
    # python3-redis 4.3.4: AUTH (only with a password), CLIENT SETNAME, SELECT; one at a time.
    a, b = handshake(s, [("CLIENT", "SETNAME", "app-worker"), ("SELECT", "2")], pipelined=False)
    same_state(a, b)
    # And the real library, with both options, lands in the same state on both servers.
    import redis
    for port, other in ((s.sable_server.port, s.redis_server.port),):
        ra = redis.Redis(port=port, db=3, client_name="rp", socket_timeout=10)
        rb = redis.Redis(port=other, db=3, client_name="rp", socket_timeout=10)
        assert ra.client_getname() == rb.client_getname() == "rp"
        ra.set("x", 1)
        rb.set("x", 1)
        ia, ib = ra.client_info(), rb.client_info()
        assert ia["db"] == ib["db"] == 3, (ia, ib)
        assert ia["name"] == ib["name"] == "rp"
        ra.close()
        rb.close()


def test_redis_py_5_resp2_and_resp3(s):
    # redis-py 5: [HELLO 3 [AUTH user pass]], CLIENT SETNAME, CLIENT SETINFO LIB-NAME/LIB-VER, SELECT.
    a, b = handshake(s, [("CLIENT", "SETNAME", "svc"), ("CLIENT", "SETINFO", "LIB-NAME", "redis-py"),
                         ("CLIENT", "SETINFO", "LIB-VER", "5.0.1"), ("SELECT", "1")],
                     pipelined=False)
    same_state(a, b)
    a, b = handshake(s, [("HELLO", "3"), ("CLIENT", "SETNAME", "svc3"),
                         ("CLIENT", "SETINFO", "LIB-NAME", "redis-py"),
                         ("CLIENT", "SETINFO", "LIB-VER", "5.0.1"), ("SELECT", "1")],
                     pipelined=False)
    same_state(a, b)
    a, b = handshake(s, [("HELLO", "3", "AUTH", "default", "anything"),
                         ("CLIENT", "SETINFO", "LIB-NAME", "redis-py(celery_v5.3)")],
                     pipelined=False)
    same_state(a, b)


def test_node_redis(s):
    # node-redis 5 with RESP: 3: HELLO 3 SETNAME, SELECT, CLIENT SETINFO LIB-VER / LIB-NAME,
    # pipelined in one write.
    a, b = handshake(s, [("HELLO", "3", "SETNAME", "node-app"), ("SELECT", "1"),
                         ("CLIENT", "SETINFO", "LIB-VER", "5.12.1"),
                         ("CLIENT", "SETINFO", "LIB-NAME", "node-redis")])
    same_state(a, b)
    # RESP2 (the default): CLIENT SETNAME instead of HELLO; with a password, AUTH first.
    a, b = handshake(s, [("CLIENT", "SETNAME", "node-app"), ("SELECT", "4"),
                         ("CLIENT", "SETINFO", "LIB-VER", "5.12.1"),
                         ("CLIENT", "SETINFO", "LIB-NAME", "node-redis(bullmq)")])
    same_state(a, b)
    # readonly: true adds READONLY (an error outside cluster mode, as in Redis).
    a, b = handshake(s, [("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "ro"),
                         ("READONLY",), ("CLIENT", "SETINFO", "LIB-VER", "5.12.1")])
    same_state(a, b)
    # Legacy node-redis 3 sent INFO first (its ready check), then SELECT.
    a, b = handshake(s, [("INFO",), ("SELECT", "2")], pipelined=False)
    same_state(a, b)


def test_ioredis(s):
    # ioredis 5: SELECT (db option), CLIENT SETNAME, CLIENT SETINFO LIB-VER / LIB-NAME, then the
    # INFO ready check once those settle.
    a, b = handshake(s, [("SELECT", "3"), ("CLIENT", "SETNAME", "io"),
                         ("CLIENT", "SETINFO", "LIB-VER", "5.11.1"),
                         ("CLIENT", "SETINFO", "LIB-NAME", "ioredis"), ("INFO",)])
    same_state(a, b)
    # Cluster mode: CLUSTER SLOTS to learn the topology, then READONLY with scaleReads.
    a, b = handshake(s, [("CLUSTER", "SLOTS"), ("READONLY",), ("INFO",)], pipelined=False)
    same_state(a, b)
    # Sentinel-less auto-pipelining with monitor off: a bare connection without the ready check.
    a, b = handshake(s, [("CLIENT", "SETINFO", "LIB-VER", "5.11.1"),
                         ("CLIENT", "SETINFO", "LIB-NAME", "ioredis(bull)")])
    same_state(a, b)


def test_jedis_and_lettuce(s):
    # Jedis 5 (RESP3): HELLO 3 AUTH default <pass>, CLIENT SETNAME, CLIENT SETINFO, SELECT.
    # Without requirepass the default user takes any password, as in Redis.
    a, b = handshake(s, [("HELLO", "3", "AUTH", "default", "pass"), ("CLIENT", "SETNAME", "jedis"),
                         ("CLIENT", "SETINFO", "LIB-NAME", "jedis"),
                         ("CLIENT", "SETINFO", "LIB-VER", "5.1.0"), ("SELECT", "0")],
                     pipelined=False)
    same_state(a, b)
    # Jedis RESP2 with a password: AUTH <pass> (an error without requirepass), then on.
    a, b = handshake(s, [("AUTH", "pass"), ("CLIENT", "SETNAME", "jedis2"), ("PING",)],
                     pipelined=False)
    same_state(a, b)
    # Lettuce 6.3: HELLO 3 AUTH default <pass> SETNAME <name>, CLIENT SETINFO lib-name/lib-ver
    # (lowercase subcommand arguments), PING.
    a, b = handshake(s, [("HELLO", "3", "AUTH", "default", "pass", "SETNAME", "lettuce"),
                         ("CLIENT", "SETINFO", "lib-name", "Lettuce"),
                         ("CLIENT", "SETINFO", "lib-ver", "6.3.2.RELEASE"), ("PING",)])
    same_state(a, b)
    # Lettuce's fallback when HELLO fails: AUTH, CLIENT SETNAME, PING.
    a, b = handshake(s, [("HELLO", "4"), ("AUTH", "default", "pass"),
                         ("CLIENT", "SETNAME", "lettuce2"), ("PING",)])
    same_state(a, b)


def test_go_redis_and_others(s):
    # go-redis v9: pipelined HELLO 3 [AUTH] [SETNAME], CLIENT SETINFO LIB-NAME/LIB-VER, SELECT.
    a, b = handshake(s, [("HELLO", "3", "SETNAME", "go"),
                         ("CLIENT", "SETINFO", "LIB-NAME", "go-redis(,go1.21.0)"),
                         ("CLIENT", "SETINFO", "LIB-VER", "9.0.5"), ("SELECT", "5")])
    same_state(a, b)
    # StackExchange.Redis: names itself, asks for configuration it uses, and probes cluster mode.
    a, b = handshake(s, [("CLIENT", "SETNAME", "SE.Redis"),
                         ("CONFIG", "GET", "slave-read-only"), ("CONFIG", "GET", "databases"),
                         ("CONFIG", "GET", "timeout"), ("ECHO", "hello"),
                         ("CLUSTER", "NODES"), ("GET", "__Booksleeve_TieBreak"), ("PING",)])
    same_state(a, b)
    # redis-benchmark: CONFIG GET save / appendonly (it warns when these fail).
    # (The two servers run with different save points, so only the reply's shape is compared.)
    a, b = handshake(s, [("CONFIG", "GET", "appendonly")])
    assert [len(parse(c.cmd("CONFIG", "GET", "save"))) for c in (a, b)] == [2, 2]
    a.close()
    b.close()
    # redis-cli -3 -n 2: HELLO 3, SELECT 2.
    a, b = handshake(s, [("HELLO", "3"), ("SELECT", "2")], pipelined=False)
    same_state(a, b)
    # ruby redis-client (Sidekiq): HELLO 3, SELECT, with optional CLIENT SETNAME, pipelined.
    a, b = handshake(s, [("HELLO", "3"), ("SELECT", "0"), ("CLIENT", "SETNAME", "sidekiq")])
    same_state(a, b)


def test_failures_during_handshake(s):
    # Mistakes in a handshake fail the same way and leave the connection usable.
    a, b = handshake(s, [("HELLO", "1"), ("HELLO", "x"), ("HELLO", "3", "AUTH", "default"),
                         ("HELLO", "3", "SETNAME"), ("HELLO", "3", "SETNAME", "has space"),
                         ("HELLO", "3", "BOGUS"), ("HELLO", "2", "AUTH", "nosuchuser", "pw"),
                         ("CLIENT", "SETNAME", "bad\nname"), ("SELECT", "-1"), ("SELECT", "16"),
                         ("AUTH",), ("AUTH", "a", "b", "c"), ("CLIENT", "SETINFO", "LIB-NAME"),
                         ("PING",)])
    same_state(a, b)


def test_with_requirepass(s):
    # A password on the default user: the AUTH forms clients use, right and wrong.
    t = Servers(sable_args=("--requirepass", "s3cret"), redis_args=("--requirepass", "s3cret"))
    try:
        seqs = [
            # Before authenticating: everything but AUTH/HELLO is refused.
            [("PING",), ("CLIENT", "SETNAME", "x"), ("SELECT", "1"), ("HELLO", "3")],
            # Jedis/lettuce/node-redis RESP3 with the right and a wrong password.
            [("HELLO", "3", "AUTH", "default", "wrong", "SETNAME", "l"), ("PING",)],
            [("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "l"), ("PING",),
             ("CLIENT", "GETNAME")],
            # redis-py / ioredis RESP2 with a password: AUTH <pass>.
            [("AUTH", "wrong"), ("AUTH", "s3cret"), ("CLIENT", "SETNAME", "r"), ("SELECT", "2"),
             ("PING",)],
            [("AUTH", "default", "s3cret"), ("CLIENT", "SETINFO", "LIB-NAME", "x"), ("PING",)],
        ]
        for cmds in seqs:
            a, b = handshake(t, cmds, sable=t.sable_server.conn(), redis=t.redis_server.conn())
            a.close()
            b.close()
    finally:
        t.stop()


if __name__ == "__main__":
    run_tests(globals())
