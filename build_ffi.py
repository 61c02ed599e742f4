"""Build sockffi's C binding, in both modes, from the one cdef in sockffi/_cdef.

    python build_ffi.py          compile sockffi/_sockffi*.so in place (API mode)
    python build_ffi.py abi      regenerate sockffi/_abi/<platform>_* (ABI mode)
                                 from a fresh API build on this machine
    python build_ffi.py abi --target aarch64-linux-gnu
                                 regenerate sockffi/_abi/linux_aarch64_* from a
                                 probe compiled (never run) by the cross compiler
                                 aarch64-linux-gnu-gcc (Debian: gcc-aarch64-linux-gnu
                                 libc6-dev-arm64-cross linux-libc-dev-arm64-cross)
    python build_ffi.py abi --target x86_64-macos --out DIR
                                 the same for macOS, FreeBSD or musl (x86_64-macos,
                                 aarch64-macos, x86_64-freebsd, aarch64-freebsd,
                                 x86_64-linux-musl), compiled by zig's clang
                                 (pip install ziglang) unless --cc says otherwise
    python build_ffi.py c-source --target x86_64-macos --out FILE
                                 write the API-mode C source for that platform
                                 (the portable declarations and its own), to
                                 compile-check it (.ci/zig_targets.sh)

setup.py imports `ffibuilder` from here through `cffi_modules`.

ABI mode cannot see macros and mis-sizes partial structs, so the ABI
declarations are not written by hand: they are read off the compiled module
(every typedef, struct size, field offset and constant value), or for another
target out of the assembly of a probe file, and committed per platform under
sockffi/_abi/.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pprint
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap

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


_cdef_package = _load_cdef()
cdef = _cdef_package  # this machine's declarations (module-level functions)


def declarations(platform: str = None):
    """The cdef of `platform` (a _cdef.PLATFORM_MODULES key), or this
    machine's."""
    return _cdef_package.Cdef(platform) if platform else cdef


def host_compiler() -> list:
    """The C compiler command the API build will use ($CC, else Python's)."""
    command = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shlex.split(command) + shlex.split(os.environ.get("CPPFLAGS", ""))


def has_header(cc: list, header: str) -> bool:
    """Whether `cc` finds `header` (preprocessing only; no compiler at all
    counts as no header, and the API build then fails on its own)."""
    try:
        done = subprocess.run(cc + ["-E", "-x", "c", "-", "-o", os.devnull],
                              input=f"#include <{header}>\n", capture_output=True, text=True)
    except OSError:
        return False
    return done.returncode == 0


def select_headers(cc: list, decls=None) -> None:
    """Leave out the optional cdef modules whose header `cc` lacks."""
    missing = (decls or cdef).select(lambda header: has_header(cc, header))
    if missing:
        print(f"sockffi: building without {', '.join(missing)} "
              "(its headers are not installed)", file=sys.stderr)


select_headers(host_compiler())

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


def make_api_builder(module_name: str = "sockffi._sockffi", decls=None) -> FFI:
    decls = decls or cdef
    ffi = FFI()
    ffi.cdef(decls.types() + decls.functions() + decls.helpers() + CONSTANTS_CDEF)
    ffi.set_source(
        module_name,
        decls.includes() + decls.customizations() + _constants_source(decls.constants()),
    )
    return ffi


ffibuilder = make_api_builder()


# --- ABI generation -------------------------------------------------------
#
# The ABI declarations are made from "figures": everything they need, as
# plain data, so the two ways of obtaining it can be compared for equality:
#
#   typedefs    {name: (cffi integer type, size, alignment)}
#   structs     {name: (size, alignment, [(field, offset, declaration,
#                                          field size, field alignment)])}
#   primitives  {C type: (size, alignment)}   the data model (LP64 here)
#   constants   {name: value}
#   cmsg        (CMSG_LEN(0), CMSG_SPACE(1))
#
# figures_from_module() reads them off an API module compiled and imported on
# this machine; figures_from_probe() reads them out of the assembly a
# (cross) compiler writes for a probe file, so nothing built for the target
# is ever run.

TYPEDEF_RE = r"typedef\s+int\.\.\.\s+(\w+)\s*;"
STRUCT_RE = r"struct\s+(\w+)\s*\{"
# A struct known only by its typedef (bdaddr_t): named by the typedef.
TYPEDEF_STRUCT_RE = r"typedef\s+struct\s*\{[^{}]*\}\s*(\w+)\s*;"


