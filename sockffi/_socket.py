"""The socket class: a file descriptor plus the stdlib's timeout semantics.

Timeout modes, as in CPython's socketmodule.c:
  None   the fd is blocking; calls block, EINTR is retried
  0.0    the fd is non-blocking; EAGAIN raises BlockingIOError
  > 0    the fd is non-blocking; poll() before each attempt, against one
         deadline for the whole call; expiry raises TimeoutError('timed out')

EINTR: the loop goes round again, and the interpreter runs the signal
handler at that backward jump, so a handler's exception propagates (PEP 475).
"""

from __future__ import annotations

import os
from errno import EAGAIN, EWOULDBLOCK, EINTR, EINPROGRESS, EISCONN, ECONNRESET
from math import ceil, isnan
from time import monotonic
from typing import Any, Optional, Tuple

from . import _address
from ._binding import ffi, lib, CONSTANTS
from ._constants import to_enum
from ._errors import os_error, timed_out

AF_INET = CONSTANTS["AF_INET"]
AF_INET6 = CONSTANTS["AF_INET6"]
AF_UNIX = CONSTANTS.get("AF_UNIX")
SOCK_STREAM = CONSTANTS["SOCK_STREAM"]
SOCK_NONBLOCK = CONSTANTS.get("SOCK_NONBLOCK", 0)
SOCK_CLOEXEC = CONSTANTS.get("SOCK_CLOEXEC", 0)
SOL_SOCKET = CONSTANTS["SOL_SOCKET"]
SO_ERROR = CONSTANTS["SO_ERROR"]
SO_DOMAIN = CONSTANTS.get("SO_DOMAIN")
SO_TYPE = CONSTANTS["SO_TYPE"]
SO_PROTOCOL = CONSTANTS.get("SO_PROTOCOL")
POLLIN = CONSTANTS["POLLIN"]
POLLOUT = CONSTANTS["POLLOUT"]
POLLERR = CONSTANTS["POLLERR"]
SOMAXCONN = CONSTANTS["SOMAXCONN"]
_HAVE_ACCEPT4 = hasattr(lib, "accept4") and SOCK_CLOEXEC != 0

_recv = lib.recv
_send = lib.send
_new_buffer = ffi.new_allocator(should_clear_after_alloc=False)
_unpack = ffi.unpack
_from_buffer = ffi.from_buffer

_default_timeout: Optional[float] = None


def getdefaulttimeout() -> Optional[float]:
    return _default_timeout


def setdefaulttimeout(timeout: Optional[float]) -> None:
    global _default_timeout
    _default_timeout = _check_timeout(timeout)


def _check_timeout(value) -> Optional[float]:
    if value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise TypeError("Timeout value must be int, float or None") from None
    if isnan(seconds):
        raise ValueError("Invalid value NaN (not a number)")
    if seconds < 0:
        raise ValueError("Timeout value out of range")
    return seconds


