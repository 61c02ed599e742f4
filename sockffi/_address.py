"""Python address objects <-> struct sockaddr, one pair of functions per family.

encode(family, address, caller[, fd, proto]) -> (owner, struct sockaddr *, length)
decode(struct sockaddr *, length[, fd, proto]) -> the Python form the stdlib returns
addrlen(family, caller) -> the buffer size the stdlib uses for that family

fd and proto are the socket's: some families need them (AF_PACKET and AF_CAN
look interface names up through the socket, AF_CAN's form depends on the
protocol).  Families beyond AF_INET/AF_INET6/AF_UNIX are added with
register(), by the platform layer (sockffi/_platform: install_families).
The family field is set through _binding.sockaddr_init, which also fills
the BSDs' sa_len: nothing here assumes where the family sits.

Every length that reaches C is checked here first (AF_UNIX paths against
sun_path above all).
"""

import os

from ._args import as_int as _as_int, as_uint_mask as _as_uint_mask
from ._binding import ffi, lib, CONSTANTS, sockaddr_init
from ._errors import os_error, gaierror
from ._platform import native

AF_UNSPEC = CONSTANTS["AF_UNSPEC"]
AF_INET = CONSTANTS["AF_INET"]
AF_INET6 = CONSTANTS["AF_INET6"]
AF_UNIX = CONSTANTS.get("AF_UNIX")
INADDR_ANY = CONSTANTS["INADDR_ANY"]
INADDR_BROADCAST = CONSTANTS["INADDR_BROADCAST"]
AI_PASSIVE = CONSTANTS["AI_PASSIVE"]
SOCK_DGRAM = CONSTANTS["SOCK_DGRAM"]
EAI_SYSTEM = CONSTANTS.get("EAI_SYSTEM")

STORAGE_SIZE = ffi.sizeof("struct sockaddr_storage")
SUN_PATH_OFFSET = ffi.offsetof("struct sockaddr_un", "sun_path")
SUN_PATH_SIZE = ffi.sizeof(ffi.typeof("struct sockaddr_un").fields[
    [f for f, _ in ffi.typeof("struct sockaddr_un").fields].index("sun_path")][1].type)
IN6_FLOWINFO_MAX = 0xFFFFF
_ABSTRACT_UNIX = native.ABSTRACT_UNIX_NAMES  # AF_UNIX names with a leading NUL
SIN_SIZE = ffi.sizeof("struct sockaddr_in")
SIN6_SIZE = ffi.sizeof("struct sockaddr_in6")

_new_storage = ffi.new_allocator(should_clear_after_alloc=True)


def new_storage():
    """A zeroed sockaddr_storage and its length cell, for calls that fill in
    an address (accept, recvfrom, getsockname...)."""
    return _new_storage("struct sockaddr_storage *"), ffi.new("socklen_t *", STORAGE_SIZE)


# --- errors as the stdlib words them ------------------------------------

def raise_gai(code: int):
    """An EAI_* code -> gaierror(code, text); EAI_SYSTEM -> the errno's OSError."""
    if code == EAI_SYSTEM:
        raise os_error(ffi.errno)
    raise gaierror(code, ffi.string(lib.gai_strerror(code)).decode("utf-8", "replace"))


# --- host names -----------------------------------------------------------

def host_bytes(host) -> bytes:
    """The stdlib's idna_converter: str (IDNA for non-ASCII), bytes or
    bytearray; no NUL."""
    if isinstance(host, str):
        if host.isascii():
            data = host.encode("ascii")
        else:
            try:
                data = host.encode("idna")
            except UnicodeError:  # the stdlib's idna_converter says TypeError
                raise TypeError("encoding of hostname failed") from None
    elif isinstance(host, (bytes, bytearray)):
        data = bytes(host)
    else:
        raise TypeError(f"str, bytes or bytearray expected, not {type(host).__name__}")
    if b"\0" in data:
        raise TypeError("host name must not contain null character")
    return data


def resolve(name: bytes, family: int):
    """The stdlib's setipaddr: a host name -> a filled sockaddr for `family`
    (AF_INET, AF_INET6 or AF_UNSPEC).  Returns (owner, length)."""
    storage = _new_storage("struct sockaddr_storage *")
    if not name:
        return _resolve_wildcard(storage, family)
    if name == b"<broadcast>" or name == b"255.255.255.255":
        if family != AF_INET and family != AF_UNSPEC:
            raise OSError("address family mismatched")
        sin = ffi.cast("struct sockaddr_in *", storage)
        sockaddr_init(storage, AF_INET, SIN_SIZE)
        sin.sin_addr.s_addr = _htonl(INADDR_BROADCAST)
        return storage, SIN_SIZE
    # A numeric address needs no resolver.
    if family == AF_INET or family == AF_UNSPEC:
        sin = ffi.cast("struct sockaddr_in *", storage)
        if lib.inet_pton(AF_INET, name, ffi.addressof(sin.sin_addr)) > 0:
            sockaddr_init(storage, AF_INET, SIN_SIZE)
            return storage, SIN_SIZE
    if (family == AF_INET6 or family == AF_UNSPEC) and b"%" not in name:
        sin6 = ffi.cast("struct sockaddr_in6 *", storage)
        if lib.inet_pton(AF_INET6, name, ffi.addressof(sin6.sin6_addr)) > 0:
            sockaddr_init(storage, AF_INET6, SIN6_SIZE)
            return storage, SIN6_SIZE
    return _getaddrinfo_first(storage, name, None, family, 0)


