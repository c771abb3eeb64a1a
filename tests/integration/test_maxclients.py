"""maxclients against the open-file limit, next to redis-server started the same way: at start-up
the server raises RLIMIT_NOFILE to maxclients + 32 when the hard limit allows it, and otherwise
lowers maxclients to what the limit serves with Redis's three warning lines; the connection past
maxclients gets "-ERR max number of clients reached"."""
import os
import shutil
import socket
import sys
import tempfile

from harness import REDIS_SERVER, Conn, Server, free_port, parse

SABLE = os.environ.get("SABLE_SERVER") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "release", "sable-server")


def limit_prefix(soft, hard):
    prefix = ["prlimit", "--nofile=%d:%d" % (soft, hard)]
    # With CAP_SYS_RESOURCE a process may raise its hard limit: drop it so the limit holds.
    with open("/proc/self/status") as f:
        eff = next(int(l.split()[1], 16) for l in f if l.startswith("CapEff:"))
    if eff & (1 << 24):
        prefix = ["setpriv", "--inh-caps=-sys_resource", "--bounding-set=-sys_resource"] + prefix
    return prefix


def start(binary, soft, hard, maxclients):
    workdir = tempfile.mkdtemp(prefix="sable-maxclients-")
    port = free_port()
    argv = limit_prefix(soft, hard) + [binary, "--port", str(port), "--bind", "127.0.0.1",
                                       "--save", "", "--appendonly", "no",
                                       "--maxclients", str(maxclients)]
    return Server(argv, port, workdir)


def stop(srv):
    rc = srv.stop()
    log = open(os.path.join(srv.workdir, "server.log"), "rb").read().decode(errors="replace")
    shutil.rmtree(srv.workdir, ignore_errors=True)
    return rc, log


def nofile_limit(pid):
    with open("/proc/%d/limits" % pid) as f:
        for line in f:
            if line.startswith("Max open files"):
                return int(line.split()[3])
    return None


def fill_and_overflow(srv, maxclients):
    """Opens maxclients connections that all answer, then one more that is refused."""
    conns = [Conn(srv.port) for _ in range(maxclients)]
    try:
        for c in conns:
            assert c.cmd("PING") == b"+PONG\r\n"
        extra = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        extra.settimeout(10)
        data = b""
        while not data.endswith(b"\r\n"):
            chunk = extra.recv(4096)
            if not chunk:
                break
            data += chunk
        extra.close()
        return data
    finally:
        for c in conns:
            c.close()


WARNINGS = ["You requested maxclients of 10000 requiring at least 10032 max file descriptors.",
            "Server can't set maximum open files to 10032 because of OS error: Operation not "
            "permitted.",
            "Current maximum open files is 64. maxclients has been reduced to 32 to compensate "
            "for low ulimit. If you need higher maxclients increase 'ulimit -n'."]


def test_low_ulimit_lowers_maxclients():
    replies = {}
    for name, binary in (("sable", SABLE), ("redis", REDIS_SERVER)):
        srv = start(binary, 64, 64, 10000)
        try:
            c = srv.conn()
            replies[name] = c.cmd("CONFIG", "GET", "maxclients")
            maxclients = int(parse(replies[name])[1])
            c.close()
            replies[name + " overflow"] = fill_and_overflow(srv, maxclients)
        finally:
            rc, log = stop(srv)
        for w in WARNINGS:
            assert w in log, (name, w, log[-2000:])
        if name == "sable":
            assert rc == 0, (rc, log[-2000:])
    assert replies["sable"] == replies["redis"], replies
    assert parse(replies["sable"]) == [b"maxclients", b"32"], replies
    assert replies["sable overflow"] == b"-ERR max number of clients reached\r\n", replies
    assert replies["sable overflow"] == replies["redis overflow"], replies


def test_limit_is_raised_when_the_hard_limit_allows():
    for binary in (SABLE, REDIS_SERVER):
        srv = start(binary, 64, 4096, 1000)
        try:
            c = srv.conn()
            assert parse(c.cmd("CONFIG", "GET", "maxclients")) == [b"maxclients", b"1000"]
            c.close()
            assert nofile_limit(srv.proc.pid) == 1032, (binary, nofile_limit(srv.proc.pid))
        finally:
            rc, log = stop(srv)
        assert "Increased maximum number of open files to 1032 (it was originally set to 64)." in log, log[-2000:]


def test_config_set_maxclients_needs_the_descriptors():
    replies = {}
    for name, binary in (("sable", SABLE), ("redis", REDIS_SERVER)):
        srv = start(binary, 64, 64, 20)
        try:
            c = srv.conn()
            replies[name] = [c.cmd("CONFIG", "SET", "maxclients", "100"),  # needs 132 fds
                             c.cmd("CONFIG", "GET", "maxclients"),
                             c.cmd("CONFIG", "SET", "maxclients", "30"),  # 62 fit
                             c.cmd("CONFIG", "SET", "maxclients", "10"),  # lowering always does
                             c.cmd("CONFIG", "GET", "maxclients")]
            c.close()
        finally:
            stop(srv)
    assert replies["sable"] == replies["redis"], replies
    assert b"not able to handle the specified number of clients, try with 32" in \
        replies["sable"][0], replies


if __name__ == "__main__":
    failed = 0
    for name, fn in sorted(globals().items()):
        if name.startswith("test_") and callable(fn):
            try:
                fn()
                print("ok   %s" % name)
            except Exception:
                import traceback
                failed += 1
                print("FAIL %s" % name)
                traceback.print_exc()
    print("%d passed, %d failed" % (3 - failed, failed))
    sys.exit(1 if failed else 0)
