"""Memoised address conversion for the calls a program repeats with the same
peers: sendto and connect (encode), recvfrom (decode).

The stdlib parses an address on every call; here a numeric address seen
before costs one dict lookup.  Only what cannot change is kept: addresses
whose host is a numeric literal (never a name, whose resolution may change),
given with exact types (str host, int port...), so that an equal key of
another type (a float port, which must raise) never meets a stored result.
The stored cdata is only ever read by C (const struct sockaddr *), so
threads may share it.  Each cache is cleared when it reaches MAX entries.
"""

from __future__ import annotations

from . import _address
from ._binding import ffi, lib, CONSTANTS

AF_INET = CONSTANTS["AF_INET"]
AF_INET6 = CONSTANTS["AF_INET6"]
AF_UNIX = CONSTANTS.get("AF_UNIX")
MAX = 256

_encoded = {AF_INET: {}, AF_INET6: {}}
if AF_UNIX is not None:
    _encoded[AF_UNIX] = {}
_decoded: dict = {}
_hosts: dict = {}  # an IPv4 address's 4 bytes -> its dotted text
# AF_INET senders by the first 8 bytes of their sockaddr_in as one native
# uint64 (sa_family, port, address: all the decoder reads), for recvfrom's
# inline hit.  Reading that int from the pooled storage and hashing it
# costs a fraction of ffi.unpack'ing the bytes and hashing them (callgrind,
# CPython 3.11 API, UDP sendto+recvfrom: 15783 -> 14793 instructions per
# datagram).  Only entries whose family bytes are AF_INET's, with the
# kernel's length exactly sizeof(sockaddr_in), go here.
decoded_head: dict = {}


def _numeric(family: int, host: str) -> bool:
    """Whether _address.resolve takes the address literally (inet_pton),
    without the resolver."""
    if not host.isascii() or "%" in host or "\0" in host:
        return False
    scratch = ffi.new("char[16]")
    return lib.inet_pton(family, host.encode("ascii"), scratch) == 1


def _cacheable(family: int, address) -> bool:
    kind = type(address)
    if family == AF_UNIX:
        return kind is str or kind is bytes
    if kind is not tuple:
        return False
    n = len(address)
    if family == AF_INET:
        return n == 2 and type(address[0]) is str and type(address[1]) is int
    return (2 <= n <= 4 and type(address[0]) is str
            and all(type(x) is int for x in address[1:]))


# The address object encoded last, kept flat as (family, address, owner,
# sa, length, result) (the result's items too: sendto unpacks it in one step): a
# program that sends to one peer passes the same tuple again and again, and
# an identity test is far cheaper than hashing it.  Only cacheable
# (immutable, exact-type) addresses are kept, so identity means equality.
last = (None, None, None, None, None, None)


def encode(family: int, address, caller: str, fd: int = -1, proto: int = 0):
    """_address.encode(family, address, caller, fd, proto), memoised (the
    three families cached here do not depend on fd and proto)."""
    global last
    seen = last
    if seen[1] is address and seen[0] == family:
        return seen[5]
    cache = _encoded.get(family)
    if cache is None or not _cacheable(family, address):
        return _address.encode(family, address, caller, fd, proto)
    hit = cache.get(address)
    if hit is not None:
        last = (family, address, *hit, hit)
        return hit
    result = _address.encode(family, address, caller, fd, proto)
    if family == AF_UNIX or _numeric(family, address[0]):
        if len(cache) >= MAX:
            cache.clear()
        cache[address] = result
        last = (family, address, *result, result)
    return result


_INET_PREFIX = _address.INET_PREFIX  # the family (and BSD sa_len) as stored
_new_zeroed = ffi.new_allocator(should_clear_after_alloc=True)
_STORAGE_P = ffi.typeof("struct sockaddr_storage *")
_STORAGE_SIZE = ffi.sizeof("struct sockaddr_storage")


def decode(family: int, raw: bytes, length: int, fd: int = -1, proto: int = 0,
           remember: bool = True):
    """The address a call like recvfrom got from the kernel (`length` as it
    reported, `raw` the bytes it wrote), as _address.decode gives it.
    Memoised for the sockets whose addresses depend on nothing else
    (AF_INET, AF_INET6, AF_UNIX) unless `remember` is false (accept: a new
    port each time)."""
    address = _decoded.get(raw)
    if address is not None:
        return address
    if len(raw) >= 8 and raw.startswith(_INET_PREFIX):
        # The host by its 4 bytes: accept() sees the same hosts on new ports,
        # and formatting the text was 1,300 of a connection's instructions.
        host = _hosts.get(raw[4:8])
        if host is None:
            host = "%d.%d.%d.%d" % (raw[4], raw[5], raw[6], raw[7])
            if len(_hosts) >= MAX:
                _hosts.clear()
            _hosts[raw[4:8]] = host
        address = (host, raw[2] << 8 | raw[3])
    else:
        # The decoders read a zeroed storage with the kernel's bytes in it,
        # as in the stdlib (which clears its buffer before the call).
        storage = _new_zeroed(_STORAGE_P)
        ffi.memmove(storage, raw, len(raw))
        address = _address.decode(ffi.cast("struct sockaddr *", storage), length, fd, proto)
    if remember and address is not None and family in _encoded:
        if len(_decoded) >= MAX:
            _decoded.clear()
        _decoded[raw] = address
    return address


_INET_LENGTH = ffi.sizeof("struct sockaddr_in")
INET_LENGTH = _INET_LENGTH


def decode_block(family: int, block, length: int, fd: int = -1, proto: int = 0):
    """decode() of the address a recvfrom wrote into a _scratch block (its
    storage, `length` as the kernel reported), remembered also under the
    block's head (decoded_head) when it is an AF_INET sockaddr_in."""
    raw = ffi.unpack(block[2], length if length < _STORAGE_SIZE else _STORAGE_SIZE)
    address = decode(family, raw, length, fd, proto)
    if (length == _INET_LENGTH and raw.startswith(_INET_PREFIX) and family in _encoded
            and address is not None):
        if len(decoded_head) >= MAX:
            decoded_head.clear()
        decoded_head[block[5][0]] = address
    return address
