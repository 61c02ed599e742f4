"""asyncio's selector-loop datagram transport, moving datagrams in batches.

BatchDatagramTransport is the stdlib's _SelectorDatagramTransport (whose
closing, flow control, repr and argument checks it inherits) with three
paths replaced:

- reading: one recvmmsg per readiness event drains up to a batch, handed
  to the protocol in arrival order (datagram_received each, or the whole
  list to datagrams_received where the protocol defines it); with UDP_GRO
  on, datagrams the kernel coalesced are cut apart by recvmmsg;
- writing: a sendto with nothing queued goes out at once, as in the stdlib;
  the ones after it in the same loop iteration (and every reply sent from
  the protocol while a batch is delivered) are queued and leave together
  with one sendmmsg, or one sendmsg with UDP_SEGMENT where they share a
  peer and a size (UDP GSO);
- a batch the protocol stops short (pause_reading, close, an exception)
  keeps its rest for later, so no datagram the kernel delivered is lost or
  reordered.

Without recvmmsg/sendmmsg (HAVE_BATCH false) it reads and writes one
datagram per call, as the stdlib does.
"""

from __future__ import annotations

import os
import struct
import sys
from asyncio import constants, selector_events, transports
from errno import EINVAL, EIO, EMSGSIZE, ENOPROTOOPT, EOPNOTSUPP
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any, List, Tuple, Union

# The package itself (its constants and socket class), as _run.py finds it.
_sockffi = sys.modules[__name__.rpartition(".")[0]]
from ._run import stdlib_modules  # noqa: E402

HAVE_BATCH = hasattr(_sockffi.socket, "recvmmsg") and hasattr(_sockffi.socket, "sendmmsg")

_SOL_UDP = getattr(_sockffi, "SOL_UDP", None)
_UDP_SEGMENT = getattr(_sockffi, "UDP_SEGMENT", None)
_UDP_GRO = getattr(_sockffi, "UDP_GRO", None)
_INET = (_sockffi.AF_INET, getattr(_sockffi, "AF_INET6", _sockffi.AF_INET))

BATCH_BYTES = 2 << 20     # receive buffer per batch, count x bufsize (recvmmsg reuses
                          # arrays up to 4 MiB between calls, allocates larger ones)
MAX_BATCH = 64            # datagrams per recvmmsg
UDP_BUFSIZE = 65536       # no UDP datagram (nor GRO's coalesced ones) is larger
SEND_CHUNK = 1024         # messages per sendmmsg (the kernel's UIO_MAXIOV)
GSO_SEGMENTS = 64         # the kernel's UDP_MAX_SEGMENTS (64 before Linux 6.9)
GSO_BYTES = 65507         # largest UDP payload over IPv4
# The errors that say UDP GSO cannot carry this batch (old kernel, device
# without checksum offload, segment above the path MTU); others are the
# datagram's own and reach error_received.
_GSO_REFUSALS = (EINVAL, EIO, EMSGSIZE, ENOPROTOOPT, EOPNOTSUPP)

# The stdlib's own sendto rules, which changed in 3.13: empty datagrams are
# sent rather than dropped, and the buffer size counts 8 header bytes each.
_DROPS_EMPTY = sys.version_info < (3, 13)
_HEADER = 8 if sys.version_info >= (3, 13) else 0

_Base = selector_events._SelectorDatagramTransport
# The stdlib's selector transport is an asyncio.DatagramTransport from 3.12
# on; before, only typeshed says so.  Ours is one on every version.
_Bases = (_Base,) if issubclass(_Base, transports.DatagramTransport) else \
    (_Base, transports.DatagramTransport)


def _io_socket(sock) -> Any:
    """A sockffi socket for the I/O: `sock` itself, or one on a duplicate of
    a stdlib socket's descriptor (so each object owns and closes its own)."""
    if isinstance(sock, _sockffi.socket):
        return sock
    io = _sockffi.socket(sock.family, sock.type, sock.proto, os.dup(sock.fileno()))
    io.setblocking(False)
    return io


def _is_udp(io) -> bool:
    return (io.family in _INET and io.type == _sockffi.SOCK_DGRAM
            and io.proto in (0, getattr(_sockffi, "IPPROTO_UDP", 17)))


