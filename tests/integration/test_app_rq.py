"""RQ (Debian's python3-rq) as an application on Sable, the same code against redis-server first.

Jobs are functions in app_jobs.py; workers are `rq worker` subprocesses (the default forking
Worker), so everything goes through the server exactly as in production: queues are lists,
registries sorted sets, jobs hashes, results (RQ >= 1.12) streams written with XADD and read with
XREVRANGE, the scheduler takes a SET NX EX lock and the workers listen on pub/sub for commands.
Covered: a few hundred jobs run by two burst workers, failures in the failed registry with the
exception, Retry(max=2), scheduled jobs (enqueue_in / enqueue_at with a scheduling worker), job
dependencies (depends_on, Dependency(allow_failure=True)), and requeueing a failed job.
"""
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import redis
import rq
from rq import Queue, Retry
from rq.job import Dependency, Job, JobStatus
from rq.command import send_shutdown_command, send_stop_job_command
from rq.registry import (CanceledJobRegistry, DeferredJobRegistry, FailedJobRegistry,
                         FinishedJobRegistry, ScheduledJobRegistry)
from rq.worker import Worker
from rq.results import Result

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import app_jobs  # noqa: E402

from app_common import check_failures, failed_commands, reset_stats
from harness import run_tests  # noqa: E402

RQ_BIN = "/usr/bin/rq"


def connect(port):
    return redis.Redis(host="127.0.0.1", port=port, socket_timeout=10)


def on_both(s, scenario):
    """Runs scenario(port) on redis-server, then on Sable; the results must be equal."""
    results, failures = {}, {}
    for name, port in (("redis-server", s.redis_server.port), ("sable", s.sable_server.port)):
        t0 = time.time()
        reset_stats(port)
        try:
            results[name] = scenario(port)
        except Exception as e:
            raise AssertionError("%s failed under %s: %r" % (scenario.__name__, name, e)) from e
        failures[name] = failed_commands(port)
        print("     %s: %.1f s" % (name, time.time() - t0))
    check_failures(scenario.__name__, failures["sable"], failures["redis-server"])
    if results["redis-server"] != results["sable"]:
        raise AssertionError("%s differs:\n  sable: %r\n  redis: %r" % (
            scenario.__name__, results["sable"], results["redis-server"]))
    return results["sable"]


