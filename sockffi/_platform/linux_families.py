"""Address forms of the Linux-only families, as CPython's getsockaddrarg()
and makesockaddr() define them, registered through the platform boundary
(sockffi/_platform/linux.py: install_families, which _address.py calls):

    AF_NETLINK  (pid, groups)
    AF_PACKET   (ifname, proto[, pkttype[, hatype[, addr]]])
    AF_VSOCK    (cid, port)
    AF_QIPCRTR  (node, port)
    AF_TIPC     (addr_type, v1, v2, v3[, scope])
    AF_CAN      (ifname,) | (ifname, rx_id, tx_id) for CAN_ISOTP
                | (ifname, name, pgn, addr) for CAN_J1939
    AF_ALG      (type, name[, feat[, mask]])

A family is registered only when this platform defines it.  sockaddr_nl,
sockaddr_ll, sockaddr_vm and sockaddr_alg come from the C declarations;
sockaddr_can, sockaddr_tipc and sockaddr_qrtr are packed here from their
<linux/...> layouts (kernel ABI, the same on every Linux architecture with
8-byte-aligned 64-bit integers; tests/test_socket_address.py checks them
against the headers when a compiler is at hand).
"""

from __future__ import annotations

import os
import struct

from .._address import bytes_like, _htons
from .._args import integer, as_long
from .._binding import ffi, lib, CONSTANTS
from .._errors import os_error

_get = CONSTANTS.get
IFNAMSIZ = _get("IF_NAMESIZE", 16)
_new = ffi.new_allocator(should_clear_after_alloc=True)


def _need_tuple(address, family: str, caller: str) -> None:
    if not isinstance(address, tuple):
        raise TypeError(f"{caller}(): {family} address must be tuple, not "
                        f"{type(address).__name__}")


def _count(address, low: int, high: int, message: str) -> None:
    if not low <= len(address) <= high:
        raise TypeError(message)


def _uint_mask(value) -> int:
    return integer(value) & 0xFFFFFFFF


def _c_int(value, overflow: str) -> int:
    value = as_long(value)
    if not -0x80000000 <= value <= 0x7FFFFFFF:
        raise OverflowError(overflow)
    return value


def _utf8_str(value, message: str) -> bytes:
    """PyArg "s": a str without NUL, UTF-8 encoded."""
    if not isinstance(value, str):
        raise TypeError(message)
    data = value.encode("utf-8")
    if b"\0" in data:
        raise ValueError("embedded null character")
    return data


def _fs_name(value) -> bytes:
    """PyUnicode_FSConverter."""
    data = os.fsencode(value)
    if b"\0" in data:
        raise ValueError("embedded null byte")
    return data


def _ifindex(name: bytes) -> int:
    """SIOCGIFINDEX on a name truncated to IFNAMSIZ - 1 bytes, as CPython
    does (strncpy + NUL); the kernel's errno (ENODEV) on failure."""
    name = name[:IFNAMSIZ - 1].split(b"\0", 1)[0]
    index = lib.if_nametoindex(name)
    if index == 0:
        raise os_error(ffi.errno)
    return index


def _ifname(index: int) -> bytes:
    """The name of interface `index`, b"" when it has none (SIOCGIFNAME
    failing leaves the stdlib's name empty)."""
    if not index:
        return b""
    buf = ffi.new("char[]", IFNAMSIZ + 1)
    if lib.if_indextoname(index & 0xFFFFFFFF, buf) == ffi.NULL:
        return b""
    return ffi.string(buf)


def _packed(layout: struct.Struct, size: int, *values):
    owner = _new("char[]", size)
    ffi.memmove(owner, layout.pack(*values), layout.size)
    return owner


def _raw(sa, size: int) -> bytes:
    return ffi.unpack(ffi.cast("char *", sa), size)


def _signed16(value: int) -> int:
    return value - 0x10000 if value & 0x8000 else value


# --- AF_NETLINK -----------------------------------------------------------

