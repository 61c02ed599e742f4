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

import importlib.util
import os

_reasons = []


def _load_api():
    if importlib.util.find_spec(__package__ + "._sockffi") is None:
        raise ImportError("the compiled module _sockffi is not built "
                          "(no compiler at install time, or SOCKFFI_BUILD=abi)")
    from . import _sockffi  # the extension built by build_ffi.py
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
