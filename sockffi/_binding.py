"""The only importer of the C binding.  Loads the compiled (API) module, else
the ABI declarations through dlopen, and gives the rest of the package one
face for both:

    ffi, lib     the cffi objects (lib.socket, lib.recv, ...)
    MODE         "api" or "abi"
    CONSTANTS    {name: value} for every constant the platform defines
    cmsg_len(n), cmsg_space(n)   the CMSG_LEN / CMSG_SPACE macros

SOCKFFI_MODE=api|abi forces one mode; if nothing loads, the error names every
reason.
"""

import importlib
import os
import sys

_reasons = []


def _load_api():
    # (not importlib.util.find_spec: it imports typing, ~9 ms on PyPy)
    try:
        _sockffi = importlib.import_module(__package__ + "._sockffi")  # by build_ffi.py
    except ModuleNotFoundError as exc:
        if exc.name != __package__ + "._sockffi":
            raise
        raise ImportError("the compiled module _sockffi is not built "
                          "(no compiler at install time, or SOCKFFI_BUILD=abi)") from None
    ffi, lib = _sockffi.ffi, _sockffi.lib
    names_p = ffi.new("const char **")
    length_p = ffi.new("size_t *")
    values_p = ffi.new("const long long **")
    count = lib.sockffi_constants(names_p, length_p, values_p)
    names = ffi.unpack(names_p[0], length_p[0]).decode("ascii").split("\0")
    constants = dict(zip(names, ffi.unpack(values_p[0], count)))
    return "api", ffi, lib, constants, lib.sockffi_cmsg_len, lib.sockffi_cmsg_space


def _load_abi():
    from ._abi import load
    ffi, values = load()
    lib = ffi.dlopen(None)  # libc, already mapped into the interpreter
    header, align = values.CMSG_HEADER, values.CMSG_ALIGN

    def cmsg_len(n: int) -> int:
        return header + n

    def cmsg_space(n: int) -> int:
        return header + (n + align - 1) // align * align

    return "abi", ffi, lib, dict(values.CONSTANTS), cmsg_len, cmsg_space


def _load():
    forced = os.environ.get("SOCKFFI_MODE", "").strip().lower()
    if forced not in ("", "api", "abi"):
        raise ImportError(f"SOCKFFI_MODE must be 'api' or 'abi', not {forced!r}")
    loaders = {"api": _load_api, "abi": _load_abi}
    order = [forced] if forced else ["api", "abi"]
    for mode in order:
        try:
            return loaders[mode]()
        except ImportError as exc:
            _reasons.append(f"{mode} mode: {exc}")
    raise ImportError("sockffi could not load its C binding: " + "; ".join(_reasons))


MODE, ffi, lib, CONSTANTS, cmsg_len, cmsg_space = _load()
LOAD_FAILURES = tuple(_reasons)  # why a preferred mode was passed over


# --- composite calls ------------------------------------------------------
# One C call each in the API build (HELPERS in _cdef/*.py), so a hot path
# saves crossings and cdata allocations; ABI mode gets the same contract
# from these Python twins (tests/test_fastcalls.py holds the two together).
#   setsockopt_int(fd, level, name, value) -> 0, or -1 with ffi.errno set
#   getsockopt_int(fd, level, name) -> the value, or GETSOCKOPT_FAILED
#   set_blocking(fd, blocking) -> None, or OSError (as os.set_blocking)
#   inet_aton_value(cp) -> in_addr.s_addr as stored (a native-order uint32:
#       its native-order bytes are the packed address), or -1
#   getaddrinfo_hinted(node, service, family, socktype, protocol, flags, res)
#       -> getaddrinfo's code, with hints holding those four ints
#   sockaddr_init(sa, family, length) -> None: the family set, and where the
#       layout has one (the BSDs: a byte before an 8-bit family) sa_len
#
# The twins take their C memory from small pools rather than allocating per
# call: list.pop and list.append are atomic, so a cell is never in two calls
# at once (the C call releases the GIL).  A caller that finds a pool empty
# (more threads inside than cells) allocates for itself.

GETSOCKOPT_FAILED = -(1 << 63)  # LLONG_MIN: no int option has that value
_INT_SIZE = ffi.sizeof("int")
_POOL_SIZE = 4


def _pool(make):
    cells = [make() for _ in range(_POOL_SIZE)]
    return cells.pop, cells.append


def _new_int_cells():
    return ffi.new("int *"), ffi.new("socklen_t *")


_take_int, _give_int = _pool(_new_int_cells)


def _py_setsockopt_int(fd: int, level: int, name: int, value: int) -> int:
    try:
        cells = _take_int()
    except IndexError:
        cells = _new_int_cells()
    try:
        cell = cells[0]
        cell[0] = value  # TypeError / OverflowError as ffi.new("int *", value)
        return lib.setsockopt(fd, level, name, cell, _INT_SIZE)
    finally:
        _give_int(cells)


