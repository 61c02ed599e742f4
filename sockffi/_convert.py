"""Conversions the stdlib's _socket offers as module functions: byte order
(htons...), IPv4/IPv6 text <-> packed bytes (inet_aton...), and the sizes of
control messages (CMSG_LEN, CMSG_SPACE).

Byte order and inet_ntoa are pure Python: on PyPy the JIT inlines them, while
any C call costs a transition.  Text parsing stays in libc, whose leniency
(inet_aton's '127.1', '0x7f.1', trailing blanks) is the behaviour to match.
Argument checks and messages follow the socketmodule.c of the running
Python version (htons/ntohs truncate with a DeprecationWarning up to 3.9).
"""

from __future__ import annotations

import struct
import sys
import warnings
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Union

from ._args import as_c_int, as_int, as_ssize as _ssize, plain_int
from ._binding import ffi, lib, CONSTANTS, cmsg_len, cmsg_space, inet_aton_value
from ._errors import os_error
from . import _constants
from ._stdlib_behaviour import (htons_takes_c_int, htons_truncates,
                                inet_aton_names_argument_position)

AF_INET = CONSTANTS["AF_INET"]
AF_INET6 = CONSTANTS["AF_INET6"]
_INET6_ADDRSTRLEN = 46
_C_INT_MAX = 0x7FFFFFFF
_C_INT_MIN = -0x80000000
_C_ULONG_MAX = 0xFFFFFFFFFFFFFFFF
_SOCKLEN_T_LIMIT = 0x7FFFFFFF  # CPython's SOCKLEN_T_LIMIT (INT_MAX)
_LITTLE_ENDIAN = sys.byteorder == "little"
_PYPY = sys.implementation.name == "pypy"
_from_bytes = int.from_bytes
_new = ffi.new
_unpack = ffi.unpack
# A native-order uint32 as its 4 bytes (s_addr as stored: the packed IPv4
# address).  As cheap as int.to_bytes on CPython; PyPy's JIT inlines it.
_pack_s_addr = struct.Struct("=I").pack


def _type_name(value) -> str:
    return "None" if value is None else type(value).__name__


# --- byte order -------------------------------------------------------------

def _short_int(value) -> int:
    """Argument Clinic's int (PyLong_AsInt, one message for both signs) where
    the stdlib's htons takes that (3.13 on), else PyArg_Parse's 'i'."""
    return as_c_int(value) if htons_takes_c_int() else as_int(value)


def _short(value, caller: str) -> int:
    """The argument of htons/ntohs: a C int, then 0..65535."""
    value = _short_int(value)
    if 0 <= value <= 0xFFFF:
        return value
    if value < 0:
        raise OverflowError(f"{caller}: can't convert negative Python int to "
                            "C 16-bit unsigned integer")
    if htons_truncates():  # Python 3.9 and PyPy, with a warning
        warnings.warn(f"{caller}: Python int too large to convert to C 16-bit unsigned "
                      "integer (The silent truncation is deprecated)",
                      DeprecationWarning, stacklevel=3)
        return value & 0xFFFF
    raise OverflowError(f"{caller}: Python int too large to convert to C "
                        "16-bit unsigned integer")


def _long(value) -> int:
    """The argument of htonl/ntohl: an int (no __index__), 0..2**32-1."""
    if type(value) is not int:
        if not isinstance(value, int):
            raise TypeError(f"expected int, {type(value).__name__} found")
        value = plain_int(value)  # its value: not its own __int__
    if 0 <= value <= 0xFFFFFFFF:
        return value
    if value < 0:
        raise OverflowError("can't convert negative value to unsigned int")
    if value > _C_ULONG_MAX:
        raise OverflowError("Python int too large to convert to C unsigned long")
    raise OverflowError("int larger than 32 bits")


# The in-range int is the fast path, checked inline; anything else goes
# through _short/_long, which normalise it or raise as CPython does.
# _HIGH[low byte] saves CPython a shift and an int allocation per swap
# (measured ~15% of the call); two plain comparisons beat a chained one.
_HIGH = [b << 8 for b in range(256)]

if _LITTLE_ENDIAN:
    def htons(x: int, /) -> int:
        """Convert a 16-bit unsigned integer from host to network byte order."""
        if type(x) is int and x >= 0 and x <= 0xFFFF:
            return _HIGH[x & 0xFF] + (x >> 8)
        x = _short(x, "htons")
        return _HIGH[x & 0xFF] + (x >> 8)

    def ntohs(x: int, /) -> int:
        """Convert a 16-bit unsigned integer from network to host byte order."""
        if type(x) is int and x >= 0 and x <= 0xFFFF:
            return _HIGH[x & 0xFF] + (x >> 8)
        x = _short(x, "ntohs")
        return _HIGH[x & 0xFF] + (x >> 8)

    def htonl(x: int, /) -> int:
        """Convert a 32-bit unsigned integer from host to network byte order."""
        if type(x) is not int or not 0 <= x <= 0xFFFFFFFF:
            x = _long(x)
        return _from_bytes(x.to_bytes(4, "little"), "big")

    def ntohl(x: int, /) -> int:
        """Convert a 32-bit unsigned integer from network to host byte order."""
        if type(x) is not int or not 0 <= x <= 0xFFFFFFFF:
            x = _long(x)
        return _from_bytes(x.to_bytes(4, "little"), "big")
