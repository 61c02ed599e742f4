"""Hand a socket over between the stdlib and sockffi without closing it.

For libraries that insist on one kind of socket object: the new object takes
the same file descriptor, family, type, protocol and timeout, and the old one
is detached (its fileno() becomes -1; closing it no longer touches the fd).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any

from ._socket import socket as _sockffi_socket


def _stdlib_classes():
    """(socket.socket, _socket.socket) of the stdlib, also while installed."""
    from ._run import stdlib_modules
    socket_module, c_module = stdlib_modules()
    return socket_module.socket, c_module.socket


def _move(sock: Any, new_class) -> Any:
    if getattr(sock, "_sslobj", None) is not None:
        # The TLS state lives in the object, not in the fd.
        raise ValueError("cannot hand over a TLS socket; unwrap() it first")
    if sock.fileno() == -1:
        raise ValueError("cannot hand over a closed socket")
    timeout = sock.gettimeout()
    new = new_class(sock.family, sock.type, sock.proto, fileno=sock.fileno())
    sock.detach()  # only once the new object holds the fd
    new.settimeout(timeout)
    return new


def from_stdlib(sock: Any) -> _sockffi_socket:
    """A sockffi socket taking over the stdlib socket `sock` (detached)."""
    if not isinstance(sock, _stdlib_classes()[1]):
        raise TypeError(f"expected a stdlib socket, got {type(sock).__name__}")
    return _move(sock, _sockffi_socket)


def to_stdlib(sock: _sockffi_socket) -> Any:
    """A stdlib socket.socket taking over the sockffi socket `sock` (detached)."""
    if not isinstance(sock, _sockffi_socket):
        raise TypeError(f"expected a sockffi socket, got {type(sock).__name__}")
    return _move(sock, _stdlib_classes()[0])
