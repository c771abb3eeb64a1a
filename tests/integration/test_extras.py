"""LOLWUT, MODULE (a server with no modules) and the testing DEBUG subcommands, against Redis 7.0.

Every deterministic reply is compared byte for byte. LOLWUT's VERSION 5 and 6 drawings are random
past their first rows in Redis too, so they are compared by shape: the same lines and line
widths, the same deterministic top, the same captions and the same characters or colours.
"""
import re

from harness import Servers, parse, run_tests

LOAD_ERROR = b"-ERR Error loading the extension. Please check the server logs.\r\n"


def hello(s, proto):
    """Switches both connections to RESP `proto` (the replies carry different client ids)."""
    a, b = s.both("HELLO", proto)
    assert a[:1] == b[:1] and b"proto" in a, (a, b)


# ---------------------------------------------------------------------------------------------
# LOLWUT

def test_lolwut_default_and_other_versions(s):
    for args in [(), ("VERSION", "7"), ("version", "7", "1", "2"), ("VERSION", "4"),
                 ("VERSION", "1"), ("VERSION", "0"), ("VERSION", "56"), ("VERSION", "-1"),
                 ("VERSION", "600"), ("VERSION",), ("foo",), ("foo", "bar", "baz"),
                 ("5",), ("VERSION", "7", "x")]:
        s.same("LOLWUT", *args)


def test_lolwut_bad_version_and_arguments(s):
    for args in [("VERSION", "abc"), ("VERSION", "5.0"), ("VERSION", ""),
                 ("VERSION", "99999999999999999999"), ("VERSION", "5", "x"),
                 ("VERSION", "5", "10", "x"), ("VERSION", "5", "10", "2", "x"),
                 ("VERSION", "6", "x"), ("VERSION", "6", "10", "1.5")]:
        s.same("LOLWUT", *args)


def art_lines(raw):
    body = parse(raw)
    assert isinstance(body, bytes), raw[:80]
    return body.decode().split("\n")


def test_lolwut_version5_shape(s):
    cases = [("VERSION", "5"), ("VERSION", "5", "20"), ("VERSION", "5", "1"), ("VERSION", "5", "2"),
             ("VERSION", "5", "3", "1", "1"), ("VERSION", "5", "40", "4", "3"),
             ("VERSION", "5", "-5", "0", "-3"), ("VERSION", "5", "5000", "1", "1"),
             ("VERSION", "5", "10", "500", "1"), ("VERSION", "-4294967291"),
             ("VERSION", "4294967301", "8")]
    for args in cases:
        a, b = s.both("LOLWUT", *args)
        la, lb = art_lines(a), art_lines(b)
        assert len(la) == len(lb), (args, len(la), len(lb))
        assert [len(x) for x in la] == [len(x) for x in lb], args
        assert la[-2:] == lb[-2:], (args, la[-2:], lb[-2:])
        assert la[-2].startswith("Georg Nees - schotter, plotter on paper, 1968. Redis ver. ")
        # Braille characters only; the first two rows of squares are never disturbed.
        assert set("".join(la[:-2])) <= {chr(c) for c in range(0x2800, 0x2900)}, args
    a, b = s.both("LOLWUT", "VERSION", "5")
    assert art_lines(a)[:7] == art_lines(b)[:7]


