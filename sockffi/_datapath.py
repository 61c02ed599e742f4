"""The data methods of the socket class: recv, recv_into, recvfrom,
recvfrom_into, send, sendall, sendto -- the hot paths.

Each is a registered call in flight (_inflight.py), compiled around its body
by `hot_method` (a wrapper frame would cost 1-3% per call).  The common
cases are inline:

- CPython, no flags, no timeout: recv(2) is read(2) on any socket and
  send(2) is write(2) on a stream (the kernel runs the same sock_recvmsg /
  sock_sendmsg), and os.read/os.write/os.readv do them in one C call that
  builds the bytes in place: about 7% less per round trip than a cffi call
  (python -m benchmarks --clock cpu).  On PyPy the cffi call is the cheaper
  one (its os.write copies), so there neither is used.
- recvfrom/sendto on a blocking socket: the C call in a short EINTR loop,
  addresses memoised (_addrcache), C memory from a pool (_scratch).

Everything else goes through the timeout policy (_timeout.sock_call).
Arguments are checked as CPython's argument parser checks them (_args.py)
only when a fast test fails, so the common case pays nothing for the
stdlib's wording.  `flags is _ZERO` is the cheapest exact test for the
default (an int 0 is the one cached object; PyPy compares ints by value).
"""

from __future__ import annotations

import os
import sys
from errno import EINTR
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any, Tuple

# (Names only the compiled bodies below use, such as EINTR, SSIZE_MAX,
# os_error and _from_buffer_as, are imported here all the same: the bodies
# run with this module's globals.)
from . import _addrcache, _address, _scratch
from ._args import (as_int, as_ssize, from_buffer as _from_buffer,
                    from_buffer_as as _from_buffer_as, read_buffer, write_buffer, SSIZE_MAX)
from ._binding import ffi, lib, CONSTANTS
from ._errors import os_error
from ._inflight import hot_method
from ._timeout import deadline, sock_call, time_left

POLLIN = CONSTANTS["POLLIN"]
POLLOUT = CONSTANTS["POLLOUT"]
SOCK_STREAM = CONSTANTS["SOCK_STREAM"]

_recv = lib.recv
_send = lib.send
_sendto = lib.sendto
_recvfrom = lib.recvfrom
_new_buffer = ffi.new_allocator(should_clear_after_alloc=False)
_unpack = ffi.unpack
_release = ffi.release  # a from_buffer() view, given back before an error propagates
_CHARS = ffi.typeof("char[]")
_audit = getattr(sys, "audit", None) or (lambda event, *args: None)  # (no test per call)

_SCRATCH_SIZE = _scratch.SIZE
_STORAGE_SIZE = _scratch.STORAGE_SIZE
_take, _give, _new_block = _scratch.take, _scratch.give, _scratch.new_block
_encode_cached, _decode_raw = _addrcache.encode, _addrcache.decode
_decoded = _addrcache._decoded  # sender bytes -> address, for an inline hit
_decoded_head = _addrcache.decoded_head  # an IPv4 sender's first 8 bytes -> address
_decode_block = _addrcache.decode_block
_INET_LENGTH = _addrcache.INET_LENGTH
_ADDRLEN = _address._SIZES  # family -> sockaddr size (getsockaddrlen)

_OS_IO_TYPE = SOCK_STREAM if sys.implementation.name == "cpython" else None
# recv(2) with no flags is read(2) for every socket type (sock_read_iter
# calls sock_recvmsg with the descriptor's O_NONBLOCK, as recvfrom(2)
# does); send(2) is write(2) only for a stream (on SOCK_SEQPACKET, write
# adds MSG_EOR).  So the reads test no type: three bytecodes less per recv.
# (Only a descriptor number closed behind the socket's back and reused by a
# pipe tells them apart: read(2) reads the pipe where recv(2) fails with
# ENOTSOCK.  Streams have always taken that risk here.)
_OS_READ = _OS_IO_TYPE is not None
_os_read, _os_write = os.read, os.write
_os_readv = getattr(os, "readv", None)  # (PyPy has none; it never takes that path)
_ZERO = 0
_MISSING = object()
# recv's size test: an int up to this is one CPython digit, which 3.11's
# specialised int comparison takes; SSIZE_MAX is not, and the generic
# comparison cost 62 instructions per recv (callgrind); two plain comparisons
# are 17 fewer than a chained one.  A larger size takes the checked path
# (_recv_size), which allows up to SSIZE_MAX.
_COMPACT_MAX = (1 << 30) - 1


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


