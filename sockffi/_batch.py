"""Batch datagram I/O (Linux recvmmsg/sendmmsg), beyond the stdlib:

    sock.recvmmsg(count, bufsize, flags=0, timeout=None) -> [(data, address), ...]
    sock.recvmmsg_into(buffers, flags=0) -> [(nbytes, address), ...]
    sock.sendmmsg(messages, flags=0) -> number of messages sent

One system call moves up to `count` datagrams.  The socket's timeout
governs the wait for the first datagram exactly as for recvfrom (blocking,
non-blocking, or one deadline); what else is already queued comes along
(MSG_WAITFORONE).  recvmmsg's `timeout` adds a gathering window: keep
receiving until `count` datagrams or `timeout` more seconds.

Speed: the mmsghdr/iovec/sockaddr arrays are allocated once per shape and
reused (taken from a pool for the length of a call, so threads and
re-entrant signal handlers never share one); lengths are read for the whole
batch at once and the arrays are reset with one memmove; decoded sender
addresses are cached by their raw bytes.
"""

from __future__ import annotations

import sys
import weakref
from errno import EAGAIN, EWOULDBLOCK, EINTR
from itertools import repeat
from math import ceil, isnan
from operator import index as _index
from time import monotonic
from typing import Any, Iterable, List, Optional, Tuple

from . import _address
from ._binding import ffi, lib, CONSTANTS
from ._errors import os_error
from ._msg import _c_int, _fast, _read_buffer, _write_buffer

POLLIN = CONSTANTS["POLLIN"]
POLLOUT = CONSTANTS["POLLOUT"]
POLLERR = CONSTANTS["POLLERR"]
MSG_WAITFORONE = CONSTANTS.get("MSG_WAITFORONE", 0)
MSG_DONTWAIT = CONSTANTS["MSG_DONTWAIT"]
MSG_TRUNC = CONSTANTS["MSG_TRUNC"]
UIO_MAXIOV = 1024  # the kernel's cap on one call's vector (IOV_MAX)

MMSG_SIZE = ffi.sizeof("struct mmsghdr")
STORAGE = ffi.sizeof("struct sockaddr_storage")
_NAMELEN_OFFSET = (ffi.offsetof("struct mmsghdr", "msg_hdr")
                   + ffi.offsetof("struct msghdr", "msg_namelen"))
_LEN_OFFSET = ffi.offsetof("struct mmsghdr", "msg_len")
# msg_len and msg_namelen as indexes into the array seen as 32-bit words.
_WORDS = (MMSG_SIZE % 4 == 0 and _NAMELEN_OFFSET % 4 == 0 and _LEN_OFFSET % 4 == 0
          and ffi.sizeof("socklen_t") == 4 and ffi.sizeof("unsigned int") == 4)
_STRIDE, _NAMELEN_IDX, _LEN_IDX = MMSG_SIZE // 4, _NAMELEN_OFFSET // 4, _LEN_OFFSET // 4
# PyPy's JIT makes cffi field reads cheap and memoryview.tolist() dear;
# CPython the other way round.
_USE_WORDS = _WORDS and sys.implementation.name != "pypy"

_ZEROS = bytes(UIO_MAXIOV * STORAGE)
_new_buffer = ffi.new_allocator(should_clear_after_alloc=False)
_recvmmsg = lib.recvmmsg
_sendmmsg = lib.sendmmsg
_decode = _address.decode
_MISS = object()


