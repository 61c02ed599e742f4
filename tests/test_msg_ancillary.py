"""Ancillary data round trips on loopback, each sent and received with both
the stdlib and sockffi (any mix must work: they are the same kernel calls):
SCM_CREDENTIALS, IP_PKTINFO, IPV6_PKTINFO, IP_TOS, IP_TTL, SO_TIMESTAMPNS,
and sendmsg_afalg on a real AF_ALG socket where the kernel offers one."""

import os
import socket as stdlib_socket
import struct
import time

import pytest

import sockffi
from socket_support import ipv6_loopback

MSG = b"ancillary round trip"
C = sockffi  # constant values (some are absent from the stdlib module)
MODULES = [stdlib_socket, sockffi]
PAIRS = [(s, r) for s in MODULES for r in MODULES]
IDS = [f"{s.__name__}->{r.__name__}" for s, r in PAIRS]


def udp_pair(send_mod, recv_mod, family=C.AF_INET, host="127.0.0.1"):
    receiver = recv_mod.socket(family, C.SOCK_DGRAM)
    receiver.bind((host, 0))
    receiver.settimeout(5.0)
    sender = send_mod.socket(family, C.SOCK_DGRAM)
    sender.bind((host, 0))
    return sender, receiver


def one_item(ancdata, level, kind):
    found = [data for lv, kd, data in ancdata if (lv, kd) == (level, kind)]
    assert len(found) == 1, ancdata
    return found[0]


@pytest.mark.parametrize("send_mod,recv_mod", PAIRS, ids=IDS)
def test_scm_credentials(send_mod, recv_mod):
    a, b = send_mod.socketpair(C.AF_UNIX, C.SOCK_DGRAM)
    b = recv_mod.socket(fileno=b.detach())
    with a, b:
        b.setsockopt(C.SOL_SOCKET, C.SO_PASSCRED, 1)
        creds = struct.pack("iII", os.getpid(), os.getuid(), os.getgid())
        assert a.sendmsg([MSG], [(C.SOL_SOCKET, C.SCM_CREDENTIALS, creds)]) == len(MSG)
        msg, ancdata, flags, addr = b.recvmsg(100, C.CMSG_SPACE(len(creds)))
        assert msg == MSG and flags == 0
        assert one_item(ancdata, C.SOL_SOCKET, C.SCM_CREDENTIALS) == creds
        # Without an explicit item the kernel attaches the sender's own.
        a.sendmsg([MSG])
        msg, ancdata, flags, addr = b.recvmsg(100, C.CMSG_SPACE(len(creds)))
        assert one_item(ancdata, C.SOL_SOCKET, C.SCM_CREDENTIALS) == creds


@pytest.mark.parametrize("send_mod,recv_mod", PAIRS, ids=IDS)
def test_ip_pktinfo(send_mod, recv_mod):
    sender, receiver = udp_pair(send_mod, recv_mod)
    with sender, receiver:
        receiver.setsockopt(C.IPPROTO_IP, C.IP_PKTINFO, 1)
        lo = sockffi.if_nametoindex("lo")
        loopback = sockffi.inet_aton("127.0.0.1")
        # struct in_pktinfo: ifindex, spec_dst (the source to use), addr.
        pktinfo = struct.pack("i4s4s", 0, loopback, bytes(4))
        sender.sendmsg([MSG], [(C.IPPROTO_IP, C.IP_PKTINFO, pktinfo)], 0,
                       receiver.getsockname())
        msg, ancdata, flags, addr = receiver.recvmsg(100, 1024)
        assert (msg, flags, addr) == (MSG, 0, sender.getsockname())
        ifindex, spec_dst, dst = struct.unpack("i4s4s", one_item(ancdata, C.IPPROTO_IP,
                                                                 C.IP_PKTINFO))
        assert (ifindex, spec_dst, dst) == (lo, loopback, loopback)


@pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback")
@pytest.mark.parametrize("send_mod,recv_mod", PAIRS, ids=IDS)
def test_ipv6_pktinfo(send_mod, recv_mod):
    sender, receiver = udp_pair(send_mod, recv_mod, C.AF_INET6, "::1")
    with sender, receiver:
        receiver.setsockopt(C.IPPROTO_IPV6, C.IPV6_RECVPKTINFO, 1)
        lo = sockffi.if_nametoindex("lo")
        loopback = sockffi.inet_pton(C.AF_INET6, "::1")
        # struct in6_pktinfo: the address, then the interface index.
        pktinfo = struct.pack("16sI", loopback, lo)
        sender.sendmsg([MSG], [(C.IPPROTO_IPV6, C.IPV6_PKTINFO, pktinfo)], 0,
                       receiver.getsockname())
        msg, ancdata, flags, addr = receiver.recvmsg(100, 1024)
        assert (msg, flags, addr) == (MSG, 0, sender.getsockname())
        assert one_item(ancdata, C.IPPROTO_IPV6, C.IPV6_PKTINFO) == pktinfo


@pytest.mark.parametrize("send_mod,recv_mod", PAIRS, ids=IDS)
def test_ip_tos_and_ttl(send_mod, recv_mod):
    sender, receiver = udp_pair(send_mod, recv_mod)
    with sender, receiver:
        receiver.setsockopt(C.IPPROTO_IP, C.IP_RECVTOS, 1)
        receiver.setsockopt(C.IPPROTO_IP, C.IP_RECVTTL, 1)
        sent = sender.sendmsg([MSG], [(C.IPPROTO_IP, C.IP_TOS, struct.pack("i", 0x28)),
                                      (C.IPPROTO_IP, C.IP_TTL, struct.pack("i", 7))],
                              0, receiver.getsockname())
        assert sent == len(MSG)
        msg, ancdata, flags, addr = receiver.recvmsg(100, 2 * C.CMSG_SPACE(4))
        assert msg == MSG and not flags & C.MSG_CTRUNC
        assert one_item(ancdata, C.IPPROTO_IP, C.IP_TOS) == bytes([0x28])
        assert struct.unpack("i", one_item(ancdata, C.IPPROTO_IP, C.IP_TTL)) == (7,)
        # The socket's defaults when nothing is asked for.
        sender.sendto(MSG, receiver.getsockname())
        msg, ancdata, flags, addr = receiver.recvmsg(100, 1024)
        assert one_item(ancdata, C.IPPROTO_IP, C.IP_TOS) == bytes([0])
        assert struct.unpack("i", one_item(ancdata, C.IPPROTO_IP, C.IP_TTL)) == (64,)


@pytest.mark.parametrize("send_mod,recv_mod", PAIRS, ids=IDS)
def test_ip_ttl_truncated_by_a_small_buffer(send_mod, recv_mod):
    sender, receiver = udp_pair(send_mod, recv_mod)
    with sender, receiver:
        receiver.setsockopt(C.IPPROTO_IP, C.IP_RECVTTL, 1)
        sender.sendto(MSG, receiver.getsockname())
        msg, ancdata, flags, addr = receiver.recvmsg(100, C.CMSG_LEN(4) - 1)
        assert msg == MSG and flags & C.MSG_CTRUNC
        assert [(lv, kd, len(d)) for lv, kd, d in ancdata] == [(C.IPPROTO_IP, C.IP_TTL, 3)]


@pytest.mark.parametrize("send_mod,recv_mod", PAIRS, ids=IDS)
def test_so_timestampns(send_mod, recv_mod):
    sender, receiver = udp_pair(send_mod, recv_mod)
    with sender, receiver:
        receiver.setsockopt(C.SOL_SOCKET, C.SO_TIMESTAMPNS, 1)
        before = time.time()
        sender.sendto(MSG, receiver.getsockname())
        msg, ancdata, flags, addr = receiver.recvmsg(100, C.CMSG_SPACE(16))
        after = time.time()
        seconds, nanoseconds = struct.unpack("qq", one_item(ancdata, C.SOL_SOCKET,
                                                            C.SCM_TIMESTAMPNS))
        assert 0 <= nanoseconds < 10 ** 9
        assert before - 1 <= seconds + nanoseconds / 1e9 <= after + 1


