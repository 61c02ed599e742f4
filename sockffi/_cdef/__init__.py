"""The C declarations of sockffi, one module per header.

Each module exports INCLUDES (C preprocessor lines), TYPES and FUNCTIONS (cdef
text), CONSTANTS (macro names, each present only where the platform defines
it) and optionally ENUM_CONSTANTS ((name, C expression, guard macro)),
HELPERS (cdef of small C functions) and CUSTOMIZATIONS (their C bodies).
HELPERS exist only in the compiled (API) build; _binding.py supplies the same
behaviour in Python for the ABI build.

An OPTIONAL module also names a HEADER a machine may lack (a user without
libbluetooth-dev building the sdist): build_ffi.py calls select() with its
compiler's answer, and a module whose header is missing is left out whole, so
its names are absent (AttributeError), never stubbed.

This package is read by build_ffi.py at build time, never at run time.
"""

from collections import Counter

from . import (
    sys_socket, netinet_in, netinet_tcp, netinet_udp, arpa_inet, sys_un,
    netdb, net_if, poll, fcntl, unistd, linux, bluetooth,
)

# Order matters: a type must be declared before the types that embed it.
MODULES = (
    sys_socket, netinet_in, netinet_tcp, netinet_udp, arpa_inet, sys_un,
    netdb, net_if, poll, fcntl, unistd, linux,
)

OPTIONAL = (bluetooth,)

PREAMBLE = "#define _GNU_SOURCE 1\n"

_selected = MODULES + OPTIONAL  # every module, until select() is told otherwise


def select(has_header) -> list:
    """Use the OPTIONAL modules whose HEADER `has_header(header)` finds;
    returns the names of those left out."""
    global _selected
    _selected = MODULES + tuple(m for m in OPTIONAL if has_header(m.HEADER))
    return [m.__name__.rsplit(".", 1)[-1] for m in OPTIONAL if m not in _selected]


def _join(attr: str) -> str:
    return "\n".join(getattr(m, attr, "") for m in _selected)


def includes() -> str:
    return PREAMBLE + _join("INCLUDES")


def types() -> str:
    return _join("TYPES")


def functions() -> str:
    return _join("FUNCTIONS")


def helpers() -> str:
    return _join("HELPERS")


def customizations() -> str:
    return _join("CUSTOMIZATIONS")


def constants() -> list:
    """(python name, C expression, guard macro) for every constant, in a
    stable order, with no name twice."""
    table = []
    for m in _selected:
        table.extend((n, n, n) for n in m.CONSTANTS)
        table.extend(getattr(m, "ENUM_CONSTANTS", ()))
    seen = Counter(t[0] for t in table)
    dup = {n for n, count in seen.items() if count > 1}
    if dup:
        raise ValueError(f"constants declared twice: {sorted(dup)}")
    return table
