"""COMMAND DOCS `arguments`, generated from one usage line per command, against Redis 7.0.

Argument names of oneof/block groups are Sable's own (Redis's are hand-picked), so replies are not
compared byte for byte; instead both replies are parsed and projected onto what clients use to
show hints: the tree of types, tokens, leaf names and the optional/multiple flags. A last test
drives redis-cli in tmux and checks the hint it prints while a command is being typed.
"""
import os
import shutil
import subprocess
import time

from harness import Conn, parse, run_tests

TYPES = {"string", "integer", "double", "key", "pattern", "unix-time", "pure-token", "oneof",
         "block"}

# Commands whose whole argument projection (leaf types included) must equal Redis's.
EXACT = ["get", "set", "zadd", "lpos", "scan", "bitfield", "zrangestore", "getex", "lcs",
         "hello", "sort", "zunionstore", "client|list", "command|list", "expire"]

# Commands whose argument layout knowingly differs from Redis's rendering (see usage.cc), or which
# Redis 7.0 does not have.
LAYOUT_DIFFERS = {"client|kill", "command|getkeys", "command|getkeysandflags", "config|get",
                  "psubscribe", "client|no-touch", "client|setinfo"}


def s_(x):
    return x.decode() if isinstance(x, bytes) else x


def docs(conn, *names):
    conn.cmd("HELLO", "3")
    v = parse(conn.cmd("COMMAND", "DOCS", *names))
    assert isinstance(v, dict), v
    return {s_(k): d for k, d in v.items()}


def project(args, leaf_types=True):
    out = []
    for a in args:
        t = s_(a[b"type"])
        if t == "block" and a.get(b"token") and len(a[b"arguments"]) == 1:
            # "ID client-id ...": Redis sometimes wraps a tokened argument in a one-child block.
            inner = dict(a[b"arguments"][0])
            inner[b"token"] = a[b"token"]
            inner[b"flags"] = list(a.get(b"flags", [])) + list(inner.get(b"flags", []))
            a, t = inner, s_(inner[b"type"])
        p = {"type": t, "token": s_(a.get(b"token")),
             "flags": sorted(f for f in map(s_, a.get(b"flags", [])) if f in ("optional", "multiple"))}
        if t not in ("oneof", "block", "pure-token"):  # Redis names groups and tokens freely
            p["name"] = s_(a[b"name"])
        if not leaf_types and t not in ("oneof", "block", "pure-token", "key"):
            p["type"] = "leaf"
        if b"arguments" in a:
            p["args"] = project(a[b"arguments"], leaf_types)
        out.append(p)
    return out


def render(args):
    """Redis-style one-line syntax of an argument list."""
    out = []
    for a in args:
        t, tok, name = s_(a[b"type"]), s_(a.get(b"token")), s_(a[b"name"])
        flags = [s_(f) for f in a.get(b"flags", [])]
        if t == "pure-token":
            s = tok
        elif t == "oneof":
            s = " | ".join(render([x]) for x in a[b"arguments"])
        elif t == "block":
            s = " ".join(render([x]) for x in a[b"arguments"])
        else:
            s = name
        if tok and t != "pure-token":
            s = tok + " " + s
        if t in ("oneof", "block") and "optional" not in flags:
            s = "<" + s + ">"
        if "multiple" in flags:
            s += " ..."
        if "optional" in flags:
            s = "[" + s + "]"
        out.append(s)
    return " ".join(out)


def check_arg(a, where):
    assert isinstance(a, dict), (where, a)
    assert isinstance(a.get(b"name"), bytes) and a[b"name"], (where, a)
    t = s_(a.get(b"type"))
    assert t in TYPES, (where, a)
    if t == "key":
        assert isinstance(a.get(b"key_spec_index"), int), (where, a)
    if t == "pure-token":
        # (MIGRATE's "" is a token too, the empty one, as in Redis.)
        assert isinstance(a.get(b"token"), bytes), (where, a)
    if t in ("oneof", "block"):
        assert a.get(b"arguments"), (where, a)
        for sub in a[b"arguments"]:
            check_arg(sub, where)
    else:
        assert b"arguments" not in a, (where, a)


def all_names(conn):
    names = [s_(n) for n in parse(conn.cmd("COMMAND", "LIST"))]
    assert names, names
    return names


def test_every_argument_has_name_and_type(s):
    names = all_names(s.sable)
    d = docs(s.sable, *names)
    assert set(d) == set(names), set(names) ^ set(d)
    for n, entry in d.items():
        for a in entry.get(b"arguments", []):
            check_arg(a, n)


def test_set_matches_redis_exactly(s):
    mine, theirs = docs(s.sable, "set")["set"], docs(s.redis, "set")["set"]
    assert project(mine[b"arguments"]) == project(theirs[b"arguments"]), (
        project(mine[b"arguments"]), project(theirs[b"arguments"]))


def test_selected_commands_match_redis(s):
    mine, theirs = docs(s.sable, *EXACT), docs(s.redis, *EXACT)
    for n in EXACT:
        a, b = project(mine[n].get(b"arguments", [])), project(theirs[n].get(b"arguments", []))
        assert a == b, (n, a, b)
    ck = "client|kill"
    m, t = docs(s.sable, ck)[ck], docs(s.redis, ck)[ck]
    assert len(m[b"arguments"]) == len(t[b"arguments"]) == 1


