"""close() from another thread while a call is blocked on the socket.

On Linux, closing an fd does not wake a thread blocked in recv/accept on
it, and the fd number is free for the next socket at once: a call that
retries (EINTR, EAGAIN) with the number it read before would land on
someone else's socket.  sockffi counts the calls in flight per socket:
close() marks the socket closed (fileno() is -1 at once, new calls get
EBADF), wakes the blocked calls with shutdown(SHUT_RDWR), and the last call
to leave closes the fd, so its number is never reused under a running call.
With nothing in flight, close() is the plain close(2) of the stdlib."""

import errno
import os
import signal
import socket as stdlib
import threading
import time

import pytest

import sockffi
from slow_support import Runner, open_fds, wait_blocked
from socket_support import tcp_pair, udp_pair

pytestmark = pytest.mark.slow


def _tcp_pair(timeout):
    client, server = tcp_pair(sockffi)
    client.settimeout(timeout)
    return client, server


def _unix_pair(timeout):
    a, b = sockffi.socketpair()
    a.settimeout(timeout)
    return a, b


def _udp_pair(timeout):
    a, b = udp_pair(sockffi)
    a.settimeout(timeout)
    return a, b


PAIRS = {"tcp": _tcp_pair, "unix": _unix_pair, "udp": _udp_pair}


def _close_under(sock, runner, calls):
    """Close `sock` once `runner` sleeps in one of `calls`; return whether
    the runner ended.  If it did not, it is released through a duplicate of
    the fd, so a failing test does not leave a thread behind."""
    spare = os.dup(sock.fileno())
    try:
        runner.started_event.wait(5)
        assert wait_blocked(runner.native, calls), "the call never blocked"
        sock.close()
        assert sock.fileno() == -1  # at once, even with the call in flight
        runner.join(5)
        ended = not runner.is_alive()
        if not ended:
            stdlib.socket(fileno=os.dup(spare)).shutdown(stdlib.SHUT_RDWR)
            runner.join(5)
        return ended
    finally:
        os.close(spare)


def _canary_intact(sock) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(100, sockffi.MSG_PEEK) == b"canary"
    except BlockingIOError:
        return False  # someone else's call took it


def _assert_ebadf(runner):
    assert isinstance(runner.error, OSError), (runner.result, runner.error)
    assert runner.error.errno == errno.EBADF, runner.error


@pytest.mark.parametrize("timeout", [None, 30.0], ids=["blocking", "timeout"])
@pytest.mark.parametrize("kind", sorted(PAIRS))
@pytest.mark.parametrize("method", ["recv", "recvfrom", "recv_into"])
def test_close_wakes_a_blocked_receive(kind, timeout, method):
    if not hasattr(sockffi.socket, method):
        pytest.skip(f"socket.{method} is not implemented yet")
    sock, peer = PAIRS[kind](timeout)
    with peer:
        arg = bytearray(10) if method == "recv_into" else 10
        runner = Runner(getattr(sock, method), arg)
        runner.start()
        assert _close_under(sock, runner, ("read", "readv", "recvfrom", "poll", "ppoll")), \
            f"{method} still blocked 5 s after close()"
    _assert_ebadf(runner)


@pytest.mark.parametrize("timeout", [None, 30.0], ids=["blocking", "timeout"])
def test_close_wakes_a_blocked_accept(timeout):
    listener = sockffi.create_server(("127.0.0.1", 0))
    listener.settimeout(timeout)
    runner = Runner(listener.accept)
    runner.start()
    assert _close_under(listener, runner, ("accept", "accept4", "poll", "ppoll")), \
        "accept still blocked 5 s after close()"
    _assert_ebadf(runner)


@pytest.mark.parametrize("timeout", [None, 30.0], ids=["blocking", "timeout"])
def test_close_wakes_a_blocked_sendall(timeout):
    sock, peer = _unix_pair(timeout)
    with peer:  # never reads: sendall fills the buffers and blocks
        runner = Runner(sock.sendall, b"x" * (16 << 20))
        runner.start()
        assert _close_under(sock, runner, ("write", "sendto", "poll", "ppoll")), \
            "sendall still blocked 5 s after close()"
    _assert_ebadf(runner)


def test_calls_after_close_get_ebadf():
    a, b = sockffi.socketpair()
    with b:
        a.close()
        for call in (lambda: a.recv(1), lambda: a.send(b"x"), lambda: a.getsockname(),
                     lambda: a.setsockopt(sockffi.SOL_SOCKET, sockffi.SO_SNDBUF, 4096)):
            with pytest.raises(OSError) as info:
                call()
            assert info.value.errno == errno.EBADF
        a.close()  # twice is fine


