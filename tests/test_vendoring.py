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
    from somepkg._vendor.sockffi import _binding
    assert _binding.LOAD_FAILURES == ("api mode: the compiled module _sockffi is not built "
                                      "(no compiler at install time, or SOCKFFI_BUILD=abi)",)
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


def _vendored_copy(tmp_path):
    """somepkg/_vendor/sockffi: the package's Python files, no extension."""
    source = os.path.dirname(sockffi.__file__)
    target = tmp_path / "somepkg" / "_vendor" / "sockffi"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(
        "*.so", "*.pyd", "*.c", "*.o", "__pycache__"))
    (tmp_path / "somepkg" / "__init__.py").write_text("")
    (tmp_path / "somepkg" / "_vendor" / "__init__.py").write_text("")
    return source, target


def test_vendored_copy_runs_in_abi_mode(tmp_path):
    source, _ = _vendored_copy(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "SOCKFFI_MODE"}
    # The copy first; then wherever this run's sockffi was imported from.
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), os.path.dirname(source)])
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=str(tmp_path), env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "vendored ok abi" in result.stdout


def test_an_api_module_that_fails_to_load_says_why(tmp_path):
    """An extension that is there but raises ImportError is not reported as
    "not built": its own message is the reason ABI mode was chosen."""
    _, target = _vendored_copy(tmp_path)
    (target / "_sockffi.py").write_text("raise ImportError('a missing symbol, say')\n")
    script = ("from somepkg._vendor.sockffi import _binding; "
              "print(_binding.MODE, _binding.LOAD_FAILURES)")
    env = {k: v for k, v in os.environ.items() if k != "SOCKFFI_MODE"}
    env["PYTHONPATH"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-c", script], cwd=str(tmp_path), env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "abi ('api mode: a missing symbol, say',)"
