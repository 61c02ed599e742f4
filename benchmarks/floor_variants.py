"""The floors' workloads (benchmarks/floors.py), each in its variants: the
benchmark's own loop (io_workloads.py, bench_batch.py) on the stdlib's
socket, on sockffi's, and on stand-ins with a socket's method names; and one
loop per workload in bare C calls.  Also the per-call breakdowns.

sockffi is imported by load(), after floors.py's --mode has set SOCKFFI_MODE.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket as stdlib
import struct
from functools import partial
from time import perf_counter
from types import SimpleNamespace
from typing import Callable, Dict, List, Optional

from . import io_workloads as io
from .floor_measure import Workload
from .harness import BenchError
from .io_workloads import REQUESTS, SMALL

sockffi = ffi = lib = None
_set_int_option = _get_int_option = _GET_INT_FAILED = None  # the binding's, by load()
_ZERO = 0  # (the cached int 0: `is` is the cheapest exact test, as sockffi's)
_WIDE_FAMILY = None  # the platform's 8-byte-option family (sockffi's _options), by load()

UDP_BURST = 32
BATCH_BURST, BATCH, BATCH_SIZE, BUFSIZE = 1024, 64, 64, 2048
RCVBUF = 4 << 20


def load() -> None:
    global sockffi, ffi, lib, _set_int_option, _get_int_option, _GET_INT_FAILED, _WIDE_FAMILY
    import sockffi as _sockffi
    from sockffi import _binding
    sockffi, ffi, lib = _sockffi, _binding.ffi, _binding.lib
    _set_int_option, _get_int_option = _binding.setsockopt_int, _binding.getsockopt_int
    _GET_INT_FAILED = _binding.GETSOCKOPT_FAILED
    from sockffi import _options
    _WIDE_FAMILY = _options._WIDE_FAMILY


def _check(result: int, expected: Optional[int] = None) -> int:
    """A bare lib call's result: -1 raises OSError(errno), a short count raises."""
    if result < 0:
        raise OSError(ffi.errno, os.strerror(ffi.errno))
    if expected is not None and result != expected:
        raise BenchError(f"bare call moved {result} bytes, not {expected}")
    return result


def _sockaddr_in(address) -> "tuple":
    """(struct sockaddr * cdata, length, raw bytes, the cdata that owns the
    bytes: keep it alive) for an AF_INET (host, port)."""
    raw = (struct.pack("=H", stdlib.AF_INET) + struct.pack("!H", address[1])
           + stdlib.inet_aton(address[0]) + bytes(8))
    cell = ffi.new("char[]", raw)
    return ffi.cast("struct sockaddr *", cell), len(raw), raw, cell


def _module(variant: str):
    return sockffi if variant == "sockffi" else stdlib


# --- what a variant's loop runs through ---------------------------------------
#
# The benchmark's loops (io_workloads.py, bench_batch.py) are the only loops
# of the socket-API variants: each variant hands them the socket, or a
# stand-in answering to the same method names.  The lib.* variants cannot take
# that shape (C calls take cdata and return counts), so each workload has one
# loop in bare C calls below, on cdata built beforehand.

class _Thin:
    """The least a Python socket method can be: one frame around the os call."""
    __slots__ = ("_fd",)

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def send(self, data, flags=0):
        return os.write(self._fd, data)

    sendall = send  # (a short write shows as a short reply)

    def recv(self, bufsize, flags=0):
        return os.read(self._fd, bufsize)


class _ThinRegistered(_Thin):
    """_Thin with the calls-in-flight registration around each os call (as
    _ThinDatagram): the least a drop-in layer that is safe to close() from
    another thread can be."""
    __slots__ = ("_ops",)

    def __init__(self, fd: int) -> None:
        super().__init__(fd)
        self._ops = [None] * 4  # padded as sockffi's (_inflight._PADDING): no realloc per call

    def _os_call(call):  # (the class body's helper: send and recv are one shape)
        def method(self, arg, flags=0):
            ops = self._ops
            ops.append(0)
            fd = self._fd
            try:
                result = call(fd, arg)
            except BaseException:
                ops.pop()
                raise
            ops.pop()
            if self._fd == -1:
                raise BenchError("closed")
            return result
        return method

    send = sendall = _os_call(os.write)
    recv = _os_call(os.read)
    del _os_call


class _Bare:
    """The bare os calls under a socket's method names, bound to the
    descriptor by functools.partial: no Python frame on the way."""
    __slots__ = ("send", "sendall", "recv")

    def __init__(self, fd: int) -> None:
        self.send = self.sendall = partial(os.write, fd)
        self.recv = partial(os.read, fd)


