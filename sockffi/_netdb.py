"""Name and service lookup: getaddrinfo, getnameinfo, gethostby*, getserv*,
getprotobyname and the host name.

The C calls run with the GIL released, so two threads can be inside libc at
once.  getaddrinfo and getnameinfo are reentrant everywhere; the host,
service and protocol lookups use the *_r variants (whose buffers grow on
ERANGE) where the platform has them (sockffi/_platform: REENTRANT_NETDB),
and otherwise the plain calls, one at a time under a lock, with the result
copied out before the lock is released.  Errors as CPython raises them:
EAI_* -> gaierror(code, gai_strerror(code)), EAI_SYSTEM -> the errno's
OSError, h_errno -> herror(code, hstrerror(code)).
"""

from __future__ import annotations

import os
import sys
from _thread import allocate_lock
from errno import EAFNOSUPPORT, ERANGE
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Optional, Union

from . import _constants
from ._address import decode, raise_gai, resolve, _c_int, _c_uint_mask, INET_PREFIX
from ._args import LONG_MAX as _LONG_MAX, LONG_MIN as _LONG_MIN, as_long, exact_index as _index
from ._binding import ffi, lib, CONSTANTS, getaddrinfo_hinted
from ._convert import htonl, htons, ntohs, _DECIMAL
from ._errors import os_error, herror
from ._platform import native
from ._stdlib_behaviour import getaddrinfo_port_is_a_c_long

AF_UNSPEC = CONSTANTS["AF_UNSPEC"]
AF_INET = CONSTANTS["AF_INET"]
AF_INET6 = CONSTANTS["AF_INET6"]
SOCK_DGRAM = CONSTANTS["SOCK_DGRAM"]
AI_NUMERICHOST = CONSTANTS["AI_NUMERICHOST"]
NI_MAXHOST = CONSTANTS.get("NI_MAXHOST", 1025)
NI_MAXSERV = 32  # CPython's port buffer
IN6_FLOWINFO_MAX = 0xFFFFF
_BUFFER_START = 8192       # bytes for a *_r call's strings...
_BUFFER_LIMIT = 1 << 24    # ...doubled on ERANGE up to this
_MISSING = object()        # "argument not given", where None is an error
_INT_MIN, _INT_MAX = -0x80000000, 0x7FFFFFFF

_audit = getattr(sys, "audit", None)  # Python >= 3.8


def _type_name(value) -> str:
    return "None" if value is None else type(value).__name__


# --- argument forms ---------------------------------------------------------

def _idna(host: str) -> bytes:
    """str.encode('idna') without importing the codec for ASCII names (the
    codec's own fast path: check the label lengths, keep the bytes)."""
    if host.isascii():
        data = host.encode("ascii")
        # Shorter than 64 with no empty label but the last: every label
        # passes, without splitting (the usual name or numeric address).
        if len(data) < 64 and b".." not in data and not data.startswith(b"."):
            return data
        labels = data.split(b".")
        if all(0 < len(label) < 64 for label in labels[:-1]) and len(labels[-1]) < 64:
            return data
    # Non-ASCII, or a label the codec rejects: let it raise its own error.
    return host.encode("idna")


def _idna_arg(host, caller: str) -> bytes:
    """PyArg_Parse's 'et' with the idna encoding: str (encoded), bytes or
    bytearray; no NUL."""
    if isinstance(host, str):
        data = _idna(host)
    elif isinstance(host, (bytes, bytearray)):
        data = bytes(host)
    else:
        raise TypeError(f"{caller}() argument 1 must be str, bytes or bytearray, "
                        f"not {_type_name(host)}")
    if b"\0" in data:
        raise TypeError(f"{caller}() argument 1 must be encoded string without "
                        f"null bytes, not {type(host).__name__}")
    return data


def _str_arg(value, caller: str, position: int) -> bytes:
    """PyArg_Parse's 's': str without NUL, as UTF-8."""
    if not isinstance(value, str):
        raise TypeError(f"{caller}() argument {position} must be str, "
                        f"not {_type_name(value)}")
    if "\0" in value:
        raise ValueError("embedded null character")
    return value.encode("utf-8")


def _cstr(value: bytes):
    """bytes for a `const char *`, or NULL for None."""
    return ffi.NULL if value is None else value


def _decode(ptr) -> str:
    return ffi.string(ptr).decode("utf-8")  # PyUnicode_FromString: strict


# --- getaddrinfo / getnameinfo -----------------------------------------------

def _gai_host(host):
    if host is None:
        return None
    if isinstance(host, str):
        return _idna(host)
    if isinstance(host, bytes):
        return host
    raise TypeError("getaddrinfo() argument 1 must be string or None")


