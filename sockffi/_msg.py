"""The message API: sendmsg, recvmsg, recvmsg_into (with ancillary data),
sendmsg_afalg, and the send_fds/recv_fds helpers of Lib/socket.py.

Semantics are CPython's socketmodule.c (sock_sendmsg, sock_recvmsg_guts):
ancillary items (level, type, data) are packed at CMSG_SPACE strides; a
control message the kernel truncated is returned as far as it fits, with a
RuntimeWarning when its header says more than the buffer holds; file
descriptors received through SCM_RIGHTS are closed if the call fails after
the system call returned.

Control data is parsed in Python, the same way in both binding modes, from
the CMSG figures _binding records.  The walk follows glibc's CMSG_FIRSTHDR /
CMSG_NXTHDR, and nothing is read past msg_controllen (itself clamped to the
buffer we allocated): a peer cannot make us read out of bounds whatever
cmsg_len it claims.
"""

from __future__ import annotations

import warnings
from array import array
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any, Iterable, List, Optional, Tuple

from . import _address
from ._args import as_int, as_ssize, bytes_like, sequence, writable
from ._binding import ffi, lib, CONSTANTS, cmsg_len, cmsg_space
from ._inflight import nothing_and_no_ancillary, registered
from ._platform import native

POLLIN = CONSTANTS["POLLIN"]
POLLOUT = CONSTANTS["POLLOUT"]
SOL_SOCKET = CONSTANTS["SOL_SOCKET"]
SCM_RIGHTS = CONSTANTS.get("SCM_RIGHTS")
AF_ALG = CONSTANTS.get("AF_ALG")

SOCKLEN_T_LIMIT = 0x7FFFFFFF  # CPython's SOCKLEN_T_LIMIT
CMSG_HEADER = cmsg_len(0)                    # CMSG_LEN(0): where the data starts
CMSG_ALIGN = cmsg_space(1) - cmsg_len(0)     # the CMSG_ALIGN unit
CMSGHDR_SIZE = ffi.sizeof("struct cmsghdr")  # sizeof(struct cmsghdr)
CMSG_LEN_END = (ffi.offsetof("struct cmsghdr", "cmsg_len")
                + ffi.sizeof(dict(ffi.typeof("struct cmsghdr").fields)["cmsg_len"].type))
INT_SIZE = ffi.sizeof("int")
_STORAGE_SIZE = ffi.sizeof("struct sockaddr_storage")
_INT_MAX = 0x7FFFFFFF

_new_buffer = ffi.new_allocator(should_clear_after_alloc=False)
_sendmsg = lib.sendmsg
_recvmsg = lib.recvmsg


def _cmsg_item(item) -> Tuple[int, int, Any]:
    """One ancillary item, as the format '(iiy*)' takes it: a sequence of
    exactly (level, type, bytes-like data)."""
    if type(item) is not tuple:
        if (isinstance(item, (bytes, dict)) or not hasattr(item, "__getitem__")
                or not hasattr(item, "__len__")):
            what = "None" if item is None else type(item).__name__
            raise TypeError("[sendmsg() ancillary data items]() argument must be "
                            f"3-item sequence, not {what}")
    if len(item) != 3:
        raise TypeError("[sendmsg() ancillary data items]() argument must be "
                        f"sequence of length 3, not {len(item)}")
    level, kind, data = item[0], item[1], item[2]
    level, kind = as_int(level), as_int(kind)
    data = bytes_like(data, "[sendmsg() ancillary data items]() argument 3 "
                              f"must be bytes-like object, not {type(data).__name__}")
    return level, kind, data


def _cmsg_space_checked(length: int) -> Optional[int]:
    """get_CMSG_SPACE: None when the item could not fit a socklen_t."""
    if length > SOCKLEN_T_LIMIT - cmsg_space(1):
        return None
    space = cmsg_space(length)
    return space if space <= SOCKLEN_T_LIMIT else None


# --- building control data --------------------------------------------------

