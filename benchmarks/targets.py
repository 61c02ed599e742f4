"""The performance targets, API mode, per interpreter: issue 7's, and where
issue 14 set its own (the PyPy figures of the small-message workloads and
of four calls), issue 14's.

A ratio is always sockffi / stdlib.  For rates (higher is better) the target
is a floor; for costs, memory and time a ceiling.  Import time is judged on
sockffi's own milliseconds.
"""

from __future__ import annotations

import platform
from typing import Optional, Tuple

# name (or prefix ending in "*"): (kind, CPython, PyPy)
TARGETS = {
    "socketpair_pingpong": ("min_ratio", 0.95, 1.10),  # (issue 7's PyPy figure: 1.15)
    "tcp_request_response": ("min_ratio", 0.97, 1.05),
    "bulk_send": ("min_ratio", 0.98, 1.10),  # (issue 7's PyPy figure: 1.35)
    "bulk_recv": ("min_ratio", 0.98, 1.10),  # (issue 7's PyPy figure: 1.35)
    "udp_datagrams": ("min_ratio", 0.95, 1.10),
    "udp_batch": ("min_ratio", 3.0, 3.0),
    "aio_udp_*": ("min_ratio", 3.0, 3.0),     # issue 15: vs asyncio's transport
    "aio_uvloop_*": ("min_ratio", 1.0, 1.0),  # and at least uvloop's
    "connect_accept": ("min_ratio", 0.95, 1.05),
    # issue 14: these four at PyPy's own speed or better
    "call_inet_pton": ("max_ratio", 1.3, 1.0),
    "call_inet_aton": ("max_ratio", 1.3, 1.0),
    "call_timeout": ("max_ratio", 1.3, 1.0),
    "call_sockopt": ("max_ratio", 1.3, 1.0),
    "call_*": ("max_ratio", 1.3, 1.5),
    "memory_per_socket": ("max_ratio", 1.5, 1.0),
    "import_time": ("max_value", 15.0, 30.0),
    "tls_*": ("min_ratio", 0.95, 0.95),  # issue 16
}


def entry_for(name: str) -> Optional[Tuple[str, float, float]]:
    """(kind, CPython's bound, PyPy's bound): the name's own entry, else the
    first prefix entry that covers it, or None."""
    entry = TARGETS.get(name)
    if entry is None:
        entry = next((value for key, value in TARGETS.items()
                      if key.endswith("*") and name.startswith(key[:-1])), None)
    return entry


def target_for(name: str) -> Optional[Tuple[str, float]]:
    """(kind, bound) on the running interpreter, or None."""
    entry = entry_for(name)
    if entry is None:
        return None
    kind, cpython, pypy = entry
    return kind, (pypy if platform.python_implementation() == "PyPy" else cpython)


def describe(target: Optional[Tuple[str, float]]) -> str:
    if target is None:
        return ""
    kind, bound = target
    return {"min_ratio": f">={bound:g}x", "max_ratio": f"<={bound:g}x",
            "max_value": f"<={bound:g}"}[kind]


def met(target: Optional[Tuple[str, float]], ratio: Optional[float],
        value: Optional[float]) -> Optional[bool]:
    """True/False, or None where there is no target or no figure."""
    if target is None:
        return None
    kind, bound = target
    figure = value if kind == "max_value" else ratio
    if figure is None:
        return None
    return figure >= bound if kind == "min_ratio" else figure <= bound
