"""Build sockffi's C binding, in both modes, from the one cdef in sockffi/_cdef.

    python build_ffi.py          compile sockffi/_sockffi*.so in place (API mode)
    python build_ffi.py abi      regenerate sockffi/_abi/<platform>_* (ABI mode)
                                 from a fresh API build on this machine

setup.py imports `ffibuilder` from here through `cffi_modules`.

ABI mode cannot see macros and mis-sizes partial structs, so the ABI
declarations are not written by hand: they are read off the compiled module
(every typedef, struct size, field offset and constant value) and committed
per platform under sockffi/_abi/.
"""

from __future__ import annotations

import importlib.util
import os
import pprint
import re
import sys
import tempfile

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.join(HERE, "sockffi")
ABI_DIR = os.path.join(PACKAGE, "_abi")


def _load_cdef():
    """Import sockffi/_cdef without importing sockffi itself (which needs the
    binding this script is about to build)."""
    path = os.path.join(PACKAGE, "_cdef", "__init__.py")
    spec = importlib.util.spec_from_file_location(
        "_sockffi_cdef", path,
        submodule_search_locations=[os.path.dirname(path)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cdef = _load_cdef()

# The constants table: names as one NUL-separated string and values as one
# array, so loading ~1000 constants at import costs two C calls, not 2000.
CONSTANTS_CDEF = """
size_t sockffi_constants(const char **names, size_t *names_len,
                         const long long **values);
"""


def _constants_source(table) -> str:
    names, values = [], []
    for name, expr, guard in table:
        names += [f"#ifdef {guard}", f'    "{name}\\0"', "#endif"]
        values += [f"#ifdef {guard}", f"    (long long)({expr}),", "#endif"]
    return "\n".join([
        "static const char sockffi_constant_names[] = \"\"",
        *names,
        ";",
        "static const long long sockffi_constant_values[] = {",
        *values,
        "    0 /* sentinel: an array may not be empty */",
        "};",
        "static size_t sockffi_constants(const char **names, size_t *names_len,",
        "                                const long long **values) {",
        "    *names = sockffi_constant_names;",
        "    *names_len = sizeof(sockffi_constant_names) - 1;",
        "    *values = sockffi_constant_values;",
        "    return sizeof(sockffi_constant_values)",
        "           / sizeof(sockffi_constant_values[0]) - 1;",
        "}",
    ])


def make_api_builder(module_name: str = "sockffi._sockffi") -> FFI:
    ffi = FFI()
    ffi.cdef(cdef.types() + cdef.functions() + cdef.helpers() + CONSTANTS_CDEF)
    ffi.set_source(
        module_name,
        cdef.includes() + cdef.customizations() + _constants_source(cdef.constants()),
    )
    return ffi


ffibuilder = make_api_builder()


# --- ABI generation -------------------------------------------------------

def platform_key() -> str:
    """The key sockffi/_abi/__init__.py looks for at run time."""
    machine = os.uname().machine.lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    return f"{sys.platform}_{machine}"


def _pad_fields(start: int, size: int, align: int, counter: list) -> list:
    """Fill bytes [start, start+size) with fields whose alignment keeps the
    struct's own alignment (a plain char array would lose it)."""
    out = []
    while size:
        for width, ctype in ((8, "uint64_t"), (4, "uint32_t"), (2, "uint16_t"), (1, "uint8_t")):
            if width <= align and start % width == 0 and size >= width:
                count = size // width if width > 1 else size
                # Stop where a wider type could take over.
                if width < align:
                    nxt = -(-(start + 1) // align) * align
                    count = min(count, max(1, (nxt - start) // width))
                counter[0] += 1
                out.append(f"    {ctype} _sockffi_pad{counter[0]}[{count}];")
                start += count * width
                size -= count * width
                break
    return out


def _field_decl(name: str, ctype) -> str:
    if ctype.kind == "array":
        return f"{ctype.item.cname} {name}[{ctype.length}];"
    return f"{ctype.cname} {name};"


def exact_types(ffi) -> str:
    """The TYPES of the cdef with every `...` resolved against a compiled
    module: typedefs to their real integer type, structs with all padding."""
    types = cdef.types()
    lines = []
    for name in re.findall(r"typedef\s+int\.\.\.\s+(\w+)\s*;", types):
        lines.append(f"typedef {ffi.typeof(name).cname} {name};")
    counter = [0]
    for name in re.findall(r"struct\s+(\w+)\s*\{", types):
        ct = ffi.typeof(f"struct {name}")
        size, align = ffi.sizeof(ct), ffi.alignof(ct)
        body, pos = [], 0
        for fname, field in sorted(ct.fields, key=lambda f: f[1].offset):
            if field.offset > pos:
                body += _pad_fields(pos, field.offset - pos, align, counter)
            body.append("    " + _field_decl(fname, field.type))
            pos = field.offset + ffi.sizeof(field.type)
        if size > pos:
            body += _pad_fields(pos, size - pos, align, counter)
        natural = max([ffi.alignof(f.type) for _, f in ct.fields] + [1])
        if natural < align and size == pos:
            # No padding to carry the alignment (in6_addr is a union of
            # byte and word arrays in libc): overlay an aligned member.
            counter[0] += 1
            width = {8: "uint64_t", 4: "uint32_t", 2: "uint16_t"}[align]
            body = (["    union {", "    struct {"] + body +
                    ["    };", f"    {width} _sockffi_pad{counter[0]};", "    };"])
        lines.append(f"struct {name} {{\n" + "\n".join(body) + "\n};")
    return "\n".join(lines) + "\n"


def _compile_api_into(tmpdir: str):
    name = "_sockffi_layout_probe"
    builder = make_api_builder(name)
    builder.compile(tmpdir=tmpdir, verbose=False)
    sys.path.insert(0, tmpdir)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(tmpdir)


def read_constants(ffi, lib) -> dict:
    """The constants table of a compiled module, as {name: value}."""
    names_p = ffi.new("const char **")
    length_p = ffi.new("size_t *")
    values_p = ffi.new("const long long **")
    count = lib.sockffi_constants(names_p, length_p, values_p)
    names = ffi.unpack(names_p[0], length_p[0]).decode("ascii").split("\0")[:-1]
    values = ffi.unpack(values_p[0], count)
    assert len(names) == count
    return dict(zip(names, values))


def struct_layouts(ffi) -> dict:
    """{struct name: (size, alignment, {field: offset})} for the parity test."""
    out = {}
    for name in re.findall(r"struct\s+(\w+)\s*\{", cdef.types()):
        ct = ffi.typeof(f"struct {name}")
        out[name] = (ffi.sizeof(ct), ffi.alignof(ct),
                     {f: fld.offset for f, fld in ct.fields
                      if f and not f.startswith("_sockffi_pad")})
    return out


def write_abi() -> None:
    key = platform_key()
    with tempfile.TemporaryDirectory() as tmp:
        api = _compile_api_into(tmp)
        ffi, lib = api.ffi, api.lib
        abi = FFI()
        abi.cdef(exact_types(ffi) + cdef.functions())
        module = f"{key}_ffi"
        abi.set_source(module, None)
        abi.emit_python_code(os.path.join(ABI_DIR, module + ".py"))
        values = {
            "CONSTANTS": read_constants(ffi, lib),
            "CMSG_HEADER": lib.sockffi_cmsg_len(0),
            "CMSG_ALIGN": lib.sockffi_cmsg_space(1) - lib.sockffi_cmsg_len(0),
            "LAYOUTS": struct_layouts(ffi),
        }
    with open(os.path.join(ABI_DIR, f"{key}_values.py"), "w") as f:
        f.write(f'"""Generated by `python build_ffi.py abi` on {key}: do not edit.\n\n'
                "Constant values and C macro figures read off the compiled build,\n"
                'for the ABI (no compiler) mode."""\n\n')
        for name, value in values.items():
            f.write(f"{name} = {pprint.pformat(value, width=100, sort_dicts=True)}\n\n")
    _check_abi(key, values["LAYOUTS"])
    print(f"wrote sockffi/_abi/{key}_ffi.py and sockffi/_abi/{key}_values.py "
          f"({len(values['CONSTANTS'])} constants)")


def _check_abi(key: str, layouts: dict) -> None:
    """The ABI declarations must reproduce the compiled layouts exactly."""
    sys.path.insert(0, ABI_DIR)
    try:
        abi = importlib.import_module(f"{key}_ffi").ffi
    finally:
        sys.path.remove(ABI_DIR)
    got = struct_layouts(abi)
    bad = {k: (v, got.get(k)) for k, v in layouts.items() if got.get(k) != v}
    if bad:
        raise SystemExit(f"ABI layout differs from the compiled one: {bad}")


def build_in_place() -> None:
    ffibuilder.compile(tmpdir=HERE, verbose=False)
    print("built sockffi/_sockffi (API mode) in place")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "api"
    if command == "abi":
        write_abi()
    elif command == "api":
        build_in_place()
    else:
        raise SystemExit(__doc__)