class _ThinDatagram:
    """The least a drop-in Python layer can be for sendto/recvfrom: one frame
    per call, the calls-in-flight registration around the bare C call (as
    floors.py's components time it), the address to and from its sockaddr by
    one dict lookup each, the data as a slice of a buffer view."""
    __slots__ = ("_fd", "_ops", "_to", "_from", "_cell", "_rbuf", "_view", "_srcp", "_source",
                 "_lenp")

    def __init__(self, fd: int, dest, source) -> None:
        self._fd, self._ops = fd, [None] * 4  # (padded as _ThinRegistered's)
        sa, salen, _, cell = _sockaddr_in(dest)
        self._to = {dest: (sa, salen)}
        self._from = {_sockaddr_in(source)[2]: source}
        self._cell = cell  # (owns the sockaddr's bytes)
        self._rbuf, src = ffi.new("char[]", 2048), ffi.new("struct sockaddr_storage *")
        self._view, self._source = ffi.buffer(self._rbuf), ffi.buffer(src)
        self._srcp, self._lenp = ffi.cast("struct sockaddr *", src), ffi.new("socklen_t *")

    def sendto(self, data, address):
        ops = self._ops
        ops.append(0)
        fd = self._fd
        try:
            sa, salen = self._to[address]
            result = lib.sendto(fd, data, len(data), 0, sa, salen)
            if result < 0:
                _check(result)
        except BaseException:
            ops.pop()
            raise
        ops.pop()
        if self._fd == -1:
            raise BenchError("closed")
        return result

    def recvfrom(self, bufsize):
        ops = self._ops
        ops.append(0)
        fd = self._fd
        try:
            lenp = self._lenp
            lenp[0] = 128
            got = lib.recvfrom(fd, self._rbuf, bufsize, 0, self._srcp, lenp)
            if got < 0:
                _check(got)
            result = self._view[:got], self._from[self._source[:lenp[0]]]
        except BaseException:
            ops.pop()
            raise
        ops.pop()
        if self._fd == -1:
            raise BenchError("closed")
        return result


class _ThinStream:
    """The least a drop-in Python socket object can be for connect_accept's
    loop: slots, socket(2) in __init__, connect and accept as registered
    calls (as _ThinDatagram), the peer address decoded as (host, port) with
    the host by dict, close(), and a __del__ (the C object's finaliser, which
    a Python class needs for its ResourceWarning)."""
    __slots__ = ("_fd", "_ops", "family", "type")
    _hosts = {stdlib.inet_aton("127.0.0.1"): "127.0.0.1"}
    _addresses: dict = {}  # (host, port) -> (sockaddr, length, its owner)

    def __init__(self, family=stdlib.AF_INET, type=stdlib.SOCK_STREAM, fd: int = -1) -> None:
        self._fd, self._ops, self.family, self.type = -1, [None] * 4, family, type
        if fd < 0:
            fd = lib.socket(family, type | stdlib.SOCK_CLOEXEC, 0)
            if fd < 0:
                _check(fd)
        self._fd = fd

    def _peer(self, raw) -> tuple:
        return self._hosts[raw[4:8]], raw[2] << 8 | raw[3]

    def connect(self, address) -> None:
        ops = self._ops
        ops.append(0)
        fd = self._fd
        try:
            entry = self._addresses.get(address)
            if entry is None:
                entry = self._addresses[address] = _sockaddr_in(address)
            if lib.connect(fd, entry[0], entry[1]) < 0:
                _check(-1)
        except BaseException:
            ops.pop()
            raise
        ops.pop()
        if self._fd == -1:
            raise BenchError("closed")

    def accept(self):
        ops = self._ops
        ops.append(0)
        fd = self._fd
        try:
            peer, lenp = ffi.new("struct sockaddr_storage *"), ffi.new("socklen_t *", 128)
            conn = lib.accept4(fd, ffi.cast("struct sockaddr *", peer), lenp,
                               stdlib.SOCK_CLOEXEC)
            if conn < 0:
                _check(conn)
            result = _ThinStream(self.family, self.type, conn), self._peer(ffi.buffer(peer, 8)[:])
        except BaseException:
            ops.pop()
            raise
        ops.pop()
        if self._fd == -1:
            raise BenchError("closed")
        return result

    def getsockname(self) -> tuple:
        name, lenp = ffi.new("struct sockaddr_storage *"), ffi.new("socklen_t *", 128)
        if lib.getsockname(self._fd, ffi.cast("struct sockaddr *", name), lenp) < 0:
            _check(-1)
        return self._peer(ffi.buffer(name, 8)[:])

    def close(self) -> None:
        fd, self._fd = self._fd, -1
        if fd != -1:
            lib.close(fd)

    def __del__(self) -> None:
        if self._fd != -1:
            lib.close(self._fd)


