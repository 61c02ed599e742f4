"""Batch datagram I/O (Linux recvmmsg/sendmmsg), beyond the stdlib:

    sock.recvmmsg(count, bufsize, flags=0, timeout=None) -> [(data, address), ...]
    sock.recvmmsg_into(buffers, flags=0) -> [(nbytes, address), ...]
    sock.sendmmsg(messages, flags=0) -> number of messages sent

One system call moves up to `count` datagrams.  The socket's timeout
governs the wait for the first datagram exactly as for recvfrom (blocking,
non-blocking, or one deadline); what else is already queued comes along
(MSG_WAITFORONE).  recvmmsg's `timeout` adds a gathering window: keep
receiving until `count` datagrams or `timeout` more seconds.  With UDP_GRO
on, recvmmsg splits coalesced datagrams at the kernel's segment size; with
the UDP_SEGMENT option, each sendmmsg message is cut into segments.

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
from array import array
from itertools import accumulate, repeat
from math import isnan
from operator import itemgetter
from time import monotonic
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any, Iterable, List, Optional, Tuple

from . import _address
from ._binding import ffi, CONSTANTS
from ._errors import os_error
from ._args import as_int, exact_index as _index, sequence, writable
from ._inflight import nothing, registered
from ._msg import walk_control
from ._platform import native
from ._timeout import deadline, sock_call, wait

POLLIN = CONSTANTS["POLLIN"]
POLLOUT = CONSTANTS["POLLOUT"]
POLLERR = CONSTANTS["POLLERR"]
MSG_WAITFORONE = CONSTANTS.get("MSG_WAITFORONE", 0)
MSG_DONTWAIT = CONSTANTS["MSG_DONTWAIT"]
MSG_TRUNC = CONSTANTS["MSG_TRUNC"]
UIO_MAXIOV = 1024  # the kernel's cap on one call's vector (IOV_MAX)

# The batch calls exist where the platform layer says so (recvmmsg and
# sendmmsg, with struct mmsghdr); elsewhere the mixin below is empty.
_recvmmsg, _sendmmsg = native.recvmmsg, native.sendmmsg
AVAILABLE = _recvmmsg is not None and _sendmmsg is not None


def _mmsg_offset(field: str) -> int:
    """Offset of a field of struct mmsghdr (its msghdr's fields included)."""
    if not AVAILABLE:
        return 0
    if field == "msg_len":
        return ffi.offsetof("struct mmsghdr", "msg_len")
    return ffi.offsetof("struct mmsghdr", "msg_hdr") + ffi.offsetof("struct msghdr", field)


MMSG_SIZE = ffi.sizeof("struct mmsghdr") if AVAILABLE else 0
STORAGE = ffi.sizeof("struct sockaddr_storage")
_NAMELEN_OFFSET = _mmsg_offset("msg_namelen")
_LEN_OFFSET = _mmsg_offset("msg_len")
# msg_len and msg_namelen as indexes into the array seen as 32-bit words.
_WORDS = (AVAILABLE and MMSG_SIZE % 4 == 0 and _NAMELEN_OFFSET % 4 == 0 and _LEN_OFFSET % 4 == 0
          and ffi.sizeof("socklen_t") == 4 and ffi.sizeof("unsigned int") == 4)
_STRIDE, _NAMELEN_IDX, _LEN_IDX = MMSG_SIZE // 4, _NAMELEN_OFFSET // 4, _LEN_OFFSET // 4
# PyPy's JIT makes cffi field reads cheap and memoryview.tolist() dear;
# CPython the other way round.
_USE_WORDS = _WORDS and sys.implementation.name != "pypy"

_CONTROLLEN_OFFSET = _mmsg_offset("msg_controllen")
_NAME_OFFSET = _mmsg_offset("msg_name")
# msg_name, msg_controllen and the iovecs (pointer, length) as 64-bit words.
_QWORDS = (_WORDS and ffi.sizeof("void *") == 8 and ffi.sizeof("size_t") == 8
           and MMSG_SIZE % 8 == 0 and _NAME_OFFSET % 8 == 0 and _CONTROLLEN_OFFSET % 8 == 0
           and ffi.sizeof("struct iovec") == 16
           and ffi.offsetof("struct iovec", "iov_len") == 8)
_Q_STRIDE, _NAME_QIDX = MMSG_SIZE // 8, _NAME_OFFSET // 8
_CONTROLLEN_QIDX = _CONTROLLEN_OFFSET // 8
_USE_QWORDS = _QWORDS and sys.implementation.name != "pypy"

CONTROL = 128  # control bytes per received datagram
_GRO = native.UDP_GRO  # (level, option) of UDP GRO's control message, or None

_ZEROS = bytes(UIO_MAXIOV * STORAGE)
_new_buffer = ffi.new_allocator(should_clear_after_alloc=False)
_MISS = object()


class _RecvArrays:
    """mmsghdr, iovec and sockaddr arrays for `count` datagrams, each iovec
    on its own `bufsize` slice of one data block (or, with bufsize None, on
    buffers the caller supplies per call), each sockaddr `namesize` bytes
    (the family's own size: small entries compare fast)."""

    __slots__ = ("count", "bufsize", "namesize", "vec", "iov", "names", "data", "control",
                 "pristine", "words", "qwords", "databuf", "namebuf", "__weakref__")

    def __init__(self, count: int, bufsize: Optional[int], namesize: int) -> None:
        self.count, self.bufsize, self.namesize = count, bufsize, namesize
        self.vec = vec = ffi.new("struct mmsghdr[]", count)
        self.iov = iov = ffi.new("struct iovec[]", count)
        self.names = names = ffi.new("char[]", count * namesize)
        self.data = data = _new_buffer("char[]", count * (bufsize or 0))
        # Room per datagram for control messages: UDP_GRO's segment size
        # (after any timestamps the socket asked for).
        self.control = control = ffi.new("char[]", count * CONTROL) if bufsize is not None else None
        for i in range(count):
            hdr = vec[i].msg_hdr
            if bufsize is not None:
                iov[i].iov_base = data + i * bufsize
                iov[i].iov_len = bufsize
                hdr.msg_control = control + i * CONTROL
                hdr.msg_controllen = CONTROL
            hdr.msg_name = names + i * namesize
            hdr.msg_namelen = namesize
            hdr.msg_iov = iov + i
            hdr.msg_iovlen = 1
        self.pristine = ffi.buffer(vec)[:]
        self.words = memoryview(ffi.buffer(vec)).cast("I") if _WORDS else None
        self.qwords = memoryview(ffi.buffer(vec)).cast("Q") if _QWORDS else None
        self.databuf = ffi.buffer(data)
        self.namebuf = ffi.buffer(names)

    def reset(self, used: int) -> None:
        """Undo what the kernel wrote into the first `used` entries."""
        ffi.memmove(self.vec, self.pristine, used * MMSG_SIZE)
        if self.namesize == STORAGE:
            # Other families' decoders may look past msg_namelen (as the
            # stdlib's do, on a zeroed buffer); IPv4/IPv6 addresses are
            # always written whole.
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

    def control_lengths(self, got: int) -> list:
        """msg_controllen of the first `got` entries."""
        if _USE_QWORDS:
            end = got * _Q_STRIDE
            return self.qwords[_CONTROLLEN_QIDX:_CONTROLLEN_QIDX + end:_Q_STRIDE].tolist()
        vec = self.vec
        return [vec[i].msg_hdr.msg_controllen for i in range(got)]

    def segment_sizes(self, controllens: list) -> list:
        """The UDP_GRO segment size of each entry (0: not coalesced)."""
        sizes = []
        for i, length in enumerate(controllens):
            size = 0
            if length:
                start = self.control + i * CONTROL
                for status, level, kind, offset, n in walk_control(start, min(length, CONTROL)):
                    if status == 0 and (level, kind) == _GRO and n >= 4:
                        size = ffi.cast("int *", start + offset)[0]
            sizes.append(size)
        return sizes

    def datas(self, got: int, lens: list):
        """The first `got` datagrams as bytes."""
        databuf, bufsize = self.databuf, self.bufsize
        if not bufsize:
            return [b""] * got
        first = lens[0]
        if _USE_WORDS and lens.count(first) == got:
            # Equal sizes (a fixed-size protocol): one C call slices them all.
            key = (bufsize, got, first)
            getter = _slicers.get(key)
            if getter is None:
                if len(_slicers) >= 256:
                    _slicers.clear()
                getter = _slicers[key] = itemgetter(
                    *[slice(o, o + first) for o in range(0, got * bufsize, bufsize)])
            return getter(databuf) if got > 1 else (getter(databuf),)
        return [databuf[o:o + n] for o, n in zip(range(0, got * bufsize, bufsize), lens)]

    def addresses(self, got: int, namelens: list, sock):
        """The decoded sender of each of the first `got` datagrams (through
        the socket: some families' forms depend on its fd and protocol)."""
        namebuf, size = self.namebuf, self.namesize
        first = namelens[0]
        if namelens.count(first) != got:
            return [self._address(namebuf[o:o + n], o // size, sock)
                    for o, n in zip(range(0, got * size, size), namelens)]
        # One comparison tells whether the whole batch came from one peer
        # (the usual case).  Equal entries mean equal addresses; unequal
        # ones (stale bytes past a short address) just take the long way.
        region = namebuf[:got * size]
        entry = region[:size]
        if region == entry * got:
            return repeat(self._address(entry[:first], 0, sock), got)
        return [self._address(region[o:o + first], o // size, sock)
                for o in range(0, got * size, size)]

    def _address(self, raw: bytes, index: int, sock):
        address = _address_cache.get(raw, _MISS)
        if address is _MISS:
            sa = ffi.cast("struct sockaddr *", self.names + index * self.namesize)
            address = sock._decode(sa, len(raw))
            if self.namesize == STORAGE:  # not IPv4/IPv6: the form may depend on the socket
                return address
            if len(_address_cache) >= 1024:
                _address_cache.clear()
            _address_cache[raw] = address
        return address


# (bufsize, count, length) -> itemgetter of those slices.
_slicers: dict = {}
# Raw sockaddr bytes -> decoded address (immutable, so shareable).
_address_cache: dict = {}

# Idle arrays by shape, and errors kept for the next call (see _gather).
_pool: dict = {}
_POOL_BYTES = 4 << 20  # larger shapes are allocated per call
_pending_errors: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_have_pending = False  # a plain flag: the dictionary's len() is Python code


_NAME_SIZES = {_address.AF_INET: ffi.sizeof("struct sockaddr_in"),
               _address.AF_INET6: ffi.sizeof("struct sockaddr_in6")}


def _take(count: int, bufsize: Optional[int], family: int) -> _RecvArrays:
    namesize = _NAME_SIZES.get(family, STORAGE)
    try:
        return _pool[(count, bufsize, namesize)].pop()
    except (KeyError, IndexError):
        return _RecvArrays(count, bufsize, namesize)


def _give_back(arrays: _RecvArrays, used: int) -> None:
    arrays.reset(used)
    if arrays.count * ((arrays.bufsize or 0) + arrays.namesize + CONTROL + MMSG_SIZE) > _POOL_BYTES:
        return
    if len(_pool) > 16:
        _pool.clear()
    free = _pool.setdefault((arrays.count, arrays.bufsize, arrays.namesize), [])
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


# --- receiving ---------------------------------------------------------------

def _receive(sock, arrays: _RecvArrays, count: int, flags: int, window: float) -> int:
    """Fill `arrays` with up to `count` datagrams: the first under the
    socket's timeout, the rest from the queue, for `window` more seconds
    if asked.  Returns how many."""
    global _have_pending
    if _have_pending:
        err = _pending_errors.pop(sock, None)
        _have_pending = len(_pending_errors) > 0
        if err:
            raise os_error(err)
    got = sock_call(sock, POLLIN, _recvmmsg,
                    (sock._fd, arrays.vec, count, flags | MSG_WAITFORONE, ffi.NULL), sock._timeout)
    if window > 0 and got < count:
        got = _gather(sock, arrays, got, count, flags, deadline(window))
    return got


def _gather(sock, arrays, got: int, count: int, flags: int, deadline: float) -> int:
    fd = sock._fd
    while got < count:
        remaining = deadline - monotonic()
        if remaining <= 0:
            break
        try:
            # Only a datagram counts: a pending error is left for the next call.
            if not wait(fd, POLLIN, remaining) & POLLIN:
                break
        except InterruptedError:
            continue  # the signal handlers ran; the time left is recomputed
        more = _recvmmsg(fd, arrays.vec + got, count - got, flags | MSG_DONTWAIT, ffi.NULL)
        if more >= 0:
            got += more
            continue
        err = ffi.errno
        if err not in (EAGAIN, EWOULDBLOCK, EINTR):
            # The datagrams in hand go back now; the error with the next
            # call, as recvmmsg(2) itself does.
            global _have_pending
            _pending_errors[sock] = err
            _have_pending = True
            break
    return got


def _split_coalesced(result: list, sizes: list) -> list:
    out = []
    for (data, address), size in zip(result, sizes):
        if size <= 0 or len(data) <= size:
            out.append((data, address))
        else:
            out += [(data[i:i + size], address) for i in range(0, len(data), size)]
    return out


# --- sending -----------------------------------------------------------------

_DATA_MESSAGE = "sendmmsg() messages must be bytes-like objects or (data, address) pairs"


class _SendArrays:
    """An mmsghdr vector whose entries each own one iovec, and a data block
    the messages are copied into: with a fixed block, a batch laid out like
    the previous one (same count, same size) needs no iovec rewritten."""

    __slots__ = ("count", "vec", "iov", "block", "capacity", "layout", "named",
                 "qwords", "words", "iov_qwords", "__weakref__")

    def __init__(self, count: int) -> None:
        self.count = count
        self.vec = vec = ffi.new("struct mmsghdr[]", count)
        self.iov = iov = ffi.new("struct iovec[]", count)
        for i in range(count):
            vec[i].msg_hdr.msg_iov = iov + i
            vec[i].msg_hdr.msg_iovlen = 1
        self.capacity = 4096
        self.block = _new_buffer("char[]", self.capacity)
        self.layout = None   # the sizes the iovecs point at
        self.named = False   # whether entries carry addresses
        if _USE_QWORDS:
            self.qwords = memoryview(ffi.buffer(vec)).cast("Q")
            self.words = memoryview(ffi.buffer(vec)).cast("I")
            self.iov_qwords = memoryview(ffi.buffer(iov)).cast("Q")

    def load(self, blob: bytes, lens: list) -> None:
        """Copy the concatenated messages in and aim entry i at lens[i]
        bytes of them."""
        if len(blob) > self.capacity:
            self.capacity = max(len(blob), 2 * self.capacity, 4096)
            self.block = _new_buffer("char[]", self.capacity)
            self.layout = None
        ffi.memmove(self.block, blob, len(blob))
        first = lens[0]
        layout = first if lens.count(first) == len(lens) else None
        if layout is not None and layout == self.layout:
            return
        self.layout = layout
        if _USE_QWORDS:  # CPython: bulk copies instead of 2 n field writes
            base, n = int(ffi.cast("uintptr_t", self.block)), len(lens)
            self.iov_qwords[0:2 * n:2] = array("Q", accumulate(lens[:-1], initial=base))
            self.iov_qwords[1:2 * n:2] = array("Q", lens)
            return
        iov, block, offset = self.iov, self.block, 0  # PyPy: the JIT makes these cheap
        for i, length in enumerate(lens):
            entry = iov[i]
            entry.iov_base = block + offset
            entry.iov_len = length
            offset += length

    def address(self, names: Optional[list], namelens: Optional[list]) -> None:
        """Entry i goes to the sockaddr names[i] of namelens[i] bytes; None:
        no addresses (a connected socket)."""
        if names is None:
            if not self.named:
                return
            n = self.count
            names, namelens = [0] * n, [0] * n
        n = len(names)
        self.named = any(namelens)
        if _USE_QWORDS:
            end = n * _Q_STRIDE
            self.qwords[_NAME_QIDX:_NAME_QIDX + end:_Q_STRIDE] = array("Q", names)
            end = n * _STRIDE
            self.words[_NAMELEN_IDX:_NAMELEN_IDX + end:_STRIDE] = array("I", namelens)
            return
        vec = self.vec
        for i in range(n):
            hdr = vec[i].msg_hdr
            hdr.msg_name = names[i] or ffi.NULL
            hdr.msg_namelen = namelens[i]


_send_pool: dict = {}


def _take_send(count: int) -> _SendArrays:
    try:
        return _send_pool[count].pop()
    except (KeyError, IndexError):
        return _SendArrays(count)


def _give_back_send(arrays: _SendArrays) -> None:
    if len(_send_pool) > 16:
        _send_pool.clear()
    free = _send_pool.setdefault(arrays.count, [])
    if len(free) < 4:
        free.append(arrays)


def _byte_length(data) -> int:
    if type(data) is bytes or type(data) is bytearray:
        return len(data)
    try:
        return memoryview(data).nbytes
    except TypeError:
        raise TypeError(_DATA_MESSAGE) from None


def _split(messages: list):
    """(datas, addresses or None) of `data` / `(data, address)` messages."""
    if tuple not in set(map(type, messages)):
        return messages, None
    for message in messages:
        if type(message) is tuple and len(message) != 2:
            raise TypeError(_DATA_MESSAGE)
    return ([m[0] if type(m) is tuple else m for m in messages],
            [m[1] if type(m) is tuple else None for m in messages])


def _lengths(datas: list) -> list:
    if set(map(type, datas)) == {bytes}:
        return list(map(len, datas))
    return [len(d) if type(d) is bytes else _byte_length(d) for d in datas]


class _Names:
    """Addresses -> sockaddr pointers, each distinct address resolved once
    per call; keeps the encoded structures alive."""

    def __init__(self, sock) -> None:
        self.sock = sock
        self.seen: dict = {}
        self.keep: list = []

    def encode(self, address):
        if address is None:
            return 0, 0
        try:
            return self.seen[address]
        except KeyError:
            pass
        except TypeError:  # unhashable: encode, no caching
            return self._encode(address)
        result = self.seen[address] = self._encode(address)
        return result

    def _encode(self, address):
        owner, sa, length = self.sock._encode(address, "sendmmsg")
        self.keep.append(owner)
        pointer = int(ffi.cast("uintptr_t", sa)) if _USE_QWORDS else sa
        return pointer, length

    def all(self, addresses: Optional[list], n: int):
        """(pointers, lengths) for n messages; (None, None) for no addresses."""
        if addresses is None:
            return None, None
        if addresses.count(addresses[0]) == n:  # one destination: the usual case
            pointer, length = self.encode(addresses[0])
            return [pointer] * n, [length] * n
        pairs = [self.encode(a) for a in addresses]
        return [p for p, _ in pairs], [n_ for _, n_ in pairs]


class Batch:
    """recvmmsg, recvmmsg_into, sendmmsg (where the C library has them):
    registered calls in flight."""

    __slots__ = ()

    if AVAILABLE:
        @registered(nothing)
        def recvmmsg(self, count: int, bufsize: int, flags: int = 0,
                     timeout: Optional[float] = None) -> List[Tuple[bytes, Any]]:
            """recvmmsg(count, bufsize, flags=0, timeout=None) -> [(data, address), ...]

            Receive up to `count` datagrams of up to `bufsize` bytes each in one
            system call.  Waits for the first as recvfrom() would (under the
            socket's timeout); the others are those already queued, or, with
            `timeout`, those arriving within `timeout` more seconds.  On a socket
            with UDP_GRO on, coalesced datagrams are cut back apart at the segment
            size the kernel reports (so the list can hold more than `count`)."""
            count = _count(count, "count")
            bufsize = _index(bufsize)
            if bufsize < 0:
                raise ValueError("negative buffersize in recvmmsg")
            flags = as_int(flags)
            window = 0.0 if timeout is None else _window(timeout)
            arrays = _take(count, bufsize, self._family)
            got = 0
            try:
                got = _receive(self, arrays, count, flags, window)
                if not got:
                    return []
                lens, namelens = arrays.lengths(got)
                if flags & MSG_TRUNC:  # msg_len is then the full datagram length
                    lens = [n if n <= bufsize else bufsize for n in lens]
                result = list(zip(arrays.datas(got, lens), arrays.addresses(got, namelens, self)))
                controllens = arrays.control_lengths(got)
                if controllens.count(0) != got:  # UDP_GRO on: split what it coalesced
                    result = _split_coalesced(result, arrays.segment_sizes(controllens))
                return result
            finally:
                _give_back(arrays, got)

        @registered(nothing)
        def recvmmsg_into(self, buffers: Iterable, flags: int = 0) -> List[Tuple[int, Any]]:
            """recvmmsg_into(buffers, flags=0) -> [(nbytes, address), ...]

            Receive one datagram into each writable buffer, in one system call;
            returns one entry per buffer filled (at least one; the wait for it
            follows the socket's timeout).  With UDP_GRO on, a buffer receives the
            coalesced datagrams as they came: use recvmmsg to have them split."""
            flags = as_int(flags)
            parts = [writable(b, "recvmmsg_into() argument 1 must be an iterable of "
                                      "single-segment read-write buffers")
                     for b in sequence(buffers, "recvmmsg_into() argument 1 must be an iterable")]
            if not parts:
                return []
            count = _count(len(parts), "the number of buffers")
            arrays = _take(count, None, self._family)
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
                return list(zip(lens, arrays.addresses(got, namelens, self)))
            finally:
                _give_back(arrays, got)

        @registered()
        def sendmmsg(self, messages: Iterable, flags: int = 0) -> int:
            """sendmmsg(messages, flags=0) -> number of messages sent

            Send each message -- `data`, or `(data, address)` for an unconnected
            socket -- as its own datagram, up to 1024 per system call.  Like
            send(), it may send fewer than given (non-blocking socket, full buffer,
            an error after the first): the count says how many went."""
            flags = as_int(flags)
            items = sequence(messages, "sendmmsg() argument 1 must be an iterable")
            total = len(items)
            names = _Names(self)
            sent = 0
            while sent < total:
                chunk = items if total <= UIO_MAXIOV else items[sent:sent + UIO_MAXIOV]
                n = len(chunk)
                datas, addresses = _split(chunk)
                lens = _lengths(datas)
                try:
                    blob = b"".join(datas)
                except TypeError:
                    raise TypeError(_DATA_MESSAGE) from None
                if len(blob) != sum(lens):
                    raise TypeError(_DATA_MESSAGE)
                pointers, namelens = names.all(addresses, n)
                arrays = _take_send(n)
                try:
                    arrays.load(blob, lens)
                    arrays.address(pointers, namelens)
                    done = self._call(POLLOUT, _sendmmsg, self._fd, arrays.vec, n, flags)
                except OSError:
                    if sent:  # some went: report them, the error is lost (as sendmmsg(2) does)
                        return sent
                    raise
                finally:
                    _give_back_send(arrays)
                sent += done
                if done < n:
                    break
            return sent
