"""What the running interpreter's own socket module does where CPython
releases differ, asked of that module rather than read off a version table:
a patch release can change it (Debian's 3.11.2 words settimeout(inf)'s
overflow as 3.10 does, 3.11.7 as 3.12), and the interpreter is the only
authority on itself.

Each probe is one cheap call on the C `_socket` module (at most one
throwaway UDP socket, never I/O), made on first use and cached.  Where the
stdlib gives no answer to copy (PyPy's module accepts settimeout(inf) and
reports socket(2**40) as EAFNOSUPPORT), the answer is the one sockffi gave
before: the older CPython behaviour."""

from __future__ import annotations

import functools
import sys
import warnings
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Callable, Optional, Tuple

# The stdlib's wordings these probes tell apart.
_PYTIME_OVERFLOW = "timestamp too large to convert to C _PyTime_t"
_C_INT_OVERFLOW = "Python int too large to convert to C int"  # PyLong_AsInt


@functools.lru_cache(maxsize=None)
def _stdlib_module():
    """The C `_socket`, also while `python -m sockffi run` has put
    sockffi's names in sys.modules["_socket"]; None if there is none."""
    from ._run import _stdlib_socket_modules
    try:
        return _stdlib_socket_modules()[1]
    except ImportError:
        return None


def _raised(call: Callable[[], object]) -> Optional[BaseException]:
    try:
        call()
    except Exception as exc:  # whatever the stdlib raises is the answer
        return exc
    return None


def _overflow_message(exc: Optional[BaseException]) -> Optional[str]:
    return str(exc) if isinstance(exc, OverflowError) else None


@functools.lru_cache(maxsize=None)
def _probe_socket_methods() -> Tuple[Optional[str], Optional[str], bool]:
    """settimeout(1e300)'s and settimeout(2**63)'s overflow messages, and
    whether setblocking(None) is accepted, on one stdlib UDP socket."""
    stdlib = _stdlib_module()
    if stdlib is None:
        return None, None, False
    try:
        probe = stdlib.socket(stdlib.AF_INET, stdlib.SOCK_DGRAM)
    except OSError:
        return None, None, False
    try:  # the C type has no context manager (socket.py's class adds it)
        return (_overflow_message(_raised(lambda: probe.settimeout(1e300))),
                _overflow_message(_raised(lambda: probe.settimeout(2 ** 63))),
                _raised(lambda: probe.setblocking(None)) is None)
    finally:
        probe.close()


def timeout_int_overflow() -> str:
    """settimeout/setdefaulttimeout's OverflowError for an int (or a
    nanosecond count) out of the clock's range: 3.13 renamed _PyTime_t."""
    return _probe_socket_methods()[1] or _PYTIME_OVERFLOW


def timeout_float_overflow() -> str:
    """The OverflowError for a float out of range (inf, 1e300): "timestamp
    out of range for platform time_t" from 3.11.7/3.12 on, the int's
    message before (3.10, Debian's 3.11.2)."""
    return _probe_socket_methods()[0] or timeout_int_overflow()


def setblocking_takes_any_object() -> bool:
    """setblocking(flag) takes flag's truth (3.12.1 on: setblocking(None) is
    setblocking(False)); before, flag is a C long."""
    return _probe_socket_methods()[2]


@functools.lru_cache(maxsize=None)
def init_takes_c_int() -> bool:
    """socket(family, type, proto) parses its ints with Argument Clinic's
    `int` (PyLong_AsInt, 3.11 on) rather than PyArg_Parse "i" (its own
    range messages)."""
    stdlib = _stdlib_module()
    if stdlib is None:
        return sys.version_info >= (3, 11)
    # Refused while parsing, before any socket is made.
    return _overflow_message(_raised(lambda: stdlib.socket(2 ** 40))) == _C_INT_OVERFLOW


@functools.lru_cache(maxsize=None)
def htons_takes_c_int() -> bool:
    """htons/ntohs parse with Argument Clinic's `int` (3.13 on: one message
    for both signs) rather than PyArg_Parse "i"."""
    stdlib = _stdlib_module()
    return (stdlib is not None and
            _overflow_message(_raised(lambda: stdlib.htons(2 ** 40))) == _C_INT_OVERFLOW)


@functools.lru_cache(maxsize=None)
def htons_truncates() -> bool:
    """htons/ntohs cut a value above 0xFFFF to 16 bits (with a
    DeprecationWarning: 3.9, PyPy) instead of raising OverflowError."""
    stdlib = _stdlib_module()
    if stdlib is None:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _raised(lambda: stdlib.htons(0x10000)) is None


@functools.lru_cache(maxsize=None)
def inet_aton_names_argument_position() -> bool:
    """inet_aton(1)'s TypeError says "argument 1" (PyArg_ParseTuple) rather
    than "argument" (Argument Clinic, 3.13 on)."""
    stdlib = _stdlib_module()
    raised = _raised(lambda: stdlib.inet_aton(1)) if stdlib is not None else None
    return not (isinstance(raised, TypeError) and "() argument must be" in str(raised))


@functools.lru_cache(maxsize=None)
def getaddrinfo_port_is_a_c_long() -> bool:
    """getaddrinfo's int port goes through PyLong_AsLong (OverflowError
    beyond a C long: up to 3.11) rather than to the lookup as its decimal
    text (3.12 on).  Asked with a numeric host and service: no resolver."""
    stdlib = _stdlib_module()
    if stdlib is None:
        return True
    flags = stdlib.AI_NUMERICHOST | stdlib.AI_NUMERICSERV
    raised = _raised(lambda: stdlib.getaddrinfo("127.0.0.1", 2 ** 64, 0, 0, 0, flags))
    return isinstance(raised, OverflowError)
