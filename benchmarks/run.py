"""The benchmark command: every workload against the stdlib `socket` and
`sockffi`, alternating, on one pinned CPU; prints the table of ratios.

    python -m benchmarks [--quick] [--mode api|abi] [--only NAME,...]
                         [--json FILE] [--png FILE [--with OTHER.json ...]]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from typing import Callable, List, NamedTuple, Optional, Tuple

from . import call_workloads, io_workloads, process_workloads, targets, tls_workloads
from .harness import Result, alternate, pin_to_one_cpu, use_cpu_clock


class Workload(NamedTuple):
    name: str
    unit: str
    higher_is_better: bool
    needs: Tuple[str, ...]  # names sockffi must have ("socket.x": a method)
    factory: Callable       # factory(context) -> measure(mod, duration)
    in_process: bool = True  # False: each figure comes from subprocesses


class Context:
    """What the workloads share in one run: the stdlib module, the peer
    process (started on first use) and the figures for the subprocesses."""

    def __init__(self, stdlib, sockffi, memory_count: int, cpu_clock: bool = False) -> None:
        self.stdlib = stdlib
        self.sockffi = sockffi
        self.memory_count = memory_count
        self.cpu_clock = cpu_clock
        self.root = process_workloads.repo_root_of(sockffi)
        self._peer: Optional[io_workloads.Peer] = None

    @property
    def peer(self) -> io_workloads.Peer:
        if self._peer is None:
            self._peer = io_workloads.Peer()
        return self._peer

    def close(self) -> None:
        if self._peer is not None:
            self._peer.close()


def _with_peer(func):
    return lambda ctx: (lambda mod, duration: func(mod, duration, ctx.peer))


def _batch_workloads() -> List[Workload]:
    """The batch datagram workload of bench_batch.py, where that file exists."""
    try:
        from . import batch_workload
    except ImportError:
        return []
    return [Workload("udp_batch", "dgrams/s", True, batch_workload.NEEDS,
                     lambda ctx: batch_workload.measure)]


def _aio_workloads() -> List[Workload]:
    """asyncio's datagram transport against sockffi.aio's (aio_workloads.py)."""
    from . import aio_workloads
    return [Workload(name, "dgrams/s", True, aio_workloads.NEEDS,
                     (lambda m: lambda ctx: m(ctx.root))(make))
            for name, make in aio_workloads.workloads()]


def workloads() -> List[Workload]:
    io = io_workloads
    found = [
        Workload("socketpair_pingpong", "trips/s", True, ("socketpair",),
                 lambda ctx: io.socketpair_pingpong),
        Workload("tcp_request_response", "trips/s", True, (),
                 _with_peer(io.tcp_request_response)),
        Workload("bulk_send", "MB/s", True, ("socket.sendall",), _with_peer(io.bulk_send)),
        Workload("bulk_recv", "MB/s", True, ("socket.recv_into",), _with_peer(io.bulk_recv)),
        Workload("udp_datagrams", "dgrams/s", True, ("socket.sendto", "socket.recvfrom"),
                 lambda ctx: io.udp_datagrams),
    ]
    found += _batch_workloads()
    found += _aio_workloads()
    found.append(Workload("connect_accept", "conns/s", True, (), lambda ctx: io.connect_accept))
    for call in call_workloads.CALLS:
        found.append(Workload(
            call.name, "ns/call", False, call.needs,
            (lambda c: lambda ctx: call_workloads.make_measure(c, ctx.stdlib))(call)))
    found += [
        Workload("memory_per_socket", "bytes", False, (),
                 lambda ctx: process_workloads.memory_per_socket(ctx.memory_count, ctx.root),
                 in_process=False),
        Workload("import_time", "ms", False, (),
                 lambda ctx: process_workloads.import_time(ctx.root, ctx.cpu_clock),
                 in_process=False),
    ]
    found += [Workload(name, unit, True, (),
                       (lambda n: lambda ctx: tls_workloads.factory(n, ctx.root, ctx.cpu_clock))(name),
                       in_process=False)
              for name, (_, unit) in tls_workloads.MEASURES.items()]
    return found


def missing(module, needs) -> List[str]:
    out = []
    for name in needs:
        owner, _, attr = name.rpartition(".")
        target = getattr(module, owner) if owner else module
        if not hasattr(target, attr):
            out.append(name)
    return out


# --- the table ----------------------------------------------------------

def _fmt(value: Optional[float]) -> str:
    if value is None:
        return "-"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _with_spread(result: Result, label: str) -> str:
    spread = result.spread(label)
    text = _fmt(result.median(label))
    return text + (f" ±{spread * 50:.0f}%" if spread is not None else "")


COLUMNS = (f"{'workload':<22} {'unit':<9} {'stdlib':>16} {'sockffi':>16} "
           f"{'ratio':>7} {'per round':>11}  {'target':<8} met")


def row(r: Result) -> Tuple[str, Optional[bool]]:
    """One line of the table, and whether the target is met (None: no
    target or no figure)."""
    if r.error:
        return f"{r.name:<22} {r.unit:<9} {r.error}", None
    ratio = r.ratio()
    per_round = r.round_ratios()
    span = f"{min(per_round):.2f}-{max(per_round):.2f}" if per_round else ""
    target = targets.target_for(r.name)
    ok = targets.met(target, ratio, r.median("sockffi"))
    line = (f"{r.name:<22} {r.unit:<9} {_with_spread(r, 'stdlib'):>16} "
            f"{_with_spread(r, 'sockffi'):>16} "
            f"{(f'{ratio:.2f}x' if ratio else '-'):>7} {span:>11}  "
            f"{targets.describe(target):<8} {'' if ok is None else ('yes' if ok else 'NO')}")
    return line, ok


def table(results: List[Result], header: str) -> str:
    lines = [header, COLUMNS]
    counts = {True: 0, False: 0}
    for r in results:
        line, ok = row(r)
        lines.append(line)
        if ok is not None:
            counts[ok] += 1
    lines.append("ratio = sockffi/stdlib (median of the per-round ratios); "
                 "± = half the range across rounds, as % of the median")
    lines.append(f"targets met: {counts[True]} of {counts[True] + counts[False]}")
    return "\n".join(lines)


def describe_run(sockffi, cpu: int, rounds: int, duration: float) -> str:
    impl = platform.python_implementation()
    return (f"sockffi {sockffi.__version__} mode={sockffi.MODE} | {impl} "
            f"{platform.python_version()} | pinned to cpu {cpu} | "
            f"{rounds} rounds x {duration:g} s per module")


# --- the command --------------------------------------------------------

def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="short run (3 rounds x 0.2 s)")
    p.add_argument("--rounds", type=int, help="rounds per module (default 5, quick 3)")
    p.add_argument("--duration", type=float, help="seconds per measurement (default 1.0)")
    p.add_argument("--mode", choices=("api", "abi"),
                   help="force sockffi's binding mode (sets SOCKFFI_MODE)")
    p.add_argument("--only", help="comma-separated workload names or prefixes")
    p.add_argument("--cpu", type=int, help="the CPU to pin to (default: the last allowed)")
    p.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                   help="time by the wall clock (default) or by this process's CPU time "
                        "(steadier on a loaded machine; the batch row stays wall)")
    p.add_argument("--json", help="also write the figures to this file")
    p.add_argument("--png", help="also draw the ratios as a PNG chart")
    p.add_argument("--with", dest="others", nargs="*", default=[],
                   help="earlier --json files to draw in the same chart")
    p.add_argument("--list", action="store_true", help="list the workloads and exit")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.mode:
        os.environ["SOCKFFI_MODE"] = args.mode  # before the first import
    import socket as stdlib
    import sockffi

    chosen = workloads()
    if args.list:
        for w in chosen:
            print(f"{w.name:<22} {w.unit}")
        return 0
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        chosen = [w for w in chosen if any(w.name.startswith(n) for n in wanted)]
    rounds = args.rounds or (3 if args.quick else 5)
    duration = args.duration or (0.2 if args.quick else 1.0)
    warmup = duration if platform.python_implementation() == "PyPy" else duration / 2
    limit = max(30.0, duration * 20)

    cpu = pin_to_one_cpu(args.cpu)
    use_cpu_clock(args.clock == "cpu")
    header = describe_run(sockffi, cpu, rounds, duration) + f" | {args.clock} clock"
    print(header)
    print(COLUMNS, flush=True)
    modules = [("stdlib", stdlib), ("sockffi", sockffi)]
    context = Context(stdlib, sockffi, memory_count=2000 if args.quick else 10000,
                      cpu_clock=args.clock == "cpu")
    results = []
    try:
        for w in chosen:
            result = Result(w.name, w.unit, w.higher_is_better)
            lacking = missing(sockffi, w.needs)
            if lacking:
                result.error = "skipped: sockffi has no " + ", ".join(lacking)
            else:
                try:
                    measure = w.factory(context)
                except Exception as exc:
                    result.error = f"setup failed: {type(exc).__name__}: {exc}"
                else:
                    alternate(result, measure, modules, rounds, duration,
                              warmup if w.in_process else 0.0,
                              limit if w.in_process else 600.0)
            results.append(result)
            print(row(result)[0], flush=True)
    finally:
        context.close()
    report = table(results, header)
    print()
    print(report)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"label": _series_label(sockffi), "header": header,
                       "results": [r.to_json() for r in results]}, f, indent=1)
    if args.png:
        from .chart import draw_chart
        series = [(_series_label(sockffi), results)]
        for path in args.others:
            with open(path) as f:
                data = json.load(f)
            series.append((data["label"], [Result.from_json(r) for r in data["results"]]))
        draw_chart(series, args.png)
        print(f"wrote {args.png}")
    return 0


def _series_label(sockffi) -> str:
    return f"{platform.python_implementation()} {platform.python_version()} {sockffi.MODE}"


if __name__ == "__main__":
    sys.exit(main())
