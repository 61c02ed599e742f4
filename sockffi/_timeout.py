"""Socket timeouts as CPython keeps them: parsed into whole nanoseconds
(rounded away from zero), read back as float seconds, a module-wide default
for new sockets, and poll() for waiting on one descriptor."""

from __future__ import annotations

import sys
from math import isnan
from typing import Optional

from ._args import integer
from ._binding import ffi, lib
from ._errors import os_error

_NS = 10 ** 9
_TIME_MIN, _TIME_MAX = -(1 << 63), (1 << 63) - 1
_INT_MAX = 0x7FFFFFFF

if sys.version_info >= (3, 13):
    _INT_OVERFLOW = "timestamp too large to convert to C PyTime_t"
else:
    _INT_OVERFLOW = "timestamp too large to convert to C _PyTime_t"
if sys.version_info >= (3, 10):
    _FLOAT_OVERFLOW = "timestamp out of range for platform time_t"
else:
    _FLOAT_OVERFLOW = _INT_OVERFLOW


def _to_ns(value) -> int:
    """_PyTime_FromSecondsObject(value, _PyTime_ROUND_TIMEOUT)."""
    if isinstance(value, float):
        if isnan(value):
            raise ValueError("Invalid value NaN (not a number)")
        scaled = value * 1e9
        # Round away from zero; the range check is on the double, as in C.
        if not float(_TIME_MIN) <= scaled <= float(_TIME_MAX):
            raise OverflowError(_FLOAT_OVERFLOW)
        whole = int(scaled)
        if whole != scaled:
            whole += 1 if scaled > 0 else -1
        return whole
    try:
        seconds = integer(value)
    except TypeError:
        raise
    if not _TIME_MIN <= seconds <= _TIME_MAX:
        raise OverflowError(_INT_OVERFLOW)
    ns = seconds * _NS
    if not _TIME_MIN <= ns <= _TIME_MAX:
        raise OverflowError(_INT_OVERFLOW)
    return ns


def _to_seconds(ns: int) -> float:
    """_PyTime_AsSecondsDouble."""
    if ns % _NS == 0:
        return float(ns // _NS)
    return ns / 1e9


def parse(value) -> Optional[float]:
    """A timeout argument -> None (blocking) or seconds >= 0, as
    settimeout() stores it."""
    if value is None:
        return None
    if type(value) is float and 0.0 <= value <= 9e9:  # (NaN fails the test)
        # The common case inline: _to_ns's rounding (no overflow possible
        # below 9e9 s), then _to_seconds.
        scaled = value * 1e9
        ns = int(scaled)
        if ns != scaled:
            ns += 1
        return float(ns // _NS) if ns % _NS == 0 else ns / 1e9
    ns = _to_ns(value)
    if ns < 0:
        raise ValueError("Timeout value out of range")
    return _to_seconds(ns)


_default: Optional[float] = None


def getdefaulttimeout() -> Optional[float]:
    """getdefaulttimeout() -> timeout

    The default timeout in seconds (float) for new socket objects; None
    means no timeout."""
    return _default


def setdefaulttimeout(timeout: Optional[float]) -> None:
    """setdefaulttimeout(timeout)

    Set the default timeout in seconds (float) for new socket objects;
    None means no timeout."""
    global _default
    _default = parse(timeout)


def default() -> Optional[float]:
    return _default


_pollfd = ffi.new_allocator(should_clear_after_alloc=False)


def wait(fd: int, events: int, seconds: Optional[float]) -> bool:
    """poll() one descriptor: True when ready, False on timeout; seconds
    None waits without limit.  EINTR raises InterruptedError so the caller
    can run the signal handlers and recompute the time left."""
    pfd = _pollfd("struct pollfd *")
    pfd.fd = fd
    pfd.events = events
    pfd.revents = 0
    if seconds is None:
        ms = -1
    else:
        ms = -int(-seconds * 1000.0 // 1)  # ceiling
        if ms > _INT_MAX:
            ms = _INT_MAX
        elif ms < 0:
            ms = 0
    res = lib.poll(pfd, 1, ms)
    if res < 0:
        raise os_error(ffi.errno)
    return res > 0
