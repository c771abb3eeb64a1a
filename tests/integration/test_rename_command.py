"""`rename-command` (config file and command line only, as in Redis 7.0) against redis-server
started with the same directives: the old name is unknown, the new one runs the command in any
case, an empty name disables it, COMMAND / COMMAND INFO keep the declared name (Redis reports a
command's own name, not the alias), CONFIG GET knows no such parameter, and a bad rename stops
the start-up with Redis's message."""
import os
import shutil
import subprocess
import tempfile

from harness import REDIS_SERVER, Servers, parse, run_tests, start_sable

RENAMES = ["--rename-command", "get", "MyGet",
           "--rename-command", "flushdb", "",
           "--rename-command", "zadd", "zadd-renamed",
           "--rename-command", "keys", "a-name-much-longer-than-sixty-four-bytes-to-take-the-slow-"
                                       "lookup-path-of-the-table"]


def test_old_name_is_unknown(s):
    s.same("SET", "k", "v")
    s.same("GET", "k")
    s.same("get", "k", "extra")
    s.same("FLUSHDB")
    s.same("ZADD", "z", "1", "a")
    s.same("KEYS", "*")


def test_new_name_runs_the_command_in_any_case(s):
    s.same("SET", "k", "v")
    s.same("myget", "k")
    s.same("MYGET", "k")
    s.same("MyGet", "missing")
    s.same("myget")  # arity error names the command as typed
    s.same("zadd-renamed", "z", "1", "a", "2", "b")
    s.same("ZRANGE", "z", "0", "-1")
    s.same("A-NAME-MUCH-LONGER-THAN-SIXTY-FOUR-BYTES-TO-TAKE-THE-SLOW-LOOKUP-PATH-OF-THE-TABLE",
           "k*")


def test_renamed_command_inside_multi_and_scripts(s):
    s.same("SET", "k", "v")
    s.same("MULTI")
    s.same("myget", "k")
    s.same("EXEC")
    s.same("EVAL", "return redis.call('myget', KEYS[1])", "1", "k")
    a, b = s.both("EVAL", "return redis.call('get', KEYS[1])", "1", "k")
    assert a.startswith(b"-ERR Unknown Redis command") and b.startswith(b"-ERR Unknown Redis command"), (a, b)


def test_commands_using_a_renamed_command_internally_still_work(s):
    # GEOADD stores through ZADD's code, which must not depend on ZADD's current name.
    s.same("GEOADD", "g", "13.361389", "38.115556", "Palermo")
    s.same("GEOPOS", "g", "Palermo")


def test_command_info_and_list_keep_the_declared_name(s):
    s.same("COMMAND", "INFO", "myget")
    s.same("COMMAND", "INFO", "get")
    s.same("COMMAND", "INFO", "flushdb")
    s.same("COMMAND", "GETKEYS", "myget", "k")
    for conn in (s.sable, s.redis):
        names = parse(conn.cmd("COMMAND", "LIST"))
        assert b"get" in names and b"zadd" in names, conn
        assert b"flushdb" not in names and b"myget" not in names, conn
        count = parse(conn.cmd("COMMAND", "COUNT"))
        top = [n for n in names if b"|" not in n]  # LIST names subcommands too; COUNT does not
        assert count == len(top), (count, len(top))


def test_acl_rules_name_commands_as_declared(s):
    s.same("ACL", "SETUSER", "u", "on", "nopass", "+get", "+flushdb", "+zadd")
    s.same("ACL", "SETUSER", "u", "+myget")
    s.same("ACL", "SETUSER", "u", "+GET")
    s.same("ACL", "DRYRUN", "u", "myget", "k")
    s.same("ACL", "DELUSER", "u")


def test_config_get_has_no_rename_command(s):
    s.same("CONFIG", "GET", "rename-command")


def fatal_line(argv, workdir):
    p = subprocess.run(argv, cwd=workdir, capture_output=True, timeout=20)
    out = (p.stdout + p.stderr).decode(errors="replace").strip().splitlines()
    return p.returncode, out[-1] if out else ""


def test_bad_renames_stop_the_start_up(s):
    sable = os.environ.get("SABLE_SERVER") or os.path.join(
        os.path.dirname(__file__), "..", "..", "build", "release", "sable-server")
    workdir = tempfile.mkdtemp(prefix="sable-rename-")
    try:
        cases = [["--rename-command", "nosuch", "x"],     # No such command in rename-command
                 ["--rename-command", "get", "set"],      # Target command name already exists
                 ["--rename-command", "get", "x", "--rename-command", "get", "y"],
                 ["--rename-command", "get"]]             # wrong number of arguments
        for args in cases:
            common = ["--port", "0", "--save", ""] + args
            rc_s, line_s = fatal_line([sable] + common, workdir)
            rc_r, line_r = fatal_line([REDIS_SERVER] + common, workdir)
            assert rc_s == 1 and rc_r == 1, (args, rc_s, rc_r)
            assert line_s == line_r, (args, line_s, line_r)
        # The same from a config file.
        conf = os.path.join(workdir, "bad.conf")
        with open(conf, "w") as f:
            f.write("port 0\nrename-command nosuch x\n")
        rc_s, line_s = fatal_line([sable, conf], workdir)
        rc_r, line_r = fatal_line([REDIS_SERVER, conf], workdir)
        assert rc_s == 1 and rc_r == 1 and line_s == line_r, (line_s, line_r)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def test_rename_from_a_config_file(s):
    srv = start_sable(config_text="rename-command set put\nrename-command debug \"\"\n")
    try:
        c = srv.conn()
        assert c.cmd("put", "k", "v") == b"+OK\r\n"
        assert c.cmd("GET", "k") == b"$1\r\nv\r\n"
        assert c.cmd("SET", "k", "w").startswith(b"-ERR unknown command 'SET'")
        assert c.cmd("DEBUG", "SLEEP", "0").startswith(b"-ERR unknown command 'DEBUG'")
        c.close()
    finally:
        assert srv.stop() == 0
        shutil.rmtree(srv.workdir, ignore_errors=True)


if __name__ == "__main__":
    run_tests(globals(), lambda: Servers(sable_args=RENAMES, redis_args=RENAMES))