class _ThinOptions:
    """The least a drop-in Python layer can be for an int option: one frame
    per call around the binding's one-call int helper (the C helper in API
    mode, its Python twin in ABI mode) and its error check, behind the tests
    without which it would not be a drop-in: the optional argument absent,
    the value an int (cffi's conversion takes an object with only __int__,
    a Decimal or a Fraction, which the stdlib refuses), and a family whose
    options are int-sized (AF_VSOCK's are 8 bytes).  What fails a test would
    go to a checked path; the benchmark's loop never does."""
    __slots__ = ("_fd", "_family")

    def __init__(self, fd: int, family: int) -> None:
        self._fd, self._family = fd, family

    def setsockopt(self, level, optname, value, optlen=None) -> None:
        if optlen is None and type(value) is int and self._family != _WIDE_FAMILY:
            if _set_int_option(self._fd, level, optname, value):
                _check(-1)
            return
        raise BenchError("setsockopt: not the benchmark's form")

    def getsockopt(self, level, optname, buflen=0):
        if buflen is _ZERO and self._family != _WIDE_FAMILY:  # (sockffi's test)
            value = _get_int_option(self._fd, level, optname)
            if value == _GET_INT_FAILED:
                _check(-1)
            return value
        raise BenchError("getsockopt: not the benchmark's form")


class _NoIO:
    """A socket's method names with no I/O behind them, C calls only: sends
    go to a call that does nothing, receives hand back in turn what the loop
    expects (`expected`, cycled: the loops walk it from its start)."""
    __slots__ = ("send", "sendall", "sendto", "recv", "recvfrom")

    def __init__(self, expected) -> None:
        self.send = self.sendall = self.sendto = {}.get  # one or two arguments, no effect
        self.recv = self.recvfrom = partial(next, itertools.cycle(expected))


def _through(variant: str, sock, expected):
    """What the benchmark's loop calls in this variant, in place of `sock`."""
    if variant in ("stdlib", "sockffi"):
        return sock
    if variant == "py method + os":
        return _Thin(sock.fileno())
    if variant == "py methods + os (least layer)":
        return _ThinRegistered(sock.fileno())
    if variant == "os.write/os.read":
        return _Bare(sock.fileno())
    if variant == "no I/O":
        return _NoIO(expected)
    raise KeyError(variant)


class _UdpCData:
    """What bare sendto/recvfrom of REQUESTS between two bound sockets need,
    as cdata built once (the timed loops only index it)."""

    def __init__(self, tx, rx, dest) -> None:
        self.sa, self.salen, _, self._cell = _sockaddr_in(dest)
        self.blob = ffi.new("char[]", b"".join(REQUESTS))
        self.ptrs = [self.blob + 64 * k for k in range(256)]
        self.rbuf = ffi.new("char[]", 2048)
        self.src = ffi.new("struct sockaddr_storage *")
        self.srcp = ffi.cast("struct sockaddr *", self.src)
        self.lenp = ffi.new("socklen_t *")
        self.size = ffi.sizeof(self.src[0])
        self.txfd, self.rxfd = tx.fileno(), rx.fileno()


class _AcceptCData:
    """What bare socket/connect/accept4 to `address` need, as cdata built once."""

    def __init__(self, listener, address) -> None:
        self.sa, self.salen, _, self._cell = _sockaddr_in(address)
        self.lfd = listener.fileno()
        self.peer = ffi.new("struct sockaddr_storage *")
        self.peerp = ffi.cast("struct sockaddr *", self.peer)
        self.lenp = ffi.new("socklen_t *")
        self.size = ffi.sizeof(self.peer[0])
        self.kind = stdlib.SOCK_STREAM | stdlib.SOCK_CLOEXEC  # as the stdlib's socket()


def _lib_pingpong(fd: int) -> Callable[[int], int]:
    out = ffi.new("char[]", bytes(range(256)))
    ptrs = [out + k for k in range(256)]
    rbuf = ffi.new("char[1]")
    send, recv = lib.send, lib.recv
    counter = [0]

    def step(n):
        i = counter[0]
        for i in range(i, i + n):
            k = i & 255
            if send(fd, ptrs[k], 1, 0) != 1 or recv(fd, rbuf, 1, 0) != 1:
                _check(-1)
            if rbuf[0] != SMALL[k]:
                raise BenchError("ping-pong: wrong byte back")
        counter[0] = i + 1
        return n
    step.cdata = out  # (pointers into `out` do not keep it alive)
    return step


def _read_rest(fd: int, rbuf, n: int, reply: bytes) -> bytes:
    """`reply` completed to n bytes by lib.recv into rbuf (TCP may split; on
    loopback it rarely does)."""
    while len(reply) < n:
        got = _check(lib.recv(fd, rbuf, n - len(reply), 0))
        if not got:
            raise BenchError("echo peer closed")
        reply += ffi.unpack(rbuf, got)
    return reply


def _lib_request_response(fd: int) -> Callable[[int], int]:
    blob = ffi.new("char[]", b"".join(REQUESTS))
    ptrs = [blob + 64 * k for k in range(256)]
    rbuf = ffi.new("char[64]")
    send, recv, unpack = lib.send, lib.recv, ffi.unpack
    counter = [0]

    def step(n):
        i = counter[0]
        for i in range(i, i + n):
            k = i & 255
            if send(fd, ptrs[k], 64, 0) != 64:
                _check(-1, 64)
            got = recv(fd, rbuf, 64, 0)
            reply = unpack(rbuf, got) if got >= 0 else _check(got)
            if got < 64:
                reply = _read_rest(fd, rbuf, 64, reply)
            if reply != REQUESTS[k]:
                raise BenchError("request/response: wrong reply")
        counter[0] = i + 1
        return n
    step.cdata = blob
    return step


