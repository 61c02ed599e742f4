"""The socket class: a file descriptor with the methods, timeouts and errors
of the stdlib's socket.socket (CPython's socketmodule.c and Lib/socket.py
are the spec).

Timeout modes:
  None   the fd is blocking; calls block, EINTR is retried
  0.0    the fd is non-blocking; EAGAIN raises BlockingIOError
  > 0    the fd is non-blocking; poll() before each attempt, against one
         deadline for the whole call; expiry raises TimeoutError('timed out')

EINTR: the loop goes round again, and the interpreter runs the signal
handler on the way, so a handler's exception propagates (PEP 475).

Arguments are checked as CPython's argument parser checks them (_args.py);
on the hot paths (send, recv, recv_into, sendall, sendto, recvfrom) the
checks happen only when cffi refuses an argument, so the common case is a
direct C call in a short loop.
"""

from __future__ import annotations

import io
import os
import sys
import warnings
from _thread import allocate_lock
from functools import update_wrapper
from errno import (EAGAIN, EWOULDBLOCK, EINTR, EINPROGRESS, EISCONN, ECONNRESET,
                   EBADF, ENOTSOCK, EINVAL, ENOSYS)
from time import monotonic
from typing import Any, Optional, Tuple

from . import _address, _address_linux, _timeout, _scratch, _addrcache
from ._args import (as_int, as_c_int, as_init_int, as_long, as_ssize, as_uint_mask, integer,
                    from_buffer as _from_buffer, from_buffer_as as _from_buffer_as, read_buffer, write_buffer, reraise_int,
                    SSIZE_MAX)
from . import _binding
from ._binding import ffi, lib, CONSTANTS
from ._constants import to_enum
from ._errors import os_error, timed_out
from ._sendfile import (_GiveupOnSendfile, _check_sendfile_params, _sendfile_use_send,
                        _sendfile_use_sendfile, sendfile as _sendfile)
from ._socketio import SocketIO
from ._timeout import getdefaulttimeout, setdefaulttimeout, wait as _wait

_address_linux.install()

AF_INET = CONSTANTS["AF_INET"]
AF_INET6 = CONSTANTS.get("AF_INET6")
AF_UNIX = CONSTANTS.get("AF_UNIX")
AF_ALG = CONSTANTS.get("AF_ALG")
AF_VSOCK = CONSTANTS.get("AF_VSOCK")
SOCK_STREAM = CONSTANTS["SOCK_STREAM"]
SOCK_NONBLOCK = CONSTANTS.get("SOCK_NONBLOCK", 0)
SOCK_CLOEXEC = CONSTANTS.get("SOCK_CLOEXEC", 0)
SOL_SOCKET = CONSTANTS["SOL_SOCKET"]
SO_ERROR = CONSTANTS["SO_ERROR"]
SO_TYPE = CONSTANTS.get("SO_TYPE")
SO_PROTOCOL = CONSTANTS.get("SO_PROTOCOL")
POLLIN = CONSTANTS["POLLIN"]
POLLOUT = CONSTANTS["POLLOUT"]
POLLERR = CONSTANTS["POLLERR"]
SOMAXCONN = CONSTANTS["SOMAXCONN"]
SHUT_RDWR = CONSTANTS["SHUT_RDWR"]

_recv = lib.recv
_send = lib.send
_sendto = lib.sendto
_recvfrom = lib.recvfrom
_socket_c = lib.socket
_typeof = type  # (the constructor's `type` parameter hides the builtin)


def _plain_int(value):
    """An int subclass (IntEnum) as its int; anything else as it is (for
    as_init_int's checks and wording)."""
    return int.__index__(value) if isinstance(value, int) else value
_accept4 = getattr(lib, "accept4", None)
_connect = lib.connect
_new_buffer = ffi.new_allocator(should_clear_after_alloc=False)
_new_zeroed = ffi.new_allocator(should_clear_after_alloc=True)
_unpack = ffi.unpack
_release = ffi.release  # a from_buffer() view, given back before an error propagates
_SOCKADDR_P = ffi.typeof("struct sockaddr *")
_SOCKLEN_P = ffi.typeof("socklen_t *")
_STORAGE_P = ffi.typeof("struct sockaddr_storage *")
_INT_SIZE = ffi.sizeof("int")
_audit = getattr(sys, "audit", None)

# Hot-path helpers: pooled C blocks instead of per-call allocations
# (_scratch), memoised numeric addresses (_addrcache), one-call int options
# and blocking flag (C helpers in API mode, Python twins in ABI mode).
_CHARS = ffi.typeof("char[]")
_SCRATCH_SIZE = _scratch.SIZE
_STORAGE_SIZE = _scratch.STORAGE_SIZE
_take, _give, _new_block = _scratch.take, _scratch.give, _scratch.new_block
_encode_cached, _decode_raw = _addrcache.encode, _addrcache.decode
_decoded = _addrcache._decoded  # sender bytes -> address, for an inline hit
_ADDRLEN = _address._SIZES  # family -> sockaddr size (getsockaddrlen)
_sockopt_set_int = _binding.setsockopt_int
_sockopt_get_int = _binding.getsockopt_int
_GETSOCKOPT_FAILED = _binding.GETSOCKOPT_FAILED
_set_blocking = _binding.set_blocking
# CPython: on a stream socket with no flags and no timeout, recv(2) and
# send(2) are read(2) and write(2) (the kernel runs the same sock_recvmsg /
# sock_sendmsg), and the interpreter's os.read/os.write do them in one C call
# that builds the bytes in place: about 7% less per round trip than a cffi
# call (python -m benchmarks --clock cpu).  On PyPy the cffi call is the
# cheaper one (its os.write copies), so there the type matches nothing.
_OS_IO_TYPE = SOCK_STREAM if sys.implementation.name == "cpython" else None
_os_read, _os_write = os.read, os.write
_os_readv = getattr(os, "readv", None)  # (PyPy has none; it never takes that path)
_ZERO = 0  # (see the hot paths)
_KIND_MASK = ~(SOCK_NONBLOCK | SOCK_CLOEXEC)

# Kernels that predate SOCK_CLOEXEC / accept4 (Linux < 2.6.27 / 2.6.28) fail
# with EINVAL / ENOSYS: remember it and fall back to a separate fcntl.
_cloexec_works = SOCK_CLOEXEC != 0
_accept4_works = hasattr(lib, "accept4") and SOCK_CLOEXEC != 0

_MISSING = object()
_enums = {}


def _enum(name: str):
    """AddressFamily / SocketKind, built by the package at import."""
    cls = _enums.get(name)
    if cls is None:
        cls = _enums[name] = getattr(sys.modules[__package__], name)
    return cls


def _fd_arg(fileno) -> int:
    """socket(fileno=...): PyLong_AsLong, then the cast to the C int that
    holds a descriptor (so 2**32 + 5 is 5, as for the stdlib)."""
    value = as_long(fileno)
    fd = ((value + 0x80000000) & 0xFFFFFFFF) - 0x80000000
    if fd < 0:
        raise ValueError("negative file descriptor")
    return fd


def _getsockopt_int(fd: int, name: int) -> int:
    value = ffi.new("int *")
    size = ffi.new("socklen_t *", _INT_SIZE)
    if lib.getsockopt(fd, SOL_SOCKET, name, value, size) < 0:
        raise os_error(ffi.errno)
    return value[0]


