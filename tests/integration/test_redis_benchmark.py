"""redis-benchmark 7.0 (Debian redis-tools) against Sable, next to Debian's redis-server.

Every default test (no -t), plain and pipelined (-P 8), must run without an error and report the
same list of tests as against Redis; then --csv, random keys (-r), value size (-d), -t subsets,
and custom commands (EVAL, with __rand_int__). Request counts are small so each run is short.
"""
import csv
import io
import re
import subprocess

from harness import parse, run_tests

REDIS_BENCHMARK = "/usr/bin/redis-benchmark"
RESULT = re.compile(r"^\s*(.+?): ([\d.]+) requests per second")


def bench(port, *args, timeout=120):
    argv = [REDIS_BENCHMARK, "-p", str(port)] + list(args)
    out = subprocess.run(argv, capture_output=True, timeout=timeout)
    text = out.stdout.decode(errors="replace")
    err = out.stderr.decode(errors="replace")
    # -k 0's advice about TIME_WAIT sockets is about the client machine, not the server.
    err = re.sub(r"WARNING: Keepalive disabled[^\n]*\n?", "", err)
    assert out.returncode == 0, (argv, text[-2000:], err)
    for bad in ("ERR", "WRONGTYPE", "Error", "error", "WARNING"):
        assert bad not in text and bad not in err, (argv, bad, text[-2000:], err)
    return text


def results(text):
    """Test name -> requests per second, from -q output (progress lines end in \\r)."""
    out = {}
    for seg in re.split(r"[\r\n]", text):
        m = RESULT.match(seg)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def both(s, *args):
    a = results(bench(s.sable_server.port, *args))
    b = results(bench(s.redis_server.port, *args))
    assert list(a) == list(b), "tests differ for %r:\n  sable: %r\n  redis: %r" % (args, a, b)
    assert all(v > 0 for v in a.values()), a
    return a


def test_every_default_test(s):
    names = both(s, "-q", "-n", "2000", "-c", "10")
    for t in ["PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP",
              "SADD", "HSET", "SPOP", "ZADD", "ZPOPMIN", "LRANGE_100 (first 100 elements)",
              "LRANGE_600 (first 600 elements)", "MSET (10 keys)"]:
        assert t in names, (t, names)
    assert s.sable.cmd("PING") == b"+PONG\r\n"


def test_every_default_test_pipelined(s):
    both(s, "-q", "-n", "2000", "-c", "10", "-P", "8")
    # The counters the tests leave behind agree with Redis's (each INCR ran exactly -n times).
    s.same("GET", "counter:__rand_int__")
    s.same("LLEN", "mylist")
    s.same("SCARD", "myset")


def test_csv(s):
    for port in (s.sable_server.port, s.redis_server.port):
        text = bench(port, "--csv", "-n", "1000", "-c", "5", "-t", "set,get,lpush,lrange,mset")
        rows = list(csv.reader(io.StringIO(text.replace("\r", "\n"))))
        rows = [r for r in rows if r]
        assert rows[0] == ["test", "rps", "avg_latency_ms", "min_latency_ms", "p50_latency_ms",
                           "p95_latency_ms", "p99_latency_ms", "max_latency_ms"], rows
        tests = [r[0] for r in rows[1:]]
        assert tests == ["SET", "GET", "LPUSH", "LPUSH (needed to benchmark LRANGE)",
                         "LRANGE_100 (first 100 elements)", "LRANGE_300 (first 300 elements)",
                         "LRANGE_500 (first 500 elements)", "LRANGE_600 (first 600 elements)",
                         "MSET (10 keys)"], tests
        for r in rows[1:]:
            assert len(r) == 8 and all(float(x) >= 0 for x in r[1:]), r


def test_random_keys_and_value_size(s):
    bench(s.sable_server.port, "-q", "-n", "3000", "-c", "10", "-r", "1000", "-d", "100",
          "-t", "set,lpush,sadd,hset,zadd")
    keys = parse(s.sable.cmd("KEYS", "key:*"))
    assert 500 < len(keys) <= 1000, len(keys)
    for k in keys[:50]:
        assert re.fullmatch(rb"key:\d{12}", k), k
        assert s.sable.cmd("STRLEN", k) == b":100\r\n"
    # Without -r the key is the literal placeholder; -d sets the value size.
    s.sable.cmd("FLUSHALL")
    bench(s.sable_server.port, "-q", "-n", "500", "-d", "333", "-t", "set")
    assert s.sable.cmd("STRLEN", "key:__rand_int__") == b":333\r\n"
    assert s.sable.cmd("DBSIZE") == b":1\r\n"


def test_custom_commands(s):
    n = 1500
    for conn, port in ((s.sable, s.sable_server.port), (s.redis, s.redis_server.port)):
        r = results(bench(port, "-q", "-n", str(n), "-c", "5", "EVAL",
                          "return redis.call('INCR', KEYS[1])", "1", "evalcounter"))
        assert list(r) == ["EVAL return redis.call('INCR', KEYS[1]) 1 evalcounter"], r
        assert conn.cmd("GET", "evalcounter") == b"$4\r\n1500\r\n"
        r = results(bench(port, "-q", "-n", "1000", "-r", "50", "HINCRBY", "h:__rand_int__",
                          "f", "1"))
        assert len(r) == 1, r
        total = 0
        for k in parse(conn.cmd("KEYS", "h:*")):
            total += int(parse(conn.cmd("HGET", k, "f")))
        assert total == 1000, total
        bench(port, "-q", "-n", "500", "-P", "10", "SET", "pk:__rand_int__", "v", "EX", "100")
        bench(port, "-q", "-n", "300", "-r", "100000", "ZADD", "bz", "__rand_int__",
              "m:__rand_int__")
    assert parse(s.sable.cmd("ZCARD", "bz")) > 250
    s.same("TTL", "pk:__rand_int__")


def test_idle_and_keepalive_modes(s):
    # -k 0 reconnects for every request; --threads uses several client threads.
    bench(s.sable_server.port, "-q", "-n", "300", "-c", "5", "-k", "0", "-t", "ping,set")
    r = results(bench(s.sable_server.port, "-q", "-n", "2000", "-c", "8", "--threads", "2",
                      "-t", "get,incr"))
    assert list(r) == ["GET", "INCR"], r
    # -I: idle connections are accepted and kept (it never ends on its own, so not run here).


if __name__ == "__main__":
    run_tests(globals())
