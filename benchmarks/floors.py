"""Floors under issue 7's missed targets: what bounds each ratio.

    python -m benchmarks.floors [--quick] [--rounds N] [--duration S] [--only NAME,...]
                                [--mode api|abi] [--cpu 0] [--no-syscalls]

Each workload of the benchmark runs in several variants, alternating, on
one pinned CPU (CPU 0 by default: the benchmark runs on the last one).  The
benchmark's own loop (io_workloads.py, bench_batch.py: same loop, same
checks) is the loop of every variant but the lib.* ones:
  stdlib / sockffi   the loop on each module's socket;
  os.* / lib.*       the bare calls with no socket layer: os.read/os.write/
                     os.readv on the fd (bound by functools.partial under the
                     socket's method names), or sockffi._binding.lib's C
                     functions on cdata built beforehand, in a loop of their
                     own -- the floor any binding pays;
  py method + os     the bare os calls behind one minimal Python method;
  no I/O             the loop with its checks, its calls going to C built-ins
                     that do no I/O: the interpreter.
Per variant: CPU and wall microseconds per iteration (medians over rounds),
the kernel's share of the CPU time (getrusage system / (user + system)),
the rate against the stdlib's (stdlib time / variant time, the benchmark's
ratio), and the system calls per iteration counted by `strace -c` in a child
process (two runs of different lengths, differenced, so setup drops out).
A closing "components" table times single operations with no I/O at all:
the loop, a Python method call, the calls-in-flight registration, a cffi
call, a syscall that fails at once (the kernel's entry cost).

The child mode (`--child WORKLOAD VARIANT STEPS`) is what strace runs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import os
import platform
import resource
import shutil
import socket as stdlib
import statistics
import struct
import subprocess
import sys
import tempfile
from functools import partial
from time import perf_counter, process_time
from types import SimpleNamespace
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

from . import targets
from .harness import BenchError, pin_to_one_cpu, watchdog

# sockffi (and what imports it) is loaded by _load(), after --mode has set
# SOCKFFI_MODE.
sockffi = ffi = lib = io = None

SMALL = [bytes([i]) for i in range(256)]
REQUESTS = [bytes([i]) * 64 for i in range(256)]
UDP_BURST = 32
BATCH_BURST, BATCH, BATCH_SIZE, BUFSIZE = 1024, 64, 64, 2048
RCVBUF = 4 << 20
CPYTHON = sys.implementation.name == "cpython"


def _load() -> None:
    global sockffi, ffi, lib, io
    import sockffi as _sockffi
    from sockffi._binding import ffi as _ffi, lib as _lib
    from . import io_workloads
    sockffi, ffi, lib, io = _sockffi, _ffi, _lib, io_workloads


def _check(result: int, expected: Optional[int] = None) -> int:
    """A bare lib call's result: -1 raises OSError(errno), a short count raises."""
    if result < 0:
        raise OSError(ffi.errno, os.strerror(ffi.errno))
    if expected is not None and result != expected:
        raise BenchError(f"bare call moved {result} bytes, not {expected}")
    return result


def _sockaddr_in(address) -> "tuple":
    """(struct sockaddr * cdata, length, raw bytes) for an AF_INET (host, port)."""
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


class _Bare:
    """The bare os calls under a socket's method names, bound to the
    descriptor by functools.partial: no Python frame on the way."""
    __slots__ = ("send", "sendall", "recv")

    def __init__(self, fd: int) -> None:
        self.send = self.sendall = partial(os.write, fd)
        self.recv = partial(os.read, fd)


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
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        address = listener.getsockname()
        if variant in ("stdlib", "sockffi"):
            step = io.connect_accept_loop(mod, listener, address)
        elif variant == "lib (socket/connect/accept4/close)":
            step = _lib_connect_accept(_AcceptCData(listener, address))
        else:
            raise KeyError(variant)
        yield step, None
    finally:
        listener.close()


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