def _recv_size(bufsize, flags, method: str) -> int:
    """recv/recvfrom's ("n|i") checks, in the stdlib's order."""
    bufsize = as_ssize(bufsize)
    as_int(flags)
    if bufsize < 0:
        raise ValueError(f"negative buffersize in {method}")
    return bufsize


def _into_size(buffer, nbytes, flags, method: str):
    """recv_into/recvfrom_into's ("w*|ni") checks: (cffi buffer, nbytes)."""
    buf = write_buffer(buffer, method)
    try:
        nbytes = as_ssize(nbytes)
        as_int(flags)
        if nbytes < 0:
            raise ValueError(f"negative buffersize in {method}")
        size = len(buf)
        if nbytes == 0:
            nbytes = size
        elif nbytes > size:
            raise ValueError("buffer too small for requested bytes" if method == "recv_into"
                             else "nbytes is greater than the length of the buffer")
    except BaseException:
        _release(buf)  # as the C module releases its Py_buffer: the caller may
        raise          # resize its bytearray while handling the error
    return buf, nbytes


def _truncated(buf, size: int, got: int) -> bytes:
    """recv(..., MSG_TRUNC) reports a datagram's real length, which can
    exceed the buffer.  The stdlib then returns that many bytes, the ones
    past the buffer unset; here they are zeros (never memory past the
    buffer), so len() still tells the datagram's size."""
    return _unpack(buf, size) + bytes(got - size)


if sys.version_info >= (3, 13):
    def _block_flag(flag) -> bool:
        return bool(flag)
else:
    def _block_flag(flag) -> bool:
        return as_long(flag) != 0


