"""A full disk (ENOSPC) during AOF appends, BGSAVE and BGREWRITEAOF.

Each test runs Sable with its `dir` on a small tmpfs of its own, fills the tmpfs with a filler
file until writing fails, and checks what issue 19 asks: the old files survive, INFO shows
`rdb_last_bgsave_status:err` / `aof_last_write_status:err`, writes get -MISCONF (with Redis's
texts) while persistence is broken, reads go on, and everything recovers by itself once the
filler is removed; after a restart every acknowledged write is there.

Mounting a tmpfs needs root (CAP_SYS_ADMIN); without it the tests report themselves skipped.
"""
import hashlib
import os
import shutil
import subprocess
import tempfile
import time

import harness
from harness import parse

SABLE = os.environ.get("SABLE_SERVER") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "build", "release", "sable-server")

AOF_MISCONF = b"-MISCONF Errors writing to the AOF file: No space left on device\r\n"
RDB_MISCONF = (b"-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
               b"persist to disk. Commands that may modify the data set are disabled, because "
               b"this instance is configured to report errors during writes if RDB snapshotting "
               b"fails (stop-writes-on-bgsave-error option). Please check the Redis logs for "
               b"details about the RDB error.\r\n")


class Tmpfs:
    def __init__(self, size):
        self.path = tempfile.mkdtemp(prefix="sable-enospc-")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s" % size, "tmpfs", self.path],
                           capture_output=True)
        self.mounted = r.returncode == 0
        self.why = r.stderr.decode(errors="replace").strip()

    def fill(self, leave=0):
        """Fills the file system, leaving about `leave` bytes free."""
        st = os.statvfs(self.path)
        free = st.f_bavail * st.f_frsize
        with open(os.path.join(self.path, "filler"), "ab") as f:
            n = max(0, free - leave)
            while n > 0:
                k = min(n, 1 << 20)
                try:
                    f.write(b"\0" * k)
                    f.flush()
                except OSError:
                    break
                n -= k

    def unfill(self):
        try:
            os.unlink(os.path.join(self.path, "filler"))
        except FileNotFoundError:
            pass

    def close(self):
        if self.mounted:
            subprocess.run(["umount", "-l", self.path], capture_output=True)
        shutil.rmtree(self.path, ignore_errors=True)


def start(dirpath, *args, binary=SABLE):
    port = harness.free_port()
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", dirpath,
            "--enable-debug-command", "yes"] + list(args)
    logdir = tempfile.mkdtemp(prefix="sable-enospc-log-")
    return harness.Server(argv, port, logdir)


def info_field(conn, field):
    text = parse(conn.cmd("INFO", "persistence")).decode()
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return line.split(":", 1)[1]
    raise AssertionError("no %s in INFO" % field)


