"""The socket class's connection methods: bind, listen, accept, connect,
connect_ex, getsockname, getpeername, shutdown."""

from __future__ import annotations

import os
import sys
from errno import EINTR, EINPROGRESS, ENOSYS
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any, Tuple

from . import _addrcache, _address, _scratch, _timeout
from ._args import as_c_int, as_int
from ._binding import ffi, lib, CONSTANTS
from ._errors import os_error
from ._inflight import hot_method, registered
from ._platform import native

POLLIN = CONSTANTS["POLLIN"]
SOMAXCONN = CONSTANTS["SOMAXCONN"]
SOCK_CLOEXEC = CONSTANTS.get("SOCK_CLOEXEC", 0)

_accept4 = native.accept4  # (None where the platform has no accept4)
_connect = lib.connect
_ACCEPT_WITHOUT_ADDRESS = native.ACCEPT_WITHOUT_ADDRESS
_unpack = ffi.unpack
_new_zeroed = ffi.new_allocator(should_clear_after_alloc=True)
_SOCKADDR_P = ffi.typeof("struct sockaddr *")
_SOCKLEN_P = ffi.typeof("socklen_t *")
_STORAGE_P = ffi.typeof("struct sockaddr_storage *")
_STORAGE_SIZE = _scratch.STORAGE_SIZE
_ADDRLEN = _address._SIZES  # family -> sockaddr size (getsockaddrlen)
_audit = getattr(sys, "audit", None)

# Kernels that predate accept4 (Linux < 2.6.28) fail with ENOSYS: remember
# it and fall back to accept + a separate fcntl.
_accept4_works = _accept4 is not None and SOCK_CLOEXEC != 0


class Connection:
    """bind, listen, accept, connect, connect_ex, names, shutdown."""

    __slots__ = ()

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

    def shutdown(self, how: int, /) -> None:
        """shutdown(flag)

        Shut down the reading side of the socket (flag == SHUT_RD), the
        writing side of the socket (flag == SHUT_WR), or both ends
        (flag == SHUT_RDWR)."""
        if lib.shutdown(self._fd, as_c_int(how)) < 0:
            raise os_error(ffi.errno)

    @registered()
    def _accept(self) -> Tuple[int, Any]:
        """_accept() -> (integer, address info)

        Wait for an incoming connection.  Return a new socket file
        descriptor representing the connection, and the address of the
        client."""
        global _accept4_works
        listener = self._fd
        family = self._family
        size = _ADDRLEN.get(family) or _address.addrlen(family)
        try:
            block = _scratch.take()  # a pooled address storage: no allocation
        except IndexError:
            block = _scratch.new_block(0)
        try:
            sa, raw, length = block[1], block[2], block[3]
            length[0] = size
            if family in _ACCEPT_WITHOUT_ADDRESS:  # (AF_ALG: ECONNABORTED with one)
                sa, lenp = ffi.NULL, ffi.NULL
                length[0] = 0
            else:
                lenp = length
            fd = -1
            if _accept4_works and not self._timeout:
                # The first try inline, not through _call and sock_call: their
                # two frames are 5% of connect + accept (callgrind; benchmarks:
                # connect_accept).  EINTR and ENOSYS go on to the general path.
                fd = _accept4(listener, sa, lenp, SOCK_CLOEXEC)
                if fd < 0:
                    err = ffi.errno
                    if err != EINTR and err != ENOSYS:
                        raise os_error(err)
                    length[0] = size if lenp else 0
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
            return fd, _addrcache.decode(family, raw, n, listener, self._proto, False)
        finally:
            _scratch.give(block)

    def accept(self) -> Tuple[Any, Any]:
        """accept() -> (socket object, address info)

        Wait for an incoming connection.  Return a new socket
        representing the connection, and the address of the client.
        For IP sockets, the address info is a pair (hostaddr, port).
        """
        fd, address = self._accept()
        sock = self._from_fd(fd, self._family, self._type, self._proto)
        # bpo-7995: with no default timeout, a connection accepted by a
        # socket with a timeout is blocking, whatever the platform inherits.
        if self._timeout and _timeout._default is None:
            sock.setblocking(True)
        return sock, address

    # (Compiled around their one call, not wrapped by registered(): a frame
    # less per connect, 1,200 of connect + accept's instructions, callgrind.)
    connect = hot_method("socket", "connect", "address, /", namespace=globals(), body="""
        self._connect(address, True, "connect")
        result = None
        """, doc="""connect(address)

        Connect the socket to a remote address.  For IP sockets, the address
        is a pair (host, port).""")

    connect_ex = hot_method("socket", "connect_ex", "address, /", namespace=globals(), body="""
        result = self._connect(address, False, "connect_ex")
        """, doc="""connect_ex(address) -> errno

        This is like connect(address), but returns an error code (the errno
        value) instead of raising an exception when an error occurs.""")

    def _connect(self, address, raise_: bool, caller: str) -> int:
        fd = self._fd
        owner, sa, length = _addrcache.encode(self._family, address, caller, fd, self._proto)
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
            err = _timeout.wait_connect(self, raise_)
        if err and raise_:
            raise os_error(err)
        return err