class socket:
    """socket(family=AF_INET, type=SOCK_STREAM, proto=0) -> socket object
    socket(family=-1, type=-1, proto=-1, fileno=None) -> socket object

    Open a socket of the given type.  The family argument specifies the
    address family; it defaults to AF_INET.  The type argument specifies
    whether this is a stream (SOCK_STREAM, this is the default)
    or datagram (SOCK_DGRAM) socket.  The protocol argument defaults to 0,
    specifying the default protocol.  Keyword arguments are accepted.
    The socket is created as non-inheritable.

    When a fileno is passed in, family, type and proto are auto-detected,
    unless they are explicitly set.
    """

    __slots__ = ("__weakref__", "_fd", "_family", "_type", "_proto", "_timeout",
                 "_state", "_ops")

    def __init__(self, family: int = -1, type: int = -1, proto: int = -1,
                 fileno: Optional[int] = None) -> None:
        self._fd = -1
        self._ops = None  # the calls in flight, from the first (see "Calls in flight")
        self._state = 0  # _io_refs and _closed (see below)
        self._timeout = None
        # Converted first: an __index__ object worth -1 also means the default
        # (the stdlib's C constructor applies the defaults after parsing).
        # (Inline for ints and IntEnum members; the rest, and any value out
        # of the common range, through as_init_int for the stdlib's errors.)
        if _typeof(family) is not int:
            family = _plain_int(family)
        if _typeof(type) is not int:
            type = _plain_int(type)
        if _typeof(proto) is not int:
            proto = _plain_int(proto)
        if not (_typeof(family) is int and _typeof(type) is int and _typeof(proto) is int
                and -1 <= family <= 0xFFFF and -1 <= type <= 0xFFFFFFF and -1 <= proto <= 0xFFFF):
            family, type, proto = (as_init_int(family), as_init_int(type),
                                   as_init_int(proto))
        if fileno is None:
            if family == -1:
                family = AF_INET
            if type == -1:
                type = SOCK_STREAM
            if proto == -1:
                proto = 0
        if _audit is not None:
            _audit("socket.__new__", self, family, type, proto)
        if fileno is None:
            fd = _socket_c(family, type | SOCK_CLOEXEC, proto) if _cloexec_works else -1
            if fd < 0:
                fd = self._create(family, type, proto)
        else:
            fd = _fd_arg(fileno)
            family, type, proto = self._detect(fd, family, type, proto)
        try:
            self._setup(fd, family, type, proto)
        except BaseException:
            os.close(fd)
            raise

    @staticmethod
    def _create(family: int, type: int, proto: int) -> int:
        global _cloexec_works
        if _cloexec_works:
            fd = lib.socket(family, type | SOCK_CLOEXEC, proto)
            if fd >= 0:
                return fd
            err = ffi.errno
            if err != EINVAL:
                raise os_error(err)
            # Perhaps an old kernel without SOCK_CLOEXEC: try without it.
            fd = lib.socket(family, type, proto)
            if fd < 0:
                raise os_error(ffi.errno)
            _cloexec_works = False
        else:
            fd = lib.socket(family, type, proto)
            if fd < 0:
                raise os_error(ffi.errno)
        try:
            os.set_inheritable(fd, False)
        except BaseException:
            os.close(fd)
            raise
        return fd

    @staticmethod
    def _detect(fd: int, family: int, type: int, proto: int):
        """Validate an existing fd (a socket?) and fill in family, type and
        protocol where they are -1."""
        storage = _new_zeroed(_STORAGE_P)
        size = ffi.new(_SOCKLEN_P, _address.STORAGE_SIZE)
        if lib.getsockname(fd, ffi.cast(_SOCKADDR_P, storage), size) == 0:
            if family == -1:
                family = storage.ss_family
        else:
            # AF_ALG sockets cannot getsockname(): only a bad fd or a
            # non-socket is an error, unless the family must come from it.
            err = ffi.errno
            if family == -1 or err == EBADF or err == ENOTSOCK:
                raise os_error(err)
        if type == -1:
            type = _getsockopt_int(fd, SO_TYPE) if SO_TYPE is not None else SOCK_STREAM
        if proto == -1:
            proto = _getsockopt_int(fd, SO_PROTOCOL) if SO_PROTOCOL is not None else 0
        return family, type, proto

    def _setup(self, fd: int, family: int, type: int, proto: int) -> None:
        self._fd = fd
        self._family = family
        self._type = type & _KIND_MASK
        self._proto = proto
        if type & SOCK_NONBLOCK:
            self._timeout = 0.0
        else:
            timeout = self._timeout = _timeout._default  # (read, not called)
            if timeout is not None:
                os.set_blocking(fd, False)

    @classmethod
    def _from_fd(cls, fd: int, family: int, type: int, proto: int) -> "socket":
        """A socket object for a descriptor the kernel just created for us
        (accept, socketpair): nothing to validate or probe."""
        sock = cls.__new__(cls)
        sock._fd = -1
        sock._ops = None
        sock._state = 0
        sock._timeout = None
        try:
            sock._setup(fd, family, type, proto)
        except BaseException:
            os.close(fd)
            raise
        return sock

    # --- attributes --------------------------------------------------------

    # Lib/socket.py's _io_refs (makefile() objects not yet closed) and
    # _closed (close() was called), packed in one slot: every open socket
    # carries them, and a slot less keeps the object near the stdlib's size.
    @property
    def _io_refs(self) -> int:
        return self._state >> 1

    @_io_refs.setter
    def _io_refs(self, value: int) -> None:
        self._state = value << 1 | (self._state & 1)

    @property
    def _closed(self) -> bool:
        return bool(self._state & 1)

    @_closed.setter
    def _closed(self, value: bool) -> None:
        self._state = self._state & ~1 | (1 if value else 0)

    @property
    def family(self):
        """Read-only access to the address family for this socket."""
        return to_enum(self._family, _enum("AddressFamily"))

    @property
    def type(self):
        """Read-only access to the socket type."""
        return to_enum(self._type, _enum("SocketKind"))

    @property
    def proto(self) -> int:
        """the socket protocol"""
        return self._proto

    @property
    def timeout(self) -> Optional[float]:
        """the socket timeout"""
        return self._timeout

    def fileno(self) -> int:
        """fileno() -> integer

        Return the integer file descriptor of the socket."""
        return self._fd

    def __repr__(self) -> str:
        """The real class name, descriptor, family, type, protocol and
        addresses."""
        closed = getattr(self, "_closed", False)
        text = "<%s.%s%s fd=%i, family=%s, type=%s, proto=%i" % (
            self.__class__.__module__, self.__class__.__qualname__,
            " [closed]" if closed else "", self.fileno(), self.family, self.type,
            self.proto)
        if not closed:
            try:
                laddr = self.getsockname()
                if laddr:
                    text += ", laddr=%s" % str(laddr)
            except (OSError, AttributeError):
                pass
            try:
                raddr = self.getpeername()
                if raddr:
                    text += ", raddr=%s" % str(raddr)
            except (OSError, AttributeError):
                pass
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
        """gettimeout() -> timeout

        Returns the timeout in seconds (float) associated with socket
        operations. A timeout of None indicates that timeouts on socket
        operations are disabled."""
        return self._timeout

    def settimeout(self, value: Optional[float], /) -> None:
        """settimeout(timeout)

        Set a timeout on socket operations.  'timeout' can be a float,
        giving in seconds, or None.  Setting a timeout of None disables
        the timeout feature and is equivalent to setblocking(1).
        Setting a timeout of zero is the same as setblocking(0)."""
        timeout = None if value is None else _timeout.parse(value)
        self._timeout = timeout
        _set_blocking(self._fd, timeout is None)

    def getblocking(self) -> bool:
        """getblocking()

        Returns True if socket is in blocking mode, or False if it
        is in non-blocking mode."""
        return self._timeout != 0.0

    def setblocking(self, flag: bool, /) -> None:
        """setblocking(flag)

        Set the socket to blocking (flag is true) or non-blocking (false).
        setblocking(True) is equivalent to settimeout(None);
        setblocking(False) is equivalent to settimeout(0.0)."""
        block = _block_flag(flag)
        self._timeout = None if block else 0.0
        _set_blocking(self._fd, block)

    def _call(self, events: int, func, *args):
        """func(*args) under the socket's timeout: the result when it is
        >= 0, else the errno as an exception.  (The stdlib's sock_call.)"""
        return self._sock_call(events, func, args, self._timeout)

    def _sock_call(self, events: int, func, args, timeout: Optional[float]):
        """The stdlib's sock_call_ex: with a positive timeout, poll() for
        `events` before each attempt, with one deadline; retry on EINTR
        (after the signal handlers ran) and on a spurious EAGAIN."""
        if not timeout:  # None (blocking fd) or 0.0 (non-blocking fd)
            while True:
                result = func(*args)
                if result >= 0:
                    return result
                err = ffi.errno
                if err != EINTR:
                    raise os_error(err)
        deadline = monotonic() + timeout
        interval = timeout
        while True:
            if interval < 0:
                raise timed_out()
            if self._fd == -1:  # closed meanwhile; the arguments hold the old number
                raise os_error(EBADF)
            try:
                ready = _wait(self._fd, events, interval)
            except InterruptedError:
                interval = deadline - monotonic()
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
            if self._timeout and (err == EAGAIN or err == EWOULDBLOCK):
                interval = deadline - monotonic()
                continue
            raise os_error(err)

    # --- life cycle -------------------------------------------------------

    def close(self) -> None:
        """close()

        Close the socket.  It cannot be used after this call.  A call
        blocked on it in another thread is woken (the socket is shut down)
        and raises EBADF; the descriptor is closed when that call returns."""
        self._closed = True  # (the properties: a subclass's own slots may shadow them)
        if self._io_refs <= 0:
            self._real_close()

    def _real_close(self, _close=lib.close, _shutdown=lib.shutdown) -> None:
        # See "Calls in flight" below: new calls get EBADF from here on, a
        # call in flight is woken, and the last one out closes the fd.
        with _close_lock:
            fd = self._fd
            self._fd = -1
            if fd == -1:
                return
            ops = self._ops
            if ops and _generation in ops:
                _left_open[id(self)] = (self, fd)  # (by id: a subclass's __eq__/__hash__ plays no part)
                _shutdown(fd, SHUT_RDWR)
                return
        # No retry on EINTR: the fd is gone either way (see close(2)).
        if _close(fd) < 0:
            err = ffi.errno
            if err != ECONNRESET:  # the peer may have reset already
                raise os_error(err)

    def _last_out(self, _close=lib.close) -> None:
        """A call leaves a closed socket: if no other call is in flight,
        close the fd that close() had to leave open."""
        with _close_lock:
            ops = self._ops
            if ops and _generation in ops:
                return
            entry = _left_open.pop(id(self), None)
        if entry is not None:
            _close(entry[1])

    def _in_flight(self) -> list:
        """self._ops, made on a socket's first call that can block (an idle
        socket does not carry it)."""
        with _close_lock:
            ops = self._ops
            if ops is None:
                ops = self._ops = []
        return ops

    def _decref_socketios(self) -> None:
        if self._io_refs > 0:
            self._io_refs -= 1
        if self._closed:
            self.close()

    def detach(self) -> int:
        """detach() -> file descriptor

        Close the socket object without closing the underlying file
        descriptor.  The object cannot be used after this call, but the
        file descriptor can be reused for other purposes.  The file
        descriptor is returned."""
        self._closed = True
        with _close_lock:
            fd = self._fd  # -1 when closed already (its fd goes with the last call in flight)
            self._fd = -1
        return fd

    def __del__(self, _close=lib.close) -> None:
        fd = getattr(self, "_fd", -1)  # (no call can be in flight here)
        if fd == -1:
            return
        try:
            # Warn first, so the warning's repr can still name the
            # addresses, then close.
            warnings.warn(f"unclosed {self!r}", ResourceWarning, source=self)
        except Exception as exc:
            # As CPython's finaliser: only a warning turned error is
            # reported; spurious errors at shutdown (modules gone) are not.
            if isinstance(exc, Warning):
                raise
        finally:
            self._fd = -1
            _close(fd)

    def dup(self) -> "socket":
        """dup() -> socket object

        Duplicate the socket. Return a new socket object connected to the
        same system resource. The new socket is non-inheritable."""
        fd = os.dup(self.fileno())
        sock = self.__class__(self.family, self.type, self.proto, fileno=fd)
        sock.settimeout(self.gettimeout())
        return sock

    def get_inheritable(self) -> bool:
        """Get the inheritable flag of the socket"""
        return os.get_inheritable(self.fileno())

    def set_inheritable(self, inheritable: bool) -> None:
        """Set the inheritable flag of the socket"""
        os.set_inheritable(self.fileno(), inheritable)

    def makefile(self, mode: str = "r", buffering: Optional[int] = None, *,
                 encoding: Optional[str] = None, errors: Optional[str] = None,
                 newline: Optional[str] = None):
        """makefile(...) -> an I/O stream connected to the socket

        The arguments are as for io.open() after the filename, except the only
        supported mode values are 'r' (default), 'w', 'b', or a combination of
        those.
        """
        if not set(mode) <= {"r", "w", "b"}:
            raise ValueError("invalid mode %r (only r, w, b allowed)" % (mode,))
        writing = "w" in mode
        reading = "r" in mode or not writing
        binary = "b" in mode
        rawmode = ""
        if reading:
            rawmode += "r"
        if writing:
            rawmode += "w"
        raw = SocketIO(self, rawmode)
        self._io_refs += 1
        if buffering is None:
            buffering = -1
        if buffering < 0:
            buffering = io.DEFAULT_BUFFER_SIZE
        if buffering == 0:
            if not binary:
                raise ValueError("unbuffered streams must be binary")
            return raw
        if reading and writing:
            buffer = io.BufferedRWPair(raw, raw, buffering)
        elif reading:
            buffer = io.BufferedReader(raw, buffering)
        else:
            buffer = io.BufferedWriter(raw, buffering)
        if binary:
            return buffer
        if hasattr(io, "text_encoding"):  # Python >= 3.10 (PEP 597)
            encoding = io.text_encoding(encoding)
        text = io.TextIOWrapper(buffer, encoding, errors, newline)
        text.mode = mode
        return text

    sendfile = _sendfile
    _sendfile_use_sendfile = _sendfile_use_sendfile
    _sendfile_use_send = _sendfile_use_send
    _check_sendfile_params = _check_sendfile_params

    # --- addresses --------------------------------------------------------

    def _encode(self, address, caller: str):
        return _address.encode(self._family, address, caller, self._fd, self._proto)

    def _decode(self, storage, length: int):
        return _address.decode(storage, length, self._fd, self._proto)

    def bind(self, address: Any, /) -> None:
        """bind(address)

        Bind the socket to a local address.  For IP sockets, the address is
        a pair (host, port); the host must refer to the local host."""
        owner, sa, length = self._encode(address, "bind")
        if _audit is not None:
            _audit("socket.bind", self, address)
        if lib.bind(self._fd, sa, length) < 0:
            raise os_error(ffi.errno)

    def listen(self, backlog: int = min(SOMAXCONN, 128), /) -> None:
        """listen([backlog])

        Enable a server to accept connections.  If backlog is specified, it
        must be at least 0 (if it is lower, it is set to 0); it specifies
        the number of unaccepted connections that the system will allow
        before refusing new connections. If not specified, a default
        reasonable value is chosen."""
        backlog = as_int(backlog)
        if lib.listen(self._fd, max(backlog, 0)) < 0:
            raise os_error(ffi.errno)

    def _name(self, func):
        size = _address.addrlen(self._family)
        storage = _new_zeroed(_STORAGE_P)
        length = ffi.new(_SOCKLEN_P, size)
        if func(self._fd, ffi.cast(_SOCKADDR_P, storage), length) < 0:
            raise os_error(ffi.errno)
        return self._decode(storage, length[0])

    def getsockname(self) -> Any:
        """getsockname() -> address info

        Return the address of the local endpoint."""
        return self._name(lib.getsockname)

    def getpeername(self) -> Any:
        """getpeername() -> address info

        Return the address of the remote endpoint."""
        return self._name(lib.getpeername)

    def _accept(self) -> Tuple[int, Any]:
        """_accept() -> (integer, address info)

        Wait for an incoming connection.  Return a new socket file
        descriptor representing the connection, and the address of the
        client."""
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            result = self._accept_on(fd)
        except BaseException as exc:
            ops.pop()
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        ops.pop()
        if self._fd == -1:
            return _returned_after_close(self, fd, result, None)
        return result

    def _accept_on(self, listener: int) -> Tuple[int, Any]:
        global _accept4_works
        family = self._family
        size = _ADDRLEN.get(family) or _address.addrlen(family)
        try:
            block = _take()  # a pooled address storage: no allocation
        except IndexError:
            block = None
        try:
            _, sa, raw, length, _ = _new_block(0) if block is None else block
            length[0] = size
            if family == AF_ALG:  # accept() with an address: ECONNABORTED
                sa, lenp = ffi.NULL, ffi.NULL
                length[0] = 0
            else:
                lenp = length
            fd = -1
            if _accept4_works and self._timeout is None:
                while True:  # the common case, without _call's frames
                    fd = _accept4(listener, sa, lenp, SOCK_CLOEXEC)
                    if fd >= 0:
                        break
                    err = ffi.errno
                    if err == ENOSYS:
                        break  # (the general case below finds out)
                    if err != EINTR:
                        raise os_error(err)
                    length[0] = size
            if fd < 0 and _accept4_works:
                try:
                    fd = self._call(POLLIN, _accept4, listener, sa, lenp, SOCK_CLOEXEC)
                except OSError as exc:
                    if exc.errno != ENOSYS:
                        raise
                    _accept4_works = False
            if fd < 0:
                fd = self._call(POLLIN, lib.accept, listener, sa, lenp)
                try:
                    os.set_inheritable(fd, False)
                except BaseException:
                    os.close(fd)
                    raise
            n = length[0]
            raw = _unpack(raw, n if n < _STORAGE_SIZE else _STORAGE_SIZE)
            # A new peer port each time: decoded, not remembered.
            return fd, _decode_raw(family, raw, n, listener, self._proto, False)
        finally:
            if block is not None:
                _give(block)

    def accept(self) -> Tuple["socket", Any]:
        """accept() -> (socket object, address info)

        Wait for an incoming connection.  Return a new socket
        representing the connection, and the address of the client.
        For IP sockets, the address info is a pair (hostaddr, port).
        """
        fd, address = self._accept()
        sock = socket._from_fd(fd, self._family, self._type, self._proto)
        # bpo-7995: with no default timeout, a connection accepted by a
        # socket with a timeout is blocking, whatever the platform inherits.
        if self._timeout and _timeout._default is None:
            sock.setblocking(True)
        return sock, address

    def connect(self, address: Any, /) -> None:
        """connect(address)

        Connect the socket to a remote address.  For IP sockets, the address
        is a pair (host, port)."""
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            self._connect(fd, address, True, "connect")
        except BaseException as exc:
            ops.pop()
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        ops.pop()
        if self._fd == -1:
            self._last_out()

    def connect_ex(self, address: Any, /) -> int:
        """connect_ex(address) -> errno

        This is like connect(address), but returns an error code (the errno
        value) instead of raising an exception when an error occurs."""
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            err = self._connect(fd, address, False, "connect_ex")
        except BaseException as exc:
            ops.pop()
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        ops.pop()
        if self._fd == -1:
            self._last_out()
        return err

    def _connect(self, fd: int, address, raise_: bool, caller: str) -> int:
        owner, sa, length = _encode_cached(self._family, address, caller, fd, self._proto)
        if _audit is not None:
            _audit("socket.connect", self, address)
        if _connect(fd, sa, length) == 0:
            return 0
        err = ffi.errno
        timeout = self._timeout
        if err == EINTR:
            # PEP 475: the connection goes on asynchronously.  A blocking or
            # timed socket waits for it; a non-blocking one reports EINTR.
            # (The signal handlers run on the way back to the interpreter.)
            wait = timeout != 0.0
        else:
            wait = bool(timeout) and err == EINPROGRESS
        if wait:
            err = self._wait_connect(raise_)
        if err and raise_:
            raise os_error(err)
        return err

    def _wait_connect(self, raise_: bool) -> int:
        """Wait for a pending connect (poll for writability even on a
        blocking socket), then read its outcome from SO_ERROR: 0 or the
        errno.  A timeout raises, or gives EWOULDBLOCK to connect_ex."""
        timeout = self._timeout
        deadline = monotonic() + timeout if timeout else 0.0
        interval = timeout if timeout else None
        while True:
            if interval is not None and interval < 0:
                if raise_:
                    raise timed_out()
                return EWOULDBLOCK
            if self._fd != -1:
                try:
                    ready = _wait(self._fd, POLLOUT | POLLERR, interval)
                except InterruptedError:
                    if interval is not None:
                        interval = deadline - monotonic()
                    continue
                if not ready:
                    if raise_:
                        raise timed_out()
                    return EWOULDBLOCK
            err = self._pending_error()
            if err == EINTR:
                continue
            if timeout and (err == EAGAIN or err == EWOULDBLOCK):
                interval = deadline - monotonic()
                continue
            return err

    def _pending_error(self) -> int:
        """SO_ERROR of a pending connect: 0 when connected (EISCONN too)."""
        value = ffi.new("int *")
        size = ffi.new(_SOCKLEN_P, _INT_SIZE)
        if lib.getsockopt(self._fd, SOL_SOCKET, SO_ERROR, value, size) < 0:
            return ffi.errno
        err = value[0]
        return 0 if err == EISCONN else err

    # --- data: the hot paths ------------------------------------------------
    #
    # Each registers as a call in flight (see "Calls in flight" below) in its
    # own body, since a wrapper would cost a Python frame per call:
    #
    #     ops = self._ops (made on first use); ops.append(_generation); fd = self._fd
    #     try: <the call on fd>
    #     except: ops.pop(); if closed meanwhile: _failed_after_close(); raise
    #     ops.pop(); if closed meanwhile: _returned_after_close()
    #
    # The common case (CPython, stream socket, no flags, no timeout) is one
    # os.read / os.write / os.readv (see _OS_IO_TYPE); the rest is in the
    # _*_any methods.  `flags is _ZERO` is the cheapest exact test for the
    # default (an int 0 is the one cached object; PyPy compares ints by value).

    def recv(self, bufsize: int, flags: int = 0, /) -> bytes:
        """recv(buffersize[, flags]) -> data

        Receive up to buffersize bytes from the socket.  For the optional
        flags argument, see the Unix manual.  When no data is available,
        block until at least one byte is available or until the remote end
        is closed.  When the remote end is closed and all data is read,
        return the empty string."""
        if type(bufsize) is not int or not 0 < bufsize <= SSIZE_MAX:
            bufsize = _recv_size(bufsize, flags, "recv")
            if bufsize == 0:  # nothing asked, nothing done (not even EBADF)
                return b""
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            if flags is _ZERO and self._type == _OS_IO_TYPE and not self._timeout:
                data = _os_read(fd, bufsize)
            else:
                data = self._recv_any(fd, bufsize, flags)
        except BaseException as exc:
            ops.pop()
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        ops.pop()
        if self._fd == -1:
            return _returned_after_close(self, fd, data, _nothing)
        return data

    def _recv_any(self, fd: int, bufsize: int, flags) -> bytes:
        if self._timeout is not None:
            flags = as_int(flags)
            buf = _new_buffer(_CHARS, bufsize)
            got = self._call(POLLIN, _recv, fd, buf, bufsize, flags)
            return _unpack(buf, got) if got <= bufsize else _truncated(buf, bufsize, got)
        # A blocking call into a pooled block: no allocation per call.
        try:
            block = _take() if bufsize <= _SCRATCH_SIZE else None
        except IndexError:
            block = None
        buf = _new_buffer(_CHARS, bufsize) if block is None else block[0]
        try:
            while True:
                try:
                    got = _recv(fd, buf, bufsize, flags)
                except (TypeError, OverflowError):
                    if type(flags) is int:
                        raise
                    flags = as_int(flags)  # cffi refuses __index__ objects: retry with the int
                    continue
                if got >= 0:
                    return _unpack(buf, got) if got <= bufsize else _truncated(buf, bufsize, got)
                err = ffi.errno
                if err != EINTR:
                    raise os_error(err)
        finally:
            if block is not None:
                _give(block)

    def recv_into(self, buffer, nbytes: int = 0, flags: int = 0) -> int:
        """recv_into(buffer, [nbytes[, flags]]) -> nbytes_read

        A version of recv() that stores its data into a buffer rather than
        creating a new string.  Receive up to buffersize bytes from the
        socket.  If buffersize is not specified (or 0), receive up to the
        size available in the given buffer."""
        if (type(buffer) is bytearray and buffer and nbytes is _ZERO and flags is _ZERO
                and self._type == _OS_IO_TYPE and not self._timeout):
            # readv(2) into the whole bytearray: recv(2) with no flags.
            ops = self._ops
            if ops is None:
                ops = self._in_flight()
            ops.append(_generation)
            fd = self._fd  # read after registering: close() sees us, or we see -1
            try:
                got = _os_readv(fd, [buffer])
            except BaseException as exc:
                ops.pop()
                if self._fd == -1:
                    _failed_after_close(self, fd, exc)
                raise
            ops.pop()
            if self._fd == -1:
                return _returned_after_close(self, fd, got, _nothing)
            return got
        try:
            buf = _from_buffer_as(_CHARS, buffer, True)
        except (TypeError, BufferError):
            buf = None
        if buf is None or type(nbytes) is not int or nbytes < 0:
            if buf is not None:
                _release(buf)  # _into_size makes its own (and gives it back on errors)
            buf, nbytes = _into_size(buffer, nbytes, flags, "recv_into")
        else:
            size = len(buf)
            if nbytes == 0:
                nbytes = size
            elif nbytes > size:
                _release(buf)  # (as below: the caller may resize its bytearray)
                as_ssize(nbytes)  # parsed before flags ("n" then "i"), as the stdlib does
                as_int(flags)
                raise ValueError("buffer too small for requested bytes")
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            if nbytes == 0:
                as_int(flags)
                got = 0
            elif self._timeout is None:
                while True:
                    try:
                        got = _recv(fd, buf, nbytes, flags)
                    except (TypeError, OverflowError):
                        if type(flags) is int:
                            raise
                        flags = as_int(flags)  # cffi refuses __index__ objects: retry with the int
                        continue
                    if got >= 0:
                        break
                    err = ffi.errno
                    if err != EINTR:
                        raise os_error(err)
            else:
                flags = as_int(flags)
                got = self._call(POLLIN, _recv, fd, buf, nbytes, flags)
        except BaseException as exc:
            _release(buf)  # as the C module releases its Py_buffer: the caller
            ops.pop()      # may resize its bytearray while handling the error
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        ops.pop()
        if self._fd == -1:
            return _returned_after_close(self, fd, got, _nothing)
        return got

    def recvfrom(self, bufsize: int, flags: int = 0, /) -> Tuple[bytes, Any]:
        """recvfrom(buffersize[, flags]) -> (data, address info)

        Like recv(buffersize, flags) but also return the sender's address
        info."""
        if type(bufsize) is not int or not 0 <= bufsize <= SSIZE_MAX:
            bufsize = _recv_size(bufsize, flags, "recvfrom")
        # A pooled block holds the data and the address: no allocation.
        try:
            block = _take() if bufsize <= _SCRATCH_SIZE else None
        except IndexError:
            block = None
        pooled = block is not None
        if not pooled:
            block = _new_block(bufsize)
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            buf = block[0]
            if flags is _ZERO and self._timeout is None:
                # _recvfrom's blocking case, inline.
                family = self._family
                length = _ADDRLEN.get(family, 0)
                lenp = block[3]
                if length:
                    sa = block[1]
                    while True:
                        lenp[0] = length
                        got = _recvfrom(fd, buf, bufsize, 0, sa, lenp)
                        if got >= 0:
                            break
                        err = ffi.errno
                        if err != EINTR:
                            raise os_error(err)
                    n = lenp[0]
                    raw = _unpack(block[2], n if n < _STORAGE_SIZE else _STORAGE_SIZE)
                    address = _decoded.get(raw)  # a sender seen before
                    if address is None:
                        address = _decode_raw(family, raw, n, fd, self._proto)
                else:
                    got, address = self._recvfrom(fd, buf, bufsize, flags, block)
            else:
                got, address = self._recvfrom(fd, buf, bufsize, flags, block)
            if got > bufsize:
                result = _truncated(buf, bufsize, got), address
            else:
                result = _unpack(buf, got), address
        except BaseException as exc:
            if pooled:
                _give(block)
            ops.pop()
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        if pooled:
            _give(block)
        ops.pop()
        if self._fd == -1:
            return _returned_after_close(self, fd, result, _nothing_first)
        return result

    def recvfrom_into(self, buffer, nbytes: int = 0, flags: int = 0) -> Tuple[int, Any]:
        """recvfrom_into(buffer[, nbytes[, flags]]) -> (nbytes, address info)

        Like recv_into(buffer[, nbytes[, flags]]) but also return the
        sender's address info."""
        buf, nbytes = _into_size(buffer, nbytes, flags, "recvfrom_into")
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            result = self._recvfrom(fd, buf, nbytes, flags, _new_block(0))
        except BaseException as exc:
            _release(buf)  # as the C module releases its Py_buffer: the caller
            ops.pop()      # may resize its bytearray while handling the error
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        ops.pop()
        if self._fd == -1:
            return _returned_after_close(self, fd, result, _nothing_first)
        return result

    def _recvfrom(self, fd: int, buf, size: int, flags, block) -> Tuple[int, Any]:
        """recvfrom(2) into buf, the sender's address into the storage of
        `block` (a _scratch block), decoded from the bytes the kernel wrote
        as from a zeroed storage (memoised for a sender seen before)."""
        family = self._family
        try:
            length = _ADDRLEN[family]
        except KeyError:
            length = _address.addrlen(family)  # raises as the stdlib words it
        sa, lenp = block[1], block[3]
        lenp[0] = length
        try:
            if self._timeout is None:
                while True:
                    got = _recvfrom(fd, buf, size, flags, sa, lenp)
                    if got >= 0:
                        break
                    err = ffi.errno
                    if err != EINTR:
                        raise os_error(err)
                    lenp[0] = length
            else:
                flags = as_int(flags)
                got = self._call(POLLIN, _recvfrom, fd, buf, size, flags, sa, lenp)
        except (TypeError, OverflowError):
            reraise_int(flags)
            raise
        n = lenp[0]
        raw = _unpack(block[2], n if n < _STORAGE_SIZE else _STORAGE_SIZE)
        address = _decoded.get(raw)  # a sender seen before
        if address is None:
            address = _decode_raw(family, raw, n, fd, self._proto)
        return got, address

    def send(self, data, flags: int = 0, /) -> int:
        """send(data[, flags]) -> count

        Send a data string to the socket.  For the optional flags argument,
        see the Unix manual.  Return the number of bytes sent; this may be
        less than len(data) if the network is busy."""
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            if (flags is _ZERO and type(data) is bytes and data and self._type == _OS_IO_TYPE
                    and not self._timeout):
                sent = _os_write(fd, data)
            else:
                sent = self._send_any(fd, data, flags)
        except BaseException as exc:
            ops.pop()
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        ops.pop()
        if self._fd == -1:
            self._last_out()
        return sent

    def _send_any(self, fd: int, data, flags) -> int:
        if type(data) is bytes:
            buf = data  # cffi passes bytes to `const void *` as they are
        else:
            try:
                buf = _from_buffer(data)
            except (TypeError, BufferError):
                buf = read_buffer(data)
        try:
            if self._timeout is None:
                while True:
                    try:
                        sent = _send(fd, buf, len(buf), flags)
                    except (TypeError, OverflowError):
                        if type(flags) is int:
                            raise
                        flags = as_int(flags)  # cffi refuses __index__ objects: retry with the int
                        continue
                    if sent >= 0:
                        return sent
                    err = ffi.errno
                    if err != EINTR:
                        raise os_error(err)
            flags = as_int(flags)
            return self._call(POLLOUT, _send, fd, buf, len(buf), flags)
        except BaseException:
            if type(buf) is not bytes:
                _release(buf)  # as the C module releases its Py_buffer: the
            raise              # caller may resize its bytearray meanwhile

    def sendall(self, data, flags: int = 0, /) -> None:
        """sendall(data[, flags])

        Send a data string to the socket.  For the optional flags argument,
        see the Unix manual.  This calls send() repeatedly until all data is
        sent.  If an error occurs, it's impossible to tell how much data has
        been sent."""
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            if flags is _ZERO and self._type == _OS_IO_TYPE and self._timeout is None:
                # All of it in one write, unless a signal cut it short.  (A
                # memoryview too: os.write takes its buffer as send(2)'s
                # caller would, contiguity errors included.)
                kind = type(data)
                total = (len(data) if kind is bytes or kind is bytearray
                         else data.nbytes if kind is memoryview else 0)
                if total:
                    sent = _os_write(fd, data)
                    if sent < total:
                        self._sendall_any(fd, data, flags, sent)
                else:
                    self._sendall_any(fd, data, flags, 0)
            else:
                self._sendall_any(fd, data, flags, 0)
        except BaseException as exc:
            ops.pop()
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        ops.pop()
        if self._fd == -1:
            self._last_out()

    def _sendall_any(self, fd: int, data, flags, offset: int) -> None:
        """sendall of data[offset:]."""
        if type(data) is bytes and not offset:
            buf = data  # cffi passes bytes to `const void *` as they are
        else:
            try:
                buf = _from_buffer(data)
            except (TypeError, BufferError):
                buf = read_buffer(data)
        try:
            total = len(buf)
            timeout = self._timeout
            if timeout is None:
                while True:  # at least one send(), even of nothing
                    try:
                        sent = _send(fd, buf + offset if offset else buf, total - offset, flags)
                    except (TypeError, OverflowError):
                        if type(flags) is int:
                            raise
                        flags = as_int(flags)  # cffi refuses __index__ objects: retry with the int
                        continue
                    if sent >= 0:
                        offset += sent
                        if offset >= total:
                            return
                        if type(buf) is bytes:  # partly sent: go on through a pointer
                            buf = _from_buffer(buf)
                        continue
                    err = ffi.errno
                    if err != EINTR:
                        raise os_error(err)
            flags = as_int(flags)
            if type(buf) is bytes:
                buf = _from_buffer(buf)
            # One deadline across all the sends: each gets the time left.
            deadline = monotonic() + timeout if timeout else 0.0
            left = timeout
            while True:
                if timeout:
                    left = deadline - monotonic()
                    if left <= 0:
                        raise timed_out()
                offset += self._sock_call(POLLOUT, _send, (fd, buf + offset, total - offset, flags),
                                          left)
                if offset >= total:
                    return
        except BaseException:
            if type(buf) is not bytes:
                _release(buf)  # as the C module releases its Py_buffer: the
            raise              # caller may resize its bytearray meanwhile

    def sendto(self, data=_MISSING, flags_or_address=_MISSING, address=_MISSING, /, *more) -> int:
        """sendto(data[, flags], address) -> count

        Like send(data, flags) but allows specifying the destination
        address.  For IP sockets, the address is a pair (hostaddr, port)."""
        if address is _MISSING or more:
            if flags_or_address is _MISSING or more:  # worded as the stdlib words it
                given = ((data is not _MISSING) + (flags_or_address is not _MISSING)
                         + (address is not _MISSING) + len(more))
                raise TypeError(f"sendto() takes 2 or 3 arguments ({given} given)")
            address = flags_or_address
            flags = 0
        else:
            flags = flags_or_address  # converted after the data, as the stdlib parses
        if type(data) is bytes:
            buf = data  # cffi passes bytes to `const void *` as they are
        else:
            try:
                buf = _from_buffer(data)
            except (TypeError, BufferError):
                buf = read_buffer(data)
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        fd = self._fd  # read after registering: close() sees us, or we see -1
        try:
            if flags is not _ZERO:
                flags = as_int(flags)
            seen = _addrcache.last  # the address object encoded last
            if seen[1] is address and seen[0] == self._family:
                owner, sa, length = seen[2]
            else:
                owner, sa, length = _encode_cached(self._family, address, "sendto",
                                                   fd, self._proto)
            if _audit is not None:
                _audit("socket.sendto", self, address)
            if self._timeout is None:
                while True:
                    sent = _sendto(fd, buf, len(buf), flags, sa, length)
                    if sent >= 0:
                        break
                    err = ffi.errno
                    if err != EINTR:
                        raise os_error(err)
            else:
                sent = self._call(POLLOUT, _sendto, fd, buf, len(buf), flags, sa, length)
        except BaseException as exc:
            if type(buf) is not bytes:
                _release(buf)  # as the C module releases its Py_buffer: the
            ops.pop()          # caller may resize its bytearray meanwhile
            if self._fd == -1:
                _failed_after_close(self, fd, exc)
            raise
        ops.pop()
        if self._fd == -1:
            self._last_out()
        return sent

    # --- options ----------------------------------------------------------

    def setsockopt(self, level: int, optname: int, value, optlen=_MISSING, /) -> None:
        """setsockopt(level, option, value: int)
        setsockopt(level, option, value: buffer)
        setsockopt(level, option, None, optlen: int)

        Set a socket option.  See the Unix manual for level and option.
        The value argument can either be an integer, a string buffer, or
        None, optlen."""
        if optlen is _MISSING and type(value) is int and self._family != AF_VSOCK:
            # The common case in one C call; whatever cffi refuses goes on to
            # the checked path below, which words the error as the stdlib.
            try:
                res = _sockopt_set_int(self._fd, level, optname, value)
            except (TypeError, OverflowError):
                pass
            else:
                if res < 0:
                    raise os_error(ffi.errno)
                return None
        if optlen is not _MISSING:
            # Only (level, option, None, optlen) takes four arguments; any
            # other four-argument call fails as the stdlib words it.
            try:
                if value is not None:
                    raise TypeError
                level, optname, optlen = as_int(level), as_int(optname), as_uint_mask(optlen)
            except (TypeError, OverflowError):
                raise TypeError("setsockopt() takes exactly 3 arguments (4 given)") from None
            res = lib.setsockopt(self._fd, level, optname, ffi.NULL, optlen)
        elif self._family == AF_VSOCK:
            level, optname = as_int(level), as_int(optname)
            cell = ffi.new("unsigned long long *", integer(value) & 0xFFFFFFFFFFFFFFFF)
            res = lib.setsockopt(self._fd, level, optname, cell, 8)
        else:
            level, optname = as_int(level), as_int(optname)
            try:
                number = as_int(value)
            except (TypeError, OverflowError):
                buf = read_buffer(value)
                res = lib.setsockopt(self._fd, level, optname, buf, len(buf))
            else:
                cell = ffi.new("int *", number)
                res = lib.setsockopt(self._fd, level, optname, cell, _INT_SIZE)
        if res < 0:
            raise os_error(ffi.errno)

    def getsockopt(self, level: int, optname: int, buflen: int = 0, /):
        """getsockopt(level, option[, buffersize]) -> value

        Get a socket option.  See the Unix manual for level and option.
        If a nonzero buffersize argument is given, the return value is a
        string of that length; otherwise it is an integer.  Unlike CPython
        (which caps it at 1024 bytes, gh-112740), any buffer size up to
        INT_MAX is accepted."""
        if buflen is _ZERO and self._family != AF_VSOCK:
            # The common case in one C call; whatever cffi refuses goes on to
            # the checked path below, which words the error as the stdlib.
            try:
                value = _sockopt_get_int(self._fd, level, optname)
            except (TypeError, OverflowError):
                pass
            else:
                if value == _GETSOCKOPT_FAILED:
                    raise os_error(ffi.errno)
                return value
        level, optname, buflen = as_int(level), as_int(optname), as_int(buflen)
        if buflen == 0:
            if self._family == AF_VSOCK:
                cell = ffi.new("unsigned long long *")
                size = ffi.new(_SOCKLEN_P, 8)
            else:
                cell = ffi.new("int *")
                size = ffi.new(_SOCKLEN_P, _INT_SIZE)
            if lib.getsockopt(self._fd, level, optname, cell, size) < 0:
                raise os_error(ffi.errno)
            return cell[0]
        if self._family == AF_VSOCK:
            raise OSError("getsockopt string buffer not allowed")
        if buflen < 0:
            raise OSError("getsockopt buflen out of range")
        buf = _new_buffer("char[]", buflen)
        size = ffi.new(_SOCKLEN_P, buflen)
        if lib.getsockopt(self._fd, level, optname, buf, size) < 0:
            raise os_error(ffi.errno)
        return _unpack(buf, min(size[0], buflen))

    def shutdown(self, how: int, /) -> None:
        """shutdown(flag)

        Shut down the reading side of the socket (flag == SHUT_RD), the
        writing side of the socket (flag == SHUT_WR), or both ends
        (flag == SHUT_RDWR)."""
        if lib.shutdown(self._fd, as_c_int(how)) < 0:
            raise os_error(ffi.errno)


