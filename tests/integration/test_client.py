"""CLIENT subcommands against Redis 7.0: ID SETNAME GETNAME LIST INFO KILL NO-EVICT NO-TOUCH REPLY
SETINFO UNBLOCK HELP.

Errors are compared byte for byte; CLIENT LIST/INFO lines must carry Redis's field names in
Redis's order (the values describe different processes).
"""
import time

from harness import parse, run_tests


def fields(line):
    return [kv.split("=", 1)[0] for kv in line.split(" ")]


def as_dict(line):
    return dict(kv.split("=", 1) for kv in line.split(" "))


def lines(raw):
    text = parse(raw).decode()
    assert text == "" or text.endswith("\n"), text
    return [l for l in text.split("\n") if l]


def client_id(conn):
    return parse(conn.cmd("CLIENT", "ID"))


def test_client_info_fields_match_redis(s):
    a, b = s.both("CLIENT", "INFO")
    la, lb = lines(a), lines(b)
    assert len(la) == len(lb) == 1
    assert fields(la[0]) == fields(lb[0]), (la[0], lb[0])
    d = as_dict(la[0])
    assert int(d["id"]) == client_id(s.sable)
    assert d["cmd"] == "client|info" and d["flags"] == "N" and d["resp"] == "2"
    assert d["addr"].startswith("127.0.0.1:") and d["laddr"] == "127.0.0.1:%d" % s.sable.port
    assert d["multi"] == "-1" and d["user"] == "default" and d["db"] == "0"


def test_client_list_fields_and_filters(s):
    others = [s.sable_server.conn() for _ in range(2)]
    try:
        for o in others:
            o.cmd("PING")
        a, b = s.both("CLIENT", "LIST")
        la, lb = lines(a), lines(b)
        assert len(la) == 3, la
        assert fields(la[0]) == fields(lb[0])
        ids = [int(as_dict(l)["id"]) for l in la]
        assert ids == sorted(ids)
        mine = [as_dict(l) for l in la if as_dict(l)["cmd"] == "client|list"]
        assert len(mine) == 1 and mine[0]["argv-mem"] == "10"
        assert all(as_dict(l)["cmd"] == "ping" for l in la if as_dict(l)["cmd"] != "client|list")
        assert len(lines(s.sable.cmd("CLIENT", "LIST", "TYPE", "normal"))) == 3
        assert lines(s.sable.cmd("CLIENT", "LIST", "TYPE", "pubsub")) == []
        want = [client_id(others[1]), client_id(s.sable)]
        got = [int(as_dict(l)["id"]) for l in lines(s.sable.cmd("CLIENT", "LIST", "ID",
                                                                 *map(str, want)))]
        assert got == want, (got, want)
    finally:
        for o in others:
            o.close()
    for args in [("TYPE", "foo"), ("ID", "abc"), ("ID", "99999"), ("foo",), ("TYPE",),
                 ("TYPE", "master"), ("TYPE", "replica"), ("ID", "1", "abc")]:
        s.same("CLIENT", "LIST", *args)


def test_client_list_pubsub_and_multi(s):
    views = []
    for srv, conn in ((s.sable_server, s.sable), (s.redis_server, s.redis)):
        sub = srv.conn()
        sub.cmd("SUBSCRIBE", "a", "b")
        sub.read_reply()
        sub.cmd("PSUBSCRIBE", "p*")
        tx = srv.conn()
        tx.cmd("MULTI")
        tx.cmd("SET", "k", "v")
        listed = lines(conn.cmd("CLIENT", "LIST", "TYPE", "pubsub"))
        assert len(listed) == 1, listed
        d = as_dict(listed[0])
        t = as_dict(lines(conn.cmd("CLIENT", "LIST", "ID", str(client_id_of(conn, tx))))[0])
        views.append((d["flags"], d["sub"], d["psub"], d["ssub"], d["cmd"], t["flags"],
                      t["multi"], t["cmd"]))
        sub.close()
        tx.close()
    assert views[0] == views[1], views


