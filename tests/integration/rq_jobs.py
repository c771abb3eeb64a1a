"""Small job functions for test_rq.py (imported by RQ's worker by module path)."""


def add(a, b):
    return a + b


def describe(n):
    return {"n": n, "square": n * n, "text": "job-%d" % n, "items": list(range(n % 5))}


def fail(n):
    raise ValueError("job %d fails on purpose" % n)
