"""Timing machinery shared by every workload: CPU pinning, a watchdog so no
loop can hang, time-bounded loops, and the alternating rounds that give each
module the same conditions.

A workload is measured by a function `measure(mod, duration) -> value` that
does its own setup, runs a time-bounded loop, verifies the data it moved, and
returns one figure (a rate, a cost per call, bytes, seconds).
"""

from __future__ import annotations

import gc
import os
import signal
import statistics
from time import perf_counter, process_time
from typing import Callable, Dict, List, Optional, Sequence


class BenchError(Exception):
    """A workload saw wrong data or could not run: the module does not score."""


class BenchTimeout(BenchError):
    """The watchdog fired: a loop ran far past its time budget."""


def _affinity_calls():
    """(get, set) for this process's CPU mask.  PyPy 3.9's os module lacks
    sched_getaffinity/sched_setaffinity, so there they go through libc."""
    if hasattr(os, "sched_setaffinity"):
        return (lambda: set(os.sched_getaffinity(0)),
                lambda cpu: os.sched_setaffinity(0, {cpu}))
    from cffi import FFI
    ffi = FFI()
    ffi.cdef("int sched_getaffinity(int pid, size_t size, unsigned long *mask);"
             "int sched_setaffinity(int pid, size_t size, const unsigned long *mask);")
    libc = ffi.dlopen(None)
    words = 16  # 1024 CPUs, glibc's cpu_set_t
    bits = ffi.sizeof("unsigned long") * 8

    def get():
        mask = ffi.new("unsigned long[]", words)
        if libc.sched_getaffinity(0, ffi.sizeof(mask), mask) < 0:
            raise OSError(ffi.errno, os.strerror(ffi.errno))
        return {w * bits + b for w in range(words) for b in range(bits) if mask[w] >> b & 1}

    def set_(cpu):
        mask = ffi.new("unsigned long[]", words)
        mask[cpu // bits] = 1 << (cpu % bits)
        if libc.sched_setaffinity(0, ffi.sizeof(mask), mask) < 0:
            raise OSError(ffi.errno, os.strerror(ffi.errno))

    return get, set_


def pin_to_one_cpu(cpu: Optional[int] = None) -> int:
    """Pin this process (and the peers it starts, which inherit the mask) to
    one CPU: on a small shared VM unpinned loopback figures swing several-fold
    as the scheduler moves the two ends around."""
    get, set_ = _affinity_calls()
    if cpu is None:
        cpu = max(get())
    set_(cpu)
    if get() != {cpu}:
        raise BenchError(f"could not pin to cpu {cpu}")
    return cpu


class watchdog:
    """`with watchdog(seconds):` raises BenchTimeout in the main thread if the
    body runs longer.  SIGALRM interrupts a blocked recv; both the stdlib and
    sockffi run the handler at EINTR and let its exception through."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def _fire(self, signum, frame):
        raise BenchTimeout(f"no progress within {self.seconds:.0f} s")

    def __enter__(self):
        self._old = signal.signal(signal.SIGALRM, self._fire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._old)


_clock = perf_counter


def use_cpu_clock(on: bool) -> None:
    """Figures from this process's CPU time (user + system) instead of the
    wall clock: on a loaded machine the time spent waiting for a CPU drops
    out, and what is left is the cost of this side of the workload (the
    peers are other processes).  Loops stay bounded by the wall clock."""
    global _clock
    _clock = process_time if on else perf_counter


def timed_loop(step: Callable[[int], None], duration: float) -> "tuple[int, float]":
    """Call step(n) with growing n until `duration` seconds have passed;
    returns (operations done, seconds taken by the chosen clock).  The
    clocks are read once per batch, so their cost stays out of the figure."""
    done = 0
    batch = 1
    start = perf_counter()
    clock_start = _clock()
    end = start + duration
    while True:
        t0 = perf_counter()
        step(batch)
        done += batch
        now = perf_counter()
        if now >= end:
            return done, _clock() - clock_start
        # Aim for ~50 batches per measurement: cheap clock reads, and the
        # time bound is overshot by at most ~2%.
        if now - t0 < duration / 50:
            batch *= 2


class Result:
    """One workload's figures: values per module per round."""

    def __init__(self, name: str, unit: str, higher_is_better: bool) -> None:
        self.name = name
        self.unit = unit
        self.higher_is_better = higher_is_better
        self.values: Dict[str, List[float]] = {}
        self.error: Optional[str] = None

    def median(self, module: str) -> Optional[float]:
        vals = self.values.get(module)
        return statistics.median(vals) if vals else None

    def spread(self, module: str) -> Optional[float]:
        """(max - min) / median across rounds, as a fraction."""
        vals = self.values.get(module)
        if not vals or len(vals) < 2:
            return None
        med = statistics.median(vals)
        return (max(vals) - min(vals)) / med if med else None

    def round_ratios(self) -> List[float]:
        """sockffi / stdlib per round (the two measured back to back)."""
        a, b = self.values.get("stdlib", []), self.values.get("sockffi", [])
        return [y / x for x, y in zip(a, b) if x]

    def ratio(self) -> Optional[float]:
        ratios = self.round_ratios()
        return statistics.median(ratios) if ratios else None

    def to_json(self) -> dict:
        return {"name": self.name, "unit": self.unit,
                "higher_is_better": self.higher_is_better,
                "values": self.values, "error": self.error}

    @classmethod
    def from_json(cls, data: dict) -> "Result":
        r = cls(data["name"], data["unit"], data["higher_is_better"])
        r.values = data["values"]
        r.error = data.get("error")
        return r


def alternate(result: Result, measure: Callable, modules: Sequence, rounds: int,
              duration: float, warmup: float, limit: float) -> Result:
    """Measure each module `rounds` times, interleaved A B, B A, A B ... so a
    drift in machine load hits both alike.  A warm-up pass first (it lets
    PyPy's JIT compile the loop).  `modules` is [(label, module), ...]."""
    def one(label, mod, seconds):
        gc.collect()
        try:
            with watchdog(limit):
                return measure(mod, seconds)
        except Exception as exc:  # any failure disqualifies, and says where
            raise BenchError(f"{label}: {type(exc).__name__}: {exc}") from exc

    try:
        if warmup > 0:
            for label, mod in modules:
                one(label, mod, warmup)
        for r in range(rounds):
            order = modules if r % 2 == 0 else list(reversed(modules))
            for label, mod in order:
                result.values.setdefault(label, []).append(one(label, mod, duration))
    except BenchError as exc:
        result.error = str(exc)
    return result
