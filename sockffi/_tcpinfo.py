"""sockffi.tcp_info(sock): the kernel's struct tcp_info (Linux TCP_INFO) as
a named tuple.

The layout is the kernel's UAPI (include/uapi/linux/tcp.h), which only ever
grows at the end; it is spelled out here because glibc's <netinet/tcp.h>
carries an old, shorter copy.  A kernel older than this table returns a
shorter struct: the fields it did not fill are None.  Fields are named
without the "tcpi_" prefix (info.rtt, info.snd_cwnd, ...).
"""

from __future__ import annotations

import struct
import sys
from collections import namedtuple

from ._binding import CONSTANTS

IPPROTO_TCP = CONSTANTS["IPPROTO_TCP"]
TCP_INFO = CONSTANTS.get("TCP_INFO")

# (name, struct code) in the kernel's order.  "bits" is a byte of
# bitfields, split below.
_LAYOUT = [
    ("state", "B"), ("ca_state", "B"), ("retransmits", "B"), ("probes", "B"),
    ("backoff", "B"), ("options", "B"), ("wscale", "bits"), ("app_limited", "bits"),
    ("rto", "I"), ("ato", "I"), ("snd_mss", "I"), ("rcv_mss", "I"),
    ("unacked", "I"), ("sacked", "I"), ("lost", "I"), ("retrans", "I"), ("fackets", "I"),
    ("last_data_sent", "I"), ("last_ack_sent", "I"), ("last_data_recv", "I"),
    ("last_ack_recv", "I"),
    ("pmtu", "I"), ("rcv_ssthresh", "I"), ("rtt", "I"), ("rttvar", "I"),
    ("snd_ssthresh", "I"), ("snd_cwnd", "I"), ("advmss", "I"), ("reordering", "I"),
    ("rcv_rtt", "I"), ("rcv_space", "I"),
    ("total_retrans", "I"),                                      # 104 bytes: Linux 2.6
    ("pacing_rate", "Q"), ("max_pacing_rate", "Q"),              # 3.15
    ("bytes_acked", "Q"), ("bytes_received", "Q"),               # 4.1
    ("segs_out", "I"), ("segs_in", "I"),                         # 4.2
    ("notsent_bytes", "I"), ("min_rtt", "I"),                    # 4.6
    ("data_segs_in", "I"), ("data_segs_out", "I"),
    ("delivery_rate", "Q"),                                      # 4.9
    ("busy_time", "Q"), ("rwnd_limited", "Q"), ("sndbuf_limited", "Q"),  # 4.10
    ("delivered", "I"), ("delivered_ce", "I"),                   # 4.18
    ("bytes_sent", "Q"), ("bytes_retrans", "Q"),
    ("dsack_dups", "I"), ("reord_seen", "I"),                    # 4.19
    ("rcv_ooopack", "I"),                                        # 5.4
    ("snd_wnd", "I"),                                            # 5.5
    ("rcv_wnd", "I"),                                            # 6.7
    ("rehash", "I"),
    ("total_rto", "H"), ("total_rto_recoveries", "H"), ("total_rto_time", "I"),
    ("received_ce", "I"),                                        # 6.18 (AccECN)
    ("delivered_e1_bytes", "I"), ("delivered_e0_bytes", "I"), ("delivered_ce_bytes", "I"),
    ("received_e1_bytes", "I"), ("received_e0_bytes", "I"), ("received_ce_bytes", "I"),
]

# The two bitfield bytes, as C lays them out on this byte order:
#   byte 6: snd_wscale:4, rcv_wscale:4
#   byte 7: delivery_rate_app_limited:1, fastopen_client_fail:2
_BITFIELDS = {
    "wscale": (("snd_wscale", 0, 4), ("rcv_wscale", 4, 4)),
    "app_limited": (("delivery_rate_app_limited", 0, 1), ("fastopen_client_fail", 1, 2)),
}


def _bit_positions(fields, little_endian: bool):
    """(name, shift, mask): little-endian ABIs fill a byte from bit 0,
    big-endian ones from bit 7."""
    out = []
    for name, first, width in fields:
        shift = first if little_endian else 8 - first - width
        out.append((name, shift, (1 << width) - 1))
    return tuple(out)


def _fields(little_endian: bool):
    """[(name or bit tuple, offset, struct.Struct)] with natural alignment."""
    out, offset = [], 0
    for name, code in _LAYOUT:
        if code == "bits":
            out.append((_bit_positions(_BITFIELDS[name], little_endian), offset,
                        struct.Struct("=B")))
            offset += 1
            continue
        unpacker = struct.Struct("=" + code)
        offset += -offset % unpacker.size
        out.append((name, offset, unpacker))
        offset += unpacker.size
    return out, offset


_FIELDS, SIZE = _fields(sys.byteorder == "little")
_NAMES = []
for _name, _offset, _unpacker in _FIELDS:
    if isinstance(_name, tuple):
        _NAMES.extend(n for n, _, _ in _name)
    else:
        _NAMES.append(_name)

TCPInfo = namedtuple("TCPInfo", _NAMES)
TCPInfo.__doc__ = ("The kernel's struct tcp_info, fields without the tcpi_ "
                   "prefix; None for fields this kernel does not return.")


def decode(raw: bytes, fields=_FIELDS) -> TCPInfo:
    """struct tcp_info bytes (possibly shorter than SIZE) -> TCPInfo."""
    values = []
    size = len(raw)
    for name, offset, unpacker in fields:
        present = offset + unpacker.size <= size
        value = unpacker.unpack_from(raw, offset)[0] if present else None
        if isinstance(name, tuple):
            values.extend(None if value is None else (value >> shift) & mask
                          for _, shift, mask in name)
        else:
            values.append(value)
    return TCPInfo(*values)


def tcp_info(sock) -> TCPInfo:
    """The TCP_INFO of a TCP socket (a sockffi or stdlib socket): state,
    RTT (microseconds), congestion window, retransmissions, pacing and
    delivery rates, byte counters, ..."""
    if TCP_INFO is None:
        raise OSError("TCP_INFO is not available on this platform")
    return decode(sock.getsockopt(IPPROTO_TCP, TCP_INFO, SIZE))
