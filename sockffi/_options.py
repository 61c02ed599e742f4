"""The socket class's options: setsockopt and getsockopt, with the stdlib's
argument forms (int, buffer, None + optlen) and errors."""

from __future__ import annotations

from . import _binding
from ._args import as_int, as_uint_mask, integer, read_buffer
from ._binding import ffi, lib
from ._errors import os_error
from ._platform import native

# Families whose int options are 64-bit (AF_VSOCK's buffer sizes).
_WIDE = native.WIDE_OPTION_FAMILIES
# The fast paths test `family != _WIDE_FAMILY`: a frozenset test costs
# ~20 ns of a ~560 ns call (python -m benchmarks: call_sockopt).  A port
# naming two such families fails here, at import, and must test the set.
(_WIDE_FAMILY,) = _WIDE or (None,)

_new_buffer = ffi.new_allocator(should_clear_after_alloc=False)
_unpack = ffi.unpack
_SOCKLEN_P = ffi.typeof("socklen_t *")
_INT_SIZE = ffi.sizeof("int")
# The common int option in one C call (a C helper in API mode, its Python
# twin in ABI mode).
_sockopt_set_int = _binding.setsockopt_int
_sockopt_get_int = _binding.getsockopt_int
_GETSOCKOPT_FAILED = _binding.GETSOCKOPT_FAILED
_MISSING = object()
_ZERO = 0


class Options:
    """setsockopt, getsockopt."""

    __slots__ = ()

    def setsockopt(self, level: int, optname: int, value, optlen=_MISSING, /) -> None:
        """setsockopt(level, option, value: int)
        setsockopt(level, option, value: buffer)
        setsockopt(level, option, None, optlen: int)

        Set a socket option.  See the Unix manual for level and option.
        The value argument can either be an integer, a string buffer, or
        None, optlen."""
        if optlen is _MISSING and type(value) is int and self._family != _WIDE_FAMILY:
            # The common case in one C call; whatever cffi refuses goes on to
            # the checked path below, which words the error as the stdlib.
            try:
                res = _sockopt_set_int(self._fd, level, optname, value)
            except (TypeError, OverflowError):
                pass
            else:
                if res:  # 0 or -1 (`if res` is ~8 ns less than `res < 0`)
                    raise os_error(ffi.errno)
                return None
        if optlen is not _MISSING:
            # Only (level, option, None, optlen) takes four arguments; any
            # other four-argument call fails as the stdlib words it.
            try:
                if value is not None:
                    raise TypeError
                level, optname, optlen = as_int(level), as_int(optname), as_uint_mask(optlen)
            except (TypeError, OverflowError):
                raise TypeError("setsockopt() takes exactly 3 arguments (4 given)") from None
            res = lib.setsockopt(self._fd, level, optname, ffi.NULL, optlen)
        elif self._family in _WIDE:
            level, optname = as_int(level), as_int(optname)
            cell = ffi.new("unsigned long long *", integer(value) & 0xFFFFFFFFFFFFFFFF)
            res = lib.setsockopt(self._fd, level, optname, cell, 8)
        else:
            level, optname = as_int(level), as_int(optname)
            try:
                number = as_int(value)
            except (TypeError, OverflowError):
                buf = read_buffer(value)
                res = lib.setsockopt(self._fd, level, optname, buf, len(buf))
            else:
                cell = ffi.new("int *", number)
                res = lib.setsockopt(self._fd, level, optname, cell, _INT_SIZE)
        if res < 0:
            raise os_error(ffi.errno)

    def getsockopt(self, level: int, optname: int, buflen: int = 0, /):
        """getsockopt(level, option[, buffersize]) -> value

        Get a socket option.  See the Unix manual for level and option.
        If a nonzero buffersize argument is given, the return value is a
        string of that length; otherwise it is an integer.  Unlike CPython
        (which caps it at 1024 bytes, gh-112740), any buffer size up to
        INT_MAX is accepted."""
        if buflen is _ZERO and self._family != _WIDE_FAMILY:
            # The common case in one C call; whatever cffi refuses goes on to
            # the checked path below, which words the error as the stdlib.
            try:
                value = _sockopt_get_int(self._fd, level, optname)
            except (TypeError, OverflowError):
                pass
            else:
                if value == _GETSOCKOPT_FAILED:
                    raise os_error(ffi.errno)
                return value
        level, optname, buflen = as_int(level), as_int(optname), as_int(buflen)
        if buflen == 0:
            if self._family in _WIDE:
                cell = ffi.new("unsigned long long *")
                size = ffi.new(_SOCKLEN_P, 8)
            else:
                cell = ffi.new("int *")
                size = ffi.new(_SOCKLEN_P, _INT_SIZE)
            if lib.getsockopt(self._fd, level, optname, cell, size) < 0:
                raise os_error(ffi.errno)
            return cell[0]
        if self._family in _WIDE:
            raise OSError("getsockopt string buffer not allowed")
        if buflen < 0:
            raise OSError("getsockopt buflen out of range")
        buf = _new_buffer("char[]", buflen)
        size = ffi.new(_SOCKLEN_P, buflen)
        if lib.getsockopt(self._fd, level, optname, buf, size) < 0:
            raise os_error(ffi.errno)
        return _unpack(buf, min(size[0], buflen))
