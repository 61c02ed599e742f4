"""Floors under issue 7's missed targets: what bounds each ratio.

    python -m benchmarks.floors [--quick] [--rounds N] [--duration S] [--only NAME,...]
                                [--mode api|abi] [--cpu 0] [--no-syscalls]

Each workload of the benchmark runs in several variants, alternating, on
one pinned CPU (CPU 0 by default: the benchmark runs on the last one).  The
benchmark's own loop (io_workloads.py, bench_batch.py: same loop, same
checks) is the loop of every variant but the lib.* ones:
  stdlib / sockffi   the loop on each module's socket;
  os.* / lib.*       the bare calls with no socket layer: os.read/os.write/
                     os.readv on the fd (bound by functools.partial under the
                     socket's method names), or sockffi._binding.lib's C
                     functions on cdata built beforehand, in a loop of their
                     own -- the floor any binding pays;
  py method + os     the bare os calls behind one minimal Python method;
  no I/O             the loop with its checks, its calls going to C built-ins
                     that do no I/O: the interpreter.
Per variant: CPU and wall microseconds per iteration (medians over rounds),
the kernel's share of the CPU time (getrusage system / (user + system)),
the rate against the stdlib's (stdlib time / variant time, the benchmark's
ratio), and the system calls per iteration counted by `strace -c` in a child
process (two runs of different lengths, differenced, so setup drops out).
A closing "components" table times single operations with no I/O at all:
the loop, a Python method call, the calls-in-flight registration, a cffi
call, a syscall that fails at once (the kernel's entry cost).

The child mode (`--child WORKLOAD VARIANT STEPS`) is what strace runs.

This file is the command and its report; floor_variants.py holds the
workloads in their variants and the per-call breakdowns, floor_measure.py
the timing, the syscall counts and the Python-work count.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
from typing import Callable, Dict, List, Optional, Tuple

from . import floor_variants, io_workloads, targets
from .floor_measure import (Row, Workload, describe_syscalls, instructions_per_unit,  # noqa: F401
                            parse_strace, python_work, run_breakdown, run_workload,
                            syscalls_per_unit, timed)
from .floor_variants import BREAKDOWNS, workloads
from .harness import BenchError, pin_to_one_cpu, watchdog

# sockffi (and what imports it) is loaded by _load(), after --mode has set
# SOCKFFI_MODE.
sockffi = ffi = lib = None


def _load() -> None:
    global sockffi, ffi, lib
    import sockffi as _sockffi
    from sockffi._binding import ffi as _ffi, lib as _lib
    floor_variants.load()
    sockffi, ffi, lib = _sockffi, _ffi, _lib


def _loop_files() -> set:
    """Where the loops the variants run are written: their frames are the
    benchmark's, not the socket layer's (python_work leaves them out)."""
    from . import bench_batch
    return {floor_variants.__file__, io_workloads.__file__, bench_batch.__file__}


def child(name: str, variant: str, steps: int) -> None:
    """Run one variant for `steps` step() iterations (for strace), print the units."""
    _load()
    workload = next(w for w in workloads() if w.name == name)
    shared: dict = {}
    try:
        with watchdog(60):
            with workload.factory(variant, shared) as (step, check):
                units = 0.0
                for _ in range(steps):
                    units += step(1)
                    if check is not None:
                        check()
    finally:
        if "peer" in shared:
            shared["peer"].close()
    print(units)


# --- components: single operations, no I/O ------------------------------------

class _Sock:
    """Stands for a socket object: what a hot method touches."""

    def __init__(self) -> None:
        self._fd = 7
        self._ops: list = [None] * 4  # padded as sockffi's (_inflight._PADDING)

    def plain(self, data, flags=0):
        return data

    def registered(self, data, flags=0):
        # sockffi's calls-in-flight registration, with no call inside.
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(0)
        fd = self._fd
        try:
            result = data if fd else None
        except BaseException:
            ops.pop()
            if self._fd == -1:
                raise BenchError("closed")
            raise
        ops.pop()
        if self._fd == -1:
            raise BenchError("closed")
        return result


def components() -> List[Tuple[str, Callable[[int], float]]]:
    """(label, step) pairs; each step runs n operations."""
    sock = _Sock()
    getppid = os.getppid
    cell = ffi.new("char[8]", b"abcdefgh")
    send, unpack = lib.send, ffi.unpack
    found = []

    def loop(n):
        for _ in range(n):
            pass
        return n
    found.append(("empty loop iteration", loop))

    def method(n):
        m = sock.plain
        for _ in range(n):
            m(cell)
        return n
    found.append(("Python method call (bound, 1 arg)", method))

    def registered(n):
        m = sock.registered
        for _ in range(n):
            m(cell)
        return n
    found.append(("same method + calls-in-flight registration", registered))

    c_only = getattr(lib, "sockffi_cmsg_len", None)
    if c_only is not None:
        def cffi_call(n):
            for _ in range(n):
                c_only(8)
            return n
        found.append(("cffi call, no syscall (lib.sockffi_cmsg_len)", cffi_call))

    def libc_call(n):  # a libc function, no syscall: libffi's cost in ABI mode
        inet_aton, text, addr = lib.inet_aton, b"10.1.2.3", ffi.new("struct in_addr *")
        for _ in range(n):
            inet_aton(text, addr)
        return n
    found.append(("cffi call into libc, no syscall (lib.inet_aton)", libc_call))

    def unpacking(n):
        for _ in range(n):
            unpack(cell, 8)
        return n
    found.append(("ffi.unpack 8 bytes (bytes from cdata)", unpacking))

    view = ffi.buffer(cell)

    def slicing(n):
        for _ in range(n):
            view[:8]
        return n
    found.append(("ffi.buffer view[:8] (bytes from cdata, recvfrom's way)", slicing))

    length = ffi.new("socklen_t *")

    def length_round_trip(n):
        for _ in range(n):
            length[0] = 16
            length[0]
        return n
    found.append(("socklen_t *: set + get (recvfrom's address length)", length_round_trip))

    def os_syscall(n):
        for _ in range(n):
            getppid()
        return n
    found.append(("os.getppid() (a trivial syscall)", os_syscall))

    def failing(n):
        for _ in range(n):
            send(-1, cell, 0, 0)
        return n
    found.append(("lib.send(-1, ...) -> EBADF (kernel entry+exit)", failing))
    return found


def run_components(rounds: int, duration: float) -> List[Tuple[str, float, float]]:
    """(label, ns per operation, ns minus the empty loop's), medians."""
    steps = components()
    times: Dict[str, List[float]] = {label: [] for label, _ in steps}
    for _, step in steps:  # warm-up
        timed(step, None, duration / 4)
    for r in range(rounds):
        for label, step in (steps if r % 2 == 0 else reversed(steps)):
            times[label].append(timed(step, None, duration).cpu_us * 1e3)
    empty = statistics.median(times[steps[0][0]])
    return [(label, statistics.median(v), statistics.median(v) - empty)
            for label, v in times.items()]


# --- the report -----------------------------------------------------------------

def print_workload(workload: Workload, rows: List[Row],
                   syscalls: Dict[str, Dict[str, float]],
                   work: Dict[str, Optional[Tuple[float, float, float]]]) -> None:
    target = targets.target_for(workload.name)
    print(f"\n== {workload.name}: per {workload.unit} "
          f"(target sockffi/stdlib {targets.describe(target) or '-'})")
    print(f"  {'variant':<36} {'cpu us':>8} {'wall us':>8} {'sys%':>5} {'user us':>8} "
          f"{'sys us':>7} {'vs stdlib cpu':>13} {'wall':>6} {'cpu +-%':>7} {'per round':>11}")
    for r in rows:
        user = r.cpu_us * (1 - r.sys_share)
        print(f"  {r.variant:<36} {r.cpu_us:8.3f} {r.wall_us:8.3f} {r.sys_share * 100:5.0f} "
              f"{user:8.3f} {r.cpu_us - user:7.3f} {r.cpu_ratio:12.2f}x {r.wall_ratio:5.2f}x "
              f"{r.spread * 100:7.1f} {r.ratio_range[0]:5.2f}-{r.ratio_range[1]:.2f}")
    for variant, counts in syscalls.items():
        print(f"  syscalls per {workload.unit}, {variant}: {describe_syscalls(counts)}")
    for variant, figures in work.items():
        if figures is not None:
            print(f"  Python below the loop per {workload.unit}, {variant}: {figures[0]:.0f} "
                  f"bytecodes, {figures[1]:.2g} frames, {figures[2]:.2g} C calls")
    by = {r.variant: r for r in rows}
    bare = [r for r in rows if r.variant.startswith(("os.", "lib"))]
    if bare and "stdlib" in by:
        best = max(bare, key=lambda r: r.cpu_ratio)
        std, ours = by["stdlib"], by.get("sockffi")
        line = (f"  floor: {best.variant} = {best.cpu_ratio:.2f}x the stdlib's rate (cpu); "
                f"stdlib above it {std.cpu_us - best.cpu_us:+.3f} us")
        if ours is not None:
            line += f", sockffi above it {ours.cpu_us - best.cpu_us:+.3f} us"
        print(line)
        least = by.get(next((v for v in by if v.endswith("(least layer)")), ""))
        if least is not None:  # the least drop-in layer over the same bare calls
            line = (f"  least Python layer ({least.variant}): {least.cpu_us:.3f} us, "
                    f"{least.cpu_us - best.cpu_us:+.3f} us above the floor")
            if ours is not None:
                line += f"; sockffi {ours.cpu_us - least.cpu_us:+.3f} us above it"
            print(line)
        if target is not None and target[0] in ("min_ratio", "max_ratio"):
            # a rate's floor or a cost's ceiling: either way a time per unit
            need = std.cpu_us / target[1] if target[0] == "min_ratio" else std.cpu_us * target[1]
            print(f"  the target needs <= {need:.3f} us per {workload.unit}: "
                  f"{'above' if need > best.cpu_us else 'BELOW'} the floor's {best.cpu_us:.3f} us"
                  + (f" by {need - best.cpu_us:.3f} us (room for a layer)"
                     if need > best.cpu_us else ""))


def print_instructions(workload: Workload, counts: Dict[str, float]) -> None:
    """callgrind's instructions per unit, each variant against the stdlib's."""
    base = counts.get("stdlib")
    print(f"  instructions per {workload.unit} (callgrind, user space):")
    for variant, n in counts.items():
        versus = f"  {n / base:5.2f}x the stdlib's" if base else ""
        print(f"    {variant:<36} {n:10,.0f}{versus}")


def print_breakdown(name: str, table: Dict[str, Dict[str, float]]) -> None:
    ops = list(next(iter(table.values())))
    print(f"  per call, wall us (each with one clock read): "
          + " | ".join(f"{op}" for op in ops))
    for v, figures in table.items():
        line = " ".join(f"{figures[op]:8.3f}" for op in ops)
        extra = ""
        if v == "sockffi" and "lib" in table:
            extra = "   above lib: " + " ".join(
                f"{figures[op] - table['lib'][op]:+.3f}" for op in ops)
        print(f"    {v:<8} {line}{extra}")


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks.floors",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="3 rounds x 0.2 s")
    p.add_argument("--rounds", type=int, help="rounds per variant (default 5, quick 3)")
    p.add_argument("--duration", type=float, help="seconds per measurement (default 0.5)")
    p.add_argument("--only", help="comma-separated workload names or prefixes "
                                  "('components' for the no-I/O table)")
    p.add_argument("--mode", choices=("api", "abi"), help="sockffi's binding mode")
    p.add_argument("--cpu", type=int, default=0, help="the CPU to pin to (default 0)")
    p.add_argument("--no-syscalls", action="store_true", help="skip the strace counts")
    p.add_argument("--instructions", action="store_true",
                   help="also count each variant's instructions per unit under callgrind "
                        "(CPython; slow, but steady where the clocks are not)")
    p.add_argument("--child", nargs=3, metavar=("WORKLOAD", "VARIANT", "STEPS"),
                   help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.mode:
        os.environ["SOCKFFI_MODE"] = args.mode  # before the first import; children inherit it
    if args.child:
        name, variant, steps = args.child
        child(name, variant, int(steps))
        return 0
    _load()
    rounds = args.rounds or (3 if args.quick else 5)
    duration = args.duration or (0.2 if args.quick else 0.5)
    warmup = duration if platform.python_implementation() == "PyPy" else duration / 4
    limit = max(30.0, duration * 20)
    wanted = [n.strip() for n in (args.only or "").split(",") if n.strip()]

    def chosen(name):
        return not wanted or any(name.startswith(n) for n in wanted)

    strace = None if args.no_syscalls else shutil.which("strace")
    valgrind = None
    if args.instructions:
        valgrind = shutil.which("valgrind") if sys.implementation.name == "cpython" else None
        if valgrind is None:
            print("instructions: not counted (callgrind needs valgrind and CPython)")
    cpu = pin_to_one_cpu(args.cpu)
    print(f"floors: {platform.python_implementation()} {platform.python_version()} | "
          f"sockffi mode={sockffi.MODE} | pinned to cpu {cpu} | {rounds} rounds x "
          f"{duration:g} s | kernel {os.uname().release} | "
          f"syscalls: {'strace -c' if strace else 'not counted'}")
    print("us = microseconds per unit (medians); sys% = kernel share of this process's "
          "CPU time; vs stdlib = stdlib time / variant time (the benchmark's ratio)")
    shared: dict = {}
    loop_files = _loop_files()
    try:
        for workload in workloads():
            if not chosen(workload.name):
                continue
            rows = run_workload(workload, shared, rounds, duration, warmup, limit)
            syscalls = {}
            if strace:
                for variant in workload.traced:
                    syscalls[variant] = syscalls_per_unit(workload, variant, strace)
            work = {v: python_work(workload, v, shared, loop_files)
                    for v in ("stdlib", "sockffi")}
            print_workload(workload, rows, syscalls, work)
            if valgrind:
                counted = [v for v in workload.variants
                           if v in workload.traced or v.endswith("(least layer)")]
                print_instructions(workload, {v: instructions_per_unit(workload, v, valgrind)
                                              for v in counted})
            if workload.name in BREAKDOWNS:
                print_breakdown(workload.name,
                                run_breakdown(*BREAKDOWNS[workload.name], rounds, duration, limit))
            sys.stdout.flush()
    finally:
        if "peer" in shared:
            shared["peer"].close()
    if chosen("components"):
        print("\n== components: one operation, no I/O (cpu ns; minus = less the empty loop)")
        for label, ns, net in run_components(rounds, duration):
            print(f"  {label:<48} {ns:8.1f} {net:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
