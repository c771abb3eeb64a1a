"""The forkless BGSAVE (server/persistence/snapshot.h): a point-in-time RDB written by the loop.

Each test starts a fresh Sable. The save is slowed with rdb-key-save-delay so that writes of every
kind land while it runs; the file must then hold exactly the data set of the moment BGSAVE was
called: Redis 7.0 loads it (and redis-check-rdb accepts it) with the DEBUG DIGEST Sable had then.
"""
import os
import shutil
import subprocess
import time

import harness
from harness import Conn, parse


def cmd(c, *args):
    """A reply as bytes (simple strings and errors too), lists and ints as they are."""
    v = parse(c.cmd(*args))
    if isinstance(v, Exception):
        return str(v).encode()
    return v.encode() if isinstance(v, str) else v


def info_field(c, name):
    text = cmd(c, "INFO", "persistence").decode()
    for line in text.split("\r\n"):
        if line.startswith(name + ":"):
            return line.split(":", 1)[1]
    raise KeyError(name)


def wait_save(c, timeout=60):
    t0 = time.time()
    while info_field(c, "rdb_bgsave_in_progress") == "1":
        assert time.time() - t0 < timeout, "BGSAVE did not finish"
        time.sleep(0.02)
    return info_field(c, "rdb_last_bgsave_status")


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def redis_digest(path):
    """DEBUG DIGEST of Redis 7.0 after loading `path`, with its key count."""
    d = os.path.dirname(path)
    r = harness.start_redis(["--dir", d, "--dbfilename", os.path.basename(path)])
    try:
        c = r.conn()
        t0 = time.time()
        while True:
            try:
                if b"loading:0" in parse(c.cmd("INFO", "persistence")):
                    break
            except Exception:
                pass
            assert time.time() - t0 < 60
            time.sleep(0.05)
        return cmd(c, "DEBUG", "DIGEST"), cmd(c, "DBSIZE")
    finally:
        r.stop()
        shutil.rmtree(r.workdir, ignore_errors=True)


def populate(c):
    c.cmd("DEBUG", "POPULATE", "20000")
    for i in range(40):
        c.cmd("RPUSH", "list:%d" % i, *["e%d" % j for j in range(50)])
        c.cmd("HSET", "hash:%d" % i, *sum([["f%d" % j, str(j)] for j in range(30)], []))
        c.cmd("ZADD", "zset:%d" % i, *sum([[str(j), "m%d" % j] for j in range(30)], []))
        c.cmd("SADD", "set:%d" % i, *[str(j) for j in range(30)])
        c.cmd("SET", "ttl:%d" % i, "v", "EX", "3600")
        c.cmd("XADD", "stream:%d" % i, "*", "a", "1")
        c.cmd("SET", "big:%d" % i, "x" * 5000)
    for db in (2, 3, 4):
        c.cmd("SELECT", str(db))
        c.cmd("DEBUG", "POPULATE", "500", "db%d" % db)
    c.cmd("SELECT", "0")


def mutate(c):
    """Every way a key can change while the save runs, pipelined so it interleaves with it."""
    out = []
    for i in range(0, 20000, 7):
        out.append(Conn.encode("SET", "key:%d" % i, "changed"))
        out.append(Conn.encode("DEL", "key:%d" % (i + 1)))
        out.append(Conn.encode("APPEND", "key:%d" % (i + 2), "more"))
        out.append(Conn.encode("EXPIRE", "key:%d" % (i + 3), "500"))
        out.append(Conn.encode("SET", "new:%d" % i, "fresh"))
    for i in range(40):
        out += [Conn.encode("RPUSH", "list:%d" % i, "tail"), Conn.encode("LPOP", "list:%d" % i),
                Conn.encode("LSET", "list:%d" % i, "10", "mid"),
                Conn.encode("HSET", "hash:%d" % i, "f1", "changed"),
                Conn.encode("ZINCRBY", "zset:%d" % i, "5", "m3"),
                Conn.encode("SREM", "set:%d" % i, "4"),
                Conn.encode("PERSIST", "ttl:%d" % i),
                Conn.encode("XADD", "stream:%d" % i, "*", "b", "2"),
                Conn.encode("SETRANGE", "big:%d" % i, "10", "yyy"),
                Conn.encode("RENAME", "set:%d" % i, "renamed:%d" % i),
                Conn.encode("MOVE", "hash:%d" % i, "7"),
                Conn.encode("COPY", "zset:%d" % i, "zset:%d" % (i + 1), "REPLACE"),
                Conn.encode("UNLINK", "list:%d" % (i + 1)),
                Conn.encode("EVAL", "redis.call('INCR', KEYS[1]) return 1", "1", "key:%d" % (i + 5))]
    out += [Conn.encode("MULTI"), Conn.encode("DEL", "key:6"), Conn.encode("SET", "key:8", "m"),
            Conn.encode("EXEC")]
    out += [Conn.encode("SELECT", "3"), Conn.encode("FLUSHDB"), Conn.encode("SET", "in3", "x"),
            Conn.encode("SELECT", "4"), Conn.encode("FLUSHDB", "ASYNC"),
            Conn.encode("SWAPDB", "2", "5"), Conn.encode("SELECT", "0")]
    c.send_raw(b"".join(out))
    for _ in out:
        c.read_reply()


