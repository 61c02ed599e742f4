"""The timeout policy, in one place: socket timeouts as CPython keeps them
(parsed into whole nanoseconds, rounded away from zero, read back as float
seconds; a module-wide default for new sockets), poll() for waiting on one
descriptor, and the call loop every blocking-capable call runs through
(the stdlib's sock_call_ex):

  None   the fd is blocking; the call blocks, EINTR is retried
  0.0    the fd is non-blocking; EAGAIN raises BlockingIOError
  > 0    the fd is non-blocking; poll() before each attempt, against one
         deadline for the whole call; expiry raises TimeoutError('timed out')

EINTR: the loop goes round again, and the interpreter runs the signal
handler on the way, so a handler's exception propagates (PEP 475).
The hot data methods inline the blocking case (see _datapath.py)."""

from __future__ import annotations

from math import isnan
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Dict, Optional

from errno import EAGAIN, EBADF, EWOULDBLOCK, EINTR, EISCONN
from time import monotonic

from ._args import integer
from ._binding import ffi, lib, CONSTANTS
from ._errors import os_error, timed_out

POLLOUT = CONSTANTS["POLLOUT"]
POLLERR = CONSTANTS["POLLERR"]
SOL_SOCKET = CONSTANTS["SOL_SOCKET"]
SO_ERROR = CONSTANTS["SO_ERROR"]
from ._stdlib_behaviour import timeout_float_overflow, timeout_int_overflow

_NS = 10 ** 9
_TIME_MIN, _TIME_MAX = -(1 << 63), (1 << 63) - 1
_INT_MAX = 0x7FFFFFFF



def _to_ns(value) -> int:
    """_PyTime_FromSecondsObject(value, _PyTime_ROUND_TIMEOUT)."""
    if isinstance(value, float):
        if isnan(value):
            raise ValueError("Invalid value NaN (not a number)")
        scaled = value * 1e9
        # Round away from zero; the range check is on the double, as in C.
        if not float(_TIME_MIN) <= scaled <= float(_TIME_MAX):
            raise OverflowError(timeout_float_overflow())
        whole = int(scaled)
        if whole != scaled:
            whole += 1 if scaled > 0 else -1
        return whole
    seconds = integer(value)
    if not _TIME_MIN <= seconds <= _TIME_MAX:
        raise OverflowError(timeout_int_overflow())
    ns = seconds * _NS
    if not _TIME_MIN <= ns <= _TIME_MAX:
        raise OverflowError(timeout_int_overflow())
    return ns


def _to_seconds(ns: int) -> float:
    """_PyTime_AsSecondsDouble."""
    if ns % _NS == 0:
        return float(ns // _NS)
    return ns / 1e9


# Floats parsed before -> what parse() gave them (a pure function of the
# value; bounded, cleared when full).  settimeout() looks here first: a
# program sets the same few timeouts again and again, and the parse's frame
# and arithmetic were 3/4 of settimeout + gettimeout (callgrind, CPython
# 3.11: 4747 instructions per pair against the stdlib's 1257).
PARSED: Dict[float, float] = {}
_PARSED_MAX = 256


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
        seconds = float(ns // _NS) if ns % _NS == 0 else ns / 1e9
        if len(PARSED) >= _PARSED_MAX:
            PARSED.clear()
        PARSED[value] = seconds
        return seconds
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


_pollfd = ffi.new_allocator(should_clear_after_alloc=False)


def wait(fd: int, events: int, seconds: Optional[float]) -> int:
    """poll() one descriptor: the events that happened (0 on timeout);
    seconds None waits without limit.  EINTR raises InterruptedError so the
    caller can run the signal handlers and recompute the time left."""
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
    return pfd.revents if res > 0 else 0


def wait_ready(fd: int, events: int, seconds: Optional[float]) -> int:
    """wait(), going on after a signal (the handlers ran) with the time
    left of the same deadline."""
    end = deadline(seconds)
    while True:
        try:
            return wait(fd, events, seconds)
        except InterruptedError:
            if seconds is not None:
                seconds = max(end - monotonic(), 0.0)


def wait_until(fd: int, events: int, end: float, message: str = "timed out") -> None:
    """Block until fd is ready for `events`, or raise TimeoutError(message)
    once the deadline `end` has passed."""
    while True:
        remaining = end - monotonic()
        if remaining <= 0:
            raise timed_out(message)
        try:
            if wait(fd, events, remaining):
                return
        except InterruptedError:
            pass  # the signal handlers ran: the time left is recomputed


def deadline(timeout: Optional[float]) -> float:
    """The monotonic time a timed call must end by (0.0 when untimed)."""
    return monotonic() + timeout if timeout else 0.0


def time_left(timeout: Optional[float], end: float) -> Optional[float]:
    """What is left at the deadline `end` of an operation's timeout (for
    operations of several calls, such as sendall): the timeout itself when
    it is None or 0.0; TimeoutError once it is spent."""
    if not timeout:
        return timeout
    left = end - monotonic()
    if left <= 0:
        raise timed_out()
    return left


def sock_call(sock, events: int, func, args: tuple, timeout: Optional[float]):
    """func(*args) under `timeout` (the socket's, or what is left of an
    operation's): the result when it is >= 0, else the errno as an
    exception.  With a positive timeout, poll() for `events` before each
    attempt, with one deadline; retry on EINTR (after the signal handlers
    ran) and on a spurious EAGAIN."""
    if not timeout:  # None (blocking fd) or 0.0 (non-blocking fd)
        while True:
            result = func(*args)
            if result >= 0:
                return result
            err = ffi.errno
            if err != EINTR:
                raise os_error(err)
    end = monotonic() + timeout
    interval = timeout
    while True:
        if interval < 0:
            raise timed_out()
        if sock._fd == -1:  # closed meanwhile; the arguments hold the old number
            raise os_error(EBADF)
        try:
            ready = wait(sock._fd, events, interval)
        except InterruptedError:
            interval = end - monotonic()
            continue
        if not ready:
            raise timed_out()
        while True:
            result = func(*args)
            if result >= 0:
                return result
            err = ffi.errno
            if err != EINTR:
                break
        if sock._timeout and (err == EAGAIN or err == EWOULDBLOCK):
            interval = end - monotonic()
            continue
        raise os_error(err)


def wait_connect(sock, raise_: bool) -> int:
    """Wait for a pending connect (poll for writability even on a blocking
    socket), then read its outcome from SO_ERROR: 0 or the errno.  A
    timeout raises, or gives EWOULDBLOCK to connect_ex."""
    timeout = sock._timeout
    end = deadline(timeout)
    interval = timeout if timeout else None
    while True:
        if interval is not None and interval < 0:
            if raise_:
                raise timed_out()
            return EWOULDBLOCK
        if sock._fd != -1:
            try:
                ready = wait(sock._fd, POLLOUT | POLLERR, interval)
            except InterruptedError:
                if interval is not None:
                    interval = end - monotonic()
                continue
            if not ready:
                if raise_:
                    raise timed_out()
                return EWOULDBLOCK
        err = _pending_error(sock._fd)
        if err == EINTR:
            continue
        if timeout and (err == EAGAIN or err == EWOULDBLOCK):
            interval = end - monotonic()
            continue
        return err


def _pending_error(fd: int) -> int:
    """SO_ERROR of a pending connect: 0 when connected (EISCONN too)."""
    value = ffi.new("int *")
    size = ffi.new("socklen_t *", ffi.sizeof("int"))
    if lib.getsockopt(fd, SOL_SOCKET, SO_ERROR, value, size) < 0:
        return ffi.errno
    err = value[0]
    return 0 if err == EISCONN else err
