"""API and ABI mode must agree: every typedef, struct size, alignment and
field offset, function signature, constant and C-macro figure.  A cdef change
without `python build_ffi.py abi` fails here."""

import re

import pytest

from sockffi._abi import load as load_abi
from socket_support import API_BUILT

if not API_BUILT:
    pytest.skip("the API module is not built (no-compiler install)", allow_module_level=True)

from sockffi import _sockffi  # noqa: E402

# Build-time only: an installed wheel leaves it out, a checkout or sdist has it.
_cdef = pytest.importorskip("sockffi._cdef", reason="needs the source tree (sockffi/_cdef)")

API_FFI, API_LIB = _sockffi.ffi, _sockffi.lib
ABI_FFI, ABI_VALUES = load_abi()
ABI_LIB = ABI_FFI.dlopen(None)

TYPES = _cdef.types()
STRUCTS = re.findall(r"struct\s+(\w+)\s*\{", TYPES)


def _left_out_of_the_api_build():
    """The optional cdef modules (Bluetooth) this API module was built
    without, its machine lacking their headers: their structs and constants
    are in the committed ABI files only."""
    out = []
    for module in _cdef.OPTIONAL:
        names = re.findall(r"struct\s+(\w+)\s*\{", module.TYPES)
        try:
            API_FFI.typeof(f"struct {names[0]}")
        except API_FFI.error:
            out.append(module)
    return out


LEFT_OUT = _left_out_of_the_api_build()
OPTIONAL_STRUCTS = {n for m in LEFT_OUT for n in re.findall(r"struct\s+(\w+)\s*\{", m.TYPES)}
OPTIONAL_CONSTANTS = {n for m in LEFT_OUT for n in m.CONSTANTS}
STRUCTS = [n for n in STRUCTS if n not in OPTIONAL_STRUCTS]
TYPEDEFS = re.findall(r"typedef\s+int\.\.\.\s+(\w+)\s*;", TYPES)
FUNCTIONS = [n for n in re.findall(r"(\w+)\s*\(", re.sub(r"\([^()]*\)\s*;", "();",
                                                          _cdef.functions()))
             if not any(re.search(rf"\b{n}\s*\(", m.FUNCTIONS) for m in LEFT_OUT)]


def layout(ffi, name):
    ct = ffi.typeof(f"struct {name}")
    fields = {f: (fld.offset, fld.type.cname) for f, fld in ct.fields
              if f and not f.startswith("_sockffi_pad")}
    return ffi.sizeof(ct), ffi.alignof(ct), fields


def test_the_cdef_declares_structs_and_functions():
    assert {"sockaddr_in", "sockaddr_in6", "sockaddr_un", "msghdr", "addrinfo"} <= set(STRUCTS)
    assert {"socket", "recv", "getaddrinfo", "poll"} <= set(FUNCTIONS)


@pytest.mark.parametrize("name", STRUCTS)
def test_struct_layout_is_equal(name):
    assert layout(ABI_FFI, name) == layout(API_FFI, name)


@pytest.mark.parametrize("name", STRUCTS)
def test_recorded_layout_is_current(name):
    size, align, fields = layout(API_FFI, name)
    assert ABI_VALUES.LAYOUTS[name] == (size, align, {f: o for f, (o, _) in fields.items()})


@pytest.mark.parametrize("name", TYPEDEFS)
def test_typedef_is_equal(name):
    assert ABI_FFI.typeof(name).cname == API_FFI.typeof(name).cname


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_signature_is_equal(name):
    assert ABI_FFI.typeof(getattr(ABI_LIB, name)).cname == \
        API_FFI.typeof(getattr(API_LIB, name)).cname


def test_constants_are_equal():
    from sockffi._binding import _load_api
    api_constants = _load_api()[3]
    abi_constants = {n: v for n, v in ABI_VALUES.CONSTANTS.items() if n not in OPTIONAL_CONSTANTS}
    assert abi_constants == api_constants
    assert len(api_constants) > 1000


def test_cmsg_macros_are_equal():
    from sockffi._binding import _load_abi
    abi_len, abi_space = _load_abi()[4:6]
    for n in list(range(0, 300)) + [4096, 65535, 2**31]:
        assert abi_len(n) == API_LIB.sockffi_cmsg_len(n)
        assert abi_space(n) == API_LIB.sockffi_cmsg_space(n)
