"""Functions (FUNCTION LOAD/DELETE/FLUSH/LIST/STATS/HELP, FCALL, FCALL_RO), differential against
redis-server, byte for byte: library headers and their errors, register_function's argument
forms and errors, the loading sandbox, function flags with FCALL_RO, and LIST in RESP2 and RESP3.
"""
import os
import shutil
import time

from harness import Conn, dump_payload, parse, run_tests


def lib(name, body):
    return "#!lua name=%s\n%s" % (name, body)


SET_FN = "redis.register_function('setk', function(k, a) return redis.call('set', k[1], a[1]) end)"
GET_FN = ("redis.register_function{function_name='getk', callback=function(k) "
          "return redis.call('get', k[1]) end, flags={'no-writes'}, description='reads'}")

LOAD_ERRORS = [
    "return 1",
    "#!lua",
    "#!foo name=x\nreturn 1",
    "#!lua name=a-b\nreturn 1",
    "#!lua name=x foo=bar\nreturn 1",
    "#!lua\nreturn 1",
    lib("x", "return 1"),
    lib("x", "redis.call('ping')"),
    lib("x", "redis.setresp(3)"),
    lib("x", "redis.register_function('f', function() return 1 end) error('boom')"),
    lib("x", "redis.register_function('f f', function() return 1 end)"),
    lib("x", "redis.register_function('', function() return 1 end)"),
    lib("x", "redis.register_function{function_name='f', callback=function() end, flags={'bad'}}"),
    lib("x", "redis.register_function{function_name='f', callback=function() end, flags='no-writes'}"),
    lib("x", "redis.register_function{function_name='f', callback=function() end, foo=1}"),
    lib("x", "redis.register_function{function_name='f'}"),
    lib("x", "redis.register_function{callback=function() end}"),
    lib("x", "redis.register_function('f', 'x')"),
    lib("x", "redis.register_function('f')"),
    lib("x", "redis.register_function('a', function() end, 1)"),
    lib("x", "redis.register_function('a', function() end) redis.register_function('a', function() end)"),
    lib("x", "foo = 1"),
    lib("x", "local x = string.len('a')"),
    lib("x", "local a = "),
    "#!lua name=a name=b\nreturn 1",
    "#!lua name=\"unterminated\nreturn 1",
]


def test_load_timeout(s):
    code = lib("t", "redis.register_function('f', function() return 1 end) "
                    "local a = 1 while true do a = a + 1 end")
    for conn in (s.sable, s.redis):
        reply = conn.cmd("FUNCTION", "LOAD", code)
        assert reply.startswith(b"-ERR Error registering functions:"), reply
        assert b"FUNCTION LOAD timeout" in reply, reply
    s.same("FUNCTION", "LIST")



def test_load_errors(s):
    s.same("FUNCTION", "FLUSH")
    for code in LOAD_ERRORS:
        s.same("FUNCTION", "LOAD", code)
    s.same("FUNCTION", "LOAD", "foo", lib("x", SET_FN))
    s.same("FUNCTION", "LOAD", '#!lua name="quoted"\n' + SET_FN)
    s.same("FCALL", "SETK", "1", "k", "v")
    s.same("FUNCTION", "DELETE", "QUOTED")
    s.same("FUNCTION", "DELETE", "quoted")
    s.same("FUNCTION", "FLUSH", "SYNC", "extra")
    s.same("FUNCTION", "FLUSH", "foo")
    s.same("FUNCTION", "LIST")


def test_load_and_call(s):
    s.same("FUNCTION", "FLUSH")
    s.same("FUNCTION", "LOAD", lib("mylib", SET_FN + "\n" + GET_FN))
    s.same("FUNCTION", "LOAD", lib("mylib", SET_FN))
    s.same("FUNCTION", "LOAD", lib("other", SET_FN))
    s.same("FCALL", "setk", "1", "k", "v")
    s.same("FCALL", "getk", "1", "k")
    s.same("FCALL_RO", "getk", "1", "k")
    s.same("FCALL_RO", "setk", "1", "k", "v")
    s.same("FCALL", "nosuch", "0")
    s.same("FCALL", "setk", "x")
    s.same("FCALL", "setk", "5")
    s.same("FCALL", "setk", "-1")
    s.same("FUNCTION", "LOAD", "REPLACE", lib("mylib", GET_FN))
    s.same("FCALL", "setk", "1", "k", "v")
    s.same("FCALL", "getk", "1", "k")
    s.same("FUNCTION", "LOAD", lib("fail", "redis.register_function('f', function() "
                                           "return redis.call('nosuchcmd') end)"))
    s.same("FCALL", "f", "0")
    s.same("FCALL", "F", "0")
    s.same("FUNCTION", "LOAD", lib("glob", "redis.register_function('g', function() "
                                           "bar = 1 end)"))
    s.same("FCALL", "g", "0")
    s.same("FUNCTION", "DELETE", "nosuch")
    s.same("FUNCTION", "DELETE", "fail")
    s.same("FCALL", "f", "0")
    s.same("FUNCTION", "STATS")
    s.same("FUNCTION", "FLUSH", "ASYNC")
    s.same("FCALL", "getk", "1", "k")


