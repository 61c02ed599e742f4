"""A build on a machine without BlueZ's headers (a user without
libbluetooth-dev building the sdist) must succeed, and then have no
Bluetooth names at all: AttributeError, never a stub, and AF_BLUETOOTH
without an address form, as a stdlib built without the headers."""

import os
import shutil
import socket as stdlib_socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if not (ROOT / "build_ffi.py").exists():
    pytest.skip("needs the source tree (build_ffi.py)", allow_module_level=True)

BUILD = textwrap.dedent("""
    import importlib.util, sys
    spec = importlib.util.spec_from_file_location("build_ffi", sys.argv[1])
    build_ffi = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_ffi)
    # The machine's compiler, asked for a header no machine has.
    missing = build_ffi.cdef.select(
        lambda h: build_ffi.has_header(build_ffi.host_compiler(), "sockffi-absent/" + h))
    assert missing == ["bluetooth"], missing
    build_ffi.make_api_builder("sockffi._sockffi").compile(tmpdir=sys.argv[2], verbose=False)
""")

CHECK = textwrap.dedent("""
    import socket as stdlib_socket
    import sys
    import sockffi
    assert sockffi.MODE == "api", sockffi.MODE
    for name in ("BTPROTO_L2CAP", "BTPROTO_RFCOMM", "BTPROTO_HCI", "BTPROTO_SCO", "SOL_HCI",
                 "HCI_FILTER", "HCI_TIME_STAMP", "HCI_DATA_DIR", "HCI_DEV_NONE"):
        assert not hasattr(sockffi, name), name
    from sockffi._binding import ffi
    for ctype in ("struct sockaddr_l2", "struct sockaddr_rc", "bdaddr_t"):
        try:
            ffi.sizeof(ctype)
        except ffi.error:
            pass
        else:
            raise AssertionError(ctype + " is declared")
    # AF_BLUETOOTH (from <sys/socket.h>) stays; it has no address form.
    errors = []
    for module in (sockffi, stdlib_socket):
        u = module.socket(module.AF_INET, module.SOCK_DGRAM)
        s = module.socket(sockffi.AF_BLUETOOTH, module.SOCK_STREAM, 3, u.detach())
        try:
            s.bind(("01:02:03:04:05:06", 1))
        except OSError as exc:
            errors.append(str(exc))
        finally:
            s.close()
    print(errors[0])
    # A CPython stdlib built without them too (PyPy words its own message).
    if sys.implementation.name == "cpython" and not hasattr(stdlib_socket, "BTPROTO_RFCOMM"):
        assert errors[0] == errors[1], errors
""")


@pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None,
                    reason="no C compiler to build the API module")
def test_build_without_the_bluetooth_headers(tmp_path):
    build = subprocess.run([sys.executable, "-c", BUILD, str(ROOT / "build_ffi.py"),
                            str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    # The package's Python files next to the module just built (not this
    # tree's own compiled module).
    shutil.copytree(ROOT / "sockffi", tmp_path / "sockffi", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("_sockffi.*", "__pycache__"))
    env = dict(os.environ, PYTHONPATH=str(tmp_path), SOCKFFI_MODE="api")
    check = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                           timeout=120, env=env, cwd=str(tmp_path))
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "bind(): bad family"
