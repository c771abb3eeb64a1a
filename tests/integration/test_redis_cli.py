"""redis-cli 7.0 (Debian redis-tools) against Sable, next to Debian's redis-server.

Interactive use runs redis-cli in a pseudo-terminal (linenoise with hints on, as a person sees
it); the non-interactive modes (--pipe, --scan, --bigkeys, --memkeys, --latency, --stat, -x,
--raw/--no-raw, --eval, -3 (RESP3), -n) run as subprocesses. Where the output is deterministic it
must be the same for both servers once the port number is masked.

Not covered: --rdb and --replica (Sable has no replication: no SYNC/PSYNC), --user with a user
other than "default" (Sable has no ACL users yet; -a/--user default/--pass with requirepass are
covered), --ldb (no SCRIPT DEBUG).
"""
import os
import pty
import re
import select
import signal
import struct
import subprocess
import tempfile
import termios
import fcntl
import time

from harness import Conn, Servers, parse, run_tests

REDIS_CLI = "/usr/bin/redis-cli"
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def run(port, *args, input=None, timeout=30, env=None):
    argv = [REDIS_CLI, "-p", str(port)] + list(args)
    out = subprocess.run(argv, input=input, capture_output=True, timeout=timeout, env=env)
    return out.returncode, out.stdout.replace(str(port).encode(), b"PORT"), out.stderr


def both(s, *args, input=None):
    a = run(s.sable_server.port, *args, input=input)
    b = run(s.redis_server.port, *args, input=input)
    return a, b


def same(s, *args, input=None):
    a, b = both(s, *args, input=input)
    assert a[:2] == b[:2], "redis-cli %r differs:\n  sable: %r\n  redis: %r" % (args, a, b)
    return a[1]


def setup_both(s, *cmds):
    for c in cmds:
        s.same(*c)


# ------------------------------------------------------------------------------------------------
# Interactive: a pseudo-terminal


