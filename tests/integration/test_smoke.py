"""Smoke test: the basic request path against Redis, byte for byte."""
from harness import run_tests


def test_ping_echo(s):
    s.same("PING")
    s.same("PING", "hello")
    s.same("ECHO", "x" * 1000)
    s.same("PING", "a", "b")


def test_set_get(s):
    s.same("SET", "k", "v")
    s.same("GET", "k")
    s.same("GET", "missing")
    s.same("SET", "k", "v", "NX")
    s.same("SET", "k", "v2", "XX", "GET")
    s.same("INCR", "k")
    s.same("SET", "n", "41")
    s.same("INCR", "n")


def test_unknown_and_arity(s):
    s.same("NOSUCHCOMMAND", "a", "b")
    s.same("GET")
    s.same("SET", "k")


if __name__ == "__main__":
    run_tests(globals())
