"""Test harness for integration tests: starts servers on loopback and talks raw RESP.

Every test module uses it the same way:

    from harness import Servers, run_tests
    def test_something(s):            # s: Servers with .sable and .redis connections
        s.same("SET", "k", "v")        # reply bytes must be identical on both servers
    if __name__ == "__main__":
        run_tests(globals())

`Servers` starts Sable (the binary in $SABLE_SERVER) and Debian's redis-server (the oracle) on
free loopback ports, and gives raw connections that return each reply's exact bytes. Tests are
plain functions named test_*; run_tests runs them, each against freshly flushed servers, and
prints the closing line "N passed, N failed".
"""

import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback

REDIS_SERVER = "/usr/bin/redis-server"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited with code %s" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("server did not listen on port %d" % port)


def crc64(data):
    """CRC-64/Jones as Redis computes it (reflected), to build payloads by hand."""
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x95AC9329AC4BC9B5 if crc & 1 else crc >> 1
    return crc


def dump_payload(body, version=10):
    body = body + struct.pack("<H", version)
    return body + struct.pack("<Q", crc64(body))


class Conn:
    """A raw RESP connection: send commands, receive each reply's exact bytes."""

    def __init__(self, port, timeout=10.0):
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    @staticmethod
    def encode(*args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            if isinstance(a, str):
                a = a.encode()
            elif isinstance(a, int):
                a = str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        return b"".join(out)

    def send_raw(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        i = self.buf.index(b"\r\n")
        line = self.buf[: i + 2]
        self.buf = self.buf[i + 2:]
        return line

    def _exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data = self.buf[:n]
        self.buf = self.buf[n:]
        return data

    def read_reply(self):
        """Reads one whole reply and returns its raw bytes."""
        line = self._line()
        t = line[:1]
        if t in (b"+", b"-", b":", b",", b"_", b"#", b"("):
            return line
        if t in (b"$", b"=", b"!"):
            n = int(line[1:-2])
            if n < 0:
                return line
            return line + self._exact(n + 2)
        if t in (b"*", b"~", b">", b"%", b"|"):
            n = int(line[1:-2])
            if n < 0:
                return line
            if t in (b"%", b"|"):
                n *= 2
            parts = [line]
            for _ in range(n):
                parts.append(self.read_reply())
            return b"".join(parts)
        raise ValueError("bad reply start: %r" % line)

    def cmd(self, *args):
        self.send_raw(self.encode(*args))
        return self.read_reply()

    def closed(self, timeout=2.0):
        """True when the server closes the connection within `timeout` seconds."""
        self.sock.settimeout(timeout)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
                self.buf += chunk
        except socket.timeout:
            return False
        except OSError:
            return True


def parse(raw):
    """Decodes raw RESP bytes into Python values (for tests that inspect content)."""
    val, rest = _parse(raw)
    assert rest == b"", rest
    return val


def _parse(b):
    i = b.index(b"\r\n")
    t, body, rest = b[:1], b[1:i], b[i + 2:]
    if t == b"+":
        return body.decode(errors="replace"), rest
    if t == b"-":
        return Exception(body.decode(errors="replace")), rest
    if t == b":":
        return int(body), rest
    if t == b",":
        return float(body), rest
    if t == b"_":
        return None, rest
    if t == b"#":
        return body == b"t", rest
    if t in (b"$", b"="):
        n = int(body)
        if n < 0:
            return None, rest
        return rest[:n], rest[n + 2:]
    if t in (b"*", b"~", b">"):
        n = int(body)
        if n < 0:
            return None, rest
        out = []
        for _ in range(n):
            v, rest = _parse(rest)
            out.append(v)
        return out, rest
    if t == b"%":
        n = int(body)
        out = {}
        for _ in range(n):
            k, rest = _parse(rest)
            v, rest = _parse(rest)
            out[k if not isinstance(k, list) else tuple(k)] = v
        return out, rest
    raise ValueError("bad RESP: %r" % b[:20])


class Server:
    """One server process on a free loopback port."""

    def __init__(self, argv, port, workdir):
        self.port = port
        self.workdir = workdir
        self.log = open(os.path.join(workdir, "server.log"), "wb")
        self.proc = subprocess.Popen(argv, cwd=workdir, stdout=self.log, stderr=subprocess.STDOUT)
        wait_port(port, self.proc)

    def conn(self):
        return Conn(self.port)

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """Stops the server with SIGTERM and returns its exit status (0 for a clean exit; under
        the sanitizers a leak or error report makes it non-zero)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.log.close()
                return "did not exit within 30 s of SIGTERM"
        self.log.close()
        return self.proc.returncode

    def log_tail(self, n=40):
        try:
            with open(os.path.join(self.workdir, "server.log"), "rb") as f:
                return b"\n".join(f.read().splitlines()[-n:]).decode(errors="replace")
        except OSError:
            return ""


def start_sable(extra_args=(), config_text=None):
    binary = os.environ.get("SABLE_SERVER")
    if not binary:
        root = os.environ.get("SABLE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
        binary = os.path.join(root, "build", "release", "sable-server")
    workdir = tempfile.mkdtemp(prefix="sable-test-")
    port = free_port()
    argv = [binary]
    if config_text is not None:
        path = os.path.join(workdir, "test.conf")
        with open(path, "w") as f:
            f.write(config_text)
        argv.append(path)
    argv += ["--port", str(port), "--bind", "127.0.0.1", "--enable-debug-command", "yes"] + list(
        extra_args)
    return Server(argv, port, workdir)


def start_redis(extra_args=()):
    workdir = tempfile.mkdtemp(prefix="redis-oracle-")
    port = free_port()
    argv = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", workdir, "--enable-debug-command", "yes"] + list(extra_args)
    return Server(argv, port, workdir)


class Servers:
    """Sable and Redis side by side, with one connection to each."""

    def __init__(self, sable_args=(), redis_args=()):
        self.sable_server = start_sable(sable_args)
        self.redis_server = start_redis(redis_args)
        self.sable = self.sable_server.conn()
        self.redis = self.redis_server.conn()

    def reconnect(self):
        self.sable.close()
        self.redis.close()
        self.sable = self.sable_server.conn()
        self.redis = self.redis_server.conn()

    def both(self, *args):
        return self.sable.cmd(*args), self.redis.cmd(*args)

    def same(self, *args):
        """Sends a command to both servers; their replies must be byte-identical."""
        a, b = self.both(*args)
        if a != b:
            raise AssertionError("reply differs for %r:\n  sable: %r\n  redis: %r" % (args, a, b))
        return a

    def same_sorted(self, *args):
        """Like same() for replies whose element order Redis leaves unspecified."""
        a, b = self.both(*args)
        pa, pb = parse(a), parse(b)
        norm = lambda v: sorted(v, key=repr) if isinstance(v, list) else v
        if norm(pa) != norm(pb):
            raise AssertionError("reply differs for %r:\n  sable: %r\n  redis: %r" % (args, a, b))
        return a

    def same_raw(self, data):
        """Sends raw bytes to both and compares one reply."""
        self.sable.send_raw(data)
        self.redis.send_raw(data)
        a, b = self.sable.read_reply(), self.redis.read_reply()
        if a != b:
            raise AssertionError("reply differs for %r:\n  sable: %r\n  redis: %r" % (data, a, b))
        return a

    def flush(self):
        self.reconnect()
        self.sable.cmd("FLUSHALL")
        self.redis.cmd("FLUSHALL")

    def stop(self):
        """Stops both servers; returns Sable's exit status."""
        self.sable.close()
        self.redis.close()
        rc = self.sable_server.stop()
        self.redis_server.stop()
        if rc != 0:
            print("Sable exit status %r; end of its log:\n%s" % (rc, self.sable_server.log_tail()))
        for d in (self.sable_server.workdir, self.redis_server.workdir):
            shutil.rmtree(d, ignore_errors=True)
        return rc


def run_tests(namespace, servers_factory=Servers):
    """Runs every test_* function in `namespace` with a shared Servers, flushed between tests."""
    only = sys.argv[1:]
    tests = [(n, f) for n, f in sorted(namespace.items())
             if n.startswith("test_") and callable(f) and (not only or n in only)]
    s = servers_factory()
    passed = failed = 0
    try:
        for name, fn in tests:
            try:
                s.flush()
                fn(s)
                passed += 1
                print("ok   %s" % name)
            except Exception:
                failed += 1
                print("FAIL %s" % name)
                traceback.print_exc()
                if not s.sable_server.alive():
                    print("Sable died; restarting it")
                    s.sable_server = start_sable()
        if not s.sable_server.alive():
            failed += 1
            print("FAIL sable server is not alive at the end")
    finally:
        if s.stop() != 0:
            failed += 1
            print("FAIL sable did not exit cleanly (crash, leak or sanitizer report)")
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


def run_fixture_tests(namespace, setup, teardown, on_fail=None):
    """Runs every test_* function in `namespace` with a fresh fixture from setup() (None skips the
    test; setup may print why), teardown(fixture) after each, and on_fail(fixture) after a failure
    (to print a log); prints "N passed, N failed" and exits like run_tests."""
    only = sys.argv[1:]
    passed = failed = 0
    for name, fn in sorted(namespace.items()):
        if not name.startswith("test_") or not callable(fn) or (only and name not in only):
            continue
        fixture = setup(name)
        if fixture is None:
            continue
        try:
            fn(fixture)
            passed += 1
            print("ok   %s" % name)
        except Exception:
            failed += 1
            print("FAIL %s" % name)
            traceback.print_exc()
            if on_fail:
                on_fail(fixture)
        finally:
            teardown(fixture)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