else:  # network order is big-endian: nothing to swap
    def htons(x: int, /) -> int:
        """Convert a 16-bit unsigned integer from host to network byte order."""
        return _short(x, "htons")

    def ntohs(x: int, /) -> int:
        """Convert a 16-bit unsigned integer from network to host byte order."""
        return _short(x, "ntohs")

    def htonl(x: int, /) -> int:
        """Convert a 32-bit unsigned integer from host to network byte order."""
        return _long(x)

    def ntohl(x: int, /) -> int:
        """Convert a 32-bit unsigned integer from network to host byte order."""
        return _long(x)


# --- address text <-> packed bytes -----------------------------------------

def _text_arg(value, caller: str, position: int) -> bytes:
    """PyArg_Parse's 's': a str without NUL, as UTF-8 (encoded first: a lone
    surrogate raises UnicodeEncodeError even where there is a NUL too)."""
    if not isinstance(value, str):
        where = f"argument {position}" if position else "argument"
        raise TypeError(f"{caller}() {where} must be str, not {_type_name(value)}")
    text = value.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError
    if b"\0" in text:
        raise ValueError("embedded null character")
    return text


def _packed_arg(value) -> bytes:
    """PyArg_Parse's 'y*': any bytes-like object."""
    if type(value) is bytes:
        return value
    try:
        return memoryview(value).tobytes()
    except TypeError:
        raise TypeError("a bytes-like object is required, not "
                        f"'{type(value).__name__}'") from None


# Text -> packed bytes, memoised: both conversions are pure (the same text
# always gives the same bytes, libc keeps no state), and programs convert
# the same few addresses again and again.  Only successes are kept, keyed
# by exact str text (and, for inet_pton, an int family: no float or
# Fraction that merely compares equal), so every input still gets exactly
# the stdlib's result or exception.
_MEMO_MAX = 1024
_aton_memo: dict = {}
_pton_memo: dict = {}
_pton_known = _pton_memo.get  # (cleared, never replaced: see _remember)


def _remember(memo: dict, key, value: bytes) -> bytes:
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[key] = value
    return value


def inet_aton(string: str, /) -> bytes:
    """Convert an IPv4 address in the forms inet_aton(3) accepts ('127.1',
    '0x7f.0.0.1', ...) to 4 packed bytes."""
    if type(string) is str:
        packed = _aton_memo.get(string)
        if packed is not None:
            return packed
    if type(string) is str and "\0" not in string:
        text = string.encode()  # UTF-8; a lone surrogate raises UnicodeEncodeError
    else:
        # PyArg_ParseTuple says "argument 1", Argument Clinic (3.13) "argument"
        text = _text_arg(string, "inet_aton", 1 if inet_aton_names_argument_position() else 0)
    s_addr = inet_aton_value(text)  # one C call, no cdata
    if s_addr < 0:
        raise OSError("illegal IP address string passed to inet_aton")
    if type(string) is str:
        return _remember(_aton_memo, string, _pack_s_addr(s_addr))
    return _pack_s_addr(s_addr)


# Decimal text of each byte value: joining four of them is the cheapest
# dotted quad on CPython; PyPy's JIT does best with plain concatenation.
_DECIMAL = [str(b) for b in range(256)]

if _PYPY:
    def _dotted(data: bytes) -> str:
        a, b, c, d = data
        return _DECIMAL[a] + "." + _DECIMAL[b] + "." + _DECIMAL[c] + "." + _DECIMAL[d]
else:
    def _dotted(data: bytes) -> str:
        a, b, c, d = data
        return ".".join((_DECIMAL[a], _DECIMAL[b], _DECIMAL[c], _DECIMAL[d]))


def inet_ntoa(packed_ip: Union[bytes, bytearray, memoryview], /) -> str:
    """Convert 4 packed bytes to dotted-quad text."""
    if type(packed_ip) is bytes and len(packed_ip) == 4:
        if _PYPY:
            return _dotted(packed_ip)  # the JIT inlines it
        a, b, c, d = packed_ip  # _dotted inlined: CPython pays for a call
        return ".".join((_DECIMAL[a], _DECIMAL[b], _DECIMAL[c], _DECIMAL[d]))
    data = _packed_arg(packed_ip)
    if len(data) != 4:
        raise OSError("packed IP wrong length for inet_ntoa")
    return _dotted(data)


