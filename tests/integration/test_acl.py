"""ACL users, rules, permission checks and ACL LOG against redis-server, byte for byte, plus
redis-py's ACL helpers."""
import os
import re
import tempfile

from harness import Conn, Servers, parse, run_tests, start_redis, start_sable


def reset_users(s):
    for conn in (s.sable, s.redis):
        users = parse(conn.cmd("ACL", "USERS"))
        others = [u.decode() for u in users if u != b"default"]
        if others:
            conn.cmd("ACL", "DELUSER", *others)
        conn.cmd("ACL", "SETUSER", "default", "reset", "on", "nopass", "~*", "&*", "+@all")
        conn.cmd("ACL", "LOG", "RESET")
    s.reconnect()


def pair(s):
    """A second connection to each server."""
    return Conn(s.sable_server.port), Conn(s.redis_server.port)


def same2(a, b, *args):
    x, y = a.cmd(*args), b.cmd(*args)
    if x != y:
        raise AssertionError("reply differs for %r:\n  sable: %r\n  redis: %r" % (args, x, y))
    return x


def test_default_user(s):
    reset_users(s)
    s.same("ACL", "LIST")
    s.same("ACL", "USERS")
    s.same("ACL", "WHOAMI")
    s.same("ACL", "GETUSER", "default")
    s.same("ACL", "GETUSER", "nobody")
    s.same("ACL", "CAT")
    s.same("ACL", "HELP")


def test_setuser_and_describe(s):
    reset_users(s)
    s.same("ACL", "SETUSER", "u", "on", ">p1", "+get", "~k*", "%R~r*", "%W~w*", "&ch*")
    s.same("ACL", "GETUSER", "u")
    s.same("ACL", "LIST")
    s.same("ACL", "SETUSER", "v", "+@string", "-get", "(+get ~x*)", "(~y* +set)")
    s.same("ACL", "GETUSER", "v")
    s.same("ACL", "LIST")
    s.same("ACL", "SETUSER", "c", "+client|kill", "-client|kill", "+acl|whoami")
    s.same("ACL", "GETUSER", "c")
    s.same("ACL", "SETUSER", "w", "+@all", "-@dangerous", "+debug|sleep")
    s.same("ACL", "GETUSER", "w")
    s.same("ACL", "SETUSER", "z1", "+@all", "-@admin")
    s.same("ACL", "SETUSER", "z2", "-@all", "+@read", "+@write")
    s.same("ACL", "SETUSER", "z4", "+get", "+@string", "nopass", "skip-sanitize-payload")
    s.same("ACL", "SETUSER", "x3", "~a", "resetkeys", "~b", "allchannels", "reset")
    s.same("ACL", "SETUSER", "x5", "on", "#" + "a" * 64, ">x", "<x", "+select|0")
    s.same("ACL", "SETUSER", "v", "clearselectors", "resetpass")
    s.same("ACL", "LIST")
    s.same("ACL", "USERS")
    s.same("ACL", "DELUSER", "z1", "z2", "nobody")
    s.same("ACL", "USERS")


def test_setuser_errors(s):
    reset_users(s)
    for rule in ("+foo", "+@foo", "badrule", "%X~a", "#abc", "<nopw", "-client|foo", "+get|",
                 "+client|kill|x", "!" + "b" * 64):
        s.same("ACL", "SETUSER", "x", rule)
    s.same("ACL", "SETUSER", "x", "(~x")
    s.same("ACL", "SETUSER", "x", "(~x", "+get")
    s.same("ACL", "SETUSER", "x", "allkeys", "%R~x")
    s.same("ACL", "SETUSER", "x", "allchannels", "&x")
    s.same("ACL", "SETUSER", "bad name", "on")
    s.same("ACL", "GETUSER", "x")
    s.same("ACL", "DELUSER", "default")
    s.same("ACL", "CAT", "foo")
    s.same("ACL", "GENPASS", "0")
    s.same("ACL", "GENPASS", "5000")
    s.same("ACL", "GENPASS", "x")
    s.same("ACL", "LOG", "foo")
    s.same("ACL", "LOG", "-1")
    s.same("ACL", "FOO")
    s.same("ACL", "SAVE")
    s.same("ACL", "LOAD")
    s.same("ACL")
    s.same("ACL", "SETUSER")


