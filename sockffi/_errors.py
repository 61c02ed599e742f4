"""errno, EAI_* and h_errno codes -> the exceptions the stdlib raises."""

import os

error = OSError

try:
    from _socket import timeout as _stdlib_timeout
except ImportError:  # an interpreter without the C socket module
    _stdlib_timeout = TimeoutError

if _stdlib_timeout is TimeoutError:  # CPython 3.10 on
    timeout = TimeoutError
else:
    # The stdlib's socket.timeout is its own OSError subclass (Python 3.9,
    # PyPy 3.9): ours is both that and TimeoutError, so either `except`
    # catches it.
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