def _gai_port(port):
    if type(port) is int:  # exactly int, as CPython: not bool, not IntEnum
        if not _LONG_MIN <= port <= _LONG_MAX and getaddrinfo_port_is_a_c_long():
            as_long(port)  # PyLong_AsLong's OverflowError, as the stdlib
        return str(port).encode("ascii")
    if isinstance(port, str):
        return port.encode("utf-8")
    if isinstance(port, bytes):
        return port
    if port is None:
        return None
    raise OSError("Int or String expected")


# struct addrinfo ** cells for getaddrinfo's result, taken and given back
# with the atomic list.pop/append (the C call releases the GIL, so threads
# must not share one); the pool grows to the most threads ever inside.
_res_cells = [ffi.new("struct addrinfo **") for _ in range(4)]
_take_res = _res_cells.pop
_give_res = _res_cells.append
_CHAR_P = ffi.typeof("char *")
_INET_PREFIX = INET_PREFIX  # the family (and BSD sa_len) as stored
_NULL = ffi.NULL
_cast = ffi.cast
_unpack = ffi.unpack


def _sockaddr(info):
    """The Python form of an addrinfo's address, as _address.decode gives it:
    AF_INET formatted here from the bytes (the common case, a third of the
    cost), any other family by decode."""
    length = info.ai_addrlen
    addr = info.ai_addr
    raw = _unpack(_cast(_CHAR_P, addr), length)
    if length >= 8 and raw.startswith(_INET_PREFIX):
        return (".".join((_DECIMAL[raw[4]], _DECIMAL[raw[5]], _DECIMAL[raw[6]],
                          _DECIMAL[raw[7]])),
                raw[2] << 8 | raw[3])
    return decode(addr, length)


def getaddrinfo(host: Optional[Union[str, bytes]], port: Optional[Union[int, str, bytes]],
                family: int = 0, type: int = 0, proto: int = 0, flags: int = 0) -> list:
    """Resolve host and port into a list of 5-tuples (family, type, proto,
    canonname, sockaddr) for creating and connecting sockets."""
    # PyArg "i" four times; int instances (enum members included) inline.
    if (isinstance(family, int) and isinstance(type, int)
            and isinstance(proto, int) and isinstance(flags, int)):
        family, type, proto, flags = _index(family), _index(type), _index(proto), _index(flags)
        if not (_INT_MIN <= family <= _INT_MAX and _INT_MIN <= type <= _INT_MAX
                and _INT_MIN <= proto <= _INT_MAX and _INT_MIN <= flags <= _INT_MAX):
            family, type, proto, flags = _c_int(family), _c_int(type), _c_int(proto), _c_int(flags)
    else:
        family, type, proto, flags = _c_int(family), _c_int(type), _c_int(proto), _c_int(flags)
    node = _gai_host(host)
    service = _gai_port(port)
    if _audit is not None:
        _audit("socket.getaddrinfo", host, port, family, type, proto)
    try:
        res = _take_res()
    except IndexError:
        res = ffi.new("struct addrinfo **")
    try:
        code = getaddrinfo_hinted(_NULL if node is None else node,
                                  _NULL if service is None else service,
                                  family, type, proto, flags, res)
        if code:
            raise_gai(code)
        af_get = _constants.AddressFamily._value2member_map_.get
        kind_get = _constants.SocketKind._value2member_map_.get
        out = []
        first = info = res[0]
        try:
            while info:
                canon = info.ai_canonname
                af, kind = info.ai_family, info.ai_socktype
                out.append((af_get(af, af), kind_get(kind, kind), info.ai_protocol,
                            _decode(canon) if canon else "", _sockaddr(info)))
                info = info.ai_next
        finally:
            lib.freeaddrinfo(first)
    finally:
        _give_res(res)
    return out