def test_genpass_lengths(s):
    for bits in ("1", "4", "5", "255", "256", "4096"):
        a, b = s.both("ACL", "GENPASS", bits)
        assert len(a) == len(b), (bits, a, b)
    a, b = s.both("ACL", "GENPASS")
    assert len(a) == len(b)


def test_auth_and_denials(s):
    reset_users(s)
    s.same("ACL", "SETUSER", "t", "on", ">pw", "+get", "+set", "+del", "~k*", "%W~w*", "%R~r*",
           "&c*", "+publish", "+psubscribe", "+subscribe", "+multi", "+exec")
    a, b = pair(s)
    same2(a, b, "AUTH", "t", "bad")
    same2(a, b, "AUTH", "nobody", "pw")
    same2(a, b, "AUTH", "pw")
    same2(a, b, "AUTH", "t", "pw")
    same2(a, b, "ACL", "WHOAMI")
    same2(a, b, "GET", "k1")
    same2(a, b, "GET", "x")
    same2(a, b, "SET", "w1", "v")
    same2(a, b, "SET", "w1", "v", "GET")
    same2(a, b, "GET", "w1")
    same2(a, b, "GET", "r1")
    same2(a, b, "DEL", "r1")
    same2(a, b, "LPUSH", "k", "v")
    same2(a, b, "CLIENT", "ID")
    same2(a, b, "PUBLISH", "c1", "m")
    same2(a, b, "PUBLISH", "d1", "m")
    same2(a, b, "PSUBSCRIBE", "c1*")
    same2(a, b, "SUBSCRIBE", "c1", "d1")
    same2(a, b, "HELLO", "2", "AUTH", "t", "bad")
    x, y = a.cmd("HELLO", "2", "AUTH", "default", "x"), b.cmd("HELLO", "2", "AUTH", "default", "x")
    assert x.startswith(b"*14\r\n") and y.startswith(b"*14\r\n"), (x, y)
    same2(a, b, "ACL", "WHOAMI")
    a.close()
    b.close()


def test_requirepass_is_default_password(s):
    reset_users(s)
    s.same("CONFIG", "SET", "requirepass", "secret")
    a, b = pair(s)
    same2(a, b, "GET", "k")
    same2(a, b, "AUTH", "wrong")
    same2(a, b, "AUTH", "secret")
    same2(a, b, "ACL", "GETUSER", "default")
    same2(a, b, "CONFIG", "SET", "requirepass", "")
    same2(a, b, "AUTH", "x")
    a.close()
    b.close()
    s.reconnect()
    s.same("ACL", "LIST")


def test_multi_exec(s):
    reset_users(s)
    s.same("ACL", "SETUSER", "m", "on", "nopass", "+multi", "+exec", "+get", "~k*", "~z", "&*")
    a, b = pair(s)
    same2(a, b, "AUTH", "m", "x")
    same2(a, b, "MULTI")
    same2(a, b, "GET", "k1")
    same2(a, b, "SET", "k1", "v")
    same2(a, b, "EXEC")
    same2(a, b, "MULTI")
    same2(a, b, "GET", "k1")
    same2(a, b, "GET", "z")
    s.same("ACL", "SETUSER", "m", "-get")
    same2(a, b, "EXEC")
    s.same("ACL", "SETUSER", "m", "+get", "resetkeys", "~z")
    same2(a, b, "MULTI")
    same2(a, b, "GET", "z")
    s.same("ACL", "SETUSER", "m", "resetkeys")
    same2(a, b, "EXEC")
    a.close()
    b.close()


def test_scripts(s):
    reset_users(s)
    s.same("ACL", "SETUSER", "e", "on", "nopass", "+eval", "+get", "~k*", "&*")
    a, b = pair(s)
    same2(a, b, "AUTH", "e", "x")
    same2(a, b, "EVAL", "return redis.call('del','k')", "0")
    same2(a, b, "EVAL", "return redis.call('get','zz')", "0")
    same2(a, b, "EVAL", "return redis.pcall('get','zz')", "0")
    same2(a, b, "EVAL", "return redis.call('get','k1')", "0")
    same2(a, b, "EVAL", "return redis.acl_check_cmd('get','k1')", "0")
    same2(a, b, "EVAL", "return redis.acl_check_cmd('get','zz')", "0")
    same2(a, b, "EVAL", "return redis.acl_check_cmd('set','k1','v')", "0")
    same2(a, b, "EVAL", "return redis.acl_check_cmd('nosuch')", "0")
    a.close()
    b.close()