def _check_fd(fileno) -> int:
    if isinstance(fileno, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    fd = fileno.__index__() if not isinstance(fileno, int) else fileno
    if fd < 0:
        raise ValueError("negative file descriptor")
    if fd > 0x7FFFFFFF:
        raise OverflowError("file descriptor out of range")
    return fd


def _c_int_arg(value: int) -> int:
    if not -0x80000000 <= value <= 0x7FFFFFFF:
        raise OverflowError("Python int too large to convert to C int")
    return value


def _c_uint(value, name: str) -> int:
    value = value.__index__()
    if not 0 <= value <= 0xFFFFFFFF:
        raise OverflowError(f"{name} out of range")
    return value


def _poll(fd: int, events: int, seconds: float) -> bool:
    """Wait up to `seconds` for `events` on fd; True when ready.  EINTR is
    passed up to the caller, whose loop recomputes the time left."""
    pfd = ffi.new("struct pollfd *")
    pfd.fd = fd
    pfd.events = events
    ms = int(ceil(seconds * 1000.0)) if seconds > 0 else 0
    ms = min(ms, 0x7FFFFFFF)
    res = lib.poll(pfd, 1, ms)
    if res < 0:
        raise os_error(ffi.errno)
    return res > 0


class socket:
    """socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)

    A BSD socket, with the methods and semantics of the stdlib's
    socket.socket."""

    __slots__ = ("_fd", "_family", "_type", "_proto", "_timeout",
                 "_io_refs", "_closed", "__weakref__")

    def __init__(self, family: int = -1, type: int = -1, proto: int = -1,
                 fileno: Optional[int] = None) -> None:
        self._fd = -1
        self._io_refs = 0
        self._closed = False
        if fileno is None:
            if family == -1:
                family = AF_INET
            if type == -1:
                type = SOCK_STREAM
            if proto == -1:
                proto = 0
            fd = lib.socket(family, type | SOCK_CLOEXEC, proto)
            if fd < 0:
                raise os_error(ffi.errno)
        else:
            fd = _check_fd(fileno)
            family, type, proto = self._detect(fd, family, type, proto)
        self._setup(fd, family, type, proto)

    @staticmethod
    def _detect(fd: int, family: int, type: int, proto: int):
        """Family, type and protocol of an existing fd, for those not given."""
        def opt(name):
            value = ffi.new("int *")
            size = ffi.new("socklen_t *", ffi.sizeof("int"))
            if lib.getsockopt(fd, SOL_SOCKET, name, value, size) < 0:
                raise os_error(ffi.errno)
            return value[0]
        if family == -1:
            family = opt(SO_DOMAIN)
        if type == -1:
            type = opt(SO_TYPE)
        if proto == -1:
            proto = opt(SO_PROTOCOL) if SO_PROTOCOL is not None else 0
        return family, type, proto

    def _setup(self, fd: int, family: int, type: int, proto: int) -> None:
        self._fd = fd
        self._family = family
        self._type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)
        self._proto = proto
        if type & SOCK_NONBLOCK:
            self._timeout = 0.0
        else:
            self._timeout = _default_timeout
        if self._timeout is not None:
            os.set_blocking(fd, False)

    @classmethod
    def _from_fd(cls, fd: int, family: int, type: int, proto: int):
        """A socket object for an fd the kernel just handed us (accept,
        socketpair), with no probing."""
        sock = cls.__new__(cls)
        sock._io_refs = 0
        sock._closed = False
        sock._setup(fd, family, type, proto)
        return sock

    # --- attributes --------------------------------------------------------

    @property
    def family(self):
        """The socket family (an AddressFamily member where known)."""
        from . import AddressFamily
        return to_enum(self._family, AddressFamily)

    @property
    def type(self):
        """The socket type (a SocketKind member where known)."""
        from . import SocketKind
        return to_enum(self._type, SocketKind)

    @property
    def proto(self) -> int:
        return self._proto

    @property
    def timeout(self) -> Optional[float]:
        return self._timeout

    def fileno(self) -> int:
        return self._fd

    def __repr__(self) -> str:
        closed = self._closed
        text = "<%s.%s%s fd=%i, family=%s, type=%s, proto=%i" % (
            self.__class__.__module__, self.__class__.__qualname__,
            " [closed]" if closed else "", self._fd, self.family, self.type,
            self._proto)
        if not closed:
            for label, method in (("laddr", self.getsockname), ("raddr", self.getpeername)):
                try:
                    addr = method()
                except OSError:
                    continue
                if addr:
                    text += f", {label}={addr}"
        return text + ">"

    def __getstate__(self):
        raise TypeError(f"cannot pickle {self.__class__.__name__!r} object")

    def __enter__(self):
        return self

    def __exit__(self, *args) -> None:
        if not self._closed:
            self.close()

    # --- timeouts and blocking --------------------------------------------

    def gettimeout(self) -> Optional[float]:
        return self._timeout

    def settimeout(self, value: Optional[float]) -> None:
        timeout = _check_timeout(value)
        self._timeout = timeout
        if self._fd >= 0:
            os.set_blocking(self._fd, timeout is None)

    def getblocking(self) -> bool:
        return self._timeout != 0.0

    def setblocking(self, flag: bool) -> None:
        self.settimeout(None if flag else 0.0)

    def _call(self, events: int, func, *args):
        """Run func(*args) under the socket's timeout; the result when it is
        >= 0, else the errno as an exception.  One deadline for the call."""
        timeout = self._timeout
        deadline = monotonic() + timeout if timeout else 0.0
        while True:
            if timeout and self._fd >= 0:
                remaining = deadline - monotonic()
                if remaining <= 0:
                    raise timed_out()
                try:
                    ready = _poll(self._fd, events, remaining)
                except InterruptedError:
                    continue
                if not ready:
                    raise timed_out()
            result = func(*args)
            if result >= 0:
                return result
            err = ffi.errno
            if err == EINTR:
                continue
            if timeout and (err == EAGAIN or err == EWOULDBLOCK):
                continue
            raise os_error(err)

    # --- life cycle -------------------------------------------------------

    def close(self) -> None:
        self._closed = True
        if self._io_refs <= 0:
            self._real_close()

    def _real_close(self) -> None:
        fd = self._fd
        if fd != -1:
            self._fd = -1  # first, so no later call can land on a reused number
            if lib.close(fd) < 0:
                err = ffi.errno
                if err != ECONNRESET:
                    raise os_error(err)

    def detach(self) -> int:
        self._closed = True
        fd, self._fd = self._fd, -1
        return fd

    def __del__(self) -> None:
        fd = getattr(self, "_fd", -1)
        if fd != -1:
            import warnings
            try:
                warnings.warn(f"unclosed {self!r}", ResourceWarning, source=self)
            except Exception:
                pass
            self._fd = -1
            lib.close(fd)

    # --- addresses --------------------------------------------------------

    def bind(self, address: Any) -> None:
        owner, sa, length = _address.encode(self._family, address, "bind")
        if lib.bind(self._fd, sa, length) < 0:
            raise os_error(ffi.errno)

    def listen(self, backlog: int = min(SOMAXCONN, 128)) -> None:
        backlog = max(0, backlog)
        if lib.listen(self._fd, backlog) < 0:
            raise os_error(ffi.errno)

    def _name(self, func):
        storage, length = _address.new_storage()
        if func(self._fd, ffi.cast("struct sockaddr *", storage), length) < 0:
            raise os_error(ffi.errno)
        return _address.decode(storage, length[0])

    def getsockname(self) -> Any:
        return self._name(lib.getsockname)

    def getpeername(self) -> Any:
        return self._name(lib.getpeername)

    def _accept(self) -> Tuple[int, Any]:
        storage, length = _address.new_storage()
        sa = ffi.cast("struct sockaddr *", storage)
        if _HAVE_ACCEPT4:
            fd = self._call(POLLIN, lib.accept4, self._fd, sa, length, SOCK_CLOEXEC)
        else:
            fd = self._call(POLLIN, lib.accept, self._fd, sa, length)
            os.set_inheritable(fd, False)
        return fd, _address.decode(storage, length[0])

    def accept(self):
        """accept() -> (socket object, address info)"""
        fd, address = self._accept()
        sock = self._from_fd(fd, self._family, self._type, self._proto)
        if _default_timeout is None and self._timeout:
            sock.setblocking(True)
        return sock, address

    def connect(self, address: Any) -> None:
        err = self._connect(address, True)
        if err:
            raise os_error(err)

    def connect_ex(self, address: Any) -> int:
        return self._connect(address, False)

    def _connect(self, address, raise_: bool) -> int:
        owner, sa, length = _address.encode(self._family, address, "connect")
        if lib.connect(self._fd, sa, length) == 0:
            return 0
        err = ffi.errno
        if err == EINTR:
            # PEP 475: the connection goes on asynchronously; a blocking or
            # timed socket waits for it, a non-blocking one reports EINTR.
            wait = self._timeout != 0.0
        else:
            wait = bool(self._timeout) and err == EINPROGRESS
        if not wait:
            return err
        try:
            self._call(POLLOUT | POLLERR, self._connect_result)
        except TimeoutError:
            if raise_:
                raise
            return EWOULDBLOCK
        except OSError as exc:
            if raise_:
                raise
            return exc.errno
        return 0

    def _connect_result(self) -> int:
        """After poll says a pending connect is done: 0, or -1 with errno
        set from SO_ERROR (EISCONN counts as success)."""
        value = ffi.new("int *")
        size = ffi.new("socklen_t *", ffi.sizeof("int"))
        if lib.getsockopt(self._fd, SOL_SOCKET, SO_ERROR, value, size) < 0:
            return -1
        err = value[0]
        if err == 0 or err == EISCONN:
            return 0
        ffi.errno = err
        return -1

    # --- data -------------------------------------------------------------

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        if bufsize < 0:
            raise ValueError("negative buffersize in recv")
        buf = _new_buffer("char[]", bufsize)
        if self._timeout is None:
            while True:
                got = _recv(self._fd, buf, bufsize, flags)
                if got >= 0:
                    return _unpack(buf, got)
                err = ffi.errno
                if err != EINTR:
                    raise os_error(err)
        got = self._call(POLLIN, _recv, self._fd, buf, bufsize, flags)
        return _unpack(buf, got)

    def send(self, data, flags: int = 0) -> int:
        buf = _from_buffer(data)
        if self._timeout is None:
            while True:
                sent = _send(self._fd, buf, len(buf), flags)
                if sent >= 0:
                    return sent
                err = ffi.errno
                if err != EINTR:
                    raise os_error(err)
        return self._call(POLLOUT, _send, self._fd, buf, len(buf), flags)

    def sendall(self, data, flags: int = 0) -> None:
        buf = _from_buffer(data)
        total = len(buf)
        timeout = self._timeout
        if timeout is None:
            offset = 0
            while offset < total:
                sent = _send(self._fd, buf + offset, total - offset, flags)
                if sent >= 0:
                    offset += sent
                    continue
                err = ffi.errno
                if err != EINTR:
                    raise os_error(err)
            return
        # One deadline across all the sends: each attempt gets what is left.
        deadline = monotonic() + timeout
        offset = 0
        try:
            while offset < total:
                if timeout:
                    remaining = deadline - monotonic()
                    if remaining <= 0:
                        raise timed_out()
                    self._timeout = remaining
                offset += self._call(POLLOUT, _send, self._fd, buf + offset,
                                     total - offset, flags)
        finally:
            self._timeout = timeout

    def sendto(self, data, flags_or_address, address=None) -> int:
        if address is None:
            flags, address = 0, flags_or_address
        else:
            flags = flags_or_address
        buf = _from_buffer(data)
        owner, sa, length = _address.encode(self._family, address, "sendto")
        return self._call(POLLOUT, lib.sendto, self._fd, buf, len(buf), flags, sa, length)

    def recvfrom(self, bufsize: int, flags: int = 0):
        if bufsize < 0:
            raise ValueError("negative buffersize in recvfrom")
        buf = _new_buffer("char[]", bufsize)
        storage, length = _address.new_storage()
        got = self._call(POLLIN, lib.recvfrom, self._fd, buf, bufsize, flags,
                         ffi.cast("struct sockaddr *", storage), length)
        return _unpack(buf, got), _address.decode(storage, length[0])

    # --- options ----------------------------------------------------------

    def setsockopt(self, level: int, optname: int, value, optlen: Optional[int] = None) -> None:
        """setsockopt(level, option, value: int | buffer)
        setsockopt(level, option, None, optlen: int)"""
        if optlen is not None:
            if value is not None:
                raise TypeError("setsockopt() takes exactly 4 arguments only when value is None")
            optlen = _c_uint(optlen, "optlen")
            res = lib.setsockopt(self._fd, level, optname, ffi.NULL, optlen)
        elif isinstance(value, int):
            cell = ffi.new("int *", _c_int_arg(value))
            res = lib.setsockopt(self._fd, level, optname, cell, ffi.sizeof("int"))
        else:
            buf = _from_buffer(value)
            res = lib.setsockopt(self._fd, level, optname, buf, len(buf))
        if res < 0:
            raise os_error(ffi.errno)

    def getsockopt(self, level: int, optname: int, buflen: int = 0):
        """getsockopt(level, option[, buflen]) -> int or bytes"""
        if buflen == 0:
            cell = ffi.new("int *")
            size = ffi.new("socklen_t *", ffi.sizeof("int"))
            if lib.getsockopt(self._fd, level, optname, cell, size) < 0:
                raise os_error(ffi.errno)
            return cell[0]
        # Unlike CPython (capped at 1024, gh-112740), any positive size.
        if buflen < 0 or buflen > 0x7FFFFFFF:
            raise OSError("getsockopt buflen out of range")
        buf = ffi.new("char[]", buflen)
        size = ffi.new("socklen_t *", buflen)
        if lib.getsockopt(self._fd, level, optname, buf, size) < 0:
            raise os_error(ffi.errno)
        return _unpack(buf, min(size[0], buflen))

    def shutdown(self, how: int) -> None:
        if lib.shutdown(self._fd, how) < 0:
            raise os_error(ffi.errno)


# The message API (ancillary data) and Linux batch I/O live in their own files.
from . import _msg, _batch  # noqa: E402
_msg.install(socket)
_batch.install(socket)

SocketType = socket


def socketpair(family: Optional[int] = None, type: int = SOCK_STREAM, proto: int = 0):
    """socketpair([family[, type[, proto]]]) -> (socket object, socket object)"""
    if family is None:
        family = AF_UNIX
    fds = ffi.new("int[2]")
    if lib.socketpair(family, type | SOCK_CLOEXEC, proto, fds) < 0:
        raise os_error(ffi.errno)
    return (socket._from_fd(fds[0], family, type, proto),
            socket._from_fd(fds[1], family, type, proto))