def _encode_netlink(address, caller, fd, proto):
    _need_tuple(address, "AF_NETLINK", caller)
    _count(address, 2, 2, "AF_NETLINK address must be a pair (pid, groups)")
    pid, groups = _uint_mask(address[0]), _uint_mask(address[1])
    nl = _new("struct sockaddr_nl *")
    nl.nl_family = AF_NETLINK
    nl.nl_pid = pid
    nl.nl_groups = groups
    return nl, ffi.sizeof("struct sockaddr_nl")


def _decode_netlink(sa, length, fd, proto):
    nl = ffi.cast("struct sockaddr_nl *", sa)
    return nl.nl_pid, nl.nl_groups


# --- AF_VSOCK and AF_QIPCRTR: two unsigned ints -----------------------------

def _pair(address, family: str):
    if not isinstance(address, tuple):
        raise TypeError(f"getsockaddrarg: {family} address must be tuple, not "
                        f"{type(address).__name__}")
    if len(address) != 2:
        raise TypeError(f"getsockaddrarg() takes exactly 2 arguments "
                        f"({len(address)} given)")
    return _uint_mask(address[0]), _uint_mask(address[1])


def _encode_vsock(address, caller, fd, proto):
    cid, port = _pair(address, "AF_VSOCK")
    vm = _new("struct sockaddr_vm *")
    vm.svm_family = AF_VSOCK
    vm.svm_cid = cid
    vm.svm_port = port
    return vm, ffi.sizeof("struct sockaddr_vm")


def _decode_vsock(sa, length, fd, proto):
    vm = ffi.cast("struct sockaddr_vm *", sa)
    return vm.svm_cid, vm.svm_port


_QRTR = struct.Struct("=H2xII")  # sq_family, sq_node, sq_port
_QRTR_SIZE = 12


def _encode_qrtr(address, caller, fd, proto):
    node, port = _pair(address, "AF_QIPCRTR")
    return _packed(_QRTR, _QRTR_SIZE, AF_QIPCRTR, node, port), _QRTR_SIZE


def _decode_qrtr(sa, length, fd, proto):
    _, node, port = _QRTR.unpack(_raw(sa, _QRTR_SIZE))
    return node, port


# --- AF_PACKET --------------------------------------------------------------

_PACKET_MESSAGE = "AF_PACKET address must be a tuple of two to five elements"


def _encode_packet(address, caller, fd, proto):
    _need_tuple(address, "AF_PACKET", caller)
    _count(address, 2, 5, _PACKET_MESSAGE)
    name = _utf8_str(address[0], _PACKET_MESSAGE)
    overflow = f"{caller}(): address argument out of range"
    number = _c_int(address[1], overflow)
    pkttype = _c_int(address[2], overflow) if len(address) > 2 else _get("PACKET_HOST", 0)
    hatype = _c_int(address[3], overflow) if len(address) > 3 else 0
    haddr = None
    if len(address) > 4:
        haddr = bytes_like(address[4])
    index = _ifindex(name)
    if haddr is not None and len(haddr) > 8:
        raise ValueError("Hardware address must be 8 bytes or less")
    if not 0 <= number <= 0xFFFF:
        raise OverflowError(f"{caller}(): proto must be 0-65535.")
    ll = _new("struct sockaddr_ll *")
    ll.sll_family = AF_PACKET
    ll.sll_protocol = _htons(number)
    ll.sll_ifindex = index
    ll.sll_pkttype = pkttype & 0xFF
    ll.sll_hatype = hatype & 0xFFFF
    if haddr:
        ffi.memmove(ll.sll_addr, haddr, len(haddr))
    ll.sll_halen = len(haddr) if haddr else 0
    return ll, ffi.sizeof("struct sockaddr_ll")


def _decode_packet(sa, length, fd, proto):
    ll = ffi.cast("struct sockaddr_ll *", sa)
    halen = min(ll.sll_halen, 8)
    return (_ifname(ll.sll_ifindex).decode("utf-8"),
            _signed16(_htons(ll.sll_protocol)),
            ll.sll_pkttype,
            _signed16(ll.sll_hatype),
            ffi.unpack(ffi.cast("char *", ll.sll_addr), halen))


