"""Server commands against Redis 7.0: INFO, CONFIG, COMMAND, TIME, LASTSAVE, SHUTDOWN, SLOWLOG,
MEMORY and DEBUG.

Replies that are deterministic (errors, arity, CONFIG GET of shared directives, COMMAND INFO rows of
keyed commands) are compared byte for byte; figures that differ by nature (memory, times, counts
of commands) are checked for shape: the same INFO field names in the same order, the same map keys.
"""
import os
import re
import socket
import subprocess
import time

from harness import Conn, free_port, parse, run_tests, start_sable

# Sections whose field names must match Redis's exactly, in order.
INFO_SECTIONS = ["server", "clients", "memory", "persistence", "stats", "replication", "cpu",
                 "cluster", "keyspace"]


def info_text(raw):
    v = parse(raw)
    assert isinstance(v, bytes), raw[:80]
    return v.decode()


def info_layout(text):
    """[(section title, [field names])] of an INFO text."""
    out = []
    for line in text.split("\r\n"):
        if line.startswith("# "):
            out.append((line[2:], []))
        elif line:
            assert out, line
            out[-1][1].append(line.split(":", 1)[0])
    return out


def info_dict(text):
    return dict(line.split(":", 1) for line in text.split("\r\n") if line and line[0] != "#")


def both_info(s, *sections):
    a, b = s.both("INFO", *sections)
    return info_text(a), info_text(b)


def hello3(s):
    """Switches both connections to RESP3 (the HELLO replies differ in the client id)."""
    for c in (s.sable, s.redis):
        assert c.cmd("HELLO", "3").startswith(b"%7")


# ---------------------------------------------------------------------------------------------
# INFO


def test_info_field_names_match_redis(s):
    s.same("SET", "k", "v")
    for section in INFO_SECTIONS:
        a, b = both_info(s, section)
        la, lb = info_layout(a), info_layout(b)
        assert la == lb, "INFO %s differs:\n sable %r\n redis %r" % (section, la, lb)


def test_info_section_selection(s):
    s.same("SET", "k", "v")
    s.same("GET")  # one error, so Errorstats has a line on both
    for args in [(), ("default",), ("all",), ("everything",), ("keyspace", "server"),
                 ("SERVER", "Clients"), ("cpu", "cpu")]:
        a, b = both_info(s, *args)
        ta = [t for t, _ in info_layout(a)]
        tb = [t for t, _ in info_layout(b)]
        assert ta == tb, (args, ta, tb)
    s.same("INFO", "nosuchsection")
    s.same("INFO", "modules")
    s.same("INFO", "cluster")


def test_info_keyspace_and_errorstats_identical(s):
    s.same("SET", "a", "1")
    s.same("SET", "b", "2")
    s.same("SELECT", "3")
    s.same("SET", "c", "3")
    s.same("INFO", "keyspace")
    s.same("SELECT", "0")
    s.same("CONFIG", "RESETSTAT")
    s.same("GET")
    s.same("NOSUCHCOMMAND")
    s.same("SET", "a", "1", "EX", "0")
    s.same("INFO", "errorstats")


def test_info_stats_and_commandstats_counts(s):
    s.same("SET", "k", "v")
    s.same("CONFIG", "RESETSTAT")
    s.same("GET", "k")
    s.same("GET", "k")
    s.same("GET", "missing")
    s.same("GET")
    a, b = both_info(s, "stats")
    da, db = info_dict(a), info_dict(b)
    for f in ["keyspace_hits", "keyspace_misses", "total_error_replies"]:
        assert da[f] == db[f], (f, da[f], db[f])
    a, b = both_info(s, "commandstats")
    ca, cb = info_dict(a), info_dict(b)
    assert sorted(ca) == sorted(cb), (sorted(ca), sorted(cb))
    strip = lambda v: re.sub(r"usec=\d+,usec_per_call=[\d.]+", "", v)
    for k in ca:
        if k != "cmdstat_info":
            assert strip(ca[k]) == strip(cb[k]), (k, ca[k], cb[k])
    assert "calls=3," in ca["cmdstat_get"] and "rejected_calls=1," in ca["cmdstat_get"]