SocketType = socket

# The message API (ancillary data) and Linux batch I/O live in their own files.
from . import _msg, _batch  # noqa: E402
_msg.install(socket)
_batch.install(socket)


# --- Calls in flight -----------------------------------------------------------
#
# Linux does not wake a thread blocked in recv/accept when another thread
# closes the fd, and the number goes to the next socket at once: a call that
# read it before close() would land on someone else's socket.  So the calls
# that can block register in self._ops (list append/pop are atomic) before
# they read self._fd.  close() sets _fd to -1 (new calls get EBADF) and, with
# calls in flight, shuts the socket down to wake them instead of closing it;
# the last call out closes the fd.  The lock is only taken by close(),
# detach() and a call leaving a closed socket.  With nothing in flight,
# close() is the plain close(2).
#
# A call that was in flight when the socket was closed keeps what it really
# got (bytes sent, data, a connection, descriptors); a failure, or a read
# the shutdown ended (nothing received), becomes EBADF, as for any call on a
# closed socket.  Calls that cannot block (options, names, bind, listen,
# shutdown, blocking mode, dup) are not registered: they read the number
# right before their C call, as the stdlib's module does.

_close_lock = allocate_lock()


# The descriptors close() had to leave open for calls in flight, by socket
# (kept out of the socket object: one slot less on every socket).
_left_open = {}