def _py_getsockopt_int(fd: int, level: int, name: int) -> int:
    try:
        cells = _take_int()
    except IndexError:
        cells = _new_int_cells()
    try:
        cell, size = cells
        cell[0] = 0
        size[0] = _INT_SIZE
        if lib.getsockopt(fd, level, name, cell, size) < 0:
            return GETSOCKOPT_FAILED
        return cell[0]
    finally:
        _give_int(cells)


def _new_in_addr():
    return ffi.new("struct in_addr *")


_take_in_addr, _give_in_addr = _pool(_new_in_addr)


def _py_inet_aton(cp: bytes) -> int:
    try:
        addr = _take_in_addr()
    except IndexError:
        addr = _new_in_addr()
    try:
        if lib.inet_aton(cp, addr) == 0:
            return -1
        return addr.s_addr
    finally:
        _give_in_addr(addr)


# The hints of each (family, socktype, protocol, flags) made once and kept:
# getaddrinfo only reads them (const), so threads may share one, and four
# cdata field writes per call were a fifth of ABI mode's extra cost over
# the API helper (python -m benchmarks.modes: call_getaddrinfo).  Bounded,
# as the other memos (a program uses a handful of combinations).
_HINTS_MAX = 256
_hints_made: dict = {}


def _hints(key: tuple):
    hints = ffi.new("struct addrinfo *")
    hints.ai_family, hints.ai_socktype, hints.ai_protocol, hints.ai_flags = key
    if len(_hints_made) >= _HINTS_MAX:
        _hints_made.clear()  # (a call still using an old one keeps it alive)
    _hints_made[key] = hints
    return hints


def _py_getaddrinfo_shared(node, service, family: int, socktype: int, protocol: int,
                           flags: int, res) -> int:
    key = (family, socktype, protocol, flags)
    hints = _hints_made.get(key)
    if hints is None:
        hints = _hints(key)
    return lib.getaddrinfo(node, service, hints, res)


_take_hints, _give_hints = _pool(lambda: ffi.new("struct addrinfo *"))


def _py_getaddrinfo_pooled(node, service, family: int, socktype: int, protocol: int,
                           flags: int, res) -> int:
    try:
        hints = _take_hints()
    except IndexError:
        hints = ffi.new("struct addrinfo *")
    try:
        hints.ai_family = family
        hints.ai_socktype = socktype
        hints.ai_protocol = protocol
        hints.ai_flags = flags
        return lib.getaddrinfo(node, service, hints, res)
    finally:
        _give_hints(hints)


# PyPy's JIT makes the four field writes plain stores, and there the shared
# hints' tuple key is the dearer way: 305 against 375 ns a call (python -m
# benchmarks --mode abi --clock cpu: call_getaddrinfo).
_py_getaddrinfo = (_py_getaddrinfo_pooled if sys.implementation.name == "pypy"
                   else _py_getaddrinfo_shared)


# sa_len, where there is one, is the byte before the family.
_SA_LEN = ffi.offsetof("struct sockaddr", "sa_family") == 1
_SOCKADDR_P = ffi.typeof("struct sockaddr *")
_BYTES_P = ffi.typeof("unsigned char *")


def _py_sockaddr_init(sa, family: int, length: int) -> None:
    ffi.cast(_SOCKADDR_P, sa).sa_family = family
    if _SA_LEN:
        ffi.cast(_BYTES_P, sa)[0] = min(length, 255)


def _c_set_blocking(fd: int, blocking: bool) -> None:
    """PyPy's rule in one C call: F_GETFL, then F_SETFL only on a change."""
    if lib.sockffi_set_blocking(fd, blocking) < 0:
        err = ffi.errno
        raise OSError(err, os.strerror(err))


def _os_set_blocking(fd: int, blocking: bool) -> None:
    """The same rule through os, for ABI mode on PyPy.  (Not the fcntl
    module, whose two calls would save a system call on a change: its call
    costs more than os.get_blocking's, and the unchanged mode is the common
    case; call_timeout went 1.08x -> 1.27x with it.)"""
    if os.get_blocking(fd) != blocking:
        os.set_blocking(fd, blocking)


if MODE == "api":
    setsockopt_int = lib.sockffi_setsockopt_int
    getsockopt_int = lib.sockffi_getsockopt_int
    inet_aton_value = lib.sockffi_inet_aton
    getaddrinfo_hinted = lib.sockffi_getaddrinfo
    sockaddr_init = lib.sockffi_sockaddr_init
else:
    setsockopt_int, getsockopt_int = _py_setsockopt_int, _py_getsockopt_int
    inet_aton_value = _py_inet_aton
    getaddrinfo_hinted = _py_getaddrinfo
    sockaddr_init = _py_sockaddr_init
# PyPy's own settimeout() reads the flags and writes them only when they
# change, and F_GETFL is a cheaper system call than CPython's one
# ioctl(FIONBIO): call_timeout on PyPy went 1.21x -> 0.97x with that rule (C
# helper).  On CPython os.set_blocking is the one ioctl the stdlib makes, and
# a builtin call beats a cffi call (~300 against ~450 ns).
if sys.implementation.name != "pypy":
    set_blocking = os.set_blocking
elif MODE == "api":
    set_blocking = _c_set_blocking
else:
    set_blocking = _os_set_blocking