def test_info_values_are_live(s):
    d = info_dict(info_text(s.sable.cmd("INFO")))
    assert d["redis_version"] == "7.0.15"
    assert d["tcp_port"] == str(s.sable.port)
    assert int(d["process_id"]) == s.sable_server.proc.pid
    assert int(d["connected_clients"]) >= 1
    assert int(d["used_memory"]) > 0 and int(d["used_memory_rss"]) > 0
    assert re.fullmatch(r"\d+\.\d{6}", d["used_cpu_user"])
    assert d["role"] == "master" and len(d["run_id"]) == 40
    assert os.path.isabs(d["executable"]) and os.path.exists(d["executable"]), d["executable"]
    assert abs(int(d["server_time_usec"]) / 1e6 - time.time()) < 5


def test_info_resp3_is_verbatim(s):
    hello3(s)
    raw = s.sable.cmd("INFO", "cpu")
    assert raw.startswith(b"=") and b"\r\ntxt:# CPU\r\n" in raw, raw[:40]
    s.same("INFO", "nosuchsection")


# ---------------------------------------------------------------------------------------------
# CONFIG


def test_config_get_shared_directives(s):
    for name in ["hz", "maxmemory", "maxmemory-policy", "timeout", "databases", "tcp-keepalive",
                 "slowlog-max-len", "proto-max-bulk-len", "protected-mode", "loglevel",
                 "nosuchdirective", "maxmemory-samples", "lfu-log-factor"]:
        s.same("CONFIG", "GET", name)
    s.same("CONFIG", "GET")
    a, b = s.both("CONFIG", "GET", "hz", "maxmemory", "h?", "HZ")
    pa, pb = parse(a), parse(b)
    assert dict(zip(pa[::2], pa[1::2])) == dict(zip(pb[::2], pb[1::2])), (a, b)
    hello3(s)
    s.same("CONFIG", "GET", "hz")


def test_config_lazyfree_and_min_replicas(s):
    names = ["lazyfree-lazy-eviction", "lazyfree-lazy-expire", "lazyfree-lazy-server-del",
             "lazyfree-lazy-user-del", "lazyfree-lazy-user-flush", "replica-lazy-flush",
             "min-replicas-to-write", "min-replicas-max-lag"]
    for name in names:
        s.same("CONFIG", "GET", name)
    for name, value in [("lazyfree-lazy-user-del", "yes"), ("slave-lazy-flush", "yes"),
                        ("min-slaves-max-lag", "5"), ("min-replicas-to-write", "-1"),
                        ("lazyfree-lazy-expire", "maybe")]:
        s.same("CONFIG", "SET", name, value)
    for name in names:
        s.same("CONFIG", "GET", name)
    s.same("CONFIG", "SET", "lazyfree-lazy-user-del", "no", "replica-lazy-flush", "no",
           "min-replicas-max-lag", "10")


def test_config_set_errors_match(s):
    cases = [
        ("CONFIG", "SET", "foo", "1"),
        ("CONFIG", "SET", "hz"),
        ("CONFIG", "SET", "hz", "1", "maxmemory"),
        ("CONFIG", "SET", "hz", "abc"),
        ("CONFIG", "SET", "hz", "-1"),
        ("CONFIG", "SET", "hz", "5", "hz", "6"),
        ("CONFIG", "SET", "hz", "5", "foo", "1"),
        ("CONFIG", "SET", "databases", "5"),
        ("CONFIG", "SET", "dir", "/tmp"),
        ("CONFIG", "SET", "maxmemory-policy", "bad"),
        ("CONFIG", "SET", "protected-mode", "maybe"),
        ("CONFIG", "SET", "maxmemory", "10x"),
        ("CONFIG", "SET", "databases", "5", "foo", "1"),
        ("CONFIG", "RESETSTAT", "x"),
        ("CONFIG", "REWRITE"),
        ("CONFIG", "NOSUCH"),
        ("CONFIG",),
    ]
    for c in cases:
        s.same(*c)


def test_config_set_is_atomic(s):
    s.same("CONFIG", "SET", "hz", "10", "maxmemory-samples", "5")
    s.same("CONFIG", "SET", "hz", "20", "maxmemory-policy", "nosuchpolicy")
    s.same("CONFIG", "GET", "hz")
    s.same("CONFIG", "SET", "hz", "20", "maxmemory", "2mb", "MAXMEMORY-POLICY", "allkeys-lru")
    s.same("CONFIG", "GET", "hz")
    s.same("CONFIG", "GET", "maxmemory")
    s.same("CONFIG", "GET", "maxmemory-policy")
    s.same("CONFIG", "SET", "hz", "10", "maxmemory", "0", "maxmemory-policy", "noeviction")