class BatchDatagramTransport(*_Bases):
    """A DatagramTransport reading with recvmmsg and writing with sendmmsg
    (or UDP GSO); see the module's docstring."""

    _paused = False  # (before 3.11 datagram transports cannot pause reading)
    udp_gro = True   # turn UDP_GRO on where the kernel has it (reading only)
    udp_gso = True   # send equal-sized runs to one peer as one GSO datagram

    def __init__(self, loop, sock, protocol, address=None, waiter=None, extra=None) -> None:
        self._io = _io_socket(sock)
        self._held: List[Tuple[bytes, Any]] = []   # a stopped batch's rest
        try:
            super().__init__(loop, sock, protocol, address, waiter, extra)
        except BaseException:
            if self._io is not sock:
                self._io.close()
            raise
        io = self._io
        self._buffer = []            # (data, addr) queued, as in the stdlib
        self._buffer_size = 0
        self._corked = False         # sendto queues instead of sending
        self._writing = False        # waiting for the socket to be writable
        self._connected = bool(self._extra["peername"])
        self._batch = HAVE_BATCH
        udp = _is_udp(io)
        self._gso = HAVE_BATCH and udp and self.udp_gso and _UDP_SEGMENT is not None
        bufsize = UDP_BUFSIZE if udp else self.max_size
        self._bufsize = bufsize
        self._count = max(1, min(MAX_BATCH, BATCH_BYTES // bufsize))
        if HAVE_BATCH and udp and self.udp_gro and _UDP_GRO is not None:
            try:
                io.setsockopt(_SOL_UDP, _UDP_GRO, 1)
            except OSError:
                pass
        self._recvmmsg = io.recvmmsg if HAVE_BATCH else None

    def set_protocol(self, protocol) -> None:
        super().set_protocol(protocol)
        self._receive_many = getattr(protocol, "datagrams_received", None)

    def get_write_buffer_size(self) -> int:
        return self._buffer_size

    # --- reading ----------------------------------------------------------

    def _read_ready(self) -> None:
        if self._conn_lost:
            return
        if self._held:
            self._deliver_held()
            return
        if not self._batch:
            super()._read_ready()
            return
        try:
            batch = self._recvmmsg(self._count, self._bufsize)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self._protocol.error_received(exc)
            return
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._fatal_error(exc, "Fatal read error on datagram transport")
            return
        self._corked = True  # the protocol's replies leave together, below
        try:
            self._deliver(batch)
        finally:
            self._flush()

    def _deliver(self, batch: list) -> None:
        if self._receive_many is not None:
            self._receive_many(batch)
            return
        receive = self._protocol.datagram_received
        it = iter(batch)
        try:
            for data, addr in it:
                receive(data, addr)
                if self._paused or self._closing:
                    break
        except BaseException:
            # The rest waits for the next iteration, as the stdlib would
            # have read it after the loop reported this exception.
            self._held = list(it)
            if self._held:
                self._loop.call_soon(self._read_ready)
            raise
        rest = list(it)
        if rest and not self._closing:
            self._held = rest  # delivered on resume_reading

    def _deliver_held(self) -> None:
        if self._closing:
            self._held = []
            return
        if self._paused:
            return  # resume_reading brings them
        held, self._held = self._held, []
        self._corked = True
        try:
            self._deliver(held)
        finally:
            self._flush()

    def resume_reading(self) -> None:
        super().resume_reading()
        if self._held and not self._paused and not self._closing:
            self._loop.call_soon(self._read_ready)

    # --- writing ----------------------------------------------------------

    def sendto(self, data: Union[bytes, bytearray, memoryview], addr: Any = None) -> None:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data argument must be a bytes-like object, "
                            f"not {type(data).__name__!r}")
        if _DROPS_EMPTY and not data:
            return
        if self._address:
            if addr not in (None, self._address):
                raise ValueError(f"Invalid address: must be None or {self._address}")
            addr = self._address
        if self._conn_lost and self._address:
            if self._conn_lost >= constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES:
                selector_events.logger.warning("socket.send() raised exception.")
            self._conn_lost += 1
            return
        now = not self._corked and not self._buffer
        if type(data) is not bytes:
            data = bytes(data)  # what is queued must not change
        self._buffer.append((data, addr))
        self._buffer_size += len(data) + _HEADER
        if now:
            # Nothing queued before it: it goes now, and whatever else is
            # sent in this iteration goes in one batch after it.
            self._corked = True
            self._loop.call_soon(self._flush)
            self._send_queued()
        if self._buffer_size > self._high_water:
            self._maybe_pause_protocol()

    def _wait_writable(self) -> None:
        self._writing = True
        self._loop._add_writer(self._sock_fd, self._sendto_ready)

    def _flush(self) -> None:
        """Uncork: send what was queued in this iteration."""
        self._corked = False
        if self._buffer and not self._writing and not self._conn_lost:
            self._send_queued()

    def _sendto_ready(self) -> None:
        self._writing = False  # set again if the socket fills up
        self._send_queued()
        self._maybe_resume_protocol()  # may queue more
        if self._buffer and not self._writing and not self._conn_lost:
            self._send_queued()
        if not self._buffer:
            self._loop._remove_writer(self._sock_fd)
            if self._closing and not self._conn_lost:
                self._call_connection_lost(None)

    def _send_queued(self) -> None:
        """Send from the front of the queue until it is empty, the socket
        is full (then wait for it to be writable) or a datagram fails (it
        is dropped and reported; the rest waits for the next writable
        event, as in the stdlib)."""
        buf = self._buffer
        while buf:
            try:
                sent = self._send_some(buf)
            except (BlockingIOError, InterruptedError):
                self._wait_writable()
                return
            except OSError as exc:
                self._sent(1)
                self._protocol.error_received(exc)
                if self._buffer and not self._conn_lost:
                    self._wait_writable()
                return
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                self._fatal_error(exc, "Fatal write error on datagram transport")
                return
            self._sent(sent)
        self._maybe_resume_protocol()

    def _sent(self, count: int) -> None:
        """Take the first `count` queued datagrams off the queue."""
        buf = self._buffer
        if count >= len(buf):
            buf.clear()
            self._buffer_size = 0
            return
        gone = buf[:count]
        del buf[:count]
        self._buffer_size -= sum(len(data) for data, _ in gone) + _HEADER * count

    def _send_some(self, buf: list) -> int:
        """Send datagrams from the front of `buf`; returns how many went
        (at least one), or raises the first one's error."""
        io = self._io
        if not self._batch or len(buf) == 1:
            data, addr = buf[0]
            if self._connected:
                io.send(data)
            else:
                io.sendto(data, addr)
            return 1
        chunk = buf if len(buf) <= SEND_CHUNK else buf[:SEND_CHUNK]
        refused = None
        if self._gso and len(chunk) > 1:
            sent = self._send_segmented(chunk)
            if sent:
                return sent
            refused = not self._gso
        try:
            if self._connected:
                return io.sendmmsg([data for data, _ in chunk])
            return io.sendmmsg(chunk)
        except OSError as exc:
            if refused and not isinstance(exc, (BlockingIOError, InterruptedError)):
                self._gso = True  # the datagram's own error, not GSO's
            raise

    def _send_segmented(self, chunk: list) -> int:
        """UDP GSO: the chunk's first run of datagrams to one peer, all of
        one size (the last may be shorter), as few sendmsg calls; returns
        how many went (0: not a run, or GSO refused)."""
        datas, peers = zip(*chunk)
        if self._connected:
            peer = None
        else:
            peer = peers[0]
            if peers.count(peer) != len(peers):
                return 0
        lens = list(map(len, datas))
        size, n = lens[0], len(lens)
        equal = lens.count(size)
        # All of one size; a shorter (not empty) last one is allowed.
        if not size or (equal != n and (equal != n - 1 or not 0 < lens[-1] < size)):
            return 0
        step = min(GSO_SEGMENTS, GSO_BYTES // size)
        if step < 2:
            return 0
        control = [(_SOL_UDP, _UDP_SEGMENT, struct.pack("=H", size))]
        io = self._io
        sent = 0
        while sent < n:
            if n - sent < 2:
                break  # a lone datagram goes by sendmmsg
            group = datas[sent:min(n, sent + step)]
            try:
                if peer is None:
                    io.sendmsg([b"".join(group)], control)
                else:
                    io.sendmsg([b"".join(group)], control, 0, peer)
            except OSError as exc:
                if exc.errno in _GSO_REFUSALS and not isinstance(exc, BlockingIOError):
                    # sendmmsg for this chunk, and from now on unless it
                    # fails the same way (then the datagram was at fault).
                    self._gso = False
                    return sent
                if sent:
                    return sent  # the error comes back on the next call
                raise
            sent += len(group)
        return sent

    # --- closing ----------------------------------------------------------

    def close(self) -> None:
        if not self._closing and self._buffer and not self._writing and not self._conn_lost:
            self._corked = False
            self._send_queued()  # what this iteration queued, before closing
        super().close()

    def abort(self) -> None:
        if self._buffer and not self._writing and not self._conn_lost:
            # Datagrams queued in this iteration count as sent (the stdlib
            # would have sent them at once): one try, no waiting.
            try:
                self._send_some(self._buffer)
            except OSError:
                pass
        super().abort()

    def _force_close(self, exc) -> None:
        self._writing = False
        self._held = []
        super()._force_close(exc)

    def _call_connection_lost(self, exc) -> None:
        io, sock = self._io, self._sock
        try:
            super()._call_connection_lost(exc)
        finally:
            self._io = None
            if io is not None and io is not sock:
                io.close()  # the duplicate descriptor

    def __del__(self) -> None:
        io, sock = getattr(self, "_io", None), self._sock
        super().__del__()
        if io is not None and io is not sock and sock is not None:
            io.close()


def make_transport(loop, sock, protocol, address=None, waiter=None, extra=None):
    """What the selector loop's _make_datagram_transport does, with the
    batch transport for a real socket (the stdlib's or sockffi's; anything
    else, such as a test double, gets the stdlib's transport)."""
    loop._ensure_fd_no_transport(sock)
    real = isinstance(sock, _sockffi.socket) or isinstance(sock, stdlib_modules()[0].socket)
    if real and type(sock.fileno()) is int:
        return BatchDatagramTransport(loop, sock, protocol, address, waiter, extra)
    return _Base(loop, sock, protocol, address, waiter, extra)
