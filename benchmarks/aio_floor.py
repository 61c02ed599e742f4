"""The floor under the asyncio UDP sink (aio_udp_sink): what a server pays
per datagram when it does no Python work per datagram at all.

    python -m benchmarks.aio_floor [--rounds N] [--duration S]

The same client process, pinned CPU and clock (this process's CPU time) as
the aio_udp_sink workload, against three servers:

  sockffi.aio          the workload's server: asyncio's selector loop,
                       sockffi.aio's transport, one protocol call per datagram
  recvmmsg loop        no event loop: poll, then sockffi's recvmmsg until
                       the queue is empty
  lib.recvmmsg         the same loop on the C call through cffi, arrays
                       built beforehand: no Python object per datagram

Where all three give the same datagrams per second, the sink is bound below
Python: by the kernel's receive work, charged to the server's CPU time.
"""

from __future__ import annotations

import argparse
import select
import statistics
from typing import Callable, Dict, List

from . import harness
from .aio_workloads import BURST, PEER_TIMEOUT, RCVBUF, _SEQ, _Sink, make_measure, peer_done, peer_process, rate
from .process_workloads import repo_root_of

BATCH = 64
BUFSIZE = 2048


def _loop_server(receive_batch: Callable, sock, duration: float, root: str) -> float:
    """Poll and drain with `receive_batch(sock) -> count` (0: the queue is
    empty); acknowledge every burst, to the client's address (taken from its
    first datagram), as the sink does."""
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    marks: List = []
    with peer_process("sink", sock.getsockname()[1], duration, root) as peer:
        sock.settimeout(PEER_TIMEOUT)
        _, sender = sock.recvfrom(BUFSIZE)
        sock.setblocking(False)
        n = 1
        while peer.poll() is None:
            if not poller.poll(100):
                continue
            while True:
                count = receive_batch(sock)
                if not count:
                    break
                n += count
                if n % BURST == 0:
                    marks.append((n, harness._clock()))
                    sock.sendto(_SEQ.pack(n), sender)
        peer.wait()
        peer_done(peer)
    return rate(marks)


def _sockffi_batch(sockffi) -> Callable:
    def receive_batch(sock) -> int:
        try:
            return len(sock.recvmmsg(BATCH, BUFSIZE))
        except BlockingIOError:
            return 0
    return receive_batch


def _lib_batch(sockffi) -> Callable:
    from sockffi._binding import ffi, lib
    vec = ffi.new("struct mmsghdr[]", BATCH)
    iov = ffi.new("struct iovec[]", BATCH)
    data = ffi.new("char[]", BATCH * BUFSIZE)
    for i in range(BATCH):
        iov[i].iov_base = data + i * BUFSIZE
        iov[i].iov_len = BUFSIZE
        vec[i].msg_hdr.msg_iov = iov + i
        vec[i].msg_hdr.msg_iovlen = 1
    flags = sockffi.MSG_DONTWAIT

    def receive_batch(sock, _owned=(iov, data)) -> int:  # (cffi frees what nothing holds)
        return max(lib.recvmmsg(sock.fileno(), vec, BATCH, flags, ffi.NULL), 0)
    return receive_batch


def measure_all(rounds: int, duration: float) -> Dict[str, List[float]]:
    import sockffi
    root = repo_root_of(harness)
    servers = {"lib.recvmmsg": _lib_batch(sockffi), "recvmmsg loop": _sockffi_batch(sockffi)}
    asyncio_sink = make_measure(_Sink, "asyncio", root)
    figures: Dict[str, List[float]] = {"sockffi.aio": [], **{name: [] for name in servers}}
    for _ in range(rounds):  # alternating, as the benchmark does
        figures["sockffi.aio"].append(asyncio_sink(sockffi, duration))
        for name, receive_batch in servers.items():
            with sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM) as sock:
                sock.bind(("127.0.0.1", 0))
                sock.setsockopt(sockffi.SOL_SOCKET, sockffi.SO_RCVBUF, RCVBUF)
                figures[name].append(_loop_server(receive_batch, sock, duration, root))
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.aio_floor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=0.4)
    args = parser.parse_args(argv)
    cpu = harness.pin_to_one_cpu()
    harness.use_cpu_clock(True)
    figures = measure_all(args.rounds, args.duration)
    print(f"asyncio UDP sink floor | pinned to cpu {cpu} | {args.rounds} rounds x "
          f"{args.duration} s | cpu clock | datagrams/s of the server's CPU")
    for name, values in figures.items():
        print(f"{name:16} {statistics.median(values):>12,.0f}   rounds {min(values):,.0f}-{max(values):,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