def test_point_in_time_under_every_kind_of_write(f):
    s = f.start("--enable-protected-configs", "yes")
    try:
        c = s.conn()
        populate(c)
        before = cmd(c, "DEBUG", "DIGEST")
        size_before = cmd(c, "DBSIZE")
        # The reference: the same moment written by SAVE, as Redis 7.0 loads it.
        cmd(c, "CONFIG", "SET", "dbfilename", "ref.rdb")
        assert cmd(c, "SAVE") == b"OK"
        cmd(c, "CONFIG", "SET", "dbfilename", "dump.rdb")
        ref = redis_digest(os.path.join(s.workdir, "ref.rdb"))
        cmd(c, "CONFIG", "SET", "rdb-key-save-delay", "60")  # ~1.3 s: longer than the writes, under ASan too
        assert cmd(c, "BGSAVE") == b"Background saving started"
        assert info_field(c, "rdb_bgsave_in_progress") == "1"
        assert children(s.proc.pid) == [], "a forkless save forks no child"
        mutate(c)
        assert info_field(c, "rdb_bgsave_in_progress") == "1", "the save ended before the writes"
        cmd(c, "CONFIG", "SET", "rdb-key-save-delay", "0")
        assert wait_save(c) == "ok"
        after = cmd(c, "DEBUG", "DIGEST")
        assert after != before
        got = redis_digest(os.path.join(s.workdir, "dump.rdb"))
        assert got == ref and got[1] == size_before, (got, ref, size_before)
        out = subprocess.run(["redis-check-rdb", os.path.join(s.workdir, "dump.rdb")],
                             capture_output=True, text=True)
        assert out.returncode == 0 and "RDB looks OK" in out.stdout, out.stdout
        # The next save starts from the new state: every mark was left "saved".
        assert cmd(c, "BGSAVE") == b"Background saving started"
        assert wait_save(c) == "ok"
        cmd(c, "CONFIG", "SET", "dbfilename", "ref.rdb")
        assert cmd(c, "SAVE") == b"OK"
        assert redis_digest(os.path.join(s.workdir, "dump.rdb")) == \
            redis_digest(os.path.join(s.workdir, "ref.rdb"))
        cmd(c, "CONFIG", "SET", "dbfilename", "dump.rdb")
        cmd(c, "DEBUG", "RELOAD")
        assert cmd(c, "DEBUG", "DIGEST") == after
    finally:
        s.stop()


def test_in_progress_semantics(f):
    s = f.start("--appendonly", "no")
    try:
        c = s.conn()
        c.cmd("DEBUG", "POPULATE", "100")
        cmd(c, "CONFIG", "SET", "rdb-key-save-delay", "100000")  # 0.1 s a key: 10 s in all
        assert cmd(c, "BGSAVE") == b"Background saving started"
        assert cmd(c, "BGSAVE").startswith(b"ERR Background save already in progress")
        assert cmd(c, "BGSAVE", "SCHEDULE") == b"Background saving scheduled"
        assert cmd(c, "SAVE").startswith(b"ERR Background save already in progress")
        assert cmd(c, "BGREWRITEAOF") == b"Background append only file rewriting scheduled"
        assert int(info_field(c, "rdb_current_bgsave_time_sec")) >= 0
        t0 = time.time()
        assert cmd(c, "PING") == b"PONG" and time.time() - t0 < 0.05  # the loop is not held
        cmd(c, "CONFIG", "SET", "rdb-key-save-delay", "0")
        assert wait_save(c) == "ok"
        # The scheduled BGSAVE and BGREWRITEAOF run afterwards, from cron.
        t0 = time.time()
        while info_field(c, "aof_rewrite_scheduled") == "1" or \
                info_field(c, "rdb_bgsave_in_progress") == "1":
            assert time.time() - t0 < 30, parse(c.cmd("INFO", "persistence"))
            time.sleep(0.05)
        assert os.path.exists(os.path.join(s.workdir, "dump.rdb"))
    finally:
        s.stop()


