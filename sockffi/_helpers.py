"""Module-level helpers built on the socket class and the lookups, as the
stdlib's Lib/socket.py and _socket offer them: create_connection,
create_server, has_dualstack_ipv6, getfqdn, fromfd, dup, close.

Like Lib/socket.py's, they find socket, getaddrinfo, gethostbyaddr... in the
package's namespace when called, so code that patches sockffi.socket or
sockffi.getaddrinfo (tests, mocks, instrumentation) changes what they use."""

from __future__ import annotations

import builtins
import os
import sys
import warnings
from operator import index as _index
from errno import ECONNRESET
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Optional

from ._binding import CONSTANTS
from ._socket import socket

AF_INET = CONSTANTS["AF_INET"]
AF_INET6 = CONSTANTS.get("AF_INET6")
SOCK_STREAM = CONSTANTS["SOCK_STREAM"]
SOL_SOCKET = CONSTANTS["SOL_SOCKET"]
SO_REUSEADDR = CONSTANTS.get("SO_REUSEADDR")
SO_REUSEPORT = CONSTANTS.get("SO_REUSEPORT")
IPPROTO_IPV6 = CONSTANTS.get("IPPROTO_IPV6")
IPV6_V6ONLY = CONSTANTS.get("IPV6_V6ONLY")

has_ipv6 = AF_INET6 is not None


def _package():
    """The package module (sockffi, or its vendored copy)."""
    return sys.modules[__package__]

# The "no timeout given" marker of create_connection.  Code written for the
# stdlib passes socket._GLOBAL_DEFAULT_TIMEOUT, so that one is honoured too.
_GLOBAL_DEFAULT_TIMEOUT = object()


def _is_default_timeout(timeout) -> bool:
    if timeout is _GLOBAL_DEFAULT_TIMEOUT:
        return True
    stdlib = sys.modules.get("socket")
    if getattr(stdlib, "_GLOBAL_DEFAULT_TIMEOUT", None) is _GLOBAL_DEFAULT_TIMEOUT:
        # sockffi stands in for `socket` (install()): the stdlib module's
        # marker lives on in defaults captured before (http.client's, ...)
        from ._run import stdlib_modules
        stdlib = stdlib_modules()[0]
    return timeout is getattr(stdlib, "_GLOBAL_DEFAULT_TIMEOUT", _GLOBAL_DEFAULT_TIMEOUT)


def _exception_group(message: str, exceptions: list):
    """ExceptionGroup (Python >= 3.11, or the `exceptiongroup` backport);
    without either, the last error, as with all_errors=False."""
    group = getattr(builtins, "ExceptionGroup", None)
    if group is None:
        try:
            from exceptiongroup import ExceptionGroup as group
        except ImportError:
            return exceptions[-1]
    return group(message, exceptions)


def create_connection(address: tuple, timeout: Optional[float] = _GLOBAL_DEFAULT_TIMEOUT,
                      source_address: Optional[tuple] = None, *,
                      all_errors: bool = False) -> socket:
    """Connect to a TCP service at (host, port), trying each address
    getaddrinfo gives in turn; return the connected socket.

    timeout: set on the socket before connecting (default: the global
    default).  source_address: a (host, port) to bind to first.  When every
    attempt fails, the last error is raised, or with all_errors=True an
    ExceptionGroup of all of them."""
    host, port = address
    exceptions = []
    package = _package()
    for family, type_, proto, _canonname, sockaddr in package.getaddrinfo(host, port, 0,
                                                                          SOCK_STREAM):
        sock = None
        try:
            sock = package.socket(family, type_, proto)
            if not _is_default_timeout(timeout):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            exceptions.clear()  # no reference cycle through the tracebacks
            return sock
        except OSError as exc:
            if not all_errors:
                exceptions.clear()  # keep only the last error
            exceptions.append(exc)
            if sock is not None:
                sock.close()
    if exceptions:
        try:
            if not all_errors:
                raise exceptions[0]
            raise _exception_group("create_connection failed", exceptions)
        finally:
            exceptions.clear()
    raise OSError("getaddrinfo returns an empty list")


def has_dualstack_ipv6() -> bool:
    """Whether one AF_INET6 socket can accept both IPv4 and IPv6 connections
    (IPV6_V6ONLY can be turned off)."""
    if not has_ipv6 or IPPROTO_IPV6 is None or IPV6_V6ONLY is None:
        return False
    try:
        with _package().socket(AF_INET6, SOCK_STREAM) as sock:
            sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)
            return True
    except OSError:
        return False


