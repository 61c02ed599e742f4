"""Workloads that need a fresh interpreter each time: memory per open socket
object and the import time of the module.  Each figure comes from its own
subprocess (same interpreter, same SOCKFFI_MODE), so no cache or warm heap
from an earlier measurement leaks into it."""

from __future__ import annotations

import os
import subprocess
import sys

from .harness import BenchError

# Bytes the interpreter's allocator holds: tracemalloc on CPython (exact),
# the GC's own count on PyPy (which has no tracemalloc).
MEMORY_SCRIPT = r"""
import gc, resource, sys
name, count = sys.argv[1], int(sys.argv[2])
mod = __import__(name)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 256)), hard))
try:
    import tracemalloc
    tracemalloc.start()
    def used():
        gc.collect()
        return tracemalloc.get_traced_memory()[0]
except ImportError:
    def used():
        gc.collect()
        stats = gc.get_stats()  # PyPy: its attributes are formatted text,
        return getattr(stats, "_s", stats).total_gc_memory  # the raw figures
family, kind = mod.AF_INET, mod.SOCK_STREAM
for _ in range(100):  # first-use caches, not per-socket cost
    mod.socket(family, kind).close()
keep = [None] * count
before = used()
for k in range(count):
    keep[k] = mod.socket(family, kind)
after = used()
assert len({s.fileno() for s in keep}) == count
for s in keep:
    s.close()
print((after - before) / count)
"""

IMPORT_SCRIPT = r"""
import sys, time
name, clock = sys.argv[1], getattr(time, sys.argv[2])
assert name not in sys.modules
start = clock()
__import__(name)
print(clock() - start)
"""


def _run(script: str, *args: str, cwd: str) -> float:
    # Bytecode caching on, as for any installed package: with
    # PYTHONDONTWRITEBYTECODE set, a stale .pyc would be recompiled each time.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise BenchError(proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed")
    return float(proc.stdout.split()[-1])


def memory_per_socket(count: int, cwd: str):
    """measure(mod, duration) -> bytes per open socket object."""
    def measure(mod, duration: float) -> float:
        return _run(MEMORY_SCRIPT, mod.__name__, str(count), cwd=cwd)
    return measure


def import_time(cwd: str, cpu_clock: bool = False):
    """measure(mod, duration) -> milliseconds of `import <module>` in a fresh
    interpreter (the median of a few processes per measurement), by the wall
    clock or the process's CPU time."""
    clock = "process_time" if cpu_clock else "perf_counter"

    def measure(mod, duration: float) -> float:
        _run(IMPORT_SCRIPT, mod.__name__, clock, cwd=cwd)  # writes any stale .pyc
        times = sorted(_run(IMPORT_SCRIPT, mod.__name__, clock, cwd=cwd) for _ in range(5))
        return times[2] * 1e3
    return measure


def repo_root_of(module) -> str:
    """The directory to start subprocesses in, so they import the same
    sockffi as this process (the checkout, not some other install)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(module.__file__)))
