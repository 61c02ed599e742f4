"""Exact declarations for the ABI (no compiler) mode, one pair of generated
files per platform: `<platform>_ffi.py` (the out-of-line cffi module) and
`<platform>_values.py` (constants and macro figures).

Regenerate on the platform itself with `python build_ffi.py abi`, or from
another machine with a cross compiler:
`python build_ffi.py abi --target aarch64-linux-gnu` (linux_aarch64).
"""

import importlib
import os
import sys


def platform_key() -> str:
    # Keep in step with build_ffi.platform_key().
    machine = os.uname().machine.lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    system = sys.platform.rstrip("0123456789")  # freebsd14 -> freebsd
    return f"{system}_{machine}"


def _libc_ok(key: str) -> None:
    if key.startswith("linux"):
        try:
            libc = os.confstr("CS_GNU_LIBC_VERSION")
        except (ValueError, OSError):
            libc = None
        if not libc:
            raise ImportError("the committed Linux ABI declarations are for glibc; "
                              "this libc is not glibc")


def load():
    """Return (ffi, values module) for this platform, or raise ImportError
    that says why not."""
    key = platform_key()
    _libc_ok(key)
    try:
        ffi_module = importlib.import_module(f".{key}_ffi", __name__)
        values = importlib.import_module(f".{key}_values", __name__)
    except ModuleNotFoundError as exc:
        if exc.name and not exc.name.startswith(__name__):
            # A dependency, not our file: most likely cffi's _cffi_backend.
            raise ImportError(f"ABI mode needs the module {exc.name!r} "
                              "(pip install cffi)") from exc
        raise ImportError(f"no ABI declarations for platform {key!r} "
                          f"(generate them with `python build_ffi.py abi`)") from exc
    return ffi_module.ffi, values