# A call in flight is an item in _ops: the process generation it started in.
# A forked child has only the thread that forked, so the calls of the
# parent's other threads are not in flight there: the child counts only the
# items of its own generation, and its close() is the plain close(2), not
# the shutdown that would end the parent's connection under it.  (Items are
# popped from the end: each thread pops after its own append, so a child's
# pops never take the parent's items, which stay at the front.)
_generation = 0


def _forget_calls_in_flight() -> None:
    global _close_lock, _generation
    _generation += 1
    _close_lock = allocate_lock()  # perhaps held by a thread that is gone
    entries = list(_left_open.values())
    _left_open.clear()
    for sock, fd in entries:
        lib.close(fd)  # the child's copy, left open for the parent's calls


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_calls_in_flight)


def _failed_after_close(sock, entered: int, exc: BaseException) -> None:
    sock._last_out()
    if entered != -1 and isinstance(exc, Exception):
        raise os_error(EBADF) from exc  # woken by close()


def _returned_after_close(sock, entered: int, result, empty):
    sock._last_out()
    if entered != -1 and empty is not None and empty(result):
        raise os_error(EBADF)  # the shutdown's end-of-file, not the peer's
    return result


def _nothing(result) -> bool:
    return not result


def _nothing_first(result) -> bool:
    return not result[0]


