"""`client-output-buffer-limit normal` for ordinary clients, next to redis-server with the same
limits: a client that pipelines big GETs and never reads is disconnected once its pending output
passes the hard limit, or stays past the soft limit for longer than its seconds, and the server
keeps serving the others with the memory given back. Without a normal limit (Redis's default
"normal 0 0 0") such a client is never disconnected."""
import socket
import time

from harness import Servers, parse, run_tests

VALUE = 100 * 1024
ARGS = ["--client-output-buffer-limit", "normal 1mb 256kb 1"]


def get_cmd(key):
    return b"*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n" % (len(key), key)


def silent_client(port, name):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)  # let little in flight
    sock.sendall(b"*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$%d\r\n%s\r\n" % (len(name), name))
    return sock


def has_client(conn, name):
    return (b"name=%s " % name) in parse(conn.cmd("CLIENT", "LIST"))


def wait_gone(conn, name, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not has_client(conn, name):
            return True
        time.sleep(0.05)
    return False


def used_memory(conn):
    text = parse(conn.cmd("INFO", "memory")).decode()
    return int(text.split("used_memory:", 1)[1].split("\r\n", 1)[0])


def test_hard_limit_disconnects_a_client_that_never_reads(s):
    s.same("SET", "big", "x" * VALUE)
    for conn, srv in ((s.sable, s.sable_server), (s.redis, s.redis_server)):
        before = used_memory(conn)
        sock = silent_client(srv.port, b"hog")
        sock.sendall(get_cmd(b"big") * 300)  # 30 MB of replies
        assert wait_gone(conn, b"hog"), "a client over the hard limit stayed connected"
        assert conn.cmd("PING") == b"+PONG\r\n"
        sock.close()
        if conn is s.sable:
            assert used_memory(conn) < before + 2 * 2**20, (before, used_memory(conn))
    assert "for overcoming of output buffer limits" in s.sable_server.log_tail(20)


def test_soft_limit_disconnects_after_its_seconds(s):
    s.same("SET", "big", "x" * VALUE)
    # The socket buffers take a few MB whatever is pending, so the limits are set well above.
    s.same("CONFIG", "SET", "client-output-buffer-limit", "normal 64mb 2mb 1")
    for conn, srv in ((s.sable, s.sable_server), (s.redis, s.redis_server)):
        sock = silent_client(srv.port, b"slow")
        sock.sendall(get_cmd(b"big") * 300)  # 30 MB: past the soft limit, under the hard one
        time.sleep(0.3)
        assert has_client(conn, b"slow"), "closed before its soft-limit seconds"
        time.sleep(1.5)
        sock.sendall(get_cmd(b"big"))  # still over the soft limit, now for longer than 1 s
        assert wait_gone(conn, b"slow"), "a client over the soft limit for too long stayed"
        sock.close()
    s.same("CONFIG", "SET", "client-output-buffer-limit", ARGS[1])


def test_no_normal_limit_keeps_the_client(s):
    s.same("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0")
    s.same("SET", "big", "x" * VALUE)
    for conn, srv in ((s.sable, s.sable_server), (s.redis, s.redis_server)):
        sock = silent_client(srv.port, b"patient")
        sock.sendall(get_cmd(b"big") * 40)  # 4 MB
        time.sleep(0.5)
        assert has_client(conn, b"patient")
        # Now read everything: all 40 replies arrive.
        want = len(b"+OK\r\n") + 40 * len(b"$%d\r\n\r\n" % VALUE) + 40 * VALUE
        got = 0
        sock.settimeout(10)
        while got < want:
            chunk = sock.recv(1 << 20)
            assert chunk, "closed after %d of %d bytes" % (got, want)
            got += len(chunk)
        sock.close()
    s.same("CONFIG", "SET", "client-output-buffer-limit", ARGS[1])


if __name__ == "__main__":
    run_tests(globals(), lambda: Servers(sable_args=ARGS, redis_args=ARGS))