def test_lolwut_version6_shape(s):
    cells = re.compile(r"\x1b\[(0;\d+;\d+m) \x1b\[0m")
    for args in [("VERSION", "6"), ("VERSION", "6", "30"), ("VERSION", "6", "30", "10"),
                 ("VERSION", "6", "1", "1"), ("VERSION", "6", "0", "-4"),
                 ("VERSION", "6", "2000", "3"), ("VERSION", "6", "12", "3000")]:
        a, b = s.both("LOLWUT", *args)
        la, lb = art_lines(a), art_lines(b)
        assert len(la) == len(lb), (args, len(la), len(lb))
        assert la[-3:] == lb[-3:], (args, la[-3:], lb[-3:])
        ca = [cells.findall(x) for x in la[:-3]]
        cb = [cells.findall(x) for x in lb[:-3]]
        assert [len(x) for x in ca] == [len(x) for x in cb], args
        assert "".join(cells.sub("", x) for x in la[:-3]) == "", args  # nothing but cells
        palette = {"0;30;40m", "0;90;100m", "0;37;47m", "0;97;107m"}
        assert set(c for row in ca for c in row) <= palette, args
    # With the default 20 rows no building reaches the top row: it is sky on both.
    a, b = s.both("LOLWUT", "VERSION", "6")
    assert art_lines(a)[0] == art_lines(b)[0]


def test_lolwut_resp3_is_verbatim(s):
    hello(s, "3")
    s.same("LOLWUT")
    a, b = s.both("LOLWUT", "VERSION", "5", "10", "1", "1")
    assert a.startswith(b"=") and b.startswith(b"=") and a[:12] == b[:12], (a[:20], b[:20])
    # The escape codes of the grey levels differ in length, so only the framing is compared.
    a, b = s.both("LOLWUT", "VERSION", "6", "5", "2")
    assert a.startswith(b"=") and b.startswith(b"=") and a.split(b"\r\n")[1][:4] == b"txt:", a
    assert a.endswith(b"Redis ver. 7.0.15\n\r\n") and b.endswith(b"Redis ver. 7.0.15\n\r\n")


def test_lolwut_command_introspection(s):
    s.same("COMMAND", "INFO", "lolwut")
    s.same("COMMAND", "DOCS", "lolwut")


# ---------------------------------------------------------------------------------------------
# MODULE

def test_module_unprotected_subcommands(s):
    for args in [("LIST",), ("list",), ("HELP",), ("help",)]:
        s.same("MODULE", *args)


def test_module_arity_and_unknown(s):
    for args in [(), ("LIST", "x"), ("HELP", "x"), ("LOAD",), ("LOADEX",), ("UNLOAD",),
                 ("UNLOAD", "a", "b"), ("foo",), ("foo", "bar")]:
        s.same("MODULE", *args)


def test_module_load_refused_when_disabled(s):
    # enable-module-command is "no" by default on both servers.
    for args in [("LOAD", "/nonexistent.so"), ("LOADEX", "/x", "CONFIG", "a", "b"),
                 ("UNLOAD", "foo"), ("load", "/usr/lib/x86_64-linux-gnu/libc.so.6")]:
        s.same("MODULE", *args)
    s.same("CONFIG", "GET", "enable-module-command")
    s.same("CONFIG", "SET", "enable-module-command", "yes")


def test_module_commands_when_enabled(_shared):
    for mode in ["yes", "local"]:
        s = Servers(sable_args=("--enable-module-command", mode),
                    redis_args=("--enable-module-command", mode))
        try:
            for args in [("LOAD", "/nonexistent/module.so"), ("LOAD", "/nonexistent.so", "a", "b"),
                         ("LOADEX", "/nonexistent.so"),
                         ("LOADEX", "/nonexistent.so", "CONFIG", "a", "b"),
                         ("LOADEX", "/nonexistent.so", "CONFIG", "a", "b", "CONFIG", "c", "d",
                          "ARGS", "1", "2"),
                         ("LOADEX", "/nonexistent.so", "CONFIG", "a"),
                         ("LOADEX", "/nonexistent.so", "bogus"),
                         ("LOADEX", "/nonexistent.so", "ARGS"),
                         ("UNLOAD", "foo"), ("UNLOAD", ""), ("LIST",)]:
                s.same("MODULE", *args)
            s.same("CONFIG", "GET", "enable-module-command")
            # A real shared object is never run: the load fails as for any file Redis could not
            # use, and the list stays empty.
            assert s.sable.cmd("MODULE", "LOAD", "/usr/lib/x86_64-linux-gnu/libz.so.1") == LOAD_ERROR
            assert s.sable.cmd("MODULE", "LIST") == b"*0\r\n"
            assert s.sable.cmd("PING") == b"+PONG\r\n"
            log = s.sable_server.log_tail(20)
            assert "Module /nonexistent/module.so failed to load: /nonexistent/module.so: cannot " \
                   "open shared object file: No such file or directory" in log, log
            assert "Module Configs malformed" in log, log
            assert "Syntax Error from arguments to loadex around bogus." in log, log
        finally:
            s.stop()