def test_whole_table_renders_like_redis(s):
    names = all_names(s.sable)
    mine, theirs = docs(s.sable, *names), docs(s.redis, *names)
    bad = []
    for n in names:
        if n in LAYOUT_DIFFERS:
            continue
        assert n in theirs, n
        a, b = render(mine[n].get(b"arguments", [])), render(theirs[n].get(b"arguments", []))
        if a != b:
            bad.append((n, a, b))
    assert not bad, "\n".join("%s\n  sable: %s\n  redis: %s" % x for x in bad)
    # Beyond the rendering: leaf names and types, tokens and flags agree too.
    for n in names:
        if n not in LAYOUT_DIFFERS:
            a, b = project(mine[n].get(b"arguments", [])), project(theirs[n].get(b"arguments", []))
            assert a == b, (n, a, b)


def test_key_spec_index(s):
    d = docs(s.sable, "zunionstore", "sort", "get")
    za = d["zunionstore"][b"arguments"]
    assert (za[0][b"name"], za[0][b"key_spec_index"]) == (b"destination", 0)
    assert (za[2][b"name"], za[2][b"key_spec_index"]) == (b"key", 1)
    st = [a for a in d["sort"][b"arguments"] if a.get(b"token") == b"STORE"][0]
    assert (st[b"type"], st[b"key_spec_index"]) == (b"key", 1)
    # A tokened key of the same name as the plain one is another spec, as Redis numbers them.
    for cmd, want in (("georadius", [0, 1, 2]), ("migrate", [0, 1])):
        mine, theirs = docs(s.sable, cmd)[cmd], docs(s.redis, cmd)[cmd]
        got = [keys_of(x) for x in (mine[b"arguments"], theirs[b"arguments"])]
        assert got[0] == got[1] == want, (cmd, got)


def keys_of(args):
    out = []
    for a in args:
        if a.get(b"type") == b"key":
            out.append(a[b"key_spec_index"])
        out += keys_of(a.get(b"arguments", []))
    return out


def resp2_to_maps(v, depth):
    """Turns the flat RESP2 arrays of an arguments list into dicts (depth: nesting to convert)."""
    out = []
    for flat in v:
        assert isinstance(flat, list) and len(flat) % 2 == 0, flat
        d = dict(zip(flat[0::2], flat[1::2]))
        if b"arguments" in d:
            d[b"arguments"] = resp2_to_maps(d[b"arguments"], depth + 1)
        out.append(d)
    return out


def test_resp2_same_content(s):
    names = ["set", "client|kill", "bitfield", "zadd", "client"]
    c = Conn(s.sable_server.port)
    try:
        flat = parse(c.cmd("COMMAND", "DOCS", *names))
    finally:
        c.close()
    assert isinstance(flat, list) and len(flat) == 2 * len(names), flat
    r3 = docs(s.sable, *names)
    for name, entry in zip(flat[0::2], flat[1::2]):
        d = dict(zip(entry[0::2], entry[1::2]))
        want = r3[s_(name)]
        if b"arguments" in want:
            assert project(resp2_to_maps(d[b"arguments"], 0)) == project(want[b"arguments"])
        else:
            assert b"arguments" not in d
    client = dict(zip(flat[-1][0::2], flat[-1][1::2]))
    assert b"subcommands" in client and b"arguments" not in client


def cli_hint(port, typed):
    """What redis-cli shows after `typed` is typed at its prompt (None when tmux is unusable)."""
    if not shutil.which("tmux") or not shutil.which("redis-cli"):
        return None
    session = "docs%d" % os.getpid()
    env = dict(os.environ, TERM="xterm")
    env.pop("TMUX", None)
    try:
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "10",
                        "redis-cli -p %d" % port], check=True, env=env, timeout=10)
    except (subprocess.SubprocessError, OSError):
        return None
    try:
        screen = ""
        deadline = time.time() + 5
        while time.time() < deadline and ">" not in screen:
            time.sleep(0.1)
            screen = subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], env=env,
                                    capture_output=True, text=True, timeout=5).stdout
        subprocess.run(["tmux", "send-keys", "-t", session, typed], env=env, check=True, timeout=5)
        deadline = time.time() + 5
        line = ""
        while time.time() < deadline:
            time.sleep(0.2)
            screen = subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], env=env,
                                    capture_output=True, text=True, timeout=5).stdout
            line = screen.splitlines()[0] if screen else ""
            if len(line.rstrip()) > len(typed) + 20:
                break
        return line.split("> ", 1)[-1].rstrip()
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], env=env, timeout=10)


def test_redis_cli_hint(s):
    typed = "zrangestore "
    want = cli_hint(s.redis_server.port, typed)
    if want is None:
        print("     (tmux or redis-cli unusable here: hint check skipped)")
        return
    assert want == "zrangestore dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]", want
    got = cli_hint(s.sable_server.port, typed)
    assert got == want, (got, want)


if __name__ == "__main__":
    run_tests(globals())
