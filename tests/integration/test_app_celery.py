"""Celery (Debian's python3-celery) with the server as broker (db 0) and result backend (db 1).

Tasks are in app_celery_tasks.py; each scenario starts a real worker subprocess
(`python3 -m celery -A app_celery_tasks worker --pool=threads`), sends work from this process
through a client app, and stops the worker with a warm shutdown. The same scenario runs against
Debian's redis-server first (a failure there is a test bug), then against Sable. This exercises
kombu's Redis transport (LPUSH/BRPOP on queues, the unacked hash and its sorted-set index in
MULTI/EXEC, fan-out over PUBLISH/PSUBSCRIBE for remote control and events) and Celery's Redis
result backend (SET with expiry, pub/sub on celery-task-meta-* channels while waiting for a
result, chord counters with INCR/RPUSH/LRANGE). Covered: tasks with results, failures, remote
control ping, groups, chains, chords, retries with self.retry(countdown=...), countdown and ETA.
"""
import gc
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from celery import chain, chord, group  # noqa: E402

import app_celery_tasks  # noqa: E402
from app_common import check_failures, failed_commands, reset_stats
from harness import run_tests  # noqa: E402

T = "app_celery_tasks."
# Worker log lines that mean the broker or backend misbehaved (expected task failures log
# tracebacks too, so those are not enough on their own).
UNEXPECTED = ("CRITICAL", "Unrecoverable", "ConnectionError", "ResponseError", "Cannot connect",
              "DataError", "InvalidResponse", "unknown command")


