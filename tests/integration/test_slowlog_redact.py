"""Secrets never reach SLOWLOG or MONITOR: AUTH, HELLO … AUTH, CONFIG SET requirepass are shown
with "(redacted)" arguments exactly as Redis 7.0 shows them."""
import re

from harness import parse, run_tests

SECRET_COMMANDS = [
    ("AUTH", "secret"), ("AUTH", "user", "secret"), ("HELLO", "2", "AUTH", "default", "secret"),
    ("HELLO", "2", "SETNAME", "auth", "AUTH", "u", "p"),
    ("CONFIG", "SET", "maxmemory-samples", "5", "requirepass", ""),
]


def test_slowlog_hides_secrets(s):
    s.same("CONFIG", "SET", "slowlog-log-slower-than", "0")
    try:
        s.same("SLOWLOG", "RESET")
        for args in SECRET_COMMANDS:
            s.both(*args)
        a, b = s.both("SLOWLOG", "GET", "-1")
        ea, eb = [e[3] for e in parse(a)], [e[3] for e in parse(b)]
        assert ea == eb, (ea, eb)
        assert not any(b"secret" in x for e in ea for x in e), ea
    finally:
        s.same("CONFIG", "SET", "slowlog-log-slower-than", "10000")


def test_monitor_hides_secrets(s):
    lines = []
    for c in (s.sable, s.redis):
        assert c.cmd("MONITOR") == b"+OK\r\n"
    for srv in (s.sable_server, s.redis_server):
        conn = srv.conn()
        for args in SECRET_COMMANDS[:4]:
            conn.cmd(*args)
        conn.cmd("PING")
        conn.close()
    for c in (s.sable, s.redis):
        got = []
        while True:
            line = c.read_reply().decode()
            got.append(re.sub(r"^\+[\d.]+ \[\d+ [^\]]+\] ", "", line.strip()))
            if got[-1] == '"PING"':
                break
        lines.append(got)
    assert lines[0] == lines[1], lines
    assert not any("secret" in l for l in lines[0]), lines[0]


if __name__ == "__main__":
    run_tests(globals())