def _lib_udp(c: _UdpCData, source) -> Callable[[int], int]:
    source_raw = _sockaddr_in(source)[2]
    ptrs, rbuf, src, srcp, lenp, sa, salen = c.ptrs, c.rbuf, c.src, c.srcp, c.lenp, c.sa, c.salen
    txfd, rxfd, size = c.txfd, c.rxfd, c.size
    sendto, recvfrom, unpack = lib.sendto, lib.recvfrom, ffi.unpack
    burst = UDP_BURST
    counter = [0]

    def step(n):
        i = counter[0]
        for _ in range(n):
            for k in range(i, i + burst):
                if sendto(txfd, ptrs[k & 255], 64, 0, sa, salen) != 64:
                    _check(-1, 64)
            for k in range(i, i + burst):
                lenp[0] = size
                got = recvfrom(rxfd, rbuf, 2048, 0, srcp, lenp)
                if got < 0:
                    _check(got)
                if unpack(rbuf, got) != REQUESTS[k & 255]:
                    raise BenchError("udp: datagram lost or reordered")
            if ffi.buffer(src, lenp[0])[:] != source_raw:
                raise BenchError("udp: wrong source")
            i += burst
        counter[0] = i
        return n * burst
    step.cdata = c
    return step


def _lib_connect_accept(c: _AcceptCData) -> Callable[[int], int]:
    sa, salen, lfd, peer, peerp, lenp, size, kind = (
        c.sa, c.salen, c.lfd, c.peer, c.peerp, c.lenp, c.size, c.kind)
    mine = ffi.new("struct sockaddr_storage *")
    minep = ffi.cast("struct sockaddr *", mine)
    len2 = ffi.new("socklen_t *")
    socket_, connect, accept4 = lib.socket, lib.connect, lib.accept4
    close, getsockname, family = lib.close, lib.getsockname, stdlib.AF_INET
    counter = [0]

    def step(n):
        i = counter[0]
        for i in range(i, i + n):
            fd = socket_(family, kind, 0)
            if fd < 0 or connect(fd, sa, salen) < 0:
                _check(-1)
            lenp[0] = size
            conn = accept4(lfd, peerp, lenp, stdlib.SOCK_CLOEXEC)
            if conn < 0:
                _check(-1)
            if i & 63 == 0:
                len2[0] = size
                _check(getsockname(fd, minep, len2))
                if ffi.buffer(peer, lenp[0])[:] != ffi.buffer(mine, len2[0])[:]:
                    raise BenchError("accept: wrong peer address")
            if close(conn) < 0 or close(fd) < 0:
                _check(-1)
        counter[0] = i + 1
        return n
    step.cdata = c
    return step