def struct_names(types: str) -> list:
    """Every struct of the cdef, in declaration order: the tag of `struct X
    {`, or the name of `typedef struct {...} X;`."""
    found = [(m.start(), m.group(1)) for m in re.finditer(STRUCT_RE, types)]
    found += [(m.start(), m.group(1)) for m in re.finditer(TYPEDEF_STRUCT_RE, types)]
    return [name for _, name in sorted(found)]


def struct_ctype(name: str, types: str = None) -> str:
    """The C spelling of a struct_names() entry of `types` (default: this
    machine's cdef)."""
    typedefs = re.findall(TYPEDEF_STRUCT_RE, cdef.types() if types is None else types)
    return name if name in typedefs else f"struct {name}"
PRIMITIVES = ("char", "short", "int", "long", "long long", "size_t", "void *")


def platform_key() -> str:
    """The key sockffi/_abi/__init__.py looks for at run time."""
    machine = os.uname().machine.lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    system = sys.platform.rstrip("0123456789")  # freebsd14 -> freebsd
    return f"{system}_{machine}"


def target_platform(target: str) -> tuple:
    """(sockffi/_abi key, _cdef platform) of a target triple, GNU or zig
    style: aarch64-linux-gnu -> (linux_aarch64, linux-gnu); x86_64-macos or
    x86_64-apple-darwin -> (darwin_x86_64, darwin); aarch64-freebsd ->
    (freebsd_aarch64, freebsd); x86_64-linux-musl -> (linux-musl_x86_64,
    linux-musl).  Only the glibc keys are loaded at run time (ABI mode);
    the others show that the portable declarations hold there."""
    parts = target.split("-")
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(parts[0], parts[0])
    rest = parts[1:]
    if "linux" in rest and rest[-1].startswith("gnu"):
        return f"linux_{machine}", "linux-gnu"
    if "linux" in rest and rest[-1].startswith("musl"):
        return f"linux-musl_{machine}", "linux-musl"
    if any(p in ("macos", "darwin") or p.startswith("darwin") or p.startswith("macos")
           for p in rest):
        return f"darwin_{machine}", "darwin"
    if any(p.startswith("freebsd") for p in rest):
        return f"freebsd_{machine}", "freebsd"
    raise SystemExit(f"--target {target!r}: known are <machine>-linux-gnu, "
                     "<machine>-linux-musl, <machine>-macos and <machine>-freebsd")


def target_key(target: str) -> str:
    """The sockffi/_abi key of a target triple (aarch64-linux-gnu ->
    linux_aarch64)."""
    return target_platform(target)[0]


def default_cc(target: str) -> str:
    """The GNU cross compiler for a glibc triple, else zig's clang."""
    if target_platform(target)[1] == "linux-gnu":
        return f"{target}-gcc"
    return f"{shlex.quote(sys.executable)} -m ziglang cc -target {target}"


def _field_decl(name: str, ctype) -> str:
    if ctype.kind == "array":
        return f"{ctype.item.cname} {name}[{ctype.length}];"
    return f"{ctype.cname} {name};"


def _int_type(size: int, signed: bool) -> str:
    """The name cffi gives a `typedef int...` of this size and signedness."""
    if size not in (1, 2, 4, 8):
        raise SystemExit(f"no fixed-width integer type of {size} bytes")
    return f"{'' if signed else 'u'}int{8 * size}_t"


def figures_from_module(ffi, lib) -> dict:
    """The figures of a compiled API module (see make_api_builder)."""
    types = cdef.types()
    structs = {}
    for name in struct_names(types):
        ct = ffi.typeof(struct_ctype(name))
        fields = [(f, fld.offset, _field_decl(f, fld.type),
                   ffi.sizeof(fld.type), ffi.alignof(fld.type))
                  for f, fld in ct.fields]
        structs[name] = (ffi.sizeof(ct), ffi.alignof(ct), fields)
    return {
        "typedefs": {name: (ffi.typeof(name).cname, ffi.sizeof(name), ffi.alignof(name))
                     for name in re.findall(TYPEDEF_RE, types)},
        "structs": structs,
        "primitives": {t: (ffi.sizeof(t), ffi.alignof(t)) for t in PRIMITIVES},
        "constants": read_constants(ffi, lib),
        "cmsg": (lib.sockffi_cmsg_len(0), lib.sockffi_cmsg_space(1)),
    }


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