def test_config_get_aliases_and_hidden(s):
    for pattern in ("*of", "slaveof", "replicaof", "key-load-delay", "key*", "maxmemory*",
                    "*ziplist*", "repl-backlog-size", "maxmemory-clients"):
        s.same_sorted("CONFIG", "GET", pattern)
    a, b = s.both("CONFIG", "GET", "maxmemory", "maxmemory*", "bind", "*of")
    pa, pb = parse(a), parse(b)
    assert dict(zip(pa[::2], pa[1::2])) == dict(zip(pb[::2], pb[1::2])), (a, b)
    assert len(pa) == 2 * len(set(pa[::2])), pa  # no duplicates


def test_config_set_new_directives(s):
    cases = [
        ("CONFIG", "SET", "maxmemory-clients", "200%"),
        ("CONFIG", "SET", "maxmemory-clients", "abc"),
        ("CONFIG", "SET", "maxmemory-clients", "-5%"),
        ("CONFIG", "SET", "maxmemory-clients", "10%"),
        ("CONFIG", "GET", "maxmemory-clients"),
        ("CONFIG", "SET", "maxmemory-clients", "5mb"),
        ("CONFIG", "GET", "maxmemory-clients"),
        ("CONFIG", "SET", "maxmemory-clients", "0"),
        ("CONFIG", "SET", "repl-backlog-size", "0"),
        ("CONFIG", "SET", "repl-backlog-size", "1"),
        ("CONFIG", "GET", "repl-backlog-size"),
        ("CONFIG", "SET", "repl-backlog-size", "10000002", "maxmemory", "10000001"),
        ("CONFIG", "GET", "repl-backlog-size"),
        ("CONFIG", "SET", "repl-backlog-size", "1mb", "maxmemory", "0"),
        ("CONFIG", "SET", "replicaof", ""),
        ("CONFIG", "SET", "key-load-delay", "0"),
        ("CONFIG", "SET", "tracking-table-max-keys", "-1"),
        ("CONFIG", "SET", "tracking-table-max-keys", "100"),
        ("CONFIG", "GET", "tracking-table-max-keys"),
        ("CONFIG", "SET", "tracking-table-max-keys", "1000000"),
        # A failed set rolls back the values set before it.
        ("CONFIG", "SET", "maxmemory", "10000001", "maxmemory-clients", "200%",
         "client-query-buffer-limit", "invalid"),
        ("CONFIG", "GET", "maxmemory"),
        ("CONFIG", "SET", "bind", "999.1.1.1"),
        ("CONFIG", "GET", "bind"),
    ]
    for c in cases:
        s.same(*c)


def test_config_set_every_value_back(s):
    """Setting each directive to the value CONFIG GET shows changes nothing (Redis's sanity)."""
    skip = {b"daemonize", b"rdbchecksum", b"tcp-backlog", b"unixsocket", b"unixsocketperm",
            b"pidfile", b"logfile", b"databases", b"replicaof", b"slaveof", b"requirepass",
            b"dbfilename", b"dir", b"enable-debug-command", b"enable-module-command",
            b"enable-protected-configs", b"appendfilename", b"appenddirname", b"aclfile"}
    before = parse(s.sable.cmd("CONFIG", "GET", "*"))
    pairs = list(zip(before[::2], before[1::2]))
    for k, v in pairs:
        if k not in skip:
            assert s.sable.cmd("CONFIG", "SET", k, v) == b"+OK\r\n", (k, v)
    after = parse(s.sable.cmd("CONFIG", "GET", "*"))
    assert dict(pairs) == dict(zip(after[::2], after[1::2]))


def test_config_set_port_moves_listener(s):
    srv = start_sable()
    try:
        c = srv.conn()
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        used = busy.getsockname()[1]
        err = c.cmd("CONFIG", "SET", "maxmemory", "10000001", "port", str(used))
        assert err == (b"-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to "
                       b"listen on this port. Check server logs.\r\n"), err
        busy.close()
        assert parse(c.cmd("CONFIG", "GET", "maxmemory"))[1] == b"0"
        assert Conn(srv.port).cmd("PING") == b"+PONG\r\n"  # still on the old port
        new_port = free_port()
        assert c.cmd("CONFIG", "SET", "port", str(new_port)) == b"+OK\r\n"
        assert Conn(new_port).cmd("PING") == b"+PONG\r\n"
        try:
            Conn(srv.port, timeout=1).cmd("PING")
            assert False, "the old port still accepts connections"
        except OSError:
            pass
        assert c.cmd("PING") == b"+PONG\r\n"  # connected clients stay
        assert c.cmd("CONFIG", "SET", "bind", "127.0.0.1") == b"+OK\r\n"
        assert Conn(new_port).cmd("PING") == b"+PONG\r\n"
        assert c.cmd("CONFIG", "SET", "port", str(srv.port)) == b"+OK\r\n"
    finally:
        srv.stop()