def _lib_batch(variant: str, sender, receiver, sets, turn, kept, check):
    """udp_batch's (step, check) in bare C calls: per datagram
    (lib.send/lib.recvfrom) or a burst per call (lib.sendmmsg/lib.recvmmsg,
    as bench_batch.bare_trial but into a whole-burst vector kept for check())."""
    burst, batch, size = BATCH_BURST, BATCH, BATCH_SIZE
    source = sender.getsockname()
    source_raw = _sockaddr_in(source)[2]
    sfd, rfd = sender.fileno(), receiver.fileno()
    blobs = [ffi.new("char[]", b"".join(data)) for data in sets]
    block = ffi.new("char[]", burst * BUFSIZE)
    names = ffi.new("struct sockaddr_storage[]", burst)
    name_size = ffi.sizeof(names[0])
    unpack, buffer = ffi.unpack, ffi.buffer

    def received_from(lengths):
        """The burst as [(data, address)], read back from the cdata."""
        out = []
        for i, length in enumerate(lengths):
            raw = buffer(names + i, name_size)[:16]
            out.append((unpack(block + i * BUFSIZE, length),
                        source if raw == source_raw else raw))
        return out

    if variant == "lib.send/lib.recvfrom":  # per datagram, no Python layer
        ptrs = [[blob + i * size for i in range(burst)] for blob in blobs]
        bufs = [block + i * BUFSIZE for i in range(burst)]
        srcs = [ffi.cast("struct sockaddr *", names + i) for i in range(burst)]
        lens = ffi.new("socklen_t[]", burst)
        lenps = [lens + i for i in range(burst)]
        send, recvfrom = lib.send, lib.recvfrom
        pending: List[list] = []

        def step(n):
            for _ in range(n):
                which = turn[0] & 1
                turn[0] += 1
                for p in ptrs[which]:
                    if send(sfd, p, size, 0) != size:
                        _check(-1, size)
                lengths = []
                for i in range(burst):
                    lens[i] = name_size
                    got = recvfrom(rfd, bufs[i], BUFSIZE, 0, srcs[i], lenps[i])
                    if got < 0:
                        _check(got)
                    lengths.append(got)
                pending.append((sets[which], lengths))
            return n * burst
        step.cdata = (blobs, block, names, lens)  # (pointers into cdata do not keep it alive)
    else:  # a burst per call
        out_vecs = []
        out_iovs = []
        for blob in blobs:
            vec = ffi.new("struct mmsghdr[]", burst)
            iov = ffi.new("struct iovec[]", burst)
            for i in range(burst):
                iov[i].iov_base, iov[i].iov_len = blob + i * size, size
                vec[i].msg_hdr.msg_iov, vec[i].msg_hdr.msg_iovlen = iov + i, 1
            out_vecs.append([vec + i for i in range(0, burst, batch)])
            out_iovs.append((vec, iov))
        vec = ffi.new("struct mmsghdr[]", burst)
        iov = ffi.new("struct iovec[]", burst)
        for i in range(burst):
            iov[i].iov_base, iov[i].iov_len = block + i * BUFSIZE, BUFSIZE
            hdr = vec[i].msg_hdr
            hdr.msg_iov, hdr.msg_iovlen = iov + i, 1
            hdr.msg_name, hdr.msg_namelen = names + i, name_size
        at = [vec + i for i in range(burst)]
        pristine = ffi.buffer(vec)[:]
        vec_size = ffi.sizeof(vec)
        sendmmsg, recvmmsg, memmove = lib.sendmmsg, lib.recvmmsg, ffi.memmove
        waitforone = sockffi.MSG_WAITFORONE
        pending = []

        def step(n):
            for _ in range(n):
                which = turn[0] & 1
                turn[0] += 1
                for v in out_vecs[which]:
                    if sendmmsg(sfd, v, batch, 0) != batch:
                        raise BenchError("sendmmsg sent part of a batch")
                memmove(vec, pristine, vec_size)
                got = 0
                while got < burst:
                    k = recvmmsg(rfd, at[got], min(batch, burst - got), waitforone, ffi.NULL)
                    if k < 0:
                        _check(k)
                    got += k
                pending.append((sets[which], [vec[i].msg_len for i in range(burst)]))
            return n * burst
        step.cdata = (blobs, block, names, out_iovs, vec, iov)

    def check_bare():
        for expected, lengths in pending:
            kept.append((expected, received_from(lengths)))
        del pending[:]
        check()
    return step, check_bare


# --- the workloads ----------------------------------------------------------
#
# A workload is a context manager factory(variant, shared) yielding
# (step, check): step(n) runs n iterations (verifying the data like the
# benchmark) and returns the units done; check(), outside the timing, may
# verify what step kept.  `shared` holds the TCP peer process.

def _peer(shared: dict):
    if "peer" not in shared:
        shared["peer"] = io.Peer()
    return shared["peer"]


@contextlib.contextmanager
def pingpong(variant: str, shared: dict):
    """1-byte round trips over socketpair() with a raw echo child."""
    a, pid = io.echo_pair(_module(variant))
    try:
        if variant == "lib.send/lib.recv":
            step = _lib_pingpong(a.fileno())
        else:
            step = io.pingpong_loop(_through(variant, a, SMALL))
        yield step, None
    finally:
        a.close()
        os.waitpid(pid, 0)


@contextlib.contextmanager
def tcp(variant: str, shared: dict):
    """64-byte requests to the stdlib echo process (peer.py)."""
    sock = _peer(shared).connect(_module(variant), b"E")
    try:
        if variant == "lib.send/lib.recv":
            step = _lib_request_response(sock.fileno())
        else:
            step = io.request_response_loop(_through(variant, sock, REQUESTS))
        yield step, None
    finally:
        sock.close()


@contextlib.contextmanager
def bulk(variant: str, shared: dict):
    """recv_into a 64 KiB bytearray from the stdlib source; units: 64 KiB."""
    sock = _peer(shared).connect(_module(variant), b"R")
    fd = sock.fileno()
    buf = bytearray(io.CHUNK)
    try:
        if variant in ("stdlib", "sockffi"):
            calls = sock
        elif variant == "os.readv":
            readv, bufs = os.readv, [buf]
            calls = SimpleNamespace(recv_into=lambda buffer: readv(fd, bufs))
        elif variant == "lib.recv":
            cbuf, recv, size = ffi.from_buffer(buf), lib.recv, len(buf)
            calls = SimpleNamespace(recv_into=lambda buffer: recv(fd, cbuf, size, 0))
        else:
            raise KeyError(variant)
        yield io.bulk_recv_loop(calls, buf), None
    finally:
        sock.close()