def pack_control(items: List[Tuple[int, int, Any]]):
    """The control buffer for parsed items, each at a CMSG_SPACE stride:
    (char[] cdata, length), or (NULL, 0) when there are none."""
    if not items:
        return ffi.NULL, 0
    total = 0
    for _, _, data in items:
        space = _cmsg_space_checked(len(data))
        if space is None:
            raise OSError("ancillary data item too large")
        total += space
        if total > SOCKLEN_T_LIMIT:
            raise OSError("too much ancillary data")
    control = ffi.new("char[]", total)  # zeroed: padding goes out as zeros
    offset = 0
    for level, kind, data in items:
        header = ffi.cast("struct cmsghdr *", control + offset)
        header.cmsg_len = cmsg_len(len(data))
        header.cmsg_level = level
        header.cmsg_type = kind
        ffi.memmove(control + offset + CMSG_HEADER, data, len(data))
        offset += cmsg_space(len(data))
    return control, total


# --- walking received control data -----------------------------------------

def first_header(controllen: int) -> Optional[int]:
    """CMSG_FIRSTHDR as an offset into the control buffer."""
    return 0 if controllen >= CMSGHDR_SIZE else None


def data_length(offset: int, length: int, controllen: int) -> Tuple[int, int]:
    """CPython's get_cmsg_data_len for the header at `offset`: (status,
    data length).  Status 0: the data is whole; 1: cut short by the end of
    the buffer (the length is what is there); -1: no valid message here."""
    if offset + max(CMSG_HEADER, CMSG_LEN_END) > controllen or length < CMSG_HEADER:
        return -1, 0
    wanted = length - CMSG_HEADER
    room = controllen - offset - CMSG_HEADER
    if room >= wanted:
        return 0, wanted
    return 1, room


def walk_control(control, controllen: int):
    """Yield (status, level, type, data offset, data length) for each control
    message in the first `controllen` bytes of `control`, stopping at the
    first malformed or truncated one (whose status is not 0)."""
    offset = first_header(controllen)
    while offset is not None:
        header = ffi.cast("struct cmsghdr *", control + offset)
        length = header.cmsg_len if offset + CMSG_LEN_END <= controllen else 0
        status, size = data_length(offset, length, controllen)
        if status < 0:
            yield status, 0, 0, 0, 0
            return
        yield status, header.cmsg_level, header.cmsg_type, offset + CMSG_HEADER, size
        if status:
            return
        offset = native.cmsg_next(offset, length, controllen)  # the libc's CMSG_NXTHDR rule