LOG_FIELDS = re.compile(rb"(id|addr|laddr|fd|age|idle|qbuf|qbuf-free|argv-mem|multi-mem|rbs|rbp|"
                        rb"obl|oll|omem|tot-mem|events)=[^ ]*")


def masked_log(conn, *args):
    entries = parse(conn.cmd("ACL", "LOG", *args))
    out = []
    for e in entries:
        d = dict(zip(e[::2], e[1::2]))
        d[b"age-seconds"] = None
        d[b"client-info"] = LOG_FIELDS.sub(b"", d[b"client-info"])
        out.append(d)
    return out


def test_acl_log(s):
    reset_users(s)
    s.same("ACL", "SETUSER", "t", "on", "nopass", "+get", "+eval", "+publish", "~k*", "&c*")
    a, b = pair(s)
    same2(a, b, "AUTH", "t", "x")
    for _ in range(3):
        same2(a, b, "GET", "nope")
    same2(a, b, "SET", "k", "v")
    same2(a, b, "PUBLISH", "x", "m")
    same2(a, b, "EVAL", "return redis.pcall('get','zz')", "0")
    same2(a, b, "AUTH", "t2", "bad")
    x, y = masked_log(s.sable), masked_log(s.redis)
    assert x == y, (x, y)
    x, y = masked_log(s.sable, "2"), masked_log(s.redis, "2")
    assert x == y, (x, y)
    s.same("ACL", "LOG", "RESET")
    s.same("ACL", "LOG")
    a.close()
    b.close()


def test_sort_patterns(s):
    reset_users(s)
    s.same("ACL", "SETUSER", "so", "on", "nopass", "+sort", "~k*")
    s.same("ACL", "SETUSER", "so2", "on", "nopass", "+sort", "%R~*")
    s.same("RPUSH", "k", "2", "1")
    a, b = pair(s)
    same2(a, b, "AUTH", "so", "x")
    same2(a, b, "SORT", "k", "BY", "w_*")
    same2(a, b, "SORT", "k", "GET", "#")
    same2(a, b, "SORT", "k", "BY", "nosort")
    same2(a, b, "AUTH", "so2", "x")
    same2(a, b, "SORT", "k", "BY", "w_*", "GET", "#")
    a.close()
    b.close()


def test_pubsub_default(s):
    reset_users(s)
    s.same("CONFIG", "SET", "acl-pubsub-default", "allchannels")
    s.same("ACL", "SETUSER", "ps", "on", "nopass", "+@all")
    s.same("ACL", "SETUSER", "ps2", "reset", "(+get)")
    s.same("ACL", "LIST")
    s.same("CONFIG", "SET", "acl-pubsub-default", "resetchannels")
    s.same("CONFIG", "GET", "acl-pubsub-default")


def test_dryrun(s):
    reset_users(s)
    s.same("ACL", "SETUSER", "t", "on", "nopass", "+get", "+publish", "~k*", "&c*")
    s.same("ACL", "DRYRUN", "t", "get", "k1")
    s.same("ACL", "DRYRUN", "t", "get", "zz")
    s.same("ACL", "DRYRUN", "t", "del", "zz")
    s.same("ACL", "DRYRUN", "t", "publish", "d", "m")
    s.same("ACL", "DRYRUN", "nob", "get", "zz")
    s.same("ACL", "DRYRUN", "t", "foo")
    s.same("ACL", "DRYRUN", "t", "get")
    s.same("ACL", "LOG")


def test_deluser_and_client_kill_user(s):
    reset_users(s)
    s.same("ACL", "SETUSER", "k", "on", "nopass", "+@all", "~*")
    a, b = pair(s)
    same2(a, b, "AUTH", "k", "x")
    s.same("CLIENT", "KILL", "USER", "nobody")
    s.same("CLIENT", "KILL", "USER", "k")
    assert a.closed() and b.closed()
    a, b = pair(s)
    same2(a, b, "AUTH", "k", "x")
    s.same("ACL", "DELUSER", "k")
    assert a.closed() and b.closed()


