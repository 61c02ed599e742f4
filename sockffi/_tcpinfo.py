"""sockffi.tcp_info(sock): the kernel's struct tcp_info (TCP_INFO) as a
named tuple.

The layout is the platform's (sockffi/_platform: TCP_INFO_LAYOUT, Linux's
in linux_tcpinfo.py).  A kernel older than the table returns a shorter
struct: the fields it did not fill are None.  Fields are named without the
"tcpi_" prefix (info.rtt, info.snd_cwnd, ...).
"""

from __future__ import annotations

import struct
import sys
from collections import namedtuple

from ._binding import CONSTANTS
from ._platform import native

IPPROTO_TCP = CONSTANTS["IPPROTO_TCP"]
TCP_INFO = CONSTANTS.get("TCP_INFO")

_LAYOUT = native.TCP_INFO_LAYOUT or []
_BITFIELDS = native.TCP_INFO_BITFIELDS or {}


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
    if TCP_INFO is None or not _LAYOUT:
        raise OSError("TCP_INFO is not available on this platform")
    return decode(sock.getsockopt(IPPROTO_TCP, TCP_INFO, SIZE))
