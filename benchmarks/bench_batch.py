"""Batch datagram I/O: 64-byte UDP datagrams on loopback, the stdlib's
sendto/recvfrom loop against sockffi's sendmmsg/recvmmsg in batches of 64.

    python benchmarks/bench_batch.py [--seconds 20] [--burst 1024] [--batch 64]
                                     [--size 64] [--bufsize 2048] [--json FILE]

One process, pinned to one CPU.  Each trial sends a burst of numbered
datagrams and receives them all back, once with each module, alternating
(so both see the same machine conditions); every datagram is checked (its
number, its bytes, the sender's address) and losses are counted, not hidden.
The receive buffer is made big enough for a whole burst.  Reported: the
median cost per datagram of each phase and the ratio stdlib/sockffi
(datagrams per second, sockffi over stdlib).

For scale the run also times, with the same sockets:
  * "bare C calls": sendmmsg/recvmmsg on arrays built beforehand, with no
    Python work per datagram: the kernel's own cost, the ceiling for any
    binding of these calls;
  * "GSO+GRO": the same batch API on sockets with the UDP_SEGMENT option
    (each batch leaves as one message the kernel cuts into datagrams) and
    UDP_GRO (they arrive coalesced; recvmmsg cuts them apart) -- a
    different kernel mechanism, shown where the kernel has it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket as stdlib_socket
import statistics
import struct
import sys
from time import monotonic, perf_counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import sockffi  # noqa: E402
from sockffi._binding import ffi, lib  # noqa: E402  (the bare-call row)


# --- the machine ------------------------------------------------------------

def pin_to_one_cpu() -> int:
    """Pin to the first CPU we may use (PyPy 3.9's os lacks the call: libc)."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    from cffi import FFI
    cffi = FFI()
    cffi.cdef("int sched_setaffinity(int, size_t, const unsigned long *);")
    mask = cffi.new("unsigned long[16]")
    mask[0] = 1
    if cffi.dlopen(None).sched_setaffinity(0, cffi.sizeof(mask), mask) < 0:
        raise OSError(cffi.errno, os.strerror(cffi.errno))
    return 0


class Watchdog:
    """Ends a trial that hangs (a lost datagram would block a receive)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def __enter__(self):
        def fire(signum, frame):
            raise TimeoutError("trial took too long (datagrams lost?)")
        self.old = signal.signal(signal.SIGALRM, fire)
        signal.alarm(self.seconds)

    def __exit__(self, *exc):
        signal.alarm(0)
        signal.signal(signal.SIGALRM, self.old)


# --- the workload -------------------------------------------------------------

def udp_pair(mod, rcvbuf: int):
    receiver = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    receiver.setsockopt(mod.SOL_SOCKET, mod.SO_RCVBUF, rcvbuf)
    receiver.bind(("127.0.0.1", 0))
    sender = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    sender.bind(("127.0.0.1", 0))
    sender.connect(receiver.getsockname())
    return sender, receiver


def payloads(count: int, size: int, salt: int) -> list:
    """Datagrams numbered in their first 8 bytes, then a filler byte."""
    filler = bytes([salt % 251 + 1]) * (size - 8)
    return [struct.pack("<Q", i) + filler for i in range(count)]


def verify(name: str, expected: list, received: list, sender_address) -> int:
    """Compare what came in with what went out; the number lost."""
    lost = len(expected) - len(received)
    for want, (got, address) in zip(expected, received):
        if got != want or address != sender_address:
            raise AssertionError(f"{name}: wrong datagram {got[:8]!r} from {address}")
    return lost


# The phases of a trial, each written once (floors.py runs them too): the
# stdlib's per-datagram calls, and sockffi's batch calls.

def send_each(send, data: list) -> None:
    for d in data:
        send(d)


def receive_each(recvfrom, burst: int, bufsize: int) -> list:
    return [recvfrom(bufsize) for _ in range(burst)]


def in_batches(data: list, batch: int) -> list:
    return [data[i:i + batch] for i in range(0, len(data), batch)]


def send_batches(sendmmsg, chunks: list) -> None:
    for chunk in chunks:
        if sendmmsg(chunk) != len(chunk):
            raise AssertionError("sendmmsg sent part of a batch")


def receive_batches(recvmmsg, burst: int, batch: int, bufsize: int) -> list:
    received = []
    while len(received) < burst:
        received += recvmmsg(batch, bufsize)
    return received


def stdlib_trial(pair, burst: int, batch: int, size: int, bufsize: int, salt: int):
    sender, receiver = pair
    data = payloads(burst, size, salt)
    t0 = perf_counter()
    send_each(sender.send, data)
    t1 = perf_counter()
    received = receive_each(receiver.recvfrom, burst, bufsize)
    t2 = perf_counter()
    return t1 - t0, t2 - t1, verify("stdlib", data, received, sender.getsockname())


def sockffi_trial(pair, burst: int, batch: int, size: int, bufsize: int, salt: int):
    sender, receiver = pair
    data = payloads(burst, size, salt)
    chunks = in_batches(data, batch)
    t0 = perf_counter()
    send_batches(sender.sendmmsg, chunks)
    t1 = perf_counter()
    received = receive_batches(receiver.recvmmsg, burst, batch, bufsize)
    t2 = perf_counter()
    return t1 - t0, t2 - t1, verify("sockffi", data, received, sender.getsockname())


def bare_trial(pair, burst: int, batch: int, size: int, bufsize: int, salt: int):
    """lib.sendmmsg and lib.recvmmsg on arrays built beforehand, nothing done
    per datagram: what the kernel alone costs."""
    sender, receiver = pair
    data = payloads(burst, size, salt)
    blob = ffi.from_buffer(b"".join(data))
    out_vec = ffi.new("struct mmsghdr[]", burst)
    out_iov = ffi.new("struct iovec[]", burst)
    for i in range(burst):
        out_iov[i].iov_base, out_iov[i].iov_len = blob + i * size, size
        out_vec[i].msg_hdr.msg_iov, out_vec[i].msg_hdr.msg_iovlen = out_iov + i, 1
    vec = ffi.new("struct mmsghdr[]", batch)
    iov = ffi.new("struct iovec[]", batch)
    block = ffi.new("char[]", batch * bufsize)
    names = ffi.new("struct sockaddr_storage[]", batch)
    for i in range(batch):
        iov[i].iov_base, iov[i].iov_len = block + i * bufsize, bufsize
        hdr = vec[i].msg_hdr
        hdr.msg_iov, hdr.msg_iovlen = iov + i, 1
        hdr.msg_name, hdr.msg_namelen = names + i, ffi.sizeof(names[0])
    pristine = ffi.buffer(vec)[:]
    out_fd, fd, waitforone = sender.fileno(), receiver.fileno(), sockffi.MSG_WAITFORONE
    t0 = perf_counter()
    for i in range(0, burst, batch):
        if lib.sendmmsg(out_fd, out_vec + i, batch, 0) != batch:
            raise OSError(ffi.errno, "sendmmsg sent part of a batch")
    t1 = perf_counter()
    got = 0
    while got < burst:
        n = lib.recvmmsg(fd, vec, batch, waitforone, ffi.NULL)
        if n < 0:
            raise OSError(ffi.errno, os.strerror(ffi.errno))
        got += n
        ffi.memmove(vec, pristine, n * ffi.sizeof(vec[0]))
    t2 = perf_counter()
    return t1 - t0, t2 - t1, burst - got


def gso_supported(pair, size: int) -> bool:
    """Set up the GSO+GRO row's sockets; False where the kernel cannot."""
    sender, receiver = pair
    try:
        receiver.setsockopt(sockffi.SOL_UDP, sockffi.UDP_GRO, 1)
        sender.setsockopt(sockffi.SOL_UDP, sockffi.UDP_SEGMENT, size)
        sender.send(b"x" * (2 * size))
        receiver.settimeout(1.0)
        got = receiver.recvmmsg(4, 65536)
        receiver.settimeout(None)
        return [len(d) for d, _ in got] == [size, size]
    except (OSError, AttributeError):
        return False


def gso_trial(pair, burst: int, batch: int, size: int, bufsize: int, salt: int):
    """The batch API on sockets with UDP_SEGMENT (sender) and UDP_GRO
    (receiver): each batch leaves as one message the kernel cuts into
    datagrams, and arrives coalesced; recvmmsg cuts it back apart."""
    sender, receiver = pair
    data = payloads(burst, size, salt)
    blobs = [b"".join(chunk) for chunk in in_batches(data, batch)]
    sendmmsg, recvmmsg = sender.sendmmsg, receiver.recvmmsg
    t0 = perf_counter()
    if sendmmsg(blobs) != len(blobs):
        raise AssertionError("sendmmsg sent part of the burst")
    t1 = perf_counter()
    received = receive_batches(recvmmsg, burst, 8, 65536)
    t2 = perf_counter()
    return t1 - t0, t2 - t1, verify("gso", data, received, sender.getsockname())


# --- the run ------------------------------------------------------------------

def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="time budget")
    parser.add_argument("--burst", type=int, default=1024, help="datagrams per trial")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=64, help="datagram bytes")
    parser.add_argument("--bufsize", type=int, default=2048, help="receive buffer per datagram")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.size < 8 or args.burst % args.batch:
        parser.error("--size must be >= 8 and --burst a multiple of --batch")

    cpu = pin_to_one_cpu()
    rcvbuf = 4 << 20
    pairs = {"stdlib": udp_pair(stdlib_socket, rcvbuf), "sockffi": udp_pair(sockffi, rcvbuf),
             "bare C calls": udp_pair(sockffi, rcvbuf)}
    gso_pair = udp_pair(sockffi, rcvbuf)
    trials = {"stdlib": stdlib_trial, "sockffi": sockffi_trial, "bare C calls": bare_trial}
    if gso_supported(gso_pair, args.size):
        pairs["GSO+GRO"] = gso_pair
        trials["GSO+GRO"] = gso_trial
    else:
        gso_pair[0].close(), gso_pair[1].close()
    got_rcvbuf = pairs["stdlib"][1].getsockopt(stdlib_socket.SOL_SOCKET, stdlib_socket.SO_RCVBUF)

    times = {name: ([], []) for name in trials}
    lost = {name: 0 for name in trials}
    count = {name: 0 for name in trials}
    deadline, salt = monotonic() + args.seconds, 0
    warmup = 3
    while monotonic() < deadline or salt < warmup + 5:
        salt += 1
        for name, trial in trials.items():
            with Watchdog(10):
                send_time, recv_time, missing = trial(pairs[name], args.burst, args.batch,
                                                      args.size, args.bufsize, salt)
            if salt <= warmup:  # JIT warm-up, caches
                continue
            lost[name] += missing
            count[name] += args.burst
            if send_time is not None:
                times[name][0].append(send_time / args.burst)
            times[name][1].append(recv_time / args.burst)
    for sender, receiver in pairs.values():
        sender.close()
        receiver.close()

    def median_us(values):
        return statistics.median(values) * 1e6 if values else None

    rows = {name: {"send_us": median_us(s), "recv_us": median_us(r),
                   "datagrams": count[name], "lost": lost[name]}
            for name, (s, r) in times.items()}
    base = rows["stdlib"]
    for row in rows.values():
        row["send_ratio"] = base["send_us"] / row["send_us"] if row["send_us"] else None
        row["recv_ratio"] = base["recv_us"] / row["recv_us"]
        if row["send_us"]:
            row["both_ratio"] = ((base["send_us"] + base["recv_us"])
                                 / (row["send_us"] + row["recv_us"]))
        else:
            row["both_ratio"] = None

    implementation = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"{implementation}, sockffi {sockffi.MODE} mode, CPU {cpu}, "
          f"SO_RCVBUF {got_rcvbuf}, {args.size}-byte datagrams, batches of {args.batch}, "
          f"{len(times['stdlib'][1])} trials of {args.burst}")
    print(f"{'':16} {'send us/dgram':>14} {'recv us/dgram':>14} {'send x':>7} "
          f"{'recv x':>7} {'both x':>7} {'lost':>5}")

    def fmt(value, spec):
        return format(value, spec) if value is not None else format("-", ">" + spec.split(".")[0])
    for name, row in rows.items():
        print(f"{name:16} {fmt(row['send_us'], '14.3f')} {fmt(row['recv_us'], '14.3f')} "
              f"{fmt(row['send_ratio'], '7.2f')} {fmt(row['recv_ratio'], '7.2f')} "
              f"{fmt(row['both_ratio'], '7.2f')} {row['lost']:5d}")
    ours = rows["sockffi"]
    print(f"sockffi/stdlib datagrams per second: receive {ours['recv_ratio']:.2f}x, "
          f"send {ours['send_ratio']:.2f}x, send+receive {ours['both_ratio']:.2f}x "
          f"(target 3x); lost: stdlib {rows['stdlib']['lost']}, sockffi {ours['lost']}")
    result = {"implementation": implementation, "mode": sockffi.MODE, "rows": rows,
              "args": vars(args), "so_rcvbuf": got_rcvbuf}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == "__main__":
    main()