def _data_buffer(data):
    """send's ("y*") buffer: bytes as they are (cffi passes them to `const
    void *`), any other bytes-like object as a from_buffer view."""
    if type(data) is bytes:
        return data
    try:
        return _from_buffer(data)
    except (TypeError, BufferError):
        return read_buffer(data)


def _release_view(buf) -> None:
    """Give a from_buffer view back, as the C module releases its Py_buffer
    before an error propagates (the caller may resize its bytearray)."""
    if type(buf) is not bytes:
        _release(buf)


class DataPath:
    """recv, recv_into, recvfrom, recvfrom_into, send, sendall, sendto."""

    __slots__ = ()

    recv = hot_method("socket", "recv", "bufsize, flags=0, /", namespace=globals(),
                      empty="_nothing", before="""
        if type(bufsize) is not int or bufsize <= 0 or bufsize > _COMPACT_MAX:
            bufsize = _recv_size(bufsize, flags, "recv")
            if bufsize == 0:  # nothing asked, nothing done (not even EBADF)
                return b""
        """, body="""
        if flags is _ZERO and _OS_READ and not self._timeout:
            result = _os_read(fd, bufsize)
        else:
            result = self._recv_any(fd, bufsize, flags)
        """, doc="""recv(buffersize[, flags]) -> data

        Receive up to buffersize bytes from the socket.  For the optional
        flags argument, see the Unix manual.  When no data is available,
        block until at least one byte is available or until the remote end
        is closed.  When the remote end is closed and all data is read,
        return the empty string.""")

    def _recv_any(self, fd: int, bufsize: int, flags) -> bytes:
        if flags is not _ZERO:
            flags = as_int(flags)
        try:  # a pooled block: no allocation per call
            block = _take() if bufsize <= _SCRATCH_SIZE else None
        except IndexError:
            block = None
        buf = _new_buffer(_CHARS, bufsize) if block is None else block[0]
        try:
            got = sock_call(self, POLLIN, _recv, (fd, buf, bufsize, flags), self._timeout)
            return _unpack(buf, got) if got <= bufsize else _truncated(buf, bufsize, got)
        finally:
            if block is not None:
                _give(block)

    recv_into = hot_method("socket", "recv_into", "buffer, nbytes=0, flags=0",
                           namespace=globals(), empty="_nothing", before="""
        if (type(buffer) is bytearray and buffer and nbytes is _ZERO and flags is _ZERO
                and _OS_READ and not self._timeout):
            buf = None  # readv(2) into the whole bytearray: recv(2) with no flags
        else:
            try:
                buf = _from_buffer_as(_CHARS, buffer, True)
            except (TypeError, BufferError):
                buf = None
            if buf is None or type(nbytes) is not int or nbytes < 0:
                if buf is not None:
                    _release(buf)  # _into_size makes its own (and gives it back on errors)
                buf, nbytes = _into_size(buffer, nbytes, flags, "recv_into")
            elif nbytes == 0:
                nbytes = len(buf)
            elif nbytes > len(buf):
                _release(buf)  # (the caller may resize its bytearray)
                as_ssize(nbytes)  # parsed before flags ("n" then "i"), as the stdlib does
                as_int(flags)
                raise ValueError("buffer too small for requested bytes")
        """, body="""
        if buf is None:
            result = _os_readv(fd, [buffer])
        elif nbytes == 0:
            as_int(flags)
            result = 0
        else:
            if flags is not _ZERO:
                flags = as_int(flags)
            result = sock_call(self, POLLIN, _recv, (fd, buf, nbytes, flags), self._timeout)
        """, on_error="""
        if buf is not None:
            _release(buf)  # the caller may resize its bytearray while handling the error
        """, doc="""recv_into(buffer, [nbytes[, flags]]) -> nbytes_read

        A version of recv() that stores its data into a buffer rather than
        creating a new string.  Receive up to buffersize bytes from the
        socket.  If buffersize is not specified (or 0), receive up to the
        size available in the given buffer.""")

    recvfrom = hot_method("socket", "recvfrom", "bufsize, flags=0, /", namespace=globals(),
                          empty="_nothing_first", before="""
        if type(bufsize) is not int or not 0 <= bufsize <= _SCRATCH_SIZE:
            if type(bufsize) is not int or not 0 <= bufsize <= SSIZE_MAX:
                bufsize = _recv_size(bufsize, flags, "recvfrom")
            block = _new_block(bufsize)
            pooled = False
        else:
            try:  # a pooled block holds the data and the address: no allocation
                block = _take()
                pooled = True
            except IndexError:
                block = _new_block(bufsize)
                pooled = False
        """, body="""
        family = self._family
        length = _ADDRLEN.get(family, 0)
        if flags is _ZERO and self._timeout is None and length:
            # The blocking case inline: no sock_call frame.  No flags, so no
            # MSG_TRUNC: recvfrom(2) returns at most bufsize.
            lenp = block[3]
            while True:
                lenp[0] = length
                got = _recvfrom(fd, block[0], bufsize, 0, block[1], lenp)
                if got >= 0:
                    break
                err = ffi.errno
                if err != EINTR:
                    raise os_error(err)
            n = lenp[0]
            if n == _INET_LENGTH:  # an IPv4 sender seen before: by its head
                address = _decoded_head.get(block[5][0])
            else:  # (or by its bytes)
                address = _decoded.get(block[7][:n])
            if address is None:
                address = _decode_block(family, block, n, fd, self._proto)
            result = block[6][:got], address  # (the block's view: a slice, not a call)
        else:
            got, address = self._recvfrom(fd, block[0], bufsize, flags, block)
            if got > bufsize:
                result = _truncated(block[0], bufsize, got), address
            else:
                result = block[6][:got], address
        if pooled:
            _give(block)
        """, on_error="""
        if pooled:
            _give(block)
        """, doc="""recvfrom(buffersize[, flags]) -> (data, address info)

        Like recv(buffersize, flags) but also return the sender's address
        info.""")

    recvfrom_into = hot_method("socket", "recvfrom_into", "buffer, nbytes=0, flags=0",
                               namespace=globals(), empty="_nothing_first", before="""
        buf, nbytes = _into_size(buffer, nbytes, flags, "recvfrom_into")
        """, body="""
        result = self._recvfrom(fd, buf, nbytes, flags, _new_block(0))
        """, on_error="""
        _release(buf)  # the caller may resize its bytearray while handling the error
        """, doc="""recvfrom_into(buffer[, nbytes[, flags]]) -> (nbytes, address info)

        Like recv_into(buffer[, nbytes[, flags]]) but also return the
        sender's address info.""")

    def _recvfrom(self, fd: int, buf, size: int, flags, block) -> Tuple[int, Any]:
        """recvfrom(2) into buf, the sender's address into the storage of
        `block` (a _scratch block), decoded from the bytes the kernel wrote
        as from a zeroed storage (memoised for a sender seen before)."""
        family = self._family
        try:
            length = _ADDRLEN[family]
        except KeyError:
            length = _address.addrlen(family)  # raises as the stdlib words it
        if flags is not _ZERO:
            flags = as_int(flags)
        sa, lenp = block[1], block[3]
        lenp[0] = length
        got = sock_call(self, POLLIN, _recvfrom, (fd, buf, size, flags, sa, lenp),
                        self._timeout)
        n = lenp[0]
        raw = _unpack(block[2], n if n < _STORAGE_SIZE else _STORAGE_SIZE)
        address = _decoded.get(raw)  # a sender seen before
        if address is None:
            address = _decode_raw(family, raw, n, fd, self._proto)
        return got, address

    send = hot_method("socket", "send", "data, flags=0, /", namespace=globals(), body="""
        # (b"" too: write(2) of nothing reaches sock_sendmsg as send(2) does,
        # EPIPE after a shutdown included)
        if (flags is _ZERO and type(data) is bytes and self._type == _OS_IO_TYPE
                and not self._timeout):
            result = _os_write(fd, data)
        else:
            result = self._send_any(fd, data, flags)
        """, doc="""send(data[, flags]) -> count

        Send a data string to the socket.  For the optional flags argument,
        see the Unix manual.  Return the number of bytes sent; this may be
        less than len(data) if the network is busy.""")

    def _send_any(self, fd: int, data, flags) -> int:
        buf = data if type(data) is bytes else _data_buffer(data)
        try:
            if flags is not _ZERO:
                flags = as_int(flags)
            return sock_call(self, POLLOUT, _send, (fd, buf, len(buf), flags), self._timeout)
        except BaseException:
            _release_view(buf)
            raise

    sendall = hot_method("socket", "sendall", "data, flags=0, /", namespace=globals(), body="""
        result = None
        if flags is _ZERO and self._type == _OS_IO_TYPE and self._timeout is None:
            # All of it in one write, unless a signal cut it short.  (A
            # memoryview too: os.write takes its buffer as send(2)'s caller
            # would, contiguity errors included.)
            kind = type(data)
            total = (len(data) if kind is bytes or kind is bytearray
                     else data.nbytes if kind is memoryview else 0)
            sent = _os_write(fd, data) if total else 0
            if not total or sent < total:
                self._sendall_any(fd, data, flags, sent)
        else:
            self._sendall_any(fd, data, flags, 0)
        """, doc="""sendall(data[, flags])

        Send a data string to the socket.  For the optional flags argument,
        see the Unix manual.  This calls send() repeatedly until all data is
        sent.  If an error occurs, it's impossible to tell how much data has
        been sent.""")

    def _sendall_any(self, fd: int, data, flags, offset: int) -> None:
        """sendall of data[offset:]: at least one send(), even of nothing,
        all of them against one deadline."""
        buf = _data_buffer(data)
        try:
            if flags is not _ZERO:
                flags = as_int(flags)
            if type(buf) is bytes:
                buf = _from_buffer(buf)  # sent in parts: go on through a pointer
            total = len(buf)
            timeout = self._timeout
            end = deadline(timeout)
            while True:
                offset += sock_call(self, POLLOUT, _send, (fd, buf + offset, total - offset, flags),
                                    time_left(timeout, end))
                if offset >= total:
                    return
        except BaseException:
            _release_view(buf)
            raise

    sendto = hot_method("socket", "sendto",
                        "data=_MISSING, flags_or_address=_MISSING, address=_MISSING, /, *more",
                        namespace=globals(), before="""
        if address is _MISSING or more:
            if flags_or_address is _MISSING or more:  # worded as the stdlib words it
                given = ((data is not _MISSING) + (flags_or_address is not _MISSING)
                         + (address is not _MISSING) + len(more))
                raise TypeError(f"sendto() takes 2 or 3 arguments ({given} given)")
            address = flags_or_address
            flags = 0
        else:
            flags = flags_or_address  # converted after the data, as the stdlib parses
        buf = data if type(data) is bytes else _data_buffer(data)
        """, body="""
        if flags is not _ZERO:
            flags = as_int(flags)
        # The address object encoded last, in one unpacking (_addrcache.last).
        last_family, last_address, owner, sa, length, _ = _addrcache.last
        if last_address is not address or last_family != self._family:
            owner, sa, length = _encode_cached(self._family, address, "sendto",
                                               fd, self._proto)
        _audit("socket.sendto", self, address)
        if self._timeout is None:  # the blocking case inline: no sock_call frame
            while True:
                result = _sendto(fd, buf, len(buf), flags, sa, length)
                if result >= 0:
                    break
                err = ffi.errno
                if err != EINTR:
                    raise os_error(err)
        else:
            result = sock_call(self, POLLOUT, _sendto, (fd, buf, len(buf), flags, sa, length),
                               self._timeout)
        """, on_error="""
        _release_view(buf)
        """, doc="""sendto(data[, flags], address) -> count

        Like send(data, flags) but allows specifying the destination
        address.  For IP sockets, the address is a pair (hostaddr, port).""")
