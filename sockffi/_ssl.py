"""TLS over sockffi sockets.

The stdlib's `_ssl` module drives OpenSSL straight on the C `_socket`
object, so it cannot take a sockffi socket.  What it can take is a pair of
memory BIOs (`ssl.MemoryBIO`, as `ssl.SSLObject` uses).  `TLSEngine` is the
object `ssl.SSLSocket` keeps in `_sslobj`: the same methods as the C
`_SSLSocket` (do_handshake, read, write, shutdown, getpeercert, ...), with
the records pumped between the BIOs and the socket under the socket's
timeout mode:

  None   blocking: wait as long as it takes
  0.0    non-blocking: SSLWantReadError / SSLWantWriteError, as OpenSSL says
  > 0    one deadline for the whole operation; then TimeoutError with the
         message the C module uses ("The read operation timed out", ...)

`install()` makes `SSLContext.wrap_socket()` accept sockffi sockets: an
`ssl.SSLSocket` built on sockffi (ssl imported after `socket` was replaced,
as under `python -m sockffi run`) gets a `TLSEngine`; anything else keeps
the C path.  All of `SSLSocket`'s own logic (makefile, sendall, unwrap,
suppress_ragged_eofs, ...) is the stdlib's.

Reading: one recv() takes what is there, and OpenSSL sees it at once (it
judges what a record is: a plain-text peer fails at its first bytes, as on
the C path).  The bytes OpenSSL does not need yet stay in the BIO for its
next call.  The pump follows the record headers only to bound each read: to
the end of the current record, plus the next header when the current record
cannot be a close_notify; so after `unwrap()` whatever the peer sent in
clear after its close_notify is still in the socket.
"""

from __future__ import annotations

import ssl
import sys
import threading
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any, Optional

from ._binding import CONSTANTS
from ._errors import timeout as _timeout
from ._timeout import deadline as _deadline_of, wait_until
from ._socket import socket as _plain

POLLIN = CONSTANTS["POLLIN"]
POLLOUT = CONSTANTS["POLLOUT"]
_HEADER = 5            # TLS record header: type, version (2), length (2)
# Record types that are never a close_notify: change_cipher_spec, handshake.
# An application_data record may be a TLS 1.3 alert inside: 2 bytes, the
# inner type and the AEAD tag (19 with OpenSSL); at most _ALERT_SIZE with
# any padding we allow for.  Alerts in TLS 1.2 are type 21 in clear.
_NEVER_CLOSE_NOTIFY = (20, 22)
_APPLICATION_DATA = 23
_ALERT_SIZE = 256
_MAX_BODY = (1 << 14) + 256  # TLS 1.3's largest record body (RFC 8446 5.2)

_WRITE_TIMED_OUT = "The write operation timed out"

_recv = _plain.recv     # the socket's own methods, not SSLSocket's overrides
_send = _plain.send
_sendall = _plain.sendall


def _ssl_error(cls, code: int, message: str) -> ssl.SSLError:
    """An SSLError as the C module makes them: int code, and the `reason`
    and `library` attributes it always sets."""
    error = cls(int(code), message)
    error.reason = None
    error.library = None
    return error


def _want_write() -> ssl.SSLWantWriteError:
    return _ssl_error(ssl.SSLWantWriteError, ssl.SSL_ERROR_WANT_WRITE,
                      "The operation did not complete (write)")


def _eof_error() -> ssl.SSLEOFError:
    return _ssl_error(ssl.SSLEOFError, ssl.SSL_ERROR_EOF, "EOF occurred in violation of protocol")


# CPython 3.10-3.12 reads and writes with SSL_read_ex/SSL_write_ex, whose 0
# return turns a socket error under them (ECONNRESET, EPIPE) into SSLEOFError;
# the handshake and shutdown still raise the OSError.  3.9, 3.13 and PyPy:
# the OSError.  (Seen on 3.9, 3.11, 3.13; 3.10 and 3.12 share 3.11's code.)
_SOCKET_ERRORS_AS_EOF = (sys.implementation.name == "cpython"
                         and (3, 10) <= sys.version_info < (3, 13))
_PASS_THROUGH = (ssl.SSLError, _timeout, BlockingIOError, InterruptedError)

# CPython 3.9's _ssl turns SSL_ERROR_SYSCALL with nothing in OpenSSL's error
# queue (a write after a fatal alert, ...) into SSLEOFError when it has a
# socket, and into SSLSyscallError ("Some I/O error occurred") on memory
# BIOs, where it has none to ask; 3.10 on and PyPy: the same both ways.
_SYSCALL_ERROR_IS_EOF = sys.implementation.name == "cpython" and sys.version_info < (3, 10)


