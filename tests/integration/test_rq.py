"""RQ (Debian python3-rq) against the server: enqueue a few hundred small jobs, run a burst
worker, check every job's result.

RQ drives the server through Lua scripts, lists, sorted sets, hashes and, since RQ 1.12, streams
for job results (XADD with MAXLEN, XREVRANGE). There is no oracle comparison: the same checks
run against Sable and against redis-server, so a failure on redis-server means the test is wrong.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import run_tests  # noqa: E402

import rq_jobs  # noqa: E402

JOBS = 300


def run_rq(port):
    import redis
    import rq
    from rq import Queue, Worker
    from rq.job import JobStatus

    conn = redis.Redis(host="127.0.0.1", port=port, socket_timeout=30)
    conn.flushall()
    q = Queue("stream-test", connection=conn)
    jobs = []
    for i in range(JOBS):
        if i % 3 == 0:
            jobs.append(("add", i, q.enqueue(rq_jobs.add, i, 1000)))
        else:
            jobs.append(("describe", i, q.enqueue(rq_jobs.describe, i)))
    failing = [q.enqueue(rq_jobs.fail, i) for i in range(5)]
    assert len(q) == JOBS + 5, len(q)
    t0 = time.time()
    # The default Worker forks a work horse per job: a small queue of its own covers that path;
    # SimpleWorker runs the big queue in-process.
    fq = Queue("stream-test-fork", connection=conn)
    forked = [fq.enqueue(rq_jobs.add, i, 2) for i in range(20)]
    assert Worker([fq], connection=conn).work(burst=True, logging_level="WARNING")
    for i, job in enumerate(forked):
        assert job.get_status() == JobStatus.FINISHED, (i, job.get_status())
        assert job.return_value() == i + 2, (i, job.return_value())
    # (CRITICAL: the five failing jobs would each print a traceback.)
    rq.SimpleWorker([q], connection=conn).work(burst=True, logging_level="CRITICAL")
    elapsed = time.time() - t0
    assert len(q) == 0, len(q)
    for kind, i, job in jobs:
        job.refresh()
        assert job.get_status() == JobStatus.FINISHED, (i, job.get_status())
        want = rq_jobs.add(i, 1000) if kind == "add" else rq_jobs.describe(i)
        got = job.return_value()
        assert got == want, (i, got, want)
        assert job.result == want, (i, job.result)
        results = job.results()
        assert len(results) == 1 and results[0].type == results[0].Type.SUCCESSFUL, results
    for job in failing:
        job.refresh()
        assert job.get_status() == JobStatus.FAILED, job.get_status()
        res = job.latest_result()
        assert res is not None and res.type == res.Type.FAILED, res
        assert "fails on purpose" in res.exc_string, res.exc_string
    assert q.finished_job_registry.count == JOBS, q.finished_job_registry.count
    assert q.failed_job_registry.count == 5, q.failed_job_registry.count
    # A job run twice keeps both results in its stream, newest first.
    job = jobs[0][2]
    job.requeue() if job.get_status() == JobStatus.FAILED else q.enqueue_job(job)
    rq.SimpleWorker([q], connection=conn).work(burst=True, logging_level="WARNING")
    assert len(job.results()) == 2, job.results()
    assert conn.type("rq:results:%s" % job.id) == b"stream", conn.type("rq:results:%s" % job.id)
    conn.close()
    return elapsed


def test_rq_burst_worker_sable(s):
    print("  sable: %d jobs in %.1f s" % (JOBS, run_rq(s.sable_server.port)))


def test_rq_burst_worker_redis(s):
    print("  redis: %d jobs in %.1f s" % (JOBS, run_rq(s.redis_server.port)))


if __name__ == "__main__":
    run_tests(globals())