@contextlib.contextmanager
def bulk_send(variant: str, shared: dict):
    """sendall() of 64 KiB chunks into the stdlib sink; units: 64 KiB.  The
    sink's count is checked at the end."""
    mod = _module(variant)
    sock = _peer(shared).connect(mod, b"S")
    fd = sock.fileno()
    try:
        if variant in ("stdlib", "sockffi"):
            calls = sock
        elif variant == "os.write":  # one write takes all 64 KiB on a blocking socket
            calls = SimpleNamespace(sendall=partial(os.write, fd))
        elif variant == "py method + os":
            calls = _Thin(fd)
        elif variant == "lib.send":
            send, views = lib.send, {}

            def sendall(chunk):  # each chunk's cdata built once, found by the chunk's id
                cdata = views.get(id(chunk))
                if cdata is None:
                    cdata = views[id(chunk)] = (ffi.from_buffer(chunk), chunk)
                return send(fd, cdata[0], io.CHUNK, 0)
            calls = SimpleNamespace(sendall=sendall)
        else:
            raise KeyError(variant)
        step, sent = io.bulk_send_loop(calls)
        yield step, None
        io.sink_agrees(sock, mod, sent())
    finally:
        sock.close()


@contextlib.contextmanager
def udp(variant: str, shared: dict):
    """64-byte datagrams through sendto + recvfrom, bursts of 32; units: datagrams."""
    mod = _module(variant)
    rx = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    tx = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    try:
        rx.bind(("127.0.0.1", 0))
        tx.bind(("127.0.0.1", 0))
        dest, source = rx.getsockname(), tx.getsockname()
        if variant == "lib.sendto/lib.recvfrom":
            step = _lib_udp(_UdpCData(tx, rx, dest), source)
        elif variant == "py methods + lib (least layer)":
            step = io.udp_loop(_ThinDatagram(tx.fileno(), dest, source),
                               _ThinDatagram(rx.fileno(), dest, source), dest, source, UDP_BURST)
        else:
            expected = [(data, source) for data in REQUESTS]
            step = io.udp_loop(_through(variant, tx, expected), _through(variant, rx, expected),
                               dest, source, UDP_BURST)
        yield step, None
    finally:
        rx.close()
        tx.close()


@contextlib.contextmanager
def udp_batch(variant: str, shared: dict):
    """bench_batch's trial: bursts of 1024 64-byte datagrams on a connected
    pair; units: datagrams.  Every datagram is checked (its number and
    bytes; the sender's address) in check(), outside the timing, as
    bench_batch does."""
    from . import bench_batch
    sender, receiver = bench_batch.udp_pair(_module(variant), RCVBUF)
    burst, batch, size = BATCH_BURST, BATCH, BATCH_SIZE
    sets = [bench_batch.payloads(burst, size, salt) for salt in (1, 2)]
    source = sender.getsockname()
    kept: List[tuple] = []  # (expected, received as [(data, address)]) per burst
    turn = [0]  # which of the two sets goes next

    def check():
        for expected, received in kept:
            lost = bench_batch.verify(variant, expected, received, source)
            if lost:
                raise BenchError(f"{lost} datagrams lost")
        del kept[:]

    if variant == "stdlib":  # bench_batch.stdlib_trial: send + recvfrom per datagram
        send, recvfrom = sender.send, receiver.recvfrom

        def step(n):
            for _ in range(n):
                data = sets[turn[0] & 1]
                turn[0] += 1
                bench_batch.send_each(send, data)
                kept.append((data, bench_batch.receive_each(recvfrom, burst, BUFSIZE)))
            return n * burst
    elif variant == "sockffi":  # bench_batch.sockffi_trial
        chunked = [bench_batch.in_batches(data, batch) for data in sets]
        sendmmsg, recvmmsg = sender.sendmmsg, receiver.recvmmsg

        def step(n):
            for _ in range(n):
                which = turn[0] & 1
                turn[0] += 1
                bench_batch.send_batches(sendmmsg, chunked[which])
                kept.append((sets[which],
                             bench_batch.receive_batches(recvmmsg, burst, batch, BUFSIZE)))
            return n * burst
    elif variant in ("lib.send/lib.recvfrom", "lib.sendmmsg/lib.recvmmsg"):
        step, check = _lib_batch(variant, sender, receiver, sets, turn, kept, check)
    else:
        raise KeyError(variant)
    try:
        yield step, check
    finally:
        sender.close()
        receiver.close()


@contextlib.contextmanager
def connect_accept(variant: str, shared: dict):
    """socket + connect + accept + close of both ends (the benchmark's loop)."""
    mod = _module(variant)
    listener = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
    thin = None
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        address = listener.getsockname()
        if variant in ("stdlib", "sockffi"):
            step = io.connect_accept_loop(mod, listener, address)
        elif variant == "lib (socket/connect/accept4/close)":
            step = _lib_connect_accept(_AcceptCData(listener, address))
        elif variant == "py methods + lib (least layer)":
            thin = _ThinStream(fd=os.dup(listener.fileno()))
            step = io.connect_accept_loop(SimpleNamespace(socket=_ThinStream, AF_INET=stdlib.AF_INET,
                                                          SOCK_STREAM=stdlib.SOCK_STREAM),
                                          thin, address)
        else:
            raise KeyError(variant)
        yield step, None
    finally:
        if thin is not None:
            thin.close()
        listener.close()