def test_config_resetstat(s):
    s.same("SET", "k", "v")
    s.same("GET")
    s.same("CONFIG", "RESETSTAT")
    a, b = both_info(s, "commandstats")
    d = info_dict(info_text(s.sable.cmd("INFO", "stats")))
    assert d["total_error_replies"] == "0" and d["keyspace_hits"] == "0", d
    assert sorted(info_dict(a)) == sorted(info_dict(b)), (a, b)
    assert info_text(s.sable.cmd("INFO", "errorstats")) == "# Errorstats\r\n"


def test_config_rewrite_round_trip(s):
    srv = start_sable(config_text="# a comment that must survive\nhz 10\nmaxmemory 0\n")
    try:
        c = srv.conn()
        assert c.cmd("CONFIG", "SET", "hz", "25", "maxmemory", "1mb") == b"+OK\r\n"
        assert c.cmd("CONFIG", "SET", "slowlog-max-len", "77") == b"+OK\r\n"
        assert c.cmd("CONFIG", "REWRITE") == b"+OK\r\n"
        text = open(os.path.join(srv.workdir, "test.conf")).read()
        assert "# a comment that must survive" in text, text
        assert "hz 25" in text and "maxmemory 1048576" in text or "maxmemory 1mb" in text, text
        assert "slowlog-max-len 77" in text, text
        d = info_dict(info_text(c.cmd("INFO", "server")))
        assert d["config_file"] == os.path.realpath(os.path.join(srv.workdir, "test.conf"))
        c.close()
    finally:
        srv.stop()
    srv2 = start_sable(config_text=text)
    try:
        c = srv2.conn()
        assert parse(c.cmd("CONFIG", "GET", "hz")) == [b"hz", b"25"]
        assert parse(c.cmd("CONFIG", "GET", "maxmemory")) == [b"maxmemory", b"1048576"]
        assert parse(c.cmd("CONFIG", "GET", "slowlog-max-len")) == [b"slowlog-max-len", b"77"]
        c.close()
    finally:
        srv2.stop()


# ---------------------------------------------------------------------------------------------
# COMMAND

# Commands this family registers; their rows must agree with Redis's (tips aside).
OWN_COMMANDS = ["info", "config", "command", "time", "lastsave", "shutdown", "slowlog", "memory",
                "debug", "client", "role", "latency"]
# CLIENT subcommands Redis 7.0 has and Sable implements in client_cmd.cc.
OWN_CLIENT_SUBS = ["client|id", "client|setname", "client|getname", "client|info", "client|list",
                   "client|kill", "client|no-evict", "client|reply", "client|unblock",
                   "client|help"]


def row_shape(row):
    """name, arity, flags, first, last, step, acl categories, key specs, subcommand names."""
    subs = sorted(r[0] for r in row[9])
    # Key-spec access flags (RO/RW, access/update ...) are inferred from the command flags and
    # may say less than Redis's hand-written ones; the search and find parts must agree.
    specs = [spec[2:] for spec in row[8]]
    return row[:7] + [specs, subs]


def test_command_info_rows_match(s):
    s.same("COMMAND", "INFO", "get")
    s.same("COMMAND", "INFO", "nosuch")
    s.same("COMMAND", "INFO", "get", "nosuch", "GET")
    hello3(s)
    s.same("COMMAND", "INFO", "get")
    s.sable.cmd("HELLO", "2")
    s.redis.cmd("HELLO", "2")
    a, b = s.both("COMMAND", "INFO", *OWN_COMMANDS)
    for ra, rb in zip(parse(a), parse(b)):
        subs_a = {r[0]: r for r in ra[9]}
        subs_b = {r[0]: r for r in rb[9]}
        assert ra[:7] == rb[:7], (ra[:7], rb[:7])
        for name, sub in subs_b.items():
            if name.startswith(b"client|") and name.decode() not in OWN_CLIENT_SUBS:
                continue  # tracking and pause rows belong to client_tracking.cc
            assert name in subs_a, name
            assert row_shape(subs_a[name]) == row_shape(sub), (row_shape(subs_a[name]),
                                                               row_shape(sub))