def getnameinfo(sockaddr: tuple, flags: int, /) -> tuple:
    """Translate a (host, port[, flowinfo[, scope_id]]) address into
    (host, port) names; `flags` are NI_* values."""
    flags = _c_int(flags)
    if not isinstance(sockaddr, tuple):
        # The traceback keeps this frame: drop the reference first, so a
        # failed call leaves the argument's refcount as the stdlib does.
        del sockaddr
        raise TypeError("getnameinfo() argument 1 must be a tuple")
    if not 2 <= len(sockaddr) <= 4 or not isinstance(sockaddr[0], str):
        raise TypeError("getnameinfo(): illegal sockaddr argument")
    # PyArg "s": encoded first (a lone surrogate is UnicodeEncodeError even
    # beside a NUL), then NUL-checked
    host = sockaddr[0].encode("utf-8")
    if b"\0" in host:
        raise ValueError("embedded null character")
    port = _c_int(sockaddr[1])
    flowinfo = _c_uint_mask(sockaddr[2]) if len(sockaddr) > 2 else 0
    scope_id = _c_uint_mask(sockaddr[3]) if len(sockaddr) > 3 else 0
    if flowinfo > IN6_FLOWINFO_MAX:
        raise OverflowError("getnameinfo(): flowinfo must be 0-1048575.")
    if _audit is not None:
        _audit("socket.getnameinfo", sockaddr)
    # Numeric host only: getnameinfo must not resolve a name into an address.
    hints = ffi.new("struct addrinfo *")
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = SOCK_DGRAM
    hints.ai_flags = AI_NUMERICHOST
    res = ffi.new("struct addrinfo **")
    code = lib.getaddrinfo(host, b"%d" % port, hints, res)  # %d: a bool port is 0, not "False"
    if code:
        raise_gai(code)
    try:
        info = res[0]
        if info.ai_next != ffi.NULL:
            raise OSError("sockaddr resolved to multiple addresses")
        if info.ai_family == AF_INET:
            if len(sockaddr) != 2:
                raise OSError("IPv4 sockaddr must be 2 tuple")
        elif info.ai_family == AF_INET6:
            sin6 = ffi.cast("struct sockaddr_in6 *", info.ai_addr)
            sin6.sin6_flowinfo = htonl(flowinfo)
            sin6.sin6_scope_id = scope_id
        hbuf = ffi.new("char[]", NI_MAXHOST)
        pbuf = ffi.new("char[]", NI_MAXSERV)
        code = lib.getnameinfo(info.ai_addr, info.ai_addrlen, hbuf, NI_MAXHOST,
                               pbuf, NI_MAXSERV, flags)
        if code:
            raise_gai(code)
    finally:
        lib.freeaddrinfo(res[0])
    return _decode(hbuf), _decode(pbuf)


# --- host, service and protocol lookups ------------------------------------

# Whether the *_r calls are used (a test turns it off to run the locked path).
_reentrant = native.REENTRANT_NETDB
# The plain calls return libc's static storage: one lookup at a time.
_plain_lock = allocate_lock()


def _lookup(reentrant, plain, struct: str, convert, not_found):
    """One lookup, convert(struct pointer) of its result or raise
    not_found().  With the *_r calls: reentrant(ret, buf, buflen, result),
    with a buffer that doubles while libc says ERANGE.  Without: plain(),
    its static result converted before the lock is given back."""
    if not _reentrant:
        with _plain_lock:
            found = plain()
            if found != ffi.NULL:
                return convert(found)
            raise not_found()
    size = _BUFFER_START
    while True:
        ret = ffi.new(struct + " *")
        buf = ffi.new("char[]", size)
        result = ffi.new(struct + " **")
        rc = reentrant(ret, buf, size, result)
        if result[0] != ffi.NULL:
            return convert(result[0])
        if rc == ERANGE and size < _BUFFER_LIMIT:
            size *= 2
            continue
        raise not_found()


def _hostent(reentrant, plain, family: int) -> tuple:
    """(name, aliases, addresses) from gethostbyname2_r / gethostbyaddr_r
    (reentrant(ret, buf, buflen, result, h_errnop)) or the plain call
    (plain()), herror from h_errno."""
    h_errno = ffi.new("int *")

    def plain_call():
        found = plain()
        if found == ffi.NULL:
            h_errno[0] = native.h_errno()
        return found

    def not_found():
        code = h_errno[0]
        return herror(code, _decode(lib.hstrerror(code)))

    return _lookup(lambda ret, buf, size, result: reentrant(ret, buf, size, result, h_errno),
                   plain_call, "struct hostent", lambda h: _host_tuple(h, family), not_found)


def _host_tuple(h, family: int) -> tuple:
    """CPython's gethost_common: the hostent as (name, aliases, addresses)."""
    if h.h_addrtype != family:
        raise os_error(EAFNOSUPPORT)
    aliases = []
    if h.h_aliases != ffi.NULL:
        i = 0
        while h.h_aliases[i] != ffi.NULL:
            aliases.append(_decode(h.h_aliases[i]))
            i += 1
    addresses = []
    i = 0
    while h.h_addr_list[i] != ffi.NULL:
        addresses.append(_ntop(family, h.h_addr_list[i]))
        i += 1
    return _decode(h.h_name), aliases, addresses


def _ntop(family: int, addr) -> str:
    if family == AF_INET:
        data = ffi.unpack(ffi.cast("unsigned char *", addr), 4)
        return "%d.%d.%d.%d" % (data[0], data[1], data[2], data[3])
    out = ffi.new("char[]", 64)
    if lib.inet_ntop(family, addr, out, 64) == ffi.NULL:
        raise os_error(ffi.errno)
    return ffi.string(out).decode("ascii")


def gethostbyname(hostname: Union[str, bytes, bytearray], /) -> str:
    """The IPv4 address of a host, as text ('127.0.0.1')."""
    name = _idna_arg(hostname, "gethostbyname")
    if _audit is not None:
        _audit("socket.gethostbyname", hostname)
    owner, length = resolve(name, AF_INET)
    return decode(owner, length)[0]