@contextlib.contextmanager
def sockopt(variant: str, shared: dict):
    """call_sockopt's body: setsockopt of an int option, then getsockopt of
    it; units: set + get.  Every value read back is checked."""
    level, name = stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR
    mod = _module(variant)
    sock = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
    fd = sock.fileno()
    if variant in ("stdlib", "sockffi", "py methods + helper (least layer)"):
        if variant.endswith("(least layer)"):
            sock = SimpleNamespace(thin=_ThinOptions(fd, stdlib.AF_INET), close=sock.close)
            set_opt, get_opt = sock.thin.setsockopt, sock.thin.getsockopt
        else:
            set_opt, get_opt = sock.setsockopt, sock.getsockopt

        def step(n):
            for i in range(n):
                set_opt(level, name, i & 1)
                if bool(get_opt(level, name)) is not bool(i & 1):
                    raise BenchError(f"{variant}: the option did not read back")
            return n
    elif variant == "lib.setsockopt/lib.getsockopt":  # the bare calls on ready cdata
        cell, size, int_size = ffi.new("int *"), ffi.new("socklen_t *"), ffi.sizeof("int")
        setsockopt, getsockopt = lib.setsockopt, lib.getsockopt

        def step(n):
            for i in range(n):
                cell[0] = i & 1
                setsockopt(fd, level, name, cell, int_size)
                size[0] = int_size
                getsockopt(fd, level, name, cell, size)
                if bool(cell[0]) is not bool(i & 1):
                    raise BenchError(f"{variant}: the option did not read back")
            return n
    elif variant == "lib.sockffi_*sockopt_int (API helpers)":
        set_int, get_int = lib.sockffi_setsockopt_int, lib.sockffi_getsockopt_int

        def step(n):
            for i in range(n):
                set_int(fd, level, name, i & 1)
                if bool(get_int(fd, level, name)) is not bool(i & 1):
                    raise BenchError(f"{variant}: the option did not read back")
            return n
    else:
        raise KeyError(variant)
    try:
        yield step, None
    finally:
        sock.close()


@contextlib.contextmanager
def socket_close(variant: str, shared: dict):
    """call_socket_close's body: socket(AF_INET, SOCK_STREAM) and close();
    units: socket + close."""
    if variant in ("stdlib", "sockffi"):
        mod = _module(variant)
        make, family, kind = mod.socket, mod.AF_INET, mod.SOCK_STREAM

        def step(n):
            for _ in range(n):
                sock = make(family, kind)
                if sock.fileno() < 0:
                    raise BenchError(f"{variant}: no descriptor")
                sock.close()
            return n
    elif variant == "lib.socket/lib.close":
        socket_c, close_c = lib.socket, lib.close
        family, kind = stdlib.AF_INET, stdlib.SOCK_STREAM | stdlib.SOCK_CLOEXEC  # as socket()

        def step(n):
            for _ in range(n):
                fd = socket_c(family, kind, 0)
                if fd < 0 or close_c(fd) < 0:
                    _check(-1)
            return n
    else:
        raise KeyError(variant)
    yield step, None


# --- per-call breakdown ---------------------------------------------------------
#
# Where sockffi is far above the bare calls, which call carries the gap: each
# call timed on its own by perf_counter (wall; no peer shares these loops, so
# wall ~ CPU).  Every figure includes one clock read, the same for all.

def udp_calls(variant: str, duration: float) -> Dict[str, float]:
    """us per sendto and per recvfrom (the udp_datagrams loop)."""
    mod = _module(variant)
    rx = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    tx = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    clock = perf_counter
    try:
        rx.bind(("127.0.0.1", 0))
        tx.bind(("127.0.0.1", 0))
        dest = rx.getsockname()
        c = _UdpCData(tx, rx, dest)
        ptrs, rbuf, srcp, lenp, sa, salen = c.ptrs, c.rbuf, c.srcp, c.lenp, c.sa, c.salen
        size, txfd, rxfd = c.size, c.txfd, c.rxfd
        bare = variant.startswith("lib")
        send_t = recv_t = 0.0
        count = 0
        end = clock() + duration
        while clock() < end:
            for k in range(UDP_BURST):
                if bare:
                    t0 = clock()
                    sent = lib.sendto(txfd, ptrs[k], 64, 0, sa, salen)
                    send_t += clock() - t0
                else:
                    t0 = clock()
                    sent = tx.sendto(REQUESTS[k], dest)
                    send_t += clock() - t0
                if sent != 64:
                    raise BenchError("short sendto")
            for k in range(UDP_BURST):
                if bare:
                    t0 = clock()
                    lenp[0] = size
                    got = lib.recvfrom(rxfd, rbuf, 2048, 0, srcp, lenp)
                    data = ffi.unpack(rbuf, got) if got >= 0 else _check(got)
                    recv_t += clock() - t0
                else:
                    t0 = clock()
                    data, _ = rx.recvfrom(2048)
                    recv_t += clock() - t0
                if data != REQUESTS[k]:
                    raise BenchError("udp: datagram lost or reordered")
            count += UDP_BURST
    finally:
        rx.close()
        tx.close()
    return {"sendto": send_t / count * 1e6, "recvfrom": recv_t / count * 1e6}


