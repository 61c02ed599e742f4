"""Argument conversions of the socket methods, with the exception types and
messages of CPython's argument parser (PyArg_Parse formats "i", "n", "I",
"y*", "w*" and the PyLong_As* calls socketmodule.c makes).

This is the one place that turns Python values into C ints, sizes, masks
and buffers.  The hot paths test the common case inline (an exact int in
range, bytes) and only come here when that test fails, so the common case
pays nothing for the stdlib's wording.
"""

from __future__ import annotations

import sys
import warnings
from operator import index as _index

from ._binding import ffi
from ._stdlib_behaviour import init_takes_c_int

INT_MIN, INT_MAX = -0x80000000, 0x7FFFFFFF
LONG_MIN, LONG_MAX = -(1 << 63), (1 << 63) - 1
SSIZE_MAX = (1 << (8 * ffi.sizeof("size_t") - 1)) - 1

if sys.implementation.name == "pypy":
    def _from_buffer(data, require_writable=False):
        # PyPy's cffi copies a non-contiguous memoryview instead of refusing
        # it: refuse it here, as CPython's buffer protocol does.
        if type(data) is memoryview and not data.c_contiguous:
            raise BufferError("memoryview: underlying buffer is not C-contiguous")
        return ffi.from_buffer(data, require_writable=require_writable)

    def from_buffer_as(cdecl, data, require_writable=False):
        """ffi.from_buffer(cdecl, data, require_writable), checked as above."""
        if type(data) is memoryview and not data.c_contiguous:
            raise BufferError("memoryview: underlying buffer is not C-contiguous")
        return ffi.from_buffer(cdecl, data, require_writable)
else:
    _from_buffer = ffi.from_buffer
    # All positional, for the hot paths: a keyword argument doubles the cost
    # of cffi's call (120 -> 260 ns on CPython 3.11).
    from_buffer_as = ffi.from_buffer

from_buffer = _from_buffer  # the hot paths' first try


class _OwnConversions(int):
    """An int subclass whose own conversions lie: a plain-int converter
    must give the int value without calling any of them (PyArg "i" reads
    the value)."""

    def __index__(self):
        return -2

    def __int__(self):
        return -3

    def __add__(self, other):
        return -4


def _plain_int_converter():
    """An int subclass's value (an IntEnum member such as AF_INET) as a
    plain int, by the cheapest converter that gives exactly that here.
    operator.index does from Python 3.10 on, for a third of int.__index__'s
    cost (a builtin's fast call, not a slot wrapper: 180 against 600
    instructions, callgrind); 3.9's hands back the member itself, and
    PyPy's int.__index__ calls the subclass's own __int__."""
    probe = _OwnConversions(1)
    for convert in (_index, int.__index__, lambda value: int.__add__(value, 0)):
        try:
            value = convert(probe)
        except Exception:  # noqa: BLE001 - a converter that fails is not the one
            continue
        if type(value) is int and value == 1:
            return convert
    raise ImportError("no way to read an int subclass's value")  # (no known interpreter)


plain_int = _plain_int_converter()

# operator.index's acceptance, its result a plain int (where __index__
# itself hands back an int subclass, on 3.9 and PyPy, its value).
exact_index = _index if plain_int is _index else (lambda value: plain_int(_index(value)))


if sys.version_info >= (3, 10):
    def integer(value) -> int:
        """PyLong_AsLong's acceptance: operator.index, whose TypeError reads
        as the stdlib's ("'str' object cannot be interpreted as an
        integer")."""
        return value if type(value) is int else _index(value)

    index = integer
else:
    def integer(value) -> int:
        """Python 3.9's PyLong_AsLong behind PyArg "i": floats refused up
        front, then __index__, then __int__ with a DeprecationWarning."""
        if type(value) is int:
            return value
        if isinstance(value, float):
            raise TypeError("integer argument expected, got float")
        try:
            # 3.9's __index__ hands back an int subclass as itself; C reads
            # its value (a subclass's own __eq__ must not decide compares)
            return plain_int(_index(value))
        except TypeError:
            pass
        name = type(value).__name__
        if hasattr(type(value), "__int__"):
            warnings.warn(f"an integer is required (got type {name}).  Implicit conversion "
                          "to integers using __int__ is deprecated, and may be removed in a "
                          "future version of Python.", DeprecationWarning, stacklevel=3)
            return int(value)
        raise TypeError(f"an integer is required (got type {name})")

    def index(value) -> int:
        """Python 3.9's PyArg "n": floats refused, then __index__."""
        if type(value) is int:
            return value
        if isinstance(value, float):
            raise TypeError("integer argument expected, got float")
        return plain_int(_index(value))


