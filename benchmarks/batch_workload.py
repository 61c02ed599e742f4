"""The batch datagram workload from bench_batch.py (the messages issue's
benchmark), as a measure(mod, duration) for the runner: 64-byte datagrams
in bursts of 1024, the stdlib through its per-datagram calls, sockffi through
sendmmsg/recvmmsg in batches of 64; every datagram checked, none may be lost.
Figure: datagrams per second, send and receive together."""

from __future__ import annotations

from time import perf_counter

from . import bench_batch
from .harness import BenchError

BURST, BATCH, SIZE, BUFSIZE = 1024, 64, 64, 2048
RCVBUF = 4 << 20
NEEDS = ("socket.sendmmsg", "socket.recvmmsg")


def measure(mod, duration: float) -> float:
    trial = bench_batch.stdlib_trial if mod.__name__ == "socket" else bench_batch.sockffi_trial
    pair = bench_batch.udp_pair(mod, RCVBUF)
    try:
        seconds = 0.0
        count = 0
        salt = 0
        end = perf_counter() + duration
        while perf_counter() < end:
            salt += 1
            send_time, recv_time, lost = trial(pair, BURST, BATCH, SIZE, BUFSIZE, salt)
            if lost:
                raise BenchError(f"{lost} datagrams lost")
            seconds += send_time + recv_time
            count += BURST
    except AssertionError as exc:  # bench_batch's check of every datagram
        raise BenchError(str(exc)) from None
    finally:
        pair[0].close()
        pair[1].close()
    return count / seconds