def connect_accept_calls(variant: str, duration: float) -> Dict[str, float]:
    """us per socket(), connect, accept, close of each end."""
    mod = _module(variant)
    listener = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
    clock = perf_counter
    ops = ("socket()", "connect", "accept", "close accepted", "close client")
    sums = [0.0] * 5
    count = 0
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        address = listener.getsockname()
        c = _AcceptCData(listener, address)
        sa, salen, lfd, peerp, lenp, size, kind = (
            c.sa, c.salen, c.lfd, c.peerp, c.lenp, c.size, c.kind)
        bare = variant.startswith("lib")
        end = clock() + duration
        while clock() < end:
            if bare:
                t0 = clock()
                fd = lib.socket(stdlib.AF_INET, kind, 0)
                t1 = clock()
                r = lib.connect(fd, sa, salen)
                t2 = clock()
                lenp[0] = size
                conn = lib.accept4(lfd, peerp, lenp, stdlib.SOCK_CLOEXEC)
                t3 = clock()
                if fd < 0 or r < 0 or conn < 0:
                    _check(-1)
                lib.close(conn)
                t4 = clock()
                lib.close(fd)
                t5 = clock()
            else:
                t0 = clock()
                client = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
                t1 = clock()
                client.connect(address)
                t2 = clock()
                conn, _ = listener.accept()
                t3 = clock()
                conn.close()
                t4 = clock()
                client.close()
                t5 = clock()
            for j, d in enumerate((t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                sums[j] += d
            count += 1
    finally:
        listener.close()
    return {op: total / count * 1e6 for op, total in zip(ops, sums)}


BREAKDOWNS = {
    "udp_datagrams": (udp_calls, ("stdlib", "sockffi", "lib")),
    "connect_accept": (connect_accept_calls, ("stdlib", "sockffi", "lib")),
}


def workloads() -> List[Workload]:
    ping = ["stdlib", "sockffi", "os.write/os.read", "lib.send/lib.recv",
            "py method + os", "py methods + os (least layer)", "no I/O"]
    req = ["stdlib", "sockffi", "os.write/os.read", "lib.send/lib.recv", "py method + os",
           "py methods + os (least layer)", "no I/O"]
    # the API build's composite calls: the floor of its one-C-call path
    sockopt_helpers = (("lib.sockffi_*sockopt_int (API helpers)",)
                       if hasattr(lib, "sockffi_setsockopt_int") else ())
    bulk_variants = ["stdlib", "sockffi", "lib.recv"] + (["os.readv"] if hasattr(os, "readv") else [])
    return [
        Workload("socketpair_pingpong", "round trip", pingpong, tuple(ping),
                 ("stdlib", "sockffi", "os.write/os.read", "lib.send/lib.recv"), (200, 1200)),
        Workload("tcp_request_response", "request", tcp, tuple(req),
                 ("stdlib", "sockffi", "lib.send/lib.recv"), (200, 1200)),
        Workload("bulk_recv", "64 KiB", bulk, tuple(bulk_variants),
                 ("stdlib", "sockffi", "lib.recv"), (200, 1200)),
        Workload("bulk_send", "64 KiB", bulk_send,
                 ("stdlib", "sockffi", "os.write", "lib.send", "py method + os"),
                 ("stdlib", "sockffi", "lib.send"), (200, 1200)),
        Workload("udp_datagrams", "datagram", udp,
                 ("stdlib", "sockffi", "lib.sendto/lib.recvfrom",
                  "py methods + lib (least layer)", "no I/O"),
                 ("stdlib", "sockffi", "lib.sendto/lib.recvfrom"), (10, 50)),
        Workload("udp_batch", "datagram", udp_batch,
                 ("stdlib", "sockffi", "lib.send/lib.recvfrom", "lib.sendmmsg/lib.recvmmsg"),
                 ("stdlib", "sockffi", "lib.send/lib.recvfrom", "lib.sendmmsg/lib.recvmmsg"),
                 (1, 4), max_batch=1),  # the bare variants' cdata hold one burst
        Workload("call_socket_close", "socket + close", socket_close,
                 ("stdlib", "sockffi", "lib.socket/lib.close"),
                 ("stdlib", "sockffi", "lib.socket/lib.close"), (200, 1200)),
        Workload("call_sockopt", "set + get", sockopt,
                 ("stdlib", "sockffi", "lib.setsockopt/lib.getsockopt") + sockopt_helpers
                 + ("py methods + helper (least layer)",),
                 ("stdlib", "sockffi", "lib.setsockopt/lib.getsockopt"), (200, 1200)),
        Workload("connect_accept", "connection", connect_accept,
                 ("stdlib", "sockffi", "lib (socket/connect/accept4/close)",
                  "py methods + lib (least layer)"),
                 ("stdlib", "sockffi", "lib (socket/connect/accept4/close)"), (100, 500)),
    ]
