"""Celery tasks for the Celery application test (tests/integration/test_app_celery.py).

The worker is started as `python3 -m celery -A app_celery_tasks worker` with CELERY_TEST_PORT
set: the server on that loopback port is both the broker (db 0) and the result backend (db 1).
"""
import os
import time

from celery import Celery

PORT = int(os.environ.get("CELERY_TEST_PORT", "6379"))


def make_app(port):
    app = Celery("app_celery_tasks",
                 broker="redis://127.0.0.1:%d/0" % port,
                 backend="redis://127.0.0.1:%d/1" % port)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=600,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 60},
        worker_hijack_root_logger=False,
        task_acks_late=False,
        # Only `celery beat` (started by the beat scenario) reads this schedule.
        beat_schedule={"tick-every-second": {"task": "app_celery_tasks.tick",
                                             "schedule": 1.0, "args": ("beat",)}},
    )
    return app


app = make_app(PORT)


@app.task
def add(x, y):
    return x + y


@app.task
def mul(x, y):
    return x * y


@app.task
def tsum(numbers):
    return sum(numbers)


@app.task
def fail(message):
    raise ValueError(message)


@app.task
def stamp():
    """Returns the worker's wall clock, for countdown/ETA checks."""
    return time.time()


@app.task(bind=True, max_retries=3)
def flaky(self, failures):
    """Retries itself (after a 1 s countdown) until it has failed `failures` times."""
    if self.request.retries < failures:
        raise self.retry(exc=RuntimeError("attempt %d" % self.request.retries), countdown=1)
    return {"retries": self.request.retries, "at": time.time()}


@app.task(bind=True, max_retries=1)
def always_fails(self):
    raise self.retry(exc=RuntimeError("still broken"), countdown=0.2)


@app.task
def tick(tag):
    """Records that it ran, in db 2 of the same server (the beat scenario counts these)."""
    import redis
    redis.Redis(host="127.0.0.1", port=PORT, db=2).rpush("ticks", tag)
    return tag


@app.task
def pid():
    return os.getpid()


@app.task
def sleepy(seconds):
    time.sleep(seconds)
    return seconds
