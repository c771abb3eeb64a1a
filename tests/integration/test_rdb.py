"""RDB persistence: Sable's snapshots load in Redis, Redis's snapshots load in Sable, BGSAVE,
corrupt files are refused, failed saves keep the old snapshot, and the `save` directive grammar.

Each test starts its own servers on loopback ports (no test touches port 6379)."""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Servers, parse, start_redis, start_sable, free_port  # noqa: E402


def pipe(c, cmds):
    """Sends many commands in one write and returns their parsed replies."""
    c.send_raw(b"".join(c.encode(*a) for a in cmds))
    return [parse(c.read_reply()) for _ in cmds]


def fill(c):
    """Every type in small and large encodings, TTLs, binary keys, two databases."""
    cmds = [("FLUSHALL",)]
    cmds += [("SET", "s:int", "12345"), ("SET", "s:neg", "-7"), ("SET", "s:big", str(2 ** 40)),
             ("SET", "s:min", str(-2 ** 63)), ("SET", "s:short", "hello"), ("SET", "s:empty", ""),
             ("SET", "s:float", "3.14"), ("SET", "s:lead0", "007"),
             ("SET", "s:long", "abc" * 100), ("SET", b"bin\x00\xffkey", b"\x00\x01\xfe\xff" * 9),
             ("SET", "s:random", bytes(random.Random(1).getrandbits(8) for _ in range(300))),
             ("SET", "ttl:str", "v", "PX", "100000"), ("SET", "s:mid", "y" * 30)]
    ints = [0, 1, 127, 128, -1, 4095, -4096, 4096, 32767, -32768, 70000, -8388608, 8388608,
            2 ** 31, -2 ** 31 - 1, 2 ** 40, 2 ** 63 - 1, -2 ** 63]
    cmds.append(("RPUSH", "l:small", "a", "b", "1", "-5", "xyz" * 10, *map(str, ints)))
    cmds.append(("RPUSH", "l:big", *[("e%d" % i if i % 3 else str(i * 1001)) for i in range(3000)]))
    cmds.append(("RPUSH", "l:longelems", *[("L%d" % i) * 40 for i in range(60)]))
    cmds.append(("SADD", "set:ints", *map(str, ints)))
    cmds.append(("SADD", "set:smallint", "1", "2", "3", "-100"))
    cmds.append(("SADD", "set:bigint", *map(str, range(0, 6000, 10))))
    cmds.append(("SADD", "set:str", "a", "b", "c", "d" * 70))
    cmds.append(("SADD", "set:bigstr", *["m%d" % i for i in range(1000)]))
    cmds.append(("ZADD", "z:small", "1", "a", "2.5", "b", "-3", "c", "inf", "d", "-inf", "e",
                 "0", "f", "1e100", "g", "0.1", "h"))
    cmds.append(("ZADD", "z:big", *[x for i in range(300) for x in (str(i * 0.25), "zm%d" % i)]))
    cmds.append(("ZADD", "z:longmember", "1", "k" * 100, "2", "short"))
    cmds.append(("HSET", "h:small", "f1", "v1", "f2", "2", "3", "300000", "empty", ""))
    cmds.append(("HSET", "h:big", *[x for i in range(600) for x in ("f%d" % i, "v%d" % i)]))
    cmds.append(("HSET", "h:longval", "a", "x" * 100, "b", "1"))
    cmds.append(("HSET", "ttl:hash", "a", "1"))
    cmds.append(("EXPIRE", "ttl:hash", "5000"))
    cmds.append(("RPUSH", "ttl:list", "x"))
    cmds.append(("PEXPIRE", "ttl:list", "300000"))
    cmds += [("SELECT", "3"), ("SET", "db3:key", "in db 3"), ("SADD", "db3:set", "x", "y"),
             ("SELECT", "0")]
    for r in pipe(c, cmds):
        assert not (isinstance(r, str) and r.startswith("ERR")), r