def test_command_count_and_list(s):
    count = parse(s.sable.cmd("COMMAND", "COUNT"))
    rows = parse(s.sable.cmd("COMMAND"))
    assert count == len(rows) > 20
    names = parse(s.sable.cmd("COMMAND", "LIST"))
    assert sorted(n for n in names if b"|" not in n) == sorted(r[0] for r in rows)
    assert b"config|get" in names and b"client|list" in names
    got = parse(s.sable.cmd("COMMAND", "LIST", "FILTERBY", "PATTERN", "CLIENT|I*"))
    assert sorted(got) == [b"client|id", b"client|info"], got
    got = parse(s.sable.cmd("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection"))
    assert b"ping" in got and b"client|id" in got and b"get" not in got
    for args in [("FILTERBY", "MODULE", "x"), ("FILTERBY", "ACLCAT", "nosuchcat"),
                 ("FILTERBY", "foo", "x"), ("FILTERBY",), ("FOO",)]:
        s.same("COMMAND", "LIST", *args)


def test_command_getkeys(s):
    for args in [("get", "a"), ("get", "a", "b"), ("mset", "a", "1", "b", "2"), ("set", "k"),
                 ("nosuch", "a"), ("ping", "x"), ("memory", "usage", "k"), ("del", "a", "b"),
                 ("client", "list")]:
        s.same("COMMAND", "GETKEYS", *args)
    s.same("COMMAND", "GETKEYS", "get")
    s.same("COMMAND", "GETKEYSANDFLAGS", "get", "x")


def test_command_docs(s):
    s.same("COMMAND", "DOCS", "nosuch")
    a, b = s.both("COMMAND", "DOCS", "config", "time")
    pa, pb = parse(a), parse(b)
    da, db = dict(zip(pa[::2], pa[1::2])), dict(zip(pb[::2], pb[1::2]))
    assert sorted(da) == sorted(db) == [b"config", b"time"]
    for name in da:
        ma = dict(zip(da[name][::2], da[name][1::2]))
        mb = dict(zip(db[name][::2], db[name][1::2]))
        for f in [b"summary", b"since", b"group", b"complexity"]:
            assert ma[f] == mb[f], (name, f, ma[f], mb[f])
    subs = dict(zip(da[b"config"][::2], da[b"config"][1::2]))[b"subcommands"]
    assert sorted(subs[::2]) == sorted(dict(zip(db[b"config"][::2], db[b"config"][1::2]))
                                       [b"subcommands"][::2])


def test_help_texts(s):
    for c in ["COMMAND", "CONFIG", "SLOWLOG", "MEMORY"]:
        s.same(c, "HELP")
    s.same("COMMAND", "NOSUCH")
    s.same("SLOWLOG", "NOSUCH")
    s.same("MEMORY")


# ---------------------------------------------------------------------------------------------
# TIME LASTSAVE SHUTDOWN


def test_time_and_lastsave(s):
    secs, usecs = parse(s.sable.cmd("TIME"))
    assert abs(int(secs) - time.time()) < 5 and 0 <= int(usecs) < 1000000
    assert abs(parse(s.sable.cmd("LASTSAVE")) - time.time()) < 3600
    s.same("TIME", "x")
    s.same("LASTSAVE", "x")


def test_shutdown_errors(s):
    s.same("SHUTDOWN", "foo")
    s.same("SHUTDOWN", "NOSAVE", "SAVE")
    s.same("SHUTDOWN", "ABORT", "NOW")
    s.same("SHUTDOWN", "ABORT")
    s.same("MULTI")
    s.same("SHUTDOWN")
    s.same("EXEC")


def test_shutdown_stops_server(s):
    srv = start_sable()
    try:
        c = srv.conn()
        c.send_raw(Conn.encode("SHUTDOWN", "NOSAVE"))
        assert c.closed(5.0)
        srv.proc.wait(5)
        assert srv.proc.returncode == 0, srv.proc.returncode
    finally:
        srv.stop()


def test_role_and_latency(s):
    s.same("ROLE")
    for args in [("LATEST",), ("HISTORY", "command"), ("RESET",), ("RESET", "command"),
                 ("GRAPH", "command"), ("DOCTOR",), ("HELP",), ("FOO",), ("HISTOGRAM", "nosuch"),
                 ("HISTORY",)]:
        s.same("LATENCY", *args)
    s.same("CONFIG", "RESETSTAT")
    s.same("SET", "k", "v")
    a, b = s.both("LATENCY", "HISTOGRAM", "set", "client")
    pa, pb = parse(a), parse(b)
    assert pa[0] == pb[0] == b"set" and pa[1][:2] == pb[1][:2] == [b"calls", 1], (pa, pb)