def gethostbyname_ex(hostname: Union[str, bytes, bytearray], /) -> tuple:
    """(name, aliases, IPv4 addresses) of a host."""
    name = _idna_arg(hostname, "gethostbyname_ex")
    if _audit is not None:
        _audit("socket.gethostbyname", hostname)
    owner, length = resolve(name, AF_INET)
    family = ffi.cast("struct sockaddr *", owner).sa_family
    return _hostent(lambda ret, buf, size, result, h_errno:
                    lib.gethostbyname2_r(name, AF_INET, ret, buf, size, result, h_errno),
                    lambda: lib.gethostbyname(name), family)


def gethostbyaddr(ip_address: Union[str, bytes, bytearray], /) -> tuple:
    """(name, aliases, addresses) of the host with this address (or name)."""
    name = _idna_arg(ip_address, "gethostbyaddr")
    if _audit is not None:
        _audit("socket.gethostbyaddr", ip_address)
    owner, length = resolve(name, AF_UNSPEC)
    family = ffi.cast("struct sockaddr *", owner).sa_family
    if family == AF_INET:
        addr = ffi.addressof(ffi.cast("struct sockaddr_in *", owner).sin_addr)
        size = 4
    elif family == AF_INET6:
        addr = ffi.addressof(ffi.cast("struct sockaddr_in6 *", owner).sin6_addr)
        size = 16
    else:
        raise OSError("unsupported address family")
    return _hostent(lambda ret, buf, buflen, result, h_errno:
                    lib.gethostbyaddr_r(addr, size, family, ret, buf, buflen, result, h_errno),
                    lambda: lib.gethostbyaddr(addr, size, family), family)


def gethostname() -> str:
    """The host name of this machine."""
    if _audit is not None:
        _audit("socket.gethostname")
    buf = ffi.new("char[]", 1024)
    if lib.gethostname(buf, 1023) < 0:
        raise os_error(ffi.errno)
    return os.fsdecode(ffi.string(buf))


def sethostname(name: Union[str, bytes, os.PathLike], /) -> None:
    """Set the host name of this machine (needs privileges)."""
    if isinstance(name, bytes):
        data = name
    else:
        data = os.fsencode(name)  # str or path-like; TypeError otherwise
        if b"\0" in data:
            raise ValueError("embedded null byte")
    if _audit is not None:
        _audit("socket.sethostname", data)
    if lib.sethostname(data, len(data)) < 0:
        raise os_error(ffi.errno)


# --- services and protocols ---------------------------------------------------

def getservbyname(servicename: str, protocolname: str = _MISSING, /) -> int:
    """The port number of a service ('http' -> 80), optionally for one
    protocol ('tcp', 'udp')."""
    name = _str_arg(servicename, "getservbyname", 1)
    proto = None if protocolname is _MISSING else _str_arg(protocolname, "getservbyname", 2)
    if _audit is not None:
        _audit("socket.getservbyname", servicename,
               None if protocolname is _MISSING else protocolname)
    return _lookup(lambda ret, buf, size, result:
                   lib.getservbyname_r(name, _cstr(proto), ret, buf, size, result),
                   lambda: lib.getservbyname(name, _cstr(proto)),
                   "struct servent", lambda s: ntohs(s.s_port & 0xFFFF),
                   lambda: OSError("service/proto not found"))


def getservbyport(port: int, protocolname: str = _MISSING, /) -> str:
    """The service name of a port (80 -> 'http'), optionally for one protocol."""
    port = _c_int(port)
    proto = None if protocolname is _MISSING else _str_arg(protocolname, "getservbyport", 2)
    if not 0 <= port <= 0xFFFF:
        raise OverflowError("getservbyport: port must be 0-65535.")
    if _audit is not None:
        _audit("socket.getservbyport", port,
               None if protocolname is _MISSING else protocolname)
    net_port = htons(port)
    return _lookup(lambda ret, buf, size, result:
                   lib.getservbyport_r(net_port, _cstr(proto), ret, buf, size, result),
                   lambda: lib.getservbyport(net_port, _cstr(proto)),
                   "struct servent", lambda s: _decode(s.s_name),
                   lambda: OSError("port/proto not found"))


def getprotobyname(protocolname: str, /) -> int:
    """The number of a protocol ('tcp' -> 6)."""
    name = _str_arg(protocolname, "getprotobyname", 1)
    return _lookup(lambda ret, buf, size, result:
                   lib.getprotobyname_r(name, ret, buf, size, result),
                   lambda: lib.getprotobyname(name),
                   "struct protoent", lambda p: p.p_proto,
                   lambda: OSError("protocol not found"))