def test_module_command_introspection(s):
    # Redis lists a container's subcommands in its dict's (per-process random) order.
    a, b = s.both("COMMAND", "INFO", "module")
    sa, sb = parse(a)[0], parse(b)[0]
    assert sa[:9] == sb[:9] and sorted(sa[9], key=repr) == sorted(sb[9], key=repr), (a, b)
    a, b = s.both("COMMAND", "DOCS", "module")
    da, db = parse(a), parse(b)
    assert da[0] == db[0] and da[1][:-1] == db[1][:-1], (a, b)
    pairs = lambda subs: sorted(zip(subs[0::2], subs[1::2]), key=repr)
    assert pairs(da[1][-1]) == pairs(db[1][-1]), (a, b)
    for sub in ["load", "loadex", "unload", "list", "help"]:
        s.same("COMMAND", "INFO", "module|" + sub)
        s.same("COMMAND", "DOCS", "module|" + sub)
    hello(s, "3")
    s.same("COMMAND", "DOCS", "module|loadex")
    s.same("MODULE", "LIST")


def test_debug_still_uses_its_own_option(_shared):
    s = Servers(sable_args=("--enable-debug-command", "no"),
                redis_args=("--enable-debug-command", "no"))
    try:
        s.same("DEBUG", "SLEEP", "0")
        s.same("MODULE", "LOAD", "/x.so")
    finally:
        s.stop()


# ---------------------------------------------------------------------------------------------
# DEBUG testing subcommands

def test_debug_protocol_every_type(s):
    types = ["string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib",
             "verbatim", "true", "false", "push", "nosuch", "STRING", "Map"]
    for proto in ["2", "3"]:
        hello(s, proto)
        for t in types:
            if proto == "3" and t == "push":
                a, b = s.both("DEBUG", "PROTOCOL", t)
                assert a == b, (a, b)
                assert s.sable.read_reply() == s.redis.read_reply()
                continue
            s.same("DEBUG", "PROTOCOL", t)
        s.same("DEBUG", "PROTOCOL")
        s.same("DEBUG", "PROTOCOL", "string", "x")


def test_debug_digest_value(s):
    s.same("SET", "str", "hello")
    s.same("SET", "int", "12345")
    s.same("RPUSH", "list", "a", "b", "c")
    s.same("SADD", "set", "x", "y", "1")
    s.same("ZADD", "zset", "1.5", "a", "-2", "b")
    s.same("HSET", "hash", "f", "v", "g", "w")
    s.same("SET", "ttl", "v", "EX", "1000")
    for keys in [("str",), ("int",), ("list",), ("set",), ("zset",), ("hash",),
                 ("ttl",), ("missing",), ("str", "list", "missing", "hash"), ()]:
        s.same("DEBUG", "DIGEST-VALUE", *keys)
    s.same("DEBUG", "DIGEST")


def test_debug_change_repl_id(s):
    def replid(conn):
        info = parse(conn.cmd("INFO", "replication")).decode()
        return dict(l.split(":", 1) for l in info.split("\r\n") if ":" in l)

    before = replid(s.sable)
    s.same("DEBUG", "CHANGE-REPL-ID")
    after = replid(s.sable)
    assert before["master_replid"] != after["master_replid"]
    assert re.fullmatch(r"[0-9a-f]{40}", after["master_replid"])
    assert after["master_replid2"] == "0" * 40 == replid(s.redis)["master_replid2"]
    s.same("DEBUG", "CHANGE-REPL-ID", "x")


