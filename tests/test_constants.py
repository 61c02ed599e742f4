"""Constants: every one the stdlib has, with its value; the extras users
keep hard-coding; the kernel agrees with the numbers."""

import errno
import os
import re
import socket as std
import sys

import pytest

import sockffi

LINUX_GENERIC = sys.platform.startswith("linux") and os.uname().machine in ("x86_64", "aarch64")

# Linux UAPI values (asm-generic, shared by x86_64 and aarch64) of constants
# CPython 3.13 lacks.
EXTRAS = {
    "SO_TIMESTAMP": 29, "SO_TIMESTAMPNS": 35, "SO_TIMESTAMPING": 37, "SO_ZEROCOPY": 60,
    "MSG_ZEROCOPY": 0x4000000, "MSG_WAITFORONE": 0x10000, "IP_RECVERR": 11,
    "IPV6_RECVERR": 25, "IP_FREEBIND": 15, "IP_MTU": 14, "IP_MTU_DISCOVER": 10,
    "IP_RECVTTL": 12, "IP_RECVORIGDSTADDR": 20, "UDP_SEGMENT": 103, "UDP_GRO": 104,
    "SO_BUSY_POLL": 46, "SO_PEEK_OFF": 42, "SO_COOKIE": 57, "SO_TXTIME": 61,
    "SO_ATTACH_FILTER": 26, "SO_ORIGINAL_DST": 80, "SO_INCOMING_CPU": 49,
    "IP_PMTUDISC_DO": 2, "IP_TRANSPARENT": 19, "IPV6_RECVPKTINFO": 49, "SO_RCVBUFFORCE": 33,
    "SO_SNDBUFFORCE": 32, "SO_MARK": 36, "SO_RXQ_OVFL": 40, "SO_WIFI_STATUS": 41,
    "SO_NOFCS": 43, "SO_LOCK_FILTER": 44, "SO_SELECT_ERR_QUEUE": 45, "SO_MAX_PACING_RATE": 47,
    "SO_BPF_EXTENSIONS": 48, "SO_ATTACH_BPF": 50, "SO_DETACH_FILTER": 27,
    "TCP_ZEROCOPY_RECEIVE": 35, "TCP_INQ": 36, "TCP_TX_DELAY": 37, "IP_BIND_ADDRESS_NO_PORT": 24,
    "MSG_ERRQUEUE": 0x2000, "SCM_TIMESTAMPNS": 35, "SCM_TIMESTAMPING": 37,
}


def _int_constants(module):
    # The public names: other modules may add to the stdlib module's namespace
    # (PyPy's ssl puts SSL_ERROR_* there).
    names = module.__all__ if module is std else dir(module)
    return {n: getattr(module, n) for n in names
            if re.fullmatch(r"[A-Z][A-Za-z0-9_]*", n) and not n.startswith("_")
            and isinstance(getattr(module, n), int) and not isinstance(getattr(module, n), bool)}


def prefix(name: str) -> str:
    return name.split("_", 1)[0] + "_" if "_" in name else name


def test_every_stdlib_constant_with_its_value():
    ours, theirs = _int_constants(sockffi), _int_constants(std)
    assert {n: v for n, v in theirs.items() if ours.get(n) != v} == {}


def test_counts_by_prefix_cover_the_stdlib():
    ours, theirs = _int_constants(sockffi), _int_constants(std)
    for p in {prefix(n) for n in theirs}:
        assert sum(prefix(n) == p for n in ours) >= sum(prefix(n) == p for n in theirs), p


@pytest.mark.skipif(not LINUX_GENERIC, reason="Linux x86_64/aarch64 values")
@pytest.mark.parametrize("name", sorted(EXTRAS))
def test_extra_constants(name):
    assert getattr(sockffi, name) == EXTRAS[name]
    if hasattr(std, name):
        assert getattr(std, name) == EXTRAS[name]


def test_constants_are_plain_ints_or_enum_members():
    for name, value in _int_constants(sockffi).items():
        assert type(value) is int or type(value).__name__ in (
            "AddressFamily", "SocketKind", "MsgFlag", "AddressInfo"), name


def test_enums_from_present_constants():
    for cls, p in [(sockffi.AddressFamily, "AF_"), (sockffi.SocketKind, "SOCK_"),
                   (sockffi.MsgFlag, "MSG_"), (sockffi.AddressInfo, "AI_")]:
        for member in cls:
            assert getattr(sockffi, member.name) is member
            assert member.name.startswith(p) and member.name.isupper()
    assert type(sockffi.AF_DECnet) is int  # not upper-case: not a member, as in the stdlib
    assert repr(sockffi.AF_INET) == repr(std.AF_INET)
    assert repr(sockffi.SOCK_STREAM) == repr(std.SOCK_STREAM)


def test_errno_and_string_constants():
    assert (sockffi.EBADF, sockffi.EAGAIN, sockffi.EWOULDBLOCK) == \
        (errno.EBADF, errno.EAGAIN, errno.EWOULDBLOCK)
    if hasattr(sockffi, "AF_BLUETOOTH"):
        assert sockffi.BDADDR_ANY == "00:00:00:00:00:00"
        assert sockffi.BDADDR_LOCAL == "00:00:00:FF:FF:FF"
    assert sockffi.FD_SETSIZE >= 64


# --- the kernel agrees with the numbers --------------------------------------------

def _round_trip(sock, level, name, value=1):
    try:
        sock.setsockopt(level, name, value)
    except OSError as exc:
        if exc.errno in (errno.ENOPROTOOPT, errno.EOPNOTSUPP, errno.EPERM, errno.EINVAL):
            pytest.skip(f"this kernel refuses option {name}: {exc}")
        raise
    return sock.getsockopt(level, name)


@pytest.mark.parametrize("name", ["SO_TIMESTAMP", "SO_TIMESTAMPNS", "SO_REUSEPORT", "SO_KEEPALIVE"])
def test_socket_options_round_trip(name):
    with sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM) as s:
        assert _round_trip(s, sockffi.SOL_SOCKET, getattr(sockffi, name)) == 1


def test_ip_options_round_trip():
    with sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM) as s:
        assert _round_trip(s, sockffi.IPPROTO_IP, sockffi.IP_RECVTTL) == 1
        assert _round_trip(s, sockffi.IPPROTO_IP, sockffi.IP_RECVERR) == 1


def test_ip_mtu_of_a_connected_udp_socket():
    with sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM) as s:
        s.connect(("127.0.0.1", 9))
        try:
            mtu = s.getsockopt(sockffi.IPPROTO_IP, sockffi.IP_MTU)
        except OSError as exc:
            if exc.errno == errno.ENOPROTOOPT:
                pytest.skip("this kernel has no IP_MTU")
            raise
        assert 576 <= mtu <= 65536
