"""The socket class: a file descriptor with the methods, timeouts and errors
of the stdlib's socket.socket (CPython's socketmodule.c and Lib/socket.py
are the spec), built in one statement from its parts:

  _datapath.DataPath      recv, recv_into, recvfrom(_into), send, sendall, sendto
  _connection.Connection  bind, listen, accept, connect(_ex), names, shutdown
  _options.Options        setsockopt, getsockopt
  _msg.Messages           sendmsg, recvmsg, recvmsg_into, sendmsg_afalg
  _batch.Batch            recvmmsg, recvmmsg_into, sendmmsg (where the C library has them)
  _sendfile.Sendfile      sendfile
  _inflight.InFlight      the calls-in-flight protocol that makes close() safe

This module holds what is left: construction, the attributes, timeouts and
blocking mode (the policy itself is _timeout.py), closing, dup, makefile,
and socketpair().
"""

from __future__ import annotations

import io
import os
import sys
import warnings
from errno import EINVAL, EBADF, ENOTSOCK
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any, Optional, Tuple

from . import _address, _timeout
from ._args import as_int, as_init_int, as_long, plain_int
from . import _binding
from ._batch import Batch
from ._binding import ffi, lib, CONSTANTS
from ._connection import Connection
from ._constants import to_enum
from ._datapath import DataPath
from ._errors import os_error
from ._inflight import InFlight
from ._msg import Messages
from ._options import Options
from ._sendfile import Sendfile
from ._socketio import SocketIO
from ._stdlib_behaviour import setblocking_takes_any_object
from ._timeout import getdefaulttimeout, setdefaulttimeout

AF_INET = CONSTANTS["AF_INET"]
AF_INET6 = CONSTANTS.get("AF_INET6")
AF_UNIX = CONSTANTS.get("AF_UNIX")
SOCK_STREAM = CONSTANTS["SOCK_STREAM"]
SOCK_NONBLOCK = CONSTANTS.get("SOCK_NONBLOCK", 0)
SOCK_CLOEXEC = CONSTANTS.get("SOCK_CLOEXEC", 0)
SOL_SOCKET = CONSTANTS["SOL_SOCKET"]
SO_TYPE = CONSTANTS.get("SO_TYPE")
SO_PROTOCOL = CONSTANTS.get("SO_PROTOCOL")

_socket_c = lib.socket
_typeof = type  # (the constructor's `type` parameter hides the builtin)


def _found_on(cls: type, name: str) -> Any:
    """What the attribute `name` is on the class, as its MRO finds it,
    without calling a descriptor (inspect.getattr_static, without importing
    inspect)."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None


_index = plain_int  # an int subclass's value (IntEnum members) as a plain int


_new_zeroed = ffi.new_allocator(should_clear_after_alloc=True)
_SOCKADDR_P = ffi.typeof("struct sockaddr *")
_SOCKLEN_P = ffi.typeof("socklen_t *")
_STORAGE_P = ffi.typeof("struct sockaddr_storage *")
_INT_SIZE = ffi.sizeof("int")
_audit = getattr(sys, "audit", None)
_set_blocking = _binding.set_blocking  # (one C call in API mode)
_parsed_timeout = _timeout.PARSED.get
_KIND_MASK = ~(SOCK_NONBLOCK | SOCK_CLOEXEC)

# Kernels that predate SOCK_CLOEXEC (Linux < 2.6.27) fail with EINVAL:
# remember it and fall back to a separate fcntl.
_cloexec_works = SOCK_CLOEXEC != 0

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
    value = _binding.getsockopt_int(fd, SOL_SOCKET, name)
    if value == _binding.GETSOCKOPT_FAILED:
        raise os_error(ffi.errno)
    return value


def _block_flag(flag) -> bool:
    return bool(flag) if setblocking_takes_any_object() else as_long(flag) != 0


class socket(DataPath, Connection, Options, Messages, Batch, Sendfile, InFlight):
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

    # repr and pickling name the package, as the stdlib's socket.socket
    # (whatever the package is called where it is vendored).
    __module__ = __name__.rpartition(".")[0]

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
        # Inline for ints and int subclasses (AF_INET itself is an IntEnum
        # member: a helper's frame for each was 5% of socket()+close() in
        # callgrind); the rest, and any value out of the common range,
        # through as_init_int for the stdlib's errors.
        if _typeof(family) is not int and isinstance(family, int):
            family = _index(family)
        if _typeof(type) is not int and isinstance(type, int):
            type = _index(type)
        if _typeof(proto) is not int and isinstance(proto, int):
            proto = _index(proto)
        # (plain comparisons: a chained one costs a SWAP and a COPY more)
        if not (_typeof(family) is int and _typeof(type) is int and _typeof(proto) is int
                and family >= -1 and family <= 0xFFFF and type >= -1 and type <= 0xFFFFFFF
                and proto >= -1 and proto <= 0xFFFF):
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
        (accept, socketpair): nothing to validate or probe.  Audited as
        socket() is: the stdlib makes these through its constructor."""
        sock = cls.__new__(cls)
        sock._fd = -1
        sock._ops = None
        sock._state = 0
        sock._timeout = None
        try:
            if _audit is not None:
                _audit("socket.__new__", sock, family, type, proto)
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
        # A float parsed before: one lookup, no parse frame (_timeout.PARSED).
        timeout = _parsed_timeout(value) if type(value) is float else None
        if timeout is None and value is not None:
            timeout = _timeout.parse(value)
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

    # --- life cycle -------------------------------------------------------

    # False on a subclass whose own _io_refs or _closed (slots, as
    # Lib/socket.py's class has over _socket.socket, or properties) shadow
    # the packed ones: close() then goes through them (__init_subclass__).
    _packed_state = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if any(_found_on(cls, name) is not socket.__dict__[name]
               for name in ("_io_refs", "_closed")):
            cls._packed_state = False

    def close(self) -> None:
        """close()

        Close the socket.  It cannot be used after this call.  A call
        blocked on it in another thread is woken (the socket is shut down)
        and raises EBADF; the descriptor is closed when that call returns."""
        if self._packed_state:
            # _closed = True and "_io_refs <= 0" (state >> 1 <= 0 is state
            # < 2) on the slot itself: the two property frames were 2,100
            # of socket() + close()'s instructions (callgrind).
            state = self._state | 1
            self._state = state
            if state < 2:
                self._real_close()
        else:
            self._closed = True
            if self._io_refs <= 0:
                self._real_close()

    def _decref_socketios(self) -> None:
        if self._io_refs > 0:
            self._io_refs -= 1
        if self._closed:
            self.close()

    def __del__(self, _close=lib.close) -> None:
        try:  # (no call can be in flight here)
            fd = self._fd
        except AttributeError:  # (made by __new__ alone)
            return
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

    # --- addresses --------------------------------------------------------

    def _encode(self, address, caller: str):
        return _address.encode(self._family, address, caller, self._fd, self._proto)

    def _decode(self, storage, length: int):
        return _address.decode(storage, length, self._fd, self._proto)

    def _call(self, events: int, func, *args):
        """func(*args) under the socket's timeout (_timeout.sock_call)."""
        return _timeout.sock_call(self, events, func, args, self._timeout)

SocketType = socket

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