# --- AF_TIPC ----------------------------------------------------------------

_TIPC = struct.Struct("=HBbIII")  # family, addrtype, scope, three u32
_TIPC_SIZE = 16
_TIPC_MESSAGE = "AF_TIPC address must be a tuple (addr_type, v1, v2, v3[, scope])"


def _encode_tipc(address, caller, fd, proto):
    _need_tuple(address, "AF_TIPC", caller)
    _count(address, 4, 5, _TIPC_MESSAGE)
    atype, v1, v2, v3 = (_uint_mask(v) for v in address[:4])
    scope = _uint_mask(address[4]) if len(address) > 4 else _get("TIPC_CLUSTER_SCOPE", 2)
    scope = (scope & 0xFF) - 0x100 if scope & 0x80 else scope & 0xFF  # signed char
    if atype == _get("TIPC_ADDR_NAMESEQ"):
        words = (v1, v2, v3)            # type, lower, upper
    elif atype == _get("TIPC_ADDR_NAME"):
        words = (v1, v2, 0)             # type, instance
    elif atype == _get("TIPC_ADDR_ID"):
        words = (v2, v1, 0)             # ref, node
    else:
        raise TypeError("Invalid address type")
    return _packed(_TIPC, _TIPC_SIZE, AF_TIPC, atype & 0xFF, scope, *words), _TIPC_SIZE


def _decode_tipc(sa, length, fd, proto):
    _, atype, scope, w1, w2, w3 = _TIPC.unpack(_raw(sa, _TIPC_SIZE))
    scope &= 0xFFFFFFFF  # a signed char handed to "I"
    if atype == _get("TIPC_ADDR_NAMESEQ"):
        return atype, w1, w2, w3, scope
    if atype == _get("TIPC_ADDR_NAME"):
        return atype, w1, w2, w2, scope
    if atype == _get("TIPC_ADDR_ID"):
        return atype, w2, w1, 0, scope
    raise ValueError("Invalid address type")


# --- AF_CAN -----------------------------------------------------------------

_CAN_HEAD = struct.Struct("=H2xi")          # can_family, can_ifindex
_CAN_TP = struct.Struct("=H2xiII")         # + rx_id, tx_id
_CAN_J1939 = struct.Struct("=H2xiQIB3x")   # + name, pgn, addr
_CAN_SIZE = 24


def _can_index(name: bytes) -> int:
    if not name:
        return 0
    if len(name) >= IFNAMSIZ:
        raise OSError("AF_CAN interface name too long")
    return _ifindex(name)


def _encode_can(address, caller, fd, proto):
    if proto in (_get("CAN_RAW"), _get("CAN_BCM")):
        _need_tuple(address, "AF_CAN", caller)
        _count(address, 1, 1, "AF_CAN address must be a tuple (interface, )")
        index = _can_index(_fs_name(address[0]))
        return _packed(_CAN_HEAD, _CAN_SIZE, AF_CAN, index), _CAN_SIZE
    if proto == _get("CAN_ISOTP"):
        if not isinstance(address, tuple) or len(address) != 3:
            raise TypeError("AF_CAN ISOTP address must be a tuple (interface, rx_id, tx_id)")
        name = _fs_name(address[0])
        rx_id, tx_id = integer(address[1]), integer(address[2])
        index = _can_index(name)
        return (_packed(_CAN_TP, _CAN_SIZE, AF_CAN, index, rx_id & 0xFFFFFFFF,
                        tx_id & 0xFFFFFFFF), _CAN_SIZE)
    if proto == _get("CAN_J1939"):
        if not isinstance(address, tuple) or len(address) != 4:
            raise TypeError("AF_CAN J1939 address must be a tuple "
                            "(interface, name, pgn, addr)")
        name = _fs_name(address[0])
        j_name, pgn, addr = (integer(v) for v in address[1:])
        index = _can_index(name)
        return (_packed(_CAN_J1939, _CAN_SIZE, AF_CAN, index, j_name & (2 ** 64 - 1),
                        pgn & 0xFFFFFFFF, addr & 0xFF), _CAN_SIZE)
    raise OSError(f"{caller}(): unsupported CAN protocol")


