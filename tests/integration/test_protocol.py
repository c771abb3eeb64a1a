"""The wire protocol, differential against redis-server, byte for byte.

Malformed requests of every kind get Redis's exact error and a closed connection; random bytes
never bring the server down; big pipelines, requests trickling in over many sends, inline commands
with quotes, a 5 MB value, clients vanishing mid-request and a few hundred concurrent
connections all behave as Redis does. Every loop is bounded; everything is on loopback.
"""
import random
import socket
import time

from harness import Conn, run_tests, start_redis, start_sable


def exchange(port, payload, wait=2.0):
    """Sends `payload` on a fresh connection and returns (bytes received, closed by server)."""
    c = Conn(port)
    try:
        try:
            c.send_raw(payload)
        except OSError:
            pass  # the server may close before taking everything
        closed = c.closed(timeout=wait)
        return c.buf, closed
    finally:
        c.close()


def same_exchange(s, payload, expect_closed=True, wait=2.0):
    got_s = exchange(s.sable_server.port, payload, wait)
    got_r = exchange(s.redis_server.port, payload, wait)
    if got_s != got_r:
        raise AssertionError("differs for %r:\n  sable: %r\n  redis: %r"
                             % (payload[:80], got_s, got_r))
    if expect_closed:
        assert got_s[1], "connection left open after %r" % payload[:80]
    return got_s[0]


MALFORMED = [
    # (payload, error text)
    (b"*abc\r\n", b"invalid multibulk length"),
    (b"*-x\r\n", b"invalid multibulk length"),
    (b"*99999999999\r\n", b"invalid multibulk length"),
    (b"*-0\r\n", b"invalid multibulk length"),
    (b"*\r\n", b"invalid multibulk length"),
    (b"*1\r\n$-2\r\n", b"invalid bulk length"),
    (b"*1\r\n$abc\r\n", b"invalid bulk length"),
    (b"*1\r\n$-0\r\n", b"invalid bulk length"),
    (b"*1\r\n$536870913\r\n", b"invalid bulk length"),  # over proto-max-bulk-len
    (b"*2\r\n$3\r\nGET\r\nx\r\n", b"expected '$', got 'x'"),
    (b"*1\r\n*1\r\n", b"expected '$', got '*'"),
    (b"ECHO \"abc\r\n", b"unbalanced quotes in request"),
    (b"ECHO 'a'b\r\n", b"unbalanced quotes in request"),
    (b"x" * 70000, b"too big inline request"),
    (b"*" + b"1" * 70000, b"too big mbulk count string"),
    (b"*1\r\n$" + b"1" * 70000, b"too big bulk count string"),
]


def test_malformed_requests(s):
    for payload, text in MALFORMED:
        out = same_exchange(s, payload)
        assert out == b"-ERR Protocol error: " + text + b"\r\n", out
    assert s.sable.cmd("PING") == b"+PONG\r\n"


def test_error_after_valid_requests(s):
    # Requests before the bad one run and reply; nothing after it runs.
    out = same_exchange(s, b"SET a 1\r\n*1\r\n$3\r\nGET\r\n*abc\r\nSET b 2\r\n")
    assert out.startswith(b"+OK\r\n-ERR wrong number of arguments"), out
    assert out.endswith(b"-ERR Protocol error: invalid multibulk length\r\n"), out
    s.reconnect()
    s.same("GET", "a")
    assert s.same("GET", "b") == b"$-1\r\n"


def test_unauthenticated_limits(s):
    sable = start_sable(["--requirepass", "secret"])
    redis = start_redis(["--requirepass", "secret"])
    try:
        for payload in [b"*11\r\n", b"*1\r\n$16385\r\n", b"*2\r\n$3\r\nGET\r\n$100000\r\n"]:
            a = exchange(sable.port, payload)
            b = exchange(redis.port, payload)
            assert a == b, (payload, a, b)
            assert a[1] and a[0].startswith(b"-ERR Protocol error: unauthenticated"), a
        # Within the limits the request is parsed and refused for lack of AUTH, connection open.
        payload = Conn.encode("GET", "k" * 100)
        a = exchange(sable.port, payload, wait=0.3)
        b = exchange(redis.port, payload, wait=0.3)
        assert a == b and not a[1], (a, b)
    finally:
        sable.stop()
        redis.stop()