def run_breakdown(name: str, rounds: int, duration: float,
                  limit: float) -> Dict[str, Dict[str, float]]:
    func, variants = BREAKDOWNS[name]
    got: Dict[str, List[Dict[str, float]]] = {v: [] for v in variants}
    warmup = duration if platform.python_implementation() == "PyPy" else duration / 4
    with watchdog(limit):
        for v in variants:
            func(v, warmup)  # (PyPy's JIT)
    for r in range(rounds):
        for v in (variants if r % 2 == 0 else reversed(variants)):
            gc.collect()
            with watchdog(limit):
                got[v].append(func(v, duration))
    return {v: {op: statistics.median(d[op] for d in ds) for op in ds[0]}
            for v, ds in got.items()}


def print_breakdown(name: str, table: Dict[str, Dict[str, float]]) -> None:
    ops = list(next(iter(table.values())))
    print(f"  per call, wall us (each with one clock read): "
          + " | ".join(f"{op}" for op in ops))
    for v, figures in table.items():
        line = " ".join(f"{figures[op]:8.3f}" for op in ops)
        extra = ""
        if v == "sockffi" and "lib" in table:
            extra = "   above lib: " + " ".join(
                f"{figures[op] - table['lib'][op]:+.3f}" for op in ops)
        print(f"    {v:<8} {line}{extra}")


class Workload(NamedTuple):
    name: str         # the benchmark's workload (its target)
    unit: str         # what one iteration is
    factory: Callable
    variants: Tuple[str, ...]
    traced: Tuple[str, ...]  # variants whose syscalls strace counts
    steps: Tuple[int, int]   # the two strace run lengths, in step() iterations
    max_batch: int = 1 << 30  # most iterations per step() (check() verifies after each)


def workloads() -> List[Workload]:
    ping = ["stdlib", "sockffi", "os.write/os.read", "lib.send/lib.recv",
            "py method + os", "no I/O"]
    req = ["stdlib", "sockffi", "os.write/os.read", "lib.send/lib.recv", "py method + os",
           "no I/O"]
    bulk_variants = ["stdlib", "sockffi", "lib.recv"] + (["os.readv"] if hasattr(os, "readv") else [])
    return [
        Workload("socketpair_pingpong", "round trip", pingpong, tuple(ping),
                 ("stdlib", "sockffi", "os.write/os.read", "lib.send/lib.recv"), (200, 1200)),
        Workload("tcp_request_response", "request", tcp, tuple(req),
                 ("stdlib", "sockffi", "lib.send/lib.recv"), (200, 1200)),
        Workload("bulk_recv", "64 KiB", bulk, tuple(bulk_variants),
                 ("stdlib", "sockffi", "lib.recv"), (200, 1200)),
        Workload("udp_datagrams", "datagram", udp,
                 ("stdlib", "sockffi", "lib.sendto/lib.recvfrom", "no I/O"),
                 ("stdlib", "sockffi", "lib.sendto/lib.recvfrom"), (10, 50)),
        Workload("udp_batch", "datagram", udp_batch,
                 ("stdlib", "sockffi", "lib.send/lib.recvfrom", "lib.sendmmsg/lib.recvmmsg"),
                 ("stdlib", "sockffi", "lib.send/lib.recvfrom", "lib.sendmmsg/lib.recvmmsg"),
                 (1, 4), max_batch=1),  # the bare variants' cdata hold one burst
        Workload("connect_accept", "connection", connect_accept,
                 ("stdlib", "sockffi", "lib (socket/connect/accept4/close)"),
                 ("stdlib", "sockffi", "lib (socket/connect/accept4/close)"), (100, 500)),
    ]


# --- timing -----------------------------------------------------------------

class Figures(NamedTuple):
    cpu_us: float    # CPU time (user + system) per unit, this process only
    wall_us: float   # wall time per unit (the peers' CPU time shows up here)
    user_s: float    # getrusage user and system seconds over the run (the
    sys_s: float     # kernel samples the split per tick: summed over rounds)


