"""The append-only file (Redis 7.0's multi-part AOF): what Sable writes replays to the same data
after a restart and DEBUG LOADAOF, including commands whose outcome depends on chance or the clock
(SPOP, XADD *, consumer groups, relative TTLs), scripts and transactions; BGREWRITEAOF and CONFIG
SET appendonly switch files safely; a truncated tail loads as aof-load-truncated says; and the
directory moves between Sable and Debian's redis-server both ways (redis-check-aof accepts it).
"""
import os
import shutil
import subprocess
import tempfile
import time

from harness import (REDIS_SERVER, Server, free_port, parse, run_tests, start_sable)


def sable_binary():
    binary = os.environ.get("SABLE_SERVER")
    if binary:
        return binary
    root = os.environ.get("SABLE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
    return os.path.join(root, "build", "release", "sable-server")


def sable_in(workdir, *extra):
    port = free_port()
    argv = [sable_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--enable-debug-command", "yes", "--appendonly", "yes"] + list(extra)
    return Server(argv, port, workdir)


def redis_in(workdir, *extra):
    port = free_port()
    argv = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir",
            workdir, "--enable-debug-command", "yes", "--appendonly", "yes"] + list(extra)
    srv = Server(argv, port, workdir)
    c = srv.conn()
    deadline = time.time() + 20
    while c.cmd("PING").startswith(b"-LOADING"):  # Redis answers while it loads the files
        assert time.time() < deadline, "redis-server still loading"
        time.sleep(0.05)
    c.close()
    return srv


def snapshot(conn):
    """Every key of every database with its type, value and absolute expiry."""
    out = {}
    for db in range(16):
        conn.cmd("SELECT", str(db))
        for key in sorted(parse(conn.cmd("KEYS", "*"))):
            t = parse(conn.cmd("TYPE", key))
            if t == b"string":
                v = parse(conn.cmd("GET", key))
            elif t == b"list":
                v = parse(conn.cmd("LRANGE", key, "0", "-1"))
            elif t == b"hash":
                v = sorted(parse(conn.cmd("HGETALL", key)))
            elif t == b"set":
                v = sorted(parse(conn.cmd("SMEMBERS", key)))
            elif t == b"zset":
                v = parse(conn.cmd("ZRANGE", key, "0", "-1", "WITHSCORES"))
            elif t == b"stream":
                v = (parse(conn.cmd("XRANGE", key, "-", "+")),
                     parse(conn.cmd("XINFO", "GROUPS", key)) and
                     [g[:8] for g in parse(conn.cmd("XINFO", "GROUPS", key))],
                     parse(conn.cmd("XPENDING", key, "g", "-", "+", "100")
                           if b"g" in str(parse(conn.cmd("XINFO", "GROUPS", key))).encode()
                           else conn.cmd("PING")))
            else:
                v = t
            out[(db, key)] = (t, v, parse(conn.cmd("PEXPIRETIME", key)))
    conn.cmd("SELECT", "0")
    return out


def workload(c):
    c.cmd("SET", "s", "v")
    c.cmd("SET", "ttl", "v", "EX", "1000")
    c.cmd("SETEX", "ttl2", "500", "v")
    c.cmd("INCR", "n")
    c.cmd("INCRBYFLOAT", "f", "1.5")
    c.cmd("RPUSH", "l", "a", "b", "c")
    c.cmd("LPOP", "l")
    c.cmd("HSET", "h", "f", "v", "g", "w")
    c.cmd("SADD", "set", *[str(i) for i in range(20)])
    c.cmd("SPOP", "set", "3")
    c.cmd("SPOP", "set")
    c.cmd("ZADD", "z", "1", "a", "2", "b")
    c.cmd("ZINCRBY", "z", "5", "a")
    c.cmd("EXPIRE", "h", "3000")
    for i in range(30):
        c.cmd("XADD", "st", "MAXLEN", "~", "10", "*", "i", str(i))
    c.cmd("XGROUP", "CREATE", "st", "g", "0")
    c.cmd("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "st", ">")
    c.cmd("EVAL", "redis.call('set', KEYS[1], ARGV[1]) redis.call('incr', 'n') "
                  "return redis.call('spop', 'set')", "1", "fromscript", "x")
    c.cmd("MULTI")
    c.cmd("SELECT", "3")
    c.cmd("SET", "in3", "v")
    c.cmd("SELECT", "0")
    c.cmd("DEL", "s")
    c.cmd("EXEC")
    c.cmd("SET", "gone", "v", "PX", "1")
    time.sleep(0.01)
    c.cmd("GET", "gone")  # expires: written as DEL
    c.cmd("FUNCTION", "LOAD", "#!lua name=aoflib\nredis.register_function('aoff', "
                              "function() return 7 end)")


def test_restart_and_loadaof_give_the_same_data(s):
    d = tempfile.mkdtemp(prefix="sable-aof-")
    try:
        srv = sable_in(d)
        c = srv.conn()
        workload(c)
        before = snapshot(c)
        assert c.cmd("DEBUG", "LOADAOF") == b"+OK\r\n"
        assert snapshot(c) == before
        assert c.cmd("FCALL", "aoff", "0") == b":7\r\n"
        c.close()
        srv.stop()
        srv = sable_in(d)
        c = srv.conn()
        assert snapshot(c) == before
        assert c.cmd("FCALL", "aoff", "0") == b":7\r\n"
        c.close()
        srv.stop()
        # redis-check-aof accepts what Sable wrote.
        manifest = os.path.join(d, "appendonlydir", "appendonly.aof.manifest")
        out = subprocess.run(["redis-check-aof", manifest], capture_output=True, text=True)
        assert "is valid" in out.stdout, out.stdout + out.stderr
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_rewrite_and_runtime_enable(s):
    d = tempfile.mkdtemp(prefix="sable-aof-")
    try:
        port = free_port()
        srv = Server([sable_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                      "--enable-debug-command", "yes"], port, d)
        c = srv.conn()
        c.cmd("SET", "before", "1")
        assert c.cmd("CONFIG", "SET", "appendonly", "yes") == b"+OK\r\n"
        assert c.cmd("CONFIG", "GET", "appendonly") == parse_ok(["appendonly", "yes"])
        c.cmd("RPUSH", "after", "x")
        # The first base is written by a child, as in Redis: a BGREWRITEAOF meanwhile is refused.
        r = c.cmd("BGREWRITEAOF")
        assert r in (b"-ERR Background append only file rewriting already in progress\r\n",
                     b"+Background append only file rewriting started\r\n"), r
        deadline = time.time() + 10
        while b"aof_rewrite_in_progress:1" in c.cmd("INFO", "persistence"):
            assert time.time() < deadline
            time.sleep(0.05)
        c.cmd("RPUSH", "after", "y")
        assert c.cmd("BGREWRITEAOF").startswith(b"+Background append only file rewriting")
        deadline = time.time() + 10
        while b"aof_rewrite_in_progress:1" in c.cmd("INFO", "persistence"):
            assert time.time() < deadline
            time.sleep(0.05)
        info = c.cmd("INFO", "persistence")
        assert b"aof_enabled:1" in info and b"aof_last_bgrewrite_status:ok" in info, info
        c.cmd("SET", "later", "2")
        want = snapshot(c)
        assert c.cmd("DEBUG", "LOADAOF") == b"+OK\r\n"
        assert snapshot(c) == want
        names = sorted(os.listdir(os.path.join(d, "appendonlydir")))
        assert len(names) == 3 and names[0].endswith(".base.rdb") and \
            names[1].endswith(".incr.aof") and names[2] == "appendonly.aof.manifest", names
        c.close()
        srv.stop()
    finally:
        shutil.rmtree(d, ignore_errors=True)


def parse_ok(words):
    return b"".join([b"*%d\r\n" % len(words)] +
                    [b"$%d\r\n%s\r\n" % (len(w), w.encode()) for w in words])


def test_truncated_tail(s):
    d = tempfile.mkdtemp(prefix="sable-aof-")
    try:
        srv = sable_in(d)
        c = srv.conn()
        c.cmd("SET", "a", "1")
        c.cmd("SET", "b", "2")
        c.close()
        srv.stop()
        incr = os.path.join(d, "appendonlydir", "appendonly.aof.1.incr.aof")
        with open(incr, "ab") as f:
            f.write(b"*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1")  # cut short by a crash
        # aof-load-truncated no: refuses to start.
        port = free_port()
        p = subprocess.run([sable_binary(), "--port", str(port), "--save", "", "--appendonly",
                            "yes", "--aof-load-truncated", "no"], cwd=d, capture_output=True,
                           text=True, timeout=20)
        assert p.returncode != 0 and "Unexpected end of file" in p.stdout + p.stderr, p
        # The default loads what is whole and cuts the tail off.
        srv = sable_in(d)
        c = srv.conn()
        assert c.cmd("GET", "b") == b"$1\r\n2\r\n"
        assert c.cmd("EXISTS", "c") == b":0\r\n"
        c.cmd("SET", "d", "4")
        c.close()
        srv.stop()
        srv = sable_in(d)
        c = srv.conn()
        assert c.cmd("GET", "d") == b"$1\r\n4\r\n"
        c.close()
        srv.stop()
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_large_incremental_file_streams(s):
    # An incremental file of several read slices (4 MB each), with values that straddle them.
    d = tempfile.mkdtemp(prefix="sable-aof-")
    try:
        srv = sable_in(d)
        c = srv.conn()
        big = os.urandom(9 * 1024 * 1024 + 3)
        c.cmd("SET", "big", big)
        batch = b"".join(c.encode("SET", "k:%d" % i, "v" * (i % 200)) for i in range(60000))
        c.send_raw(batch)
        for _ in range(60000):
            assert c.read_reply() == b"+OK\r\n"
        c.cmd("SET", "big2", big[::-1])
        c.close()
        srv.stop()
        incr = [f for f in os.listdir(os.path.join(d, "appendonlydir")) if f.endswith(".incr.aof")]
        assert os.path.getsize(os.path.join(d, "appendonlydir", incr[0])) > 24 * 1024 * 1024
        srv = sable_in(d)
        c = srv.conn()
        assert c.cmd("DBSIZE") == b":60002\r\n"
        assert c.cmd("GET", "big") == b"$%d\r\n%s\r\n" % (len(big), big)
        assert c.cmd("GET", "big2") == b"$%d\r\n%s\r\n" % (len(big), big[::-1])
        assert c.cmd("GET", "k:59999") == b"$199\r\n" + b"v" * 199 + b"\r\n"
        c.close()
        srv.stop()
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_directory_moves_between_sable_and_redis(s):
    a = tempfile.mkdtemp(prefix="sable-aof-")
    b = tempfile.mkdtemp(prefix="redis-aof-")
    try:
        srv = sable_in(a)
        c = srv.conn()
        workload(c)
        want = snapshot(c)
        c.close()
        srv.stop()
        shutil.copytree(os.path.join(a, "appendonlydir"), os.path.join(b, "appendonlydir"))
        red = redis_in(b)
        r = red.conn()
        assert snapshot(r) == want
        assert r.cmd("FCALL", "aoff", "0") == b":7\r\n"
        r.cmd("SADD", "fromredis", "x", "y")
        r.cmd("SPOP", "fromredis")
        r.cmd("XADD", "st", "*", "from", "redis")
        want = snapshot(r)
        r.close()
        red.stop()
        shutil.rmtree(os.path.join(a, "appendonlydir"))
        shutil.copytree(os.path.join(b, "appendonlydir"), os.path.join(a, "appendonlydir"))
        srv = sable_in(a)
        c = srv.conn()
        assert snapshot(c) == want
        c.close()
        srv.stop()
    finally:
        shutil.rmtree(a, ignore_errors=True)
        shutil.rmtree(b, ignore_errors=True)


if __name__ == "__main__":
    run_tests(globals())