def test_client_list_user(s):
    reset_users(s)
    s.same("ACL", "SETUSER", "cl", "on", "nopass", "+@all", "~*")
    a, b = pair(s)
    same2(a, b, "AUTH", "cl", "x")
    la = a.cmd("CLIENT", "INFO")
    lb = b.cmd("CLIENT", "INFO")
    assert b" user=cl " in la and b" user=cl " in lb, (la, lb)
    a.close()
    b.close()


def test_aclfile_save_load(s):
    d = tempfile.mkdtemp(prefix="acl-test-")
    path = os.path.join(d, "users.acl")
    with open(path, "w") as f:
        f.write("user default on nopass ~* &* +@all\nuser alice on >pa ~a* +get\n")
    sable = start_sable(["--aclfile", path])
    rpath = os.path.join(d, "users-redis.acl")
    with open(rpath, "w") as f:
        f.write("user default on nopass ~* &* +@all\nuser alice on >pa ~a* +get\n")
    redis = start_redis(["--aclfile", rpath])
    try:
        a, b = sable.conn(), redis.conn()
        same2(a, b, "ACL", "LIST")
        same2(a, b, "ACL", "SETUSER", "bob", "on", ">pb", "+set", "~b*")
        same2(a, b, "ACL", "SAVE")
        with open(path) as f1, open(rpath) as f2:
            assert f1.read() == f2.read()
        same2(a, b, "ACL", "SETUSER", "carol", "on")
        same2(a, b, "ACL", "LOAD")
        same2(a, b, "ACL", "LIST")
        c1, c2 = sable.conn(), redis.conn()
        same2(c1, c2, "AUTH", "bob", "pb")
        same2(c1, c2, "SET", "b1", "v")
        same2(c1, c2, "GET", "b1")
    finally:
        sable.stop()
        redis.stop()


def test_acl_load_errors(s):
    d = tempfile.mkdtemp(prefix="acl-test-")
    path = os.path.join(d, "users.acl")
    with open(path, "w") as f:
        f.write("user default on nopass ~* &* +@all\n")
    sable = start_sable(["--aclfile", path])
    try:
        a = sable.conn()
        with open(path, "w") as f:
            f.write("user default on nopass ~* &* +@all\nuser a on +foo\nbogus line\nuser a on\n")
        # The text redis-server 7.0.15 answers for this file (checked by hand).
        assert a.cmd("ACL", "LOAD") == (
            "-ERR %s:2: Error in applying operation '+foo': Unknown command or category name in "
            "ACL. %s:3 should start with user keyword followed by the username. WARNING: "
            "Duplicate user 'a' found on line 4. WARNING: ACL errors detected, no change to the "
            "previously active ACL rules was performed\r\n" % (path, path)).encode()
        assert parse(a.cmd("ACL", "USERS")) == [b"default"]
    finally:
        sable.stop()


def test_config_user_lines(s):
    # As redis-server 7.0.15 lists the same two lines (checked by hand): the default user of a
    # `user` line starts from `reset`, hence sanitize-payload and no channels.
    conf = "user default on nopass ~* +@all\nuser bob on >x +get\n"
    sable = start_sable(config_text=conf)
    try:
        a = sable.conn()
        assert parse(a.cmd("ACL", "LIST")) == [
            b"user bob on #2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 "
            b"resetchannels -@all +get",
            b"user default on nopass sanitize-payload ~* resetchannels +@all"]
        assert a.cmd("AUTH", "bob", "x") == b"+OK\r\n"
    finally:
        sable.stop()


def test_redis_py_helpers(s):
    import redis
    reset_users(s)
    for port in (s.sable_server.port, s.redis_server.port):
        r = redis.Redis(port=port)
        assert r.acl_setuser("py", enabled=True, passwords=["+pw"], commands=["+get", "+set"],
                            keys=["py:*"])
        u = r.acl_getuser("py")
        assert u["enabled"] is True or u["enabled"] == 1
        assert "+get" in u["commands"] or "+get" in " ".join(u["commands"])
        c = redis.Redis(port=port, username="py", password="pw")
        c.set("py:a", "1")
        assert c.get("py:a") == b"1"
        try:
            c.get("other")
            assert False
        except redis.exceptions.NoPermissionError:
            pass
        log = r.acl_log()
        assert log and log[0]["reason"] == "key" and log[0]["object"] == "other"
        assert r.acl_whoami() == "default"
        assert "py" in r.acl_users()
        assert r.acl_deluser("py") == 1
        c.close()
        r.close()


if __name__ == "__main__":
    run_tests(globals())
