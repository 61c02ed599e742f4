"""asyncio UDP workloads: a sink and an echo server on the selector loop's
datagram transport, the stdlib's against sockffi.aio's batch transport.

    aio_udp_sink     the server counts what arrives; stdlib column: the
    aio_udp_echo     stdlib's transport; sockffi column: sockffi.aio's
    aio_udp_sink_batch  the sink taking each batch whole (datagrams_received):
                     no Python call per datagram in the sockffi column, so
                     what is left is the transport's own cost, recvmmsg and
                     the kernel -- the ceiling of the sink (the stdlib's
                     transport knows no batches: datagram_received there)
    aio_uvloop_sink  the same, with uvloop's own transport in the stdlib
    aio_uvloop_echo  column (listed where uvloop imports)

The server is one asyncio protocol for every column, with the per-datagram
work a real one has at least (a count; the echo's sendto).  The client is a
separate process (`python -m benchmarks.aio_workloads peer ...`), the same
for every column, moving bursts of BURST datagrams with sendmmsg/recvmmsg
(sockffi's, else one call per datagram): it sends a burst, then waits for
the sink's acknowledgement or for every echo, checking each one's sequence
number, so nothing can be lost unnoticed and the queue never overflows.
Figure: datagrams per second at the server, timed by the runner's clock
from the end of the first burst to the end of the last.  The client shares
the runner's pinned CPU (as every peer of the runner does), so on the wall
clock each column's figure also pays for the client's sending and for the
kernel's loopback delivery, which runs on the sender's time; `--clock cpu`
counts the server's own time only.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import subprocess
import sys
from contextlib import contextmanager
from time import perf_counter
from typing import Callable, List, Tuple

from . import harness
from .harness import BenchError

BURST = 256     # datagrams per burst: fits a default receive buffer whole
SIZE = 64       # bytes per datagram
CYCLE = 64 * BURST  # sequence numbers repeat after this many (prebuilt payloads)
MIN_BURSTS = 4      # however slow the machine: the figure spans 3 bursts at least
RCVBUF = 4 << 20
PEER_TIMEOUT = 5.0
_SEQ = struct.Struct("!Q")
NEEDS = ("socket.recvmmsg", "socket.sendmmsg")


def _uvloop():
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop


# --- the server (this process) ---------------------------------------------------

class _Server(asyncio.DatagramProtocol):
    """Marks (datagrams so far, clock) at the end of every burst."""

    def __init__(self) -> None:
        self.n = 0
        self.next = BURST
        self.marks: List[Tuple[int, float]] = []
        self.error = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def _burst_end(self, data: bytes) -> None:
        self.marks.append((self.n, harness._clock()))
        if data[:8] != _SEQ.pack((self.n - 1) % CYCLE):
            self.error = f"datagram {self.n - 1} out of order: {data[:8]!r}"
        self.next += BURST


class _Sink(_Server):
    def datagram_received(self, data, addr) -> None:
        self.n += 1
        if self.n == self.next:
            self._burst_end(data)
            self.transport.sendto(_SEQ.pack(self.n), addr)


class _BatchSink(_Sink):
    def datagrams_received(self, batch) -> None:
        start = 0
        while start < len(batch):  # (a burst ends at most once per batch, in practice)
            take = min(len(batch) - start, self.next - self.n)
            start += take
            self.n += take
            if self.n == self.next:
                data, addr = batch[start - 1]
                self._burst_end(data)
                self.transport.sendto(_SEQ.pack(self.n), addr)


class _Echo(_Server):
    def datagram_received(self, data, addr) -> None:
        self.transport.sendto(data, addr)
        self.n += 1
        if self.n == self.next:
            self._burst_end(data)


@contextmanager
def peer_process(kind: str, port: int, duration: float, root: str):
    """The client process, started and told to go; killed if still running
    at the end."""
    peer = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.aio_workloads", "peer", kind, str(port),
         repr(duration), repr(PEER_TIMEOUT)], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        if peer.stdout.readline().strip() != "ready":
            raise BenchError(f"peer did not start: {peer.stderr.read().strip()}")
        peer.stdin.write("go\n")
        peer.stdin.flush()
        yield peer
    finally:
        if peer.poll() is None:
            peer.kill()
            peer.wait()
        for pipe in (peer.stdin, peer.stdout, peer.stderr):
            pipe.close()


def peer_done(peer) -> None:
    """Raises if the client failed (a datagram lost, out of order, ...)."""
    if peer.returncode:
        raise BenchError(f"peer: {peer.stderr.read().strip() or peer.returncode}")


def rate(marks: List[Tuple[int, float]]) -> float:
    """Datagrams per second between the first and the last burst's end."""
    if len(marks) < 3:
        raise BenchError(f"only {len(marks)} bursts")
    (n0, t0), (n1, t1) = marks[0], marks[-1]
    return (n1 - n0) / (t1 - t0)


