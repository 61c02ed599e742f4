"""A copy of sockffi/ inside another package works from there, in ABI mode
with no rebuild, side by side with the installed sockffi."""

import os
import shutil
import subprocess
import sys
import textwrap

import sockffi

SCRIPT = textwrap.dedent("""
    import io, sys
    import somepkg._vendor.sockffi as vendored
    from somepkg._vendor.sockffi import _selftest
    assert vendored.MODE == "abi", vendored.MODE
    assert "sockffi" not in sys.modules, "the vendored copy imported a top-level sockffi"
    assert all(not name.startswith("_sockffi") for name in sys.modules), sorted(sys.modules)
    out = io.StringIO()
    assert _selftest.run(out), out.getvalue()
    a, b = vendored.socketpair()
    with a, b:
        a.send(b"vendored")
        assert b.recv(100) == b"vendored"
        assert type(a).__module__ == "somepkg._vendor.sockffi"
    import sockffi as installed  # the installed one, untouched by the copy
    assert installed is not vendored and installed.socket is not vendored.socket
    assert installed.__file__ != vendored.__file__
    print("vendored ok", vendored.MODE, installed.MODE)
""")


def test_vendored_copy_runs_in_abi_mode(tmp_path):
    source = os.path.dirname(sockffi.__file__)
    target = tmp_path / "somepkg" / "_vendor" / "sockffi"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(
        "*.so", "*.pyd", "*.c", "*.o", "__pycache__"))
    (tmp_path / "somepkg" / "__init__.py").write_text("")
    (tmp_path / "somepkg" / "_vendor" / "__init__.py").write_text("")
    env = {k: v for k, v in os.environ.items() if k != "SOCKFFI_MODE"}
    # The copy first; then wherever this run's sockffi was imported from.
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), os.path.dirname(source)])
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=str(tmp_path), env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "vendored ok abi" in result.stdout