def client_id_of(conn, other):
    """The id of `other`, looked up through `conn` by its local port."""
    port = other.sock.getsockname()[1]
    for l in lines(conn.cmd("CLIENT", "LIST")):
        d = as_dict(l)
        if d["addr"].endswith(":%d" % port):
            return int(d["id"])
    raise AssertionError("no client on port %d" % port)


def test_client_setname_getname(s):
    s.same("CLIENT", "GETNAME")
    s.same("CLIENT", "SETNAME", "a b")
    s.same("CLIENT", "SETNAME", "a\nb")
    s.same("CLIENT", "SETNAME", "caf\xe9")
    s.same("CLIENT", "SETNAME", "my-conn")
    s.same("CLIENT", "GETNAME")
    assert as_dict(lines(s.sable.cmd("CLIENT", "INFO"))[0])["name"] == "my-conn"
    s.same("CLIENT", "SETNAME", "")
    s.same("CLIENT", "GETNAME")
    s.same("CLIENT", "SETNAME")
    s.same("CLIENT", "GETNAME", "x")


def test_client_id_and_errors(s):
    assert client_id(s.sable) > 0
    for args in [(), ("ID", "x"), ("NOSUCH",), ("INFO", "x"), ("KILL",), ("HELP", "x"),
                 ("NO-EVICT",), ("REPLY",), ("UNBLOCK",)]:
        s.same("CLIENT", *args)
    s.same("CLIENT", "HELP")


def test_client_kill_errors(s):
    for args in [("1.2.3.4:5",), ("ID", "abc"), ("ID", "0"), ("ID", "-3"), ("foo", "bar"),
                 ("TYPE", "foo"), ("USER", "nobody"), ("SKIPME", "maybe"), ("ADDR",),
                 ("ADDR", "1.1.1.1:1"), ("LADDR", "1.1.1.1:1"), ("ID", "99999"),
                 ("TYPE", "pubsub"), ("USER", "default", "ADDR", "1.1.1.1:1"),
                 ("ADDR", "1.1.1.1:1", "foo")]:
        s.same("CLIENT", "KILL", *args)


def test_client_kill_others(s):
    victim = s.sable_server.conn()
    vid = client_id(victim)
    assert s.sable.cmd("CLIENT", "KILL", "ID", str(vid)) == b":1\r\n"
    assert victim.closed()
    victim = s.sable_server.conn()
    addr = as_dict(lines(victim.cmd("CLIENT", "INFO"))[0])["addr"]
    assert s.sable.cmd("CLIENT", "KILL", addr) == b"+OK\r\n"
    assert victim.closed()
    victims = [s.sable_server.conn() for _ in range(3)]
    for v in victims:
        v.cmd("PING")
    laddr = "127.0.0.1:%d" % s.sable.port
    assert s.sable.cmd("CLIENT", "KILL", "LADDR", laddr, "TYPE", "normal") == b":3\r\n"
    assert all(v.closed() for v in victims)
    assert s.sable.cmd("PING") == b"+PONG\r\n"  # SKIPME yes by default


def test_client_kill_self(s):
    for conn in (s.sable, s.redis):
        cid = client_id(conn)
        assert conn.cmd("CLIENT", "KILL", "ID", str(cid), "SKIPME", "no") == b":1\r\n"
        assert conn.closed()
    s.reconnect()
    for conn in (s.sable, s.redis):
        addr = as_dict(lines(conn.cmd("CLIENT", "INFO"))[0])["addr"]
        assert conn.cmd("CLIENT", "KILL", addr) == b"+OK\r\n"
        assert conn.closed()
    s.reconnect()


