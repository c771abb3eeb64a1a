"""kill -9 under a write load: what clients were told against what loads afterwards.

- appendfsync always: several rounds of writers (SET of unique keys, INCR of one counter, RPUSH
  to a list) are killed at a random moment; after each restart every acknowledged write is there.
- appendfsync everysec: writes acknowledged more than two seconds before the kill are there.
- kill -9 during a BGSAVE (slowed by rdb-key-save-delay), server and child: the previous
  snapshot loads.
- kill -9 during a BGREWRITEAOF, server and child: the AOF loads with every acknowledged write,
  those made during the rewrite included.

Everything is bounded: a few rounds, a few seconds each.
"""
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import harness
from harness import Conn, parse

SABLE = os.environ.get("SABLE_SERVER") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "build", "release", "sable-server")


class Node:
    """A Sable process on a fixed directory, restartable on it."""

    def __init__(self, dirpath, *args):
        self.dir = dirpath
        self.args = list(args)
        self.start()

    def start(self):
        self.port = harness.free_port()
        argv = [SABLE, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir,
                "--enable-debug-command", "yes"] + self.args
        self.log = open(os.path.join(self.dir, "server.log"), "ab")
        self.proc = subprocess.Popen(argv, cwd=self.dir, stdout=self.log, stderr=subprocess.STDOUT)
        harness.wait_port(self.port, self.proc, timeout=60)

    def children(self):
        try:
            with open("/proc/%d/task/%d/children" % (self.proc.pid, self.proc.pid)) as f:
                return [int(x) for x in f.read().split()]
        except OSError:
            return []

    def kill9(self, with_children=False):
        kids = self.children() if with_children else []
        self.proc.send_signal(signal.SIGKILL)
        for k in kids:
            try:
                os.kill(k, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(10)
        self.log.close()

    def stop(self):
        self.proc.terminate()
        try:
            rc = self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "hung"
        self.log.close()
        return rc

    def log_tail(self):
        with open(os.path.join(self.dir, "server.log"), "rb") as f:
            return f.read()[-3000:].decode(errors="replace")


class Writer(threading.Thread):
    """Writes until its connection breaks; records what was acknowledged (and when)."""

    def __init__(self, port, name, deadline):
        super().__init__(daemon=True)
        self.port, self.name, self.deadline = port, name, deadline
        self.acked_keys = []      # (time acknowledged, key)
        self.incrs = 0            # INCRs of the shared counter acknowledged
        self.pushes = 0           # RPUSHes of this writer's list acknowledged

    def run(self):
        try:
            c = Conn(self.port, timeout=5)
            i = 0
            while time.time() < self.deadline:
                key = "%s:%d" % (self.name, i)
                if c.cmd("SET", key, key) != b"+OK\r\n":
                    return
                self.acked_keys.append((time.time(), key))
                if not c.cmd("INCR", "counter").startswith(b":"):
                    return
                self.incrs += 1
                if not c.cmd("RPUSH", "list:" + self.name, str(i)).startswith(b":"):
                    return
                self.pushes += 1
                i += 1
        except (OSError, ConnectionError):
            pass


def run_writers(port, n, seconds):
    deadline = time.time() + seconds + 30
    ws = [Writer(port, "w%d" % k, deadline) for k in range(n)]
    for w in ws:
        w.start()
    return ws


def check_all_present(c, writers, before=None):
    """Every acknowledged key (acknowledged before `before`, when given) is present."""
    missing = []
    for w in writers:
        keys = [k for t, k in w.acked_keys if before is None or t < before]
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            got = parse(c.cmd("MGET", *chunk))
            missing += [k for k, v in zip(chunk, got) if v != k.encode()]
    return missing


def test_appendfsync_always(d):
    node = Node(d, "--appendonly", "yes", "--appendfsync", "always", "--save", "")
    rng = random.Random(7)
    all_writers = []
    total_incrs = 0
    pushes = {}
    try:
        for rnd in range(5):
            ws = run_writers(node.port, 4, 3)
            time.sleep(rng.uniform(0.3, 1.5))
            node.kill9()
            for w in ws:
                w.join(10)
            all_writers += ws
            total_incrs += sum(w.incrs for w in ws)
            for w in ws:
                pushes["list:" + w.name + ":%d" % rnd] = (w.name, w.pushes)
            node.start()
            c = Conn(node.port)
            missing = check_all_present(c, all_writers)
            assert not missing, "round %d: %d acknowledged keys lost, e.g. %s" % (
                rnd, len(missing), missing[:3])
            counter = int(parse(c.cmd("GET", "counter")) or 0)
            # Acknowledged INCRs are all there; at most one per writer more (sent, not answered).
            assert total_incrs <= counter <= total_incrs + 4 * (rnd + 1), (counter, total_incrs)
            for w in ws:
                n = parse(c.cmd("LLEN", "list:" + w.name))
                assert n >= w.pushes, (w.name, n, w.pushes)
            c.close()
            # The next round's writers start their lists afresh.
            c = Conn(node.port)
            for w in ws:
                c.cmd("DEL", "list:" + w.name)
            c.close()
        keys = sum(len(w.acked_keys) for w in all_writers)
        print("   (always: 5 kills, %d acknowledged keys and %d INCRs all present)" % (
            keys, total_incrs))
    finally:
        if node.proc.poll() is None:
            node.stop()


def test_appendfsync_everysec(d):
    node = Node(d, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "")
    try:
        ws = run_writers(node.port, 4, 4)
        time.sleep(4)
        killed_at = time.time()
        node.kill9()
        for w in ws:
            w.join(10)
        node.start()
        c = Conn(node.port)
        missing = check_all_present(c, ws, before=killed_at - 2)
        assert not missing, "%d keys acknowledged over 2 s before the kill lost, e.g. %s" % (
            len(missing), missing[:3])
        lost_recent = check_all_present(c, ws)
        print("   (everysec: %d keys acknowledged, %d of the last 2 s missing)" % (
            sum(len(w.acked_keys) for w in ws), len(lost_recent)))
        c.close()
    finally:
        if node.proc.poll() is None:
            node.stop()


def populate(c, prefix, n):
    for start in range(0, n, 1000):
        batch = b"".join(Conn.encode("SET", "%s:%d" % (prefix, i), "v%d" % i)
                         for i in range(start, min(n, start + 1000)))
        c.send_raw(batch)
        for _ in range(start, min(n, start + 1000)):
            assert c.read_reply() == b"+OK\r\n"


def wait_child(node, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if node.children():
            return True
        time.sleep(0.02)
    return False


def test_kill_during_bgsave(d):
    kill_during_bgsave(d, forkless=True)


def test_kill_during_forked_bgsave(d):
    kill_during_bgsave(d, forkless=False)


def kill_during_bgsave(d, forkless):
    node = Node(d, "--save", "", "--appendonly", "no", "--bgsave-forkless",
                "yes" if forkless else "no")
    try:
        c = Conn(node.port)
        populate(c, "old", 5000)
        assert c.cmd("SAVE") == b"+OK\r\n"
        populate(c, "new", 5000)
        c.cmd("CONFIG", "SET", "rdb-key-save-delay", "500")  # 10,000 keys: about 5 s
        assert c.cmd("BGSAVE") == b"+Background saving started\r\n"
        assert forkless or wait_child(node)
        time.sleep(0.5)
        assert b"rdb_bgsave_in_progress:1" in c.cmd("INFO", "persistence")
        c.close()
        node.kill9(with_children=True)
        node.start()
        c = Conn(node.port)
        assert c.cmd("DBSIZE") == b":5000\r\n"  # the previous snapshot
        assert c.cmd("GET", "old:4999") == b"$5\r\nv4999\r\n"
        c.close()
    finally:
        if node.proc.poll() is None:
            node.stop()


def test_kill_during_bgrewriteaof(d):
    node = Node(d, "--save", "", "--appendonly", "yes", "--auto-aof-rewrite-percentage", "0")
    try:
        c = Conn(node.port)
        populate(c, "old", 5000)
        c.cmd("CONFIG", "SET", "rdb-key-save-delay", "500")
        assert c.cmd("BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
        assert wait_child(node)
        # Writes during the rewrite go to the new incremental file, already in the manifest.
        populate(c, "during", 2000)
        c.close()
        node.kill9(with_children=True)
        node.start()
        c = Conn(node.port)
        assert c.cmd("DBSIZE") == b":7000\r\n"
        assert c.cmd("GET", "during:1999") == b"$5\r\nv1999\r\n"
        # And a later rewrite completes.
        assert c.cmd("BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
        deadline = time.time() + 20
        while time.time() < deadline and b"aof_rewrite_in_progress:1" in c.cmd("INFO",
                                                                                 "persistence"):
            time.sleep(0.1)
        assert b"aof_last_bgrewrite_status:ok" in c.cmd("INFO", "persistence")
        c.close()
        assert node.stop() == 0
        node.start()
        c = Conn(node.port)
        assert c.cmd("DBSIZE") == b":7000\r\n"
        c.close()
    finally:
        if node.proc.poll() is None:
            node.stop()


def print_log(d):
    try:
        with open(os.path.join(d, "server.log"), "rb") as f:
            print(f.read()[-2000:].decode(errors="replace"))
    except OSError:
        pass


def main():
    harness.run_fixture_tests(globals(), lambda name: tempfile.mkdtemp(prefix="sable-crash-"),
                              lambda d: shutil.rmtree(d, ignore_errors=True), print_log)


if __name__ == "__main__":
    main()