def _resolve_wildcard(storage, family):
    owner, length = _getaddrinfo_first(storage, ffi.NULL, b"0", family, AI_PASSIVE)
    fam = ffi.cast("struct sockaddr *", owner).sa_family
    if fam != AF_INET and fam != AF_INET6:
        raise OSError("unsupported address family")
    return owner, length


def _getaddrinfo_first(storage, name, service, family, flags):
    hints = ffi.new("struct addrinfo *")
    hints.ai_family = family
    hints.ai_flags = flags
    if flags & AI_PASSIVE:
        hints.ai_socktype = SOCK_DGRAM  # a dummy, as the stdlib does
    res = ffi.new("struct addrinfo **")
    code = lib.getaddrinfo(name, service or ffi.NULL, hints, res)
    if code:
        raise_gai(code)
    try:
        first = res[0]
        if flags & AI_PASSIVE and first.ai_next != ffi.NULL:
            raise OSError("wildcard resolved to multiple address")
        length = min(first.ai_addrlen, STORAGE_SIZE)
        ffi.memmove(storage, first.ai_addr, length)
    finally:
        lib.freeaddrinfo(res[0])
    return storage, length


def _htonl(x: int) -> int:
    return int.from_bytes(x.to_bytes(4, "big"), "little")


def _htons(x: int) -> int:
    return ((x & 0xFF) << 8) | (x >> 8)


# --- per family -----------------------------------------------------------

def _port(port: int, caller: str) -> int:
    if not 0 <= port <= 0xFFFF:
        raise OverflowError(f"{caller}(): port must be 0-65535.")
    return port


def _c_int(value) -> int:
    """PyArg_Parse's 'i': an integer (or __index__) that fits a C int."""
    return _as_int(value)


def _c_uint_mask(value) -> int:
    """PyArg_Parse's 'I': an integer, masked to unsigned int (no range check)."""
    return _as_uint_mask(value)


def _port_arg(port, caller: str) -> int:
    """The port through PyArg "i", whose overflow the stdlib rewords."""
    try:
        return _c_int(port)
    except OverflowError:
        raise OverflowError(f"{caller}(): port must be 0-65535.") from None


def _encode_inet(address, caller, fd=-1, proto=0):
    if not isinstance(address, tuple):
        raise TypeError(f"{caller}(): AF_INET address must be tuple, not "
                        f"{type(address).__name__}")
    if len(address) != 2:
        raise TypeError("AF_INET address must be a pair (host, port)")
    host, port = address
    name = host_bytes(host)
    port = _port_arg(port, caller)
    owner, length = resolve(name, AF_INET)
    port = _port(port, caller)
    sin = ffi.cast("struct sockaddr_in *", owner)
    sin.sin_port = _htons(port)
    return owner, length


def _encode_inet6(address, caller, fd=-1, proto=0):
    if not isinstance(address, tuple):
        raise TypeError(f"{caller}(): AF_INET6 address must be tuple, not "
                        f"{type(address).__name__}")
    if not 2 <= len(address) <= 4:
        raise TypeError("AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")
    host, port = address[0], address[1]
    name = host_bytes(host)
    port = _port_arg(port, caller)
    flowinfo = _c_uint_mask(address[2]) if len(address) > 2 else 0
    scope_id = _c_uint_mask(address[3]) if len(address) > 3 else 0
    owner, length = resolve(name, AF_INET6)
    port = _port(port, caller)
    if flowinfo > IN6_FLOWINFO_MAX:
        raise OverflowError(f"{caller}(): flowinfo must be 0-1048575.")
    sin6 = ffi.cast("struct sockaddr_in6 *", owner)
    sin6.sin6_port = _htons(port)
    sin6.sin6_flowinfo = _htonl(flowinfo)
    sin6.sin6_scope_id = scope_id
    return owner, SIN6_SIZE


def bytes_like(value) -> bytes:
    """PyArg_Parse "y*": the bytes of a contiguous buffer."""
    try:
        view = memoryview(value)
    except TypeError:
        raise TypeError("a bytes-like object is required, not "
                        f"'{type(value).__name__}'") from None
    with view:
        if not view.c_contiguous:
            raise BufferError("memoryview: underlying buffer is not C-contiguous")
        return view.tobytes()