def test_shutdown_during_save_keeps_the_old_dump(f):
    s = f.start()
    try:
        c = s.conn()
        c.cmd("SET", "old", "1")
        assert cmd(c, "SAVE") == b"OK"
        dump = os.path.join(s.workdir, "dump.rdb")
        with open(dump, "rb") as f:
            old = f.read()
        c.cmd("DEBUG", "POPULATE", "1000")
        cmd(c, "CONFIG", "SET", "rdb-key-save-delay", "100000")
        assert cmd(c, "BGSAVE") == b"Background saving started"
        time.sleep(0.2)
        try:
            c.cmd("SHUTDOWN", "NOSAVE")
        except (ConnectionError, OSError):
            pass
        s.proc.wait(30)
        assert s.proc.returncode == 0
        with open(dump, "rb") as f:
            assert f.read() == old
        assert [n for n in os.listdir(s.workdir) if n.startswith("temp-")] == []
    finally:
        s.stop()


def test_fork_mode_still_available(f):
    s = f.start("--bgsave-forkless", "no")
    try:
        c = s.conn()
        assert cmd(c, "CONFIG", "GET", "bgsave-forkless") == [b"bgsave-forkless", b"no"]
        c.cmd("DEBUG", "POPULATE", "50")
        cmd(c, "CONFIG", "SET", "rdb-key-save-delay", "20000")
        assert cmd(c, "BGSAVE") == b"Background saving started"
        time.sleep(0.2)
        assert len(children(s.proc.pid)) == 1, "bgsave-forkless no forks a child"
        assert wait_save(c) == "ok"
        forked = redis_digest(os.path.join(s.workdir, "dump.rdb"))
        assert cmd(c, "SAVE") == b"OK"
        assert forked == redis_digest(os.path.join(s.workdir, "dump.rdb")) and forked[1] == 50
        assert cmd(c, "CONFIG", "SET", "bgsave-forkless", "yes") == b"OK"
    finally:
        s.stop()


def test_checksum_off_and_empty_dataset(f):
    s = f.start("--rdbchecksum", "no")
    try:
        c = s.conn()
        assert cmd(c, "BGSAVE") == b"Background saving started"
        assert wait_save(c) == "ok"
        with open(os.path.join(s.workdir, "dump.rdb"), "rb") as f:
            data = f.read()
        assert data.startswith(b"REDIS0010") and data.endswith(b"\xff" + b"\0" * 8)
        c.cmd("SET", "k", "v")
        assert cmd(c, "BGSAVE") == b"Background saving started"
        assert wait_save(c) == "ok"
        assert redis_digest(os.path.join(s.workdir, "dump.rdb"))[1] == 1
    finally:
        s.stop()


def test_unwritable_dir_fails_cleanly(f):
    s = f.start("--enable-protected-configs", "yes", "--save", "3600 1")
    try:
        c = s.conn()
        c.cmd("SET", "k", "v")
        gone = os.path.join(s.workdir, "gone")
        os.mkdir(gone)
        assert cmd(c, "CONFIG", "SET", "dir", gone) == b"OK"
        os.rmdir(gone)
        # As Redis: BGSAVE starts, the failure shows when it completes.
        assert cmd(c, "BGSAVE") == b"Background saving started"
        assert wait_save(c) == "err"
        assert cmd(c, "SET", "k", "v2").startswith(b"MISCONF")  # with save points only
        assert cmd(c, "GET", "k") == b"v"  # reads go on (PING is refused too, as in Redis)
    finally:
        s.stop()


class Fixture:
    """Starts Sable servers for one test and stops them afterwards."""

    def __init__(self):
        self.servers = []

    def start(self, *extra):
        srv = harness.start_sable(["--save", ""] + list(extra))
        self.servers.append(srv)
        return srv

    def close(self):
        for srv in self.servers:
            srv.stop()
            shutil.rmtree(srv.workdir, ignore_errors=True)

    def print_logs(self):
        for srv in self.servers:
            print(srv.log_tail())


if __name__ == "__main__":
    harness.run_fixture_tests(globals(), lambda name: Fixture(), Fixture.close, Fixture.print_logs)