def test_list(s):
    s.same("FUNCTION", "FLUSH", "SYNC")
    # One function per library: Redis lists a library's functions in hash order.
    s.same("FUNCTION", "LOAD", lib("mylib", GET_FN))
    for args in [(), ("WITHCODE",), ("LIBRARYNAME", "my*"), ("LIBRARYNAME", "zz*"),
                 ("LIBRARYNAME", "my*", "WITHCODE"), ("foo",), ("LIBRARYNAME",),
                 ("WITHCODE", "WITHCODE")]:
        s.same("FUNCTION", "LIST", *args)
    s.both("HELLO", "3")
    s.same("FUNCTION", "LIST", "WITHCODE")
    s.same("FUNCTION", "STATS")
    s.both("HELLO", "2")
    # No FUNCTION DUMP/RESTORE here: the help is Redis's without those two entries.
    a, b = s.both("FUNCTION", "HELP")
    assert a.split(b"\r\n")[1:6] == b.split(b"\r\n")[1:6], (a, b)
    s.same("FUNCTION", "KILL")
    s.same("FUNCTION", "FLUSH")


def test_busy_function_and_kill(s):
    for srv in (s.sable_server, s.redis_server):
        a, b = srv.conn(), srv.conn()
        try:
            b.cmd("FUNCTION", "FLUSH")
            b.cmd("CONFIG", "SET", "busy-reply-threshold", "10")
            b.cmd("FUNCTION", "LOAD", lib("spin", "redis.register_function{function_name='spin', "
                                                  "callback=function() while true do end end, "
                                                  "flags={'no-writes'}}"))
            a.send_raw(Conn.encode("FCALL", "spin", "0"))
            time.sleep(0.3)
            busy = b.cmd("PING")
            assert busy.startswith(b"-BUSY Redis is busy running a script"), busy
            assert b"FUNCTION KILL" in busy, busy
            stats = b.cmd("FUNCTION", "STATS")
            assert b"spin" in stats, stats
            assert b.cmd("SCRIPT", "KILL").startswith(b"-BUSY"), "SCRIPT KILL on a function"
            assert b.cmd("FUNCTION", "KILL") == b"+OK\r\n"
            reply = a.read_reply()
            assert reply.startswith(b"-ERR Script killed by user with"), reply
            assert b.cmd("PING") == b"+PONG\r\n"
            b.cmd("CONFIG", "SET", "busy-reply-threshold", "5000")
            b.cmd("FUNCTION", "FLUSH")
        finally:
            a.close()
            b.close()




def bulk_value(reply):
    return parse(reply)


def test_dump_restore(s):
    s.same("FUNCTION", "FLUSH")
    code = lib("test", "redis.register_function('f1', function() return 1 end)")
    s.same("FUNCTION", "LOAD", code)
    # One library: the payloads are byte-identical (the same code, opcode and footer).
    dump = s.same("FUNCTION", "DUMP")
    value = bulk_value(dump)
    s.same("FUNCTION", "DELETE", "test")
    s.same("FUNCTION", "RESTORE", value)
    s.same("FCALL", "f1", "0")
    # APPEND (the default) refuses an existing library; REPLACE and FLUSH do not.
    s.same("FUNCTION", "RESTORE", value)
    s.same("FUNCTION", "RESTORE", value, "APPEND")
    s.same("FUNCTION", "RESTORE", value, "replace")
    s.same("FUNCTION", "RESTORE", value, "FLUSH")
    s.same("FUNCTION", "RESTORE", value, "bogus")
    s.same("FUNCTION", "RESTORE", value, "FLUSH", "extra")
    s.same("FUNCTION", "RESTORE")
    s.same("FUNCTION", "DUMP", "extra")
    # Bad payloads change nothing.
    for bad in (b"bad_payload", b"", value[:-1], value[:-10] + b"\x0b\x00" + value[-8:],
                dump_payload(b"\x00\x01a"), dump_payload(b"\xf5\x03abc"), dump_payload(b"\xf5\x40\x46abc"),
                dump_payload(value[:-10] + value[:-10])):
        s.same("FUNCTION", "RESTORE", bad)
        s.same("FUNCTION", "RESTORE", bad, "FLUSH")
    s.same("FCALL", "f1", "0")
    # An empty payload restores nothing; with FLUSH it empties.
    s.same("FUNCTION", "RESTORE", dump_payload(b""))
    s.same("FUNCTION", "LIST")
    s.same("FUNCTION", "RESTORE", dump_payload(b""), "FLUSH")
    s.same("FUNCTION", "LIST")
    # An older RDB version in the footer is accepted.
    s.same("FUNCTION", "RESTORE", dump_payload(value[:-10], version=9))
    s.same("FCALL", "f1", "0")