# ---------------------------------------------------------------------------------------------
# SLOWLOG


def test_slowlog_entries(s):
    s.same("CONFIG", "SET", "slowlog-log-slower-than", "0")
    try:
        s.same("CLIENT", "SETNAME", "slowpoke")
        s.same("SLOWLOG", "RESET")
        s.same("SET", "k", "v")
        s.same("GET", "x" * 200)
        s.same("SLOWLOG", "LEN")
        a, b = s.both("SLOWLOG", "GET")
        ea, eb = parse(a), parse(b)
        assert len(ea) == len(eb) == 4, (ea, eb)
        for x, y in zip(ea, eb):
            assert len(x) == 6 and isinstance(x[0], int) and isinstance(x[2], int)
            assert x[3] == y[3] and x[5] == y[5] == b"slowpoke", (x, y)
            assert x[4].startswith(b"127.0.0.1:")
        assert ea[0][0] > ea[1][0]  # newest first
        assert len(parse(s.sable.cmd("SLOWLOG", "GET", "1"))) == 1
        assert len(parse(s.sable.cmd("SLOWLOG", "GET", "-1"))) >= 4
        for args in [("GET", "-2"), ("GET", "x"), ("GET", "1", "2"), ("LEN", "x"),
                     ("RESET", "x"), ("HELP", "x")]:
            s.same("SLOWLOG", *args)
    finally:
        s.same("CONFIG", "SET", "slowlog-log-slower-than", "10000")
        s.same("SLOWLOG", "RESET")
    s.same("SLOWLOG", "LEN")