def test_client_reply_modes(s):
    for conn in (s.sable, s.redis):
        conn.send_raw(conn.encode("CLIENT", "REPLY", "OFF"))
        conn.send_raw(conn.encode("SET", "k", "1"))
        conn.send_raw(conn.encode("GET", "k"))
        conn.send_raw(conn.encode("CLIENT", "REPLY", "SKIP"))
    s.same("CLIENT", "REPLY", "ON")
    for conn in (s.sable, s.redis):
        conn.send_raw(conn.encode("CLIENT", "REPLY", "SKIP"))
        conn.send_raw(conn.encode("SET", "k", "2"))
    s.same("GET", "k")
    s.same("CLIENT", "REPLY", "maybe")
    s.same("CLIENT", "REPLY", "ON")


def test_client_no_evict_no_touch(s):
    s.same("CLIENT", "NO-EVICT", "on")
    assert "e" in as_dict(lines(s.sable.cmd("CLIENT", "INFO"))[0])["flags"]
    s.same("CLIENT", "NO-EVICT", "OFF")
    s.same("CLIENT", "NO-EVICT", "maybe")
    assert as_dict(lines(s.sable.cmd("CLIENT", "INFO"))[0])["flags"] == "N"
    # NO-TOUCH arrived in Redis 7.2: Sable only.
    c = s.sable
    c.cmd("SET", "k", "v")
    assert c.cmd("CLIENT", "NO-TOUCH", "ON") == b"+OK\r\n"
    assert "T" in as_dict(lines(c.cmd("CLIENT", "INFO"))[0])["flags"]
    assert c.cmd("CLIENT", "NO-TOUCH", "maybe") == b"-ERR syntax error\r\n"
    assert c.cmd("CLIENT", "NO-TOUCH", "OFF") == b"+OK\r\n"


def test_client_setinfo(s):
    c = s.sable
    assert c.cmd("CLIENT", "SETINFO", "LIB-NAME", "redis-py") == b"+OK\r\n"
    assert c.cmd("CLIENT", "SETINFO", "lib-ver", "4.3.4") == b"+OK\r\n"
    assert c.cmd("CLIENT", "SETINFO", "foo", "x") == b"-ERR Unrecognized option 'foo'\r\n"
    assert c.cmd("CLIENT", "SETINFO", "LIB-NAME", "a b").startswith(b"-ERR lib-name cannot")


def test_client_unblock(s):
    for args in [("abc",), ("1", "foo"), ("99999",), ("99999", "TIMEOUT"), ("99999", "ERROR"),
                 ("1", "TIMEOUT", "x")]:
        s.same("CLIENT", "UNBLOCK", *args)
    for reason, expect in [(None, b"*-1\r\n"),
                           ("ERROR", b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n")]:
        replies = []
        for srv, conn in ((s.sable_server, s.sable), (s.redis_server, s.redis)):
            blocked = srv.conn()
            bid = client_id(blocked)
            blocked.send_raw(blocked.encode("BLPOP", "nolist", "0"))
            deadline = time.time() + 5
            while "flags=b" not in parse(conn.cmd("CLIENT", "LIST", "ID", str(bid))).decode():
                assert time.time() < deadline
                time.sleep(0.01)
            args = ("CLIENT", "UNBLOCK", str(bid)) + ((reason,) if reason else ())
            assert conn.cmd(*args) == b":1\r\n"
            replies.append(blocked.read_reply())
            assert conn.cmd("CLIENT", "UNBLOCK", str(bid)) == b":0\r\n"
            blocked.close()
        assert replies == [expect, expect], replies


def test_redis_py_client_api(s):
    import redis
    r = redis.Redis(port=s.sable.port, decode_responses=True)
    assert r.client_setname("py-conn") is True
    assert r.client_getname() == "py-conn"
    me = r.client_id()
    listing = r.client_list()
    assert any(c["name"] == "py-conn" and int(c["id"]) == me for c in listing), listing
    info = r.client_info()
    assert info["name"] == "py-conn" and info["cmd"] == "client|info"
    other = redis.Redis(port=s.sable.port)
    other.ping()
    other_id = other.client_id()
    assert r.client_kill_filter(_id=other_id) == 1
    r.close()


if __name__ == "__main__":
    run_tests(globals())
