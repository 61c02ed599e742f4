"""errno, EAI_* and h_errno codes -> the exceptions the stdlib raises."""

import os
import sys

error = OSError

if sys.version_info >= (3, 10):
    timeout = TimeoutError
else:
    # Python 3.9: the stdlib's socket.timeout is its own OSError subclass;
    # ours is both that and TimeoutError, so either `except` catches it.
    try:
        from _socket import timeout as _stdlib_timeout
    except ImportError:
        _stdlib_timeout = OSError

    class timeout(_stdlib_timeout, TimeoutError):
        """The socket operation timed out."""

try:
    # Reuse the stdlib's classes, so `except socket.gaierror` around a sockffi
    # call catches too (CPython and PyPy both have a _socket module).
    from _socket import gaierror, herror
except ImportError:  # an interpreter without the C socket module
    class herror(OSError):
        """A host lookup error (h_errno)."""

    class gaierror(OSError):
        """An address lookup error (EAI_*)."""


def os_error(code: int) -> OSError:
    """OSError(code, strerror): the constructor picks the subclass
    (ConnectionRefusedError, ...) from the code, as for the stdlib."""
    return OSError(code, os.strerror(code))


def timed_out(message: str = "timed out") -> "timeout":
    return timeout(message)