def close_passed_fds(control, controllen: int) -> None:
    """Close every descriptor that SCM_RIGHTS messages brought in, so that a
    failed call leaks none."""
    if SCM_RIGHTS is None:
        return
    for status, level, kind, start, size in walk_control(control, controllen):
        if status < 0:
            break
        if level == SOL_SOCKET and kind == SCM_RIGHTS:
            fds = ffi.cast("int *", control + start)
            for i in range(size // INT_SIZE):
                lib.close(fds[i])


def _ancillary(control, controllen: int, stacklevel: int) -> list:
    items = []
    for status, level, kind, start, size in walk_control(control, controllen):
        if status:
            warnings.warn("received malformed or improperly-truncated ancillary data",
                          RuntimeWarning, stacklevel=stacklevel)
        if status < 0:
            break
        items.append((level, kind, ffi.unpack(control + start, size)))
    return items


# --- the socket methods -----------------------------------------------------

def _iovecs(parts: list):
    iov = ffi.new("struct iovec[]", len(parts))
    for i, part in enumerate(parts):
        iov[i].iov_base = part
        iov[i].iov_len = len(part)
    return iov


def _data_parts(buffers: Iterable) -> list:
    """sendmsg's data: an iterable of bytes-like objects, as char[] views."""
    return [bytes_like(b, "sendmsg() argument 1 must be an iterable of bytes-like objects")
            for b in sequence(buffers, "sendmsg() argument 1 must be an iterable")]


def _send_message(self, msg, parts: list, items: list, flags: int) -> int:
    """sendmsg(2) of `parts` and the control items, with `msg` (a msghdr
    whose name is set, or not)."""
    if parts:
        iov = _iovecs(parts)
        msg.msg_iov = iov
        msg.msg_iovlen = len(parts)
    control, controllen = pack_control(items)
    msg.msg_control = control
    msg.msg_controllen = controllen
    return self._call(POLLOUT, _sendmsg, self._fd, msg, flags)


def _recvmsg_guts(self, iov, iovlen: int, ancbufsize: int, flags: int):
    """recvmsg() into the given iovecs: (bytes received, ancdata, msg_flags,
    address)."""
    if ancbufsize < 0 or ancbufsize > SOCKLEN_T_LIMIT:
        raise ValueError("invalid ancillary data buffer length")
    storage = _address.new_storage()[0]  # zeroed, so AF_UNSPEC if unfilled
    msg = ffi.new("struct msghdr *")
    msg.msg_name = storage
    msg.msg_namelen = _STORAGE_SIZE
    msg.msg_iov = iov
    msg.msg_iovlen = iovlen
    control = _new_buffer("char[]", ancbufsize) if ancbufsize else ffi.NULL
    msg.msg_control = control
    msg.msg_controllen = ancbufsize
    received = self._call(POLLIN, _recvmsg, self._fd, msg, flags)
    # From here on the descriptors are ours: close them if anything fails.
    controllen = min(msg.msg_controllen, ancbufsize) if control else 0
    try:
        ancdata = _ancillary(control, controllen, stacklevel=4)
        address = self._decode(storage, min(msg.msg_namelen, _STORAGE_SIZE))
        return received, ancdata, msg.msg_flags, address
    except BaseException:
        close_passed_fds(control, controllen)
        raise


_MISSING = object()


def afalg_items(op: int, iv: Optional[bytes], assoclen: Optional[int]) -> list:
    """The SOL_ALG control messages of sendmsg_afalg, as parsed items."""
    sol_alg = CONSTANTS["SOL_ALG"]
    items = [(sol_alg, CONSTANTS["ALG_SET_OP"], array("I", [op]).tobytes())]
    if iv is not None:
        # struct af_alg_iv: a 32-bit length, then the bytes.
        items.append((sol_alg, CONSTANTS["ALG_SET_IV"], array("I", [len(iv)]).tobytes() + iv))
    if assoclen is not None:
        items.append((sol_alg, CONSTANTS["ALG_SET_AEAD_ASSOCLEN"],
                      array("I", [assoclen]).tobytes()))
    return [(level, kind, ffi.from_buffer(data)) for level, kind, data in items]


class Messages:
    """sendmsg, recvmsg, recvmsg_into, sendmsg_afalg (where AF_ALG exists):
    registered calls in flight."""

    __slots__ = ()

    @registered()
    def sendmsg(self, buffers: Iterable, ancdata: Iterable = (), flags: int = 0,
                address: Any = None, /) -> int:
        """sendmsg(buffers[, ancdata[, flags[, address]]]) -> count

        Send the concatenation of `buffers` (bytes-like objects) as one message,
        with ancillary data items (level, type, data), to `address` if given.
        Returns the number of bytes of non-ancillary data sent."""
        flags = as_int(flags)
        msg = ffi.new("struct msghdr *")
        if address is not None:
            owner, sa, length = self._encode(address, "sendmsg")
            msg.msg_name = sa
            msg.msg_namelen = length
        parts = _data_parts(buffers)
        if len(parts) > _INT_MAX:
            raise OSError("sendmsg() argument 1 is too long")
        items = [_cmsg_item(item)
                 for item in sequence(ancdata, "sendmsg() argument 2 must be an iterable")]
        return _send_message(self, msg, parts, items, flags)

    @registered(nothing_and_no_ancillary)
    def recvmsg(self, bufsize: int, ancbufsize: int = 0, flags: int = 0, /):
        """recvmsg(bufsize[, ancbufsize[, flags]]) -> (data, ancdata, msg_flags, address)

        Receive up to `bufsize` bytes of data and up to `ancbufsize` bytes of
        ancillary data (size it with CMSG_SPACE); ancdata is a list of
        (level, type, data) tuples."""
        bufsize, ancbufsize, flags = as_ssize(bufsize), as_ssize(ancbufsize), as_int(flags)
        if bufsize < 0:
            raise ValueError("negative buffer size in recvmsg()")
        buf = _new_buffer("char[]", bufsize)
        iov = ffi.new("struct iovec *")
        iov.iov_base = buf
        iov.iov_len = bufsize
        received, ancdata, msg_flags, address = _recvmsg_guts(self, iov, 1, ancbufsize, flags)
        # With MSG_TRUNC a datagram's full length can exceed the buffer.
        return ffi.unpack(buf, min(received, bufsize)), ancdata, msg_flags, address

    @registered(nothing_and_no_ancillary)
    def recvmsg_into(self, buffers: Iterable, ancbufsize: int = 0, flags: int = 0, /):
        """recvmsg_into(buffers[, ancbufsize[, flags]]) -> (nbytes, ancdata, msg_flags, address)

        Like recvmsg(), scattering the data into the writable buffers in turn."""
        ancbufsize, flags = as_ssize(ancbufsize), as_int(flags)
        parts = [writable(b, "recvmsg_into() argument 1 must be an iterable of "
                                  "single-segment read-write buffers")
                 for b in sequence(buffers, "recvmsg_into() argument 1 must be an iterable")]
        if len(parts) > _INT_MAX:
            raise OSError("recvmsg_into() argument 1 is too long")
        iov = _iovecs(parts) if parts else ffi.NULL
        return _recvmsg_guts(self, iov, len(parts), ancbufsize, flags)

    if AF_ALG is not None:
        @registered()
        def sendmsg_afalg(self, msg: Iterable = _MISSING, *, op: int = _MISSING,
                          iv: Any = _MISSING, assoclen: int = _MISSING, flags: int = 0) -> int:
            """sendmsg_afalg([msg], *, op[, iv[, assoclen[, flags=MSG_MORE]]])

            Set the operation (ALG_OP_*), IV and AEAD associated-data length of an
            AF_ALG operation socket, sending `msg` (an iterable of bytes-like
            objects) along."""
            if self._family != AF_ALG:
                raise OSError("algset is only supported for AF_ALG")
            if op is not _MISSING and not isinstance(op, int):
                raise TypeError(f"sendmsg_afalg() argument 'op' must be int, not {type(op).__name__}")
            if assoclen is not _MISSING and not isinstance(assoclen, int):
                raise TypeError("sendmsg_afalg() argument 'assoclen' must be int, "
                                f"not {type(assoclen).__name__}")
            if iv is not _MISSING:
                iv = bytes_like(iv, "sendmsg_afalg() argument 'iv' must be bytes-like "
                                      f"object, not {type(iv).__name__}")
            flags = as_int(flags)
            if op is _MISSING or not 0 <= op <= _INT_MAX:
                raise TypeError("Invalid or missing argument 'op'")
            if assoclen is not _MISSING and as_int(assoclen) < 0:
                raise TypeError("assoclen must be positive")
            items = afalg_items(op, None if iv is _MISSING else ffi.unpack(iv, len(iv)),
                                None if assoclen is _MISSING else assoclen)
            parts = [] if msg is _MISSING else _data_parts(msg)
            return _send_message(self, ffi.new("struct msghdr *"), parts, items, flags)


# --- module functions (Lib/socket.py) ---------------------------------------

def send_fds(sock, buffers: Iterable, fds: Iterable[int], flags: int = 0,
             address: Any = None) -> int:
    """send_fds(sock, buffers, fds[, flags[, address]]) -> integer

    Send the list of file descriptors fds over an AF_UNIX socket."""
    return sock.sendmsg(buffers, [(SOL_SOCKET, SCM_RIGHTS, array("i", fds))],
                        flags, address)


def recv_fds(sock, bufsize: int, maxfds: int, flags: int = 0):
    """recv_fds(sock, bufsize, maxfds[, flags]) -> (data, list of file
    descriptors, msg_flags, address)

    Receive up to maxfds file descriptors returning the message data and a
    list containing the descriptors."""
    fds = array("i")
    room = as_ssize(maxfds) * fds.itemsize
    if not 0 <= room <= SOCKLEN_T_LIMIT - CMSG_HEADER:
        raise OverflowError("CMSG_LEN() argument out of range")
    msg, ancdata, flags, addr = sock.recvmsg(bufsize, cmsg_len(room), flags)
    for level, kind, data in ancdata:
        if level == SOL_SOCKET and kind == SCM_RIGHTS:
            fds.frombytes(data[:len(data) - (len(data) % fds.itemsize)])
    return msg, list(fds), flags, addr