def start_worker(port, *extra, name=None):
    argv = [sys.executable, RQ_BIN, "worker", "--url", "redis://127.0.0.1:%d/0" % port,
            "--path", HERE, "--logging_level", "WARNING"] + list(extra)
    if name:
        argv += ["--name", name]
    env = dict(os.environ, PYTHONPATH=HERE)
    return subprocess.Popen(argv, cwd=HERE, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def finish(proc, timeout=60):
    """Waits for a burst worker; returns its output. Kills it if it overruns."""
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        raise AssertionError("worker did not finish in %d s:\n%s" % (timeout, out.decode()[-2000:]))
    assert proc.returncode == 0, "worker exit %s:\n%s" % (proc.returncode, out.decode()[-2000:])
    return out.decode(errors="replace")


def stop(proc, timeout=15):
    """Warm shutdown of a long-running worker (SIGTERM), killing it if it does not exit."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out.decode(errors="replace")


def wait_until(pred, timeout=20.0, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


def test_rq_version_uses_result_streams(s):
    # RQ >= 1.12 keeps results in a stream per job when the server reports Redis >= 5.
    assert tuple(int(x) for x in rq.__version__.split(".")[:2]) >= (1, 12), rq.__version__
    job = Job.create(app_jobs.add, args=(1, 2), connection=connect(s.sable_server.port))
    assert job.supports_redis_streams, job.redis_server_version


def test_rq_hundreds_of_jobs_two_burst_workers(s):
    def scenario(port):
        r = connect(port)
        q = Queue("default", connection=r)
        jobs = [q.enqueue(app_jobs.add, i, i * 10) for i in range(300)]
        jobs += [q.enqueue(app_jobs.square_sum, list(range(i))) for i in range(20)]
        pids = [q.enqueue(app_jobs.worker_pid) for _ in range(30)]
        assert len(q) == 350 and q.count == 350
        w1 = start_worker(port, "--burst", name="w1")
        w2 = start_worker(port, "--burst", name="w2")
        finish(w1)
        finish(w2)
        assert len(q) == 0
        values = [j.return_value(refresh=True) for j in jobs]
        statuses = {j.get_status(refresh=True) for j in jobs + pids}
        latest = jobs[0].latest_result()
        assert latest.type == Result.Type.SUCCESSFUL and latest.return_value == 0, latest
        assert jobs[5].result == 55  # the pre-1.12 accessor, also read from the stream
        workers = {Job.fetch(j.id, connection=r).worker_name for j in jobs + pids}
        finished = FinishedJobRegistry(queue=q).count
        # Both workers took part (each forks a work horse per job, so both get some).
        assert workers == {"w1", "w2"}, workers
        return values, statuses, finished, len({p.return_value() for p in pids}) >= 2

    values, statuses, finished, two_pids = on_both(s, scenario)
    assert values[:3] == [0, 11, 22] and values[300 + 4] == 14, values[:3]
    assert statuses == {JobStatus.FINISHED} and finished == 350 and two_pids


def test_rq_failures_land_in_failed_registry(s):
    def scenario(port):
        r = connect(port)
        q = Queue("default", connection=r)
        bad = [q.enqueue(app_jobs.fail, "boom %d" % i) for i in range(5)]
        good = [q.enqueue(app_jobs.add, i, 1) for i in range(5)]
        finish(start_worker(port, "--burst"))
        failed = FailedJobRegistry(queue=q)
        ids = sorted(failed.get_job_ids())
        assert ids == sorted(j.id for j in bad), ids
        excs = []
        for j in bad:
            j.refresh()
            assert j.is_failed
            res = j.latest_result()
            assert res.type == Result.Type.FAILED
            excs.append(res.exc_string.strip().splitlines()[-1])
            assert "ValueError" in j.exc_info
        # Requeue one failed job: it leaves the registry, runs again and fails again.
        failed.requeue(bad[0].id)
        assert len(q) == 1 and failed.count == 4
        finish(start_worker(port, "--burst"))
        assert failed.count == 5
        return excs, [j.return_value() for j in good], len(bad[0].results())

    excs, good, nresults = on_both(s, scenario)
    assert excs == ["ValueError: boom %d" % i for i in range(5)], excs
    assert good == [1, 2, 3, 4, 5] and nresults == 2


def test_rq_retry(s):
    def scenario(port):
        r = connect(port)
        q = Queue("default", connection=r)
        recovers = q.enqueue(app_jobs.flaky, 2, retry=Retry(max=2))
        gives_up = q.enqueue(app_jobs.flaky, 5, retry=Retry(max=2))
        no_retry = q.enqueue(app_jobs.flaky, 1)
        finish(start_worker(port, "--burst"))
        out = []
        for j in (recovers, gives_up, no_retry):
            j.refresh()
            out.append((j.get_status(), j.meta.get("runs"), j.retries_left, j.return_value()))
        out.append(sorted(FailedJobRegistry(queue=q).get_job_ids()) ==
                   sorted([gives_up.id, no_retry.id]))
        return out

    res = on_both(s, scenario)
    assert res[0] == (JobStatus.FINISHED, 3, 0, "ok after 3 runs"), res
    assert res[1][:3] == (JobStatus.FAILED, 3, 0) and res[2][:2] == (JobStatus.FAILED, 1), res
    assert res[3] is True


def test_rq_scheduled_jobs(s):
    def scenario(port):
        r = connect(port)
        q = Queue("default", connection=r)
        t0 = time.time()
        later = q.enqueue_in(timedelta(seconds=2), app_jobs.record, "ran", "in-2s")
        sooner = q.enqueue_at(datetime.now(timezone.utc) + timedelta(seconds=1),
                              app_jobs.record, "ran", "at-1s")
        now = q.enqueue(app_jobs.record, "ran", "now")
        # A retry with an interval goes through the scheduled registry too.
        retried = q.enqueue(app_jobs.flaky, 1, retry=Retry(max=1, interval=1))
        sched = ScheduledJobRegistry(queue=q)
        assert sorted(sched.get_job_ids()) == sorted([later.id, sooner.id]), sched.get_job_ids()
        assert later.get_status() == JobStatus.SCHEDULED
        w = start_worker(port, "--with-scheduler", name="sched")
        try:
            ok = wait_until(lambda: r.llen("ran") == 3 and
                            retried.get_status(refresh=True) == JobStatus.FINISHED, 25)
        finally:
            out = stop(w)
        assert ok, (r.lrange("ran", 0, -1), retried.get_status(), out[-2000:])
        elapsed = time.time() - t0
        assert elapsed >= 2, elapsed
        assert sched.count == 0
        retried.refresh()
        return r.lrange("ran", 0, -1), retried.meta["runs"], now.return_value()

    assert on_both(s, scenario) == ([b"now", b"at-1s", b"in-2s"], 2, "now")


def test_rq_job_dependencies(s):
    def scenario(port):
        r = connect(port)
        q = Queue("default", connection=r)
        a = q.enqueue(app_jobs.record, "order", "a")
        b = q.enqueue(app_jobs.record, "order", "b", depends_on=a)
        c = q.enqueue(app_jobs.record, "order", "c", depends_on=[a, b])
        parent_fails = q.enqueue(app_jobs.fail, "parent")
        blocked = q.enqueue(app_jobs.record, "order", "never", depends_on=parent_fails)
        tolerant = q.enqueue(app_jobs.record, "order", "tolerant",
                             depends_on=Dependency(jobs=[parent_fails], allow_failure=True))
        deferred = DeferredJobRegistry(queue=q)
        before = sorted(deferred.get_job_ids()) == sorted([b.id, c.id, blocked.id, tolerant.id])
        statuses_before = [j.get_status() for j in (a, b, c)]
        finish(start_worker(port, "--burst"))
        order = r.lrange("order", 0, -1)
        return (before, statuses_before, order,
                [j.get_status(refresh=True) for j in (a, b, c, parent_fails, blocked, tolerant)])

    before, st, order, after = on_both(s, scenario)
    assert before and st == [JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.DEFERRED]
    assert sorted(order) == [b"a", b"b", b"c", b"tolerant"], order
    assert order.index(b"a") < order.index(b"b") < order.index(b"c"), order
    assert after[4] == JobStatus.DEFERRED and after[5] == JobStatus.FINISHED, after


def test_rq_timeouts_callbacks_cancel_and_worker_commands(s):
    def scenario(port):
        r = connect(port)
        q = Queue("default", connection=r)
        out = {}
        # A job over its timeout is killed in the work horse and fails with JobTimeoutException.
        slow = q.enqueue(app_jobs.sleepy, 10, job_timeout=1)
        # Success and failure callbacks run in the worker with its connection.
        ok = q.enqueue(app_jobs.add, 2, 2, on_success=app_jobs.on_success_cb)
        bad = q.enqueue(app_jobs.fail, "cb", on_failure=app_jobs.on_failure_cb)
        # A cancelled job is not run and sits in the canceled registry.
        cancelled = q.enqueue(app_jobs.record, "ran", "cancelled")
        cancelled.cancel()
        # enqueue_many in one pipeline.
        many = q.enqueue_many([Queue.prepare_data(app_jobs.add, (i, i)) for i in range(50)])
        t0 = time.time()
        finish(start_worker(port, "--burst"))
        assert time.time() - t0 < 20
        slow.refresh()
        out["slow"] = (slow.get_status(), "JobTimeoutException" in (slow.exc_info or ""))
        out["callbacks"] = sorted(x.decode().replace(ok.id, "ok").replace(bad.id, "bad")
                                  for x in r.lrange("callbacks", 0, -1))
        out["cancelled"] = (cancelled.get_status(refresh=True), r.llen("ran"),
                            cancelled.id in CanceledJobRegistry(queue=q).get_job_ids())
        out["many"] = [j.return_value() for j in many][:5] + [len(many)]
        # A long-running worker: registered while it runs, stops a running job on command,
        # and shuts down when told to over pub/sub.
        w = start_worker(port, name="ctl")
        try:
            assert wait_until(lambda: [x.name for x in Worker.all(connection=r)] == ["ctl"], 20)
            long_job = q.enqueue(app_jobs.sleepy, 30)
            assert wait_until(lambda: long_job.get_status(refresh=True) == JobStatus.STARTED, 20)
            send_stop_job_command(r, long_job.id)
            assert wait_until(lambda: long_job.get_status(refresh=True) == JobStatus.STOPPED, 20)
            send_shutdown_command(r, "ctl")
            w.wait(20)
            out["worker"] = (w.returncode, Worker.all(connection=r))
        finally:
            stop(w)
        info = subprocess.run([sys.executable, "/usr/bin/rqinfo", "--url",
                               "redis://127.0.0.1:%d/0" % port, "--raw"],
                              capture_output=True, timeout=30, text=True)
        out["rqinfo"] = (info.returncode, sorted(l.split()[0] for l in info.stdout.splitlines()
                                                 if l.strip()))
        return out

    res = on_both(s, scenario)
    assert res["slow"] == (JobStatus.FAILED, True) and res["worker"] == (0, []), res
    assert res["callbacks"] == ["failure:bad:ValueError", "success:ok:4"], res
    assert res["cancelled"] == (JobStatus.CANCELED, 0, True) and res["many"][-1] == 50, res
    assert res["rqinfo"][0] == 0 and "queue" in res["rqinfo"][1], res["rqinfo"]


if __name__ == "__main__":
    run_tests(globals())
