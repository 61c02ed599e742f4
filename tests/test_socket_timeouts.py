"""Timeouts and signals, against the stdlib: each blocking call times out
with TimeoutError('timed out'); a timed call keeps one deadline across
EINTR and partial sends; EINTR runs the signal handlers and retries, and a
handler's exception propagates (PEP 475), connect() included.

No test measures durations: where a deadline matters, a generous bound
(seconds against a timeout of a fraction of one) tells a single deadline
from one that restarts."""

import contextlib
import errno
import signal
import sys
import threading

import pytest

from socket_support import fill_send_buffer, pypy_stdlib_differs, tcp_pair, udp_pair


@contextlib.contextmanager
def alarm_every(seconds, handler):
    """SIGALRM every `seconds` into handler, for the block's duration."""
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def full_listener(mod):
    """A listener whose accept queue is full: new connects hang in SYN_SENT.
    Yields (listener, make_room): make_room() lets the next SYN in."""
    listener = mod.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    for _ in range(3):
        c = mod.socket()
        c.setblocking(False)
        c.connect_ex(listener.getsockname())
        fillers.append(c)

    def make_room():
        for c in fillers:  # the queued one and the ones still in SYN_SENT
            c.close()
        listener.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            while True:
                conn, _ = listener.accept()
                conn.close()
    try:
        yield listener, make_room
    finally:
        for c in fillers:
            c.close()
        listener.close()


def _expect_timeout(mod, call, *args):
    with pytest.raises(mod.timeout) as info:
        call(*args)
    assert str(info.value) == "timed out"
    if sys.version_info >= (3, 10) or mod.__name__ == "sockffi":
        assert isinstance(info.value, TimeoutError)


def test_each_call_times_out(mod):
    a, b = mod.socketpair()
    u1, u2 = udp_pair(mod)
    with a, b, u1, u2, mod.socket() as listener:
        for s in (a, u1, listener):
            s.settimeout(0.05)
        _expect_timeout(mod, a.recv, 1)
        _expect_timeout(mod, a.recv_into, bytearray(1))
        _expect_timeout(mod, u1.recvfrom, 1)
        _expect_timeout(mod, u1.recvfrom_into, bytearray(1))
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        _expect_timeout(mod, listener.accept)
        # Fill the pair's buffers, then sends time out.
        a.setblocking(False)
        fill_send_buffer(a)
        a.settimeout(0.05)
        _expect_timeout(mod, a.send, b"x" * 65536)
        _expect_timeout(mod, a.sendall, b"x" * 65536)


def test_connect_timeout_and_connect_ex(mod):
    with full_listener(mod) as (listener, _):
        c = mod.socket()
        c.settimeout(0.1)
        with c:
            _expect_timeout(mod, c.connect, listener.getsockname())
        c = mod.socket()
        c.settimeout(0.1)
        with c:
            assert c.connect_ex(listener.getsockname()) == errno.EWOULDBLOCK


def test_nonblocking_connect_in_progress(mod):
    with mod.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        c = mod.socket()
        c.setblocking(False)
        with c:
            codes = [c.connect_ex(listener.getsockname()) for _ in range(3)]
            assert codes[0] in (0, errno.EINPROGRESS)
            assert codes[-1] == errno.EISCONN
            with pytest.raises(OSError) as info:
                c.connect(listener.getsockname())
            assert info.value.errno == errno.EISCONN


def test_sendall_keeps_one_deadline(mod):
    # The reader drains a little every few milliseconds, so each send() makes
    # progress: only a deadline for the whole call can expire.
    client, server = tcp_pair(mod)
    stop = threading.Event()
    drained = []

    def drip():
        while not stop.wait(0.005):
            try:
                drained.append(len(server.recv(4096)))
            except OSError:
                return
    server.setsockopt(mod.SOL_SOCKET, mod.SO_RCVBUF, 4096)
    client.setsockopt(mod.SOL_SOCKET, mod.SO_SNDBUF, 4096)
    reader = threading.Thread(target=drip, daemon=True)
    reader.start()
    limit = threading.Timer(20, stop.set)  # a restarting timeout ends here
    limit.start()
    try:
        with client:
            client.settimeout(0.3)
            with pytest.raises(mod.timeout):
                client.sendall(b"x" * (64 * 1024 * 1024))
            assert not stop.is_set(), "sendall outlived the reader: no single deadline"
            assert sum(drained) > 0  # progress was made, so the deadline was whole-call
    finally:
        limit.cancel()
        stop.set()
        reader.join()
        server.close()