def exact_types(figures: dict) -> str:
    """The TYPES of the cdef with every `...` resolved: typedefs to their
    real integer type, structs with all padding."""
    lines = [f"typedef {cname} {name};"
             for name, (cname, _, _) in figures["typedefs"].items()]
    counter = [0]
    for name, (size, align, fields) in figures["structs"].items():
        body, pos = [], 0
        for _, offset, decl, fsize, _ in sorted(fields, key=lambda f: f[1]):
            if offset > pos:
                body += _pad_fields(pos, offset - pos, align, counter)
            body.append("    " + decl)
            pos = offset + fsize
        if size > pos:
            body += _pad_fields(pos, size - pos, align, counter)
        natural = max([f[4] for f in fields] + [1])
        if natural < align and size == pos:
            # No padding to carry the alignment (in6_addr is a union of
            # byte and word arrays in libc): overlay an aligned member.
            counter[0] += 1
            width = {8: "uint64_t", 4: "uint32_t", 2: "uint16_t"}[align]
            body = (["    union {", "    struct {"] + body +
                    ["    };", f"    {width} _sockffi_pad{counter[0]};", "    };"])
        ctype = struct_ctype(name)
        if ctype == name:
            lines.append("typedef struct {\n" + "\n".join(body) + f"\n}} {name};")
        else:
            lines.append(f"{ctype} {{\n" + "\n".join(body) + "\n};")
    return "\n".join(lines) + "\n"


def verify_declarations(figures: dict, types_text: str, decls=None) -> None:
    """Fail unless cffi, given `types_text` and no compiler, lays out every
    typedef, struct and field exactly as the figures say.

    cffi computes an ABI-mode layout at run time from the natural size and
    alignment of each primitive type on the machine it runs on.  Checked
    here on the build host, this proves the declarations for any target
    whose primitive types have the same sizes and alignments as the host's;
    figures_from_probe() checks that for every field type and typedef
    (LP64: x86_64 and aarch64 alike)."""
    abi = FFI()
    abi.cdef(types_text + (decls or cdef).functions())
    bad = []
    for name, want in figures["typedefs"].items():
        got = (abi.typeof(name).cname, abi.sizeof(name), abi.alignof(name))
        if got != want:
            bad.append(f"typedef {name}: {got} != {want}")
    for name, (size, align, fields) in figures["structs"].items():
        ct = abi.typeof(struct_ctype(name, (decls or cdef).types()))
        if (abi.sizeof(ct), abi.alignof(ct)) != (size, align):
            bad.append(f"struct {name}: size/align {(abi.sizeof(ct), abi.alignof(ct))} "
                       f"!= {(size, align)}")
        got_fields = dict(ct.fields)
        for fname, offset, decl, fsize, falign in fields:
            fld = got_fields.get(fname)
            got = fld and (fld.offset, _field_decl(fname, fld.type),
                           abi.sizeof(fld.type), abi.alignof(fld.type))
            if got != (offset, decl, fsize, falign):
                bad.append(f"{name}.{fname}: {got} != {(offset, decl, fsize, falign)}")
    for ctype, want in figures["primitives"].items():
        if (abi.sizeof(ctype), abi.alignof(ctype)) != tuple(want):
            bad.append(f"{ctype}: {(abi.sizeof(ctype), abi.alignof(ctype))} != {want} "
                       "(a data model other than this host's)")
    if bad:
        raise SystemExit("the ABI declarations do not reproduce the figures:\n  "
                         + "\n  ".join(bad))


# --- The probe: figures from a compiler's assembly, nothing run ----------

PROBE_SYMBOL = "sockffi_probe"
HOST_INCLUDE = "/usr/include/"
# Host headers a cross build may read: BlueZ's are the same files for every
# architecture (Debian ships no per-target copy), sized by the target's own
# <stdint.h> and <endian.h>.
ARCH_INDEPENDENT_INCLUDES = ("/usr/include/bluetooth/",)
PROBE_MAGIC = 0x736F636B66666931  # "sockffi1": marks both ends of the array
_ASM_QUADS = {".xword", ".quad", ".8byte", ".dword"}
_ASM_FILLS = {".zero", ".space", ".skip"}


