"""Job functions for the RQ application test (tests/integration/test_app_rq.py).

Workers import this module by name, so it must stay importable from tests/integration.
"""
import os

from rq import get_current_job


def add(a, b):
    return a + b


def square_sum(numbers):
    return sum(n * n for n in numbers)


def fail(message):
    raise ValueError(message)


def flaky(times_to_fail):
    """Fails its first `times_to_fail` runs (counted in the job's meta), then succeeds."""
    job = get_current_job()
    runs = job.meta.get("runs", 0) + 1
    job.meta["runs"] = runs
    job.save_meta()
    if runs <= times_to_fail:
        raise RuntimeError("flaky run %d" % runs)
    return "ok after %d runs" % runs


def record(key, value):
    """Appends to a list so the test can see the order jobs ran in."""
    job = get_current_job()
    job.connection.rpush(key, value)
    return value


def worker_pid():
    return os.getpid()


def sleepy(seconds):
    import time
    time.sleep(seconds)
    return seconds


def on_success_cb(job, connection, result, *args, **kwargs):
    connection.rpush("callbacks", "success:%s:%s" % (job.id, result))


def on_failure_cb(job, connection, type, value, traceback):
    connection.rpush("callbacks", "failure:%s:%s" % (job.id, type.__name__))
