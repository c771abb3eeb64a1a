"""TLS (tls-port) against Debian's redis-server doing the same.

Both servers listen on a plain port and a TLS port with certificates this test makes with the
openssl command (a CA, a server certificate for 127.0.0.1, client certificates from that CA and
from a CA neither server trusts, and a passphrase-protected key). Covered: raw RESP over TLS
(replies byte-identical to Redis's, large values, pipelines, RESP3, blocking pops, pub/sub),
client-certificate authentication (tls-auth-clients yes/optional/no), tls-protocols,
CONFIG GET/SET of the tls-* settings (a bad certificate is refused and changes nothing),
moving tls-port at run time, session resumption, garbage and vanishing peers on the TLS port,
maxclients refusals sent after the handshake, redis-py with ssl=True, and redis-cli --tls.
"""
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time

import harness
from harness import Conn, Server, free_port, parse, run_tests

CERTS = tempfile.mkdtemp(prefix="sable-tls-")


def openssl(*args):
    subprocess.run(["openssl"] + list(args), cwd=CERTS, check=True, capture_output=True)


def make_certs():
    ext = os.path.join(CERTS, "san.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for ca in ("ca", "otherca"):
        openssl("genrsa", "-out", ca + ".key", "2048")
        openssl("req", "-x509", "-new", "-nodes", "-sha256", "-key", ca + ".key", "-days", "30",
                "-subj", "/O=Sable Test/CN=%s" % ca, "-out", ca + ".crt")

    def signed(name, ca, extfile=None):
        openssl("genrsa", "-out", name + ".key", "2048")
        openssl("req", "-new", "-sha256", "-subj", "/O=Sable Test/CN=%s" % name, "-key",
                name + ".key", "-out", name + ".csr")
        args = ["x509", "-req", "-sha256", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey",
                ca + ".key", "-CAcreateserial", "-days", "30", "-out", name + ".crt"]
        if extfile:
            args += ["-extfile", extfile]
        openssl(*args)

    signed("server", "ca", ext)
    signed("client", "ca")
    signed("stranger", "otherca")
    # The server key again, encrypted with a passphrase.
    openssl("rsa", "-in", "server.key", "-aes256", "-passout", "pass:sesame", "-out",
            "server-enc.key")


make_certs()


def cert(name):
    return os.path.join(CERTS, name)


def tls_args(tls_port, key="server.key", extra=()):
    return ["--tls-port", str(tls_port), "--tls-cert-file", cert("server.crt"), "--tls-key-file",
            cert(key), "--tls-ca-cert-file", cert("ca.crt")] + list(extra)


def client_context(certname="client", verify=True, min_version=None, max_version=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if verify:
        ctx.load_verify_locations(cert("ca.crt"))
    else:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if certname:
        ctx.load_cert_chain(cert(certname + ".crt"), cert(certname + ".key"))
    if min_version:
        ctx.minimum_version = min_version
    if max_version:
        ctx.maximum_version = max_version
    return ctx


class TlsConn(Conn):
    """A raw RESP connection over TLS."""

    def __init__(self, port, ctx=None, timeout=10.0, session=None):
        self.port = port
        raw = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock = (ctx or client_context()).wrap_socket(raw, server_hostname="127.0.0.1",
                                                          session=session)
        self.buf = b""


def tls_fails(port, ctx):
    """True when a TLS connection with `ctx` cannot run PING (refused during or right after the
    handshake: with TLS 1.3 the client learns of a refused certificate at its first read)."""
    try:
        c = TlsConn(port, ctx, timeout=5)
    except (ssl.SSLError, OSError):
        return True
    try:
        return c.cmd("PING") != b"+PONG\r\n"
    except (ssl.SSLError, OSError, ConnectionError):
        return True
    finally:
        c.close()


class TlsServers(harness.Servers):
    def __init__(self):
        self.sable_tls = free_port()
        self.redis_tls = free_port()
        self.sable_server = harness.start_sable(tls_args(self.sable_tls))
        self.redis_server = harness.start_redis(tls_args(self.redis_tls))
        self.sable = self.sable_server.conn()
        self.redis = self.redis_server.conn()

    def tls(self, **kw):
        return TlsConn(self.sable_tls, **kw), TlsConn(self.redis_tls, **kw)

    def config_both(self, *args):
        a, b = self.both("CONFIG", "SET", *args)
        assert a == b, (args, a, b)
        return a


def same_over(conns, *args):
    a, b = (c.cmd(*args) for c in conns)
    assert a == b, "reply differs for %r:\n  sable: %r\n  redis: %r" % (args, a, b)
    return a


def test_commands_over_tls(s):
    conns = s.tls()
    same_over(conns, "PING")
    same_over(conns, "SET", "k", "v")
    same_over(conns, "GET", "k")
    same_over(conns, "INCR", "n")
    same_over(conns, "RPUSH", "l", "a", "b", "c")
    same_over(conns, "LRANGE", "l", "0", "-1")
    same_over(conns, "HSET", "h", "f", "1")
    same_over(conns, "HGETALL", "h")
    same_over(conns, "GET", "missing")
    same_over(conns, "NOSUCHCOMMAND", "x")
    for c in conns:  # (the reply holds the client id, which differs)
        assert c.cmd("HELLO", "3").startswith(b"%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n")
    same_over(conns, "HGETALL", "h")
    for c in conns:
        c.close()
    # Written over TLS, visible on the plain port.
    assert s.sable.cmd("GET", "k") == b"$1\r\nv\r\n"


def test_large_value_and_pipeline(s):
    conns = s.tls()
    big = os.urandom(3 * 1024 * 1024 + 17)
    same_over(conns, "SET", "big", big)
    assert conns[0].cmd("GET", "big") == b"$%d\r\n%s\r\n" % (len(big), big)
    assert conns[0].cmd("STRLEN", "big") == conns[1].cmd("STRLEN", "big")
    # 2,000 pipelined commands in one write; the replies arrive in order.
    batch = b"".join(Conn.encode("INCR", "ctr") for _ in range(2000))
    for c in conns:
        c.send_raw(batch)
    for i in range(2000):
        a, b = conns[0].read_reply(), conns[1].read_reply()
        assert a == b == b":%d\r\n" % (i + 1), (i, a, b)
    for c in conns:
        c.close()


def test_plain_port_alongside(s):
    s.same("SET", "plain", "yes")
    c = TlsConn(s.sable_tls)
    assert c.cmd("GET", "plain") == b"$3\r\nyes\r\n"
    c.close()
    # The plain port does not speak TLS, and the TLS port does not speak plain RESP.
    for port in (s.sable_server.port, s.redis_server.port):
        assert tls_fails(port, client_context())


def test_plaintext_on_tls_port(s):
    for port in (s.sable_tls, s.redis_tls):
        c = Conn(port)
        c.send_raw(b"PING\r\n*1\r\n$4\r\nPING\r\n")
        assert c.closed(5.0), port
        c.close()
    assert s.sable.cmd("PING") == b"+PONG\r\n"


def test_vanishing_handshakes(s):
    # Peers that send half a ClientHello, or nothing, then vanish; others are served meanwhile.
    hello = bytes.fromhex("160301020001")  # a record header promising more than arrives
    socks = []
    for _ in range(50):
        k = socket.create_connection(("127.0.0.1", s.sable_tls), timeout=5)
        k.sendall(hello)
        socks.append(k)
    c = TlsConn(s.sable_tls)
    assert c.cmd("PING") == b"+PONG\r\n"
    for k in socks:
        k.close()
    k = socket.create_connection(("127.0.0.1", s.sable_tls), timeout=5)
    k.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    k.close()  # a reset
    assert c.cmd("PING") == b"+PONG\r\n"
    deadline = time.time() + 5
    while time.time() < deadline:
        info = parse(s.sable.cmd("INFO", "clients")).decode()
        if "connected_clients:2\r\n" in info:
            break
        time.sleep(0.05)
    assert "connected_clients:2\r\n" in info, info
    c.close()


def test_client_certificates(s):
    # tls-auth-clients yes (the default): a certificate from the trusted CA is required.
    for port in (s.sable_tls, s.redis_tls):
        assert not tls_fails(port, client_context("client")), port
        assert tls_fails(port, client_context(None)), port
        assert tls_fails(port, client_context("stranger")), port
    # optional: no certificate is fine, an untrusted one is still refused.
    assert s.config_both("tls-auth-clients", "optional") == b"+OK\r\n"
    for port in (s.sable_tls, s.redis_tls):
        assert not tls_fails(port, client_context(None)), port
        assert not tls_fails(port, client_context("client")), port
        assert tls_fails(port, client_context("stranger")), port
    # no: certificates are not asked for.
    s.config_both("tls-auth-clients", "no")
    for port in (s.sable_tls, s.redis_tls):
        assert not tls_fails(port, client_context(None)), port
        assert not tls_fails(port, client_context("stranger")), port
    s.same("CONFIG", "GET", "tls-auth-clients")
    s.config_both("tls-auth-clients", "yes")
    assert tls_fails(s.sable_tls, client_context(None))
    s.same("CONFIG", "SET", "tls-auth-clients", "sometimes")


def test_server_verified_by_client(s):
    # A client that checks the server's certificate against the CA and the name 127.0.0.1.
    ctx = client_context("client")
    assert ctx.check_hostname and ctx.verify_mode == ssl.CERT_REQUIRED
    c = TlsConn(s.sable_tls, ctx)
    peer = c.sock.getpeercert()
    assert ("IP Address", "127.0.0.1") in peer["subjectAltName"], peer
    c.close()


def test_protocols(s):
    tls12 = dict(min_version=ssl.TLSVersion.TLSv1_2, max_version=ssl.TLSVersion.TLSv1_2)
    tls13 = dict(min_version=ssl.TLSVersion.TLSv1_3, max_version=ssl.TLSVersion.TLSv1_3)
    for port in (s.sable_tls, s.redis_tls):
        assert not tls_fails(port, client_context("client", **tls12))
        assert not tls_fails(port, client_context("client", **tls13))
    s.config_both("tls-protocols", "TLSv1.3")
    for port in (s.sable_tls, s.redis_tls):
        assert tls_fails(port, client_context("client", **tls12)), port
        assert not tls_fails(port, client_context("client", **tls13)), port
    s.config_both("tls-protocols", "tlsv1.2")
    for port in (s.sable_tls, s.redis_tls):
        assert not tls_fails(port, client_context("client", **tls12)), port
        assert tls_fails(port, client_context("client", **tls13)), port
    s.same("CONFIG", "SET", "tls-protocols", "TLSv9")
    s.same("CONFIG", "GET", "tls-protocols")
    s.config_both("tls-protocols", "")


def test_ciphers(s):
    s.same("CONFIG", "SET", "tls-ciphers", "NOT-A-CIPHER")
    s.same("CONFIG", "SET", "tls-ciphersuites", "TLS_NOT_A_SUITE")
    s.config_both("tls-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256")
    c = TlsConn(s.sable_tls, client_context("client", min_version=ssl.TLSVersion.TLSv1_3))
    assert c.sock.cipher()[0] == "TLS_CHACHA20_POLY1305_SHA256", c.sock.cipher()
    c.close()
    s.config_both("tls-ciphersuites", "")
    s.config_both("tls-prefer-server-ciphers", "yes")
    s.config_both("tls-ciphers", "ECDHE-RSA-AES128-GCM-SHA256")
    c = TlsConn(s.sable_tls, client_context("client", max_version=ssl.TLSVersion.TLSv1_2))
    assert c.sock.cipher()[0] == "ECDHE-RSA-AES128-GCM-SHA256", c.sock.cipher()
    c.close()
    s.config_both("tls-ciphers", "")
    s.config_both("tls-prefer-server-ciphers", "no")


def test_config_get_and_bad_settings(s):
    a = parse(s.sable.cmd("CONFIG", "GET", "tls-*"))
    b = parse(s.redis.cmd("CONFIG", "GET", "tls-*"))
    da = dict(zip(a[::2], a[1::2]))
    db = dict(zip(b[::2], b[1::2]))
    da.pop(b"tls-port"), db.pop(b"tls-port")
    assert da == db, (da, db)
    # A certificate that does not exist, or a key that is not the certificate's, is refused with
    # Redis's error, and the running configuration stays as it was.
    s.same("CONFIG", "SET", "tls-cert-file", cert("nonexistent.crt"))
    s.same("CONFIG", "SET", "tls-key-file", cert("client.key"))
    s.same("CONFIG", "GET", "tls-key-file")
    assert not tls_fails(s.sable_tls, client_context())
    # A certificate and its key changed in one CONFIG SET apply together.
    s.config_both("tls-cert-file", cert("client.crt"), "tls-key-file", cert("client.key"))
    c = TlsConn(s.sable_tls, client_context(verify=False))
    assert c.cmd("PING") == b"+PONG\r\n"
    c.close()
    s.config_both("tls-cert-file", cert("server.crt"), "tls-key-file", cert("server.key"))
    # CA settings: a missing CA file is refused.
    s.same("CONFIG", "SET", "tls-ca-cert-file", cert("nonexistent-ca.crt"))
    s.same("CONFIG", "SET", "tls-session-cache-size", "-1")
    assert not tls_fails(s.sable_tls, client_context())


def test_move_tls_port(s):
    new_sable, new_redis = free_port(), free_port()
    old_sable = s.sable_tls
    assert s.sable.cmd("CONFIG", "SET", "tls-port", str(new_sable)) == b"+OK\r\n"
    assert s.redis.cmd("CONFIG", "SET", "tls-port", str(new_redis)) == b"+OK\r\n"
    s.sable_tls, s.redis_tls = new_sable, new_redis
    conns = s.tls()
    same_over(conns, "PING")
    for c in conns:
        c.close()
    try:
        socket.create_connection(("127.0.0.1", old_sable), timeout=2).close()
        assert False, "the old TLS port still listens"
    except ConnectionRefusedError:
        pass
    # A port in use is refused with Redis's error, and the current one stays.
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    a = s.sable.cmd("CONFIG", "SET", "tls-port", str(port))
    b = s.redis.cmd("CONFIG", "SET", "tls-port", str(port))
    busy.close()
    assert a == b, (a, b)
    assert not tls_fails(s.sable_tls, client_context())
    # tls-port 0 closes the TLS listeners; the plain port goes on.
    s.sable.cmd("CONFIG", "SET", "tls-port", "0")
    try:
        socket.create_connection(("127.0.0.1", new_sable), timeout=2).close()
        assert False, "tls-port 0 still listens"
    except ConnectionRefusedError:
        pass
    assert s.sable.cmd("CONFIG", "SET", "tls-port", str(new_sable)) == b"+OK\r\n"
    assert not tls_fails(s.sable_tls, client_context())


def test_session_resumption(s):
    for port in (s.sable_tls, s.redis_tls):
        ctx = client_context("client", max_version=ssl.TLSVersion.TLSv1_2)
        c = TlsConn(port, ctx)
        c.cmd("PING")
        sess = c.sock.session
        c.close()
        try:
            c = TlsConn(port, ctx, session=sess)
        except ssl.SSLError as e:
            raise AssertionError("resumption on %s port failed: %s" % (
                "Sable" if port == s.sable_tls else "Redis", e))
        assert c.sock.session_reused, port
        assert c.cmd("PING") == b"+PONG\r\n"
        c.close()
    # With caching off a new full handshake is made. (Only Sable is asked: Redis 7.0.15 answers
    # a client that offers its old session with an internal-error alert.)
    s.config_both("tls-session-caching", "no")
    ctx = client_context("client", max_version=ssl.TLSVersion.TLSv1_2)
    for port in (s.sable_tls,):
        c = TlsConn(port, ctx)
        c.cmd("PING")
        sess = c.sock.session
        c.close()
        c = TlsConn(port, ctx, session=sess)
        assert not c.sock.session_reused, port
        c.close()
    s.config_both("tls-session-caching", "yes")


def test_blocking_and_pubsub_over_tls(s):
    conns = s.tls()
    for c in conns:
        c.send_raw(Conn.encode("BLPOP", "q", "5"))
    time.sleep(0.2)
    s.same("RPUSH", "q", "job")
    assert conns[0].read_reply() == conns[1].read_reply() == b"*2\r\n$1\r\nq\r\n$3\r\njob\r\n"
    same_over(conns, "SUBSCRIBE", "news")
    s.same("PUBLISH", "news", "x" * 100000)
    a, b = conns[0].read_reply(), conns[1].read_reply()
    assert a == b and a.endswith(b"x" * 1000 + b"\r\n"), (a[:60], b[:60])
    for c in conns:
        c.close()


def test_maxclients_refusal_after_handshake(s):
    clients = int(parse(s.sable.cmd("INFO", "clients")).decode().split(
        "connected_clients:")[1].split("\r\n")[0])
    s.sable.cmd("CONFIG", "SET", "maxclients", str(clients))
    try:
        c = TlsConn(s.sable_tls)
        assert c.read_reply() == b"-ERR max number of clients reached\r\n"
        c.close()
    finally:
        s.sable.cmd("CONFIG", "SET", "maxclients", "10000")
    assert not tls_fails(s.sable_tls, client_context())


def test_redis_py_ssl(s):
    import redis
    for port in (s.sable_tls, s.redis_tls):
        r = redis.Redis(host="127.0.0.1", port=port, ssl=True, ssl_certfile=cert("client.crt"),
                        ssl_keyfile=cert("client.key"), ssl_ca_certs=cert("ca.crt"),
                        ssl_cert_reqs="required", socket_timeout=10)
        assert r.ping()
        r.set("py", "ssl")
        assert r.get("py") == b"ssl"
        p = r.pipeline()
        for i in range(500):
            p.rpush("pl", i)
        assert p.execute()[-1] == 500
        assert r.lrange("pl", 0, 2) == [b"0", b"1", b"2"]
        r.hset("ph", mapping={"a": "1", "b": "2"})
        assert r.hgetall("ph") == {b"a": b"1", b"b": b"2"}
        r.close()
        # Without a client certificate the server refuses.
        r = redis.Redis(host="127.0.0.1", port=port, ssl=True, ssl_ca_certs=cert("ca.crt"),
                        socket_timeout=5)
        try:
            r.ping()
            assert False, "a client without a certificate was served on %d" % port
        except (redis.exceptions.ConnectionError, OSError):
            pass
        r.close()


def test_redis_cli_tls(s):
    args = ["--tls", "--cacert", cert("ca.crt"), "--cert", cert("client.crt"), "--key",
            cert("client.key")]
    outs = []
    for port in (s.sable_tls, s.redis_tls):
        cmds = [["SET", "cli", "tls"], ["GET", "cli"], ["LPUSH", "cl", "a", "b"],
                ["LRANGE", "cl", "0", "-1"], ["INCRBY", "cn", "5"]]
        out = []
        for c in cmds:
            r = subprocess.run(["redis-cli", "-p", str(port)] + args + c, capture_output=True,
                               timeout=20)
            out.append((r.returncode, r.stdout))
        r = subprocess.run(["redis-cli", "-p", str(port)] + args, input=b"PING\nDBSIZE\n",
                           capture_output=True, timeout=20)
        out.append((r.returncode, r.stdout))
        # Without a client certificate redis-cli cannot run a command.
        r = subprocess.run(["redis-cli", "-p", str(port), "--tls", "--cacert", cert("ca.crt"),
                            "PING"], capture_output=True, timeout=20)
        out.append((r.returncode == 0, b"PONG" in r.stdout))
        outs.append(out)
    assert outs[0] == outs[1], outs


def test_passphrase_key(s):
    # An encrypted key loads with tls-key-file-pass; without it the server refuses to start, as
    # Redis does, with the same log lines.
    port = free_port()
    srv = harness.start_sable(tls_args(port, "server-enc.key", ["--tls-key-file-pass", "sesame"]))
    try:
        assert not tls_fails(port, client_context())
    finally:
        assert srv.stop() == 0
        shutil.rmtree(srv.workdir, ignore_errors=True)
    lines = []
    for binary in (os.environ.get("SABLE_SERVER") or os.path.join(
            os.path.dirname(__file__), "..", "..", "build", "release", "sable-server"),
                   "/usr/bin/redis-server"):
        p = subprocess.run([binary, "--port", str(free_port()), "--save", ""] +
                           tls_args(free_port(), "server-enc.key"), capture_output=True,
                           timeout=20, cwd=CERTS)
        assert p.returncode != 0
        text = p.stdout.decode(errors="replace")
        lines.append([l.split(" # ", 1)[1] for l in text.splitlines() if " # " in l and
                      ("TLS" in l or "key" in l)])
    assert lines[0] == lines[1], lines


if __name__ == "__main__":
    try:
        run_tests(globals(), TlsServers)
    finally:
        shutil.rmtree(CERTS, ignore_errors=True)
