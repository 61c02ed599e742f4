"""The C declarations of sockffi, one module per header.

Each module exports INCLUDES (C preprocessor lines), TYPES and FUNCTIONS (cdef
text), CONSTANTS (macro names, each present only where the platform defines
it) and optionally ENUM_CONSTANTS ((name, C expression, guard macro)),
HELPERS (cdef of small C functions) and CUSTOMIZATIONS (their C bodies).
HELPERS exist only in the compiled (API) build; _binding.py (or, for a
platform's own helpers, sockffi/_platform/) supplies the same behaviour in
Python for the ABI build.

The portable modules hold what POSIX and every supported libc share; what
one platform adds (linux.py: kernel families, accept4, recvmmsg; glibc.py:
the reentrant netdb calls) is chosen by Cdef(platform).

An OPTIONAL module also names a HEADER a machine may lack (a user without
libbluetooth-dev building the sdist): build_ffi.py calls select() with its
compiler's answer, and a module whose header is missing is left out whole, so
its names are absent (AttributeError), never stubbed.

This package is read by build_ffi.py at build time, never at run time.
"""

import os
import sys
from collections import Counter

from . import (
    sys_socket, netinet_in, netinet_tcp, netinet_udp, arpa_inet, sys_un,
    netdb, net_if, poll, fcntl, unistd, linux, glibc, bluetooth,
)

# The portable POSIX declarations: they compile against macOS's, FreeBSD's,
# musl's and glibc's headers alike (.ci/zig_targets.sh checks it).  Order
# matters: a type must be declared before the types that embed it.
PORTABLE = (
    sys_socket, netinet_in, netinet_tcp, netinet_udp, arpa_inet, sys_un,
    netdb, net_if, poll, fcntl, unistd,
)

# What each platform adds after the portable part, keyed by the platform
# names build_ffi.py uses (sys.platform, or the OS and libc of a --target
# triple): (modules, OPTIONAL modules).  A port adds its entry here, and a
# Linux-only family adds its module to the Linux entries.
PLATFORM_MODULES = {
    "linux-gnu": ((linux, glibc), (bluetooth,)),
    "linux-musl": ((linux,), (bluetooth,)),
    "darwin": ((), ()),
    "freebsd": ((), ()),
}

PREAMBLE = "#define _GNU_SOURCE 1\n"


def host_platform() -> str:
    """The PLATFORM_MODULES key of the machine this runs on."""
    if sys.platform.startswith("linux"):
        try:
            libc = os.confstr("CS_GNU_LIBC_VERSION")
        except (ValueError, OSError):
            libc = None
        return "linux-gnu" if libc else "linux-musl"
    if sys.platform.startswith("freebsd"):
        return "freebsd"
    return sys.platform


class Cdef:
    """The declarations of one platform: the portable modules, then its own
    (the optional ones until select() leaves some out)."""

    def __init__(self, platform: str = None) -> None:
        self.platform = platform or host_platform()
        try:
            extra, self.optional = PLATFORM_MODULES[self.platform]
        except KeyError:
            raise ValueError(f"no C declarations for platform {self.platform!r} "
                             f"(known: {', '.join(sorted(PLATFORM_MODULES))})") from None
        self.required = PORTABLE + extra
        self.modules = self.required + self.optional

    def select(self, has_header) -> list:
        """Use the OPTIONAL modules whose HEADER `has_header(header)` finds;
        returns the names of those left out."""
        self.modules = self.required + tuple(m for m in self.optional if has_header(m.HEADER))
        return [m.__name__.rsplit(".", 1)[-1] for m in self.optional if m not in self.modules]

    def _join(self, attr: str) -> str:
        return "\n".join(getattr(m, attr, "") for m in self.modules)

    def includes(self) -> str:
        return PREAMBLE + self._join("INCLUDES")

    def types(self) -> str:
        return self._join("TYPES")

    def functions(self) -> str:
        return self._join("FUNCTIONS")

    def helpers(self) -> str:
        return self._join("HELPERS")

    def customizations(self) -> str:
        return self._join("CUSTOMIZATIONS")

    def constants(self) -> list:
        return constants_of(self.modules)


def constants_of(modules) -> list:
    """(python name, C expression, guard macro) for every constant, in a
    stable order, with no name twice."""
    table = []
    for m in modules:
        table.extend((n, n, n) for n in m.CONSTANTS)
        table.extend(getattr(m, "ENUM_CONSTANTS", ()))
    seen = Counter(t[0] for t in table)
    dup = {n for n, count in seen.items() if count > 1}
    if dup:
        raise ValueError(f"constants declared twice: {sorted(dup)}")
    return table


# The declarations of the machine this runs on (what `python build_ffi.py`
# compiles, and what the parity tests compare).
_host = Cdef()
includes, types, functions = _host.includes, _host.types, _host.functions
helpers, customizations, constants = _host.helpers, _host.customizations, _host.constants
select, OPTIONAL = _host.select, _host.optional
