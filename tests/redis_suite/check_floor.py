#!/usr/bin/python3
"""Runs Redis 7.0.15's own test suite (../shared/redis-test-suite, never copied here) against the
Release build and compares each unit's passing count with the floor kept in
tests/redis-suite-floor.tsv. Fails when a unit passes fewer tests than its floor, when a floor
row names a unit the run did not report, or when the server crashed.

A unit below its floor is run once more on its own before it counts as a failure: a few suite
tests are timing-sensitive on a loaded 2-core machine. Crashes are never retried away.

Usage: check_floor.py [--server PATH] [--out DIR] [--units "unit/a unit/b"]
"""
import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FLOOR = os.path.join(ROOT, "tests", "redis-suite-floor.tsv")


def suite_dir():
    d = os.environ.get("REDIS_SUITE_DIR") or os.path.join(ROOT, "..", "shared", "redis-test-suite")
    if not os.path.exists(os.path.join(d, "run-against.sh")):
        sys.exit("redis test suite not found at %s (set REDIS_SUITE_DIR)" % d)
    return d


def read_floor():
    floor = {}
    with open(FLOOR) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            floor[cols[0]] = (int(cols[1]), int(cols[2]), cols[3] if len(cols) > 3 else "")
    return floor


def run(server, out, units=None):
    env = dict(os.environ, LENIENT="1", UNIT_TIMEOUT=os.environ.get("UNIT_TIMEOUT", "240"),
               STALL_TIMEOUT=os.environ.get("STALL_TIMEOUT", "60"), TERM="dumb")
    if units:
        env["UNITS"] = " ".join(units)
    else:
        env.pop("UNITS", None)
    script = os.path.join(suite_dir(), "run-against.sh")
    sys.stdout.flush()
    subprocess.run(["bash", script, server, out], env=env, stdin=subprocess.DEVNULL,
                   stderr=subprocess.STDOUT, timeout=3600)  # unit lines stream as they finish
    rows = {}
    with open(os.path.join(out, "summary.tsv")) as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            rows[c[0]] = {"status": c[1], "ok": int(c[2]), "err": int(c[3])}
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", default=os.path.join(ROOT, "build", "release", "sable-server"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--units", default=None)
    a = ap.parse_args()
    server = os.path.abspath(a.server)
    out = a.out or tempfile.mkdtemp(prefix="sable-redis-suite-")
    floor = read_floor()
    only = a.units.split() if a.units else None
    rows = run(server, out, only)
    crashed = [u for u, r in rows.items() if r["status"] == "CRASH"]
    below = [u for u, (fl, _, _) in floor.items()
             if (not only or u in only) and u in rows and rows[u]["ok"] < fl]
    if below:
        print("\nbelow the floor, running once more: %s" % " ".join(below))
        again = run(server, out + "-again", below)
        for u in below:
            if u in again:
                crashed += [u] if again[u]["status"] == "CRASH" else []
                if again[u]["ok"] > rows[u]["ok"]:
                    rows[u] = again[u]
    problems = []
    print("\n%-28s %6s %6s %6s  %s" % ("unit", "sable", "floor", "redis", "status"))
    total = total_redis = 0
    for u, (fl, redis, note) in sorted(floor.items()):
        if only and u not in only:
            continue
        r = rows.get(u)
        if r is None:
            problems.append("%s: not reported by the run" % u)
            continue
        total += r["ok"]
        total_redis += redis
        mark = "" if r["ok"] >= fl else "BELOW FLOOR"
        if r["ok"] > fl:
            mark = "above floor (raise it)"
        print("%-28s %6d %6d %6d  %s %s" % (u, r["ok"], fl, redis, r["status"], mark))
        if r["ok"] < fl:
            problems.append("%s: %d passed, floor %d" % (u, r["ok"], fl))
    for u in sorted(set(crashed)):
        problems.append("%s: the server crashed" % u)
    print("\nRedis suite: Sable passes %d of the %d tests Redis 7.0.15 passes (logs in %s)"
          % (total, total_redis, out))
    if problems:
        print("REDIS SUITE CHECK FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("Redis suite check: every unit at or above its floor, no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
