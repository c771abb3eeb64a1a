"""Real clients against Sable: redis-py (Debian's python3-redis), redis-cli and redis-benchmark.

These check that off-the-shelf tools work end to end: connection set-up, pipelining, mass
insertion with `redis-cli --pipe`, and a short redis-benchmark run.
"""
import os
import subprocess
import tempfile

import redis

from harness import Conn, run_tests

REDIS_CLI = "/usr/bin/redis-cli"
REDIS_BENCHMARK = "/usr/bin/redis-benchmark"


def client(s, **kw):
    return redis.Redis(host="127.0.0.1", port=s.sable_server.port, socket_timeout=10, **kw)


def has(s, *cmd):
    """Sends `cmd` to Sable and fails the test if Sable does not know it (no silent skips)."""
    reply = s.sable.cmd(*cmd)
    assert not reply.startswith(b"-ERR unknown command"), (cmd, reply)
    return True


def test_redis_py_basic_ops(s):
    r = client(s)
    assert r.ping() is True
    assert r.echo("hi") == b"hi"
    assert r.set("name", "sable") is True
    assert r.get("name") == b"sable"
    assert r.get("missing") is None
    assert r.set("name", "x", nx=True) is None
    assert r.set("ttl", "v", ex=100) is True
    assert r.incr("n") == 1
    assert r.incrby("n", 41) == 42
    assert r.decr("n") == 41
    assert abs(r.incrbyfloat("f", 1.5) - 1.5) < 1e-12
    assert r.mset({"a": "1", "b": "2"}) is True
    assert r.mget(["a", "b", "nope"]) == [b"1", b"2", None]
    assert r.append("a", "23") == 3
    assert r.strlen("a") == 3
    assert r.exists("a", "b", "nope") == 2
    assert r.delete("a", "nope") == 1
    binary = bytes(range(256))
    r.set(b"bin\x00key", binary)
    assert r.get(b"bin\x00key") == binary
    try:
        r.execute_command("NOSUCHCOMMAND")
        raise AssertionError("unknown command accepted")
    except redis.ResponseError as e:
        assert "unknown command" in str(e)
    r.close()


def test_redis_py_pipeline(s):
    r = client(s)
    p = r.pipeline(transaction=False)
    for i in range(500):
        p.set("p:%d" % i, i)
    for i in range(500):
        p.get("p:%d" % i)
    res = p.execute()
    assert res[:500] == [True] * 500
    assert res[500:] == [str(i).encode() for i in range(500)]
    # A MULTI/EXEC pipeline, when transactions are there.
    if has(s, "MULTI"):
        s.sable.cmd("DISCARD")
        p = r.pipeline(transaction=True)
        p.incr("tx").incr("tx").get("tx")
        assert p.execute() == [1, 2, b"2"]
    r.close()


def run(argv, timeout=60, **kw):
    return subprocess.run(argv, capture_output=True, timeout=timeout, **kw)


def test_redis_cli_ping(s):
    out = run([REDIS_CLI, "-p", str(s.sable_server.port), "ping"])
    assert out.returncode == 0, out
    assert out.stdout.strip() == b"PONG", out.stdout
    out = run([REDIS_CLI, "-p", str(s.sable_server.port), "set", "cli", "hello world"])
    assert out.stdout.strip() == b"OK", out.stdout
    out = run([REDIS_CLI, "-p", str(s.sable_server.port), "get", "cli"])
    assert out.stdout.strip() == b"hello world", out.stdout


def test_redis_cli_pipe_mass_insertion(s):
    n = 10000
    with tempfile.NamedTemporaryFile(suffix=".resp", delete=False) as f:
        for i in range(n):
            f.write(Conn.encode("SET", "mass:%d" % i, "value:%d" % i))
        path = f.name
    try:
        with open(path, "rb") as stdin:
            out = run([REDIS_CLI, "-p", str(s.sable_server.port), "--pipe"], stdin=stdin)
    finally:
        os.unlink(path)
    text = out.stdout.decode(errors="replace") + out.stderr.decode(errors="replace")
    assert out.returncode == 0, text
    assert "errors: 0, replies: %d" % n in text, text
    if has(s, "DBSIZE"):
        assert s.sable.cmd("DBSIZE") == b":%d\r\n" % n
    for i in (0, 1, 4999, n - 1):
        v = b"value:%d" % i
        assert s.sable.cmd("GET", "mass:%d" % i) == b"$%d\r\n%s\r\n" % (len(v), v)


def test_redis_benchmark_set_get(s):
    out = run([REDIS_BENCHMARK, "-p", str(s.sable_server.port), "-t", "set,get", "-n", "2000",
               "-q"], timeout=120)
    text = out.stdout.decode(errors="replace")
    err = out.stderr.decode(errors="replace")
    assert out.returncode == 0, (text, err)
    lines = [l for l in text.replace("\r", "\n").split("\n") if "requests per second" in l]
    names = [l.split(":")[0].strip() for l in lines]
    assert names == ["SET", "GET"], text
    assert "error" not in (text + err).lower().replace("could not fetch server config", ""), \
        (text, err)
    assert s.sable.cmd("PING") == b"+PONG\r\n"


if __name__ == "__main__":
    run_tests(globals())