class Worker:
    """A Celery worker subprocess for one server, and a client app bound to the same server."""

    def __init__(self, port, concurrency=4, pool="threads", extra=()):
        self.port = port
        self.log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log",
                                               delete=False)
        env = dict(os.environ, CELERY_TEST_PORT=str(port), PYTHONPATH=HERE)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "app_celery_tasks", "worker",
             "--pool=%s" % pool, "--concurrency=%d" % concurrency, "--loglevel=WARNING",
             "-n", "w%d@localhost" % port] + list(extra),
            cwd=HERE, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.app = app_celery_tasks.make_app(port)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("celery worker exited %s:\n%s" % (self.proc.returncode,
                                                                       self.output()))
            if self.app.control.ping(timeout=0.5):
                return
        self.stop()
        raise AssertionError("celery worker did not answer ping in 30 s:\n" + self.output())

    def sig(self, name, *args, **kw):
        return self.app.signature(T + name, args=args, kwargs=kw)

    def output(self):
        with open(self.log.name, "rb") as f:
            return f.read().decode(errors="replace")[-3000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # Results still pending in the client unsubscribe from the backend when collected: do it
        # now, while the server is up, not at interpreter exit.
        for mapping in getattr(self.app.backend, "_pending_results", ()):
            mapping.clear()
        gc.collect()
        self.app.close()
        out = self.output()
        os.unlink(self.log.name)
        return out


def on_both(s, scenario, **worker_options):
    """Runs scenario(worker) on redis-server, then on Sable; the results must be equal."""
    results, failures = {}, {}
    for name, port in (("redis-server", s.redis_server.port), ("sable", s.sable_server.port)):
        t0 = time.time()
        reset_stats(port)
        w = Worker(port, **worker_options)
        try:
            results[name] = scenario(w)
        except Exception as e:
            out = w.stop()
            raise AssertionError("%s failed under %s: %r\nworker log:\n%s" % (
                scenario.__name__, name, e, out)) from e
        gc.collect()  # AsyncResult.__del__ talks to the backend: run it while it is up
        out = w.stop()
        bad = [l for l in out.splitlines() if any(m in l for m in UNEXPECTED)]
        assert not bad, "worker log under %s:\n%s" % (name, out)
        failures[name] = failed_commands(port)
        print("     %s: %.1f s" % (name, time.time() - t0))
    check_failures(scenario.__name__, failures["sable"], failures["redis-server"])
    if results["redis-server"] != results["sable"]:
        raise AssertionError("%s differs:\n  sable: %r\n  redis: %r" % (
            scenario.__name__, results["sable"], results["redis-server"]))
    return results["sable"]


def test_celery_tasks_results_and_failures(s):
    def scenario(w):
        out = [w.sig("add", 2, 3).delay().get(timeout=10)]
        pending = [w.sig("mul", i, i).delay() for i in range(100)]
        out.append([r.get(timeout=20) for r in pending])
        r = w.sig("fail", "bad input").delay()
        try:
            r.get(timeout=10)
            out.append("no error")
        except Exception as e:  # the task's exception, rebuilt from the result backend
            out.append((type(e).__name__, str(e)))
        out.append((r.state, r.failed(), "ValueError" in (r.traceback or "")))
        # get(propagate=False) and a result fetched again by id from a fresh AsyncResult.
        ok = w.sig("add", 40, 2).delay()
        ok.get(timeout=10)
        again = w.app.AsyncResult(ok.id)
        out.append((again.state, again.result, again.successful()))
        # Priorities: kombu's Redis transport keeps one list per priority step.
        out.append([w.sig("add", p, 0).apply_async(priority=p).get(timeout=10)
                    for p in (0, 3, 9)])
        out.append(sorted(w.app.control.ping(timeout=1)[0].values())[0])
        stats = w.app.control.inspect(timeout=2).stats()
        out.append(len(stats or {}))
        return out

    res = on_both(s, scenario)
    assert res[0] == 5 and res[1] == [i * i for i in range(100)], res[:2]
    assert res[2] == ("ValueError", "bad input") and res[3] == ("FAILURE", True, True), res
    assert res[4] == ("SUCCESS", 42, True) and res[5] == [0, 3, 9], res
    assert res[6] == {"ok": "pong"} and res[7] == 1, res


def test_celery_canvas_groups_chains_chords(s):
    def scenario(w):
        out = []
        g = group(w.sig("add", i, i) for i in range(20))().get(timeout=20)
        out.append(g)
        out.append(chain(w.sig("add", 1, 2), w.app.signature(T + "add", args=(3,)),
                         w.app.signature(T + "mul", args=(10,)))().get(timeout=20))
        header = [w.sig("add", i, 1) for i in range(30)]
        out.append(chord(header)(w.app.signature(T + "tsum")).get(timeout=30))
        # A chord whose header is itself made of chains, and a group of chords.
        header2 = [chain(w.sig("add", i, 0), w.app.signature(T + "mul", args=(2,)))
                   for i in range(10)]
        out.append(chord(header2)(w.app.signature(T + "tsum")).get(timeout=30))
        gc = group(chord([w.sig("add", j, k) for k in range(3)], w.app.signature(T + "tsum"))
                   for j in range(4))()
        out.append(gc.get(timeout=30))
        # A failing member makes the chord's result fail (the callback does not run).
        bad = chord([w.sig("add", 1, 1), w.sig("fail", "in header")])(
            w.app.signature(T + "tsum"))
        try:
            bad.get(timeout=20)
            out.append("no error")
        except Exception as e:
            out.append(type(e).__name__)
        return out

    res = on_both(s, scenario)
    assert res[0] == [2 * i for i in range(20)] and res[1] == 60, res
    assert res[2] == sum(range(1, 31)) and res[3] == 2 * sum(range(10)), res
    assert res[4] == [3 * j + 3 for j in range(4)], res


def test_celery_retries_countdown_eta(s):
    def scenario(w):
        out = []
        t0 = time.time()
        r = w.sig("flaky", 2).delay()
        v = r.get(timeout=30)
        out.append(v["retries"])
        assert v["at"] - t0 >= 1.8, v["at"] - t0  # two retries with a 1 s countdown each
        gives_up = w.sig("always_fails").delay()
        try:
            gives_up.get(timeout=20)
            out.append("no error")
        except Exception as e:
            out.append((type(e).__name__, str(e)))
        t0 = time.time()
        later = w.sig("stamp").apply_async(countdown=2)
        eta = datetime.now(timezone.utc) + timedelta(seconds=1)
        at_eta = w.sig("stamp").apply_async(eta=eta)
        now = w.sig("stamp").delay()
        ran_now, ran_eta, ran_later = (now.get(timeout=10), at_eta.get(timeout=15),
                                       later.get(timeout=15))
        assert ran_later - t0 >= 1.9, ran_later - t0
        assert ran_eta >= eta.timestamp() - 0.1, (ran_eta, eta.timestamp())
        out.append(ran_now < ran_eta < ran_later)
        # An expired task is revoked by the worker instead of run.
        expired = w.sig("stamp").apply_async(countdown=2, expires=1)
        try:
            expired.get(timeout=15)
            out.append("ran")
        except Exception as e:
            out.append(type(e).__name__)
        return out

    res = on_both(s, scenario)
    assert res[0] == 2 and res[1] == ("RuntimeError", "still broken") and res[2] is True, res


if __name__ == "__main__":
    try:
        run_tests(globals())
    except SystemExit as done:
        # The servers are gone by now; leave without interpreter teardown, where Celery's
        # AsyncResult.__del__ would try to unsubscribe from them and print noise.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(done.code or 0)