def test_restore_collisions(s):
    s.same("FUNCTION", "FLUSH")
    s.same("FUNCTION", "LOAD", lib("lib1", "redis.register_function('f1', function() return 1 end)\n"
                                           "redis.register_function('f3', function() return 3 end)"))
    value = bulk_value(s.same("FUNCTION", "DUMP"))
    s.same("FUNCTION", "FLUSH")
    s.same("FUNCTION", "LOAD", lib("lib1", "redis.register_function('f6', function() return 6 end)"))
    s.same("FUNCTION", "LOAD", lib("lib2", "redis.register_function('f3', function() return 33 end)"))
    s.same("FUNCTION", "RESTORE", value)
    s.same("FUNCTION", "RESTORE", value, "REPLACE")  # f3 belongs to lib2: refused, lib1 kept
    s.same("FCALL", "f6", "0")
    s.same("FCALL", "f3", "0")
    s.same("FUNCTION", "DELETE", "lib2")
    s.same("FUNCTION", "RESTORE", value, "REPLACE")
    s.same("FCALL", "f3", "0")
    s.same("FCALL", "f6", "0")


def test_dump_crosses_servers(s):
    """A payload from either server restores in the other, with several libraries."""
    s.same("FUNCTION", "FLUSH")
    for name, n in (("alpha", 1), ("beta", 2), ("gamma", 3)):
        body = "local pad = '%s'\nredis.register_function('%s_f', function() return %d end)" % (
            "x" * 40 * n, name, n)
        s.same("FUNCTION", "LOAD", lib(name, body))
    from_sable = bulk_value(s.sable.cmd("FUNCTION", "DUMP"))
    from_redis = bulk_value(s.redis.cmd("FUNCTION", "DUMP"))
    s.same("FUNCTION", "FLUSH")
    assert s.sable.cmd("FUNCTION", "RESTORE", from_redis) == b"+OK\r\n"
    assert s.redis.cmd("FUNCTION", "RESTORE", from_sable) == b"+OK\r\n"
    s.same_sorted("FUNCTION", "LIST", "WITHCODE")
    for name in ("alpha_f", "beta_f", "gamma_f"):
        s.same("FCALL", name, "0")


def test_functions_in_rdb(s):
    s.same("FUNCTION", "FLUSH")
    s.same("FUNCTION", "LOAD", lib("keep", "redis.register_function('kept', function() return 7 end)"))
    s.same("SET", "x", "1")
    s.same("DEBUG", "RELOAD")
    s.same("FCALL", "kept", "0")
    s.same("GET", "x")
    # Without a flush the library is loaded a second time: an error; MERGE replaces it.
    s.same("DEBUG", "RELOAD", "NOFLUSH")
    s.same("DEBUG", "RELOAD", "NOFLUSH", "MERGE")
    s.same("FUNCTION", "LOAD", lib("later", "redis.register_function('later', function() return 8 end)"))
    s.same("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE")
    s.same("FCALL", "kept", "0")
    s.same("FCALL", "later", "0")
    s.same("DEBUG", "RELOAD", "BOGUS")
    s.same("DEBUG", "RELOAD", "NOSAVE")
    s.same("FUNCTION", "LIST")


def test_rdb_with_functions_crosses_servers(s):
    """Each server loads the other's snapshot, libraries included."""
    s.same("FUNCTION", "FLUSH")
    s.same("FUNCTION", "LOAD", lib("moved", "redis.register_function('moved', function() return 5 end)"))
    s.same("SET", "k", "v")
    s.same("SAVE")
    dirs = {}
    for name, conn in (("sable", s.sable), ("redis", s.redis)):
        d = parse(conn.cmd("CONFIG", "GET", "dir"))[1].decode()
        f = parse(conn.cmd("CONFIG", "GET", "dbfilename"))[1].decode()
        dirs[name] = os.path.join(d, f)
    tmp = dirs["sable"] + ".swap"
    shutil.copyfile(dirs["sable"], tmp)
    shutil.copyfile(dirs["redis"], dirs["sable"])
    shutil.copyfile(tmp, dirs["redis"])
    os.unlink(tmp)
    s.same("DEBUG", "RELOAD", "NOSAVE")
    s.same("FCALL", "moved", "0")
    s.same("GET", "k")


if __name__ == "__main__":
    run_tests(globals())