@pytest.mark.parametrize("mod", MODULES)
def test_ancillary_items_of_unusual_sizes_are_refused_by_the_kernel(mod):
    sender, receiver = udp_pair(mod, mod)
    with sender, receiver:
        with pytest.raises(OSError) as info:
            sender.sendmsg([MSG], [(C.IPPROTO_IP, C.IP_TTL, b"\x07\x00\x00")], 0,
                           receiver.getsockname())
        assert info.value.errno is not None


# --- AF_ALG -------------------------------------------------------------------

def alg_socket(mod, kind, name):
    try:
        sock = mod.socket(C.AF_ALG, C.SOCK_SEQPACKET, 0)
    except OSError as exc:
        pytest.skip(f"AF_ALG is not available here: {exc}")
    try:
        sock.bind((kind, name))
    except OSError as exc:
        sock.close()
        pytest.skip(f"{kind} {name} is not available: {exc}")
    return sock


def test_sendmsg_afalg_needs_an_alg_socket(mod):
    if not hasattr(mod.socket, "sendmsg_afalg"):
        pytest.skip("this interpreter's socket module has no sendmsg_afalg")
    with mod.socket(C.AF_INET, C.SOCK_DGRAM) as s:
        with pytest.raises(OSError) as info:
            s.sendmsg_afalg(op=C.ALG_OP_ENCRYPT)
        assert info.value.errno is None


@pytest.mark.parametrize("mod", MODULES)
def test_af_alg_sha256(mod):
    with alg_socket(mod, "hash", "sha256") as algo:
        op, _ = algo.accept()
        with op:
            op.sendall(b"abc")
            assert op.recv(32).hex().startswith("ba7816bf8f01cfea")


@pytest.mark.parametrize("mod", MODULES)
def test_af_alg_aes_cbc_with_sendmsg_afalg(mod):
    key = bytes.fromhex("06a9214036b8a15b512e03d534120006")
    iv = bytes.fromhex("3dafba429d9eb430b422da802c9fac41")
    plain, cipher = b"Single block msg", bytes.fromhex("e353779c1079aeb82708942dbe77181a")
    with alg_socket(mod, "skcipher", "cbc(aes)") as algo:
        algo.setsockopt(C.SOL_ALG, C.ALG_SET_KEY, key)
        op, _ = algo.accept()
        with op:
            op.sendmsg_afalg([plain], op=C.ALG_OP_ENCRYPT, iv=iv)
            assert op.recv(16) == cipher
        op, _ = algo.accept()
        with op:
            op.sendmsg_afalg(op=C.ALG_OP_DECRYPT, iv=iv, flags=C.MSG_MORE)
            op.sendall(cipher)
            assert op.recv(16) == plain


@pytest.mark.parametrize("mod", MODULES)
def test_sendmsg_afalg_bad_arguments(mod):
    with alg_socket(mod, "hash", "sha256") as sock:
        for kwargs in ({}, {"op": None}, {"op": -1},
                       {"op": C.ALG_OP_ENCRYPT, "assoclen": None},
                       {"op": C.ALG_OP_ENCRYPT, "assoclen": -1}):
            with pytest.raises(TypeError):
                sock.sendmsg_afalg(**kwargs)
        with pytest.raises(TypeError):
            sock.sendmsg_afalg(1)


def test_sendmsg_afalg_control_messages():
    """What sendmsg_afalg puts in the control buffer, read back with the
    receive-side parser (AF_ALG itself may be missing here)."""
    from sockffi import _msg
    from sockffi._binding import ffi
    items = _msg.afalg_items(C.ALG_OP_DECRYPT, b"\x01" * 16, 24)
    control, length = _msg.pack_control(items)
    assert length == C.CMSG_SPACE(4) * 2 + C.CMSG_SPACE(20)
    parsed = [(level, kind, ffi.unpack(control + start, size))
              for status, level, kind, start, size in _msg.walk_control(control, length)]
    assert parsed == [
        (C.SOL_ALG, C.ALG_SET_OP, struct.pack("I", C.ALG_OP_DECRYPT)),
        (C.SOL_ALG, C.ALG_SET_IV, struct.pack("I", 16) + b"\x01" * 16),
        (C.SOL_ALG, C.ALG_SET_AEAD_ASSOCLEN, struct.pack("I", 24)),
    ]