def test_slowlog_max_len(s):
    s.same("CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "3")
    try:
        for i in range(10):
            s.same("SET", "k%d" % i, "v")
        s.same("SLOWLOG", "LEN")
    finally:
        s.same("CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128")


# ---------------------------------------------------------------------------------------------
# MEMORY


def test_memory_usage(s):
    s.same("SET", "k", "v")
    s.same("MEMORY", "USAGE", "missing")
    s.same("MEMORY", "USAGE", "k", "SAMPLES", "x")
    s.same("MEMORY", "USAGE", "k", "SAMPLES", "-1")
    s.same("MEMORY", "USAGE", "k", "foo")
    s.same("MEMORY", "USAGE")
    n = parse(s.sable.cmd("MEMORY", "USAGE", "k", "SAMPLES", "0"))
    assert 0 < n <= parse(s.redis.cmd("MEMORY", "USAGE", "k")), n
    s.sable.cmd("SET", "big", "x" * 1000)
    assert parse(s.sable.cmd("MEMORY", "USAGE", "big")) >= 1000


def test_memory_stats_doctor_purge(s):
    s.same("SET", "k", "v")
    a, b = s.both("MEMORY", "STATS")
    pa, pb = parse(a), parse(b)
    assert pa[::2] == pb[::2], (pa[::2], pb[::2])
    s.same("MEMORY", "PURGE")
    assert parse(s.sable.cmd("MEMORY", "DOCTOR")).startswith(b"Hi Sam")
    assert len(parse(s.sable.cmd("MEMORY", "MALLOC-STATS"))) > 0
    hello3(s)
    assert s.sable.cmd("MEMORY", "STATS").startswith(b"%")


# ---------------------------------------------------------------------------------------------
# DEBUG (disabled in the Redis oracle by default, so checked on Sable alone)


def test_debug(s):
    assert s.sable.cmd("DEBUG", "SLEEP", "0") == b"+OK\r\n"
    t = time.time()
    assert s.sable.cmd("DEBUG", "SLEEP", "0.2") == b"+OK\r\n"
    assert time.time() - t >= 0.19
    s.sable.cmd("SET", "k", "hello")
    s.sable.cmd("SET", "n", "42")
    line = parse(s.sable.cmd("DEBUG", "OBJECT", "k"))
    assert re.fullmatch(r"Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:6 "
                        r"lru:\d+ lru_seconds_idle:\d+", line), line
    line = parse(s.sable.cmd("DEBUG", "OBJECT", "n"))
    assert "refcount:2147483647 encoding:int serializedlength:2 " in line, line
    s.sable.cmd("RPUSH", "l", "a", "b")
    line = parse(s.sable.cmd("DEBUG", "OBJECT", "l"))
    assert re.search(r"encoding:quicklist .* ql_nodes:1 ql_avg_node:2.00 ql_listpack_max:-2 "
                     r"ql_compressed:0 ql_uncompressed_size:\d+$", line), line
    assert s.sable.cmd("DEBUG", "OBJECT", "missing") == b"-ERR no such key\r\n"
    assert s.sable.cmd("DEBUG", "foo") == (
        b"-ERR unknown subcommand or wrong number of arguments for 'foo'. Try DEBUG HELP.\r\n")
    assert s.sable.cmd("DEBUG", "OBJECT") == (
        b"-ERR unknown subcommand or wrong number of arguments for 'OBJECT'. Try DEBUG HELP.\r\n")
    assert s.sable.cmd("DEBUG", "ERROR", "FOO bar") == b"-FOO bar\r\n"
    assert s.sable.cmd("DEBUG", "PROTOCOL", "map") == b"*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n"
    assert parse(s.sable.cmd("DEBUG", "HELP"))[0].startswith("DEBUG <subcommand>")
    s.same("DEBUG")


def test_debug_protocol_and_populate_match_redis(s):
    for proto in ("2", "3"):
        for c in (s.sable, s.redis):
            c.cmd("HELLO", proto)
        for t in ("string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib",
                  "push", "verbatim", "true", "false", "nope"):
            s.same("DEBUG", "PROTOCOL", t)
            if t in ("push", "attrib") and proto == "3":  # out-of-band frame, then the reply
                assert s.sable.read_reply() == s.redis.read_reply()
    for c in (s.sable, s.redis):
        c.cmd("HELLO", "2")
    s.same("DEBUG", "POPULATE", "5")
    s.same("DEBUG", "POPULATE", "3", "p", "20")
    s.same("DEBUG", "POPULATE", "3", "q", "0")
    for k in ("key:0", "key:4", "p:1", "q:2"):
        s.same("GET", k)
    s.same("DBSIZE")
    for bad in (("-1",), ("x",), ("3", "p", "-1"), ("3", "p", "x")):
        s.same("DEBUG", "POPULATE", *bad)
    s.same("DEBUG", "POPULATE", "3", "key", "2")  # existing keys are left alone
    s.same("GET", "key:1")
    for v in ("1b", "0", "100kb", "5gb", "-1", "x"):
        s.same("DEBUG", "QUICKLIST-PACKED-THRESHOLD", v)
    s.same("DEBUG", "PAUSE-CRON", "1")
    s.same("DEBUG", "PAUSE-CRON", "0")


def test_debug_digest(s):
    # The same data set has the same digest as in Redis 7.0, whatever the encodings.
    s.same("FLUSHALL")
    s.same("DEBUG", "DIGEST")
    s.same("DEBUG", "DIGEST-VALUE", "missing")
    s.same("DEBUG", "DIGEST-VALUE")
    cmds = [("SET", "s", "hello"), ("SET", "i", "12345"), ("SET", "neg", "-7"),
            ("SET", "raw", "x" * 100), ("RPUSH", "l", "a", "1", "b" * 100, "-5"),
            ("SADD", "set", "x", "y", "z"), ("SADD", "iset", "1", "2", "300000"),
            ("ZADD", "z", "1", "a", "2.5", "b", "0.1", "c", "-inf", "d", "1e300", "e"),
            ("HSET", "h", "f", "v", "g", "w"), ("HSET", "bigh", "f", "x" * 200),
            ("SET", "ttl", "v", "EX", "1000")]
    cmds += [("RPUSH", "biglist") + tuple("e%d" % i for i in range(1000))]
    cmds += [("SADD", "bigset") + tuple("m%d" % i for i in range(300))]
    cmds += [("ZADD", "bigz") + tuple(x for i in range(200) for x in (str(i / 7), "m%d" % i))]
    cmds += [("HSET", "bigh2") + tuple(x for i in range(600) for x in ("f%d" % i, str(i)))]
    cmds += [("XADD", "st", "1-1", "a", "1", "b", "2"), ("XADD", "st", "5-0", "c", "x" * 80),
             ("XADD", "st", "5-7", "a", "1", "b", "2"), ("XDEL", "st", "1-1"),
             ("XGROUP", "CREATE", "st", "g", "0")]
    for c in cmds:
        s.same(*c)
        s.same("DEBUG", "DIGEST")
    keys = ("s", "i", "neg", "raw", "l", "set", "iset", "z", "h", "bigh", "ttl", "biglist",
            "bigset", "bigz", "bigh2", "st", "missing")
    s.same("DEBUG", "DIGEST-VALUE", *keys)
    for k in ("s", "l", "bigz"):
        s.same("COPY", k, k + "-copy")
        s.same("DEBUG", "DIGEST-VALUE", k, k + "-copy")
    s.same("SELECT", "5")
    s.same("SET", "other-db", "1")
    s.same("DEBUG", "DIGEST")
    s.same("SELECT", "0")
    before = s.sable.cmd("DEBUG", "DIGEST")
    assert s.sable.cmd("DEBUG", "RELOAD") == b"+OK\r\n"
    assert s.sable.cmd("DEBUG", "DIGEST") == before


def test_debug_refused_unless_enabled(s):
    from harness import start_redis
    sable = start_sable(["--enable-debug-command", "no"])
    redis = start_redis(["--enable-debug-command", "no"])
    local = start_sable(["--enable-debug-command", "local"])
    try:
        for cmd in (("DEBUG", "SLEEP", "0"), ("DEBUG", "HELP"), ("DEBUG",)):
            want = redis.conn().cmd(*cmd)
            got = sable.conn().cmd(*cmd)
            assert got == want, (cmd, got, want)
        assert local.conn().cmd("DEBUG", "SLEEP", "0") == b"+OK\r\n"
        binary = os.environ.get("SABLE_SERVER") or os.path.join(
            os.path.dirname(__file__), "..", "..", "build", "release", "sable-server")
        out = subprocess.run([binary, "--port", "0", "--enable-debug-command", "maybe"],
                             capture_output=True, timeout=10)
        assert out.returncode != 0 and b"enable-debug-command" in out.stdout + out.stderr, out
    finally:
        sable.stop()
        redis.stop()
        local.stop()


def test_debug_set_active_expire(s):
    c = s.sable
    try:
        assert c.cmd("DEBUG", "SET-ACTIVE-EXPIRE", "0") == b"+OK\r\n"
        for i in range(20):
            c.cmd("SET", "tmp%d" % i, "v", "PX", "30")
        time.sleep(0.5)
        assert "keys=20," in info_text(c.cmd("INFO", "keyspace"))
        assert c.cmd("DEBUG", "SET-ACTIVE-EXPIRE", "1") == b"+OK\r\n"
        deadline = time.time() + 5
        while time.time() < deadline and "db0" in info_text(c.cmd("INFO", "keyspace")):
            time.sleep(0.05)
        assert "db0" not in info_text(c.cmd("INFO", "keyspace"))
    finally:
        c.cmd("DEBUG", "SET-ACTIVE-EXPIRE", "1")


# ---------------------------------------------------------------------------------------------
# Real clients


def test_redis_py(s):
    import redis
    r = redis.Redis(port=s.sable.port, decode_responses=True)
    r.set("k", "v")
    info = r.info()
    for f in ["redis_version", "connected_clients", "used_memory", "uptime_in_seconds",
              "keyspace_hits", "role", "used_cpu_user"]:
        assert f in info, f
    assert info["db0"]["keys"] == 1
    assert r.info("server")["tcp_port"] == s.sable.port
    r.get("k")
    assert r.info("commandstats")["cmdstat_get"]["calls"] >= 1
    cfg = r.config_get("*")
    assert cfg["hz"] == "10" and "maxmemory-policy" in cfg
    assert r.config_set("hz", 15) is True and r.config_get("hz") == {"hz": "15"}
    r.config_set("hz", 10)
    r.config_set("slowlog-log-slower-than", 0)
    r.set("slow", "1")
    entries = r.slowlog_get(5)
    assert entries and "command" in entries[0] or "args" in entries[0], entries
    assert r.slowlog_len() >= 1 and r.slowlog_reset()
    r.config_set("slowlog-log-slower-than", 10000)
    t = r.time()
    assert abs(t[0] - time.time()) < 5
    assert r.memory_usage("k") > 0
    cmds = r.command()
    assert "get" in cmds and cmds["get"]["arity"] == 2
    r.close()


def test_redis_cli(s):
    out = subprocess.run(["redis-cli", "-p", str(s.sable.port), "info", "server"],
                         capture_output=True, text=True, timeout=10).stdout
    assert out.startswith("# Server") and "redis_version:7.0.15" in out, out[:200]
    out = subprocess.run(["redis-cli", "-p", str(s.sable.port), "config", "get", "hz"],
                         capture_output=True, text=True, timeout=10).stdout
    assert out.split() == ["hz", "10"], out
    out = subprocess.run(["redis-cli", "-p", str(s.sable.port), "client", "list"],
                         capture_output=True, text=True, timeout=10).stdout
    assert out.startswith("id=") and "cmd=client|list" in out, out


if __name__ == "__main__":
    run_tests(globals())