def _rusage() -> Tuple[float, float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime, r.ru_stime


def timed(step: Callable[[int], float], check: Optional[Callable[[], None]],
          duration: float, max_batch: int = 1 << 30) -> Figures:
    """Run step(n) with growing n for `duration` seconds of wall time; CPU
    and wall time are summed over the steps only (check() runs untimed).
    The user/system split is taken over the whole run: the kernel samples
    it per tick, so its share is an estimate (a few % at 1 s)."""
    units = 0.0
    wall = cpu = 0.0
    batch = 1
    u0, s0 = _rusage()
    end = perf_counter() + duration
    while True:
        c0, t0 = process_time(), perf_counter()
        units += step(batch)
        t1, c1 = perf_counter(), process_time()
        wall += t1 - t0
        cpu += c1 - c0
        if check is not None:
            check()
        if t1 >= end:
            break
        if t1 - t0 < duration / 30 and batch < max_batch:
            batch *= 2
    u1, s1 = _rusage()
    return Figures(cpu / units * 1e6, wall / units * 1e6, u1 - u0, s1 - s0)


def measure(workload: Workload, variant: str, shared: dict, duration: float,
            limit: float) -> Figures:
    gc.collect()
    with watchdog(limit):
        with workload.factory(variant, shared) as (step, check):
            return timed(step, check, duration, workload.max_batch)


class Row(NamedTuple):
    variant: str
    cpu_us: float
    wall_us: float
    sys_share: float
    cpu_ratio: float   # stdlib time / this variant's time, median of per-round ratios
    wall_ratio: float
    spread: float      # (max - min) / 2 / median of the CPU figures across rounds
    ratio_range: Tuple[float, float]  # the per-round CPU ratios' min and max


def _share(figures: List[Figures]) -> float:
    user, system = sum(f.user_s for f in figures), sum(f.sys_s for f in figures)
    return system / (user + system) if user + system > 0 else 0.0


def run_workload(workload: Workload, shared: dict, rounds: int, duration: float,
                 warmup: float, limit: float) -> List[Row]:
    """Every variant, `rounds` times, alternating (the order reversed every
    other round); a warm-up pass first (PyPy's JIT)."""
    variants = list(workload.variants)
    figures: Dict[str, List[Figures]] = {v: [] for v in variants}
    if warmup > 0:
        for v in variants:
            measure(workload, v, shared, warmup, limit)
    for r in range(rounds):
        for v in (variants if r % 2 == 0 else reversed(variants)):
            figures[v].append(measure(workload, v, shared, duration, limit))
    base = figures["stdlib"]
    rows = []
    for v in variants:
        fs = figures[v]
        cpus = [f.cpu_us for f in fs]
        ratios = [b.cpu_us / f.cpu_us for b, f in zip(base, fs)]
        rows.append(Row(
            v, statistics.median(f.cpu_us for f in fs), statistics.median(f.wall_us for f in fs),
            _share(fs),
            statistics.median(b.cpu_us / f.cpu_us for b, f in zip(base, fs)),
            statistics.median(b.wall_us / f.wall_us for b, f in zip(base, fs)),
            (max(cpus) - min(cpus)) / 2 / statistics.median(cpus), (min(ratios), max(ratios))))
    return rows


# --- syscall counts -----------------------------------------------------------

def parse_strace(text: str) -> Dict[str, int]:
    """{syscall: calls} from `strace -c` output."""
    counts: Dict[str, int] = {}
    dashes = 0
    for line in text.splitlines():
        if line.startswith("------"):
            dashes += 1
            continue
        if dashes != 1:
            continue
        fields = line.split()
        if len(fields) >= 5 and fields[3].isdigit():
            counts[fields[-1]] = int(fields[3])
    return counts


def syscalls_per_unit(workload: Workload, variant: str, strace: str) -> Dict[str, float]:
    """strace -c of two child runs of different lengths, differenced and
    divided by the units between them: setup and teardown drop out."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for steps in workload.steps:
            out = os.path.join(tmp, f"strace-{steps}.txt")
            proc = subprocess.run(
                [strace, "-c", "-o", out, sys.executable, "-m", "benchmarks.floors",
                 "--child", workload.name, variant, str(steps)],
                cwd=root, capture_output=True, text=True, timeout=120)
            if proc.returncode != 0:
                raise BenchError(f"strace child failed: {proc.stderr.strip()[-300:]}")
            units = float(proc.stdout.split()[-1])
            with open(out) as f:
                results.append((units, parse_strace(f.read())))
    (u1, c1), (u2, c2) = results
    return {name: (c2.get(name, 0) - c1.get(name, 0)) / (u2 - u1) for name in set(c1) | set(c2)}


def describe_syscalls(counts: Dict[str, float]) -> str:
    shown = sorted(((n, v) for n, v in counts.items() if v >= 0.005), key=lambda x: -x[1])
    return ", ".join(f"{n} {v:.3g}" for n, v in shown) or "(none)"


def python_work(workload: Workload, variant: str, shared: dict) -> Optional[Tuple[float, float, float]]:
    """(bytecodes, Python frames, C calls) per unit executed below the
    benchmark loop -- inside the socket layer -- counted with sys.settrace
    (opcode events) and sys.setprofile (c_call events).  The loops' own
    frames (this file, io_workloads.py, bench_batch.py) are not counted.
    None where the interpreter has no opcode tracing (PyPy)."""
    from . import bench_batch
    loops = {__file__, io.__file__, bench_batch.__file__}  # where the loops are written
    counts = [0, 0, 0]

    def local(frame, event, arg):
        if event == "opcode":
            counts[0] += 1
        return local

    def global_trace(frame, event, arg):
        if frame.f_code.co_filename in loops:
            return None
        frame.f_trace_opcodes = True
        counts[1] += 1
        return local

    def profile(frame, event, arg):
        if event == "c_call" and frame.f_code.co_filename not in loops:
            counts[2] += 1

    if not hasattr(sys._getframe(), "f_trace_opcodes") or not CPYTHON:
        return None
    with watchdog(60):
        with workload.factory(variant, shared) as (step, check):
            step(1)  # first-use caches and pools, not per-call work
            if check is not None:
                check()
            units = 0.0
            sys.settrace(global_trace)
            sys.setprofile(profile)
            try:
                for _ in range(workload.steps[0] if workload.max_batch > 1 else 2):
                    units += step(1)
            finally:
                sys.setprofile(None)
                sys.settrace(None)
            if check is not None:
                check()
    return counts[0] / units, counts[1] / units, counts[2] / units


def child(name: str, variant: str, steps: int) -> None:
    """Run one variant for `steps` step() iterations (for strace), print the units."""
    _load()
    workload = next(w for w in workloads() if w.name == name)
    shared: dict = {}
    try:
        with watchdog(60):
            with workload.factory(variant, shared) as (step, check):
                units = 0.0
                for _ in range(steps):
                    units += step(1)
                    if check is not None:
                        check()
    finally:
        if "peer" in shared:
            shared["peer"].close()
    print(units)


# --- components: single operations, no I/O ------------------------------------

class _Sock:
    """Stands for a socket object: what a hot method touches."""

    def __init__(self) -> None:
        self._fd = 7
        self._ops: list = []

    def plain(self, data, flags=0):
        return data

    def registered(self, data, flags=0):
        # sockffi's calls-in-flight registration, with no call inside.
        ops = self._ops
        if ops is None:
            ops = self._in_flight()
        ops.append(0)
        fd = self._fd
        try:
            result = data if fd else None
        except BaseException:
            ops.pop()
            if self._fd == -1:
                raise BenchError("closed")
            raise
        ops.pop()
        if self._fd == -1:
            raise BenchError("closed")
        return result


def components() -> List[Tuple[str, Callable[[int], float]]]:
    """(label, step) pairs; each step runs n operations."""
    sock = _Sock()
    getppid = os.getppid
    cell = ffi.new("char[8]", b"abcdefgh")
    send, unpack = lib.send, ffi.unpack
    found = []

    def loop(n):
        for _ in range(n):
            pass
        return n
    found.append(("empty loop iteration", loop))

    def method(n):
        m = sock.plain
        for _ in range(n):
            m(cell)
        return n
    found.append(("Python method call (bound, 1 arg)", method))

    def registered(n):
        m = sock.registered
        for _ in range(n):
            m(cell)
        return n
    found.append(("same method + calls-in-flight registration", registered))

    c_only = getattr(lib, "sockffi_cmsg_len", None)
    if c_only is not None:
        def cffi_call(n):
            for _ in range(n):
                c_only(8)
            return n
        found.append(("cffi call, no syscall (lib.sockffi_cmsg_len)", cffi_call))

    def unpacking(n):
        for _ in range(n):
            unpack(cell, 8)
        return n
    found.append(("ffi.unpack 8 bytes (bytes from cdata)", unpacking))

    def os_syscall(n):
        for _ in range(n):
            getppid()
        return n
    found.append(("os.getppid() (a trivial syscall)", os_syscall))

    def failing(n):
        for _ in range(n):
            send(-1, cell, 0, 0)
        return n
    found.append(("lib.send(-1, ...) -> EBADF (kernel entry+exit)", failing))
    return found


def run_components(rounds: int, duration: float) -> List[Tuple[str, float, float]]:
    """(label, ns per operation, ns minus the empty loop's), medians."""
    steps = components()
    times: Dict[str, List[float]] = {label: [] for label, _ in steps}
    for _, step in steps:  # warm-up
        timed(step, None, duration / 4)
    for r in range(rounds):
        for label, step in (steps if r % 2 == 0 else reversed(steps)):
            times[label].append(timed(step, None, duration).cpu_us * 1e3)
    empty = statistics.median(times[steps[0][0]])
    return [(label, statistics.median(v), statistics.median(v) - empty)
            for label, v in times.items()]


# --- the report -----------------------------------------------------------------

def print_workload(workload: Workload, rows: List[Row],
                   syscalls: Dict[str, Dict[str, float]],
                   work: Dict[str, Optional[Tuple[float, float, float]]]) -> None:
    target = targets.target_for(workload.name)
    print(f"\n== {workload.name}: per {workload.unit} "
          f"(target sockffi/stdlib {targets.describe(target) or '-'})")
    print(f"  {'variant':<36} {'cpu us':>8} {'wall us':>8} {'sys%':>5} {'user us':>8} "
          f"{'sys us':>7} {'vs stdlib cpu':>13} {'wall':>6} {'cpu +-%':>7} {'per round':>11}")
    for r in rows:
        user = r.cpu_us * (1 - r.sys_share)
        print(f"  {r.variant:<36} {r.cpu_us:8.3f} {r.wall_us:8.3f} {r.sys_share * 100:5.0f} "
              f"{user:8.3f} {r.cpu_us - user:7.3f} {r.cpu_ratio:12.2f}x {r.wall_ratio:5.2f}x "
              f"{r.spread * 100:7.1f} {r.ratio_range[0]:5.2f}-{r.ratio_range[1]:.2f}")
    for variant, counts in syscalls.items():
        print(f"  syscalls per {workload.unit}, {variant}: {describe_syscalls(counts)}")
    for variant, figures in work.items():
        if figures is not None:
            print(f"  Python below the loop per {workload.unit}, {variant}: {figures[0]:.0f} "
                  f"bytecodes, {figures[1]:.2g} frames, {figures[2]:.2g} C calls")
    by = {r.variant: r for r in rows}
    bare = [r for r in rows if r.variant.startswith(("os.", "lib"))]
    if bare and "stdlib" in by:
        best = max(bare, key=lambda r: r.cpu_ratio)
        std, ours = by["stdlib"], by.get("sockffi")
        line = (f"  floor: {best.variant} = {best.cpu_ratio:.2f}x the stdlib's rate (cpu); "
                f"stdlib above it {std.cpu_us - best.cpu_us:+.3f} us")
        if ours is not None:
            line += f", sockffi above it {ours.cpu_us - best.cpu_us:+.3f} us"
        print(line)
        if target is not None and target[0] == "min_ratio":
            need = std.cpu_us / target[1]
            print(f"  the target needs <= {need:.3f} us per {workload.unit}: "
                  f"{'above' if need > best.cpu_us else 'BELOW'} the floor's {best.cpu_us:.3f} us"
                  + (f" by {need - best.cpu_us:.3f} us (room for a layer)"
                     if need > best.cpu_us else ""))


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks.floors",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="3 rounds x 0.2 s")
    p.add_argument("--rounds", type=int, help="rounds per variant (default 5, quick 3)")
    p.add_argument("--duration", type=float, help="seconds per measurement (default 0.5)")
    p.add_argument("--only", help="comma-separated workload names or prefixes "
                                  "('components' for the no-I/O table)")
    p.add_argument("--mode", choices=("api", "abi"), help="sockffi's binding mode")
    p.add_argument("--cpu", type=int, default=0, help="the CPU to pin to (default 0)")
    p.add_argument("--no-syscalls", action="store_true", help="skip the strace counts")
    p.add_argument("--child", nargs=3, metavar=("WORKLOAD", "VARIANT", "STEPS"),
                   help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.mode:
        os.environ["SOCKFFI_MODE"] = args.mode  # before the first import; children inherit it
    if args.child:
        name, variant, steps = args.child
        child(name, variant, int(steps))
        return 0
    _load()
    rounds = args.rounds or (3 if args.quick else 5)
    duration = args.duration or (0.2 if args.quick else 0.5)
    warmup = duration if platform.python_implementation() == "PyPy" else duration / 4
    limit = max(30.0, duration * 20)
    wanted = [n.strip() for n in (args.only or "").split(",") if n.strip()]

    def chosen(name):
        return not wanted or any(name.startswith(n) for n in wanted)

    strace = None if args.no_syscalls else shutil.which("strace")
    cpu = pin_to_one_cpu(args.cpu)
    print(f"floors: {platform.python_implementation()} {platform.python_version()} | "
          f"sockffi mode={sockffi.MODE} | pinned to cpu {cpu} | {rounds} rounds x "
          f"{duration:g} s | kernel {os.uname().release} | "
          f"syscalls: {'strace -c' if strace else 'not counted'}")
    print("us = microseconds per unit (medians); sys% = kernel share of this process's "
          "CPU time; vs stdlib = stdlib time / variant time (the benchmark's ratio)")
    shared: dict = {}
    try:
        for workload in workloads():
            if not chosen(workload.name):
                continue
            rows = run_workload(workload, shared, rounds, duration, warmup, limit)
            syscalls = {}
            if strace:
                for variant in workload.traced:
                    syscalls[variant] = syscalls_per_unit(workload, variant, strace)
            work = {v: python_work(workload, v, shared) for v in ("stdlib", "sockffi")}
            print_workload(workload, rows, syscalls, work)
            if workload.name in BREAKDOWNS:
                print_breakdown(workload.name,
                                run_breakdown(workload.name, rounds, duration, limit))
            sys.stdout.flush()
    finally:
        if "peer" in shared:
            shared["peer"].close()
    if chosen("components"):
        print("\n== components: one operation, no I/O (cpu ns; minus = less the empty loop)")
        for label, ns, net in run_components(rounds, duration):
            print(f"  {label:<48} {ns:8.1f} {net:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