def test_debug_stringmatch_test(s):
    s.same("DEBUG", "STRINGMATCH-TEST")
    s.same("DEBUG", "STRINGMATCH-TEST", "x")
    s.same("DEBUG", "STRINGMATCH-LEN")  # Redis 7.0 has none by that name


def test_debug_sleep_and_switches(s):
    for args in [("SLEEP", "0"), ("SLEEP", "0.01"), ("SLEEP", "abc"), ("SLEEP", "-1"),
                 ("SLEEP",), ("SLEEP", "0", "1"),
                 ("SET-ACTIVE-EXPIRE", "0"), ("SET-ACTIVE-EXPIRE", "1"),
                 ("SET-ACTIVE-EXPIRE", "x"), ("SET-ACTIVE-EXPIRE",),
                 ("QUICKLIST-PACKED-THRESHOLD", "100"), ("QUICKLIST-PACKED-THRESHOLD", "1mb"),
                 ("QUICKLIST-PACKED-THRESHOLD", "0"), ("QUICKLIST-PACKED-THRESHOLD", "5gb"),
                 ("QUICKLIST-PACKED-THRESHOLD", "x"), ("QUICKLIST-PACKED-THRESHOLD", "-1"),
                 ("QUICKLIST-PACKED-THRESHOLD",), ("NOSUCH",)]:
        s.same("DEBUG", *args)
    s.same("DEBUG", "SET-ACTIVE-EXPIRE", "1")
    s.same("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0")


def test_debug_listpack_and_quicklist(s):
    s.same("RPUSH", "l", "a", "b", "1")
    s.same("HSET", "h", "f", "v", "n", "1")
    s.same("ZADD", "z", "1", "a", "2.5", "b")
    s.same("SET", "str", "v")
    s.same("SADD", "set", "1", "2")
    s.same("HSET", "big", *[x for i in range(200) for x in ("f%d" % i, "v")])
    for args in [("LISTPACK", "h"), ("LISTPACK", "z"), ("LISTPACK", "l"), ("LISTPACK", "str"),
                 ("LISTPACK", "set"), ("LISTPACK", "big"), ("LISTPACK", "nokey"), ("LISTPACK",),
                 ("LISTPACK", "h", "x"), ("QUICKLIST", "l"), ("QUICKLIST", "l", "1"),
                 ("QUICKLIST", "l", "0"), ("QUICKLIST", "h"), ("QUICKLIST", "nokey"),
                 ("QUICKLIST", "l", "1", "2"), ("QUICKLIST",)]:
        s.same("DEBUG", *args)


def test_debug_set_skip_checksum_validation(s):
    s.same("SET", "k", "value")
    payload = parse(s.sable.cmd("DUMP", "k"))
    bad = payload[:-1] + bytes([payload[-1] ^ 0xFF])  # a wrong CRC-64
    s.same("RESTORE", "r", "0", bad)
    s.same("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "1")
    s.same("RESTORE", "r", "0", bad)
    s.same("GET", "r")
    s.same("RESTORE", "r2", "0", payload[:-10] + b"\xff\x7f" + payload[-8:])  # newer RDB version
    s.same("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "0")
    s.same("RESTORE", "r3", "0", bad)


def test_debug_help_is_redis_text(s):
    """Each subcommand DEBUG HELP lists, with its text, as Redis's help has it and in its order.
    (Those left out, such as SEGFAULT or HTSTATS, answer as unknown subcommands.)"""
    ours, theirs = (parse(c.cmd("DEBUG", "HELP")) for c in (s.sable, s.redis))
    it = iter(theirs)
    for line in ours:
        assert any(line == t for t in it), "not in Redis's DEBUG HELP (or out of order): %r" % line


if __name__ == "__main__":
    run_tests(globals())
