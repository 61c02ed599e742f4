"""Only what pyproject.toml cannot say: the cffi extension.

SOCKFFI_BUILD=abi, or a build machine whose compiler fails, installs the
package without the compiled module; it then runs in ABI mode from the
declarations committed under sockffi/_abi/.
"""

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext


class build_ext_optional(build_ext):
    """Build the API module where a compiler works; warn and go on without
    it where none does."""

    def run(self):
        try:
            super().run()
        except Exception as exc:  # CompileError, missing compiler, ...
            self._fallback(exc)

    def build_extension(self, ext):
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
setup(**kwargs)