async def _trial(protocol_class, ours: bool, duration: float, root: str) -> float:
    loop = asyncio.get_running_loop()
    if ours:
        from sockffi import aio
        create = aio.create_datagram_endpoint
    else:
        create = loop.create_datagram_endpoint
    transport, server = await create(protocol_class, local_addr=("127.0.0.1", 0))
    try:
        transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RCVBUF)
        port = transport.get_extra_info("sockname")[1]
        kind = "sink" if issubclass(protocol_class, _Sink) else "echo"
        with peer_process(kind, port, duration, root) as peer:
            while peer.poll() is None:
                await asyncio.sleep(0.01)
            peer_done(peer)
        if server.error:
            raise BenchError(server.error)
        return rate(server.marks)
    finally:
        transport.close()
        await asyncio.sleep(0)


def make_measure(protocol_class, baseline: str, root: str) -> Callable:
    """measure(mod, duration): the stdlib module runs the baseline (asyncio's
    transport, or uvloop's), sockffi runs sockffi.aio's transport on the
    default selector loop."""
    def measure(mod, duration: float) -> float:
        ours = mod.__name__ != "socket"
        if baseline == "uvloop" and not ours:
            loop = _uvloop().new_event_loop()
        else:
            loop = asyncio.SelectorEventLoop()
        try:
            return loop.run_until_complete(_trial(protocol_class, ours, duration, root))
        finally:
            loop.close()
    return measure


def workloads() -> List[Tuple[str, Callable]]:
    """(name, make) of each workload this interpreter can run, where
    make(repo root) -> measure(mod, duration)."""
    found = [("aio_udp_sink", (_Sink, "asyncio")), ("aio_udp_echo", (_Echo, "asyncio")),
             ("aio_udp_sink_batch", (_BatchSink, "asyncio"))]
    if _uvloop() is not None:
        found += [("aio_uvloop_sink", (_Sink, "uvloop")), ("aio_uvloop_echo", (_Echo, "uvloop"))]
    return [(name, (lambda c, b: lambda root: make_measure(c, b, root))(*spec))
            for name, spec in found]


# --- the client (a separate process) --------------------------------------------

def peer(kind: str, port: int, duration: float, timeout: float) -> int:
    try:
        import sockffi as net
        batch = hasattr(net.socket, "sendmmsg")
    except ImportError:
        import socket as net
        batch = False
    s = net.socket(net.AF_INET, net.SOCK_DGRAM)
    s.setsockopt(net.SOL_SOCKET, net.SO_RCVBUF, RCVBUF)
    s.connect(("127.0.0.1", port))
    s.settimeout(timeout)
    pad = bytes(SIZE - _SEQ.size)
    # Built beforehand, so the client's own work per datagram stays small.
    payloads = [_SEQ.pack(i) + pad for i in range(CYCLE)]
    print("ready", flush=True)
    sys.stdin.readline()
    seq = 0
    end = perf_counter() + duration
    try:
        while perf_counter() < end or seq < MIN_BURSTS * BURST:
            start = seq % CYCLE
            burst = payloads[start:start + BURST]
            if batch:
                sent = 0
                while sent < BURST:
                    sent += s.sendmmsg(burst[sent:])
            else:
                for data in burst:
                    s.send(data)
            seq += BURST
            if kind == "sink":
                ack = s.recv(64)
                if ack != _SEQ.pack(seq):
                    raise BenchError(f"sink acknowledged {ack!r} after {seq}")
                continue
            got = 0
            while got < BURST:
                replies = s.recvmmsg(BURST - got, 2048) if batch else [s.recvfrom(2048)]
                if [data for data, _ in replies] != burst[got:got + len(replies)]:
                    raise BenchError(f"echoes {seq - BURST + got}.. lost or out of order")
                got += len(replies)
    except OSError as exc:  # a timeout: datagrams lost
        sys.stderr.write(f"{kind} peer: {type(exc).__name__} after {seq} datagrams\n")
        return 1
    except BenchError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    finally:
        s.close()
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] != ["peer"] or len(sys.argv) != 6:
        sys.exit("usage: python -m benchmarks.aio_workloads peer sink|echo PORT SECONDS TIMEOUT")
    sys.exit(peer(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])))