@pytest.mark.parametrize("method", ["recv", "recv_into", "accept"])
def test_timeout_survives_a_signal_storm(mod, method):
    # EINTR every 20 ms must not restart the timeout: it still expires while
    # the storm goes on (a restarting timeout would expire only after the
    # storm stops itself, 250 signals later).
    pypy_stdlib_differs(mod, "its timeout restarts after each EINTR")
    hits = []

    def hit(*args):
        hits.append(1)
        if len(hits) >= 250:
            signal.setitimer(signal.ITIMER_REAL, 0)
    a, b = mod.socketpair()
    with a, b, mod.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        target = {"recv": lambda: a.recv(1), "recv_into": lambda: a.recv_into(bytearray(1)),
                  "accept": listener.accept}[method]
        a.settimeout(0.3)
        listener.settimeout(0.3)
        with alarm_every(0.02, hit):
            with pytest.raises(mod.timeout):
                target()
            count = len(hits)
    assert 0 < count < 250, count


@pytest.mark.parametrize("timeout", [None, 5.0], ids=["blocking", "timeout"])
def test_eintr_is_retried(mod, timeout):
    a, b = mod.socketpair()
    hits = []
    with a, b:
        a.settimeout(timeout)
        sender = threading.Timer(0.3, b.sendall, (b"late",))
        sender.start()
        with alarm_every(0.02, lambda *args: hits.append(1)):
            data = a.recv(10)
        sender.join()
    assert data == b"late"
    assert hits  # the call was interrupted and went on


@pytest.mark.parametrize("timeout", [None, 5.0], ids=["blocking", "timeout"])
@pytest.mark.parametrize("method", ["recv", "recvfrom", "recv_into", "accept", "send"])
def test_signal_handler_exception_propagates(mod, timeout, method):
    class Stop(Exception):
        pass

    def handler(*args):
        raise Stop()
    a, b = mod.socketpair()
    with a, b, mod.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        for s in (a, listener):
            s.settimeout(timeout)
        if method == "send":
            a.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                while True:
                    a.send(b"x" * 65536)
            a.settimeout(timeout)
        call = {"recv": lambda: a.recv(1), "recvfrom": lambda: a.recvfrom(1),
                "recv_into": lambda: a.recv_into(bytearray(1)), "accept": listener.accept,
                "send": lambda: a.sendall(b"x" * 1000000)}[method]
        with alarm_every(0.05, handler):
            with pytest.raises(Stop):
                call()


def test_blocking_connect_interrupted_completes(mod):
    # connect() interrupted by a signal goes on asynchronously: a blocking
    # socket waits for it and succeeds once the listener makes room.
    hits = []
    with full_listener(mod) as (listener, make_room):
        room = threading.Timer(0.3, make_room)
        room.start()
        c = mod.socket()
        with c:
            with alarm_every(0.05, lambda *args: hits.append(1)):
                c.connect(listener.getsockname())
            assert c.getpeername() == listener.getsockname()
        room.join()
    assert hits


def test_blocking_connect_handler_exception_propagates(mod):
    class Stop(Exception):
        pass

    def handler(*args):
        raise Stop()
    with full_listener(mod) as (listener, _):
        c = mod.socket()
        with c:
            with alarm_every(0.05, handler):
                with pytest.raises(Stop):
                    c.connect(listener.getsockname())


def test_default_timeout_round_trip(mod):
    pypy_stdlib_differs(mod, "no rounding to whole nanoseconds")
    old = mod.getdefaulttimeout()
    try:
        for value, expected in [(None, None), (0, 0.0), (2, 2.0), (0.25, 0.25), (1e-10, 1e-09)]:
            mod.setdefaulttimeout(value)
            assert mod.getdefaulttimeout() == expected
            with mod.socket() as s:
                assert s.gettimeout() == expected
    finally:
        mod.setdefaulttimeout(old)


def test_settimeout_switches_fd_blocking(mod):
    import os
    with mod.socket() as s:
        for value, blocking in [(None, True), (0, False), (1.5, False), (None, True)]:
            s.settimeout(value)
            assert os.get_blocking(s.fileno()) is blocking
            assert s.getblocking() is (value != 0)
        s.setblocking(False)
        assert os.get_blocking(s.fileno()) is False and s.gettimeout() == 0.0
        s.setblocking(True)
        assert os.get_blocking(s.fileno()) is True and s.gettimeout() is None