def _resolve_partials(types: str, typedefs: dict, lengths: dict) -> str:
    """The cdef TYPES with `typedef int... T`, `field[...]` and `...;`
    replaced, so plain cffi (no compiler) can parse it.  A typedef or length
    not given yet becomes a placeholder (only the names matter then)."""
    struct = None  # the struct whose body the match is in

    def sub(match):
        nonlocal struct
        if match.group("struct"):
            struct = match.group("struct")
            return match.group(0)
        if match.group("typedef"):
            name = match.group("typedef")
            return f"typedef {typedefs.get(name, ('int',))[0]} {name};"
        name = match.group("field")
        return f"{name}[{lengths.get((struct, name), 1)}]"

    text = re.sub(r"struct\s+(?P<struct>\w+)\s*\{"
                  r"|typedef\s+int\.\.\.\s+(?P<typedef>\w+)\s*;"
                  r"|(?P<field>\w+)\s*\[\s*\.\.\.\s*\]", sub, types)
    text = re.sub(r"\.\.\.\s*;", "", text)
    if "..." in text:
        left = re.findall(r"[^;{}]*\.\.\.[^;{}]*", text)
        raise SystemExit(f"the probe cannot resolve these partial declarations: {left}")
    return text


def _plain_ffi(text: str) -> FFI:
    ffi = FFI()
    ffi.cdef(text)
    return ffi


def _probe_requests(shape: FFI, decls=None) -> list:
    """(key, C integer constant expression) for every figure but the
    constants, from the names in the cdef."""
    types = (decls or cdef).types()
    out = []
    for name in re.findall(TYPEDEF_RE, types):
        out += [(("typedef", name, "size"), f"sizeof({name})"),
                (("typedef", name, "align"), f"_Alignof({name})"),
                (("typedef", name, "signed"), f"(({name})-1 < 0)")]
    for ctype in PRIMITIVES:
        out += [(("primitive", ctype, "size"), f"sizeof({ctype})"),
                (("primitive", ctype, "align"), f"_Alignof({ctype})")]
    for name in struct_names(types):
        struct = struct_ctype(name, types)
        out += [(("struct", name, "size"), f"sizeof({struct})"),
                (("struct", name, "align"), f"_Alignof({struct})")]
        for fname, fld in shape.typeof(struct).fields:
            if not fname or fld.bitsize != -1:
                raise SystemExit(f"{struct}: the probe handles named, non-bit fields only")
            member = f"(({struct} *)0)->{fname}"
            out += [(("field", name, fname, "offset"), f"offsetof({struct}, {fname})"),
                    (("field", name, fname, "size"), f"sizeof({member})"),
                    (("field", name, fname, "align"), f"_Alignof(__typeof__({member}))")]
            if fld.type.kind == "array":
                out.append((("field", name, fname, "item"), f"sizeof({member}[0])"))
    out += [(("cmsg", "len0"), "CMSG_LEN(0)"), (("cmsg", "space1"), "CMSG_SPACE(1)")]
    # Which headers the figures come from, for the generated file's docstring.
    out += [(("headers", "glibc"), "SOCKFFI_PROBE_GLIBC"),
            (("headers", "linux"), "SOCKFFI_PROBE_LINUX")]
    return out


# Which libc and kernel headers the probe read, 0 where there are none.
_PROBE_HEADERS = """
#ifdef __linux__
#include <linux/version.h>
#define SOCKFFI_PROBE_LINUX LINUX_VERSION_CODE
#else
#define SOCKFFI_PROBE_LINUX 0
#endif
#ifdef __GLIBC__
#define SOCKFFI_PROBE_GLIBC (__GLIBC__ * 1000 + __GLIBC_MINOR__)
#else
#define SOCKFFI_PROBE_GLIBC 0
#endif
"""


def probe_source(requests: list, table: list, decls=None) -> str:
    """A C file that only defines one `const long long` array: the magic, one
    value per request, a (present, value) pair per constant (under the same
    #ifdef guards as the API build's table), the magic again."""
    decls = decls or cdef
    rows = [f"    (long long)({expr}),  /* {':'.join(key)} */" for key, expr in requests]
    for name, expr, guard in table:
        rows += [f"#ifdef {guard}", f"    1, (long long)({expr}),  /* {name} */",
                 "#else", "    0, 0,", "#endif"]
    return "\n".join([
        decls.includes() + decls.customizations(),
        "#include <stddef.h>",
        _PROBE_HEADERS,
        f"const long long {PROBE_SYMBOL}[] = {{",
        f"    {PROBE_MAGIC}LL,",
        *rows,
        f"    {PROBE_MAGIC}LL",
        "};",
        "",
    ])


