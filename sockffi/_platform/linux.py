"""The Linux layer (glibc, or musl with a compiler at install time): what
sockffi does here that another platform does differently or not at all.
The names are the protocol sockffi/_platform/__init__.py describes."""

import importlib
import os

from .._binding import MODE, ffi, lib, CONSTANTS, cmsg_len, cmsg_space
from .linux_tcpinfo import LAYOUT as TCP_INFO_LAYOUT, BITFIELDS as TCP_INFO_BITFIELDS

NAME = "linux"


def _glibc() -> bool:
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError):
        return False


GLIBC = _glibc()  # else musl (API mode only: the committed ABI files are glibc's)

# --- name lookup ----------------------------------------------------------
# glibc declares gethostbyname2_r & co. (sockffi/_cdef/glibc.py); without
# them (musl builds) sockffi/_netdb.py serialises the plain calls.
REENTRANT_NETDB = hasattr(lib, "gethostbyname2_r")

if MODE == "api":
    h_errno = lib.sockffi_h_errno
else:
    def h_errno() -> int:
        """h_errno of this thread: glibc keeps it behind __h_errno_location()
        (what the h_errno macro expands to)."""
        return lib.__h_errno_location()[0]

# --- address families -------------------------------------------------------
# AF_UNIX names that start with a NUL byte are abstract (no file): taken at
# their exact length, returned as bytes.
ABSTRACT_UNIX_NAMES = True

# Modules (relative to this package) with install(register) adding address
# forms: the kernel families of linux_families.py, and Bluetooth's (BlueZ
# headers, where the build had them).
FAMILY_MODULES = (".linux_families", ".linux_bluetooth")


def install_families(register) -> None:
    for name in FAMILY_MODULES:
        importlib.import_module(name, __package__).install(register)


# --- control messages --------------------------------------------------------
_CMSGHDR_SIZE = ffi.sizeof("struct cmsghdr")
_CMSG_ALIGN = cmsg_space(1) - cmsg_len(0)


def _cmsg_next_glibc(offset: int, length: int, controllen: int):
    """CMSG_NXTHDR as offsets into a control buffer of `controllen` bytes:
    the header after the one at `offset` whose cmsg_len is `length`, or
    None.  glibc's rule (__cmsg_nxthdr): the current message, its padding
    and a whole next header must fit in the buffer."""
    if length < _CMSGHDR_SIZE:
        return None
    needed = _CMSGHDR_SIZE + (-length) % _CMSG_ALIGN
    room = controllen - offset
    if room < needed or room - needed < length:
        return None
    return offset + length + (-length) % _CMSG_ALIGN


def _cmsg_next_musl(offset: int, length: int, controllen: int):
    """musl's CMSG_NXTHDR: the padded message and a next header must fit
    with at least one byte to spare."""
    if length < _CMSGHDR_SIZE:
        return None
    padded = length + (-length) % _CMSG_ALIGN
    if padded + _CMSGHDR_SIZE >= controllen - offset:
        return None
    return offset + padded


cmsg_next = _cmsg_next_glibc if GLIBC else _cmsg_next_musl


# --- calls and options beyond POSIX --------------------------------------------
accept4 = getattr(lib, "accept4", None)
recvmmsg = getattr(lib, "recvmmsg", None)
sendmmsg = getattr(lib, "sendmmsg", None)
UDP_GRO = ((CONSTANTS["SOL_UDP"], CONSTANTS["UDP_GRO"])
           if "SOL_UDP" in CONSTANTS and "UDP_GRO" in CONSTANTS else None)

# AF_VSOCK's int options (buffer sizes, timeouts) are 64-bit: set and read
# as unsigned long long, and no string buffer (as socketmodule.c does).
WIDE_OPTION_FAMILIES = frozenset(CONSTANTS[n] for n in ("AF_VSOCK",) if n in CONSTANTS)

# AF_ALG's accept() hands out an operation socket and has no peer address:
# passing an address buffer fails with ECONNABORTED.
ACCEPT_WITHOUT_ADDRESS = frozenset(CONSTANTS[n] for n in ("AF_ALG",) if n in CONSTANTS)