def _nothing_and_no_ancillary(result) -> bool:
    return not result[0] and not result[1]


def _registered(method, empty=None):
    """`method` as a registered call in flight (for the calls off the hot
    paths: accept, connect, messages, batch I/O, sendfile)."""
    def call(self, *args, **kwargs):
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(_generation)
        entered = self._fd  # read after registering: close() sees us, or we see -1
        try:
            result = method(self, *args, **kwargs)
        except BaseException as exc:
            ops.pop()
            if self._fd == -1:
                _failed_after_close(self, entered, exc)
            raise
        ops.pop()
        if self._fd == -1:
            return _returned_after_close(self, entered, result, empty)
        return result
    return update_wrapper(call, method)


for _name, _empty in (("sendfile", None),
                      ("sendmsg", None), ("sendmsg_afalg", None), ("sendmmsg", None),
                      ("recvmsg", _nothing_and_no_ancillary),
                      ("recvmsg_into", _nothing_and_no_ancillary),
                      ("recvmmsg", _nothing), ("recvmmsg_into", _nothing)):
    if _name in socket.__dict__:
        setattr(socket, _name, _registered(socket.__dict__[_name], _empty))
del _name, _empty

def socketpair(family: Optional[int] = None, type: int = SOCK_STREAM,
               proto: int = 0) -> Tuple[socket, socket]:
    """socketpair([family[, type[, proto]]]) -> (socket object, socket object)
    Create a pair of socket objects from the sockets returned by the platform
    socketpair() function.
    The arguments are the same as for socket() except the default family is
    AF_UNIX if defined on the platform; otherwise, the default is AF_INET."""
    global _cloexec_works
    if family is None:
        family = AF_UNIX if AF_UNIX is not None else AF_INET
    family, type, proto = as_int(family), as_int(type), as_int(proto)
    fds = ffi.new("int[2]")
    if _cloexec_works:
        res = lib.socketpair(family, type | SOCK_CLOEXEC, proto, fds)
        if res < 0 and ffi.errno == EINVAL:
            res = lib.socketpair(family, type, proto, fds)
            if res == 0:
                _cloexec_works = False
    else:
        res = lib.socketpair(family, type, proto, fds)
    if res < 0:
        raise os_error(ffi.errno)
    # Both numbers out of the C array at once: on PyPy's JIT, fds[1] read
    # after building the first socket object came back as garbage now and
    # then (test_selectors' test_above_fd_setsize under sockffi).
    fd0, fd1 = fds[0], fds[1]
    if not _cloexec_works:
        for fd in (fd0, fd1):
            os.set_inheritable(fd, False)
    try:
        a = socket._from_fd(fd0, family, type, proto)
    except BaseException:
        os.close(fd1)
        raise
    return a, socket._from_fd(fd1, family, type, proto)