def _decode_can(sa, length, fd, proto):
    raw = _raw(sa, _CAN_SIZE)
    _, index = _CAN_HEAD.unpack_from(raw)
    name = os.fsdecode(_ifname(index))
    if proto == _get("CAN_ISOTP"):
        return (name,) + _CAN_TP.unpack(raw[:_CAN_TP.size])[2:]
    if proto == _get("CAN_J1939"):
        return (name,) + _CAN_J1939.unpack(raw)[2:]
    return (name,)


# --- AF_ALG -----------------------------------------------------------------

_ALG_MESSAGE = "AF_ALG address must be a tuple (type, name[, feat[, mask]])"


def _encode_alg(address, caller, fd, proto):
    _need_tuple(address, "AF_ALG", caller)
    _count(address, 2, 4, _ALG_MESSAGE)
    alg_type = _utf8_str(address[0], _ALG_MESSAGE)
    alg_name = _utf8_str(address[1], _ALG_MESSAGE)
    # "H" into the 32-bit fields: only the low 16 bits are written.
    feat = integer(address[2]) & 0xFFFF if len(address) > 2 else 0
    mask = integer(address[3]) & 0xFFFF if len(address) > 3 else 0
    alg = _new("struct sockaddr_alg *")
    if len(alg_type) >= len(alg.salg_type):
        raise ValueError("AF_ALG type too long.")
    if len(alg_name) >= len(alg.salg_name):
        raise ValueError("AF_ALG name too long.")
    alg.salg_family = AF_ALG
    ffi.memmove(alg.salg_type, alg_type, len(alg_type))
    ffi.memmove(alg.salg_name, alg_name, len(alg_name))
    alg.salg_feat = feat
    alg.salg_mask = mask
    return alg, ffi.sizeof("struct sockaddr_alg")


def _cstr(array) -> str:
    data = ffi.unpack(ffi.cast("char *", array), len(array))
    return data.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def _decode_alg(sa, length, fd, proto):
    alg = ffi.cast("struct sockaddr_alg *", sa)
    return (_cstr(alg.salg_type), _cstr(alg.salg_name),
            alg.salg_feat & 0xFFFF, alg.salg_mask & 0xFFFF)


# --- registration -----------------------------------------------------------

AF_NETLINK = _get("AF_NETLINK")
AF_PACKET = _get("AF_PACKET")
AF_VSOCK = _get("AF_VSOCK")
AF_QIPCRTR = _get("AF_QIPCRTR")
AF_TIPC = _get("AF_TIPC")
AF_CAN = _get("AF_CAN")
AF_ALG = _get("AF_ALG")


def _sizeof(ctype: str):
    try:
        return ffi.sizeof(ctype)
    except (ffi.error, TypeError):
        return None


def install(register) -> None:
    """Register each family this platform defines, with _address.register's
    signature (family, encoder, decoder, sockaddr size)."""
    forms = [
        (AF_NETLINK, _encode_netlink, _decode_netlink, _sizeof("struct sockaddr_nl")),
        (AF_PACKET, _encode_packet, _decode_packet, _sizeof("struct sockaddr_ll")),
        (AF_VSOCK, _encode_vsock, _decode_vsock, _sizeof("struct sockaddr_vm")),
        (AF_ALG, _encode_alg, _decode_alg, _sizeof("struct sockaddr_alg")),
        (AF_QIPCRTR, _encode_qrtr, _decode_qrtr, _QRTR_SIZE),
        (AF_TIPC, _encode_tipc, _decode_tipc, _TIPC_SIZE),
        (AF_CAN, _encode_can, _decode_can, _CAN_SIZE),
    ]
    for family, encoder, decoder, size in forms:
        if family is not None and size is not None:
            register(family, encoder, decoder, size)