def _signed64(value: int) -> int:
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >> 63 else value


def _strip_asm_comment(line: str) -> str:
    """The line without its comment: '//' and '#' (ELF targets), ';'
    (Mach-O on aarch64)."""
    return line.split("//")[0].split("#")[0].split(";")[0].strip()


def parse_probe_asm(asm: str, symbol: str = PROBE_SYMBOL) -> list:
    """The 64-bit values of `symbol`'s initialiser in GNU or LLVM assembler
    output (.xword on aarch64, .quad on x86_64, .zero for runs of zeros; on
    Mach-O the label has a leading underscore).  Anything else inside the
    array is an error, never a guess."""
    lines = asm.splitlines()
    labels = (symbol + ":", "_" + symbol + ":")
    try:
        start = next(i for i, line in enumerate(lines)
                     if _strip_asm_comment(line) in labels)
    except StopIteration:
        raise ValueError(f"no label {symbol!r} in the assembly") from None
    values = []
    for line in lines[start + 1:]:
        line = _strip_asm_comment(line)
        if not line:
            continue
        directive, *rest = line.split(None, 1)
        args = [a.strip() for a in "".join(rest).split(",") if a.strip()]
        if directive in _ASM_QUADS:
            values += [_signed64(int(a, 0)) for a in args]
        elif directive in _ASM_FILLS:
            count = int(args[0], 0)
            if count % 8 or (len(args) > 1 and int(args[1], 0) != 0):
                raise ValueError(f"unexpected fill in {symbol}: {line!r}")
            values += [0] * (count // 8)
        elif directive.startswith(".") or directive.endswith(":"):
            break  # the next section, directive or symbol
        else:
            raise ValueError(f"unexpected line in {symbol}: {line!r}")
    size = re.search(rf"^\s*\.size\s+{symbol}\s*,\s*(\d+)\s*$", asm, re.M)
    if size and int(size.group(1)) != 8 * len(values):
        raise ValueError(f"{symbol} is {size.group(1)} bytes, parsed {8 * len(values)}")
    if len(values) < 2 or values[0] != PROBE_MAGIC or values[-1] != PROBE_MAGIC:
        raise ValueError(f"{symbol} does not start and end with the probe magic")
    return values[1:-1]


def _run_cc(cc: str, args: list) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(shlex.split(cc) + args, capture_output=True, text=True)
    except OSError as exc:
        raise SystemExit(f"cannot run the compiler {cc!r}: {exc}") from None
    if done.returncode:
        raise SystemExit(f"{cc} failed to compile the layout probe:\n{done.stderr}")
    return done


def compile_probe(cc: str, source: str) -> tuple:
    """Compile `source` to assembly with `cc` (a command, e.g.
    "aarch64-linux-gnu-gcc"); return the assembly text and the headers read.
    The headers come from a separate -M run: zig's clang, given -S with
    -MD -MF, writes the assembly to /dev/null."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = (os.path.join(tmp, "probe" + ext) for ext in (".c", ".s"))
        with open(src, "w") as f:
            f.write(source)
        _run_cc(cc, ["-S", "-O0", "-o", out, src])
        deps = _run_cc(cc, ["-M", src]).stdout
        with open(out) as f:
            return f.read(), deps.replace("\\\n", " ").split()[2:]


def figures_from_probe(cc: str, foreign: bool = False, decls=None) -> dict:
    """The figures for whatever target `cc` compiles for, read from the
    assembly of a probe file: the cross compiler's own sizeof, _Alignof,
    offsetof and macro values, never a run of target code.

    `foreign`: `cc` is a cross compiler, so it must not read this host's
    own headers (Debian's cross gcc searches /usr/include last).
    `decls`: the target platform's cdef (declarations(platform))."""
    decls = decls or cdef
    types = decls.types()
    shape = _plain_ffi(_resolve_partials(types, {}, {}))
    requests = _probe_requests(shape, decls)
    table = decls.constants()
    asm, headers = compile_probe(cc, probe_source(requests, table, decls))
    leaked = [h for h in headers if foreign and h.startswith(HOST_INCLUDE)
              and not h.startswith(ARCH_INDEPENDENT_INCLUDES)]
    if leaked:
        raise SystemExit(f"{cc} read this host's headers, not the target's: {leaked}")
    values = parse_probe_asm(asm)
    if len(values) != len(requests) + 2 * len(table):
        raise SystemExit(f"the probe holds {len(values)} values, expected "
                         f"{len(requests) + 2 * len(table)}")
    got = dict(zip((key for key, _ in requests), values))
    pairs = values[len(requests):]
    constants = {name: pairs[2 * i + 1] for i, (name, _, _) in enumerate(table)
                 if pairs[2 * i]}

    typedefs = {}
    for name in re.findall(TYPEDEF_RE, types):
        size, align = got["typedef", name, "size"], got["typedef", name, "align"]
        typedefs[name] = (_int_type(size, bool(got["typedef", name, "signed"])), size, align)
    lengths = {(key[1], key[2]): got[key[:3] + ("size",)] // value
               for key, value in got.items() if key[0] == "field" and key[3] == "item"}
    # Re-parse with the target's typedefs and array lengths: cffi then names
    # each field's type exactly as it does in the compiled module.
    declared = _plain_ffi(_resolve_partials(types, typedefs, lengths))
    structs = {}
    for name in struct_names(types):
        fields = [(f, got["field", name, f, "offset"], _field_decl(f, fld.type),
                   got["field", name, f, "size"], got["field", name, f, "align"])
                  for f, fld in declared.typeof(struct_ctype(name, types)).fields]
        structs[name] = (got["struct", name, "size"], got["struct", name, "align"], fields)
    return {
        "typedefs": typedefs,
        "structs": structs,
        "primitives": {t: (got["primitive", t, "size"], got["primitive", t, "align"])
                       for t in PRIMITIVES},
        "constants": constants,
        "cmsg": (got["cmsg", "len0"], got["cmsg", "space1"]),
        "headers": _headers_text(got["headers", "glibc"], got["headers", "linux"]),
    }


def _headers_text(glibc: int, linux: int) -> str:
    parts = []
    if glibc:
        parts.append(f"glibc {glibc // 1000}.{glibc % 1000}")
    if linux:
        parts.append(f"Linux {linux >> 16}.{(linux >> 8) & 255}.{linux & 255}")
    return ", ".join(parts or ["non-Linux"]) + " headers"


# --- Writing sockffi/_abi/<key>_* ------------------------------------------

def _compile_api_into(tmpdir: str):
    name = "_sockffi_layout_probe"
    builder = make_api_builder(name)
    builder.compile(tmpdir=tmpdir, verbose=False)
    sys.path.insert(0, tmpdir)
    try:
        sys.modules.pop(name, None)
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


def struct_layouts(ffi, decls=None) -> dict:
    """{struct name: (size, alignment, {field: offset})} for the parity test."""
    out = {}
    types = (decls or cdef).types()
    for name in struct_names(types):
        ct = ffi.typeof(struct_ctype(name, types))
        out[name] = (ffi.sizeof(ct), ffi.alignof(ct),
                     {f: fld.offset for f, fld in ct.fields
                      if f and not f.startswith("_sockffi_pad")})
    return out


def _layouts_of(figures: dict) -> dict:
    return {name: (size, align, {f[0]: f[1] for f in fields})
            for name, (size, align, fields) in figures["structs"].items()}


def write_abi(target: str = None, cc: str = None, out_dir: str = ABI_DIR) -> None:
    """Write <key>_ffi.py and <key>_values.py for this machine (from a
    compiled API module) or, with `target`, for that triple (from a probe
    compiled by `cc`, default_cc(target))."""
    decls = cdef
    if target:
        key, platform = target_platform(target)
        decls = declarations(platform)
        cc = cc or default_cc(target)
        select_headers(shlex.split(cc), decls)
        figures = figures_from_probe(cc, foreign=key != platform_key(), decls=decls)
        command = f"python build_ffi.py abi --target {target}"
        origin = textwrap.fill(
            f"Constant values and C macro figures read off the assembly of a probe "
            f"compiled by {cc} (nothing run; {figures['headers']}), "
            "for the ABI (no compiler) mode.", 76)
    else:
        key = platform_key()
        with tempfile.TemporaryDirectory() as tmp:
            api = _compile_api_into(tmp)
            figures = figures_from_module(api.ffi, api.lib)
        command = "python build_ffi.py abi"
        origin = ("Constant values and C macro figures read off the compiled build,\n"
                  "for the ABI (no compiler) mode.")
    types_text = exact_types(figures)
    verify_declarations(figures, types_text, decls)
    abi = FFI()
    abi.cdef(types_text + decls.functions())
    module = f"{key}_ffi"
    abi.set_source(module, None)
    abi.emit_python_code(os.path.join(out_dir, module + ".py"))
    len0, space1 = figures["cmsg"]
    values = {
        "CONSTANTS": figures["constants"],
        "CMSG_HEADER": len0,
        "CMSG_ALIGN": space1 - len0,
        "LAYOUTS": _layouts_of(figures),
    }
    where = "" if target else f" on {key}"
    with open(os.path.join(out_dir, f"{key}_values.py"), "w") as f:
        f.write(f'"""Generated by `{command}`{where}: do not edit.\n\n{origin}"""\n\n')
        for name, value in values.items():
            f.write(f"{name} = {pprint.pformat(value, width=100, sort_dicts=True)}\n\n")
    _check_abi(key, values["LAYOUTS"], out_dir, decls)
    shown = os.path.relpath(out_dir, HERE) if out_dir.startswith(HERE + os.sep) else out_dir
    print(f"wrote {shown}/{key}_ffi.py and {key}_values.py "
          f"({len(values['CONSTANTS'])} constants, {len(values['LAYOUTS'])} structs)")


def _check_abi(key: str, layouts: dict, out_dir: str = ABI_DIR, decls=None) -> None:
    """The written ABI module must reproduce the layouts exactly."""
    name = f"{key}_ffi"
    sys.path.insert(0, out_dir)
    try:
        sys.modules.pop(name, None)
        abi = importlib.import_module(name).ffi
    finally:
        sys.path.remove(out_dir)
        sys.modules.pop(name, None)
    got = struct_layouts(abi, decls)
    bad = {k: (v, got.get(k)) for k, v in layouts.items() if got.get(k) != v}
    if bad:
        raise SystemExit(f"ABI layout differs from the compiled one: {bad}")


def build_in_place() -> None:
    """Compile in a scratch directory and move the module into sockffi/:
    distutils reads the setup configuration of the directory it builds in,
    and a setuptools older than pyproject.toml's floor rejects ours."""
    with tempfile.TemporaryDirectory(prefix="sockffi-build-") as scratch:
        built = ffibuilder.compile(tmpdir=scratch, verbose=False)
        shutil.copy2(built, os.path.join(HERE, "sockffi"))  # (other interpreters' builds stay)
    print(f"built sockffi/{os.path.basename(built)} (API mode) in place")


def write_c_source(target: str, path: str) -> None:
    """The API-mode C source of `target`'s platform, as setup.py would
    compile it there."""
    _, platform = target_platform(target)
    decls = declarations(platform)
    select_headers(shlex.split(default_cc(target)), decls)
    make_api_builder(decls=decls).emit_c_code(path)
    print(f"wrote {path} ({platform} declarations)")


def main(argv: list) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="api", choices=("api", "abi", "c-source"))
    parser.add_argument("--target", help="abi, c-source: a triple such as aarch64-linux-gnu "
                        "or x86_64-macos; probe its layouts with a cross compiler instead "
                        "of this machine's build")
    parser.add_argument("--cc", help="with --target: the compiler (default <target>-gcc "
                        "for glibc triples, else zig's clang)")
    parser.add_argument("--out", help="abi: the directory to write into (default "
                        "sockffi/_abi); c-source: the file")
    args = parser.parse_args(argv)
    if args.command == "api":
        if args.target or args.cc or args.out:
            parser.error("--target/--cc/--out apply to `abi` and `c-source` only")
        build_in_place()
    elif args.command == "c-source":
        if not (args.target and args.out) or args.cc:
            parser.error("c-source needs --target and --out (and takes no --cc)")
        write_c_source(args.target, args.out)
    else:
        if args.cc and not args.target:
            parser.error("--cc needs --target")
        write_abi(args.target, args.cc, args.out or ABI_DIR)


if __name__ == "__main__":
    main(sys.argv[1:])