def _encode_unix(address, caller, fd=-1, proto=0):
    # str through the filesystem encoding (PEP 383), else any bytes-like
    # object; NUL bytes allowed (the Linux abstract namespace).
    path = os.fsencode(address) if isinstance(address, str) else bytes_like(address)
    abstract = _ABSTRACT_UNIX and path[:1] == b"\0"
    # A filesystem path needs room for its terminating NUL; an abstract
    # (Linux) name is taken at its exact length.
    if len(path) > SUN_PATH_SIZE or (not abstract and len(path) >= SUN_PATH_SIZE):
        raise OSError("AF_UNIX path too long")
    owner = _new_storage("struct sockaddr_un *")
    # The stdlib's length leaves out the NUL (the zeroed storage holds it):
    # b"" must reach the kernel as a bare family (autobind, EINVAL on connect).
    length = SUN_PATH_OFFSET + len(path)
    sockaddr_init(owner, AF_UNIX, length)
    ffi.memmove(owner.sun_path, path, len(path))
    return owner, length


_ENCODERS = {AF_INET: _encode_inet, AF_INET6: _encode_inet6}
if AF_UNIX is not None:
    _ENCODERS[AF_UNIX] = _encode_unix


def encode(family: int, address, caller: str, fd: int = -1, proto: int = 0):
    """(owner, struct sockaddr *, length) for `address` of `family`; owner
    keeps the memory alive for the duration of the call."""
    try:
        encoder = _ENCODERS[family]
    except KeyError:
        raise OSError(f"{caller}(): bad family") from None
    owner, length = encoder(address, caller, fd, proto)
    return owner, ffi.cast("struct sockaddr *", owner), length


def register(family: int, encoder, decoder, size: int) -> None:
    """Add the address form of another family (AF_PACKET, AF_CAN, ...):
    encoder(address, caller, fd, proto) -> (owner, length),
    decoder(sa, length, fd, proto) -> Python object, and the size of the
    family's sockaddr (what getsockname() and accept() ask the kernel for)."""
    if size > STORAGE_SIZE:
        raise ValueError("sockaddr larger than sockaddr_storage")
    _ENCODERS[family] = encoder
    _DECODERS[family] = decoder
    _SIZES[family] = size


def addrlen(family: int) -> int:
    """The stdlib's getsockaddrlen(): the sockaddr size of the socket's
    family; OSError for a family without an address form."""
    try:
        return _SIZES[family]
    except KeyError:
        raise OSError("getsockaddrlen: bad family") from None


def _ntop(family: int, addr) -> str:
    buf = ffi.new("char[]", 64)
    if lib.inet_ntop(family, addr, buf, 64) == ffi.NULL:
        raise os_error(ffi.errno)
    return ffi.string(buf).decode("ascii")


def _decode_inet(sa, length, fd=-1, proto=0):
    sin = ffi.cast("struct sockaddr_in *", sa)
    return _ntop(AF_INET, ffi.addressof(sin.sin_addr)), _htons(sin.sin_port)


def _decode_inet6(sa, length, fd=-1, proto=0):
    sin6 = ffi.cast("struct sockaddr_in6 *", sa)
    return (_ntop(AF_INET6, ffi.addressof(sin6.sin6_addr)), _htons(sin6.sin6_port),
            _htonl(sin6.sin6_flowinfo), sin6.sin6_scope_id)


def _decode_unix(sa, length, fd=-1, proto=0):
    size = min(length, STORAGE_SIZE) - SUN_PATH_OFFSET
    if size <= 0:
        return ""
    path = ffi.unpack(ffi.cast("char *", sa) + SUN_PATH_OFFSET, size)
    if _ABSTRACT_UNIX and path[:1] == b"\0":  # an abstract name: the exact bytes
        return path
    # A path the kernel filled completely has no NUL: up to the end then.
    return os.fsdecode(path.split(b"\0", 1)[0])


_DECODERS = {AF_INET: _decode_inet, AF_INET6: _decode_inet6}
if AF_UNIX is not None:
    _DECODERS[AF_UNIX] = _decode_unix


_SIZES = {AF_INET: ffi.sizeof("struct sockaddr_in"),
          AF_INET6: ffi.sizeof("struct sockaddr_in6")}
if AF_UNIX is not None:
    _SIZES[AF_UNIX] = ffi.sizeof("struct sockaddr_un")


def decode(sa, length: int, fd: int = -1, proto: int = 0):
    """The Python form of a kernel-filled address; None when the kernel gave
    none (length 0)."""
    if length == 0:
        return None
    family = ffi.cast("struct sockaddr *", sa).sa_family
    decoder = _DECODERS.get(family)
    if decoder is not None:
        return decoder(sa, length, fd, proto)
    # Unknown family: (family, sa_data) as the stdlib gives it.
    return family, ffi.unpack(ffi.cast("char *", sa) + 2, 14)


def _inet_prefix() -> bytes:
    """The bytes an AF_INET sockaddr starts with, before its port (the
    family, and the length byte where the layout has one)."""
    sin = _new_storage("struct sockaddr_in *")
    sockaddr_init(sin, AF_INET, SIN_SIZE)
    return ffi.unpack(ffi.cast("char *", sin), ffi.offsetof("struct sockaddr_in", "sin_port"))


# What a kernel-filled AF_INET address starts with: code that formats one
# from its bytes checks this first.
INET_PREFIX = _inet_prefix()

native.install_families(register)