def test_empty_requests(s):
    payload = b"*0\r\n*-1\r\n\r\n   \r\n\n*1\r\n$4\r\nPING\r\n"
    assert s.same_raw(payload) == b"+PONG\r\n"
    s.same("PING")


def test_bulk_trailer_not_checked(s):
    # Redis skips the two bytes after a bulk without looking at them.
    assert s.same_raw(b"*2\r\n$4\r\nECHO\r\n$2\r\nhiXY*1\r\n$4\r\nPING\r\n") == b"$2\r\nhi\r\n"
    assert s.sable.read_reply() == s.redis.read_reply() == b"+PONG\r\n"


def test_inline_commands_with_quotes(s):
    cases = [
        b"SET \"my key\" 'my value'\r\n",
        b"GET \"my key\"\r\n",
        b"ECHO \"a\\x41\\n\\tb\"\r\n",
        b"ECHO 'it\\'s'\r\n",
        b"ECHO \"say \\\"hi\\\"\"\r\n",
        b"ECHO \"\"\r\n",
        b"   PING    \r\n",
        b"ECHO a\"b c\"\r\n",
        b"ECHO \"a\"\x0bb\r\n",
        b"ECHO \"\\x4g\"\n",
        b"set k v extra junk\r\n",
    ]
    for c in cases:
        s.same_raw(c)
    s.same("GET", "my key")


def test_binary_safe_arguments(s):
    value = bytes(range(256)) + b"\r\n\x00\r\n"
    key = b"k\x00\r\ney"
    s.same("SET", key, value)
    assert s.same("GET", key) == b"$%d\r\n" % len(value) + value + b"\r\n"


def test_pipeline_of_1000(s):
    cmds = []
    for i in range(1000):
        k = "key:%d" % (i % 37)
        cmds.append([("SET", k, str(i)), ("GET", k), ("INCR", k), ("APPEND", k, "x"),
                     ("GET", "nokey"), ("PING",)][i % 6])
    payload = b"".join(Conn.encode(*c) for c in cmds)
    s.sable.send_raw(payload)
    s.redis.send_raw(payload)
    for c in cmds:
        a, b = s.sable.read_reply(), s.redis.read_reply()
        assert a == b, (c, a, b)
    # Inline commands pipelined the same way.
    payload = b"".join(b"ECHO hello%d\r\n" % i for i in range(1000))
    s.sable.send_raw(payload)
    s.redis.send_raw(payload)
    for i in range(1000):
        assert s.sable.read_reply() == s.redis.read_reply() == b"$%d\r\nhello%d\r\n" % (
            len(b"hello%d" % i), i)


def test_requests_split_across_sends(s):
    payload = (Conn.encode("SET", "split", "v" * 100) + b"ECHO \"in line\"\r\n" +
               Conn.encode("GET", "split") + Conn.encode("APPEND", "split", "tail") +
               b"\r\n" + Conn.encode("STRLEN", "split"))
    rng = random.Random(11)
    for conn in (s.sable, s.redis):
        pos = 0
        while pos < len(payload):
            n = rng.randint(1, 7)
            conn.send_raw(payload[pos:pos + n])
            pos += n
            time.sleep(0.001)
    for _ in range(5):
        a, b = s.sable.read_reply(), s.redis.read_reply()
        assert a == b, (a, b)
    # One byte per send, with a pause long enough for each byte to be its own read.
    payload = Conn.encode("ECHO", "bytewise")
    for ch in payload:
        s.sable.send_raw(bytes([ch]))
        time.sleep(0.002)
    assert s.sable.read_reply() == b"$8\r\nbytewise\r\n"


