"""sockffi.tcp_info: live TCP connections on loopback (sockffi and stdlib
sockets alike), crafted struct bytes for the bitfields and for kernels that
return a shorter struct, and the field offsets against the kernel header
where a compiler and <linux/tcp.h> are at hand."""

import os
import re
import struct
import sys

import pytest

import sockffi
from sockffi import _tcpinfo
from socket_support import compile_c_reference

pytestmark = pytest.mark.skipif(not hasattr(sockffi, "TCP_INFO"), reason="no TCP_INFO")

TCP_ESTABLISHED, TCP_LISTEN = 1, 10
TCPI_OPT_TIMESTAMPS, TCPI_OPT_SACK, TCPI_OPT_WSCALE = 1, 2, 4


@pytest.fixture
def connection(mod):
    server = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    client = mod.create_connection(server.getsockname())
    conn, _ = server.accept()
    yield server, client, conn
    for s in (server, client, conn):
        s.close()


def test_live_connection(connection):
    server, client, conn = connection
    payload = b"x" * 100000
    client.sendall(payload)
    got = 0
    while got < len(payload):
        got += len(conn.recv(65536))
    info = sockffi.tcp_info(client)
    assert info.state == TCP_ESTABLISHED
    assert info.options & (TCPI_OPT_SACK | TCPI_OPT_WSCALE) == TCPI_OPT_SACK | TCPI_OPT_WSCALE
    assert 0 < info.snd_wscale <= 14 and 0 < info.rcv_wscale <= 14
    assert info.snd_mss > 0 and info.rcv_mss > 0 and info.snd_cwnd > 0
    assert info.rtt > 0 and info.pmtu >= 576
    assert info.bytes_acked == len(payload) + 1  # the SYN counts as one
    assert info.bytes_sent == len(payload) + info.bytes_retrans  # retransmits count too
    assert info.data_segs_out >= 1 and info.segs_out >= info.data_segs_out
    peer = sockffi.tcp_info(conn)
    assert peer.bytes_received == len(payload)
    assert sockffi.tcp_info(server).state == TCP_LISTEN


def test_fields_and_their_types():
    info = _tcpinfo.decode(bytes(_tcpinfo.SIZE))
    assert isinstance(info, sockffi.TCPInfo)
    assert set(info) == {0}
    assert info._fields[:10] == (
        "state", "ca_state", "retransmits", "probes", "backoff", "options",
        "snd_wscale", "rcv_wscale", "delivery_rate_app_limited", "fastopen_client_fail")
    assert "total_retrans" in info._fields and "snd_wnd" in info._fields


def test_bitfield_bytes():
    raw = bytearray(_tcpinfo.SIZE)
    if sys.byteorder == "little":
        raw[6], raw[7] = 0x7A, 0b101  # snd 10 (low nibble), rcv 7; app_limited 1, fail 2
    else:
        raw[6], raw[7] = 0xA7, 0b11000000
    info = _tcpinfo.decode(bytes(raw))
    assert (info.snd_wscale, info.rcv_wscale) == (10, 7)
    assert (info.delivery_rate_app_limited, info.fastopen_client_fail) == (1, 2)


def test_values_land_in_their_fields():
    # The 2.6-era prefix: 8 bytes, then 24 unsigned 32-bit counters.
    values = list(range(1, 25))
    raw = bytes([1, 2, 3, 4, 5, 6, 0, 0]) + struct.pack("=24I", *values)
    raw += struct.pack("=QQ", 2 ** 40, 2 ** 41)
    info = _tcpinfo.decode(raw)
    assert (info.state, info.ca_state, info.retransmits, info.probes, info.backoff,
            info.options) == (1, 2, 3, 4, 5, 6)
    assert (info.rto, info.ato, info.rtt, info.total_retrans) == (1, 2, 16, 24)
    assert (info.pacing_rate, info.max_pacing_rate) == (2 ** 40, 2 ** 41)
    assert info.bytes_acked is None  # not in these bytes


@pytest.mark.parametrize("length", [0, 7, 8, 104, 105, 120, 232, _tcpinfo.SIZE - 1])
def test_a_shorter_struct_leaves_none(length):
    info = _tcpinfo.decode(bytes(range(256))[:length] + bytes(max(0, length - 256)))
    present = [name for name in info._fields if getattr(info, name) is not None]
    missing = [name for name in info._fields if getattr(info, name) is None]
    assert present + missing == list(info._fields)  # a prefix, never holes
    if length >= 104:
        assert "total_retrans" in present
    if length < 232:
        assert "snd_wnd" in missing


def test_udp_socket_refused_like_getsockopt(mod):
    with mod.socket(mod.AF_INET, mod.SOCK_DGRAM) as s:
        with pytest.raises(OSError) as ours:
            sockffi.tcp_info(s)
        with pytest.raises(OSError) as theirs:
            s.getsockopt(mod.IPPROTO_TCP, mod.TCP_INFO, 104)
        assert ours.value.errno == theirs.value.errno


# --- against the kernel's header ------------------------------------------------

HEADER = "/usr/include/linux/tcp.h"


@pytest.fixture(scope="module")
def header_offsets(tmp_path_factory):
    """offsetof(struct tcp_info, tcpi_<name>) for every field of ours that
    the installed kernel header declares (bitfields excluded)."""
    if not os.path.exists(HEADER):
        pytest.skip("no <linux/tcp.h>")
    text = open(HEADER).read()
    body = re.search(r"struct tcp_info \{(.*?)\};", text, re.S).group(1)
    declared = set(re.findall(r"tcpi_(\w+)", body))
    names = [n for n, _, _ in _tcpinfo._FIELDS if isinstance(n, str) and n in declared]
    module = compile_c_reference(
        tmp_path_factory, "_sockffi_tcpinfo_reference",
        "extern size_t offsets[%d]; extern size_t total;" % len(names),
        "#include <stddef.h>\n#include <linux/tcp.h>\n"
        "size_t offsets[] = {%s};\nsize_t total = sizeof(struct tcp_info);" %
        ", ".join(f"offsetof(struct tcp_info, tcpi_{n})" for n in names),
        f"against {HEADER}")
    return dict(zip(names, module.lib.offsets)), module.lib.total


def test_offsets_match_the_kernel_header(header_offsets):
    offsets, total = header_offsets
    ours = {n: offset for n, offset, _ in _tcpinfo._FIELDS if isinstance(n, str)}
    assert len(offsets) >= 50  # the 6.1 header of Debian 12 has 52 of them
    assert {n: ours[n] for n in offsets} == offsets
    assert total <= _tcpinfo.SIZE