_LOCALHOST = "127.0.0.1"
_LOCALHOST_V6 = "::1"


def _fallback_socketpair(family: int = AF_INET, type: int = SOCK_STREAM,
                         proto: int = 0) -> Tuple[socket, socket]:
    """socketpair() over a loopback TCP connection, as Lib/socket.py offers
    it for platforms without socketpair() (kept so code and tests that
    patch it in keep working)."""
    if family == AF_INET:
        host = _LOCALHOST
    elif family == AF_INET6:
        host = _LOCALHOST_V6
    else:
        raise ValueError("Only AF_INET and AF_INET6 socket address families "
                         "are supported")
    if type != SOCK_STREAM:
        raise ValueError("Only SOCK_STREAM socket type is supported")
    if proto != 0:
        raise ValueError("Only protocol zero is supported")

    # A connected TCP pair; the non-blocking connect avoids a thread.
    lsock = socket(family, type, proto)
    try:
        lsock.bind((host, 0))
        lsock.listen()
        addr, port = lsock.getsockname()[:2]  # IPv6: no flowinfo/scope_id
        csock = socket(family, type, proto)
        try:
            csock.setblocking(False)
            try:
                csock.connect((addr, port))
            except (BlockingIOError, InterruptedError):
                pass
            csock.setblocking(True)
            ssock, _ = lsock.accept()
        except BaseException:
            csock.close()
            raise
    finally:
        lsock.close()

    # Make sure the accepted connection is ours and not someone else's who
    # raced us to the port.
    try:
        if (ssock.getsockname() != csock.getpeername()
                or csock.getsockname() != ssock.getpeername()):
            raise ConnectionError("Unexpected peer connection")
    except BaseException:
        ssock.close()
        csock.close()
        raise
    return ssock, csock
