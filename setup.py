"""Only what pyproject.toml cannot say: the cffi extension, and how it is
built and tagged.

SOCKFFI_BUILD=abi, or a build machine whose compiler fails, installs the
package without the compiled module; it then runs in ABI mode from the
declarations committed under sockffi/_abi/.
"""

import os
import platform
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext


def _without_rpath(command: list) -> list:
    """The link command without `-Wl,-rpath,...`: an interpreter built with
    its library directory in LDFLAGS (pyenv) would stamp that directory into
    the extension as RUNPATH, a path of the build machine that a wheel must
    not carry. The extension links no library that would need it."""
    return [arg for arg in command
            if not (arg.startswith("-Wl,-rpath") or arg.startswith("-Wl,--enable-new-dtags"))]


class build_ext_optional(build_ext):
    """Build the API module where a compiler works; warn and go on without
    it where none does."""

    def run(self):
        try:
            super().run()
        except Exception as exc:  # CompileError, missing compiler, ...
            self._fallback(exc)

    def build_extension(self, ext):
        linker = getattr(self.compiler, "linker_so", None)
        if linker:
            self.compiler.linker_so = _without_rpath(linker)
        try:
            super().build_extension(ext)
        except Exception as exc:
            self._fallback(exc)

    def _fallback(self, exc):
        sys.stderr.write(
            f"sockffi: the C extension could not be built ({exc}); "
            "installing without it, sockffi will run in ABI mode\n")


kwargs = {"cmdclass": {"build_ext": build_ext_optional}}
if os.environ.get("SOCKFFI_BUILD", "").lower() != "abi":
    kwargs["cffi_modules"] = ["build_ffi.py:ffibuilder"]
if platform.python_implementation() == "CPython":
    # The cffi module uses only the stable ABI (its file is _sockffi.abi3.so):
    # one wheel serves every CPython from 3.9 (requires-python) on.
    kwargs["options"] = {"bdist_wheel": {"py_limited_api": "cp39"}}
setup(**kwargs)
