"""Shared by the client and application tests (test_redis_py.py, test_app_*.py).

Applications often swallow a server error and carry on (a retry, a fallback, a log line), so
a scenario that "passes" can still hide a command Sable refused. Each scenario therefore runs
after CONFIG RESETSTAT, and afterwards the commands that failed (failed_calls + rejected_calls
in INFO commandstats) on Sable must be ones that also failed on redis-server.
"""
import redis


def reset_stats(port):
    r = redis.Redis(host="127.0.0.1", port=port, socket_timeout=10)
    r.config_resetstat()
    r.close()


def failed_commands(port):
    """{command: failures} from INFO commandstats, for commands with any failure."""
    r = redis.Redis(host="127.0.0.1", port=port, socket_timeout=10)
    stats = r.info("commandstats")
    r.close()
    out = {}
    for name, row in stats.items():
        n = int(row.get("failed_calls", 0)) + int(row.get("rejected_calls", 0))
        if n:
            out[name[len("cmdstat_"):]] = n
    return out


def check_failures(label, sable, redis_):
    """Fails when Sable refused a command that redis-server ran without error."""
    extra = {c: n for c, n in sable.items() if c not in redis_}
    if extra:
        raise AssertionError("%s: commands that failed on Sable only: %r (redis-server's "
                             "failures: %r)" % (label, extra, redis_))
