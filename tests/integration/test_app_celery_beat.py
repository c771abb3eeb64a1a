"""Celery with the prefork pool, task events, celery beat, revoke and inspect, on the server.

A second ctest entry next to test_app_celery.py (which it reuses: the Worker wrapper and the
redis-server-then-Sable runner), kept apart so that each entry stays well under 90 s.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import redis  # noqa: E402
from celery import group  # noqa: E402

from harness import run_tests  # noqa: E402
from test_app_celery import HERE, T, on_both  # noqa: E402,F811


def test_celery_prefork_pool_beat_events_and_control(s):
    # The default prefork pool (billiard child processes), task events (-E), celery beat
    # sending a periodic task, revoke, and the inspect API.
    def scenario(w):
        out = {}
        pids = group(w.sig("pid") for _ in range(40))().get(timeout=30)
        out["children"] = len(set(pids)) >= 1 and w.proc.pid not in pids
        out["group"] = group(w.sig("add", i, 1) for i in range(40))().get(timeout=30)
        insp = w.app.control.inspect(timeout=2)
        registered = list((insp.registered() or {}).values())
        out["registered"] = sorted(t for t in registered[0] if t.startswith(T)) if registered \
            else None
        active = w.sig("sleepy", 1.5).delay()
        time.sleep(0.5)
        act = list((insp.active() or {}).values())
        out["active"] = [a["name"] for a in act[0]] if act else None
        active.get(timeout=10)
        # Revoke a task waiting for its countdown: it never runs.
        doomed = w.sig("add", 1, 1).apply_async(countdown=2)
        w.app.control.revoke(doomed.id)
        time.sleep(2.5)
        out["revoked"] = doomed.state
        # celery beat: a periodic task every second for a few seconds.
        db2 = redis.Redis(host="127.0.0.1", port=w.port, db=2, socket_timeout=10)
        sched = tempfile.mkdtemp(prefix="celery-beat-")
        env = dict(os.environ, CELERY_TEST_PORT=str(w.port), PYTHONPATH=HERE)
        with open(os.path.join(sched, "beat.log"), "wb") as log:
            beat = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "app_celery_tasks", "beat",
                 "--loglevel=WARNING", "-s", os.path.join(sched, "schedule")],
                cwd=HERE, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                deadline = time.time() + 20
                while db2.llen("ticks") < 3 and time.time() < deadline:
                    time.sleep(0.1)
            finally:
                beat.terminate()
                try:
                    beat.wait(10)
                except subprocess.TimeoutExpired:
                    beat.kill()
                    beat.wait()
        shutil.rmtree(sched, ignore_errors=True)
        out["ticks"] = db2.llen("ticks") >= 3
        db2.close()
        return out

    res = on_both(s, scenario, pool="prefork", concurrency=2, extra=("-E",))
    assert res["children"] and res["group"] == list(range(1, 41)), res
    assert res["active"] == [T + "sleepy"] and res["revoked"] == "REVOKED", res
    assert res["ticks"] and T + "add" in res["registered"], res


if __name__ == "__main__":
    try:
        run_tests(globals())
    except SystemExit as done:
        # The servers are gone by now; leave without interpreter teardown, where Celery's
        # AsyncResult.__del__ would try to unsubscribe from them and print noise.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(done.code or 0)
