"""How benchmarks/floors.py measures a workload's variant: CPU and wall
time per unit over alternating rounds, the system calls per unit (strace -c
of two child runs), the instructions per unit (callgrind, the same two
runs), and the Python work below the loop (tracing)."""

from __future__ import annotations

import gc
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
from time import perf_counter, process_time
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

from .harness import BenchError, watchdog

CPYTHON = sys.implementation.name == "cpython"


class Workload(NamedTuple):
    name: str         # the benchmark's workload (its target)
    unit: str         # what one iteration is
    factory: Callable
    variants: Tuple[str, ...]
    traced: Tuple[str, ...]  # variants whose syscalls strace counts
    steps: Tuple[int, int]   # the two strace run lengths, in step() iterations
    max_batch: int = 1 << 30  # most iterations per step() (check() verifies after each)


# --- timing -----------------------------------------------------------------

class Figures(NamedTuple):
    cpu_us: float    # CPU time (user + system) per unit, this process only
    wall_us: float   # wall time per unit (the peers' CPU time shows up here)
    user_s: float    # getrusage user and system seconds over the run (the
    sys_s: float     # kernel samples the split per tick: summed over rounds)


def _rusage() -> Tuple[float, float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime, r.ru_stime


def timed(step: Callable[[int], float], check: Optional[Callable[[], None]],
          duration: float, max_batch: int = 1 << 30) -> Figures:
    """Run step(n) with growing n for `duration` seconds of wall time; CPU
    and wall time are summed over the steps only (check() runs untimed).
    The user/system split is taken over the whole run: the kernel samples
    it per tick, so its share is an estimate (a few % at 1 s)."""
    units = 0.0
    wall = cpu = 0.0
    batch = 1
    u0, s0 = _rusage()
    end = perf_counter() + duration
    while True:
        c0, t0 = process_time(), perf_counter()
        units += step(batch)
        t1, c1 = perf_counter(), process_time()
        wall += t1 - t0
        cpu += c1 - c0
        if check is not None:
            check()
        if t1 >= end:
            break
        if t1 - t0 < duration / 30 and batch < max_batch:
            batch *= 2
    u1, s1 = _rusage()
    return Figures(cpu / units * 1e6, wall / units * 1e6, u1 - u0, s1 - s0)


def measure(workload: Workload, variant: str, shared: dict, duration: float,
            limit: float) -> Figures:
    gc.collect()
    with watchdog(limit):
        with workload.factory(variant, shared) as (step, check):
            return timed(step, check, duration, workload.max_batch)


class Row(NamedTuple):
    variant: str
    cpu_us: float
    wall_us: float
    sys_share: float
    cpu_ratio: float   # stdlib time / this variant's time, median of per-round ratios
    wall_ratio: float
    spread: float      # (max - min) / 2 / median of the CPU figures across rounds
    ratio_range: Tuple[float, float]  # the per-round CPU ratios' min and max


def _share(figures: List[Figures]) -> float:
    user, system = sum(f.user_s for f in figures), sum(f.sys_s for f in figures)
    return system / (user + system) if user + system > 0 else 0.0


def run_workload(workload: Workload, shared: dict, rounds: int, duration: float,
                 warmup: float, limit: float) -> List[Row]:
    """Every variant, `rounds` times, alternating (the order reversed every
    other round); a warm-up pass first (PyPy's JIT)."""
    variants = list(workload.variants)
    figures: Dict[str, List[Figures]] = {v: [] for v in variants}
    if warmup > 0:
        for v in variants:
            measure(workload, v, shared, warmup, limit)
    for r in range(rounds):
        for v in (variants if r % 2 == 0 else reversed(variants)):
            figures[v].append(measure(workload, v, shared, duration, limit))
    base = figures["stdlib"]
    rows = []
    for v in variants:
        fs = figures[v]
        cpus = [f.cpu_us for f in fs]
        ratios = [b.cpu_us / f.cpu_us for b, f in zip(base, fs)]
        rows.append(Row(
            v, statistics.median(f.cpu_us for f in fs), statistics.median(f.wall_us for f in fs),
            _share(fs),
            statistics.median(b.cpu_us / f.cpu_us for b, f in zip(base, fs)),
            statistics.median(b.wall_us / f.wall_us for b, f in zip(base, fs)),
            (max(cpus) - min(cpus)) / 2 / statistics.median(cpus), (min(ratios), max(ratios))))
    return rows


def run_breakdown(func: Callable[[str, float], Dict[str, float]], variants, rounds: int,
                  duration: float, limit: float) -> Dict[str, Dict[str, float]]:
    """func(variant, seconds) -> {call: us} for each variant, `rounds` times,
    alternating; the medians per call."""
    got: Dict[str, List[Dict[str, float]]] = {v: [] for v in variants}
    warmup = duration if platform.python_implementation() == "PyPy" else duration / 4
    with watchdog(limit):
        for v in variants:
            func(v, warmup)  # (PyPy's JIT)
    for r in range(rounds):
        for v in (variants if r % 2 == 0 else reversed(variants)):
            gc.collect()
            with watchdog(limit):
                got[v].append(func(v, duration))
    return {v: {op: statistics.median(d[op] for d in ds) for op in ds[0]}
            for v, ds in got.items()}



# --- syscall counts -----------------------------------------------------------

def parse_strace(text: str) -> Dict[str, int]:
    """{syscall: calls} from `strace -c` output."""
    counts: Dict[str, int] = {}
    dashes = 0
    for line in text.splitlines():
        if line.startswith("------"):
            dashes += 1
            continue
        if dashes != 1:
            continue
        fields = line.split()
        if len(fields) >= 5 and fields[3].isdigit():
            counts[fields[-1]] = int(fields[3])
    return counts


def _child_runs(workload: Workload, variant: str, tool: Callable[[str], List[str]],
                read: Callable[[str, int], Dict[str, float]],
                timeout: float = 120, env: Optional[Dict[str, str]] = None) -> Dict[str, float]:
    """Two child runs of the variant (floors.py --child) of different
    lengths under a tool (`tool(output path)`: its command-line prefix),
    their figures (`read(output path, child pid)`) differenced and divided by
    the units between them: setup and teardown drop out."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    command = [sys.executable, "-m", "benchmarks.floors", "--child", workload.name, variant]
    # A run outside the tool first: whatever a run does once (compiling a
    # changed module, writing the calls-in-flight cache) is done before the
    # two measured runs, not in one of them.
    subprocess.run(command + ["1"], cwd=root, capture_output=True, timeout=timeout)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for steps in workload.steps:
            out = os.path.join(tmp, f"run-{steps}")
            proc = subprocess.Popen(
                tool(out) + command + [str(steps)],
                cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                env=None if env is None else dict(os.environ, **env))
            try:
                stdout, stderr = proc.communicate(timeout=timeout)
            finally:
                if proc.returncode is None:
                    proc.kill()
                    proc.wait()
            if proc.returncode != 0:
                raise BenchError(f"{tool(out)[0]} child failed: {stderr.strip()[-300:]}")
            results.append((float(stdout.split()[-1]), read(out, proc.pid)))
    (u1, c1), (u2, c2) = results
    return {name: (c2.get(name, 0) - c1.get(name, 0)) / (u2 - u1) for name in set(c1) | set(c2)}


def syscalls_per_unit(workload: Workload, variant: str, strace: str) -> Dict[str, float]:
    """strace -c of two child runs: system calls per unit, by name."""
    def read(path: str, pid: int) -> Dict[str, float]:
        with open(path) as f:
            return parse_strace(f.read())
    return _child_runs(workload, variant, lambda out: [strace, "-c", "-o", out], read)


def instructions_per_unit(workload: Workload, variant: str, valgrind: str) -> float:
    """callgrind's count of the instructions the child process executed per
    unit, in user space (the kernel's work is not in it): a figure the
    machine's load does not move, where the clocks of a shared VM swing by
    10-30% between runs.  The child's own file is the one named by its pid
    (a forked peer writes its own)."""
    def read(path: str, pid: int) -> Dict[str, float]:
        with open(f"{path}.{pid}") as f:
            for line in f:
                if line.startswith(("summary:", "totals:")):
                    return {"instructions": float(line.split()[1])}
        raise BenchError("callgrind wrote no summary")
    return _child_runs(workload, variant,
                       lambda out: [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}.%p"],
                       read, timeout=600,  # (one string hashing for both runs: steadier)
                       env={"PYTHONHASHSEED": "0"})["instructions"]


def describe_syscalls(counts: Dict[str, float]) -> str:
    shown = sorted(((n, v) for n, v in counts.items() if v >= 0.005), key=lambda x: -x[1])
    return ", ".join(f"{n} {v:.3g}" for n, v in shown) or "(none)"


def python_work(workload: Workload, variant: str, shared: dict,
                loop_files: set) -> Optional[Tuple[float, float, float]]:
    """(bytecodes, Python frames, C calls) per unit executed below the
    benchmark loop -- inside the socket layer -- counted with sys.settrace
    (opcode events) and sys.setprofile (c_call events).  The loops' own
    frames (those of code in `loop_files`) are not counted.  None where the
    interpreter has no opcode tracing (PyPy)."""
    loop_files = set(loop_files) | {__file__}  # (and this function's own setprofile call)
    counts = [0, 0, 0]

    def local(frame, event, arg):
        if event == "opcode":
            counts[0] += 1
        return local

    def global_trace(frame, event, arg):
        if frame.f_code.co_filename in loop_files:
            return None
        # f_trace before f_trace_opcodes: otherwise 3.13 misses the first
        # line's opcodes.
        frame.f_trace = local
        frame.f_trace_opcodes = True
        counts[1] += 1
        return local

    def profile(frame, event, arg):
        if event == "c_call" and frame.f_code.co_filename not in loop_files:
            counts[2] += 1

    if not hasattr(sys._getframe(), "f_trace_opcodes") or not CPYTHON:
        return None
    with watchdog(60):
        with workload.factory(variant, shared) as (step, check):
            step(1)  # first-use caches and pools, not per-call work
            if check is not None:
                check()
            units = 0.0
            # CPython 3.12.1 turns on opcode events when settrace is called
            # from a frame flagged for them, and never from a callee's flag
            # (0 bytecodes otherwise).  This frame's own events still go
            # nowhere: global_trace gives it no f_trace.
            loop_frame = sys._getframe()
            loop_frame.f_trace_opcodes = True
            sys.settrace(global_trace)
            sys.setprofile(profile)
            try:
                for _ in range(workload.steps[0] if workload.max_batch > 1 else 2):
                    units += step(1)
            finally:
                sys.setprofile(None)
                sys.settrace(None)
                loop_frame.f_trace_opcodes = False
            if check is not None:
                check()
    return counts[0] / units, counts[1] / units, counts[2] / units
