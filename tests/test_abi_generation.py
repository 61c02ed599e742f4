"""How the ABI declarations of another machine are made: `python build_ffi.py
abi --target aarch64-linux-gnu` compiles a probe file with the cross compiler
and reads every figure out of the assembly, running nothing built for the
target.  These tests prove that method on this host (the probe compiled by
the host's own compiler gives exactly the figures of the compiled module),
guard the assembly reader and the layout check, and hold the committed
linux-aarch64 files to the cdef."""

import importlib
import importlib.util
import re
import shlex
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if not (ROOT / "build_ffi.py").exists():
    pytest.skip("needs the source tree (build_ffi.py)", allow_module_level=True)

_spec = importlib.util.spec_from_file_location("_build_ffi_under_test", ROOT / "build_ffi.py")
build_ffi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_ffi)

ABI_DIR = ROOT / "sockffi" / "_abi"
HOST_CC = sysconfig.get_config_var("CC") or "gcc"
CROSS = "aarch64-linux-gnu"
COMPARED = ("typedefs", "structs", "primitives", "constants", "cmsg")

needs_host_cc = pytest.mark.skipif(shutil.which(shlex.split(HOST_CC)[0]) is None,
                                   reason=f"no host C compiler ({HOST_CC})")
needs_cross_cc = pytest.mark.skipif(
    shutil.which(f"{CROSS}-gcc") is None,
    reason=f"no {CROSS}-gcc (Debian: gcc-aarch64-linux-gnu libc6-dev-arm64-cross)")

# Constants the host's kernel headers (linux-libc-dev 6.1.1xx) define and
# the cross toolchain's older ones (linux-libc-dev-arm64-cross 6.1.4) do not.
OLDER_CROSS_HEADERS = {"IPV6_FLOWINFO", "IPV6_FLOWINFO_SEND", "IPV6_FLOWLABEL_MGR",
                       "IP_LOCAL_PORT_RANGE", "IP_PROTOCOL", "SOL_VSOCK"}


@pytest.fixture(scope="module")
def host_module_figures(tmp_path_factory):
    """The normal host path: a freshly compiled API module, imported."""
    api = build_ffi._compile_api_into(str(tmp_path_factory.mktemp("api")))
    return build_ffi.figures_from_module(api.ffi, api.lib)


@pytest.fixture(scope="module")
def host_probe_figures():
    return build_ffi.figures_from_probe(HOST_CC)


# --- the method, proven with the host compiler -----------------------------

@needs_host_cc
@pytest.mark.parametrize("part", COMPARED)
def test_host_probe_gives_the_compiled_modules_figures(part, host_module_figures,
                                                       host_probe_figures):
    assert host_probe_figures[part] == host_module_figures[part]


@needs_host_cc
def test_host_probe_covers_the_cdef(host_probe_figures):
    assert set(host_probe_figures["structs"]) == set(
        build_ffi.struct_names(build_ffi.cdef.types()))
    assert len(host_probe_figures["constants"]) > 1000
    assert host_probe_figures["headers"].startswith("glibc 2.")


@needs_host_cc
def test_host_probe_writes_the_committed_host_declarations(tmp_path):
    key = build_ffi.platform_key()
    if not (ABI_DIR / f"{key}_ffi.py").exists():
        pytest.skip(f"no committed declarations for {key}")
    triple = subprocess.run(shlex.split(HOST_CC) + ["-dumpmachine"], capture_output=True,
                            text=True, check=True).stdout.strip()
    build_ffi.write_abi(triple, HOST_CC, out_dir=str(tmp_path))
    assert (tmp_path / f"{key}_ffi.py").read_bytes() == (ABI_DIR / f"{key}_ffi.py").read_bytes()
    # The values differ only in the docstring that says how they were made.
    body = [(d / f"{key}_values.py").read_text().split('"""', 2)[2] for d in (tmp_path, ABI_DIR)]
    assert body[0] == body[1]


# --- the pieces that must fail loudly ---------------------------------------

MAGIC = build_ffi.PROBE_MAGIC


def test_reads_aarch64_assembly():
    asm = (f"\t.size\tsockffi_probe, 48\nsockffi_probe:\n\t.xword\t{MAGIC}\n\t.xword\t-1\n"
           f"\t.zero\t16\n\t.xword\t18446744073709551615\n\t.xword\t{MAGIC}\n\t.ident\t\"GCC\"\n")
    assert build_ffi.parse_probe_asm(asm) == [-1, 0, 0, -1]


def test_reads_x86_64_assembly():
    asm = f"sockffi_probe:\n\t.quad\t{MAGIC}\n\t.quad\t7, 0x10\n\t.quad\t{MAGIC}\n\t.section\t.note\n"
    assert build_ffi.parse_probe_asm(asm) == [7, 16]