def test_five_megabyte_value(s):
    value = bytes(random.Random(5).getrandbits(8) for _ in range(1024)) * (5 * 1024)
    s.same("SET", "big", value)
    assert s.same("STRLEN", "big") == b":%d\r\n" % len(value)
    got = s.same("GET", "big")
    assert got[-len(value) - 2:-2] == value
    # Sent in uneven chunks this time.
    payload = Conn.encode("SET", "big2", value)
    for conn in (s.sable, s.redis):
        for i in range(0, len(payload), 333333):
            conn.send_raw(payload[i:i + 333333])
    assert s.sable.read_reply() == s.redis.read_reply() == b"+OK\r\n"
    s.same("STRLEN", "big2")


def test_client_disconnects_mid_request(s):
    partials = [
        b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc",
        b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000000\r\n" + b"x" * 1000000,
        b"*3\r\n$3\r\nSET\r\n$1\r\nk",
        b"*3\r\n",
        b"SET k v",
    ]
    for p in partials:
        for server in (s.sable_server, s.redis_server):
            c = Conn(server.port)
            c.send_raw(p)
            time.sleep(0.01)
            c.close()
    time.sleep(0.1)
    s.reconnect()
    assert s.same("GET", "k") == b"$-1\r\n"
    assert s.sable_server.alive()


def test_random_garbage_never_crashes(s):
    rng = random.Random(20240601)
    seeds = [Conn.encode("SET", "g", "value"), Conn.encode("GET", "g"), b"PING\r\n",
             Conn.encode("ECHO", "x" * 40), b"*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n"]
    deadline = time.time() + 60
    for i in range(200):
        assert time.time() < deadline, "garbage loop too slow"
        kind = i % 3
        if kind == 0:  # pure noise
            payload = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 300)))
        elif kind == 1:  # a valid pipeline with a few bytes changed
            payload = bytearray(b"".join(rng.choice(seeds) for _ in range(rng.randint(1, 5))))
            for _ in range(rng.randint(1, 4)):
                payload[rng.randrange(len(payload))] = rng.getrandbits(8)
            payload = bytes(payload)
        else:  # protocol-looking tokens in random order
            toks = [b"*", b"$", b"\r\n", b"\r", b"\n", b"-1", b"0", b"3", b"99", b"\"", b"'",
                    b"\\x", b" ", b"PING", b"ECHO", b"\x00", b"*2\r\n", b"$3\r\n"]
            payload = b"".join(rng.choice(toks) for _ in range(rng.randint(1, 60)))
        c = Conn(s.sable_server.port, timeout=2)
        try:
            c.send_raw(payload)
            c.closed(timeout=0.02)
        except OSError:
            pass
        finally:
            c.close()
    assert s.sable_server.alive()
    c = Conn(s.sable_server.port)
    assert c.cmd("PING") == b"+PONG\r\n"
    c.close()


def test_many_concurrent_connections(s):
    n = 200
    for server in (s.sable_server, s.redis_server):
        conns = [Conn(server.port) for _ in range(n)]
        try:
            # Every client sends its batch before anyone reads: the server interleaves them.
            for i, c in enumerate(conns):
                c.send_raw(Conn.encode("SET", "c:%d" % i, i) + Conn.encode("INCR", "counter") +
                           b"PING\r\n" + Conn.encode("GET", "c:%d" % i))
            for i, c in enumerate(conns):
                assert c.read_reply() == b"+OK\r\n"
                assert c.read_reply().startswith(b":")
                assert c.read_reply() == b"+PONG\r\n"
                v = b"%d" % i
                assert c.read_reply() == b"$%d\r\n%s\r\n" % (len(v), v)
        finally:
            for c in conns:
                c.close()
    s.same("GET", "counter")
    s.same("GET", "c:199")


def test_idle_connections_closed_by_client(s):
    # Many connections opened and dropped without a word must not leak or upset the server.
    for _ in range(300):
        socket.create_connection(("127.0.0.1", s.sable_server.port), timeout=2).close()
    s.same("PING")


if __name__ == "__main__":
    run_tests(globals())
