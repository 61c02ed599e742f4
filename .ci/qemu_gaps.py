"""The checks behind .ci/aarch64.sh's deselected tests, run on the stdlib
socket module: under qemu-user each shows the emulator's gap (so the test
fails for the stdlib as well, and is not sockffi's to fix); on a real kernel
each passes.

    python qemu_gaps.py --expect gaps    # under qemu: exit 1 if a gap closed
    python qemu_gaps.py --expect none    # natively: exit 1 if a check fails
"""

import argparse
import errno
import socket
import struct
import sys
from typing import Callable, List, Optional, Tuple

# Linux values, the same on x86_64 and aarch64 (names the stdlib lacks
# before 3.14)
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
IP_RECVTTL = getattr(socket, "IP_RECVTTL", 12)  # <linux/in.h>


def _udp_pair() -> Tuple[socket.socket, socket.socket]:
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    return sender, receiver


def _errno_of(call: Callable[[], object]) -> Optional[str]:
    try:
        call()
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))
    return None


def so_timestampns() -> Optional[str]:
    sender, receiver = _udp_pair()
    with sender, receiver:
        code = _errno_of(lambda: receiver.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1))
        return code and f"setsockopt(SO_TIMESTAMPNS): {code}"


def ip_recvttl_getsockopt() -> Optional[str]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
        code = _errno_of(lambda: s.getsockopt(socket.IPPROTO_IP, IP_RECVTTL))
        return code and f"getsockopt(IP_RECVTTL): {code}"


def msg_ctrunc() -> Optional[str]:
    sender, receiver = _udp_pair()
    with sender, receiver:
        receiver.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
        sender.sendto(b"x", receiver.getsockname())
        _, ancdata, flags, _ = receiver.recvmsg(16, socket.CMSG_LEN(4) - 1)
        if not flags & socket.MSG_CTRUNC:
            return f"recvmsg with a short control buffer: flags {flags:#x}, no MSG_CTRUNC"
        return None


def vsock_options() -> Optional[str]:
    with socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM) as s:
        code = _errno_of(lambda: s.getsockopt(socket.AF_VSOCK,
                                              socket.SO_VM_SOCKETS_BUFFER_SIZE))
        return code and f"getsockopt(SO_VM_SOCKETS_BUFFER_SIZE): {code}"


def tcp_info_size() -> Optional[str]:
    with socket.create_server(("127.0.0.1", 0)) as server, \
            socket.create_connection(server.getsockname(), timeout=5) as client:
        size = len(client.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256))
        # struct tcp_info: 104 bytes since Linux 2.6, more on newer kernels
        return None if size >= 104 else f"getsockopt(TCP_INFO, 256): {size} bytes"


CHECKS: List[Tuple[str, Callable[[], Optional[str]]]] = [
    ("test_so_timestampns, test_recvmmsg_splits_what_gro_coalesced[True]", so_timestampns),
    ("test_ip_options_round_trip", ip_recvttl_getsockopt),
    ("test_ip_ttl_truncated_by_a_small_buffer, test_recvmsg_control_buffer_sizes, "
     "test_recvmsg_into_buffers", msg_ctrunc),
    ("test_vsock_options_are_64_bit", vsock_options),
    ("test_live_connection (tcp_info)", tcp_info_size),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect", choices=("gaps", "none"), required=True)
    expect_gaps = parser.parse_args().expect == "gaps"
    unexpected = 0
    for tests, check in CHECKS:
        gap = check()
        print(f"{'gap' if gap else 'ok ':4} {check.__name__}: {gap or 'as on a real kernel'}"
              f"\n     (deselected: {tests})")
        unexpected += bool(gap) != expect_gaps
    if unexpected:
        print(f"{unexpected} check(s) not as expected: update QEMU_GAPS in .ci/aarch64.sh")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
