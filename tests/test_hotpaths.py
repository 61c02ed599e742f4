"""The shortcuts the hot paths take (issue 7) give what the general code
gives: the inline timeout parse, bytes handed to C as they are (also after
a partial send), pooled blocks under concurrency."""

import random
import signal
import struct
import threading

import socket as stdlib_socket

import pytest

import sockffi
from socket_support import kind, outcome
from sockffi import _timeout


def test_the_inline_timeout_parse_equals_the_general_one():
    rng = random.Random(7)
    values = [0.0, -0.0, 1e-9, 1.5e-9, 0.1, 0.5, 1.0, 2.5, 1e-10, 9e9, 8.999999e9]
    values += [rng.random() * 10 ** rng.randint(-12, 9) for _ in range(20000)]
    values += [struct.unpack("d", struct.pack("Q", rng.getrandbits(62)))[0] for _ in range(20000)]
    for value in values:
        if value != value or not 0.0 <= value <= 9e9:
            continue
        assert _timeout.parse(value) == _timeout._to_seconds(_timeout._to_ns(value)), value


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf"), 1e300, -0.0, 9.5e9])
def test_timeouts_outside_the_inline_range_behave_as_before(value):
    def general(v):
        ns = _timeout._to_ns(v)
        if ns < 0:
            raise ValueError("Timeout value out of range")
        return _timeout._to_seconds(ns)
    results = []
    for func in (_timeout.parse, general):
        results.append(outcome(func, value))
    assert results[0] == results[1]


def test_sendall_of_bytes_survives_partial_sends_under_signals():
    """A blocking sendall interrupted by signals: send() returns a partial
    count and the loop goes on from a pointer into the bytes object."""
    data = bytes(range(256)) * 8192  # 2 MiB, far more than the socket buffers
    a, b = sockffi.socketpair()
    received = bytearray()

    def reader():
        while len(received) < len(data):
            chunk = b.recv(65536)
            if not chunk:
                break
            received.extend(chunk)

    hits = []
    old = signal.signal(signal.SIGALRM, lambda *args: hits.append(1))
    thread = threading.Thread(target=reader)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)
        thread.start()
        a.sendall(data)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        thread.join(20)
        a.close()
        b.close()
    assert bytes(received) == data


def test_send_and_sendto_take_every_bytes_like_type():
    a, b = sockffi.socketpair(sockffi.AF_UNIX, sockffi.SOCK_DGRAM)
    with a, b:
        for payload in (b"abc", bytearray(b"abc"), memoryview(b"xabc")[1:]):
            assert a.send(payload) == 3
            assert b.recv(16) == b"abc"
        with pytest.raises(TypeError):
            a.send("abc")


def test_many_threads_in_recvfrom_each_get_their_own_datagram():
    rx = [sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM) for _ in range(6)]
    tx = sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM)
    results = {}
    try:
        for s in rx:
            s.bind(("127.0.0.1", 0))
        tx.bind(("127.0.0.1", 0))

        def reader(k, s):
            results[k] = s.recvfrom(64)

        threads = [threading.Thread(target=reader, args=(k, s)) for k, s in enumerate(rx)]
        for t in threads:
            t.start()
        for k, s in enumerate(rx):
            tx.sendto(bytes([k]) * (k + 1), s.getsockname())
        for t in threads:
            t.join(10)
        assert results == {k: (bytes([k]) * (k + 1), tx.getsockname()) for k in range(len(rx))}
    finally:
        tx.close()
        for s in rx:
            s.close()


@pytest.mark.parametrize("call", [
    ("setsockopt", "SOL_SOCKET", "SO_REUSEADDR", 2 ** 40),
    ("setsockopt", 1.0, "SO_REUSEADDR", 1),
    ("setsockopt", "SOL_SOCKET", "SO_REUSEADDR", True),
    ("getsockopt", 1.0, "SO_REUSEADDR"),
    ("getsockopt", "SOL_SOCKET", 0x7FFF),
    ("getsockopt", "SOL_SOCKET", "SO_REUSEADDR", 0.0),
])
def test_int_socket_options_check_their_arguments_as_the_stdlib(call):
    def run(mod, closed):
        name, *args = call
        args = [getattr(mod, a) if isinstance(a, str) else a for a in args]
        s = mod.socket()
        if closed:
            s.close()
        try:
            return kind(outcome(getattr(s, name), *args))
        finally:
            s.close()
    for closed in (False, True):
        assert run(sockffi, closed) == run(stdlib_socket, closed)
