"""Data-moving workloads: each takes the module under test and a duration,
runs the same code for the stdlib and sockffi, checks every byte it can
afford to, and returns a rate.

The far ends never use the module under test: a forked child doing raw
os.read/os.write for socketpair ping-pong, and the stdlib peer process
(peer.py) for TCP.  So a figure measures one side's library, not a mix, and
never two threads fighting for the GIL.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from typing import Callable

from .harness import BenchError, timed_loop

HERE = os.path.dirname(os.path.abspath(__file__))
PERIOD = 251
CHUNK = 65536
PATTERN = bytes(i % PERIOD for i in range(CHUNK + PERIOD))
SMALL = [bytes([i]) for i in range(256)]
REQUESTS = [bytes([i]) * 64 for i in range(256)]


class Peer:
    """The stdlib peer process (peer.py), started once per run."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "peer.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            self.close()
            raise BenchError(f"peer did not start: {line!r}")
        self.address = ("127.0.0.1", int(line))

    def connect(self, mod, service: bytes):
        sock = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
        sock.setsockopt(mod.IPPROTO_TCP, mod.TCP_NODELAY, 1)
        sock.connect(self.address)
        sock.sendall(service)
        return sock

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()  # peer.py exits when its stdin closes
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def echo_pair(mod):
    """(one end of a socketpair() of `mod`, the pid of the raw echo child on
    the other end); close the end, then wait for the pid."""
    a, b = mod.socketpair()
    pid = _fork_raw_echo(b.fileno(), a.fileno())
    b.close()
    return a, pid


def _fork_raw_echo(fd: int, other_fd: int) -> int:
    """A child that echoes each byte on fd with os.read/os.write until EOF."""
    pid = os.fork()
    if pid == 0:
        try:
            os.close(other_fd)
            while True:
                data = os.read(fd, 1)
                if not data:
                    break
                os.write(fd, data)
        finally:
            os._exit(0)
    return pid


# --- the loops ----------------------------------------------------------------
#
# Each workload's loop, written once.  It calls whatever it is given by a
# socket's method names: the stdlib's or sockffi's socket here; in floors.py
# also stand-ins with the same names (bare os calls bound to the descriptor,
# a minimal Python method, calls that do no I/O).  A loop returns step(n):
# n iterations, every one verified, returning the units done.

def pingpong_loop(sock) -> Callable[[int], int]:
    """1-byte round trips: each byte sent must come back."""
    counter = [0]

    def step(n):
        i = counter[0]
        for i in range(i, i + n):
            msg = SMALL[i & 255]
            sock.send(msg)
            if sock.recv(1) != msg:
                raise BenchError("ping-pong: wrong byte back")
        counter[0] = i + 1
        return n
    return step


def request_response_loop(sock) -> Callable[[int], int]:
    """64-byte requests, each answered by the same 64 bytes."""
    counter = [0]

    def step(n):
        i = counter[0]
        for i in range(i, i + n):
            request = REQUESTS[i & 255]
            sock.sendall(request)
            reply = sock.recv(64)
            while len(reply) < 64:  # TCP may split; on loopback it rarely does
                more = sock.recv(64 - len(reply))
                if not more:
                    raise BenchError("echo peer closed")
                reply += more
            if reply != request:
                raise BenchError("request/response: wrong reply")
        counter[0] = i + 1
        return n
    return step


def bulk_recv_loop(sock, buf: bytearray) -> Callable[[int], float]:
    """recv_into `buf` (CHUNK bytes) from the pattern source; both ends of
    every read are checked.  Units: CHUNKs received."""
    got = [0]

    def step(n):
        total = start = got[0]
        for _ in range(n):
            k = sock.recv_into(buf)
            if k <= 0 or buf[0] != total % PERIOD or buf[k - 1] != (total + k - 1) % PERIOD:
                raise BenchError("bulk receive: wrong bytes")
            total += k
        got[0] = total
        return (total - start) / CHUNK
    return step


def udp_loop(tx, rx, dest, source, burst: int) -> Callable[[int], int]:
    """Bursts of 64-byte datagrams through tx.sendto, each received by one
    rx.recvfrom, in order, from `source`.  Units: datagrams."""
    counter = [0]

    def step(n):
        i = counter[0]
        for _ in range(n):
            for k in range(i, i + burst):
                tx.sendto(REQUESTS[k & 255], dest)
            for k in range(i, i + burst):
                data, addr = rx.recvfrom(2048)
                if data != REQUESTS[k & 255]:
                    raise BenchError("udp: datagram lost or reordered")
            if addr != source:
                raise BenchError(f"udp: source {addr!r} != {source!r}")
            i += burst
        counter[0] = i
        return n * burst
    return step