def test_no_call_lands_on_a_reused_fd_number():
    """A recv waiting in poll (timeout mode) on fd N; the socket is closed,
    a new socket takes the lowest free number, a datagram waits in it, and
    the waiting thread gets EINTR.  Its retry must not read the datagram."""
    old = signal.signal(signal.SIGUSR1, lambda *args: None)
    keep = []
    try:
        sock, peer = _unix_pair(3.0)
        keep.append(peer)
        number = sock.fileno()
        runner = Runner(sock.recv, 100)
        runner.start()
        runner.started_event.wait(5)
        assert wait_blocked(runner.native, ("poll", "ppoll"))
        sock.close()
        # Take fd numbers until `number` comes back (when close() freed it)
        # or 64 sockets were made; put a canary in each.
        victims = []
        for _ in range(64):
            x, y = sockffi.socketpair(sockffi.AF_UNIX, sockffi.SOCK_DGRAM)
            keep += [x, y]
            y.send(b"canary")
            victims.append(x)
            if x.fileno() == number:
                break
        signal.pthread_kill(runner.ident, signal.SIGUSR1)
        runner.join(5)  # (if close() did not wake it, its 3 s timeout will)
        for x in victims:
            assert _canary_intact(x), f"a call on the closed socket read fd {x.fileno()}'s data"
        assert not runner.is_alive(), "recv still blocked after close() and EINTR"
        _assert_ebadf(runner)
    finally:
        signal.signal(signal.SIGUSR1, old)
        for s in keep:
            s.close()


def test_close_race_stress():
    """Threads hammer a socket with calls while the main thread closes it
    and makes new sockets with canaries: no call ever touches a canary,
    and every fd is closed in the end."""
    before = open_fds()
    deadline = time.monotonic() + float(os.environ.get("SOCKFFI_RACE_SECONDS", "3"))
    rounds = stolen = 0
    while time.monotonic() < deadline:
        rounds += 1
        a, b = sockffi.socketpair(sockffi.AF_UNIX, sockffi.SOCK_DGRAM)
        a.settimeout(0.5 if rounds % 2 else None)
        stop = threading.Event()

        def hammer():
            while not stop.is_set():
                try:
                    a.recv(100, sockffi.MSG_DONTWAIT)
                    return "read"
                except OSError as exc:
                    if exc.errno == errno.EBADF:
                        return "closed"

        runners = [Runner(hammer) for _ in range(2)]
        for r in runners:
            r.start()
        time.sleep(0.0005)
        a.close()
        x, y = sockffi.socketpair(sockffi.AF_UNIX, sockffi.SOCK_DGRAM)
        y.send(b"canary")
        stop.set()
        for r in runners:
            r.join(5)
            assert not r.is_alive()
            assert r.error is None, r.error
            stolen += r.result == "read"
        assert _canary_intact(x), f"round {rounds}: a call on the closed socket read the canary"
        for s in (b, x, y):
            s.close()
    assert stolen == 0
    assert open_fds() == before
    print(f"\n{rounds} close races, no call landed on a reused fd number")


def test_plain_close_when_nothing_is_in_flight():
    """No call in flight: the fd is released at once (its number is free),
    and a duplicate of the socket keeps working (no shutdown behind its
    back)."""
    a, b = sockffi.socketpair()
    with b:
        dup = sockffi.socket(fileno=os.dup(a.fileno()))
        number = a.fileno()
        a.close()
        with pytest.raises(OSError) as info:
            os.fstat(number)
        assert info.value.errno == errno.EBADF
        with dup:
            dup.send(b"still open")
            assert b.recv(100) == b"still open"
            b.send(b"both ways")
            assert dup.recv(100) == b"both ways"


def test_detach_after_close_with_a_call_in_flight_gives_nothing():
    """The stdlib's detach() after close() returns -1: also while close()
    still waits for a blocked call to leave (the fd is not handed out)."""
    sock, peer = _unix_pair(None)
    with peer:
        runner = Runner(sock.recv, 10)
        runner.start()
        runner.started_event.wait(5)
        assert wait_blocked(runner.native, ("read", "recvfrom"))
        before = open_fds()
        sock.close()
        assert sock.detach() == -1
        runner.join(5)
        assert not runner.is_alive()
        _assert_ebadf(runner)
        assert len(open_fds()) == len(before) - 1  # the last call out closed it


@pytest.mark.parametrize("method", ["send", "sendall", "sendto"])
def test_calls_racing_close_keep_their_results(method):
    """A thread sends while the main thread closes the socket: every send
    reported done arrived at the peer, and none that failed did (a call
    that completed is not turned into EBADF by the close)."""
    deadline = time.monotonic() + float(os.environ.get("SOCKFFI_RACE_SECONDS", "2"))
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        if method == "sendto":  # UDP on loopback: a datagram per call
            b = sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM)
            b.bind(("127.0.0.1", 0))
            a = sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM)
        else:  # a stream: a byte per call
            a, b = sockffi.socketpair()
        address = b.getsockname()

        def sender():
            sent = 0
            while sent < 100:  # well within the peer's buffer: never blocks
                try:
                    if method == "sendto":
                        a.sendto(b"x", address)
                    else:
                        getattr(a, method)(b"x")
                except OSError:
                    break
                sent += 1
            return sent

        runner = Runner(sender)
        runner.start()
        time.sleep(0.0001 * (rounds % 7))
        a.close()
        runner.join(5)
        assert not runner.is_alive() and runner.error is None, runner.error
        b.setblocking(False)
        arrived = 0
        while True:
            try:
                got = b.recv(1000)
            except BlockingIOError:
                break
            if not got:
                break
            arrived += len(got)
        b.close()
        assert arrived == runner.result, f"round {rounds}: {runner.result} reported, {arrived} arrived"
