"""Blocking list commands over several raw connections, Sable next to redis-server.

Each scenario is a function of a port that drives its own connections and returns the replies
it saw; the test runs it against both servers and requires the same list. Every wait is bounded:
sockets time out, and "still blocked" is checked by a short read that must find nothing.
"""
import socket
import time

from harness import Conn, run_tests


def blocked_clients(c):
    info = c.cmd("INFO", "clients").decode()
    for line in info.split("\r\n"):
        if line.startswith("blocked_clients:"):
            return int(line.split(":")[1])
    return -1


def wait_blocked(c, n, timeout=5.0):
    """Waits until the server reports `n` blocked clients."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if blocked_clients(c) == n:
            return
        time.sleep(0.01)
    raise AssertionError("expected %d blocked clients, have %d" % (n, blocked_clients(c)))


def nothing_pending(conn, wait=0.2):
    """True when no reply bytes arrive on `conn` within `wait` seconds."""
    conn.sock.settimeout(wait)
    try:
        data = conn.sock.recv(65536)
        conn.buf += data
        return False
    except socket.timeout:
        return True
    finally:
        conn.sock.settimeout(10.0)


def send(conn, *args):
    conn.send_raw(Conn.encode(*args))


def both(s, scenario):
    a = scenario(s.sable_server.port)
    b = scenario(s.redis_server.port)
    if a != b:
        raise AssertionError("%s differs:\n  sable: %r\n  redis: %r" % (scenario.__name__, a, b))
    return a


def conns(port, n):
    return [Conn(port) for _ in range(n)]


def closeall(cs):
    for c in cs:
        c.close()


def scen_fifo(port):
    ctl, c1, c2, c3 = conns(port, 4)
    ctl.cmd("DEL", "k")
    out = []
    for i, c in enumerate((c1, c2, c3)):
        send(c, "BLPOP", "k", "0")
        wait_blocked(ctl, i + 1)
    out.append(ctl.cmd("RPUSH", "k", "a", "b"))
    out += [c1.read_reply(), c2.read_reply()]
    out.append(nothing_pending(c3))
    out.append(ctl.cmd("LLEN", "k"))
    out.append(ctl.cmd("RPUSH", "k", "c"))
    out.append(c3.read_reply())
    out.append(ctl.cmd("EXISTS", "k"))
    closeall([ctl, c1, c2, c3])
    return out


def scen_several_keys(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "k1", "k2", "k3")
    send(c1, "BRPOP", "k1", "k2", "k3", "0")
    wait_blocked(ctl, 1)
    out = [ctl.cmd("RPUSH", "k2", "x", "y")]
    out.append(c1.read_reply())
    out.append(ctl.cmd("LRANGE", "k2", "0", "-1"))
    out.append(blocked_clients(ctl))
    closeall([ctl, c1])
    return out


def scen_timeout(port):
    c1 = Conn(port)
    out = []
    for cmd in (("BLPOP", "none", "0.2"), ("BRPOP", "none", "none2", "0.2"),
                ("BRPOPLPUSH", "none", "dst", "0.2"),
                ("BLMOVE", "none", "dst", "LEFT", "RIGHT", "0.2"),
                ("BLMPOP", "0.2", "1", "none", "LEFT")):
        t0 = time.time()
        out.append(c1.cmd(*cmd))
        took = time.time() - t0
        out.append(0.15 <= took < 2.0)
    out.append(c1.cmd("EXISTS", "dst"))
    c1.close()
    return out


def scen_zero_blocks_until_push(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "k")
    send(c1, "BLPOP", "k", "0")
    wait_blocked(ctl, 1)
    out = [nothing_pending(c1, 0.5)]
    out.append(ctl.cmd("LPUSH", "k", "v"))
    out.append(c1.read_reply())
    out.append(ctl.cmd("EXISTS", "k"))
    closeall([ctl, c1])
    return out


def scen_bad_timeouts(port):
    c1 = Conn(port)
    out = []
    for t in ("-1", "-0.01", "abc", "", "1x", "nan"):
        out.append(c1.cmd("BLPOP", "k", t))
        out.append(c1.cmd("BLMOVE", "k", "d", "LEFT", "LEFT", t))
        out.append(c1.cmd("BLMPOP", t, "1", "k", "LEFT"))
    c1.close()
    return out


def scen_move_serves_waiter(port):
    ctl, c1, c2 = conns(port, 3)
    ctl.cmd("DEL", "src", "w", "w2")
    ctl.cmd("RPUSH", "src", "1", "2", "3")
    send(c1, "BLPOP", "w", "0")
    wait_blocked(ctl, 1)
    out = [ctl.cmd("LMOVE", "src", "w", "LEFT", "RIGHT")]
    out.append(c1.read_reply())
    send(c1, "BRPOP", "w2", "0")
    wait_blocked(ctl, 1)
    out.append(ctl.cmd("RPOPLPUSH", "src", "w2"))
    out.append(c1.read_reply())
    out.append(ctl.cmd("EXISTS", "w", "w2"))
    # A chain: BLMOVE waits on a, BLPOP waits on b; one push to a serves both.
    ctl.cmd("DEL", "a", "b")
    send(c1, "BLMOVE", "a", "b", "RIGHT", "LEFT", "0")
    wait_blocked(ctl, 1)
    send(c2, "BLPOP", "b", "0")
    wait_blocked(ctl, 2)
    out.append(ctl.cmd("RPUSH", "a", "hop"))
    out.append(c1.read_reply())
    out.append(c2.read_reply())
    out.append(ctl.cmd("EXISTS", "a", "b"))
    closeall([ctl, c1, c2])
    return out


def scen_multi_exec(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "k")
    send(c1, "BLPOP", "k", "0")
    wait_blocked(ctl, 1)
    out = [ctl.cmd("MULTI"), ctl.cmd("RPUSH", "k", "a")]
    out.append(nothing_pending(c1))
    out += [ctl.cmd("LPUSH", "k", "b"), ctl.cmd("RPUSH", "k", "c")]
    out.append(nothing_pending(c1))
    out.append(ctl.cmd("EXEC"))
    out.append(c1.read_reply())
    out.append(ctl.cmd("LRANGE", "k", "0", "-1"))
    # Push then pop everything inside one transaction: the waiter keeps waiting.
    send(c1, "BLPOP", "k2", "0")
    wait_blocked(ctl, 1)
    out += [ctl.cmd("MULTI"), ctl.cmd("RPUSH", "k2", "x"), ctl.cmd("DEL", "k2"),
            ctl.cmd("EXEC")]
    out.append(nothing_pending(c1))
    out.append(blocked_clients(ctl))
    out.append(ctl.cmd("RPUSH", "k2", "y"))
    out.append(c1.read_reply())
    closeall([ctl, c1])
    return out


def scen_disconnect(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "k")
    send(c1, "BLPOP", "k", "0")
    wait_blocked(ctl, 1)
    c1.close()
    deadline = time.time() + 5
    while blocked_clients(ctl) != 0 and time.time() < deadline:
        time.sleep(0.01)
    out = [blocked_clients(ctl), ctl.cmd("RPUSH", "k", "v"), ctl.cmd("LRANGE", "k", "0", "-1")]
    ctl.close()
    return out


def scen_client_unblock(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "k")
    cid = c1.cmd("CLIENT", "ID").decode()[1:-2]
    send(c1, "BLPOP", "k", "0")
    wait_blocked(ctl, 1)
    out = [ctl.cmd("CLIENT", "UNBLOCK", cid), c1.read_reply()]
    send(c1, "BLMOVE", "k", "d", "LEFT", "LEFT", "0")
    wait_blocked(ctl, 1)
    out += [ctl.cmd("CLIENT", "UNBLOCK", cid, "ERROR"), c1.read_reply()]
    out.append(ctl.cmd("CLIENT", "UNBLOCK", cid))
    out.append(c1.cmd("PING"))
    closeall([ctl, c1])
    return out


def scen_blmpop(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "a", "b")
    send(c1, "BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "3")
    wait_blocked(ctl, 1)
    out = [ctl.cmd("RPUSH", "b", "1", "2", "3", "4", "5"), c1.read_reply()]
    send(c1, "BLMPOP", "0", "1", "a", "LEFT", "COUNT", "10")
    wait_blocked(ctl, 1)
    out += [ctl.cmd("RPUSH", "a", "x", "y"), c1.read_reply(), ctl.cmd("EXISTS", "a")]
    closeall([ctl, c1])
    return out


def scen_wrong_type_push_keeps_waiting(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "k")
    send(c1, "BLPOP", "k", "0")
    wait_blocked(ctl, 1)
    out = [ctl.cmd("SET", "k", "string"), nothing_pending(c1), blocked_clients(ctl)]
    out += [ctl.cmd("DEL", "k"), ctl.cmd("RPUSH", "k", "v"), c1.read_reply()]
    closeall([ctl, c1])
    return out


def scen_pipeline_behind_block(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "k")
    c1.send_raw(Conn.encode("BLPOP", "k", "0") + Conn.encode("PING") + Conn.encode("LLEN", "k"))
    wait_blocked(ctl, 1)
    out = [nothing_pending(c1), ctl.cmd("RPUSH", "k", "a", "b")]
    out += [c1.read_reply(), c1.read_reply(), c1.read_reply()]
    closeall([ctl, c1])
    return out


def scen_one_element_two_waiters(port):
    ctl, c1, c2 = conns(port, 3)
    ctl.cmd("DEL", "k")
    send(c1, "BRPOPLPUSH", "k", "dst", "0")
    wait_blocked(ctl, 1)
    send(c2, "BLPOP", "k", "0")
    wait_blocked(ctl, 2)
    out = [ctl.cmd("RPUSH", "k", "only"), c1.read_reply(), nothing_pending(c2),
           blocked_clients(ctl), ctl.cmd("LRANGE", "dst", "0", "-1")]
    out += [ctl.cmd("RPUSH", "k", "second"), c2.read_reply()]
    closeall([ctl, c1, c2])
    return out


def scen_timeout_then_push(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "k")
    send(c1, "BLPOP", "k", "0.1")
    out = [c1.read_reply(), ctl.cmd("RPUSH", "k", "v"), nothing_pending(c1, 0.1),
           ctl.cmd("LLEN", "k")]
    closeall([ctl, c1])
    return out


def scen_tiny_timeouts(port):
    # Sub-millisecond timeouts round up to one millisecond: they time out, never block forever.
    c1 = Conn(port)
    out = []
    for t in ("0.001", "0.0001", "0.0000001", "1e-9"):
        for cmd in (("BLPOP", "none", t), ("BRPOP", "none", t), ("BLMPOP", t, "1", "none", "LEFT"),
                    ("BZPOPMIN", "none", t), ("BLMOVE", "none", "dst", "LEFT", "LEFT", t)):
            t0 = time.time()
            out.append(c1.cmd(*cmd))
            out.append(time.time() - t0 < 2.0)
    c1.close()
    return out


def test_tiny_timeouts(s):
    both(s, scen_tiny_timeouts)


def test_fifo_same_key(s):
    both(s, scen_fifo)


def test_several_keys(s):
    both(s, scen_several_keys)


def test_timeout_null(s):
    both(s, scen_timeout)


def test_zero_timeout_blocks_until_push(s):
    both(s, scen_zero_blocks_until_push)


def test_bad_timeouts(s):
    both(s, scen_bad_timeouts)


def test_move_serves_waiter(s):
    both(s, scen_move_serves_waiter)


def test_push_in_multi_serves_after_exec(s):
    both(s, scen_multi_exec)


def test_disconnect_leaves_no_trace(s):
    both(s, scen_disconnect)


def test_client_unblock(s):
    both(s, scen_client_unblock)


def test_blmpop(s):
    both(s, scen_blmpop)


def test_wrong_type_keeps_waiting(s):
    both(s, scen_wrong_type_push_keeps_waiting)


def test_pipeline_behind_blocked_command(s):
    both(s, scen_pipeline_behind_block)


def test_one_element_two_waiters(s):
    both(s, scen_one_element_two_waiters)


def test_timeout_then_push(s):
    both(s, scen_timeout_then_push)



def scen_ready_order_in_multi(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "a", "b")
    send(c1, "BLPOP", "a", "b", "0")
    wait_blocked(ctl, 1)
    out = [ctl.cmd("MULTI"), ctl.cmd("RPUSH", "b", "1"), ctl.cmd("RPUSH", "a", "2"),
           ctl.cmd("EXEC"), c1.read_reply(), ctl.cmd("LRANGE", "a", "0", "-1"),
           ctl.cmd("LRANGE", "b", "0", "-1")]
    closeall([ctl, c1])
    return out


def test_ready_order_in_multi(s):
    both(s, scen_ready_order_in_multi)


def scen_other_key_became_string(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "a", "b")
    send(c1, "BLPOP", "a", "b", "0")
    wait_blocked(ctl, 1)
    out = [ctl.cmd("SET", "a", "str"), ctl.cmd("RPUSH", "b", "v"), c1.read_reply()]
    closeall([ctl, c1])
    return out


def scen_blmove_wrongtype_destination(port):
    ctl, c1 = conns(port, 2)
    ctl.cmd("DEL", "src", "dst")
    send(c1, "BLMOVE", "src", "dst", "LEFT", "LEFT", "0")
    wait_blocked(ctl, 1)
    out = [ctl.cmd("SET", "dst", "str"), ctl.cmd("RPUSH", "src", "v")]
    out.append(nothing_pending(c1, 0.3))
    out.append(blocked_clients(ctl))
    out.append(ctl.cmd("LRANGE", "src", "0", "-1"))
    closeall([ctl, c1])
    return out


def test_other_key_became_string(s):
    both(s, scen_other_key_became_string)


def test_blmove_wrongtype_destination(s):
    both(s, scen_blmove_wrongtype_destination)


if __name__ == "__main__":
    run_tests(globals())
