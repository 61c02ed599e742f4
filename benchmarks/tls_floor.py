"""The floor under the TLS rows (tls_*): what any pump of memory BIOs in
Python pays, next to the C path and sockffi's engine.

    python -m benchmarks.tls_floor [--rounds N] [--duration S] [--only NAME,...]

Each TLS workload (tls_workloads.py: same client code, same stdlib TLS
server process, same pinned CPU, this process's CPU clock) runs with five
clients, alternating:

  C path                 the stdlib: _ssl drives OpenSSL on the C socket
  greedy, stdlib         MinimalTLS(greedy) on the stdlib's socket
  per record, stdlib     MinimalTLS(per record) on the stdlib's socket
  per record, sockffi    the same on a sockffi socket (python -m sockffi run)
  sockffi engine         sockffi's TLSEngine (what install() puts in ssl.SSLSocket)

MinimalTLS is the fewest Python calls a memory-BIO pump can make: a recv(),
a BIO write, a call of the SSLObject; no locks, no deadlines, no timeout or
non-blocking modes, no "read first" when a record is incomplete.

- greedy: each recv() takes whatever is there (up to 256 KiB), records
  past a close_notify included.  That is not allowed to a drop-in engine:
  the socket must stay readable while records are waiting (the C path reads
  record by record, and select()-driven code such as test_ftplib's TLS
  server reads only when the socket is readable), and clear text after a
  close_notify must stay in the socket for unwrap().  It is the floor of
  the memory-BIO design itself.
- per record: each recv() is bounded as the engine bounds it (the rest of
  the record and the next header), with the engine's own framing code.
  That is the floor of a correct engine.

"sockffi engine" against "per record, sockffi" is what the engine's
correctness (locks, deadlines, modes) costs on top of its reads.
"""

from __future__ import annotations

import argparse
import ssl
import statistics
from typing import Dict, List

READ = 256 * 1024


class _Plain:
    """The socket after unwrap(), with the clear text the pump read ahead."""

    def __init__(self, sock, ahead: bytes) -> None:
        self._sock = sock
        self._ahead = ahead

    def recv(self, size: int) -> bytes:
        if self._ahead:
            data, self._ahead = self._ahead[:size], self._ahead[size:]
            return data
        return self._sock.recv(size)

    def close(self) -> None:
        self._sock.close()


class MinimalTLS:
    """A blocking TLS client over memory BIOs, with the methods the TLS
    workloads call (sendall, recv, recv_into, unwrap, close, with)."""

    from sockffi._ssl import _HEADER, TLSEngine
    # The engine's framing (it reads and sets the attributes set in __init__).
    _frame = TLSEngine._frame
    _header = TLSEngine._header

    def __init__(self, context: ssl.SSLContext, sock, server_hostname: str,
                 greedy: bool) -> None:
        self._sock = sock
        self._in = ssl.MemoryBIO()
        self._out = ssl.MemoryBIO()
        self._obj = context.wrap_bio(self._in, self._out, server_hostname=server_hostname)
        self._greedy = greedy
        self._head, self._left, self._past, self._length = b"", 0, False, 0
        self._bound, self._partial, self._plausible = self._HEADER, 0, False
        self._call(self._obj.do_handshake)

    def _call(self, method, *args):
        sock, incoming, out = self._sock, self._in, self._out
        while True:
            try:
                result = method(*args)
            except ssl.SSLWantReadError:
                if out.pending:
                    sock.sendall(out.read())
                data = sock.recv(READ if self._greedy else self._bound)
                if not data:
                    raise ssl.SSLEOFError(ssl.SSL_ERROR_EOF, "EOF occurred in violation of protocol")
                incoming.write(data)
                if not self._greedy:
                    self._frame(data)
                continue
            if out.pending:
                sock.sendall(out.read())
            return result

    def sendall(self, data) -> None:
        self._call(self._obj.write, data)  # SSLObject writes it all (no partial writes)

    def recv(self, size: int) -> bytes:
        return self._call(self._obj.read, size)

    def recv_into(self, buffer, size: int) -> int:
        return self._call(self._obj.read, size, buffer)

    def unwrap(self) -> _Plain:
        self._call(self._obj.unwrap)
        return _Plain(self._sock, self._in.read())

    def close(self) -> None:
        self._sock.close()

    def __enter__(self) -> "MinimalTLS":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


CLIENTS = {  # label: (on sockffi's socket, pump)
    "C path": (False, ""),
    "greedy, stdlib": (False, "greedy"),
    "per record, stdlib": (False, "per-record"),
    "per record, sockffi": (True, "per-record"),
    "sockffi engine": (True, ""),
}


def measure_all(names: List[str], rounds: int, duration: float) -> Dict[str, Dict[str, List[float]]]:
    from . import harness
    from .process_workloads import repo_root_of
    from .tls_workloads import run_child
    root = repo_root_of(harness)
    figures: Dict[str, Dict[str, List[float]]] = {n: {c: [] for c in CLIENTS} for n in names}
    for name in names:
        for label, (on_sockffi, pump) in CLIENTS.items():  # a warm-up (page cache, certificates)
            run_child(name, duration / 2, root, True, on_sockffi, pump)
    for r in range(rounds):
        order = list(CLIENTS.items())
        if r % 2:
            order.reverse()  # alternating, as the benchmark does
        for name in names:
            for label, (on_sockffi, pump) in order:
                figures[name][label].append(run_child(name, duration, root, True, on_sockffi, pump))
    return figures


def main(argv=None) -> int:
    import platform
    from . import harness
    from .tls_workloads import MEASURES
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tls_floor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=0.4)
    parser.add_argument("--only", default="", help="comma-separated tls_* names")
    args = parser.parse_args(argv)
    names = [n for n in MEASURES if not args.only or n in args.only.split(",")]
    cpu = harness.pin_to_one_cpu()
    figures = measure_all(names, args.rounds, args.duration)
    print(f"TLS floor | {platform.python_implementation()} {platform.python_version()} | "
          f"pinned to cpu {cpu} | {args.rounds} rounds x {args.duration} s | cpu clock | "
          "the client's figure; ratio: to the C path, median of the per-round ratios (range)")
    for name in names:
        unit = MEASURES[name][1]
        base = figures[name]["C path"]
        print(f"\n{name} ({unit})")
        for label, values in figures[name].items():
            ratios = [v / b for v, b in zip(values, base)]
            print(f"  {label:22} {statistics.median(values):>10,.1f}   "
                  f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