def as_long(value) -> int:
    """PyLong_AsLong."""
    value = integer(value)
    if not LONG_MIN <= value <= LONG_MAX:
        raise OverflowError("Python int too large to convert to C long")
    return value


def as_int(value) -> int:
    """PyArg_Parse "i": a C int, range-checked in two steps as CPython does."""
    value = as_long(value)
    if value > INT_MAX:
        raise OverflowError("signed integer is greater than maximum")
    if value < INT_MIN:
        raise OverflowError("signed integer is less than minimum")
    return value


def as_c_int(value) -> int:
    """PyLong_AsInt (argument clinic's `int`)."""
    value = integer(value)
    if not INT_MIN <= value <= INT_MAX:
        raise OverflowError("Python int too large to convert to C int")
    return value


def as_init_int(value) -> int:
    """socket(family, type, proto): PyArg "i" up to Python 3.10, Argument
    Clinic's int (PyLong_AsInt) since; the running stdlib tells which."""
    return as_c_int(value) if init_takes_c_int() else as_int(value)


def as_ssize(value) -> int:
    """PyArg_Parse "n": a Py_ssize_t."""
    value = index(value)
    if not -SSIZE_MAX - 1 <= value <= SSIZE_MAX:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return value


def as_uint_mask(value) -> int:
    """PyArg_Parse "I": an unsigned int, masked (no range check)."""
    return integer(value) & 0xFFFFFFFF


def _type_name(value) -> str:
    return type(value).__name__


def read_buffer(data):
    """PyArg_Parse "y*" / PyObject_GetBuffer(PyBUF_SIMPLE): a contiguous
    bytes-like object as a cffi char[] of its byte length."""
    try:
        return _from_buffer(data)
    except TypeError:
        pass
    _check_buffer(data)
    return _from_buffer(data)  # any other refusal, as cffi says it


def write_buffer(data, method: str):
    """PyArg_Parse "w*": a writable contiguous buffer."""
    try:
        return _from_buffer(data, require_writable=True)
    except (TypeError, BufferError):
        pass
    if not _writable_contiguous(data):
        raise TypeError(f"{method}() argument 1 must be read-write bytes-like "
                        f"object, not {_type_name(data)}")
    return _from_buffer(data, require_writable=True)


def _check_buffer(data) -> None:
    try:
        view = memoryview(data)
    except TypeError:
        raise TypeError(f"a bytes-like object is required, not "
                        f"'{_type_name(data)}'") from None
    with view:
        if not view.c_contiguous:
            raise BufferError("memoryview: underlying buffer is not C-contiguous")


def _writable_contiguous(data) -> bool:
    try:
        view = memoryview(data)
    except TypeError:
        return False
    with view:
        return not view.readonly and view.c_contiguous


# --- the message calls' forms: each failure worded by the caller's message ---

def sequence(value, message: str) -> list:
    """PySequence_Fast: a list or tuple as it is, any other iterable as a
    list; a non-iterable raises TypeError(message)."""
    if type(value) is list or type(value) is tuple:
        return value
    try:
        iterator = iter(value)
    except TypeError:
        raise TypeError(message) from None
    return list(iterator)


def bytes_like(value, message: str):
    """PyArg's 'y*': a C-contiguous bytes-like object, as a char[] cdata."""
    if type(value) is bytes:
        return _from_buffer(value)
    if isinstance(value, str):
        raise TypeError(message)
    if isinstance(value, memoryview) and not value.c_contiguous:
        raise BufferError("memoryview: underlying buffer is not C-contiguous")
    try:
        return _from_buffer(value)
    except (TypeError, BufferError):
        raise TypeError(message) from None


def writable(value, message: str):
    """PyArg's 'w*': a writable C-contiguous buffer, as a char[] cdata."""
    if isinstance(value, (str, bytes)) or (isinstance(value, memoryview) and
                                           (value.readonly or not value.c_contiguous)):
        raise TypeError(message)
    try:
        return _from_buffer(value, require_writable=True)
    except (TypeError, BufferError):
        raise TypeError(message) from None
