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
from socket_support import fill_send_buffer, kind, outcome
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


# (name, change): each leaves the socket blocking, non-blocking or timed.
_TIMEOUT_CHANGES = [
    ("settimeout(0.02)", lambda s: s.settimeout(0.02)),
    ("settimeout(None)", lambda s: s.settimeout(None)),
    ("settimeout(0)", lambda s: s.settimeout(0)),
    ("setblocking(True)", lambda s: s.setblocking(True)),
    ("setblocking(False)", lambda s: s.setblocking(False)),
]


def _empty_read_outcome(sock, call: str):
    """What a read of an empty stream socket gives: a non-blocking one
    BlockingIOError, a timed one TimeoutError (a blocking one is not tried)."""
    if sock.gettimeout() is None:
        return "blocking"
    buf = bytearray(4)
    try:
        getattr(sock, call)(*((4,) if call == "recv" else (buf,)))
    except OSError as exc:
        return type(exc).__name__, exc.errno
    return "returned"


@pytest.mark.parametrize("call", ["recv", "recv_into"])
def test_the_os_read_path_follows_every_timeout_change(call):
    """recv/recv_into take os.read/os.readv only while no timeout applies:
    after each change in a random walk of timeout changes,
    on sockets made by socket(), socketpair() and accept(), reading an empty
    socket fails as the stdlib's does, and sending still arrives."""
    rng = random.Random(14)
    walk = [rng.choice(_TIMEOUT_CHANGES) for _ in range(12)]

    def pairs(mod):
        a, b = mod.socketpair()
        listener = mod.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        client = mod.create_connection(listener.getsockname())
        server, _ = listener.accept()
        listener.close()
        return [(a, b), (server, client)]

    seen = {}
    for mod in (stdlib_socket, sockffi):
        trace = []
        for reader, writer in pairs(mod):
            with reader, writer:
                for name, change in walk:
                    change(reader)
                    trace.append((name, _empty_read_outcome(reader, call)))
                    writer.sendall(b"ping")
                    reader.settimeout(2.0)  # (the data is there: bounded all the same)
                    got = reader.recv(4) if call == "recv" else reader.recv_into(bytearray(4))
                    trace.append(got)
                    change(reader)  # back to the walk's state for the next step
        seen[mod.__name__] = trace
    assert seen["sockffi"] == seen["socket"]


@pytest.mark.parametrize("family, kind", [
    ("AF_UNIX", "SOCK_DGRAM"), ("AF_UNIX", "SOCK_SEQPACKET"), ("AF_INET", "SOCK_DGRAM"),
])
def test_recv_of_messages_is_the_stdlibs(family, kind):
    """recv/recv_into without flags are read(2)/readv(2) for every socket
    type on CPython: messages longer than the buffer are cut, an empty one
    is b'' and is consumed, boundaries are kept, and a drained non-blocking
    socket raises as the stdlib's."""
    sizes = [0, 1, 5, 6, 200, 0, 3]

    def pair(mod):
        if family == "AF_UNIX":
            return mod.socketpair(mod.AF_UNIX, getattr(mod, kind))
        a, b = mod.socket(mod.AF_INET, mod.SOCK_DGRAM), mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
        a.bind(("127.0.0.1", 0))
        b.bind(("127.0.0.1", 0))
        a.connect(b.getsockname())
        b.connect(a.getsockname())
        return a, b

    seen = {}
    for mod in (stdlib_socket, sockffi):
        a, b = pair(mod)
        got = []
        with a, b:
            for call in ("recv", "recv_into"):
                for n in sizes:
                    a.send(bytes(range(n)))
                for _ in sizes:
                    if call == "recv":
                        got.append(b.recv(5))
                    else:
                        buf = bytearray(5)
                        got.append((b.recv_into(buf), bytes(buf)))
            b.setblocking(False)
            for call in (lambda: b.recv(5), lambda: b.recv_into(bytearray(5))):
                got.append(outcome(call))
        seen[mod.__name__] = got
    assert seen["sockffi"] == seen["socket"]


def test_send_of_nothing_is_the_stdlibs():
    """send(b"") is write(2) of nothing on CPython: it reaches the socket
    layer as send(2) does: 0 on an open stream, EPIPE after shutdown, 0 on
    a full non-blocking one, EBADF once closed."""
    seen = {}
    for mod in (stdlib_socket, sockffi):
        got = []
        a, b = mod.socketpair()
        with a, b:
            got.append(outcome(a.send, b""))
            a.setblocking(False)
            fill_send_buffer(a)
            got.append(outcome(a.send, b""))
            a.setblocking(True)
            a.shutdown(mod.SHUT_WR)
            got.append(outcome(a.send, b""))
        got.append(outcome(a.send, b""))
        seen[mod.__name__] = got
    assert seen["sockffi"] == seen["socket"]