def test_reads_mach_o_assembly():
    # Mach-O: a leading underscore on the label; aarch64 darwin: ';' comments.
    asm = (f"\t.globl\t_sockffi_probe ; -- Begin\n_sockffi_probe:\n"
           f"\t.quad\t{MAGIC}                ; 0x736f636b66666931\n\t.quad\t5 ; 0x5\n"
           f"\t.quad\t{MAGIC}\n\t.subsections_via_symbols\n")
    assert build_ffi.parse_probe_asm(asm) == [5]


@pytest.mark.parametrize("asm", [
    f"other:\n\t.quad\t{MAGIC}\n\t.quad\t{MAGIC}\n",                    # no such symbol
    f"sockffi_probe:\n\t.quad\t{MAGIC}\n\t.word\t1\n\t.quad\t{MAGIC}\n",  # a 4-byte value
    f"sockffi_probe:\n\t.quad\t{MAGIC}\n\t.zero\t4\n\t.quad\t{MAGIC}\n",  # a partial fill
    f"sockffi_probe:\n\t.quad\t1\n\t.quad\t{MAGIC}\n",                  # no leading magic
    f"\t.size\tsockffi_probe, 24\nsockffi_probe:\n\t.quad\t{MAGIC}\n\t.quad\t{MAGIC}\n",
    f"sockffi_probe:\n\t.quad\t{MAGIC}\n\tmov\tx0, 1\n\t.quad\t{MAGIC}\n",
])
def test_rejects_assembly_it_does_not_understand(asm):
    with pytest.raises(ValueError):
        build_ffi.parse_probe_asm(asm)


def test_refuses_partial_declarations_it_cannot_probe():
    with pytest.raises(SystemExit):
        build_ffi._resolve_partials("typedef ... opaque_t;", {}, {})


def test_resolves_typedefs_and_array_lengths():
    text = build_ffi._resolve_partials(
        "typedef int... t_t;\nstruct s { t_t a; char p[...]; ...; };\n"
        "struct u { char p[...]; };",
        {"t_t": ("uint16_t", 2, 2)}, {("s", "p"): 108, ("u", "p"): 3})
    assert text == ("typedef uint16_t t_t;\nstruct s { t_t a; char p[108];  };\n"
                    "struct u { char p[3]; };")


@needs_host_cc
@pytest.mark.parametrize("tamper", ["offset", "size", "typedef", "primitive"])
def test_layout_check_catches_a_wrong_figure(tamper, host_probe_figures):
    figures = {k: (dict(v) if isinstance(v, dict) else v) for k, v in host_probe_figures.items()}
    text = build_ffi.exact_types(figures)
    build_ffi.verify_declarations(figures, text)  # the honest figures pass
    if tamper == "offset":
        size, align, fields = figures["structs"]["sockaddr_in6"]
        name, offset, *rest = fields[-1]
        figures["structs"]["sockaddr_in6"] = (size, align, fields[:-1] + [(name, offset - 4, *rest)])
    elif tamper == "size":
        size, align, fields = figures["structs"]["msghdr"]
        figures["structs"]["msghdr"] = (size + 8, align, fields)
    elif tamper == "typedef":
        cname, size, align = figures["typedefs"]["socklen_t"]
        figures["typedefs"]["socklen_t"] = (cname, size, 8)
    else:
        figures["primitives"]["long"] = (4, 4)  # an ILP32 target
    with pytest.raises(SystemExit):
        build_ffi.verify_declarations(figures, text)


# --- the committed linux-aarch64 files --------------------------------------

def _committed(key):
    ffi = importlib.import_module(f"sockffi._abi.{key}_ffi").ffi
    values = importlib.import_module(f"sockffi._abi.{key}_values")
    return ffi, values


def test_aarch64_declarations_cover_the_cdef():
    """Without the cross compiler: a cdef change regenerated for x86_64 only
    shows up here as a missing struct, field, function or constant."""
    arm_ffi, arm = _committed("linux_aarch64")
    x86_ffi, x86 = _committed("linux_x86_64")
    types = build_ffi.cdef.types()
    shape = build_ffi._plain_ffi(build_ffi._resolve_partials(types, {}, {}))
    for name in build_ffi.struct_names(types):
        declared = [f for f, _ in shape.typeof(build_ffi.struct_ctype(name)).fields]
        assert sorted(arm.LAYOUTS[name][2]) == sorted(declared), name
    assert set(arm.LAYOUTS) == set(build_ffi.struct_names(types))
    for name in re.findall(build_ffi.TYPEDEF_RE, types):
        assert arm_ffi.typeof(name).kind == "primitive", name
    arm_lib, x86_lib = arm_ffi.dlopen(None), x86_ffi.dlopen(None)
    for name in re.findall(r"(\w+)\s*\(", re.sub(r"\([^()]*\)\s*;", "();",
                                                build_ffi.cdef.functions())):
        # LP64 glibc on both: the same C signature means the same cffi type.
        assert arm_ffi.typeof(getattr(arm_lib, name)).cname == \
            x86_ffi.typeof(getattr(x86_lib, name)).cname, name
    table = {name for name, _, _ in build_ffi.cdef.constants()}
    assert set(arm.CONSTANTS) <= table
    assert set(x86.CONSTANTS) - set(arm.CONSTANTS) == OLDER_CROSS_HEADERS, \
        f"regenerate: python build_ffi.py abi --target {CROSS}"
    assert set(arm.CONSTANTS) - set(x86.CONSTANTS) == set()