def wait_for(pred, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def populate(conn, n, size):
    """n keys key:0 … of `size`-byte values, pipelined (logged to the AOF, unlike DEBUG
    POPULATE)."""
    for start in range(0, n, 500):
        batch = b"".join(conn.encode("SET", "key:%d" % i, b"p" * size)
                         for i in range(start, min(n, start + 500)))
        conn.send_raw(batch)
        for _ in range(start, min(n, start + 500)):
            assert conn.read_reply() == b"+OK\r\n"


def stop(srv):
    rc = srv.stop()
    shutil.rmtree(srv.workdir, ignore_errors=True)
    return rc


def aof_enospc_scenario(fs, binary):
    """Fills the disk under an AOF and returns what a client saw, for comparison with Redis."""
    seen = []
    srv = start(fs.path, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
                binary=binary)
    c = srv.conn()
    value = b"v" * 1000
    acked = []
    fs.fill(leave=64 * 1024)
    refused = None
    for i in range(5000):
        r = c.cmd("SET", "key:%d" % i, value)
        if r == b"+OK\r\n":
            acked.append(i)
        else:
            refused = r
            break
    seen.append(refused)
    assert acked, "no write fitted before the disk was full"
    seen.append(info_field(c, "aof_last_write_status"))
    # Reads go on; writes (and scripts that write) are refused; read-only scripts run.
    seen.append(c.cmd("GET", "key:0"))
    seen.append(c.cmd("INCR", "n"))
    seen.append(c.cmd("EVAL", "return redis.call('set','x','1')", "0"))
    seen.append(c.cmd("EVAL", "#!lua\nreturn redis.call('set','x','1')", "0"))
    seen.append(c.cmd("EVAL", "#!lua flags=no-writes\nreturn 1", "0"))
    # Space returns: the server writes what it kept and accepts writes again by itself.
    fs.unfill()
    wait_for(lambda: info_field(c, "aof_last_write_status") == "ok", 10, "the AOF to recover")
    seen.append(c.cmd("SET", "after", "yes"))
    c.close()
    assert stop(srv) == 0
    # Everything acknowledged is in the AOF.
    srv = start(fs.path, "--appendonly", "yes", "--save", "", binary=binary)
    c = srv.conn()
    size = c.cmd("DBSIZE")
    if binary == SABLE:
        assert size == b":%d\r\n" % (len(acked) + 1), (size, len(acked))
        for i in acked:
            assert c.cmd("GET", "key:%d" % i) == b"$1000\r\n" + value + b"\r\n", i
    else:
        print("   (redis-server: %d writes acknowledged, DBSIZE after restart %s)" % (
            len(acked) + 1, size.strip().decode()))
    seen.append(c.cmd("GET", "after"))
    c.close()
    assert stop(srv) == 0
    return seen


def test_aof_append_enospc(fs):
    sable = aof_enospc_scenario(fs, SABLE)
    assert sable[0] == AOF_MISCONF, sable
    # The same on Redis, in a fresh file system.
    fs.close()
    fs.__init__("4m")
    redis = aof_enospc_scenario(fs, "/usr/bin/redis-server")
    assert sable == redis, "\n  sable: %r\n  redis: %r" % (sable, redis)


def test_bgsave_enospc(fs):
    srv = start(fs.path, "--save", "1 1", "--appendonly", "no", "--rdbcompression", "no")
    c = srv.conn()
    c.cmd("DEBUG", "POPULATE", "2000", "key", "200")
    assert c.cmd("SAVE") == b"+OK\r\n"
    rdb = os.path.join(fs.path, "dump.rdb")
    before = hashlib.sha1(open(rdb, "rb").read()).hexdigest()
    c.cmd("SET", "more", "data")
    fs.fill(leave=16 * 1024)
    assert c.cmd("BGSAVE") == b"+Background saving started\r\n"
    wait_for(lambda: info_field(c, "rdb_bgsave_in_progress") == "0", 20, "BGSAVE to end")
    assert info_field(c, "rdb_last_bgsave_status") == "err"
    # The old snapshot is intact and no temporary file is left behind.
    assert hashlib.sha1(open(rdb, "rb").read()).hexdigest() == before
    assert not [f for f in os.listdir(fs.path) if f.startswith("temp-")], os.listdir(fs.path)
    assert c.cmd("SET", "k", "v") == RDB_MISCONF
    assert c.cmd("GET", "more") == b"$4\r\ndata\r\n"
    # Space returns: the save point retries (5 s after a failure) and writes are accepted again.
    fs.unfill()
    wait_for(lambda: info_field(c, "rdb_last_bgsave_status") == "ok", 20, "a save to succeed")
    assert c.cmd("SET", "k", "v") == b"+OK\r\n"
    c.close()
    assert stop(srv) == 0
    srv = start(fs.path, "--save", "")
    c = srv.conn()
    assert c.cmd("GET", "more") == b"$4\r\ndata\r\n"
    assert c.cmd("DBSIZE") in (b":2001\r\n", b":2002\r\n")
    c.close()
    assert stop(srv) == 0


def test_bgrewriteaof_enospc(fs):
    srv = start(fs.path, "--appendonly", "yes", "--save", "", "--rdbcompression", "no",
                "--auto-aof-rewrite-percentage", "0")
    c = srv.conn()
    populate(c, 3000, 200)
    wait_for(lambda: info_field(c, "aof_rewrite_in_progress") == "0", 10, "no rewrite")
    listing = sorted(os.listdir(os.path.join(fs.path, "appendonlydir")))
    fs.fill(leave=200 * 1024)  # the appends fit, a new 600 KB base does not
    assert c.cmd("BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
    wait_for(lambda: info_field(c, "aof_rewrite_in_progress") == "0", 20, "the rewrite to end")
    assert info_field(c, "aof_last_bgrewrite_status") == "err"
    # Writes go on (the rewrite failing does not stop them), into the files the manifest lists.
    for i in range(50):
        assert c.cmd("SET", "during:%d" % i, "x" * 100) == b"+OK\r\n"
    assert info_field(c, "aof_last_write_status") == "ok"
    left = sorted(os.listdir(os.path.join(fs.path, "appendonlydir")))
    assert not [f for f in left if f.startswith("temp-")], left
    c.close()
    assert stop(srv) == 0
    fs.unfill()
    srv = start(fs.path, "--appendonly", "yes", "--save", "")
    c = srv.conn()
    assert c.cmd("DBSIZE") == b":3050\r\n"
    assert c.cmd("GET", "during:49") == b"$100\r\n" + b"x" * 100 + b"\r\n"
    # With space back, a rewrite succeeds.
    assert c.cmd("BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
    wait_for(lambda: info_field(c, "aof_rewrite_in_progress") == "0", 20, "the rewrite to end")
    assert info_field(c, "aof_last_bgrewrite_status") == "ok"
    c.close()
    assert stop(srv) == 0
    print("   (files before the failed rewrite: %s)" % ", ".join(listing))


def mount(name):
    fs = Tmpfs("4m")
    if not fs.mounted:
        fs.close()
        print("skip %s (cannot mount a tmpfs: %s)" % (name, fs.why))
        return None
    return fs


def main():
    harness.run_fixture_tests(globals(), mount, lambda fs: fs.close())


if __name__ == "__main__":
    main()