def connect_accept_loop(mod, listener, address) -> Callable[[int], int]:
    """socket + connect + accept + close of both ends.  The accepting side
    closes first, so TIME_WAIT stays on the listener's side and the client's
    ephemeral ports are free again at once."""
    counter = [0]

    def step(n):
        i = counter[0]
        for i in range(i, i + n):
            client = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
            client.connect(address)
            conn, peer_address = listener.accept()
            if i & 63 == 0 and peer_address != client.getsockname():
                raise BenchError("accept: wrong peer address")
            conn.close()
            client.close()
        counter[0] = i + 1
        return n
    return step


# --- the workloads --------------------------------------------------------------

def socketpair_pingpong(mod, duration: float) -> float:
    """1-byte round trips per second over socketpair()."""
    a, pid = echo_pair(mod)
    try:
        done, seconds = timed_loop(pingpong_loop(a), duration)
    finally:
        a.close()
        os.waitpid(pid, 0)
    return done / seconds


def tcp_request_response(mod, duration: float, peer: Peer) -> float:
    """64-byte requests answered by the stdlib echo process, per second."""
    sock = peer.connect(mod, b"E")
    try:
        done, seconds = timed_loop(request_response_loop(sock), duration)
    finally:
        sock.close()
    return done / seconds


def bulk_send_loop(sock) -> "tuple[Callable[[int], float], Callable[[], int]]":
    """(step, sent): sendall() of 64 KiB chunks of the pattern into the
    stdlib sink; sent() is the byte count so far.  Units: CHUNKs sent."""
    view = memoryview(PATTERN)
    chunks = [view[off:off + CHUNK] for off in range(PERIOD)]
    sent = [0]

    def step(n):
        pos = start = sent[0]
        for _ in range(n):
            sock.sendall(chunks[pos % PERIOD])
            pos += CHUNK
        sent[0] = pos
        return (pos - start) / CHUNK
    return step, lambda: sent[0]


def sink_agrees(sock, mod, sent: int) -> None:
    """End the stream; the sink's count must be `sent`, every byte checked."""
    sock.shutdown(mod.SHUT_WR)
    reply = b""
    while len(reply) < 9:
        more = sock.recv(9 - len(reply))
        if not more:
            break
        reply += more
    if len(reply) != 9:
        raise BenchError("sink gave no count")
    count, ok = struct.unpack("!QB", reply)
    if count != sent or not ok:
        raise BenchError(f"sink got {count} bytes (ok={ok}), sent {sent}")


def bulk_send(mod, duration: float, peer: Peer) -> float:
    """MB/s through sendall() of 64 KiB chunks into the stdlib sink, which
    checks the byte pattern and reports the count it got."""
    sock = peer.connect(mod, b"S")
    step, sent = bulk_send_loop(sock)
    try:
        done, seconds = timed_loop(step, duration)
        sink_agrees(sock, mod, sent())
    finally:
        sock.close()
    return sent() / seconds / 1e6


def bulk_recv(mod, duration: float, peer: Peer) -> float:
    """MB/s through recv_into() a 64 KiB buffer from the stdlib source."""
    sock = peer.connect(mod, b"R")
    loop = bulk_recv_loop(sock, bytearray(CHUNK))
    chunks = [0.0]

    def step(n):
        chunks[0] += loop(n)

    try:
        done, seconds = timed_loop(step, duration)
    finally:
        sock.close()
    return chunks[0] * CHUNK / seconds / 1e6


def udp_datagrams(mod, duration: float) -> float:
    """64-byte datagrams per second, each through one sendto() and one
    recvfrom() of the module under test: bursts of 32, so the receive
    buffer never overflows and no datagram is lost."""
    burst = 32
    rx = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    tx = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    try:
        rx.bind(("127.0.0.1", 0))
        tx.bind(("127.0.0.1", 0))
        step = udp_loop(tx, rx, rx.getsockname(), tx.getsockname(), burst)
        done, seconds = timed_loop(step, duration)
    finally:
        rx.close()
        tx.close()
    return done * burst / seconds


def connect_accept(mod, duration: float) -> float:
    """connect + accept + close of both ends, per second."""
    listener = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        step = connect_accept_loop(mod, listener, listener.getsockname())
        done, seconds = timed_loop(step, duration)
    finally:
        listener.close()
    return done / seconds