def create_server(address: tuple, *, family: int = AF_INET, backlog: Optional[int] = None,
                  reuse_port: bool = False, dualstack_ipv6: bool = False) -> socket:
    """A TCP socket bound to `address` and listening.

    SO_REUSEADDR is set; reuse_port sets SO_REUSEPORT; dualstack_ipv6 (with
    family=AF_INET6) accepts IPv4 connections too, otherwise an AF_INET6
    server is IPv6-only."""
    if reuse_port and SO_REUSEPORT is None:
        raise ValueError("SO_REUSEPORT not supported on this platform")
    package = _package()
    if dualstack_ipv6:
        if not package.has_dualstack_ipv6():
            raise ValueError("dualstack_ipv6 not supported on this platform")
        if family != AF_INET6:
            raise ValueError("dualstack_ipv6 requires AF_INET6 family")
    sock = package.socket(family, SOCK_STREAM)
    try:
        # Not on Windows, where SO_REUSEADDR lets two servers share a port.
        if os.name not in ("nt", "cygwin") and SO_REUSEADDR is not None:
            try:
                sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
            except OSError:
                pass  # bind() will say what is wrong
        # Linux refuses SO_REUSEPORT outside AF_INET/AF_INET6.
        if reuse_port and family in (AF_INET, AF_INET6):
            sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)
        if has_ipv6 and family == AF_INET6:
            if dualstack_ipv6:
                sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)
            elif IPV6_V6ONLY is not None and IPPROTO_IPV6 is not None:
                sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1)
        try:
            sock.bind(address)
        except OSError as err:
            msg = f"{err.strerror} (while attempting to bind on address {address!r})"
            raise OSError(err.errno, msg) from None
        if backlog is None:
            sock.listen()
        else:
            sock.listen(backlog)
        return sock
    except OSError:
        sock.close()
        raise


if sys.version_info >= (3, 10):
    _as_long_arg = _index
else:
    def _as_long_arg(value) -> int:
        """Python 3.9's PyLong_AsLong: __index__, else __int__ (a float
        too) with a DeprecationWarning."""
        if isinstance(value, int):
            return int(value)
        try:
            return _index(value)
        except TypeError:
            pass
        name = type(value).__name__
        if not hasattr(type(value), "__int__"):
            raise TypeError(f"an integer is required (got type {name})")
        warnings.warn(f"an integer is required (got type {name}).  Implicit conversion to "
                      "integers using __int__ is deprecated, and may be removed in a "
                      "future version of Python.", DeprecationWarning, stacklevel=4)
        return int(value)


def _socket_fd(value) -> int:
    """socketmodule.c's PyLong_AsSocket_t: a C long, then cast to the C int
    a descriptor is (so 2**32 - 1 is -1, as in the stdlib)."""
    value = _as_long_arg(value)
    if not -(1 << 63) <= value < (1 << 63):
        raise OverflowError("Python int too large to convert to C long")
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= (1 << 31) else value


def dup(fd: int, /) -> int:
    """Duplicate a socket descriptor; the copy is not inheritable."""
    return os.dup(_socket_fd(fd))


def close(fd: int, /) -> None:
    """Close a socket descriptor (ECONNRESET is not an error here)."""
    fd = _socket_fd(fd)
    try:
        os.close(fd)
    except OSError as exc:
        if exc.errno != ECONNRESET:
            raise


def fromfd(fd: int, family: int, type: int, proto: int = 0) -> socket:
    """A socket object for a duplicate of descriptor `fd`."""
    package = _package()
    return package.socket(family, type, proto, package.dup(fd))


# The names getfqdn takes as "this host": '::' too since Python 3.10.
_ANY_ADDRESSES = ("0.0.0.0", "::") if sys.version_info >= (3, 10) else ("0.0.0.0",)


def getfqdn(name: str = "") -> str:
    """The fully qualified domain name of `name` (default: this host): the
    first name with a dot among the host's name and aliases, else the name
    gethostbyaddr gives."""
    name = name.strip()
    package = _package()
    if not name or name in _ANY_ADDRESSES:
        name = package.gethostname()
    try:
        hostname, aliases, _ = package.gethostbyaddr(name)
    except OSError:
        pass
    else:
        aliases.insert(0, hostname)
        for name in aliases:
            if "." in name:
                break
        else:
            name = hostname
    return name

