"""CLUSTER, READONLY, READWRITE and ASKING answer as a standalone Redis 7.0 does (cluster support
disabled), and their command rows are Redis's."""
from harness import parse, run_tests


def test_cluster_commands_disabled_like_redis(s):
    subs = [n.decode().split("|")[1] for n in parse(s.redis.cmd("COMMAND", "LIST"))
            if n.startswith(b"cluster|")]
    assert len(subs) == 27, subs
    for sub in subs:
        s.same("CLUSTER", sub, "1", "2", "3", "4")
        s.same("CLUSTER", sub)
    for args in [("CLUSTER",), ("CLUSTER", "nosuch"), ("READONLY",), ("READWRITE",), ("ASKING",),
                 ("READONLY", "x")]:
        s.same(*args)
    s.same("COMMAND", "INFO", "readonly", "readwrite", "asking")
    s.same("COMMAND", "DOCS", "readonly", "asking")
    a = sorted(parse(s.sable.cmd("COMMAND", "LIST", "FILTERBY", "PATTERN", "cl*help")))
    assert a == [b"client|help", b"cluster|help"], a


if __name__ == "__main__":
    run_tests(globals())