def snapshot(c):
    """Every key's type, value, encoding and TTL (rounded to tens of seconds), per database."""
    out = {}
    for db in range(16):
        pipe(c, [("SELECT", str(db))])
        for k in sorted(parse(c.cmd("KEYS", "*"))):
            t = parse(c.cmd("TYPE", k))
            if t == "string":
                v = parse(c.cmd("GET", k))
            elif t == "list":
                v = parse(c.cmd("LRANGE", k, "0", "-1"))
            elif t == "set":
                v = sorted(parse(c.cmd("SMEMBERS", k)))
            elif t == "zset":
                v = parse(c.cmd("ZRANGE", k, "0", "-1", "WITHSCORES"))
            elif t == "hash":
                flat = parse(c.cmd("HGETALL", k))
                v = sorted(zip(flat[0::2], flat[1::2]))
            else:
                raise AssertionError("unexpected type %r" % t)
            pttl = parse(c.cmd("PTTL", k))
            ttl = pttl if pttl < 0 else (pttl + 5000) // 10000
            enc = parse(c.cmd("OBJECT", "ENCODING", k))
            out[(db, k)] = (t, v, ttl, enc)
    pipe(c, [("SELECT", "0")])
    return out


def compare(a, b, what):
    if a.keys() != b.keys():
        raise AssertionError("%s: key sets differ: only in first %r, only in second %r" %
                             (what, sorted(a.keys() - b.keys())[:5], sorted(b.keys() - a.keys())[:5]))
    for k in a:
        if a[k] != b[k]:
            raise AssertionError("%s: key %r differs:\n  %r\n  %r" % (what, k, str(a[k])[:300],
                                                                      str(b[k])[:300]))