def _socket_error_as_eof(exc: OSError) -> None:
    if _SOCKET_ERRORS_AS_EOF:
        raise _eof_error() from None


class TLSEngine:
    """Stands in for the C `_ssl._SSLSocket` inside an `ssl.SSLSocket`
    whose socket is a sockffi socket."""

    def __init__(self, context: ssl.SSLContext, sock: _plain, server_side: bool,
                 server_hostname: Optional[str] = None, *, owner: Any = None,
                 session: Any = None) -> None:
        self._sock = sock
        self._in = ssl.MemoryBIO()
        self._out = ssl.MemoryBIO()
        self._obj = context._wrap_bio(self._in, self._out, server_side, server_hostname,
                                      owner=owner if owner is not None else sock,
                                      session=session)
        self._lock = threading.Lock()        # OpenSSL object and BIOs
        self._send_lock = threading.Lock()   # bytes on their way out, in order
        self._recv_lock = threading.Lock()   # record framing state
        self._unsent = b""                   # encrypted, not yet taken by the kernel
        self._head = b""                     # partial record header, for _frame
        self._left = 0                       # bytes of the current record still to read
        self._past = False                   # the current record is not a close_notify
        self._bound = _HEADER                # the most the next read may take
        self._length = 0                     # the current record's body length
        self._partial = 0                    # bytes of the current record read so far
        self._plausible = False              # its header is one OpenSSL will wait on
        self._committed: Optional[int] = None  # a non-blocking write already encrypted

    # --- the pump ------------------------------------------------------------

    def _deadline(self):
        timeout = self._sock._timeout
        return timeout, (_deadline_of(timeout) if timeout else 0.0)

    def _flush(self, timeout, deadline, message: str) -> None:
        """Put everything OpenSSL wrote into the socket."""
        if not self._unsent and not self._out.pending:
            return  # the common case, without the locks
        with self._send_lock:
            with self._lock:
                fresh = self._out.read() if self._out.pending else b""
            data = self._unsent + fresh if self._unsent else fresh
            if not data:
                return
            sock = self._sock
            if timeout is None:
                self._unsent = b""
                _sendall(sock, data)
                return
            view = memoryview(data)
            try:
                while view:
                    if timeout:
                        wait_until(sock.fileno(), POLLOUT, deadline, message)
                    try:
                        sent = _send(sock, view)
                    except BlockingIOError:
                        if not timeout:
                            raise _want_write() from None
                        continue
                    view = view[sent:]
            finally:
                self._unsent = view.tobytes() if view else b""

    def _fill(self, timeout, deadline, message: str,
              want_read: Optional[ssl.SSLWantReadError]) -> None:
        """One read from the socket into the incoming BIO: what is there, up
        to the read bound (see _frame); OpenSSL judges it at once."""
        if self._in.eof:
            raise _eof_error()
        sock = self._sock
        with self._recv_lock:
            if timeout:
                wait_until(sock.fileno(), POLLIN, deadline, message)
            try:
                data = _recv(sock, self._bound)
            except BlockingIOError:
                if timeout or want_read is None:
                    return  # a spurious wake-up, or a read ahead: OpenSSL asks again
                raise want_read from None
            with self._lock:
                if data:
                    self._in.write(data)
                else:
                    self._in.write_eof()
            if data:
                self._frame(data)

    def _frame(self, data: bytes) -> None:
        """Follow the record boundaries through what was read, only to bound
        the next read: to the end of the current record, and past it to the
        next header when the record cannot be a close_notify (clear text may
        follow a close_notify, and must stay in the socket for unwrap())."""
        left = self._left
        size = len(data)
        if left and size == left + _HEADER:
            # The steady state of bulk data: the rest of a record and the next header.
            self._header(data[left:])
            return
        head = self._head
        pos = 0
        while pos < size:
            if left:
                step = left if left < size - pos else size - pos
                left -= step
                pos += step
                continue
            take = data[pos:pos + _HEADER - len(head)]
            head += take
            pos += len(take)
            if len(head) < _HEADER:
                break
            self._header(head)
            left = self._left
            head = b""
        self._left = left
        self._head = head
        if left:
            self._bound = left + _HEADER if self._past else left
            self._partial = _HEADER + self._length - left
        else:
            self._bound = _HEADER - len(head)
            self._partial = len(head)

    def _header(self, head: bytes) -> None:
        """A whole record header has been read (nothing of its body yet)."""
        left = self._left = self._length = (head[3] << 8) | head[4]
        kind = head[0]
        # Before the handshake has finished, a small encrypted record is a
        # handshake message (TLS 1.3): reading past it loses nothing unwrap() needs.
        past = self._past = kind in _NEVER_CLOSE_NOTIFY or (
            kind == _APPLICATION_DATA and (left > _ALERT_SIZE or self._obj.version() is None))
        self._plausible = (kind == _APPLICATION_DATA and head[1:3] == b"\x03\x03"
                           and left <= _MAX_BODY)
        self._head = b""
        if left:
            self._bound = left + _HEADER if past else left
            self._partial = _HEADER
        else:
            self._bound = _HEADER
            self._partial = 0

    def _body_awaited(self) -> bool:
        """OpenSSL can do nothing until more of the current record comes:
        its header (plausible application data, so OpenSSL has nothing to
        judge in it) and part of its body are all the incoming BIO holds,
        and no clear text is buffered.  A read then reads first."""
        return (self._left and self._plausible and self._in.pending <= self._partial
                and not self._in.eof and not self._obj.pending())

    def _run(self, timeout, deadline, message: str, method, *args, reads: bool = False):
        """method(*args) on the OpenSSL object, reading records as it asks,
        within the operation's deadline (reads: a read, which reads first
        when _body_awaited)."""
        if reads and self._body_awaited():
            if self._unsent or self._out.pending:
                self._flush(timeout, deadline, message)
            self._fill(timeout, deadline, message, None)
        while True:
            if self._unsent or self._out.pending:
                self._flush(timeout, deadline, message)
            try:
                with self._lock:
                    return method(*args)
            except ssl.SSLWantReadError as exc:
                if self._unsent or self._out.pending:
                    self._flush(timeout, deadline, message)
                self._fill(timeout, deadline, message, exc)
            except ssl.SSLError:
                self._failed(timeout, deadline, message)
                raise

    def _failed(self, timeout, deadline, message: str) -> None:
        """In an `except ssl.SSLError` (OpenSSL failed): send the alert it
        wrote (bad certificate, ...), as the C module's socket BIO would have
        already; raise what the C path raises where that differs, else
        return for the caller to re-raise."""
        try:
            self._flush(timeout, deadline, message)
        except OSError:
            pass
        if _SYSCALL_ERROR_IS_EOF and type(sys.exc_info()[1]) is ssl.SSLSyscallError:
            raise _eof_error() from None

    # --- what ssl.SSLSocket calls ------------------------------------------------

    def do_handshake(self) -> None:
        message = "The handshake operation timed out"
        timeout, deadline = self._deadline()
        self._run(timeout, deadline, message, self._obj.do_handshake)
        try:
            self._flush(timeout, deadline, message)
        except (BrokenPipeError, ConnectionResetError):
            if not self._tickets_to_a_closed_peer():
                raise

    def _tickets_to_a_closed_peer(self) -> bool:
        """What is left after a TLS 1.3 server's handshake is its session
        tickets; OpenSSL ignores EPIPE/ECONNRESET on that write (a client may
        close before reading them): they are dropped, and the error shows on
        the next I/O, as on the C path."""
        if not (self._obj.server_side and self._obj.version() == "TLSv1.3"):
            return False
        self._unsent = b""
        return True

    def read(self, len: int = 1024, buffer: Any = None):
        message = "The read operation timed out"
        timeout = self._sock._timeout  # (_deadline inline: a frame less per record)
        deadline = _deadline_of(timeout) if timeout else 0.0
        try:
            if buffer is None:
                return self._run(timeout, deadline, message, self._obj.read, len, reads=True)
            return self._run(timeout, deadline, message, self._obj.read, len, buffer,
                             reads=True)
        except _PASS_THROUGH:
            raise
        except OSError as exc:
            _socket_error_as_eof(exc)
            raise

    def write(self, data) -> int:
        return self._write(self._obj.write, data)

    def _write_with_length(self, data, length: int) -> int:
        # PyPy's ssl.SSLSocket.sendall() writes through this one.
        return self._write(self._obj._write_with_length, data, length)

    def _write(self, method, *args) -> int:
        message = _WRITE_TIMED_OUT
        timeout = self._sock._timeout
        try:
            if (timeout is None and self._committed is None and not self._unsent
                    and not self._out.pending):
                # Blocking, nothing left from before: OpenSSL's write and one
                # sendall of its records, without the pump's frames (_run,
                # _flush, _deadline: tls_bulk_send 0.92 -> 0.96-1.02, python
                # -m benchmarks).  A want goes on to the pump, which retries
                # the write as OpenSSL asks.
                try:
                    with self._send_lock:  # taken first: the records go out in order
                        with self._lock:
                            count = method(*args)
                            records = self._out.read()
                        _sendall(self._sock, records)
                    return count
                except ssl.SSLWantReadError:
                    pass
                except ssl.SSLError:
                    # (not `except ... as exc: raise self._failed(exc)`: that
                    # shape halved tls_bulk_send, 2,100 -> 1,200 MB/s, in the
                    # benchmark's child runs; not understood)
                    self._failed(timeout, 0.0, message)
                    raise
            deadline = _deadline_of(timeout) if timeout else 0.0
            if self._committed is not None:
                # The retry of a write that went into the BIO but not all onto
                # the wire: as OpenSSL's retry with the same buffer, finish sending.
                self._flush(timeout, deadline, message)
                count, self._committed = self._committed, None
                return count
            count = self._run(timeout, deadline, message, method, *args)
            try:
                self._flush(timeout, deadline, message)
            except ssl.SSLWantWriteError:
                self._committed = count
                raise
            return count
        except _PASS_THROUGH:
            raise
        except OSError as exc:
            _socket_error_as_eof(exc)
            raise

    def shutdown(self):
        """Send close_notify and wait for the peer's; the socket is then
        clear text again, returned like the C module returns it."""
        timeout, deadline = self._deadline()
        self._run(timeout, deadline, "The read operation timed out", self._obj.shutdown)
        self._flush(timeout, deadline, _WRITE_TIMED_OUT)
        return self._sock

    def pending(self) -> int:
        with self._lock:
            return self._obj.pending()

    # What involves no I/O comes straight from the OpenSSL object.  A name
    # not listed raises AttributeError rather than bypass the pump.
    _PLAIN = frozenset((
        "cipher", "compression", "get_channel_binding", "getpeercert",
        "selected_alpn_protocol", "selected_npn_protocol", "server_hostname",
        "server_side", "session_reused", "shared_ciphers", "version", "owner",
        "verify_client_post_handshake", "get_verified_chain", "get_unverified_chain",
    ))

    def __getattr__(self, name: str):
        if name in TLSEngine._PLAIN:
            return getattr(self._obj, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def context(self) -> ssl.SSLContext:
        return self._obj.context

    @context.setter
    def context(self, ctx: ssl.SSLContext) -> None:
        self._obj.context = ctx

    @property
    def session(self):
        return self._obj.session

    @session.setter
    def session(self, value) -> None:
        self._obj.session = value


# --- SSLContext.wrap_socket() for sockffi sockets -------------------------------

_saved: Optional[tuple] = None  # (had its own _wrap_socket, that attribute)


def _wrap_socket(self, sock, server_side, server_hostname=None, *, owner=None, session=None):
    """SSLContext._wrap_socket: a TLSEngine for a sockffi socket, the C
    object for a stdlib one."""
    if isinstance(sock, _plain):
        return TLSEngine(self, sock, server_side, server_hostname, owner=owner, session=session)
    return _original_wrap_socket(self, sock, server_side, server_hostname,
                                 owner=owner, session=session)


_original_wrap_socket = ssl.SSLContext._wrap_socket


def install() -> None:
    """Make SSLContext.wrap_socket() accept sockffi sockets."""
    global _saved
    if _saved is None:
        own = ssl.SSLContext.__dict__
        _saved = ("_wrap_socket" in own, own.get("_wrap_socket"))
        ssl.SSLContext._wrap_socket = _wrap_socket


def uninstall() -> None:
    global _saved
    if _saved is not None:
        had_own, previous = _saved
        if had_own:
            ssl.SSLContext._wrap_socket = previous
        else:  # the C method lives on the base class: removing ours uncovers it
            del ssl.SSLContext._wrap_socket
        _saved = None


def engine_available() -> bool:
    """True when ssl.SSLSocket is built on sockffi's socket, i.e. wrap_socket()
    on a sockffi socket gives TLS over sockffi (ssl was imported after
    sockffi replaced `socket`)."""
    return issubclass(ssl.SSLSocket, _plain)
