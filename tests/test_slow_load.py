"""Load: many short connections (no fd or ResourceWarning leaks), ten
thousand concurrent connections served by a selectors loop (every byte
echoed), and the GIL released while a call blocks."""

import gc
import os
import resource
import selectors
import threading
import time
import warnings

import pytest

import sockffi
from slow_support import open_fds, spawn_peer

pytestmark = pytest.mark.slow

CYCLES = int(os.environ.get("SOCKFFI_CHURN_CYCLES", "100000"))
CONNECTIONS = int(os.environ.get("SOCKFFI_CONCURRENT", "10000"))


def test_connect_accept_close_cycles_leak_nothing():
    """CYCLES x (socket, connect, accept, close both): the same open fds
    before and after, and no ResourceWarning (every socket was closed)."""
    gc.collect()
    before = open_fds()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        with sockffi.create_server(("127.0.0.1", 0), backlog=128) as listener:
            address = listener.getsockname()
            started = time.monotonic()
            for i in range(CYCLES):
                client = sockffi.socket(sockffi.AF_INET, sockffi.SOCK_STREAM)
                client.connect(address)
                conn, peer = listener.accept()
                # The server side closes first, so TIME_WAIT stays on the
                # listening port and the client's ephemeral ports recycle.
                conn.close()
                client.close()
            elapsed = time.monotonic() - started
        del client, conn
        gc.collect()
    after = open_fds()
    leaked = [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert after == before, f"fds before {sorted(before)}, after {sorted(after)}"
    assert not leaked, leaked[:3]
    print(f"\n{CYCLES} cycles in {elapsed:.1f} s: {len(before)} fds before, {len(after)} after, "
          f"{len(leaked)} ResourceWarnings")


def test_unclosed_socket_warns_and_closes_its_fd():
    """The counterpart: a socket dropped without close() gives one
    ResourceWarning and its fd is closed by the finaliser."""
    gc.collect()
    before = open_fds()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        sockffi.socket(sockffi.AF_INET, sockffi.SOCK_STREAM)
        gc.collect()
    assert open_fds() == before
    assert sum(issubclass(w.category, ResourceWarning) for w in caught) == 1


# --- ten thousand concurrent connections ------------------------------------

def _raise_nofile(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return
    if hard != resource.RLIM_INFINITY and hard < needed:
        try:  # root (CAP_SYS_RESOURCE) may raise the hard limit too
            resource.setrlimit(resource.RLIMIT_NOFILE, (needed, needed))
            return
        except (ValueError, OSError):
            pytest.skip(f"RLIMIT_NOFILE hard limit {hard} < {needed}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


CLIENTS = r"""
import resource, selectors, sys
import sockffi as socket

port, count = int(sys.argv[1]), int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < count + 100:
    want = count + 100
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want)))
sel = selectors.DefaultSelector()
socks, pending = [], 0
# Phase 1: open every connection (at most 512 handshakes outstanding, so
# the listen backlog never overflows) and keep them all open.
for i in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.connect_ex(("127.0.0.1", port))
    sel.register(s, selectors.EVENT_WRITE, i)
    socks.append(s)
    pending += 1
    while pending >= 512 or (i == count - 1 and pending):
        for key, _ in sel.select(10):
            err = key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            assert err == 0, err
            sel.unregister(key.fileobj)
            pending -= 1
print("open", len(socks), flush=True)
sys.stdin.readline()  # the server has accepted them all
# Phase 2: every connection sends its own message and reads its echo.
expect = {}
for i, s in enumerate(socks):
    msg = b"%d:" % i + bytes([i % 251]) * (100 + i % 400)
    s.sendall(msg)  # small: fits the socket buffer of a non-blocking socket
    expect[s] = msg
    sel.register(s, selectors.EVENT_READ, bytearray())
done = echoed = 0
while done < count:
    for key, _ in sel.select(10):
        s, got = key.fileobj, key.data
        got += s.recv(65536)
        if len(got) >= len(expect[s]):
            assert got == expect[s], (got[:20], expect[s][:20])
            echoed += len(got)
            sel.unregister(s)
            s.close()
            done += 1
print("echoed", done, echoed, flush=True)
"""


def test_ten_thousand_concurrent_connections_selectors_echo():
    _raise_nofile(CONNECTIONS + 200)
    before = open_fds()
    listener = sockffi.create_server(("127.0.0.1", 0), backlog=4096)
    listener.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, None)
    peer = spawn_peer(CLIENTS, str(listener.getsockname()[1]), str(CONNECTIONS))
    conns, served, echoed, peak = set(), 0, 0, 0
    announced = False
    deadline = time.monotonic() + 120
    try:
        os.set_blocking(peer.stdout.fileno(), False)
        while served < CONNECTIONS:
            assert time.monotonic() < deadline, f"served {served} of {CONNECTIONS}"
            for key, _ in sel.select(1):
                if key.data is None:  # the listener: take every queued one
                    while True:
                        try:
                            conn, _ = listener.accept()
                        except BlockingIOError:
                            break
                        conn.setblocking(False)
                        sel.register(conn, selectors.EVENT_READ, conn)
                        conns.add(conn)
                    peak = max(peak, len(conns))
                    continue
                conn = key.data
                data = conn.recv(65536)
                if data:
                    conn.sendall(data)  # small: the peer reads as it goes
                    echoed += len(data)
                else:
                    sel.unregister(conn)
                    conns.discard(conn)
                    conn.close()
                    served += 1
            if not announced and peak >= CONNECTIONS:
                # All of them open at once: let the clients talk.
                line = peer.stdout.readline()
                if line:
                    assert line.split() == [b"open", str(CONNECTIONS).encode()]
                    peer.stdin.write(b"go\n")
                    peer.stdin.flush()
                    announced = True
        os.set_blocking(peer.stdout.fileno(), True)
        report = peer.stdout.readline().split()
        assert peer.wait(60) == 0
    finally:
        if peer.poll() is None:
            peer.kill()
            peer.wait()
        peer.stdin.close()
        peer.stdout.close()
        for conn in conns:
            conn.close()
        sel.close()
        listener.close()
    assert peak == CONNECTIONS
    assert report[:2] == [b"echoed", str(CONNECTIONS).encode()]
    assert int(report[2]) == echoed
    assert open_fds() == before
    print(f"\n{CONNECTIONS} concurrent connections (peak {peak}), {served} served, "
          f"{echoed} bytes echoed")


# --- the GIL ------------------------------------------------------------------

LATE_CONNECT = r"""
import socket, sys, time
time.sleep(float(sys.argv[2]))
socket.create_connection(("127.0.0.1", int(sys.argv[1]))).close()
"""


@pytest.mark.parametrize("timeout", [None, 30.0], ids=["blocking", "timeout"])
def test_gil_is_released_while_accept_blocks(timeout):
    """A thread blocks in accept for a second (a child process connects
    late, so the test ends even if the GIL were held); meanwhile the main
    thread runs Python code the whole time."""
    with sockffi.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(timeout)
        peer = spawn_peer(LATE_CONNECT, str(listener.getsockname()[1]), "1.0")
        result = []
        blocked = threading.Thread(target=lambda: result.append(listener.accept()))
        blocked.start()
        spins, started = 0, time.monotonic()
        while blocked.is_alive() and time.monotonic() - started < 10:
            spins += 1
        elapsed = time.monotonic() - started
        blocked.join()
        assert peer.wait(10) == 0
        result[0][0].close()
    # About a second of spinning; millions of iterations on any interpreter
    # when the GIL is free, none (the loop cannot run) when accept holds it.
    assert elapsed > 0.5
    assert spins > 100_000 * elapsed, (spins, elapsed)