# Output cells for inet_pton (room for an in6_addr), taken and given back
# with the atomic list.pop/append so two threads never share one (the C call
# releases the GIL).  A caller that finds the pool empty allocates a cell
# and gives it back too: the pool grows to the most threads ever inside.
_pton_cells = [_new("char[16]") for _ in range(4)]
# The family members' type (the package builds its enums before this module).
_AddressFamily = getattr(_constants, "AddressFamily", int)
_inet_pton = lib.inet_pton
_take_cell = _pton_cells.pop
_give_cell = _pton_cells.append


def inet_pton(address_family: int, ip_string: str, /) -> bytes:
    """Convert an address in text form for `address_family` (AF_INET or
    AF_INET6) to packed bytes."""
    # The memo's hit path tests the family's type by identity: isinstance()
    # of an enum member against int walks its MRO (with the member-keyed
    # memo below, callgrind per call_inet_pton call: 1,738 -> 1,492
    # instructions, the stdlib's 1,302).  Other int subclasses take the
    # full path below.
    if type(ip_string) is str and (type(address_family) is _AddressFamily
                                   or type(address_family) is int):
        packed = _pton_known((address_family, ip_string))
        if packed is not None:
            return packed
    # PyArg "i": any int instance (AF_INET6 is an enum member) is its value.
    if type(address_family) is int:
        family = address_family
    elif isinstance(address_family, int):
        family = plain_int(address_family)
    else:
        family = as_int(address_family)
    if family < _C_INT_MIN or family > _C_INT_MAX:
        family = as_int(family)  # raises as CPython words it
    if type(ip_string) is str and "\0" not in ip_string:
        text = ip_string.encode()
    else:
        text = _text_arg(ip_string, "inet_pton", 2)
    try:
        cell = _take_cell()
    except IndexError:
        cell = _new("char[16]")
    try:
        result = _inet_pton(family, text, cell)
        if result > 0:
            if family == AF_INET6:
                packed = _unpack(cell, 16)
            elif family == AF_INET:
                packed = _unpack(cell, 4)
            else:
                raise OSError("unknown address family")
            if type(ip_string) is str:
                # Keyed by the member itself where one was passed: the hit
                # path's key then matches by identity, not int comparison.
                key_family = address_family if type(address_family) is _AddressFamily else family
                _remember(_pton_memo, (key_family, ip_string), packed)
            return packed
        if result < 0:
            raise os_error(ffi.errno)
        raise OSError("illegal IP address string passed to inet_pton")
    finally:
        _give_cell(cell)


def inet_ntop(address_family: int, packed_ip: Union[bytes, bytearray, memoryview], /) -> str:
    """Convert packed bytes of `address_family` (AF_INET or AF_INET6) to text."""
    family = as_int(address_family)
    data = _packed_arg(packed_ip)
    if family == AF_INET:
        if len(data) != 4:
            raise ValueError("invalid length of packed IP address string")
        return _dotted(data)
    if family != AF_INET6:
        raise ValueError(f"unknown address family {family}")
    if len(data) != 16:
        raise ValueError("invalid length of packed IP address string")
    out = ffi.new("char[]", _INET6_ADDRSTRLEN)
    if lib.inet_ntop(family, ffi.from_buffer(data), out, _INET6_ADDRSTRLEN) == ffi.NULL:
        raise os_error(ffi.errno)
    return ffi.string(out).decode("ascii")


# --- control message sizes --------------------------------------------------

# The largest arguments whose results still fit a socklen_t (as CPython
# bounds them).
_CMSG_LEN_MAX = _SOCKLEN_T_LIMIT - cmsg_len(0)
_CMSG_SPACE_MAX = _SOCKLEN_T_LIMIT - cmsg_space(1)


def CMSG_LEN(length: int, /) -> int:
    """The length of a control message with `length` bytes of data, without
    trailing padding (the value for cmsg_len)."""
    length = _ssize(length)
    if length < 0 or length > _CMSG_LEN_MAX:
        raise OverflowError("CMSG_LEN() argument out of range")
    return cmsg_len(length)


def CMSG_SPACE(length: int, /) -> int:
    """The buffer size needed by a control message with `length` bytes of
    data, padding included (sum these to size recvmsg's ancbufsize)."""
    length = _ssize(length)
    if length < 0 or length > _CMSG_SPACE_MAX:
        raise OverflowError("CMSG_SPACE() argument out of range")
    space = cmsg_space(length)
    if space > _SOCKLEN_T_LIMIT:
        raise OverflowError("CMSG_SPACE() argument out of range")
    return space