def wait_bgsave(c, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        info = parse(c.cmd("INFO", "persistence")).decode()
        if "rdb_bgsave_in_progress:0" in info:
            return info
        time.sleep(0.05)
    raise AssertionError("BGSAVE did not finish")


def test_sable_dump_loads_in_redis():
    sable = start_sable()
    try:
        c = sable.conn()
        fill(c)
        want = snapshot(c)
        assert parse(c.cmd("SAVE")) == "OK"
        assert parse(c.cmd("LASTSAVE")) >= int(time.time()) - 2
        redis = start_redis(["--dir", sable.workdir, "--dbfilename", "dump.rdb"])
        try:
            got = snapshot(redis.conn())
        finally:
            redis.stop()
        compare(want, got, "Sable SAVE -> Redis load")
        # Without compression the file still loads.
        assert parse(c.cmd("CONFIG", "SET", "rdbcompression", "no")) == "OK"
        assert parse(c.cmd("SAVE")) == "OK"
        redis = start_redis(["--dir", sable.workdir, "--dbfilename", "dump.rdb"])
        try:
            compare(want, snapshot(redis.conn()), "uncompressed Sable SAVE -> Redis load")
        finally:
            redis.stop()
    finally:
        assert sable.stop() == 0
        shutil.rmtree(sable.workdir, ignore_errors=True)


def test_redis_dump_loads_in_sable():
    redis = start_redis()
    try:
        c = redis.conn()
        fill(c)
        want = snapshot(c)
        assert parse(c.cmd("SAVE")) == "OK"
        for extra in ([], ["--hash-max-listpack-entries", "3"]):
            sable = start_sable(["--dir", redis.workdir] + extra)
            try:
                got = snapshot(sable.conn())
                if extra:
                    # A lower threshold: the loaded small hash converts as Redis would.
                    assert got[(0, b"h:small")][3] == b"hashtable", got[(0, b"h:small")]
                    got[(0, b"h:small")] = want[(0, b"h:small")]
                compare(want, got, "Redis SAVE -> Sable load")
            finally:
                assert sable.stop() == 0
    finally:
        redis.stop()
        shutil.rmtree(redis.workdir, ignore_errors=True)


def test_bgsave_and_restart():
    sable = start_sable()
    try:
        c = sable.conn()
        fill(c)
        want = snapshot(c)
        before = parse(c.cmd("INFO", "persistence")).decode()
        assert "rdb_changes_since_last_save:0" not in before
        assert parse(c.cmd("BGSAVE")) == "Background saving started"
        info = wait_bgsave(c)
        # The parent reaps the child from cron; poll until the status is in.
        assert "rdb_last_bgsave_status:ok" in info, info
        end = time.time() + 10
        while "rdb_changes_since_last_save:0\r" not in info and time.time() < end:
            time.sleep(0.05)
            info = parse(c.cmd("INFO", "persistence")).decode()
        assert "rdb_changes_since_last_save:0\r" in info, info
        assert c.cmd("BGSAVE", "NOW") == b"-ERR syntax error\r\n"
        assert os.path.exists(os.path.join(sable.workdir, "dump.rdb"))
        assert not [f for f in os.listdir(sable.workdir) if f.startswith("temp-")]
    finally:
        assert sable.stop() == 0
    again = start_sable(["--dir", sable.workdir])
    try:
        compare(want, snapshot(again.conn()), "BGSAVE -> restart")
        # SHUTDOWN with save points configured saves; NOSAVE does not.
        c = again.conn()
        c.cmd("SET", "added", "after restart")
        c.send_raw(c.encode("SHUTDOWN"))
        assert c.closed(10)
        again.proc.wait(10)
        assert again.proc.returncode == 0
    finally:
        again.stop()
    third = start_sable(["--dir", sable.workdir])
    try:
        assert parse(third.conn().cmd("GET", "added")) == b"after restart"
    finally:
        assert third.stop() == 0
        shutil.rmtree(sable.workdir, ignore_errors=True)


def run_sable_expect_failure(workdir):
    binary = os.environ.get("SABLE_SERVER") or os.path.join(
        os.path.dirname(__file__), "..", "..", "build", "release", "sable-server")
    p = subprocess.run([binary, "--port", str(free_port()), "--bind", "127.0.0.1", "--dir", workdir],
                       cwd=workdir, capture_output=True, timeout=20)
    return p.returncode, (p.stdout + p.stderr).decode(errors="replace")


def test_corrupt_dump_is_refused():
    sable = start_sable()
    try:
        c = sable.conn()
        fill(c)
        assert parse(c.cmd("SAVE")) == "OK"
    finally:
        assert sable.stop() == 0
    path = os.path.join(sable.workdir, "dump.rdb")
    good = open(path, "rb").read()
    rng = random.Random(7)
    try:
        cases = [("flip", i) for i in [9, 40, len(good) // 2, len(good) - 3] +
                 [rng.randrange(len(good)) for _ in range(25)]]
        cases += [("truncate", n) for n in [0, 5, 9, 30, len(good) // 3, len(good) - 9,
                                            len(good) - 1]]
        for kind, pos in cases:
            if kind == "flip":
                bad = bytearray(good)
                bad[pos] ^= 0x20
                bad = bytes(bad)
            else:
                bad = good[:pos]
            with open(path, "wb") as f:
                f.write(bad)
            rc, log = run_sable_expect_failure(sable.workdir)
            assert rc == 1, "%s at %d: exit status %r\n%s" % (kind, pos, rc, log[-2000:])
            assert ("Short read" in log or "checksum" in log or "integrity" in log or
                    "signature" in log or "RDB" in log), log[-2000:]
            assert open(path, "rb").read() == bad, "the file was modified"
        with open(path, "wb") as f:
            f.write(good[:-4])
        rc, log = run_sable_expect_failure(sable.workdir)
        assert "Short read or OOM loading DB. Unrecoverable error, aborting now." in log, log
        with open(path, "wb") as f:
            f.write(good[:-8] + b"\x01" + good[-7:])
        rc, log = run_sable_expect_failure(sable.workdir)
        assert rc == 1 and "Wrong RDB checksum" in log, log
    finally:
        shutil.rmtree(sable.workdir, ignore_errors=True)


def test_failed_save_keeps_old_dump():
    sable = start_sable(["--save", "3600 1"])
    try:
        c = sable.conn()
        c.cmd("SET", "k", "v1")
        assert parse(c.cmd("SAVE")) == "OK"
        dump = os.path.join(sable.workdir, "dump.rdb")
        old = open(dump, "rb").read()
        # SAVE cannot create its temporary file: error, old snapshot untouched.
        blocker = os.path.join(sable.workdir, "temp-%d.rdb" % sable.proc.pid)
        os.mkdir(blocker)
        c.cmd("SET", "k", "v2")
        assert c.cmd("SAVE") == b"-ERR\r\n"
        os.rmdir(blocker)
        assert open(dump, "rb").read() == old
        assert "Failed opening the temp RDB file" in sable.log_tail(100)
        # A failed SAVE does not block writes (only a failed BGSAVE does, as in Redis).
        assert c.cmd("SET", "k", "v3") == b"+OK\r\n"
    finally:
        assert sable.stop() == 0
        shutil.rmtree(sable.workdir, ignore_errors=True)
    # BGSAVE into a directory that disappeared: both servers report the error and refuse writes
    # with the same MISCONF reply.
    g1, g2 = tempfile.mkdtemp(prefix="rdb-gone-"), tempfile.mkdtemp(prefix="rdb-gone-")
    s = Servers(sable_args=["--dir", g1, "--save", "3600 1"],
                redis_args=["--dir", g2, "--save", "3600 1"])
    try:
        os.rmdir(g1)
        os.rmdir(g2)
        s.same("SET", "k", "v")
        s.same("BGSAVE")
        for conn in (s.sable, s.redis):
            end = time.time() + 20
            while time.time() < end:
                info = parse(conn.cmd("INFO", "persistence")).decode()
                if "rdb_bgsave_in_progress:0" in info and "rdb_last_bgsave_status:err" in info:
                    break
                time.sleep(0.05)
            assert "rdb_last_bgsave_status:err" in info, info
        s.same("SET", "k", "v3")
        s.same("PING")
        s.same("GET", "k")
        s.same("CONFIG", "SET", "stop-writes-on-bgsave-error", "no")
        s.same("SET", "k", "v4")
        s.same("CONFIG", "SET", "save", "")  # or Redis refuses to exit on SIGTERM
    finally:
        assert s.stop() == 0

def test_save_directive_grammar():
    s = Servers()
    try:
        for v in ["100 10 200 20", "", "3600 1 300 100 60 10000", "100", "abc 1", "0 1", "10 -1",
                  "5 0", "1 2 3"]:
            s.same("CONFIG", "SET", "save", v)
            s.same("CONFIG", "GET", "save")
        s.same("CONFIG", "SET", "dbfilename", "sub/dump.rdb")
        s.same("CONFIG", "SET", "dbfilename", "other.rdb")
        s.same("CONFIG", "GET", "dbfilename")
        s.same("CONFIG", "GET", "rdbcompression")
        s.same("CONFIG", "SET", "rdbcompression", "maybe")
        s.same("CONFIG", "GET", "rdbchecksum")
        s.same("CONFIG", "SET", "rdbchecksum", "no")
        s.same("CONFIG", "GET", "stop-writes-on-bgsave-error")
        s.same("BGSAVE", "a", "b")
        s.same("SAVE", "x")
    finally:
        assert s.stop() == 0
    # Defaults and config-file lines: the first `save` line replaces the defaults, later ones add.
    fresh = start_sable()
    try:
        assert parse(fresh.conn().cmd("CONFIG", "GET", "save")) == [b"save", b"3600 1 300 100 60 10000"]
    finally:
        fresh.stop()
        shutil.rmtree(fresh.workdir, ignore_errors=True)
    conf = start_sable(config_text="save 900 1\nsave 300 10\n")
    try:
        assert parse(conf.conn().cmd("CONFIG", "GET", "save")) == [b"save", b"900 1 300 10"]
    finally:
        conf.stop()
        shutil.rmtree(conf.workdir, ignore_errors=True)


def test_save_point_schedule_and_debug_reload():
    sable = start_sable(["--save", "1 3"])
    try:
        c = sable.conn()
        before = parse(c.cmd("LASTSAVE"))
        # Below the change count: no save even after the interval.
        c.cmd("SET", "a", "1")
        time.sleep(1.5)
        assert not os.path.exists(os.path.join(sable.workdir, "dump.rdb"))
        c.cmd("SET", "b", "2")
        c.cmd("RPUSH", "l", "x", "y")
        end = time.time() + 10
        info = ""
        while time.time() < end:
            info = parse(c.cmd("INFO", "persistence")).decode()
            if "rdb_saves:1\r" in info and "rdb_bgsave_in_progress:0" in info:
                break
            time.sleep(0.05)
        assert "rdb_saves:1\r" in info and "rdb_last_bgsave_status:ok" in info, info
        assert parse(c.cmd("LASTSAVE")) >= before
        assert "changes in 1 seconds. Saving..." in sable.log_tail(100)
        # BGSAVE while one runs: an error, or scheduled with SCHEDULE.
        c.cmd("CONFIG", "SET", "save", "")
        c.send_raw(c.encode("BGSAVE") + c.encode("BGSAVE") + c.encode("BGSAVE", "SCHEDULE"))
        replies = [c.read_reply() for _ in range(3)]
        assert replies == [b"+Background saving started\r\n",
                           b"-ERR Background save already in progress\r\n",
                           b"+Background saving scheduled\r\n"], replies
        end = time.time() + 10
        while time.time() < end:
            info = parse(c.cmd("INFO", "persistence")).decode()
            if "rdb_saves:3\r" in info and "rdb_bgsave_in_progress:0" in info:
                break
            time.sleep(0.05)
        assert "rdb_saves:3\r" in info, info
        # DEBUG RELOAD round-trips everything through the file.
        fill(c)
        want = snapshot(c)
        assert c.cmd("DEBUG", "RELOAD") == b"+OK\r\n"
        compare(want, snapshot(c), "DEBUG RELOAD")
    finally:
        assert sable.stop() == 0
        shutil.rmtree(sable.workdir, ignore_errors=True)


def test_sigterm_saves_when_save_points_exist():
    sable = start_sable()
    try:
        c = sable.conn()
        c.cmd("SET", "kept", "yes")
        c.close()
    finally:
        assert sable.stop() == 0
    again = start_sable(["--dir", sable.workdir, "--save", ""])
    try:
        c = again.conn()
        assert parse(c.cmd("GET", "kept")) == b"yes"
        c.cmd("SET", "kept", "changed")
        c.close()
    finally:
        assert again.stop() == 0
    # With `save ""` the signal does not save: the old value is what loads.
    third = start_sable(["--dir", sable.workdir])
    try:
        assert parse(third.conn().cmd("GET", "kept")) == b"yes"
    finally:
        assert third.stop() == 0
        shutil.rmtree(sable.workdir, ignore_errors=True)


def test_damaged_payload_never_crashes_the_loader():
    """With checksums off the parser itself meets the damage: every outcome must be a clean
    refusal (exit status 1) or a started server, never a crash."""
    sable = start_sable()
    try:
        c = sable.conn()
        fill(c)
        assert parse(c.cmd("SAVE")) == "OK"
    finally:
        assert sable.stop() == 0
    path = os.path.join(sable.workdir, "dump.rdb")
    good = open(path, "rb").read()
    binary = os.environ.get("SABLE_SERVER") or os.path.join(
        os.path.dirname(__file__), "..", "..", "build", "release", "sable-server")
    rng = random.Random(11)
    outcomes = {"refused": 0, "started": 0}
    try:
        for _ in range(80):
            bad = bytearray(good)
            for _ in range(rng.choice([1, 1, 2, 4])):
                bad[rng.randrange(9, len(bad) - 9)] ^= 1 << rng.randrange(8)
            with open(path, "wb") as f:
                f.write(bad)
            log = os.path.join(sable.workdir, "fuzz.log")
            with open(log, "wb") as out:
                p = subprocess.Popen([binary, "--port", str(free_port()), "--bind", "127.0.0.1",
                                      "--dir", sable.workdir, "--rdbchecksum", "no", "--save", ""],
                                     cwd=sable.workdir, stdout=out, stderr=subprocess.STDOUT)
                end = time.time() + 20
                while p.poll() is None and time.time() < end:
                    if b"Ready to accept connections" in open(log, "rb").read():
                        p.terminate()
                        p.wait(20)
                        break
                    time.sleep(0.01)
                if p.poll() is None:
                    p.kill()
                    p.wait()
                    raise AssertionError("server neither started nor exited")
            text = open(log, "rb").read().decode(errors="replace")
            assert "Sanitizer" not in text and "runtime error" not in text, text[-3000:]
            assert p.returncode in (0, 1), (p.returncode, text[-2000:])
            outcomes["refused" if p.returncode == 1 else "started"] += 1
        assert outcomes["refused"] > 0, outcomes
    finally:
        shutil.rmtree(sable.workdir, ignore_errors=True)


if __name__ == "__main__":
    only = sys.argv[1:]
    tests = [(n, f) for n, f in sorted(globals().items())
             if n.startswith("test_") and callable(f) and (not only or n in only)]
    failed = 0
    for name, fn in tests:
        t0 = time.time()
        try:
            fn()
            print("ok   %s (%.1fs)" % (name, time.time() - t0))
        except Exception:
            import traceback
            failed += 1
            print("FAIL %s" % name)
            traceback.print_exc()
    print("%d passed, %d failed" % (len(tests) - failed, failed))
    sys.exit(1 if failed else 0)