def test_aarch64_layouts_hold_under_cffi_on_this_host():
    """cffi lays out ABI declarations by natural alignment at run time; on this
    LP64 host it must land on every recorded aarch64 figure (the generator
    checked each field type's size and alignment against the probe)."""
    arm_ffi, arm = _committed("linux_aarch64")
    assert build_ffi.struct_layouts(arm_ffi) == arm.LAYOUTS
    assert (arm.CMSG_HEADER, arm.CMSG_ALIGN) == (16, 8)


@needs_cross_cc
def test_aarch64_probe_reads_the_target_not_the_host():
    """Figures known to differ between x86_64 and aarch64 come out as aarch64's."""
    requests = [(("o_directory",), "O_DIRECTORY"), (("char_signed",), "((char)-1 < 0)")]
    asm, headers = build_ffi.compile_probe(f"{CROSS}-gcc", build_ffi.probe_source(requests, []))
    assert build_ffi.parse_probe_asm(asm)[:2] == [0o40000, 0]
    # Of this host's headers, only the architecture-independent ones (BlueZ's).
    host = [h for h in headers if h.startswith(build_ffi.HOST_INCLUDE)]
    assert all(h.startswith(build_ffi.ARCH_INDEPENDENT_INCLUDES) for h in host), host
    if build_ffi.platform_key() == "linux_x86_64":
        asm, _ = build_ffi.compile_probe(HOST_CC, build_ffi.probe_source(requests, []))
        assert build_ffi.parse_probe_asm(asm)[:2] == [0o200000, 1]


@needs_cross_cc
def test_committed_aarch64_files_are_current(tmp_path):
    build_ffi.write_abi(CROSS, out_dir=str(tmp_path))
    for name in ("linux_aarch64_ffi.py", "linux_aarch64_values.py"):
        assert (tmp_path / name).read_text() == (ABI_DIR / name).read_text(), \
            f"regenerate: python build_ffi.py abi --target {CROSS}"


# --- other platforms: the portable declarations, probed through zig ---------

@pytest.mark.parametrize("triple,expected", [
    ("aarch64-linux-gnu", ("linux_aarch64", "linux-gnu")),
    ("x86_64-pc-linux-gnu", ("linux_x86_64", "linux-gnu")),
    ("x86_64-linux-musl", ("linux-musl_x86_64", "linux-musl")),
    ("aarch64-macos", ("darwin_aarch64", "darwin")),
    ("arm64-apple-darwin23", ("darwin_aarch64", "darwin")),
    ("x86_64-freebsd", ("freebsd_x86_64", "freebsd")),
    ("amd64-unknown-freebsd14.1", ("freebsd_x86_64", "freebsd")),
])
def test_target_triples(triple, expected):
    assert build_ffi.target_platform(triple) == expected


def test_unknown_target_is_refused():
    with pytest.raises(SystemExit, match="known are"):
        build_ffi.target_platform("x86_64-windows-msvc")


def test_portable_declarations_leave_out_linux_and_glibc():
    darwin = build_ffi.declarations("darwin")
    musl = build_ffi.declarations("linux-musl")
    for name in ("accept4", "recvmmsg", "gethostbyname2_r", "__h_errno_location"):
        assert name not in darwin.functions()
    assert "recvmmsg" in musl.functions() and "getprotobyname_r" not in musl.functions()
    assert "struct sockaddr_nl" not in darwin.types()
    assert {n for n, _, _ in darwin.constants()} < {n for n, _, _ in build_ffi.cdef.constants()}
    # The probe reads the Linux and glibc versions only where they exist.
    source = build_ffi.probe_source([], [], darwin)
    assert "#ifdef __linux__\n#include <linux/version.h>" in source


def _zig_available():
    return importlib.util.find_spec("ziglang") is not None


@pytest.mark.skipif(not _zig_available(), reason="no ziglang (pip install ziglang)")
@pytest.mark.parametrize("target", ["aarch64-macos", "x86_64-freebsd"])
def test_bsd_layouts_read_through_zig(target, tmp_path):
    key, platform = build_ffi.target_platform(target)
    build_ffi.write_abi(target, out_dir=str(tmp_path))
    values = {}
    exec((tmp_path / f"{key}_values.py").read_text(), values)
    layouts = values["LAYOUTS"]
    # sa_len comes first and the family is one byte: what sockaddr_init hides.
    assert layouts["sockaddr"] == (16, 1, {"sa_family": 1})
    assert layouts["cmsghdr"][:2] == (12, 4)
    assert values["CONSTANTS"]["AF_INET6"] == {"darwin": 30, "freebsd": 28}[platform]