class Tty:
    """redis-cli in a pseudo-terminal; `send` types a line and returns what it printed up to the
    next prompt, with terminal escapes removed."""

    def __init__(self, port, *args):
        self.port = port
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            env = dict(os.environ, TERM="xterm", HOME=tempfile.gettempdir())
            env.pop("REDISCLI_HISTFILE", None)
            env["REDISCLI_HISTFILE"] = "/dev/null"
            os.execve(REDIS_CLI, [REDIS_CLI, "-p", str(port)] + list(args), env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
        self.prompt = re.compile(rb"127\.0\.0\.1:%d(\[\d+\])?(\(TX\))?> $" % port)
        self.banner = self.read_until_prompt(first=True)

    def read_until_prompt(self, timeout=10.0, first=False):
        # linenoise redraws "prompt + line + hint" after every key, without a newline; the reply
        # is complete when a newline is followed by nothing but a fresh prompt.
        buf = b""
        deadline = time.time() + timeout
        while time.time() < deadline:
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if r:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                buf += chunk
                clean = ANSI.sub(b"", buf).replace(b"\r", b"")
                if (first or b"\n" in clean) and self.prompt.fullmatch(clean.split(b"\n")[-1]):
                    return clean
        raise AssertionError("no prompt within %.0fs; got %r" % (timeout, ANSI.sub(b"", buf)))

    def send(self, line):
        # Typed one character at a time, so linenoise redraws with a hint after each key.
        for ch in line.encode():
            os.write(self.fd, bytes([ch]))
            time.sleep(0.002)
        os.write(self.fd, b"\r")
        out = self.read_until_prompt()
        # What follows the echoed line, up to the prompt.
        text = out.replace(b"\r", b"")
        lines = text.split(b"\n")
        body = lines[1:-1]
        prompt_line = lines[-1]
        return b"\n".join(body).replace(str(self.port).encode(), b"PORT"), prompt_line

    def close(self):
        try:
            os.write(self.fd, b"quit\r")
        except OSError:
            pass
        deadline = time.time() + 5
        while time.time() < deadline:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            try:
                if select.select([self.fd], [], [], 0.05)[0]:
                    os.read(self.fd, 65536)
            except OSError:
                pass
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def interactive(s, lines, *args):
    """Runs the same typed session against both servers; returns (sable, redis) outputs."""
    outs = []
    for port in (s.sable_server.port, s.redis_server.port):
        t = Tty(port, *args)
        try:
            outs.append([t.send(l) for l in lines])
        finally:
            t.close()
    return outs


def test_interactive_session_same_as_redis(s):
    lines = ["PING", "SET greeting hello", "GET greeting", "GET missing", "INCR greeting",
             "NOSUCHCMD x y", "RPUSH list a b c", "LRANGE list 0 -1", "HSET h f1 v1 f2 v2",
             "HGETALL h", "SADD set m", "SMEMBERS set", "EXPIRE greeting 100", "TTL greeting",
             "MULTI", "INCR counter", "INCR counter", "EXEC", "EVAL \"return {1,'a',{2}}\" 0",
             "set withquotes \"a b\\nc\"",
             "get withquotes", "DEL greeting list h set counter st withquotes", "DBSIZE"]
    if has_streams(s):
        lines[-2:-2] = ["XADD st 1-1 f v", "XRANGE st - +"]
    sable, redis = interactive(s, lines)
    for line, a, b in zip(lines, sable, redis):
        assert a[0] == b[0], "typed %r:\n  sable: %r\n  redis: %r" % (line, a[0], b[0])
    outs = dict(zip(lines, (o[0] for o in sable)))
    assert outs["PING"] == b"PONG"
    assert outs["GET missing"] == b"(nil)"
    assert outs["INCR greeting"] == b"(error) ERR value is not an integer or out of range"
    assert outs["NOSUCHCMD x y"].startswith(b"(error) ERR unknown command 'NOSUCHCMD'")
    assert outs["LRANGE list 0 -1"] == b'1) "a"\n2) "b"\n3) "c"'
    assert outs["EXEC"] == b"1) (integer) 1\n2) (integer) 2"
    assert outs["DBSIZE"] == b"(integer) 0"


def test_interactive_multi_prompt_and_select(s):
    # The prompt shows the database and the transaction state.
    for port in (s.sable_server.port, s.redis_server.port):
        t = Tty(port)
        try:
            out, prompt = t.send("SELECT 2")
            assert out == b"OK", out
            assert b"[2]>" in prompt, prompt
            out, prompt = t.send("MULTI")
            assert b"(TX)" in prompt, prompt
            out, prompt = t.send("SET k v")
            assert out == b"QUEUED", out
            out, prompt = t.send("EXEC")
            assert out == b"1) OK", out
            assert b"(TX)" not in prompt, prompt
            out, _ = t.send("SELECT 16")
            assert out == b"(error) ERR DB index is out of range", out
        finally:
            t.close()
    assert s.sable.cmd("SELECT", "2") == b"+OK\r\n"
    assert s.sable.cmd("GET", "k") == b"$1\r\nv\r\n"


def test_interactive_resp3(s):
    lines = ["HSET h a 1", "HGETALL h", "SADD s x", "SMEMBERS s", "ZADD z 1.5 m",
             "ZRANGE z 0 -1 WITHSCORES", "ZSCORE z m", "GET missing", "HELLO 2", "HGETALL h"]
    sable, redis = interactive(s, lines, "-3")
    for line, a, b in zip(lines, sable, redis):
        if line == "HELLO 2":
            continue  # server id and version differ
        assert a[0] == b[0], "typed %r:\n  sable: %r\n  redis: %r" % (line, a[0], b[0])
    outs = dict(zip(lines, (o[0] for o in sable)))
    assert outs["ZSCORE z m"] == b"(double) 1.5", outs
    assert outs["GET missing"] == b"(nil)"


def test_interactive_db_option(s):
    sable, redis = interactive(s, ["SET indb2 yes", "GET indb2"], "-n", "2")
    assert [o[0] for o in sable] == [o[0] for o in redis] == [b"OK", b'"yes"'], (sable, redis)
    assert all(b"[2]> " in o[1] for o in sable), sable
    assert s.sable.cmd("GET", "indb2") == b"$-1\r\n"
    s.sable.cmd("SELECT", "2")
    assert s.sable.cmd("GET", "indb2") == b"$3\r\nyes\r\n"


def test_interactive_hints_and_help(s):
    # Typing shows hints from COMMAND DOCS; a hint must not end up in the command sent.
    t = Tty(s.sable_server.port)
    try:
        os.write(t.fd, b"SET ")
        shown, deadline = b"", time.time() + 5
        while b"key value" not in ANSI.sub(b"", shown) and time.time() < deadline:
            if select.select([t.fd], [], [], 0.1)[0]:
                shown += os.read(t.fd, 65536)
        assert b"key value" in ANSI.sub(b"", shown), shown
        os.write(t.fd, b"hinted value\r")
        out = t.read_until_prompt()
        assert b"OK" in out, out
        out, _ = t.send("HELP SET")
        assert b"SET key value" in out, out
        assert b"group: string" in out, out
        out, _ = t.send("HELP @hash")
        assert b"HSET key field value" in out, out
    finally:
        t.close()
    assert s.sable.cmd("GET", "hinted") == b"$5\r\nvalue\r\n"


# ------------------------------------------------------------------------------------------------
# Non-interactive


def test_command_line_replies_same_as_redis(s):
    setup_both(s, ("RPUSH", "l", "a", "b c", "d\n"), ("SET", "n", "10"), ("HSET", "h", "f", "v"))
    for args in [("PING",), ("GET", "n"), ("INCR", "n"), ("LRANGE", "l", "0", "-1"),
                 ("GET", "nope"), ("LPUSH", "n", "x"), ("NOSUCH",), ("HGETALL", "h"),
                 ("--no-raw", "LRANGE", "l", "0", "-1"), ("--raw", "LRANGE", "l", "0", "-1"),
                 ("--raw", "GET", "nope"), ("--raw", "INCR", "nope"), ("--raw", "LPUSH", "n", "x"),
                 ("--no-raw", "GET", "n"), ("--csv", "LRANGE", "l", "0", "-1"),
                 ("-3", "HGETALL", "h"), ("-3", "--raw", "HGETALL", "h"), ("-3", "ZSCORE", "z", "m"),
                 ("-n", "3", "SET", "k3", "v"), ("-n", "3", "GET", "k3"), ("GET", "k3"),
                 ("-r", "3", "INCR", "rep"), ("EVAL", "return {1,2,{3,'x'}}", "0"),
                 ("--no-raw", "EVAL", "return redis.error_reply('E1 boom')", "0")]:
        same(s, *args)


def test_x_reads_last_argument_from_stdin(s):
    payload = b"line one\nline two\x00binary\xff"
    a, b = both(s, "-x", "SET", "fromstdin", input=payload)
    assert a[:2] == b[:2] == (0, b"OK\n"), (a, b)
    assert s.sable.cmd("GET", "fromstdin") == b"$%d\r\n%s\r\n" % (len(payload), payload)
    a, b = both(s, "-x", "HSET", "hx", "field", input=b"hashvalue")
    assert a[:2] == b[:2]
    assert s.sable.cmd("HGET", "hx", "field") == b"$9\r\nhashvalue\r\n"


def test_commands_from_stdin(s):
    script = b"SET a 1\nINCR a\nGET a\nNOSUCH\nLPUSH a x\n"
    out = same(s, input=script)
    assert out.splitlines()[:3] == [b"OK", b"2", b"2"], out


def test_pipe_mass_insert(s):
    n = 20000
    data = b"".join(Conn.encode("SET", "key:%d" % i, "val:%d" % i) for i in range(n))
    data += b"".join(Conn.encode("RPUSH", "list", str(i)) for i in range(1000))
    data += Conn.encode("INCR", "key:1")  # an error reply: counted, not fatal
    for port in (s.sable_server.port, s.redis_server.port):
        rc, out, err = run(port, "--pipe", input=data, timeout=60)
        text = (out + err).decode(errors="replace")
        assert rc == 0 or "errors: 1" in text, text
        assert "errors: 1, replies: %d" % (n + 1001) in text, text
    assert s.sable.cmd("DBSIZE") == s.redis.cmd("DBSIZE") == b":%d\r\n" % (n + 1)
    assert s.sable.cmd("LLEN", "list") == b":1000\r\n"
    # And a clean file reports no errors.
    data = b"".join(Conn.encode("SET", "clean:%d" % i, "x") for i in range(5000))
    rc, out, err = run(s.sable_server.port, "--pipe", input=data)
    assert rc == 0, (out, err)
    assert b"errors: 0, replies: 5000" in out + err, out + err


def test_scan_pattern(s):
    for conn in (s.sable, s.redis):
        for i in range(300):
            conn.cmd("SET", "user:%d" % i, "x")
            conn.cmd("SET", "item:%d" % i, "y")
        conn.cmd("HSET", "user:h", "f", "v")
    results = []
    for port in (s.sable_server.port, s.redis_server.port):
        rc, out, _ = run(port, "--scan", "--pattern", "user:*")
        assert rc == 0
        results.append(sorted(out.split()))
        rc, out2, _ = run(port, "--scan", "--pattern", "user:1?", "-i", "0.01")
        results.append(sorted(out2.split()))
        rc, out3, _ = run(port, "--scan")
        assert len(out3.split()) == 601
    assert results[0] == results[2]
    assert len(results[0]) == 301
    assert results[1] == results[3] == sorted(b"user:1%d" % i for i in range(10))
    # --quoted-pattern takes an escaped pattern (redis-cli 7.0 has no --count or --type).
    a, b = both(s, "--scan", "--quoted-pattern", '"user:\\x68"')
    assert a[1] == b[1] == b"user:h\n", (a, b)


def has_streams(s):
    return s.sable.cmd("COMMAND", "INFO", "xadd") != b"*1\r\n$-1\r\n"


def fill_typed(conn, streams=True):
    conn.cmd("SET", "str:short", "x")
    conn.cmd("SET", "str:long", "y" * 5000)
    conn.cmd("RPUSH", "list:a", *[str(i) for i in range(50)])
    conn.cmd("RPUSH", "list:b", "1")
    conn.cmd("HSET", "hash:a", *sum([["f%d" % i, "v"] for i in range(20)], []))
    conn.cmd("SADD", "set:a", *[str(i) for i in range(30)])
    conn.cmd("ZADD", "zset:a", *sum([[str(i), "m%d" % i] for i in range(40)], []))
    for i in range(7 if streams else 0):  # (skipped while Sable has no streams)
        conn.cmd("XADD", "stream:a", "*", "f", "v")


def summary(out):
    text = out.decode(errors="replace")
    assert "-------- summary -------" in text, text
    return text.split("-------- summary -------", 1)[1].strip().splitlines()


def test_bigkeys(s):
    fill_typed(s.sable, has_streams(s))
    fill_typed(s.redis, has_streams(s))
    a, b = both(s, "--bigkeys")
    assert a[0] == b[0] == 0, (a, b)
    sa, sb = summary(a[1]), summary(b[1])
    assert sa == sb, "bigkeys summary differs:\n  sable: %r\n  redis: %r" % (sa, sb)
    assert any("Biggest   list found '\"list:a\"' has 50 items" in l for l in sa), sa
    assert any("Biggest string found '\"str:long\"' has 5000 bytes" in l for l in sa), sa
    if has_streams(s):
        assert any("Biggest stream found '\"stream:a\"' has 7 entries" in l for l in sa), sa


def test_memkeys(s):
    fill_typed(s.sable, has_streams(s))
    fill_typed(s.redis, has_streams(s))
    a, b = both(s, "--memkeys")
    assert a[0] == b[0] == 0, (a, b)
    sa, sb = summary(a[1]), summary(b[1])
    # Byte counts are each server's own; which key is biggest and the key counts agree.
    mask = lambda lines: [re.sub(r"[\d.]+", "N", l) for l in lines]
    assert mask(sa) == mask(sb), "memkeys summary differs:\n  sable: %r\n  redis: %r" % (sa, sb)
    biggest = lambda lines: sorted(re.sub(r" has .*", "", l) for l in lines if "Biggest" in l)
    assert biggest(sa) == biggest(sb), (sa, sb)
    # --memkeys-samples
    rc, out, _ = run(s.sable_server.port, "--memkeys-samples", "3")
    assert rc == 0 and re.search(rb"Sampled \d+ keys in the keyspace", out), out


def test_latency_modes(s):
    # --latency --raw: one line "min max avg samples" after about a second.
    rc, out, err = run(s.sable_server.port, "--latency", "--raw", timeout=10)
    assert rc == 0, err
    fields = out.split()
    assert len(fields) == 4, out
    mn, mx, avg, n = int(fields[0]), int(fields[1]), float(fields[2]), int(fields[3])
    assert 0 <= mn <= mx and n > 10 and mn <= avg <= mx, out
    # --latency-history, bounded by a timeout (it never stops on its own).
    p = subprocess.run(["timeout", "2.5", "stdbuf", "-o0", REDIS_CLI, "-p",
                        str(s.sable_server.port), "--latency-history", "-i", "1"],
                       capture_output=True, timeout=10)
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    assert lines and all(len(l.split()) == 4 for l in lines), p.stdout
    # --latency-dist needs a terminal to draw; --intrinsic-latency measures the client machine only.
    rc, out, _ = run(s.sable_server.port, "--intrinsic-latency", "1", timeout=10)
    assert rc == 0 and b"Max latency so far" in out, out


def test_stat(s):
    for i in range(25):
        s.sable.cmd("SET", "k%d" % i, "v")
    p = subprocess.run(["timeout", "2.5", "stdbuf", "-o0", REDIS_CLI, "-p",
                        str(s.sable_server.port), "--stat", "-i", "0.3"],
                       capture_output=True, timeout=10)
    lines = p.stdout.decode().splitlines()
    assert lines[0].startswith("------- data ------ --------------------- load"), lines
    assert lines[1].split() == ["keys", "mem", "clients", "blocked", "requests", "connections"]
    rows = [l.split() for l in lines[2:]]
    assert len(rows) >= 2, lines
    for r in rows:
        assert r[0] == "25", lines  # keys
        assert re.match(r"^[\d.]+[BKMG]$", r[1]), lines  # used memory
        assert int(r[2]) >= 2 and r[3] == "0", lines  # clients, blocked
        assert re.match(r"^\d+$", r[4]) and re.match(r"^\(\+\d+\)$", r[5]), lines
    # The request counter goes up by one per sample (the INFO it sends).
    assert int(rows[-1][4]) > int(rows[0][4]), lines


def test_eval_script_file(s):
    fd, path = tempfile.mkstemp(suffix=".lua")
    with os.fdopen(fd, "w") as f:
        f.write("redis.call('SET', KEYS[1], ARGV[1])\n"
                "redis.call('RPUSH', KEYS[2], ARGV[1], ARGV[2])\n"
                "return {KEYS[1], redis.call('GET', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1),"
                " #KEYS, #ARGV}\n")
    bad_fd, bad = tempfile.mkstemp(suffix=".lua")
    with os.fdopen(bad_fd, "w") as f:
        f.write("return redis.call('INCR', KEYS[1])\n")
    try:
        out = same(s, "--no-raw", "--eval", path, "ek1", "ek2", ",", "arg1", "arg2")
        assert out == b'1) "ek1"\n2) "arg1"\n3) 1) "arg1"\n   2) "arg2"\n4) (integer) 2\n' \
                      b'5) (integer) 2\n', out
        same(s, "--eval", path, "ek1", "ek2", ",", "arg1", "arg2")  # raw: not a terminal
        same(s, "--eval", bad, "ek1")  # INCR on a non-integer: an error reply from the script
        same(s, "--eval", bad, ",", "a")
    finally:
        os.unlink(path)
        os.unlink(bad)


def test_info_and_server_facts(s):
    # redis-cli reads INFO for --stat/--bigkeys; the sections it parses exist.
    rc, out, _ = run(s.sable_server.port, "INFO", "keyspace")
    assert rc == 0 and out.startswith(b"# Keyspace"), out
    rc, out, _ = run(s.sable_server.port, "--no-auth-warning", "PING")
    assert out == b"PONG\n"
    # -e: the exit code reflects an error reply.
    rc, out, _ = run(s.sable_server.port, "-e", "INCR", "x", "y")
    assert rc == 1, (rc, out)
    rc2, _, _ = run(s.redis_server.port, "-e", "INCR", "x", "y")
    assert rc2 == 1


def test_hotkeys(s):
    # Without an LFU policy both servers refuse OBJECT FREQ the same way.
    s.same("SET", "hot", "x")
    a, b = both(s, "--hotkeys")
    assert a[:2] == b[:2], (a, b)
    assert b"An LFU maxmemory policy is not selected" in a[1] + a[2], a
    for conn in (s.sable, s.redis):
        conn.cmd("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
        conn.cmd("SET", "cold", "1")
        for _ in range(200):
            conn.cmd("GET", "hot")
    try:
        a, b = both(s, "--hotkeys")
        assert a[0] == b[0] == 0, (a, b)
        sa, sb = summary(a[1]), summary(b[1])
        assert sa[0] == sb[0] == "Sampled 2 keys in the keyspace!", (sa, sb)
        # Counters are not compared: Sable keeps no per-key LFU counter (OBJECT FREQ reports the
        # initial 5, decayed by idle time), where Redis's grows with the 200 reads.
        for lines in (sa, sb):
            assert any("hot key found with counter" in l and '"hot"' in l for l in lines), lines
    finally:
        for conn in (s.sable, s.redis):
            conn.cmd("CONFIG", "SET", "maxmemory-policy", "noeviction")


def test_auth_options(s):
    # -a, --user/--pass and a wrong password against servers with requirepass.
    t = Servers(sable_args=("--requirepass", "s3cret"), redis_args=("--requirepass", "s3cret"))
    try:
        for args in [("-a", "s3cret", "PING"), ("--no-auth-warning", "-a", "s3cret", "PING"),
                     ("--user", "default", "--pass", "s3cret", "--no-auth-warning", "PING"),
                     ("--no-auth-warning", "-a", "wrong", "PING"), ("PING",),
                     ("--no-auth-warning", "--user", "nosuch", "--pass", "x", "PING"),
                     ("--no-auth-warning", "-a", "s3cret", "-n", "2", "SET", "k", "v"),
                     ("--no-auth-warning", "-a", "s3cret", "--scan")]:
            a = run(t.sable_server.port, *args)
            b = run(t.redis_server.port, *args)
            assert a == b, "redis-cli %r differs:\n  sable: %r\n  redis: %r" % (args, a, b)
        # Interactive: AUTH typed at the prompt.
        outs = []
        for port in (t.sable_server.port, t.redis_server.port):
            tty = Tty(port)
            try:
                outs.append([tty.send(l)[0] for l in ["PING", "AUTH wrong", "AUTH s3cret",
                                                      "PING"]])
            finally:
                tty.close()
        assert outs[0] == outs[1], outs
        assert outs[0][-1] == b"PONG", outs
    finally:
        t.stop()


if __name__ == "__main__":
    run_tests(globals())