class _RecvArrays:
    """mmsghdr, iovec and sockaddr arrays for `count` datagrams, each iovec
    on its own `bufsize` slice of one data block (or, with bufsize None, on
    buffers the caller supplies per call)."""

    __slots__ = ("count", "bufsize", "vec", "iov", "names", "data", "pristine",
                 "words", "databuf", "namebuf", "__weakref__")

    def __init__(self, count: int, bufsize: Optional[int]) -> None:
        self.count, self.bufsize = count, bufsize
        self.vec = vec = ffi.new("struct mmsghdr[]", count)
        self.iov = iov = ffi.new("struct iovec[]", count)
        self.names = names = ffi.new("struct sockaddr_storage[]", count)
        self.data = data = _new_buffer("char[]", count * (bufsize or 0))
        for i in range(count):
            if bufsize is not None:
                iov[i].iov_base = data + i * bufsize
                iov[i].iov_len = bufsize
            hdr = vec[i].msg_hdr
            hdr.msg_name = names + i
            hdr.msg_namelen = STORAGE
            hdr.msg_iov = iov + i
            hdr.msg_iovlen = 1
        self.pristine = ffi.buffer(vec)[:]
        self.words = memoryview(ffi.buffer(vec)).cast("I") if _WORDS else None
        self.databuf = ffi.buffer(data)
        self.namebuf = ffi.buffer(names)

    def reset(self, used: int) -> None:
        """Undo what the kernel wrote into the first `used` entries."""
        ffi.memmove(self.vec, self.pristine, used * MMSG_SIZE)
        ffi.memmove(self.names, _ZEROS, used * STORAGE)

    def lengths(self, got: int) -> Tuple[list, list]:
        """(msg_len, msg_namelen) of the first `got` entries."""
        if _USE_WORDS:
            words = self.words
            end = got * _STRIDE
            return (words[_LEN_IDX:_LEN_IDX + end:_STRIDE].tolist(),
                    words[_NAMELEN_IDX:_NAMELEN_IDX + end:_STRIDE].tolist())
        vec = self.vec
        return ([vec[i].msg_len for i in range(got)],
                [vec[i].msg_hdr.msg_namelen for i in range(got)])

    def addresses(self, got: int, namelens: list):
        """The decoded sender of each of the first `got` datagrams."""
        namebuf = self.namebuf
        first = namelens[0]
        if not _USE_WORDS or namelens.count(first) != got:
            return [self._address(namebuf[o:o + n], o // STORAGE)
                    for o, n in zip(range(0, got * STORAGE, STORAGE), namelens)]
        # One comparison tells whether the whole batch came from one peer
        # (the usual case): unused bytes of each entry are zero.
        region = namebuf[:got * STORAGE]
        entry = region[:STORAGE]
        if region == entry * got:
            return repeat(self._address(entry[:first], 0), got)
        return [self._address(region[o:o + first], o // STORAGE)
                for o in range(0, got * STORAGE, STORAGE)]

    def _address(self, raw: bytes, index: int):
        address = _address_cache.get(raw, _MISS)
        if address is _MISS:
            address = _decode(ffi.cast("struct sockaddr *", self.names + index), len(raw))
            if len(_address_cache) >= 1024:
                _address_cache.clear()
            _address_cache[raw] = address
        return address


# Raw sockaddr bytes -> decoded address (immutable, so shareable).
_address_cache: dict = {}

# Idle arrays by shape, and errors kept for the next call (see _gather).
_pool: dict = {}
_POOL_BYTES = 4 << 20  # larger shapes are allocated per call
_pending_errors: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _take(count: int, bufsize: Optional[int]) -> _RecvArrays:
    try:
        return _pool[(count, bufsize)].pop()
    except (KeyError, IndexError):
        return _RecvArrays(count, bufsize)


def _give_back(arrays: _RecvArrays, used: int) -> None:
    arrays.reset(used)
    if arrays.count * ((arrays.bufsize or 0) + STORAGE + MMSG_SIZE) > _POOL_BYTES:
        return
    if len(_pool) > 16:
        _pool.clear()
    free = _pool.setdefault((arrays.count, arrays.bufsize), [])
    if len(free) < 4:
        free.append(arrays)


# --- arguments ---------------------------------------------------------------

def _count(value, name: str) -> int:
    value = _index(value)
    if not 1 <= value <= UIO_MAXIOV:
        raise ValueError(f"{name} must be between 1 and {UIO_MAXIOV}")
    return value


def _window(value) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise TypeError("timeout must be a number or None") from None
    if isnan(seconds) or seconds < 0:
        raise ValueError("timeout must be a non-negative number")
    return seconds


def _wait_readable(fd: int, seconds: float) -> bool:
    """True when fd has a datagram to read within `seconds`; False on
    expiry or when only an error is pending (left for the next call)."""
    pfd = ffi.new("struct pollfd *")
    pfd.fd = fd
    pfd.events = POLLIN
    ms = min(int(ceil(seconds * 1000.0)), 0x7FFFFFFF)
    if lib.poll(pfd, 1, ms) <= 0:
        return False
    return bool(pfd.revents & POLLIN)


# --- receiving ---------------------------------------------------------------

def _receive(sock, arrays: _RecvArrays, count: int, flags: int, window: float) -> int:
    """Fill `arrays` with up to `count` datagrams: the first under the
    socket's timeout, the rest from the queue, for `window` more seconds
    if asked.  Returns how many."""
    if _pending_errors:
        err = _pending_errors.pop(sock, None)
        if err:
            raise os_error(err)
    got = sock._call(POLLIN, _recvmmsg, sock._fd, arrays.vec, count,
                     flags | MSG_WAITFORONE, ffi.NULL)
    if window > 0 and got < count:
        got = _gather(sock, arrays, got, count, flags, monotonic() + window)
    return got


def _gather(sock, arrays, got: int, count: int, flags: int, deadline: float) -> int:
    fd = sock._fd
    while got < count:
        remaining = deadline - monotonic()
        if remaining <= 0 or not _wait_readable(fd, remaining):
            break
        more = _recvmmsg(fd, arrays.vec + got, count - got, flags | MSG_DONTWAIT, ffi.NULL)
        if more >= 0:
            got += more
            continue
        err = ffi.errno
        if err not in (EAGAIN, EWOULDBLOCK, EINTR):
            # The datagrams in hand go back now; the error with the next
            # call, as recvmmsg(2) itself does.
            _pending_errors[sock] = err
            break
    return got


def recvmmsg(self, count: int, bufsize: int, flags: int = 0,
             timeout: Optional[float] = None) -> List[Tuple[bytes, Any]]:
    """recvmmsg(count, bufsize, flags=0, timeout=None) -> [(data, address), ...]

    Receive up to `count` datagrams of up to `bufsize` bytes each in one
    system call.  Waits for the first as recvfrom() would (under the
    socket's timeout); the others are those already queued, or, with
    `timeout`, those arriving within `timeout` more seconds."""
    count = _count(count, "count")
    bufsize = _index(bufsize)
    if bufsize < 0:
        raise ValueError("negative buffersize in recvmmsg")
    flags = _c_int(flags)
    window = 0.0 if timeout is None else _window(timeout)
    arrays = _take(count, bufsize)
    got = 0
    try:
        got = _receive(self, arrays, count, flags, window)
        if not got:
            return []
        lens, namelens = arrays.lengths(got)
        if flags & MSG_TRUNC:  # msg_len is then the full datagram length
            lens = [n if n <= bufsize else bufsize for n in lens]
        databuf = arrays.databuf
        datas = [databuf[o:o + n] for o, n in zip(range(0, got * bufsize, bufsize), lens)]
        return list(zip(datas, arrays.addresses(got, namelens)))
    finally:
        _give_back(arrays, got)


def recvmmsg_into(self, buffers: Iterable, flags: int = 0) -> List[Tuple[int, Any]]:
    """recvmmsg_into(buffers, flags=0) -> [(nbytes, address), ...]

    Receive one datagram into each writable buffer, in one system call;
    returns one entry per buffer filled (at least one; the wait for it
    follows the socket's timeout)."""
    flags = _c_int(flags)
    parts = [_write_buffer(b, "recvmmsg_into() argument 1 must be an iterable of "
                              "single-segment read-write buffers")
             for b in _fast(buffers, "recvmmsg_into() argument 1 must be an iterable")]
    if not parts:
        return []
    count = _count(len(parts), "the number of buffers")
    arrays = _take(count, None)
    iov = arrays.iov
    for i, part in enumerate(parts):
        iov[i].iov_base = part
        iov[i].iov_len = len(part)
    got = 0
    try:
        got = _receive(self, arrays, count, flags, 0.0)
        if not got:
            return []
        lens, namelens = arrays.lengths(got)
        return list(zip(lens, arrays.addresses(got, namelens)))
    finally:
        _give_back(arrays, got)


# --- sending -----------------------------------------------------------------

def _encoder(family: int):
    """Address -> (owner, struct sockaddr *, length), resolved once per
    distinct address within one call."""
    seen: dict = {}

    def encode(address):
        try:
            return seen[address]
        except KeyError:
            result = seen[address] = _address.encode(family, address, "sendmmsg")
            return result
        except TypeError:  # unhashable: no caching
            return _address.encode(family, address, "sendmmsg")
    return encode


_DATA_MESSAGE = "sendmmsg() messages must be bytes-like objects or (data, address) pairs"


def _fill(vec, iov, messages, start: int, stop: int, encode, keep: list) -> None:
    for i in range(stop - start):
        message = messages[start + i]
        if type(message) is tuple:
            if len(message) != 2:
                raise TypeError(_DATA_MESSAGE)
            data, address = message
        else:
            data, address = message, None
        buf = _read_buffer(data, _DATA_MESSAGE)
        keep.append(buf)
        iov[i].iov_base = buf
        iov[i].iov_len = len(buf)
        hdr = vec[i].msg_hdr
        hdr.msg_iov = iov + i
        hdr.msg_iovlen = 1
        if address is not None:
            owner, sa, length = encode(address)
            keep.append(owner)
            hdr.msg_name = sa
            hdr.msg_namelen = length


def sendmmsg(self, messages: Iterable, flags: int = 0) -> int:
    """sendmmsg(messages, flags=0) -> number of messages sent

    Send each message -- `data`, or `(data, address)` for an unconnected
    socket -- as its own datagram, up to 1024 per system call.  Like
    send(), it may send fewer than given (non-blocking socket, full buffer,
    an error after the first): the count says how many went."""
    flags = _c_int(flags)
    items = _fast(messages, "sendmmsg() argument 1 must be an iterable")
    total = len(items)
    encode = _encoder(self._family)
    sent = 0
    while sent < total:
        size = min(total - sent, UIO_MAXIOV)
        vec = ffi.new("struct mmsghdr[]", size)
        iov = ffi.new("struct iovec[]", size)
        keep: list = []
        _fill(vec, iov, items, sent, sent + size, encode, keep)
        try:
            done = self._call(POLLOUT, _sendmmsg, self._fd, vec, size, flags)
        except OSError:
            if sent:  # some went: report them, the error is lost (as sendmmsg(2) does)
                return sent
            raise
        sent += done
        if done < size:
            break
    return sent


def install(cls) -> None:
    """Add the batch methods to the socket class (where the C library has
    recvmmsg/sendmmsg)."""
    try:
        lib.recvmmsg, lib.sendmmsg
    except AttributeError:
        return
    for method in (recvmmsg, recvmmsg_into, sendmmsg):
        method.__qualname__ = f"{cls.__name__}.{method.__name__}"
        setattr(cls, method.__name__, method)
